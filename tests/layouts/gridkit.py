"""Tiny grids for layout tests: cells given by position and span, bboxes derived on a raster."""

from __future__ import annotations

from collections.abc import Sequence

from declform.layouts.grid import BBox, Cell, Grid, TextLine

COL_WIDTH = 100.0
ROW_HEIGHT = 30.0

CellSpec = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text


def make_grid(
    specs: Sequence[CellSpec], above: Sequence[str] = (), page: int = 1, ocr: bool = True
) -> Grid:
    """A grid of OCR readings by default (the layout tests model scans' misreadings); `ocr`
    False models a text layer, taken as printed."""
    cells = tuple(
        Cell(
            row=row, col=col, rowspan=rowspan, colspan=colspan,
            bbox=BBox(col * COL_WIDTH, 200 + row * ROW_HEIGHT,
                      (col + colspan) * COL_WIDTH, 200 + (row + rowspan) * ROW_HEIGHT),
            text=text, page=page,
        )
        for row, col, rowspan, colspan, text in specs
    )
    n_rows = max(c.last_row for c in cells) + 1
    n_cols = max(c.last_col for c in cells) + 1
    free_text = tuple(
        TextLine(text, BBox(50, 20 + 40 * i, 500, 50 + 40 * i), page=page)
        for i, text in enumerate(above)
    )
    return Grid(
        page=page, n_rows=n_rows, n_cols=n_cols, cells=cells,
        bbox=BBox(0, 200, n_cols * COL_WIDTH, 200 + n_rows * ROW_HEIGHT), free_text=free_text,
        ocr=ocr,
    )


def row_major(rows: Sequence[Sequence[tuple[str, int, int]]], first_row: int = 0) -> list[CellSpec]:
    """Cells from rows of (text, colspan, rowspan), skipping positions covered by spans above."""
    specs: list[CellSpec] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=first_row):
        col = 0
        for text, colspan, rowspan in row:
            while (r, col) in covered:
                col += 1
            specs.append((r, col, rowspan, colspan, text))
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, col + dc))
            col += colspan
    return specs
