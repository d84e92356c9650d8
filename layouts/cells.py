"""Geometric look-ups on a grid: the value beside or below a label, the cell under a heading."""

from __future__ import annotations

from declform.layouts.grid import Cell, Grid


def right_of(grid: Grid, cell: Cell) -> Cell | None:
    """The cell directly right of `cell` on its first row."""
    if cell.last_col + 1 >= grid.n_cols:
        return None
    return grid.at(cell.row, cell.last_col + 1)


def below(grid: Grid, cell: Cell) -> Cell | None:
    """The cell directly below `cell` in its first column."""
    if cell.last_row + 1 >= grid.n_rows:
        return None
    return grid.at(cell.last_row + 1, cell.col)


def under_heading(grid: Grid, row: int, heading: Cell) -> Cell | None:
    """The cell on `row` that sits under a column heading (by x, so merged cells and grids
    whose columns split differently from the heading row still line up)."""
    center_x = heading.bbox.center[0]
    for cell in grid.row_cells(row):
        if cell.bbox.x0 <= center_x <= cell.bbox.x1:
            return cell
    return None


def columns_overlap(a: Cell, b: Cell) -> bool:
    """Whether two cells share horizontal extent (same column block)."""
    return a.bbox.x_overlap(b.bbox) > 0.5 * min(a.bbox.width, b.bbox.width)
