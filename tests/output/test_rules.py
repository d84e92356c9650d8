"""The consistency rules (output/rules.py): each fires on an inconsistent record and stays quiet
on a consistent one; the golden records trigger only the findings their printed forms hold."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from declform.layouts import FormFields
from declform.layouts.records import fields_to_record
from declform.output import Amounts, FormRecord, Funding, Indicator, Task, check_record
from tests.conftest import golden_record
from tests.paths import GOLDEN

PROJECT = "000_9acdd438bb5be3a7-1"  # 150/50 万元, cost ≤150/≤50万元, title and year 2026
DEPARTMENT = "department-kexie-2026"  # 418.6 = 388.6 + 30, tasks add up

# Checked by hand against the seed lines: these printed forms really are inconsistent.
GENUINE = {
    # ≤67.68/≤22.56万元 cost targets against 63.42/21.14万元 of funding
    "000_9acdd438bb5be3a7-29": {"cost_indicator_mismatch"},
    # ≤64400元 (6.44万元) cost target against an annual total printed as 0.0365
    "000_9acdd438bb5be3a7-34": {"cost_indicator_mismatch"},
    # 主管部门 and/or 实施单位 printed blank
    "000_9acdd438bb5be3a7-102": {"missing_required_field"},
    "000_9acdd438bb5be3a7-133": {"missing_required_field"},
    "000_9acdd438bb5be3a7-146": {"missing_required_field"},
    "000_9acdd438bb5be3a7-148": {"missing_required_field"},
    "000_9acdd438bb5be3a7-38": {"missing_required_field"},
    "000_9acdd438bb5be3a7-56": {"missing_required_field"},
    "000_9acdd438bb5be3a7-64": {"missing_required_field"},
    "000_9acdd438bb5be3a7-65": {"missing_required_field"},
}
GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def codes(record: FormRecord) -> list[tuple[str, str | None]]:
    return [(w.code, w.where) for w in check_record(record)]


def with_indicator(
    record: FormRecord, index: int, value: str, parsed: dict[str, Any]
) -> FormRecord:
    indicators = list(record.indicators)
    indicators[index] = replace(indicators[index], value=value, parsed=parsed)
    return replace(record, indicators=tuple(indicators))


def money(op: str, number: float, unit: str) -> dict[str, Any]:
    return {"kind": "numeric", "op": op, "number": number, "unit": unit}


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=[p.stem for p in GOLDEN_FILES])
def test_golden_records_trigger_only_their_genuine_findings(path: Path) -> None:
    record = FormRecord.from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert {w.code for w in check_record(record)} == GENUINE.get(path.stem, set())


def test_consistent_records_get_no_warning() -> None:
    assert check_record(golden_record(PROJECT)) == []
    assert check_record(golden_record(DEPARTMENT)) == []


# ---------------------------------------------------------------- funding sums


@pytest.mark.parametrize(
    "period, amounts, added",
    [
        ("medium_term", Amounts(150.0, 100.0, 40.0), "140"),
        ("annual", Amounts(50.0, 30.0, 10.0), "40"),
    ],
)
def test_funding_total_must_be_fiscal_plus_other(period: str, amounts: Amounts, added: str) -> None:
    record = golden_record(PROJECT)  # totals: medium 150, annual 50
    broken = replace(record, funding=replace(record.funding, **{period: amounts}))
    (warning,) = check_record(broken)
    assert (warning.code, warning.where) == ("funding_sum_mismatch", f"funding.{period}")
    assert f"(= {added})" in warning.message


def test_funding_sums_allow_rounding_to_printed_precision() -> None:
    record = golden_record(PROJECT)
    rounded = replace(record, funding=Funding(annual=Amounts(529.17, 529.17474, None)))
    off = replace(record, funding=Funding(annual=Amounts(529.17, 529.27, None)))
    assert "funding_sum_mismatch" not in {w.code for w in check_record(rounded)}
    assert ("funding_sum_mismatch", "funding.annual") in codes(off)


def test_department_task_total_must_be_fiscal_plus_transfer() -> None:
    record = golden_record(DEPARTMENT)
    tasks = list(record.tasks)
    tasks[1] = Task(tasks[1].category, tasks[1].name, None, 100.0, 60.0, 30.0)
    assert codes(replace(record, tasks=tuple(tasks))) == [("funding_sum_mismatch", "tasks[1]")]


# ---------------------------------------------------------------- annual ≤ medium term


def test_annual_total_may_not_exceed_the_medium_term_total() -> None:
    record = golden_record(PROJECT)  # medium 150, annual 50
    funding = Funding(medium_term=Amounts(150.0, 150.0, None), annual=Amounts(200.0, 200.0, None))
    assert ("annual_exceeds_medium_term", "funding.annual.total") in codes(
        replace(record, funding=funding)
    )
    equal = Funding(medium_term=Amounts(150.0, 150.0, None), annual=Amounts(150.0, 150.0, None))
    assert "annual_exceeds_medium_term" not in {c for c, _ in codes(replace(record, funding=equal))}


# ---------------------------------------------------------------- 成本指标 against the funding


def _cost_index(record: FormRecord, period: str) -> int:
    return next(
        i for i, ind in enumerate(record.indicators)
        if ind.period == period and ind.level1 == "成本指标"
    )  # fmt: skip


def test_cost_indicator_above_the_funding_total_warns() -> None:
    record = golden_record(PROJECT)  # medium total 150 万元
    index = _cost_index(record, "medium_term")
    over = with_indicator(record, index, "≤160万元", money("<=", 160, "万元"))
    assert codes(over) == [("cost_indicator_mismatch", f"indicators[{index}]")]
    assert "160" in check_record(over)[0].message and "150" in check_record(over)[0].message


def test_cost_indicator_in_yuan_is_converted_to_wan_yuan() -> None:
    record = golden_record(PROJECT)  # annual total 50 万元
    index = _cost_index(record, "annual")
    over = with_indicator(record, index, "≤510000元", money("<=", 510000, "元"))
    within = with_indicator(record, index, "≤500000元", money("<=", 500000, "元"))
    assert codes(over) == [("cost_indicator_mismatch", f"indicators[{index}]")]
    assert check_record(within) == []


def test_cost_rule_is_conservative() -> None:
    record = golden_record(PROJECT)
    index = _cost_index(record, "annual")
    per_unit = with_indicator(record, index, "≤6000元/年", money("<=", 6000, "元/年"))
    rounded = with_indicator(record, index, "≤50.4万元", money("<=", 50.4, "万元"))  # total 50
    assert check_record(per_unit) == []  # not an amount of the budget
    assert check_record(replace(rounded, funding=Funding(annual=Amounts(50.37, 50.37, None)))) == []
    unknown_total = replace(
        with_indicator(record, index, "≤900万元", money("<=", 900, "万元")),
        funding=replace(record.funding, annual=Amounts(None, 50.0, None)),
    )
    assert "cost_indicator_mismatch" not in {c for c, _ in codes(unknown_total)}


# ---------------------------------------------------------------- percentages


@pytest.mark.parametrize(
    "value, parsed",
    [
        ("≥120%", {"kind": "numeric", "op": ">=", "number": 120, "unit": "%"}),
        ("-5%", {"kind": "numeric", "op": "=", "number": -5, "unit": "%"}),
        ("90%-105%", {"kind": "numeric", "op": "between", "min": 90, "max": 105, "unit": "%"}),
    ],
)
def test_percentages_outside_0_to_100_warn(value: str, parsed: dict[str, Any]) -> None:
    record = golden_record(PROJECT)
    assert codes(with_indicator(record, 3, value, parsed)) == [
        ("percent_out_of_range", "indicators[3]")
    ]


def test_percentages_inside_0_to_100_do_not_warn() -> None:
    between = {"kind": "numeric", "op": "between", "min": 0, "max": 100, "unit": "%"}
    assert check_record(with_indicator(golden_record(PROJECT), 3, "0-100%", between)) == []


# ---------------------------------------------------------------- fiscal year


def test_title_year_must_be_the_fiscal_year() -> None:
    record = replace(golden_record(PROJECT), fiscal_year=2025)  # title says 2026
    assert codes(record) == [("fiscal_year_mismatch", "title")]
    spanning = replace(record, title="拉萨经开区2025-2027年项目支出绩效目标申报表")
    assert check_record(spanning) == []


@pytest.mark.parametrize("goal", ["完成2025年度禁毒宣传工作", "确保2027年底前完成采购"])
def test_annual_goal_about_another_year_warns(goal: str) -> None:
    record = golden_record(PROJECT)
    record = replace(record, goals=replace(record.goals, annual=goal))
    assert codes(record) == [("fiscal_year_mismatch", "goals.annual")]


@pytest.mark.parametrize(
    "goal",
    ["确保2026年及后期系统顺利通畅", "2022年认定备案市级工程技术研究中心", "2026年-2028年完成建设"],
)
def test_annual_goal_with_context_years_does_not_warn(goal: str) -> None:
    record = golden_record(PROJECT)
    assert check_record(replace(record, goals=replace(record.goals, annual=goal))) == []


# ---------------------------------------------------------------- required fields


def text(value: str) -> dict[str, Any]:
    return {"kind": "text", "text": value}


@pytest.mark.parametrize("value", ["S200", "2026年12月31月日", "95%%", "≥1O0人"])
def test_a_figure_that_follows_no_value_shape_warns(value: str) -> None:
    record = with_indicator(golden_record(PROJECT), 2, value, text(value))
    assert codes(record) == [("value_grammar", "indicators[2]")]


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("≥95%", {"kind": "numeric", "op": ">=", "number": 95.0, "unit": "%"}),
        ("2021年初次认定的企业", text("2021年初次认定的企业")),  # a phrase
        ("同比下降≥10%", text("同比下降≥10%")),
        ("提高", {"kind": "qualitative", "direction": "increase", "text": "提高"}),
    ],
)
def test_values_in_shape_or_phrases_do_not_warn(value: str, parsed: dict[str, Any]) -> None:
    assert check_record(with_indicator(golden_record(PROJECT), 2, value, parsed)) == []


def test_missing_required_fields_are_named() -> None:
    record = golden_record(PROJECT)
    record = replace(record, project=replace(record.project, name=None), indicators=())
    assert codes(record) == [
        ("missing_required_field", "project.name"),
        ("missing_required_field", "indicators"),
    ]


def test_department_forms_need_no_project_name() -> None:
    record = golden_record(DEPARTMENT)
    assert record.project.name is None and check_record(record) == []
    blank = replace(record, project=replace(record.project, competent_department=None))
    assert codes(blank) == [("missing_required_field", "project.competent_department")]


# ---------------------------------------------------------------- the pipeline step


def test_fields_to_record_appends_the_rule_warnings() -> None:
    record = golden_record(PROJECT)
    indicators: tuple[Indicator, ...] = record.indicators
    fields = FormFields(
        layout_id="project_medium_annual",
        form_type="project",
        title=record.title,
        fiscal_year=record.fiscal_year,
        project=replace(record.project, implementing_unit=None),
        filler=record.filler,
        funding=record.funding,
        goals=record.goals,
        indicators=indicators,
        tasks=(),
        warnings=(),
        grids=(),
    )
    built = fields_to_record(fields, "a.pdf", "0" * 64)
    assert [(w.code, w.where) for w in built.warnings] == [
        ("missing_required_field", "project.implementing_unit")
    ]
