"""Consistency rules over one record: the pipeline's "validate" step (record → extra warnings).

Each rule is a pure function with its own warning code; `check_record` runs them all. The rules
check what the printed form says against itself, never against outside knowledge, and stay
quiet when a figure they need is blank — a blank is a different finding (missing_required_field).

- funding_sum_mismatch (where funding.<period>, tasks[i]): 资金总额 ≠ 财政拨款 + 其他资金 (a
  department form: 转移性资金; a task row: 总额 ≠ 财政拨款 + 转移性资金);
- annual_exceeds_medium_term (funding.annual.total): 年度资金总额 > 中期资金总额;
- cost_indicator_mismatch (indicators[i]): a 成本指标 amount in 万元/元 exceeds the 资金总额 of
  its period (annual indicators against the annual total, medium-term against medium-term);
- percent_out_of_range (indicators[i]): an indicator value in % below 0 or above 100;
- fiscal_year_mismatch (title, goals.annual): the title's year, or a year the annual goal
  budgets for ("2025年度", or any later year than the form's), is not the fiscal year;
- missing_required_field (the field's path, or indicators): a field every form of its type
  fills is empty;
- value_grammar (indicators[i]): a short value that is mostly a figure yet follows none of
  the value shapes (≥95%, ≤105万元, 2026年12月前, 5-10天 …): likely misread ("S200" for ≤200).

Amounts agree when they differ by at most half a unit of the least precise figure as stored
("≤675万元" agrees with 674.77; 67.68 does not with 63.42), so rounded targets never warn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from declform.normalize import looks_like_figures
from declform.output.codes import WarningCode
from declform.output.record import Amounts, FormRecord, Indicator, RecordWarning

COST_LEVEL = "成本指标"
COST_LEVEL2 = frozenset({COST_LEVEL, "经济成本指标"})  # social/ecological costs are not money
MONEY_UNITS: Mapping[str, tuple[float, int]] = {  # unit → (factor to 万元, extra decimals)
    "万元": (1.0, 0),
    "万": (1.0, 0),
    "元": (1e-4, 4),
}
PERCENT_UNITS = frozenset({"%", "％"})
_MAX_DECIMALS = 6
_PERIOD_NAMES = {"medium_term": "中期", "annual": "年度"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = r"(?<![\d.])((?:19|20)\d\d)(?!\d)"
# "2026年-2028年", "2026—2028年": a span, not the year the goal budgets for
_YEAR_RANGE = re.compile(_YEAR + r"\s*年?\s*[-—–~～至到]\s*" + _YEAR + r"\s*年?")
_YEAR_OF_BUDGET = re.compile(_YEAR + r"\s*年度")
_YEAR_MENTION = re.compile(_YEAR + r"\s*年")

Rule = Callable[[FormRecord], Iterator[RecordWarning]]


def _decimals(amount: float) -> int:
    text = repr(float(amount))
    if "e" in text:
        return _MAX_DECIMALS
    return min(len(text.partition(".")[2].rstrip("0")), _MAX_DECIMALS)


def _slack(*decimals: int) -> float:
    """Half a unit of the least precise figure: what rounding to printed precision can hide."""
    return 0.5 * 10.0 ** -min(decimals) + 1e-9


def _fmt(amount: float | None) -> str:
    return "blank" if amount is None else f"{amount:.6f}".rstrip("0").rstrip(".")


def _sum_warning(
    total: float | None, parts: Mapping[str, float | None], label: str, where: str
) -> RecordWarning | None:
    known = [amount for amount in parts.values() if amount is not None]
    if total is None or not known:
        return None
    added = sum(known)
    if abs(added - total) <= _slack(*map(_decimals, (total, *known))):
        return None
    terms = " + ".join(f"{name} {_fmt(amount)}" for name, amount in parts.items())
    return RecordWarning(
        WarningCode.FUNDING_SUM_MISMATCH,
        f"{label} {_fmt(total)} ≠ {terms} (= {_fmt(added)})",
        where,
    )


def funding_sums(record: FormRecord) -> Iterator[RecordWarning]:
    other = "转移性资金" if record.form_type == "department" else "其他资金"
    for period in ("medium_term", "annual"):
        amounts: Amounts = getattr(record.funding, period)
        found = _sum_warning(
            amounts.total,
            {"财政拨款": amounts.fiscal, other: amounts.other},
            f"{_PERIOD_NAMES[period]}资金总额",
            f"funding.{period}",
        )
        if found is not None:
            yield found
    for index, task in enumerate(record.tasks):
        found = _sum_warning(
            task.total,
            {"财政拨款": task.fiscal, "转移性资金": task.transfer},
            f"task {task.name or index} 总额",
            f"tasks[{index}]",
        )
        if found is not None:
            yield found


def annual_within_medium_term(record: FormRecord) -> Iterator[RecordWarning]:
    annual, medium = record.funding.annual.total, record.funding.medium_term.total
    if annual is None or medium is None:
        return
    if annual - medium > _slack(_decimals(annual), _decimals(medium)):
        yield RecordWarning(
            WarningCode.ANNUAL_EXCEEDS_MEDIUM_TERM,
            f"年度资金总额 {_fmt(annual)}万元 exceeds the 中期资金总额 {_fmt(medium)}万元",
            "funding.annual.total",
        )


def is_cost_indicator(indicator: Indicator) -> bool:
    return indicator.level1 == COST_LEVEL or indicator.level2 in COST_LEVEL2


def _money(parsed: Mapping[str, Any] | None) -> tuple[float, int] | None:
    """A numeric value in 万元/元 as (万元, decimals of that figure); None for anything else."""
    if not parsed or parsed.get("kind") != "numeric":
        return None
    unit = (parsed.get("unit") or "").replace(" ", "")
    if unit not in MONEY_UNITS:
        return None
    number = parsed["min"] if parsed.get("op") == "between" else parsed["number"]
    factor, extra = MONEY_UNITS[unit]
    return float(number) * factor, _decimals(float(number)) + extra


def cost_indicators(record: FormRecord) -> Iterator[RecordWarning]:
    for index, indicator in enumerate(record.indicators):
        money = _money(indicator.parsed) if is_cost_indicator(indicator) else None
        total: float | None = getattr(record.funding, indicator.period).total
        if money is None or total is None:
            continue
        amount, decimals = money
        if amount - total > _slack(decimals, _decimals(total)):
            yield RecordWarning(
                WarningCode.COST_INDICATOR_MISMATCH,
                f"成本指标 {indicator.name or '(unnamed)'} {indicator.value} = {_fmt(amount)}万元 "
                f"exceeds the {_PERIOD_NAMES[indicator.period]}资金总额 {_fmt(total)}万元",
                f"indicators[{index}]",
            )


def percentages(record: FormRecord) -> Iterator[RecordWarning]:
    for index, indicator in enumerate(record.indicators):
        parsed = indicator.parsed
        if not parsed or parsed.get("kind") != "numeric" or parsed.get("unit") not in PERCENT_UNITS:
            continue
        between = parsed["op"] == "between"
        bounds = (parsed["min"], parsed["max"]) if between else (parsed["number"],)
        if any(not 0 <= number <= 100 for number in bounds):
            yield RecordWarning(
                WarningCode.PERCENT_OUT_OF_RANGE,
                f"{indicator.name or '(unnamed)'} {indicator.value}: a percentage outside 0–100",
                f"indicators[{index}]",
            )


def _years(pattern: re.Pattern[str], text: str) -> set[int]:
    return {int(match[1]) for match in pattern.finditer(text)}


def fiscal_years(record: FormRecord) -> Iterator[RecordWarning]:
    title = (record.title or "").translate(_FULLWIDTH_DIGITS)
    # "2026-2028年" in a title covers the fiscal year as much as "2026年" does
    spans = {int(y) for match in _YEAR_RANGE.finditer(title) for y in match.groups()}
    title_years = spans | _years(_YEAR_MENTION, _YEAR_RANGE.sub(" ", title))
    year = record.fiscal_year
    if year is not None and title_years and year not in title_years:
        printed = ", ".join(map(str, sorted(title_years)))
        yield RecordWarning(
            WarningCode.FISCAL_YEAR_MISMATCH,
            f"the title names {printed}年 but the form's fiscal year is {year}",
            "title",
        )
    if year is None:
        year = min(title_years) if len(title_years) == 1 else None
    if year is None or record.goals.annual is None:
        return
    # Past years are context ("2022年认定…", "2020年以来"); a year the goal budgets for
    # ("2025年度") or a later year than the form's is the goal of another year's form.
    goal = _YEAR_RANGE.sub(" ", record.goals.annual.translate(_FULLWIDTH_DIGITS))
    other = {y for y in _years(_YEAR_OF_BUDGET, goal) if y != year}
    other |= {y for y in _years(_YEAR_MENTION, goal) if y > year}
    if other:
        printed = ", ".join(map(str, sorted(other)))
        yield RecordWarning(
            WarningCode.FISCAL_YEAR_MISMATCH,
            f"the annual goal is about {printed}年 but the form's fiscal year is {year}",
            "goals.annual",
        )


_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "project": (
        "title",
        "fiscal_year",
        "project.name",
        "project.competent_department",
        "project.implementing_unit",
    ),
    "department": ("title", "fiscal_year", "project.competent_department"),
}


def required_fields(record: FormRecord) -> Iterator[RecordWarning]:
    for path in _REQUIRED[record.form_type]:
        value: Any = record
        for part in path.split("."):
            value = getattr(value, part)
        if value is None:
            yield RecordWarning(
                WarningCode.MISSING_REQUIRED_FIELD,
                f"{path} is empty on this {record.form_type} form",
                path,
            )
    if not record.indicators:
        yield RecordWarning(
            WarningCode.MISSING_REQUIRED_FIELD,
            "the form has no indicator (绩效指标) rows",
            "indicators",
        )


def value_grammar(record: FormRecord) -> Iterator[RecordWarning]:
    for index, indicator in enumerate(record.indicators):
        value = indicator.value
        if (
            value is not None
            and looks_like_figures(value)
            and (indicator.parsed or {}).get("kind") == "text"
        ):
            yield RecordWarning(
                WarningCode.VALUE_GRAMMAR,
                f"value {value!r} has a number but follows no value shape (≥95%, ≤105万元, "
                "2026年12月前 …): check it against the form",
                f"indicators[{index}]",
            )


RULES: tuple[Rule, ...] = (
    funding_sums,
    annual_within_medium_term,
    cost_indicators,
    percentages,
    fiscal_years,
    required_fields,
    value_grammar,
)


def check_record(record: FormRecord) -> list[RecordWarning]:
    """Every rule's warnings for one record, in rule order (deterministic)."""
    return [warning for rule in RULES for warning in rule(record)]
