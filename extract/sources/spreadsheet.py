"""Spreadsheets (.xlsx): each worksheet's used range as one Grid, merged cells as spans.

No grid finding and no OCR: the cells are the spreadsheet's own, and a value is the text
the sheet shows (a 0.95 formatted as a percentage reads "95%"; a formula gives its last
computed value). Coordinates are synthesised from the column widths and row heights at
`dpi`, so a spreadsheet's cells have page-pixel boxes like every other source's.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from declform.layouts.grid import BBox, Cell, Grid
from declform.output.errors import InputError

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm"})

__all__ = ["SPREADSHEET_SUFFIXES", "sheet_count", "sheet_grids", "shown_text"]
_DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
_DEFAULT_HEIGHT = 15.0  # and row height, in points
_CHAR_PX_AT_96 = 7.0  # one character of the default font, in pixels at 96 dpi
_DECIMALS = re.compile(r"0\.(0+)")


def _open(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problem = f"not a readable .xlsx workbook ({type(exc).__name__})"
        raise InputError(problem, path=str(path)) from exc


def sheet_count(path: Path) -> int:
    return len(_open(path).worksheets)


def shown_text(value: Any, number_format: str) -> str:
    """The text a cell shows: numbers as their format prints them, as far as it matters here
    (percentages, fixed decimals); dates as 2024年1月31日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        if "%" in number_format:
            decimals = _DECIMALS.search(number_format)
            places = len(decimals.group(1)) if decimals else 0
            return f"{value * 100:.{places}f}%"
        if (decimals := _DECIMALS.search(number_format)) is not None:
            return f"{value:.{len(decimals.group(1))}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value).strip()


def _edges(sizes: list[float]) -> list[float]:
    edges = [0.0]
    for size in sizes:
        edges.append(edges[-1] + size)
    return edges


def sheet_grid(sheet: Any, page: int, dpi: float = 300.0) -> Grid | None:
    """The used range of one worksheet as a Grid; None for an empty sheet."""
    from openpyxl.utils import get_column_letter

    cells = [c for row in sheet.iter_rows() for c in row if c.value not in (None, "")]
    if not cells:
        return None
    first_row = min(c.row for c in cells)
    first_col = min(c.column for c in cells)
    last_row = max(c.row for c in cells)
    last_col = max(c.column for c in cells)
    merged = [
        r for r in sheet.merged_cells.ranges
        if r.min_row <= last_row and r.min_col <= last_col
    ]
    for r in merged:
        last_row, last_col = max(last_row, r.max_row), max(last_col, r.max_col)
        first_row, first_col = min(first_row, r.min_row), min(first_col, r.min_col)
    scale = dpi / 96.0
    widths = [
        (sheet.column_dimensions[get_column_letter(col)].width or _DEFAULT_WIDTH)
        * _CHAR_PX_AT_96 * scale
        for col in range(first_col, last_col + 1)
    ]
    heights = [
        (sheet.row_dimensions[row].height or _DEFAULT_HEIGHT) * dpi / 72.0
        for row in range(first_row, last_row + 1)
    ]
    xs, ys = _edges(widths), _edges(heights)
    spans = {(r.min_row, r.min_col): (r.max_row, r.max_col) for r in merged}
    covered = {
        (row, col)
        for r in merged
        for row in range(r.min_row, r.max_row + 1)
        for col in range(r.min_col, r.max_col + 1)
    }
    grid_cells: list[Cell] = []
    for row in range(first_row, last_row + 1):
        for col in range(first_col, last_col + 1):
            if (row, col) in covered and (row, col) not in spans:
                continue
            end_row, end_col = spans.get((row, col), (row, col))
            source = sheet.cell(row=row, column=col)
            r, c = row - first_row, col - first_col
            grid_cells.append(Cell(
                row=r, col=c,
                rowspan=end_row - row + 1, colspan=end_col - col + 1,
                bbox=BBox(xs[c], ys[r], xs[end_col - first_col + 1], ys[end_row - first_row + 1]),
                text=shown_text(source.value, source.number_format or ""),
                page=page,
            ))
    return Grid(
        page=page,
        n_rows=last_row - first_row + 1,
        n_cols=last_col - first_col + 1,
        cells=tuple(grid_cells),
        bbox=BBox(0.0, 0.0, xs[-1], ys[-1]),
        dpi=dpi,
    )


def sheet_grids(path: Path, number: int, dpi: float = 300.0) -> list[Grid]:
    """The grid of one worksheet (1-based), as a page read gives it."""
    sheets = _open(path).worksheets
    if not 1 <= number <= len(sheets):
        raise InputError(f"no sheet {number} (the workbook has {len(sheets)})", path=str(path))
    grid = sheet_grid(sheets[number - 1], number, dpi)
    return [grid] if grid is not None else []
