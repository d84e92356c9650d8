"""A block's heading row on a continuation page, found however badly the scan read it.

A page that continues a form's indicator table may open a block of its own (年度 stacked under
中期, the page break between them), or repeat the table's heading row. `opening_row` finds
that row by its anchors (a 指标值 heading beside a name heading); on a fax the row may be too
blurred for them ("国标值" for 目标值, "推标神号" for 指标符号, 一级/二级指标 unread), and the
block's rows were read on as the block above. Such a row is known by the first page's own
headings: the same columns, read under them, come out close to their words. Its cells then
stand for those headings (inexact anchors: the reader warns), and the block is read as one the
page opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz.distance import Levenshtein

from declform.layouts.anchors import Anchor, AnchorIndex
from declform.layouts.cells import under_heading
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid
from declform.normalize import VocabMatch, label_key
from declform.output.codes import WarningCode

# A heading read this close to the first page's (normalised similarity of the matching keys)
# is that heading: "国标值" for 目标值 (2 of 3), "推标神号" for 指标符号 (2 of 4).
_CLOSE = 0.5
# The row is a heading row when this many of its column headings read close, or one fewer
# with one of them read exactly. The level columns do not count: their cells hold level
# names, as close to 一级指标/二级指标 by the 指标 they share.
_CLOSE_COLUMNS = 3
_LEVEL_KEYS = frozenset({"level1_header", "level2_header"})


def opening_row(anchors: AnchorIndex) -> int | None:
    """The heading row of an indicator block on a continuation page (its 指标值 heading with
    a name heading beside it), None where the page only continues the table."""
    names = {a.cell.row for a in anchors.all("level3_header")}
    rows = [a.cell.row for a in anchors.all("value_header") if a.cell.row in names]
    return min(rows, default=None)


def _close(cell: Cell | None, heading: Cell) -> bool:
    if cell is None or not cell.text.strip():
        return False
    read, printed = label_key(cell.text), label_key(heading.text)
    return bool(read) and Levenshtein.normalized_similarity(read, printed) >= _CLOSE


def _row_as_headings(
    grid: Grid, row: int, headings: Iterable[Anchor], anchored: set[Cell]
) -> dict[Cell, Anchor] | None:
    """The row's cells under the first page's `headings`, as those headings, when the row
    reads close enough to them (`anchored`: the page's cells its own anchors read as a
    heading)."""
    placed: dict[Cell, Anchor] = {}
    close: set[Cell] = set()
    for heading in headings:
        cell = under_heading(grid, row, heading.cell)
        if cell is None or cell.row != row or cell in placed:
            continue
        match = VocabMatch(heading.key, heading.match.canonical, 0.0, exact=False)
        placed[cell] = Anchor(heading.key, cell, match)
        if heading.key not in _LEVEL_KEYS and _close(cell, heading.cell):
            close.add(cell)
    needed = _CLOSE_COLUMNS - 1 if close & anchored else _CLOSE_COLUMNS
    if len(close) < needed or not {placed[c].key for c in close} & {"level3_header",
                                                                      "value_header"}:
        return None
    return placed


def with_repeated_headings(
    grid: Grid, anchors: AnchorIndex, first_page: Iterable[Mapping[str, Anchor]]
) -> AnchorIndex:
    """`anchors` of a continuation page, plus the cells of its first row that repeats the
    first page's heading row (`first_page`: each block's headings by role) misread; the same
    anchors where the page opens no block or its own anchors find it already."""
    if opening_row(anchors) is not None:
        return anchors
    headings = [h for block in first_page for h in block.values()]
    known = {a.cell for group in anchors.by_key.values() for a in group}
    for row in range(grid.n_rows):
        placed = _row_as_headings(grid, row, headings, known)
        if placed is None:
            continue
        found: dict[str, list[Anchor]] = {k: list(v) for k, v in anchors.by_key.items()}
        for cell, anchor in placed.items():
            if cell not in known:  # a heading the page's own anchors read keeps its key
                found.setdefault(anchor.key, []).append(anchor)
        return AnchorIndex({
            key: tuple(sorted(group, key=lambda a: (a.cell.row, a.cell.col)))
            for key, group in found.items()
        })
    return anchors


def warn_repeated(own: AnchorIndex, found: AnchorIndex, findings: Findings) -> None:
    """Say which cells were taken for the first page's headings, as they were read."""
    placed = [a for key, group in found.by_key.items() for a in group if a not in own.all(key)]
    if placed:
        read = ", ".join(f"{a.cell.text!r} as {a.match.canonical}" for a in placed)
        findings.warn(
            WarningCode.LABEL_CORRECTED,
            f"a row read as the indicator headings of the form's first page: {read}",
            placed[0].cell,
        )
