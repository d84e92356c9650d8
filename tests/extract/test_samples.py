"""The bundled samples (what `make demo` extracts) come out exactly as their golden records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declform.extract import extract_file
from scripts.corpus.make_samples import SAMPLES, SCANS
from tests.paths import REPO
from tests.scripts.seeds.test_round_trip import comparable


@pytest.mark.parametrize(("name", "goldens", "font"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_sample_extracts_to_its_golden_records(name: str, goldens: tuple[str, ...], font: str) -> None:
    result = extract_file(REPO / "samples" / name)
    assert result.ok, result.pages
    assert len(result.records) == len(goldens)
    for record, stem in zip(result.records, goldens, strict=True):
        expected = json.loads((REPO / "tests" / "golden" / f"{stem}.json").read_text(encoding="utf-8"))
        assert comparable(record.to_dict()) == comparable(expected)


@pytest.mark.tesseract  # the turned page is read through the scan path (live OCR)
def test_a_page_turned_by_rotate_reads_as_the_upright_form(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = REPO / "samples" / "jingkaiqu-2026-project.pdf"  # landscape, two pages
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page.rotate(90))
    turned = tmp_path / "turned.pdf"
    with turned.open("wb") as stream:
        writer.write(stream)
    upright = extract_file(source).records[0]
    result = extract_file(turned)
    assert result.ok and len(result.records) == 1
    record = result.records[0]
    assert "page_rotated" in {w.code for w in record.warnings}
    assert record.project == upright.project
    assert record.funding == upright.funding
    assert [i.name for i in record.indicators] == [i.name for i in upright.indicators]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "profile", "document", "quality"), SCANS, ids=[s[0] for s in SCANS])
def test_the_scanned_samples_read_as_their_golden_form(
    name: str, profile: str, document: str, quality: int
) -> None:
    # a stamped office scan and a phone photo of golden form 000_9acdd438bb5be3a7-84
    result = extract_file(REPO / "samples" / name)
    [record] = result.records
    golden = json.loads((REPO / "tests" / "golden" / "000_9acdd438bb5be3a7-84.json").read_text(encoding="utf-8"))
    assert record.project.name == golden["project"]["name"]
    assert record.funding.annual.total == golden["funding"]["annual"]["total"]
    read = [(i.name, i.value) for i in record.indicators]
    truth = [(i["name"], i["value"]) for i in golden["indicators"]]
    assert len(read) == len(truth) and sum(a == b for a, b in zip(read, truth, strict=True)) >= len(truth) - 1
