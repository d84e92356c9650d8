"""Split a tall table over pages at row boundaries, as word processors do.

A merged cell crossing a page break is drawn as one piece per page (the table finder then
sees a cell per page); its text goes into the first piece tall enough to hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scripts.render.table import LayoutCell


@dataclass(frozen=True)
class Slice:
    """Rows [start, end) drawn on one page."""

    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    """The part of a cell on one page: rows first..last on page `page` (0-based)."""

    page: int
    first: int
    last: int


def _fits(
    cells: Sequence[LayoutCell],
    start: int,
    end: int,
    heights: Sequence[float],
    need: Callable[[LayoutCell], float],
) -> bool:
    """A break before row `end` leaves every text in a cut cell readable on this page."""
    for cell in cells:
        cut = cell.row < end <= cell.last_row
        if cut and cell.text and sum(heights[max(cell.row, start) : end]) < need(cell):
            return False
    return True


def paginate(
    heights: Sequence[float],
    cells: Sequence[LayoutCell],
    need: Callable[[LayoutCell], float],
    *,
    first_page: float,
    other_pages: float,
) -> list[Slice]:
    """Greedy page fill; among the breaks that fit, the lowest that cuts no text.

    A single row taller than a page gets a page of its own and overflows its bottom margin.
    """
    slices: list[Slice] = []
    start = 0
    while start < len(heights):
        available = first_page if not slices else other_pages
        end, used = start, 0.0
        while end < len(heights) and used + heights[end] <= available:
            used += heights[end]
            end += 1
        if end < len(heights):
            if end == start:
                end = start + 1
            else:
                clean = (e for e in range(end, start, -1) if _fits(cells, start, e, heights, need))
                end = next(clean, end)
        slices.append(Slice(start, end))
        start = end
    return slices or [Slice(0, 0)]


def place_text(
    cells: Sequence[LayoutCell],
    slices: Sequence[Slice],
    heights: Sequence[float],
    text_height: Callable[[LayoutCell], float],
) -> dict[LayoutCell, Piece]:
    """The piece of each cell that carries its text."""
    placed: dict[LayoutCell, Piece] = {}
    for cell in cells:
        pieces = [
            Piece(page, max(cell.row, s.start), min(cell.last_row, s.end - 1))
            for page, s in enumerate(slices)
            if max(cell.row, s.start) <= min(cell.last_row, s.end - 1)
        ]
        if not pieces:
            continue

        def height(piece: Piece) -> float:
            return sum(heights[piece.first : piece.last + 1])

        fitting = [p for p in pieces if height(p) >= text_height(cell)]
        placed[cell] = fitting[0] if fitting else max(pieces, key=height)
    return placed
