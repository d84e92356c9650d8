"""Reading a sequence of page files (scan_001.jpg, scan_002.jpg, …) as one document.

Each file's pages are read as usual and renumbered through the sequence (`renumbered`), then
assembled as one file's pages are (extract/pipeline.py `assemble`), so a page that continues a
form joins the form begun in an earlier file. `assemble_sequence` adds what a sequence needs
on top: every record names the file of each of its pages (`SourceFile`), a continuation page
in another file says whose form it continues, and a table before the sequence's first form is
reported as a continuation with nothing before it (its file named), not passed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from declform.extract.pipeline import Extractor, FileResult, PageOutcome, PageRead, assemble
from declform.extract.sources.pdf import file_sha256
from declform.output.errors import DeclformError
from declform.output.record import SourceFile

CONTINUES = "continues the form of "  # a continuation page's reason, naming the file
_NO_FILE = "0" * 64  # the digest of a file that could not be opened: it gives no record


def renumbered(read: PageRead, page: int) -> PageRead:
    """A page read as page `page` of a longer document: the number of the read, its grids,
    cells, text lines, warnings and transform."""
    if read.page == page:
        return read
    grids = tuple(
        replace(
            grid, page=page,
            cells=tuple(replace(cell, page=page) for cell in grid.cells),
            free_text=tuple(replace(line, page=page) for line in grid.free_text),
        )
        for grid in read.grids
    )  # fmt: skip
    warnings = tuple(w if w.page is None else replace(w, page=page) for w in read.warnings)
    transform = None if read.transform is None else replace(read.transform, page=page)
    return replace(read, page=page, grids=grids, warnings=warnings, transform=transform)


def file_name(file: SourceFile) -> str:
    """A page's file as reports name it: `scan_001.jpg`, `scan.tif page 2`."""
    name = Path(file.path).name
    return name if file.file_page == 1 else f"{name} page {file.file_page}"


def assemble_sequence(
    name: Path, sha256: str, reads: Sequence[PageRead], files: Sequence[SourceFile]
) -> FileResult:
    """The records and page outcomes of a sequence named `name` (digest `sha256`) from its
    page reads, numbered through the sequence; `files`: the file of each page."""
    result = assemble(name, sha256, reads)
    of_page = {f.page: f for f in files}
    records = tuple(
        replace(record, source=replace(record.source, files=tuple(
            of_page[page] for page in record.source.pages if page in of_page)))
        for record in result.records
    )  # fmt: skip
    begins = {page: record.source.pages[0] for record in records for page in record.source.pages}
    first_form = min(begins.values(), default=None)
    tables = {read.page for read in reads if read.grids}
    outcomes = []
    for outcome in result.pages:
        page, reason = outcome.page, outcome.reason
        file, start = of_page.get(page), of_page.get(begins.get(page, page))
        if outcome.status == "continuation" and file and start and file.path != start.path:
            reason = f"{CONTINUES}{file_name(start)}"
        elif outcome.status == "not_a_form" and file and page in tables and (
            first_form is None or page < first_form
        ):
            reason = (f"{file_name(file)} continues no form: none begins before it in the "
                      f"page sequence {name.name} (its first page missing?); {reason}")
        outcomes.append(PageOutcome(page, outcome.status, reason))
    return replace(result, records=records, pages=tuple(outcomes))


def read_sequence(extractor: Extractor, paths: Sequence[Path], name: str, sha256: str
                  ) -> FileResult:  # fmt: skip
    """A sequence of page files read as one document named `name` (with digest `sha256`), in
    this process (a batch reads its pages in workers). A file that cannot be opened counts as
    one failed page."""
    reads: list[PageRead] = []
    files: list[SourceFile] = []
    for path in paths:
        try:
            count, digest = extractor.page_count(path), file_sha256(path)
        except DeclformError as exc:
            reads.append(PageRead(len(reads) + 1, failure=str(exc)))
            files.append(SourceFile(len(reads), str(path), _NO_FILE, 1))
            continue
        for number in range(1, count + 1):
            page = len(reads) + 1
            reads.append(renumbered(extractor.read_page(path, number), page))
            files.append(SourceFile(page, str(path), digest, number))
    return assemble_sequence(Path(name), sha256, reads, files)
