"""The pipeline for one input file: load → grid (vector or scan) → layout → record.

Every page gets an outcome (form, continuation, not a form, failed with the reason), so a batch
can account for each page; errors that stop a whole file are returned, never raised.
A file is read page by page (`Extractor.read_page`, what a batch runs in parallel workers)
and its pages are then assembled into forms (`assemble`), since a form may continue onto
the next page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pdfplumber.page

from declform.extract.pdf_page import born_digital_grids, render_page
from declform.extract.sources.images import (
    PageImage,
    image_page_count,
    read_image_file,
    read_image_page,
)
from declform.extract.sources.pdf import (
    IMAGE_SUFFIXES,
    OFD_SUFFIXES,
    file_sha256,
    open_pdf,
    shared_pdf,
)
from declform.extract.sources.spreadsheet import SPREADSHEET_SUFFIXES, sheet_count, sheet_grids
from declform.extract.sources.word import WORD_SUFFIXES, table_count, table_grids
from declform.extract.timing import recording, stage
from declform.layouts import Grid, LayoutMatch, identify, read_form, why_not_a_form
from declform.layouts.forms import group_forms
from declform.layouts.records import fields_to_record
from declform.output import FormRecord, RecordWarning
from declform.output.errors import DeclformError, InputError, describe
from declform.output.record import PageTransform

if TYPE_CHECKING:
    from declform.extract.ocr import OcrEngine

log = logging.getLogger(__name__)
PageStatus = Literal["form", "continuation", "not_a_form", "failed"]


@dataclass(frozen=True)
class PageOutcome:
    page: int
    status: PageStatus
    reason: str | None = None


@dataclass(frozen=True)
class FileResult:
    path: Path
    records: tuple[FormRecord, ...]
    pages: tuple[PageOutcome, ...]
    error: DeclformError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and all(p.status != "failed" for p in self.pages)


@dataclass(frozen=True)
class PageRead:
    """What one page gave: its grids and doubts, or why it could not be read."""

    page: int
    grids: tuple[Grid, ...] = ()
    warnings: tuple[RecordWarning, ...] = ()
    failure: str | None = None
    transform: PageTransform | None = None  # a scanned page's: where its cell boxes lie


class Extractor:
    """Extracts files; builds the OCR engine once, on the first scanned page it meets."""

    def __init__(self, engine: str = "rapidocr", ocr: OcrEngine | None = None) -> None:
        self.engine_name = engine
        self._ocr = ocr

    @property
    def ocr(self) -> OcrEngine:
        if self._ocr is None:
            from declform.extract.ocr import build_engine

            self._ocr = build_engine(self.engine_name)
        return self._ocr

    def _scan(self, image: PageImage) -> PageRead:
        from declform.extract.scan.page import scan_page

        try:
            scanned = scan_page(image, self.ocr)
        except Exception as exc:  # a broken page must not lose the rest of the file
            return _failed(image.page, exc)
        return PageRead(image.page, scanned.grids, scanned.warnings, transform=scanned.transform)

    def _pdf_page(self, page: pdfplumber.page.Page, number: int, path: Path) -> PageRead:
        try:
            with stage("load"):
                grids = born_digital_grids(page, number)
                image = None if grids is not None else render_page(page, number, path)
            if image is None:
                return PageRead(number, tuple(grids or ()))
            return self._scan(image)
        except Exception as exc:  # a broken page must not lose the rest of the file
            return _failed(number, exc)
        finally:
            page.close()

    def _pdf_pages(self, path: Path) -> Iterator[PageRead]:
        with open_pdf(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                yield self._pdf_page(page, number, path)

    def _image_pages(self, path: Path) -> Iterator[PageRead]:
        for image in read_image_file(path):
            yield self._scan(image)

    def page_count(self, path: Path) -> int:
        """Pages in a file; raises DeclformError when the file cannot be opened at all."""
        if _is_image(path):
            return image_page_count(path)
        if _is_tabular(path):
            return _tabular_pages(path)
        if _is_ofd(path):
            from declform.extract.sources.ofd import ofd_page_count  # lxml: for OFD only

            return ofd_page_count(path)
        return len(shared_pdf(path).pages)  # kept open: this worker may read its pages next

    def read_page(self, path: Path, number: int) -> PageRead:
        """One page (1-based) of a file, read on its own; never raises."""
        if not log.isEnabledFor(logging.DEBUG):
            return self._read_page(path, number)
        with recording() as times:
            read = self._read_page(path, number)
        spent = ", ".join(f"{name} {seconds:.2f}" for name, seconds in times.by_stage().items())
        log.debug("%s page %d: %s (CPU s)", path, number, spent)
        return read

    def _read_page(self, path: Path, number: int) -> PageRead:
        try:
            if _is_image(path):
                with stage("load"):
                    image = read_image_page(path, number)
                return self._scan(image)
            if _is_tabular(path):
                with stage("load"):
                    return PageRead(number, tuple(_tabular_grids(path, number)))
            if _is_ofd(path):
                from declform.extract.sources.ofd import read_ofd_page  # lxml: for OFD only

                with stage("load"):
                    ofd = read_ofd_page(path, number)
                if ofd.scan is not None:
                    return self._scan(ofd.scan)
                return PageRead(number, ofd.grids, ofd.warnings)
            pdf = shared_pdf(path)  # opened once per worker, not once per page
            if not 1 <= number <= len(pdf.pages):
                raise InputError(
                    f"no page {number} (the PDF has {len(pdf.pages)})", path=str(path)
                )
            return self._pdf_page(pdf.pages[number - 1], number, path)
        except Exception as exc:  # a hostile file must fail its page, not the worker
            return _failed(number, exc)

    def extract_file(self, path: Path | str) -> FileResult:
        path = Path(path)
        try:
            sha256 = file_sha256(path) if path.is_file() else ""
            if _is_tabular(path) or _is_ofd(path):  # read page by page, as a batch does
                reads = [self.read_page(path, n) for n in range(1, self.page_count(path) + 1)]
            else:
                pages = self._image_pages(path) if _is_image(path) else self._pdf_pages(path)
                reads = list(pages)
        except DeclformError as exc:
            return FileResult(path, (), (), error=exc)
        return assemble(path, sha256, reads)


def _failed(page: int, exc: Exception) -> PageRead:
    """A page that could not be read, with the reason: a DeclformError's own words, else the
    exception described."""
    if isinstance(exc, DeclformError):
        return PageRead(page, failure=str(exc))
    return PageRead(page, failure=f"cannot read page: {describe(exc)}")


def _is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _is_tabular(path: Path) -> bool:
    """A spreadsheet or a Word document: its cells are its own (no grid finding, no OCR)."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES | WORD_SUFFIXES


def _is_ofd(path: Path) -> bool:
    return path.suffix.lower() in OFD_SUFFIXES


def _tabular_pages(path: Path) -> int:
    """A workbook's sheets, a document's tables: the file's pages."""
    return sheet_count(path) if path.suffix.lower() in SPREADSHEET_SUFFIXES else table_count(path)


def _tabular_grids(path: Path, number: int) -> list[Grid]:
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return sheet_grids(path, number)
    return table_grids(path, number)


def assemble(path: Path, sha256: str, reads: Sequence[PageRead]) -> FileResult:
    """Group a file's page reads (in page order) into forms and give every page an outcome."""
    with stage("layout"):
        return _assemble(path, sha256, reads)


def _assemble(path: Path, sha256: str, reads: Sequence[PageRead]) -> FileResult:
    outcomes: dict[int, PageOutcome] = {}
    page_warnings = {read.page: read.warnings for read in reads}
    transforms = [read.transform for read in reads if read.transform is not None]
    identified: list[tuple[Grid, LayoutMatch | None]] = []
    for read in reads:
        if read.failure is not None:
            outcomes[read.page] = PageOutcome(read.page, "failed", read.failure)
        elif not read.grids:
            outcomes[read.page] = PageOutcome(read.page, "not_a_form", "no ruled table on the page")
        identified.extend((grid, identify(grid)) for grid in read.grids)
    groups, strays = group_forms(identified)
    records: list[FormRecord] = []
    for group in groups:
        pages = sorted({grid.page for grid in group.grids})
        extra = [w for page in pages for w in page_warnings.get(page, [])]
        fields = read_form(group.grids, group.match)
        records.append(fields_to_record(fields, str(path), sha256, extra, transforms))
        outcomes.setdefault(pages[0], PageOutcome(pages[0], "form", group.match.incomplete))
        for page in pages[1:]:
            outcomes.setdefault(page, PageOutcome(page, "continuation"))
    for stray in strays:
        page = stray.grid.page
        outcomes.setdefault(page, PageOutcome(page, "not_a_form", why_not_a_form(stray.grid)))
    return FileResult(path, tuple(records), tuple(outcomes[n] for n in sorted(outcomes)))


_DEFAULT = Extractor()


def extract_file(path: Path | str, extractor: Extractor | None = None) -> FileResult:
    """Every form in one input file as records (see `Extractor.extract_file`)."""
    return (extractor or _DEFAULT).extract_file(path)
