"""Pure table model for the form renderer: cells with spans, built row by row.

No reportlab here: `render_layout` fills a `TableBuilder`, `render_pdf` measures and draws.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

Align = Literal["center", "left"]
T = TypeVar("T")


@dataclass(frozen=True)
class LayoutCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: Align = "center"
    bold: bool = False

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1


@dataclass(frozen=True)
class HeaderLine:
    """A line printed above the table (title, 年度, 填报 lines)."""

    text: str
    size: float
    bold: bool = False
    align: Align = "center"


@dataclass(frozen=True)
class FormTable:
    kind: str
    landscape: bool
    col_weights: tuple[float, ...]
    header: tuple[HeaderLine, ...]
    cells: tuple[LayoutCell, ...]
    n_rows: int
    body_size: float = 10.5
    footer: tuple[HeaderLine, ...] = ()  # lines printed below the table on its last page


@dataclass
class TableBuilder:
    """Cells placed at an explicit (row, col); `row` is the cursor of the next row."""

    n_cols: int
    row: int = 0
    cells: list[LayoutCell] = field(default_factory=list)

    def put(
        self,
        row: int,
        col: int,
        text: str | None,
        *,
        colspan: int = 1,
        rowspan: int = 1,
        align: Align = "center",
        bold: bool = False,
    ) -> None:
        if col + colspan > self.n_cols:
            raise ValueError(f"cell at column {col} with colspan {colspan} leaves the table")
        self.cells.append(
            LayoutCell(row, col, text or "", rowspan, colspan, align=align, bold=bold)
        )

    def add(
        self,
        col: int,
        text: str | None,
        *,
        colspan: int = 1,
        rowspan: int = 1,
        align: Align = "center",
        bold: bool = False,
    ) -> None:
        """A cell in the current row."""
        self.put(self.row, col, text, colspan=colspan, rowspan=rowspan, align=align, bold=bold)

    def next_row(self, count: int = 1) -> None:
        self.row += count

    def check_covered(self) -> None:
        """Every slot is covered exactly once: a gap would draw a missing line."""
        seen: set[tuple[int, int]] = set()
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in seen:
                        raise ValueError(f"slot {(r, c)} covered twice")
                    seen.add((r, c))
        missing = [
            (r, c) for r in range(self.row) for c in range(self.n_cols) if (r, c) not in seen
        ]
        if missing:
            raise ValueError(f"slots not covered: {missing[:5]}")


def consecutive_groups(items: Sequence[T], key: Callable[[T], Hashable]) -> list[list[T]]:
    """Runs of neighbouring items with equal keys, in order."""
    groups: list[list[T]] = []
    for item in items:
        if groups and key(groups[-1][-1]) == key(item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
