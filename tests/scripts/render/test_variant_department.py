"""Drawn department forms: every budget degree of freedom varies, the block's figures are the
record's funding, and the reader gives that funding back from the born-digital PDF."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from declform.extract.pipeline import extract_file
from scripts.corpus.department import synthesize_departments
from scripts.corpus.truth import TruthForm, load_golden
from scripts.render.form import render_variant
from scripts.render.variant_department import (
    DEPARTMENT_DEGREES,
    DepartmentSpec,
    build_department_table,
    draw_department_spec,
    spec_degrees,
)
from tests.paths import GOLDEN

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
pytestmark = pytest.mark.skipif(
    not FONT.exists() or not any(GOLDEN.glob("*.json")),
    reason="CJK font (scripts/bootstrap.sh) or golden records missing",
)


@pytest.fixture(scope="module")
def department() -> TruthForm:
    [form] = synthesize_departments(load_golden(GOLDEN), 1, seed=3)
    return form


def test_every_budget_degree_varies_and_a_spec_round_trips() -> None:
    rng = random.Random(5)
    specs = [draw_department_spec(rng) for _ in range(40)]
    assert all(count > 1 for count in spec_degrees(specs).values()), spec_degrees(specs)
    assert set(DEPARTMENT_DEGREES) <= set(specs[0].to_dict())
    assert DepartmentSpec.from_dict(specs[0].to_dict()) == specs[0]


def _texts(record: dict, spec: DepartmentSpec) -> set[str]:  # type: ignore[type-arg]
    return {cell.text for cell in build_department_table(record, spec).cells}


def test_the_budget_block_prints_the_records_funding(department: TruthForm) -> None:
    record = dict(department.record)
    annual = record["funding"]["annual"]
    spec = draw_department_spec(random.Random(1))
    for shape in ("matrix", "transposed", "lists"):
        both = DepartmentSpec(**{**spec.to_dict(), "shape": shape, "unit": "万元",
                                 "grouping": False, "kind_total": True, "source_total": True})
        texts = _texts(record, both)
        assert f"{annual['total']:.2f}" in texts and f"{annual['fiscal']:.2f}" in texts, shape
    none = DepartmentSpec(**{**spec.to_dict(), "kind_total": False, "source_total": False,
                             "task_sums": False})
    assert "金额合计" not in _texts(record, none)


@pytest.mark.parametrize("shape", ["matrix", "lists"])
def test_the_reader_gives_the_funding_back(
    department: TruthForm, shape: str, tmp_path: Path
) -> None:
    record = dict(department.record)
    spec = DepartmentSpec(**{**draw_department_spec(random.Random(2)).to_dict(), "shape": shape,
                             "unit": "元", "kind_total": False, "source_total": False,
                             "task_sums": False})
    render_variant(record, spec.to_dict(), tmp_path / "form.pdf")
    [read] = extract_file(tmp_path / "form.pdf").records
    annual = record["funding"]["annual"]
    assert read.form_type == "department"
    assert read.funding.annual.unit == "元"
    for key in ("total", "fiscal", "other"):
        assert getattr(read.funding.annual, key) == pytest.approx(annual[key]), key
    assert len(read.tasks) == len(record["tasks"])  # the table ends without its sums row
