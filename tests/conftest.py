"""Fixtures shared across the test packages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from declform.extract.ocr import OcrEngine, build_engine
from declform.output.record import FormRecord
from tests.paths import GOLDEN


def golden_record(stem: str) -> FormRecord:
    """One hand-checked record of tests/golden/."""
    return FormRecord.from_dict(json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def golden_records() -> list[FormRecord]:
    """Every hand-checked record of tests/golden/, in file-name order."""
    return [golden_record(path.stem) for path in sorted(GOLDEN.glob("*.json"))]


@pytest.fixture(scope="session")
def rapid_engine() -> Iterator[OcrEngine]:
    """The default OCR engine, loaded once for the whole run (about two seconds each time)."""
    yield build_engine("rapidocr")
