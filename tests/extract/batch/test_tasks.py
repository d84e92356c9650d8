"""Page tasks: reading a file page by page gives what reading it whole gives, page reads
survive the manifest's JSON, and no exception escapes a page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from declform.extract.batch.page_codec import page_read_from_json, page_read_to_json
from declform.extract.batch.tasks import (
    Assembled,
    AssembleTask,
    PageCount,
    PageTask,
    ProbeTask,
    TaskFailure,
    execute,
)
from declform.extract.pipeline import Extractor, PageRead, assemble, extract_file
from declform.layouts.grid import BBox, TextLine
from declform.output.codes import ExitCode
from declform.output.json_writer import record_json
from tests.extract.batch.kit import SAMPLES

MULTI = SAMPLES / "batch-three-forms.pdf"


def test_pages_read_one_by_one_assemble_into_the_whole_file_result() -> None:
    extractor = Extractor()
    count = execute(ProbeTask(str(MULTI), "rapidocr"), extractor)
    assert isinstance(count, PageCount) and count.pages == 4
    reads = [extractor.read_page(MULTI, n) for n in range(1, 5)]
    whole = extract_file(MULTI)
    assert assemble(MULTI, whole.records[0].source.sha256, reads) == whole


def test_assembly_gives_each_path_its_validated_records() -> None:
    extractor = Extractor()
    reads = tuple(extractor.read_page(MULTI, n) for n in range(1, 5))
    whole = extract_file(MULTI)
    sha256 = whole.records[0].source.sha256
    result = execute(AssembleTask(str(MULTI), sha256, reads, also=("copy.pdf",)), extractor)
    assert isinstance(result, Assembled)
    first, copy = result.files
    # each path's records: the one-file API's, naming the other path with the same bytes
    assert first.records == tuple(
        record_json(replace(r, source=replace(r.source, same_bytes=("copy.pdf",))))
        for r in whole.records
    )
    assert first.pages == copy.pages == whole.pages
    assert all('"path": "copy.pdf"' in text for text in copy.records)
    assert all(f'"same_bytes": [\n      "{MULTI}"' in text for text in copy.records)


def test_a_page_read_survives_its_json_form_exactly() -> None:
    read = Extractor().read_page(MULTI, 1)
    assert read.grids and read.failure is None
    assert page_read_from_json(page_read_to_json(read)) == read


def test_a_scanned_lines_next_readings_survive_its_json_form() -> None:
    read = Extractor().read_page(MULTI, 1)
    line = TextLine("(2028年度)", BBox(10.0, 20.0, 300.0, 40.0), 0.9, 1, ("(2026年度)",))
    scanned = replace(read, grids=(replace(read.grids[0], free_text=(line,), ocr=True),))
    assert page_read_from_json(page_read_to_json(scanned)) == scanned


def test_a_file_that_cannot_be_opened_fails_its_probe(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = execute(ProbeTask(str(empty), "rapidocr"), Extractor())
    assert isinstance(result, TaskFailure) and result.exit_code == ExitCode.INPUT
    assert "file is empty" in result.reason


def test_a_page_beyond_the_end_fails_that_page() -> None:
    read = execute(PageTask(str(MULTI), 9, "rapidocr"), Extractor())
    assert isinstance(read, PageRead)
    assert read.failure is not None and "no page 9" in read.failure


def test_an_unexpected_error_on_an_image_page_fails_the_page_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "scan.png"
    cv2.imwrite(str(image), np.full((300, 200), 255, np.uint8))

    def broken(*_: object) -> None:
        raise ZeroDivisionError("inside the engine")

    monkeypatch.setattr("declform.extract.scan.page.scan_page", broken)
    result = extract_file(image)
    assert result.error is None
    (page,) = result.pages
    assert page.status == "failed" and page.reason is not None and "ZeroDivisionError" in page.reason
