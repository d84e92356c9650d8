"""Rebuilding a record's page frame from its source, and the `declform review` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from declform.extract import extract_file, review_pages
from declform.extract.cli import main
from declform.extract.ocr import OcrReading
from declform.extract.review_pages import SourcePages, page_frame, resolve_source
from declform.extract.scan import orientation, perspective, skew
from declform.extract.scan import page as scan_walk
from declform.extract.scan.page import scan_page
from declform.extract.sources.images import PageImage
from declform.extract.sources.pdf import file_sha256
from declform.output.codes import ExitCode
from declform.output.json_writer import write_record
from declform.output.record import FormRecord, Source
from scripts.render.form import render_record
from tests.extract.scan.askew import turned_and_skewed_scan
from tests.fakes import FakeEngine
from tests.paths import REPO

SAMPLE = REPO / "samples" / "department-2023.pdf"
GOLDEN = REPO / "tests" / "golden" / "003_27ce3556bcc24381-1.json"


@pytest.fixture(scope="module")
def sample_record():  # type: ignore[no-untyped-def]
    (record,) = extract_file(SAMPLE).records
    return record


def test_a_born_digital_page_comes_back_in_the_frame_of_its_cells(sample_record) -> None:  # type: ignore[no-untyped-def]
    frame = page_frame(SAMPLE, 1)
    assert frame.ndim == 3  # rendered in colour, like the pipeline renders it
    height, width = frame.shape[:2]
    assert all(0 <= c.bbox[0] < c.bbox[2] <= width and 0 <= c.bbox[1] < c.bbox[3] <= height
               for c in sample_record.cells)
    # the frame really is the cells' frame: an amount cell holds ink, its inside is no ruling
    (total,) = [c for c in sample_record.cells if c.text == "1606.46"]
    x0, y0, x1, y1 = (int(v) for v in total.bbox)
    inside = frame[y0 + 8 : y1 - 8, x0 + 8 : x1 - 8].min(axis=2)
    assert (inside < 128).mean() > 0.01


def _scan_png(tmp_path: Path, quarter_turns: int) -> Path:
    pdf = tmp_path / "form.pdf"
    render_record(json.loads(GOLDEN.read_text(encoding="utf-8")), pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[0].render(scale=300 / 72).to_pil().convert("RGB")
    document.close()
    png = tmp_path / "scan.png"
    Image.fromarray(np.ascontiguousarray(np.rot90(np.asarray(image), k=quarter_turns))).save(png, dpi=(300, 300))
    return png


def test_a_scan_comes_back_in_the_corrected_frame_the_scan_path_measured(tmp_path: Path) -> None:
    png = _scan_png(tmp_path, quarter_turns=1)
    frame = page_frame(png, 1)
    with Image.open(png) as image:
        bgr = np.asarray(image.convert("RGB"))[:, :, ::-1]
    scanned = scan_page(PageImage(1, np.ascontiguousarray(bgr), 300.0), FakeEngine(default=OcrReading("x", 0.9)))
    assert scanned.rotation  # the turned page was put upright ...
    assert np.array_equal(frame, scanned.image)  # ... and the review sees the same pixels
    assert frame.shape[0] > frame.shape[1]


def test_a_scanned_pdf_page_is_rebuilt_as_a_scan(tmp_path: Path) -> None:
    png = _scan_png(tmp_path, quarter_turns=0)
    pdf = tmp_path / "scanned.pdf"
    with Image.open(png) as image:
        image.save(pdf, resolution=300.0)
    assert page_frame(pdf, 1).ndim == 2  # the grey print layer, not a colour render


def test_missing_or_changed_sources_give_a_notice(tmp_path: Path, sample_record) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    records = tmp_path / "out"
    records.mkdir()
    moved = replace(sample_record, source=replace(sample_record.source, path="gone/department-2023.pdf"))
    frames = SourcePages(records)(moved)
    assert frames.images == {} and frames.notice is not None and "not found" in frames.notice
    copy = tmp_path / "department-2023.pdf"
    shutil.copy(SAMPLE, copy)
    with copy.open("ab") as stream:
        stream.write(b"\n% edited\n")
    edited = replace(sample_record, source=replace(sample_record.source, path=str(copy)))
    frames = SourcePages(records)(edited)
    assert frames.images == {} and frames.notice is not None and "changed" in frames.notice


def test_sources_are_found_relative_to_the_records_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(b"%PDF")
    records = tmp_path / "out"
    records.mkdir()
    assert resolve_source("in/a.pdf", records) == tmp_path / "in" / "a.pdf"  # out/../in
    assert resolve_source(str(tmp_path / "in" / "a.pdf"), records) == tmp_path / "in" / "a.pdf"
    assert resolve_source("in/b.pdf", records) is None


def test_review_command_writes_the_site(tmp_path: Path, sample_record, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    records = tmp_path / "out"
    write_record(replace(sample_record, source=replace(sample_record.source, path=str(SAMPLE))),
                 records / "department-2023.json")
    assert main(["review", str(records)]) == 0
    assert "1 form(s)" in capsys.readouterr().out
    page = (records / "review" / "forms" / "department-2023.html").read_text(encoding="utf-8")
    crops = [name for name in (records / "review" / "img").iterdir() if name.suffix == ".png"]
    assert crops and all(f"../img/{name.name}" in page for name in crops)
    assert main(["review", str(tmp_path / "nowhere")]) == ExitCode.USAGE


def _no_measuring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every detector the scan path measures a page with, and the engine the review would
    build to judge orientation, made to raise: a review that measures again fails."""

    def measured(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the review measured the page again")

    for module, name in ((orientation, "detect_orientation"), (scan_walk, "detect_orientation"),
                         (perspective, "find_table_quad"), (skew, "measure_skew"),
                         (scan_walk, "upright_page"), (review_pages, "_judge")):
        monkeypatch.setattr(module, name, measured)


def test_a_scan_is_rebuilt_through_its_saved_transform_without_measuring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = turned_and_skewed_scan(tmp_path)
    png = tmp_path / "askew.png"
    Image.fromarray(source[:, :, ::-1]).save(png, dpi=(150, 150))
    with Image.open(png) as image:  # the page as the pipeline loads it
        loaded = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    scanned = scan_page(PageImage(1, loaded, 150.0), FakeEngine(default=OcrReading("x", 0.9)))
    cell = max((c for g in scanned.grids for c in g.cells), key=lambda c: c.bbox.width * c.bbox.height)
    _no_measuring(monkeypatch)

    record = FormRecord(Source(str(png), file_sha256(png), (1,)), "project",
                        page_transforms=(scanned.transform,))
    frames = SourcePages(tmp_path)(record)
    assert frames.notice is None
    x0, y0, x1, y1 = (round(v) for v in cell.bbox.as_tuple())
    assert np.array_equal(frames.images[1][y0:y1, x0:x1], scanned.image[y0:y1, x0:x1])
    assert np.array_equal(frames.images[1], scanned.image)
    with pytest.raises(AssertionError, match="measured"):  # the fakes do bite
        page_frame(png, 1)


def test_each_page_of_a_sequence_record_comes_from_its_own_file(tmp_path: Path) -> None:
    """A record of scan_1.png + scan_2.png: page 2's frame (and so its crops) is cut from
    scan_2.png, and a changed file loses only its own page."""
    from declform.output.record import PageTransform, SourceFile

    paths = []
    for number, shade in ((1, 40), (2, 200)):
        path = tmp_path / f"scan_{number}.png"
        Image.new("RGB", (60, 40), (shade, shade, shade)).save(path)
        paths.append(path)
    files = tuple(SourceFile(n, str(p), file_sha256(p), 1) for n, p in enumerate(paths, start=1))
    transforms = tuple(PageTransform(n, 0, 0.0, None, (60, 40)) for n in (1, 2))
    record = FormRecord(Source(str(tmp_path / "scan_{n}.png"), "0" * 64, (1, 2), files=files),
                        "project", page_transforms=transforms)
    frames = SourcePages(tmp_path)(record)
    assert frames.notice is None
    assert np.array_equal(frames.images[2], page_frame(paths[1], 1, transforms[1]))
    assert not np.array_equal(frames.images[1], frames.images[2])
    Image.new("RGB", (60, 40), (90, 90, 90)).save(paths[1])  # changed since extraction
    frames = SourcePages(tmp_path)(record)
    assert set(frames.images) == {1}
    assert frames.notice is not None and "scan_2.png has changed" in frames.notice


def test_a_vector_ofd_page_is_drawn_in_its_cells_frame_for_the_review() -> None:
    """An OFD page has no raster: its rulings and text are drawn in the frame its record's
    cell boxes are measured in, so a crop of a cell shows the cell's ruling and print."""
    ofd = REPO / "tests" / "fixtures" / "ofd" / "lasa-2023-annual-project.ofd"
    [record] = extract_file(ofd).records
    image = page_frame(ofd, 1)
    assert image.ndim == 3 and image.dtype == np.uint8
    name = record.cells[record.provenance["project.name"][0]]
    x0, y0, x1, y1 = (round(v) for v in name.bbox)
    assert image.shape[0] > y1 and image.shape[1] > x1
    crop = image[y0:y1, x0:x1].min(axis=2)
    inside = crop[4:-4, 4:-4]
    assert (inside < 128).any()  # the cell's text is drawn inside it
    assert (crop[:, :3] < 128).mean() > 0.5 or (crop[:3, :] < 128).mean() > 0.5  # a ruling
    blank = image[: max(1, y0 // 4), : max(1, x0 // 4)]
    assert (blank > 250).all()  # paper elsewhere
