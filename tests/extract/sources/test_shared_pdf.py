"""A worker opens a PDF once and reads all its pages from it (linear in the page count)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from declform.extract.pipeline import Extractor
from declform.extract.sources import pdf as pdf_module
from tests.extract.batch.kit import SAMPLES


def test_a_pdf_is_opened_once_for_all_its_pages_and_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    real = pdf_module._open

    def counting(path: Path):  # type: ignore[no-untyped-def]
        opened.append(path)
        return real(path)

    monkeypatch.setattr(pdf_module, "_open", counting)
    source = shutil.copyfile(SAMPLES / "batch-three-forms.pdf", tmp_path / "three.pdf")
    extractor = Extractor()
    try:
        pages = extractor.page_count(source)
        reads = [extractor.read_page(source, n) for n in range(1, pages + 1)]
        assert pages > 1 and all(read.failure is None for read in reads)
        assert opened == [source]
        os.utime(source, ns=(0, 0))  # changed on disk (mtime): opened again
        assert extractor.read_page(source, 1).failure is None
        assert opened == [source, source]
    finally:
        pdf_module.release_shared_pdf()
