"""The bundled samples (what `make demo` extracts) come out exactly as their golden records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import extract_file
from scripts.make_samples import SAMPLES
from tests.scripts.test_round_trip import comparable

REPO = Path(__file__).parents[2]


@pytest.mark.parametrize(("name", "goldens", "font"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_sample_extracts_to_its_golden_records(name: str, goldens: tuple[str, ...], font: str) -> None:
    result = extract_file(REPO / "samples" / name)
    assert result.ok, result.pages
    assert len(result.records) == len(goldens)
    for record, stem in zip(result.records, goldens, strict=True):
        expected = json.loads((REPO / "tests" / "golden" / f"{stem}.json").read_text(encoding="utf-8"))
        assert comparable(record.to_dict()) == comparable(expected)
