"""The speed command's pieces that need no timing: its inputs and its arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest

from scripts import REPO
from scripts.bench.speed import Run, born_digital_pdf, scanned_inputs

SAMPLE = REPO / "samples" / "jingkaiqu-2026-project.pdf"  # two pages


def _corpus(folder: Path) -> Path:
    entries = [
        {
            "pages": [{"page": 1}],
            "files": {"born_digital": str(SAMPLE), "stamped": {"image": "a.png"}},
        },
        {
            "pages": [{"page": 1}, {"page": 2}],
            "files": {"born_digital": str(SAMPLE), "stamped": {"image": "b.tif"}},
        },
        {
            "pages": [{"page": 1}],
            "files": {"born_digital": str(SAMPLE), "stamped": {"image": "c.png"}},
        },
    ]
    (folder / "manifest.json").write_text(json.dumps(entries), encoding="utf-8")
    return folder


def test_scanned_inputs_are_single_page_scans(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    assert scanned_inputs(corpus, ["stamped"], 5) == [corpus / "a.png", corpus / "c.png"]
    assert scanned_inputs(corpus, ["stamped"], 1) == [corpus / "a.png"]


def test_born_digital_pdf_repeats_the_pages_to_the_count(tmp_path: Path) -> None:
    pdf = born_digital_pdf(_corpus(tmp_path), 7, tmp_path / "born.pdf")
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) == 7
    finally:
        document.close()


def test_pages_per_minute_with_and_without_start_up() -> None:
    run = Run(pages=11, wall=30.0, first=10.0, last=20.0, cpu=44.0, load=(1.0, 1.0, 1.0))
    assert run.pages_per_min == pytest.approx(22.0)
    assert run.steady_pages_per_min == pytest.approx(60.0)  # 10 pages in the 10 s after the first
    assert Run(1, 5.0, 5.0, 5.0, 2.0, (0, 0, 0)).steady_pages_per_min is None
