"""Word documents (.docx): each table as one Grid, merged cells as spans, the paragraphs printed
above it as its free text (the title, 年度, 填报单位 lines).

Offices hand these forms out as Word files as often as PDFs. Like a spreadsheet, a .docx needs
no grid finding and no OCR: its cells are the document's own (a cell merged across columns is
one `w:tc` with a grid span; one merged down rows repeats as `vMerge` continuations, which
python-docx resolves to the same cell). A table is a "page" of the file; boxes are synthesised
from the column widths at `dpi` so that its cells have page-pixel boxes like every other source's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from declform.layouts.grid import BBox, Cell, Grid, TextLine
from declform.output.errors import InputError

WORD_SUFFIXES = frozenset({".docx"})
_EMU_PER_INCH = 914_400
_DEFAULT_COLUMN_INCHES = 1.2
_ROW_PT = 24.0  # rows are as tall as their text: one line of 10.5–12 pt print and padding
_LINE_PT = 18.0  # a paragraph above the table


def _open(path: Path) -> Any:
    import docx  # python-docx: only for Word inputs
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"not a readable .docx document ({type(exc).__name__})", path=str(path)
        ) from exc


def table_count(path: Path) -> int:
    return len(_open(path).tables)


def _paragraphs_before(document: Any, table: Any) -> list[str]:
    """The body's non-empty paragraphs between the previous table (or the start) and `table`."""
    texts: list[str] = []
    for block in document.element.body.iterchildren():
        if block is table._tbl:
            return texts
        if block.tag.endswith("}tbl"):
            texts = []
        elif block.tag.endswith("}p"):
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            if text.strip():
                texts.append(text.strip())
    return texts


def _spans(table: Any) -> dict[int, tuple[int, int, int, int, Any]]:
    """Each distinct cell (by its XML element) → (first row, first col, last row, last col,
    cell)."""
    found: dict[int, tuple[int, int, int, int, Any]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            key = id(cell._tc)
            if key in found:
                r0, c0, _, _, first = found[key]
                found[key] = (r0, c0, r, max(c, found[key][3]), first)
            else:
                found[key] = (r, c, r, c, cell)
    return found


def table_grid(document: Any, number: int, dpi: float = 300.0) -> Grid:
    """Table `number` (1-based) of the document as the grid of page `number`."""
    table = document.tables[number - 1]
    columns = max((len(row.cells) for row in table.rows), default=0)
    widths = []
    for column in range(columns):
        emu = table.columns[column].width if column < len(table.columns) else None
        inches = emu / _EMU_PER_INCH if emu else _DEFAULT_COLUMN_INCHES
        widths.append(inches * dpi)
    above = _paragraphs_before(document, table)
    top = (len(above) + 1) * _LINE_PT * dpi / 72
    row_px = _ROW_PT * dpi / 72
    xs = [sum(widths[:k]) for k in range(columns + 1)]
    ys = [top + k * row_px for k in range(len(table.rows) + 1)]
    cells = tuple(
        Cell(
            row=r0, col=c0, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1,
            bbox=BBox(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]),
            text=cell.text.strip(),
            page=number,
        )
        for r0, c0, r1, c1, cell in sorted(_spans(table).values(), key=lambda s: (s[0], s[1]))
    )  # fmt: skip
    lines = tuple(
        TextLine(
            text,
            BBox(0.0, k * _LINE_PT * dpi / 72, xs[-1], (k + 1) * _LINE_PT * dpi / 72),
            page=number,
        )
        for k, text in enumerate(above)
    )
    return Grid(
        page=number,
        n_rows=len(table.rows),
        n_cols=columns,
        cells=cells,
        bbox=BBox(0.0, top, xs[-1], ys[-1]),
        dpi=dpi,
        free_text=lines,
    )


def table_grids(path: Path, number: int, dpi: float = 300.0) -> list[Grid]:
    """The grid of one table (1-based), as a page read gives it."""
    document = _open(path)
    if not 1 <= number <= len(document.tables):
        raise InputError(
            f"no table {number} (the document has {len(document.tables)})", path=str(path)
        )
    grid = table_grid(document, number, dpi)
    return [grid] if grid.cells else []
