"""The Grid: what both the born-digital and the scan path hand to the layouts.

Coordinates are page pixels at the render DPI (PDF points are converted once, in the loader),
origin top-left, y growing downwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def x_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def y_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class Cell:
    """One cell of the table; a merged cell appears once with its spans."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    text: str
    confidence: float = 1.0
    page: int = 1
    # the OCR's next readings of the cell, most likely first (see ocr.engine.OcrLine)
    alternatives: tuple[str, ...] = ()

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def unreadable(self) -> bool:
        """Ink the OCR could not read, left blank with its low confidence (a blank cell has
        no reading to doubt: confidence 1)."""
        return not self.text.strip() and self.confidence < 1.0

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row <= self.last_row and self.col <= col <= self.last_col


@dataclass(frozen=True)
class TextLine:
    """Printed text outside the table (title, 年度, 填报人 and 填报日期 lines)."""

    text: str
    bbox: BBox
    confidence: float = 1.0
    page: int = 1
    # the OCR's next readings of the line, most likely first, as a cell's
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grid:
    """One ruled table on one page, plus the page's text outside the table."""

    page: int
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    bbox: BBox
    free_text: tuple[TextLine, ...] = ()
    dpi: float = 72.0
    # the cell texts are OCR readings: misreadings (> for ≥, O for 0) may be put right; a
    # text layer or a spreadsheet is taken as printed
    ocr: bool = False

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), merged cells included."""
        for cell in self.cells:
            if cell.covers(row, col):
                return cell
        return None

    def row_cells(self, row: int) -> list[Cell]:
        """Cells that start in or span over `row`, left to right, each once."""
        return sorted((c for c in self.cells if c.row <= row <= c.last_row), key=lambda c: c.col)

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def text_above(self) -> list[TextLine]:
        """Free text above the table, top to bottom."""
        return sorted(
            (line for line in self.free_text if line.bbox.y1 <= self.bbox.y0 + 1),
            key=lambda line: (line.bbox.y0, line.bbox.x0),
        )
