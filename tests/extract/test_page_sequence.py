"""A sequence of page files read as one document by the pipeline: pages numbered through the
files, continuation pages joining the form of an earlier file, each page's file named."""

from __future__ import annotations

from pathlib import Path

from declform.extract.page_sequence import read_sequence, renumbered
from declform.extract.pipeline import PageRead
from declform.output.record import PageTransform, RecordWarning
from tests.extract.page_files import PdfPagesAsImages, page_images
from tests.paths import REPO

TWO_PAGES = REPO / "samples" / "jingkaiqu-2026-project.pdf"
ONE_PAGE = REPO / "samples" / "department-2023.pdf"


def _read(tmp_path: Path, pages: dict[str, tuple[Path, int]]):  # type: ignore[no-untyped-def]
    page_images(tmp_path, pages)
    return read_sequence(PdfPagesAsImages(pages), [tmp_path / name for name in pages],
                         str(tmp_path / "scan_{n}.png"), "a" * 64)


def test_a_continuation_file_joins_with_both_files_named(tmp_path: Path) -> None:
    result = _read(tmp_path, {"scan_1.png": (TWO_PAGES, 1), "scan_2.png": (TWO_PAGES, 2)})
    (record,) = result.records
    assert len(record.indicators) == 22 and record.source.pages == (1, 2)
    assert [Path(f.path).name for f in record.source.files] == ["scan_1.png", "scan_2.png"]
    assert [(p.page, p.status, p.reason) for p in result.pages] == [
        (1, "form", None), (2, "continuation", "continues the form of scan_1.png")]
    cell_pages = {cell.page for cell in record.cells}
    assert cell_pages == {1, 2}  # every provenance cell names a page of the sequence


def test_forms_on_their_own_pages_stay_apart_and_an_orphan_is_named(tmp_path: Path) -> None:
    result = _read(tmp_path, {"scan_1.png": (TWO_PAGES, 2), "scan_2.png": (ONE_PAGE, 1),
                              "scan_3.png": (ONE_PAGE, 1)})
    assert [r.source.pages for r in result.records] == [(2,), (3,)]
    orphan = result.pages[0]
    assert orphan.status == "not_a_form" and orphan.reason is not None
    assert orphan.reason.startswith("scan_1.png continues no form: none begins before it in "
                                    "the page sequence scan_{n}.png")


def test_a_read_renumbered_moves_every_page_number() -> None:
    from declform.layouts.grid import BBox, Cell, Grid, TextLine

    box = BBox(0, 0, 1, 1)
    grid = Grid(1, 1, 1, (Cell(0, 0, 1, 1, box, "x", page=1),), box,
                free_text=(TextLine("t", box, page=1),))
    read = PageRead(1, (grid,), (RecordWarning("c", "m", page=1),),
                    transform=PageTransform(1, 0, 0.0, None))
    moved = renumbered(read, 4)
    assert moved.page == moved.grids[0].page == moved.grids[0].cells[0].page == 4
    assert moved.grids[0].free_text[0].page == moved.warnings[0].page == 4
    assert moved.transform is not None and moved.transform.page == 4
