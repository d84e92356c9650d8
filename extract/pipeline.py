"""The pipeline for one input file: load → grid → layout → record, with a per-page account."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from extract.forms import group_forms
from extract.load import IMAGE_SUFFIXES, file_sha256, open_pdf
from extract.records import fields_to_record
from extract.vector_grid import page_to_grids
from layouts import Grid, LayoutMatch, identify, read_form
from output import FormRecord
from output.errors import DeclformError, InputError

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
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None and all(p.status != "failed" for p in self.pages)


def _pdf_page_grids(path: Path) -> tuple[list[Grid], dict[int, PageOutcome]]:
    grids: list[Grid] = []
    outcomes: dict[int, PageOutcome] = {}
    with open_pdf(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                if not page.chars:
                    outcomes[number] = PageOutcome(
                        number,
                        "failed",
                        "no text layer (scanned page); the OCR path is not available yet",
                    )
                    continue
                page_grids = page_to_grids(page, number)
            except DeclformError as exc:
                outcomes[number] = PageOutcome(number, "failed", str(exc))
                continue
            except Exception as exc:  # a broken page must not lose the rest of the file
                outcomes[number] = PageOutcome(number, "failed", f"cannot read page: {exc!r}")
                continue
            finally:
                page.close()
            if not page_grids:
                outcomes[number] = PageOutcome(number, "not_a_form", "no ruled table on the page")
            grids.extend(page_grids)
    return grids, outcomes


def extract_file(path: Path | str) -> FileResult:
    """Every form in one PDF as records; errors that stop the whole file are returned, not
    raised, so a batch never loses other files."""
    path = Path(path)
    try:
        if path.suffix.lower() in IMAGE_SUFFIXES:
            raise InputError(
                "image input needs the OCR path, which is not available yet", path=str(path)
            )
        sha256 = file_sha256(path) if path.is_file() else ""
        grids, outcomes = _pdf_page_grids(path)
    except DeclformError as exc:
        return FileResult(path, (), (), error=exc)

    identified: list[tuple[Grid, LayoutMatch | None]] = [(g, identify(g)) for g in grids]
    groups, strays = group_forms(identified)
    records: list[FormRecord] = []
    for group in groups:
        fields = read_form(group.grids, group.match)
        records.append(fields_to_record(fields, str(path), sha256))
        first_page = group.grids[0].page
        outcomes.setdefault(first_page, PageOutcome(first_page, "form"))
        for grid in group.grids[1:]:
            outcomes.setdefault(grid.page, PageOutcome(grid.page, "continuation"))
    for stray in strays:
        outcomes.setdefault(
            stray.grid.page,
            PageOutcome(stray.grid.page, "not_a_form", "table matches no layout"),
        )
    pages = tuple(outcomes[number] for number in sorted(outcomes))
    return FileResult(path, tuple(records), pages)
