"""The variant layout generator: drawn deterministically, every degree of freedom varies,
the truth is a valid record, and the born-digital PDF prints what the truth says."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from declform.output.validate import schema_errors
from scripts.corpus.truth import TruthForm, load_golden
from scripts.render.form import render_variant
from scripts.render.variant_plan import build_variant_table, printed_amount
from scripts.render.variant_truth import (
    PrintedValue,
    printed_title,
    printed_value,
    split_value,
    styled_value,
    variant_truth,
    weight_and_note,
)
from scripts.render.variants import DEGREES, VariantSpec, draw_spec
from tests.paths import GOLDEN

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
pytestmark = pytest.mark.skipif(
    not FONT.exists() or not any(GOLDEN.glob("*.json")),
    reason="CJK font (scripts/bootstrap.sh) or golden records missing",
)


@pytest.fixture(scope="module")
def pool() -> list[TruthForm]:
    return [form for form in load_golden(GOLDEN) if form.form_type == "project"]


def _draws(pool: list[TruthForm], count: int, seed: int) -> list[tuple[TruthForm, VariantSpec]]:
    rng = random.Random(seed)
    return [
        (form, draw_spec(form.record, rng)) for form in (rng.choice(pool) for _ in range(count))
    ]


def _degree(spec: VariantSpec, name: str) -> Any:
    if name == "labels":
        return tuple(sorted(spec.labels.items()))
    if name == "columns":
        return frozenset(spec.columns)
    if name == "column_order":
        return tuple(c for c in spec.columns if c in ("value", "op", "unit"))
    return getattr(spec, name)


def test_same_seed_same_spec_and_same_pdf_bytes(pool: list[TruthForm], tmp_path: Path) -> None:
    first, again = _draws(pool, 5, seed=3), _draws(pool, 5, seed=3)
    assert [s.to_dict() for _, s in first] == [s.to_dict() for _, s in again]
    assert [s.to_dict() for _, s in first] != [s.to_dict() for _, s in _draws(pool, 5, seed=4)]
    form, spec = first[0]
    digests = []
    for name in ("a.pdf", "b.pdf"):
        render_variant(form.record, spec.to_dict(), tmp_path / name)
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    assert VariantSpec.from_dict(spec.to_dict()) == spec


def test_every_degree_of_freedom_varies(pool: list[TruthForm]) -> None:
    draws = _draws(pool, 60, seed=0)
    for name in DEGREES:
        seen = {_degree(spec, name) for _, spec in draws}
        assert len(seen) >= 2, name
    arrangements = {spec.blocks for _, spec in draws}
    assert arrangements == {"side_by_side", "stacked", "annual_only"}
    assert {label for _, s in draws for label in [s.labels["attribute"]]} >= {
        "项目性质",
        "项目类型",
    }
    assert {c for _, s in draws for c in s.columns} >= {"op", "unit", "weight", "note"}
    # every drawn table is whole (every slot covered once) for every arrangement
    for form, spec in draws:
        build_variant_table(form.record, spec)


def test_truth_validates_against_the_schema(pool: list[TruthForm]) -> None:
    for form, spec in _draws(pool, 30, seed=1):
        truth = variant_truth(form.record, spec)
        assert schema_errors(truth) == [], (form.id, spec)
        if spec.blocks == "annual_only":
            assert {row["period"] for row in truth["indicators"]} <= {"annual"}
        if not spec.level1_column:
            assert all(row["level1_raw"] is None for row in truth["indicators"])
        elif spec.level_suffix:
            assert all("类" in row["level1_raw"] for row in truth["indicators"]
                       if row["level1"] in ("产出指标", "效益指标", "满意度指标"))  # fmt: skip


def _spec(**changes: Any) -> VariantSpec:
    rng = random.Random(0)
    record = {"indicators": [], "funding": {}, "goals": {}}
    return VariantSpec(**{**draw_spec(record, rng).__dict__, **changes})


@pytest.mark.parametrize(
    ("value", "parsed", "columns", "cells", "joined"),
    [
        ("≥95%", {"kind": "numeric", "op": ">=", "number": 95, "unit": "%"},
         ("level2", "name", "op", "value", "unit"), ("≥", "95", "%"), "≥95%"),
        ("100%", {"kind": "numeric", "op": "=", "number": 100, "unit": "%"},
         ("level2", "name", "op", "value", "unit"), ("=", "100", "%"), "100%"),
        ("≤150万元", {"kind": "numeric", "op": "<=", "number": 150, "unit": "万元"},
         ("level2", "name", "value", "unit"), ("", "≤150", "万元"), "≤150万元"),
        ("≥98%", {"kind": "numeric", "op": ">=", "number": 98, "unit": "%"},
         ("level2", "name", "value", "op"), ("≥", "98%", ""), "≥98%"),
        ("有所提升", {"kind": "qualitative", "direction": "improve", "text": "有所提升"},
         ("level2", "name", "op", "value", "unit"), ("定性", "有所提升", ""), "有所提升"),
        ("2026年12月底前", {"kind": "deadline", "date": "2026-12-31", "month": 12, "text": "x"},
         ("level2", "name", "op", "value"), ("", "2026年12月底前", ""), "2026年12月底前"),
    ],
)  # fmt: skip
def test_operator_and_unit_columns(
    value: str,
    parsed: Mapping[str, Any],
    columns: tuple[str, ...],
    cells: tuple[str, str, str],
    joined: str,
) -> None:
    printed = printed_value({"value": value, "parsed": parsed}, _spec(columns=columns))
    assert printed == PrintedValue(*cells)
    assert printed.joined() == joined


@pytest.mark.parametrize(
    ("value", "parsed", "style", "printed"),
    [
        ("≥95%", {"kind": "numeric", "op": ">=", "number": 95, "unit": "%"}, "decimals", "≥95.00(%)"),
        ("100%", {"kind": "numeric", "op": "=", "number": 100, "unit": "%"}, "decimals", "=100.00(%)"),
        ("≤150万元", {"kind": "numeric", "op": "<=", "number": 150, "unit": "万元"}, "geqq", "≦150万元"),
        ("100%", {"kind": "numeric", "op": "=", "number": 100, "unit": "%"}, "geqq", "100%"),
        ("有所提升", {"kind": "qualitative", "direction": "improve", "text": "有所提升"}, "decimals", "有所提升"),
    ],
)  # fmt: skip
def test_value_styles(value: str, parsed: Mapping[str, Any], style: str, printed: str) -> None:
    indicator = {"value": value, "parsed": parsed}
    assert styled_value(indicator, style) == printed
    spec = _spec(columns=("level2", "name", "value"), value_style=style)
    assert printed_value(indicator, spec).joined() == printed


def test_printed_amounts() -> None:
    assert printed_amount(123.45, "万元") == "123.45"
    assert printed_amount(123.45, "元") == "1234500.00"
    assert printed_amount(123.45, "元", grouping=True) == "1,234,500.00"
    assert printed_amount(123.45, "千元") == "1234.50"
    assert printed_amount(None, "元") == ""


def test_printed_titles_are_titles_of_the_family() -> None:
    record = {"title": "拉萨综保区2026年项目支出绩效目标申报表"}
    assert printed_title(record, _spec(title_word="目标表")).endswith("项目支出绩效目标表")
    assert printed_title(record, _spec(title_word="填报表")).endswith("绩效目标填报表")
    assert printed_title({"title": "项目申报表"}, _spec(title_word="目标表")) == "项目目标表"


def test_split_refuses_values_that_are_not_one_bound_figure() -> None:
    between = {"kind": "numeric", "op": "between", "min": 90, "max": 95, "unit": "%"}
    assert split_value({"value": "90%-95%", "parsed": between}) is None
    assert split_value({"value": "不低于50%", "parsed": {"kind": "numeric", "op": ">=",
                                                       "number": 50, "unit": "%"}}) is None  # fmt: skip


def _cell_texts(pdf_path: Path) -> list[str]:
    texts = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.extract():
                    texts += [re.sub(r"\s+", "", cell) for cell in row if cell]
            texts += [re.sub(r"\s+", "", line) for line in (page.extract_text() or "").split("\n")]
    return texts


def test_born_digital_pdf_prints_what_the_truth_says(pool: list[TruthForm], tmp_path: Path) -> None:
    draws = _draws(pool, 40, seed=2)
    wanted = [
        next(d for d in draws if d[1].blocks == "side_by_side" and "op" in d[1].columns),
        next(d for d in draws if d[1].blocks == "stacked" and d[1].funding_unit == "元"),
        next(d for d in draws if d[1].blocks == "annual_only" and "unit" in d[1].columns),
    ]
    for number, (form, spec) in enumerate(wanted):
        path = tmp_path / f"{number}.pdf"
        render_variant(form.record, spec.to_dict(), path)
        cells = _cell_texts(path)
        joined = "".join(cells)
        truth = variant_truth(form.record, spec)
        project = truth["project"]
        for text in (project["name"], project["implementing_unit"], project["attribute"]):
            assert text is None or re.sub(r"\s+", "", text) in cells, text
        assert (spec.labels["department"] + ("及代码" if spec.department_code else "")) in cells
        annual = truth["funding"]["annual"]["total"]
        printed = printed_amount(annual, spec.funding_unit, spec.amount_grouping)
        assert annual is None or printed in cells
        if spec.title_place == "inside":
            assert re.sub(r"\s+", "", truth["title"]) in cells
        for row in truth["indicators"]:
            source = next(
                i for i in form.record["indicators"]
                if i["name"] == row["name"] and i["period"] == row["period"]
            )  # fmt: skip
            printed = printed_value(source, spec)
            assert printed.joined() == row["value"]
            assert re.sub(r"\s+", "", row["name"]) in joined
            assert re.sub(r"\s+", "", printed.value) in joined
            for side in (printed.op, printed.unit):
                if side:
                    assert side in cells, (side, row)
        if "weight" in spec.columns:
            printed_rows = [i for i in form.record["indicators"]
                            if spec.blocks != "annual_only" or i["period"] == "annual"]  # fmt: skip
            assert {w for w, _ in weight_and_note(printed_rows)} <= set(cells)
            assert row["level1_raw"] is None or row["level1_raw"] in cells
