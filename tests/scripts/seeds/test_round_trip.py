"""Every golden record survives record → born-digital PDF → `extract_file` → record unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from declform.extract.pipeline import extract_file
from declform.output.record import FormRecord
from scripts.render.form import render_record
from tests import paths

GOLDEN = sorted(paths.GOLDEN.glob("*.json"))
IGNORED = ("source", "cells", "warnings", "extras", "provenance", "line_provenance",
           "page_transforms")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """What a golden record states: the fields of perfform/1 (the goldens were checked by
    hand in that version; what perfform/2 added is tested where it is read)."""
    upgraded = FormRecord.from_dict(document).to_dict()
    for amounts in upgraded["funding"].values():
        amounts.pop("unit")
    for indicator in upgraded["indicators"]:
        indicator.pop("weight")
        indicator.pop("note")
    return {key: value for key, value in upgraded.items() if key not in IGNORED}


def test_there_are_golden_records() -> None:
    assert len(GOLDEN) >= 25


@pytest.mark.parametrize("golden", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_record_round_trips(golden: Path, tmp_path: Path) -> None:
    expected = json.loads(golden.read_text(encoding="utf-8"))
    font = "serif" if GOLDEN.index(golden) % 2 else "sans"
    pdf = tmp_path / f"{golden.stem}.pdf"
    render_record(expected, pdf, font=font)
    result = extract_file(pdf)
    assert result.error is None and result.ok, result.pages
    (record,) = result.records
    got = record.to_dict()
    assert comparable(got) == comparable(expected)
    assert got["source"]["pages"] == [page.page for page in result.pages]  # long tables continue
    assert got["cells"], "provenance cells are recorded"
    assert_traced(record)


def _texts(path: str, record: FormRecord) -> list[str]:
    """The printed texts a field path must be found in: the value, or for a level its raw."""
    head, _, leaf = path.rpartition(".")
    if head.startswith("indicators["):
        indicator = record.indicators[int(head[len("indicators[") : -1])]
        value = getattr(indicator, f"{leaf}_raw" if leaf in ("level1", "level2") else leaf)
    else:
        value = record.to_dict()
        for key in path.split("."):
            value = value[key]
    if isinstance(value, float):
        return [repr(value), f"{value:.2f}"]
    return [] if value is None else [str(value)]


def assert_traced(record: FormRecord) -> None:
    """Every header field, amount, goal and indicator cell names a cell that prints it."""
    paths = [f"project.{k}" for k in ("name", "implementing_unit", "attribute", "period")]
    paths += [f"goals.{p}" for p in ("medium_term", "annual")]
    paths += [f"funding.{p}.{k}" for p in ("medium_term", "annual") for k in ("total", "fiscal")]
    paths += [f"indicators[{i}].{role}" for i in range(len(record.indicators))
              for role in ("name", "value", "level1", "level2")]
    for path in paths:
        texts = _texts(path, record)
        if not texts:
            continue
        assert path in record.provenance, f"{path} has no cell"
        printed = "".join(record.cells[record.provenance[path][0]].text.split())
        assert any("".join(t.split()) in printed for t in texts), (path, texts, printed)
