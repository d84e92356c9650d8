"""Every golden record survives record → born-digital PDF → `extract_file` → record unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from declform.extract.pipeline import extract_file
from scripts.render.form import render_record
from tests import paths

GOLDEN = sorted(paths.GOLDEN.glob("*.json"))
IGNORED = ("source", "cells", "warnings")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in IGNORED}


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
