"""Cell rectangles of one table -> rows, columns and spans: the rule both grid paths share.

The born-digital reader (`vector.grid`) gets the rectangles from the PDF's ruling, the scan
path (`scan.ruling.grid`) from the pixels; from the rectangles on, rows, columns and spans
follow this one rule, so a scanned form and its born-digital twin give the same Grid.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]

# Cell edges closer than this (points) are one grid line: pdfplumber already snaps edges,
# this only absorbs float noise between cells that share a line.
_EDGE_TOLERANCE = 1.0


@dataclass(frozen=True)
class CellSpan:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box


@dataclass(frozen=True)
class TableStructure:
    """Row/column boundaries of one table and which cell owns each grid slot."""

    x_bounds: tuple[float, ...]
    y_bounds: tuple[float, ...]
    spans: tuple[CellSpan, ...]
    owner: dict[tuple[int, int], int]

    @property
    def bbox(self) -> Box:
        return (self.x_bounds[0], self.y_bounds[0], self.x_bounds[-1], self.y_bounds[-1])

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        return x0 <= x <= x1 and y0 <= y <= y1

    def locate(self, x: float, y: float) -> int | None:
        """Index into `spans` of the cell containing the point, None between cells."""
        col = bisect_right(self.x_bounds, x) - 1
        row = bisect_right(self.y_bounds, y) - 1
        return self.owner.get((row, col))


def _cluster(values: Sequence[float]) -> tuple[tuple[float, ...], dict[float, int]]:
    """Distinct boundaries (cluster means) and the boundary index of every input value."""
    ordered = sorted(set(values))
    groups: list[list[float]] = []
    for value in ordered:
        if groups and value - groups[-1][-1] <= _EDGE_TOLERANCE:
            groups[-1].append(value)
        else:
            groups.append([value])
    index = {value: i for i, group in enumerate(groups) for value in group}
    return tuple(sum(group) / len(group) for group in groups), index


def table_structure(boxes: Sequence[Box]) -> TableStructure:
    """Rows, columns and spans from the cell rectangles of one table."""
    x_bounds, x_index = _cluster([v for box in boxes for v in (box[0], box[2])])
    y_bounds, y_index = _cluster([v for box in boxes for v in (box[1], box[3])])
    spans = sorted(
        (
            CellSpan(
                row=y_index[y0],
                col=x_index[x0],
                rowspan=max(1, y_index[y1] - y_index[y0]),
                colspan=max(1, x_index[x1] - x_index[x0]),
                box=(x0, y0, x1, y1),
            )
            for x0, y0, x1, y1 in boxes
        ),
        key=lambda span: (span.row, span.col),
    )
    owner: dict[tuple[int, int], int] = {}
    for i, span in enumerate(spans):
        for row in range(span.row, span.row + span.rowspan):
            for col in range(span.col, span.col + span.colspan):
                owner.setdefault((row, col), i)
    return TableStructure(x_bounds, y_bounds, tuple(spans), owner)
