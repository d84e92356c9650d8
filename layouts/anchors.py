"""Anchors: the cells of a grid whose text is a known form label."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from declform.layouts.budget_terms import matrix_corner
from declform.layouts.grid import Cell, Grid
from declform.normalize import (
    VocabMatch,
    canonical_label,
    label_key,
    label_text,
    looks_like_figures,
)
from declform.normalize.labels import LABEL_ENTRIES, LABELS
from declform.normalize.vocabulary import name_among_marks

# The indicator framework's headings; the heading row repeats them once per side (中期, 年度).
FRAMEWORK_HEADINGS = ("level1_header", "level2_header", "level3_header", "value_header")
_NEXT = {
    "level1_header": "level2_header",
    "level2_header": "level3_header",
    "level3_header": "value_header",
    "value_header": "level2_header",  # the next side's own columns
}
_PREVIOUS = {
    "level2_header": "level1_header",
    "level3_header": "level2_header",
    "value_header": "level3_header",
}


@dataclass(frozen=True)
class Anchor:
    key: str
    cell: Cell
    match: VocabMatch
    value_text: str | None = None  # text after the label when one cell holds label and value


@dataclass(frozen=True)
class AnchorIndex:
    """Label cells of one grid by key, each list in reading order (top-down, left-right)."""

    by_key: dict[str, tuple[Anchor, ...]]

    def keys(self) -> frozenset[str]:
        return frozenset(self.by_key)

    def first(self, key: str) -> Anchor | None:
        found = self.by_key.get(key)
        return found[0] if found else None

    def all(self, key: str) -> tuple[Anchor, ...]:
        return self.by_key.get(key, ())


def find_anchors(cells: Iterable[Cell]) -> AnchorIndex:
    ordered = sorted(cells, key=lambda c: (c.row, c.col))
    labelled: dict[Cell, Anchor] = {}
    for cell in ordered:
        match = canonical_label(cell.text)
        if match is not None:
            labelled[cell] = Anchor(match.key, cell, match)
    labelled.update(_label_column(ordered, labelled))
    ordered, split = _split_headings(ordered, labelled)
    labelled.update(split)
    labelled.update(_misread_headings(ordered, labelled))
    labelled.update(_inferred_headings(ordered, labelled))
    found: dict[str, list[Anchor]] = {}
    for cell in ordered:
        if cell in labelled:
            found.setdefault(labelled[cell].key, []).append(labelled[cell])
    return AnchorIndex({key: tuple(anchors) for key, anchors in found.items()})


def _label_column(cells: list[Cell], labelled: dict[Cell, Anchor]) -> dict[Cell, Anchor]:
    """Labels of the table's first column read with one character wrong ("项目名脉"): once
    two of its cells are known labels, or the indicator framework's headings start right of
    it (the column that names the form's parts: 部门名称 … 绩效指标), the column is one of
    labels, not content. Such anchors are inexact, so the reader warns."""
    first_column = [cell for cell in cells if cell.col == 0]
    framework_inset = any(
        anchor.key == "level1_header" and anchor.cell.col > 0 for anchor in labelled.values()
    )
    if sum(cell in labelled for cell in first_column) < 2 and not framework_inset:
        return {}
    found: dict[Cell, Anchor] = {}
    for cell in first_column:
        if cell not in labelled:
            match = canonical_label(cell.text, in_label_column=True)
            if match is not None:
                found[cell] = Anchor(match.key, cell, match)
    return found


def _split_headings(
    cells: list[Cell], labelled: dict[Cell, Anchor]
) -> tuple[list[Cell], dict[Cell, Anchor]]:
    """Two indicator headings in one cell of two columns ("二级指标丨三级指标"): the rule
    between them was lost in the heading row only (a copy's dropout), so the cell is cut at
    the column boundary the rows below keep, one heading each. Returns the cells with such
    cells replaced by their halves, and the halves' anchors (inexact: the reader warns)."""
    starts = {cell.col: cell.bbox.x0 for cell in cells}
    kept: list[Cell] = []
    found: dict[Cell, Anchor] = {}
    for cell in cells:
        halves = None
        if cell.colspan == 2 and cell not in labelled and cell.col + 1 in starts:
            halves = _two_headings(cell.text)
        if halves is None:
            kept.append(cell)
            continue
        middle = starts[cell.col + 1]
        left = replace(cell, colspan=1, bbox=replace(cell.bbox, x1=middle))
        right = replace(cell, col=cell.col + 1, colspan=1, bbox=replace(cell.bbox, x0=middle))
        for half, key in zip((left, right), halves, strict=True):
            kept.append(half)
            found[half] = Anchor(key, half, VocabMatch(key, label_text(key), 0.0, exact=False))
    return kept, found


def _two_headings(text: str) -> tuple[str, str] | None:
    """The keys of two headings in sequence that `text` reads as, joined."""
    key = label_key(text.replace("丨", "").replace("|", "").replace("｜", ""))
    for cut in range(2, len(key) - 1):
        first, second = canonical_label(key[:cut]), canonical_label(key[cut:])
        if (
            first is not None
            and second is not None
            and first.key in FRAMEWORK_HEADINGS
            and _NEXT.get(first.key) == second.key
        ):
            return first.key, second.key
    return None


# A copy's toner at a heading cell's edges reads as a character or two either side of it.
_HEADING_MARKS = 2
# what a heading row of an indicator table prints
_HEADING_ROW_KEYS = frozenset({
    *FRAMEWORK_HEADINGS, "operator_header", "unit_header", "weight_header", "note_header",
})


def _is_heading(name: str) -> bool:
    entry = LABELS.exact(name)
    return entry is not None and entry.key in FRAMEWORK_HEADINGS


def _one_character_off(key: str) -> str | None:
    """The heading-row key of a short heading (three characters: 指标值, 比较符) printed like
    `key` but for one character ("润标值"), where every such heading is that key's."""
    if len(key) != 3:
        return None
    near = {
        entry.key for entry in LABEL_ENTRIES if entry.key in _HEADING_ROW_KEYS
        for printed in map(label_key, (entry.canonical, *entry.variants))
        if len(printed) == 3 and sum(a != b for a, b in zip(printed, key, strict=True)) == 1
    }
    return near.pop() if len(near) == 1 else None


def _misread_headings(cells: list[Cell], labelled: dict[Cell, Anchor]) -> dict[Cell, Anchor]:
    """Indicator headings a copy or fax spoilt, in a row where two headings or more stand
    (a heading row, not an indicator's name that happens to hold the words): read with marks
    beside them ("美一级指标整", "案指标值"), or with one character of four misread ("三级N标"),
    as a column of labels may be, or of three ("润标值"). Such anchors are inexact, so the
    reader warns."""
    found: dict[Cell, Anchor] = {}
    for cell in cells:
        if cell in labelled or not cell.text.strip():
            continue
        key = label_key(cell.text)
        name = name_among_marks(key, _is_heading, _HEADING_MARKS, shortest=3)
        entry = LABELS.exact(name) if name is not None else None
        if entry is not None:
            score = round(len(name or "") / len(key), 4)
            found[cell] = Anchor(entry.key, cell, VocabMatch(entry.key, entry.canonical, score,
                                                             exact=False))
            continue
        match = canonical_label(cell.text, in_label_column=True)
        if match is not None and match.key in FRAMEWORK_HEADINGS:
            found[cell] = Anchor(match.key, cell, replace(match, exact=False))
        elif (short := _one_character_off(key)) is not None:
            found[cell] = Anchor(short, cell, VocabMatch(short, label_text(short), 0.0, False))
    rows: dict[int, int] = {}
    for cell in [*found, *(c for c, a in labelled.items() if a.key in _HEADING_ROW_KEYS)]:
        rows[cell.row] = rows.get(cell.row, 0) + 1
    return {cell: anchor for cell, anchor in found.items() if rows[cell.row] >= 2}


def _inferred_headings(cells: list[Cell], labelled: dict[Cell, Anchor]) -> dict[Cell, Anchor]:
    """Indicator headings the scan left unreadable ("级指标" for 二级指标: the 二 lost in a
    fax's blur), placed by their neighbours in the heading row: a cell between 一级指标 and
    三级指标 is 二级指标. A placed heading places its own neighbour in turn (一级 and 二级
    both blurred to "级指标"). Inferred anchors are inexact, so the reader warns."""
    inferred: dict[Cell, Anchor] = {}
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    for row in rows.values():
        if sum(c in labelled and labelled[c].key in FRAMEWORK_HEADINGS for c in row) < 2:
            continue
        placed = True
        while placed:
            placed = False
            keys = [_known_key(c, labelled, inferred) for c in row]
            tallest = max(
                (c.rowspan for c in row if c in labelled and labelled[c].key in FRAMEWORK_HEADINGS),
                default=1,
            )
            for index, (cell, key) in enumerate(zip(row, keys, strict=True)):
                left = keys[index - 1] if index > 0 else None
                right = keys[index + 1] if index + 1 < len(keys) else None
                if cell.rowspan > tallest or (not cell.text.strip() and not _blotted_name_heading(
                        key, left, right)):
                    continue  # blank, or a block's name spanning its rows (长期绩效指标)
                guesses: set[str | None] = {_NEXT.get(left or ""), _PREVIOUS.get(right or "")}
                guesses -= {None}
                if not guesses and key is None:
                    missing = set(FRAMEWORK_HEADINGS) - set(keys)
                    guesses = {*_heading_of_fragment(cell.text, missing)}
                if len(guesses) != 1:
                    continue
                guess = str(guesses.pop())
                if guess in _LEVEL_HEADINGS and _holds_figures(cells, cell):
                    continue  # a weight's or value's column ("校董(%)" over 10, 20, …)
                if key is None or _misread_heading(cell, key, guess, left, right):
                    match = VocabMatch(guess, label_text(guess), 0.0, exact=False)
                    inferred[cell] = Anchor(guess, cell, match)
                    placed = True
    return inferred


def _blotted_name_heading(key: str | None, left: str | None, right: str | None) -> bool:
    """A blank heading cell right of 二级指标 and left of another of the row's headings (指标性质,
    指标值): the 三级指标 a fax blotted out, for the indicators' names follow their level-2 in
    every block. A blank cell anywhere else may be a column with no heading, or the gap between
    two blocks."""
    return key is None and left == "level2_header" and right not in (None, "level3_header")


_LEVEL_HEADINGS = frozenset({"level1_header", "level2_header"})


def _holds_figures(cells: list[Cell], heading: Cell) -> bool:
    """Whether the column under `heading` holds figures (small integers, percentages), as
    no column of level names does: most of its read cells, two at least."""
    below = [c.text.strip() for c in cells if c.row > heading.last_row and c.text.strip()
             and heading.col <= c.col and c.last_col <= heading.last_col]
    figures = sum(looks_like_figures(text) for text in below)
    return figures >= 2 and figures > 0.5 * len(below)


def _misread_heading(cell: Cell, key: str, guess: str, left: str | None, right: str | None) -> bool:
    """A heading read as its neighbour's ("三级指标 三级指标" for 二级指标 三级指标: 二 taken
    for 三), one character away from the heading its neighbours place: both of them, or the
    one it repeats (a block's name, no heading, on its other side)."""
    return (
        key != guess
        and key in FRAMEWORK_HEADINGS
        and ((left is not None and right is not None) or key in (left, right))
        and Levenshtein.distance(label_key(cell.text), label_key(label_text(guess))) <= 1
    )


def _heading_of_fragment(text: str, missing: set[str]) -> set[str]:
    """The missing framework headings whose printed forms hold `text` whole, two characters
    or more of it: "标值" is what a copy left of 指标值 (and of no other heading), "指标" is
    part of all of them."""
    key = label_key(text)
    if len(key) < 2:
        return set()
    return {
        entry.key for entry in LABEL_ENTRIES if entry.key in missing
        and any(key in label_key(printed) for printed in (entry.canonical, *entry.variants))
    }


def _known_key(
    cell: Cell, labelled: dict[Cell, Anchor], inferred: dict[Cell, Anchor]
) -> str | None:
    anchor = inferred.get(cell) or labelled.get(cell)
    return anchor.key if anchor is not None else None


# Keys that belong to the indicator and task tables themselves: found at any row. Every other
# label (a funding total, a project field) is a label only above the indicator headings: below
# them the same words are an indicator's name (成本指标 项目资金总额 ≤180万元).
_TABLE_KEYS = frozenset({
    *FRAMEWORK_HEADINGS, "operator_header", "unit_header", "weight_header", "note_header",
    "indicators", "main_tasks", "task_name", "task_content", "budget", "task_total",
    "task_transfer", "task_goal", "amount_total", "fiscal",
})


# Labels of a text field: a corner of a budget matrix may print their words (项目（万元）
# over 基本支出 / 项目支出), and there they name no field.
TEXT_FIELD_KEYS = frozenset({
    "project_name", "attribute", "period", "implementing_unit", "competent_department",
    "department_name",
})
def grid_anchors(grid: Grid) -> AnchorIndex:
    found = find_anchors(grid.cells)
    corners = {a for key in TEXT_FIELD_KEYS for a in found.all(key)
               if matrix_corner(grid, a.cell)}
    if corners:
        found = AnchorIndex({
            key: others for key, anchors in found.by_key.items()
            if (others := tuple(a for a in anchors if a not in corners))
        })
    headings = [a.cell.row for key in FRAMEWORK_HEADINGS for a in found.all(key)]
    if not headings:
        return found
    first = min(headings)
    kept = {
        key: kept_anchors
        for key, anchors in found.by_key.items()
        if (kept_anchors := tuple(
            a for a in anchors if key in _TABLE_KEYS or a.cell.row < first
        ))
    }
    return AnchorIndex(kept)
