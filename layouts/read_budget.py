"""Reading a department form's budget matrix (预算整体情况): its totals by source into funding.

Offices print the department's budget in a block of its own, in one of two shapes:
- a matrix: kinds of spending (基本支出, 项目支出, 合计) one way, sources (财政拨款, 其他资金,
  合计) the other, an amount where they cross (either way round);
- lists side by side: a heading pair (部门预算支出 | 预算金额（万元）) over label-amount rows
  (基本支出 | 10891.62), beside another (收入来源 | 预算金额 ; 财政拨款 | 72807.38), as 湛江
  prints it.
Both are read by structure: each amount is placed by the nearest label left of it in its row
and the nearest heading above it in its column; a heading that only says 金额 places nothing,
so the amount is its row label's alone (a list item). The totals by source go to the record's
funding (合计 by 合计, 财政拨款, 其他资金; a total the form leaves out is the sum of its printed
parts); every other figure (by kind of spending, by budget level …) is kept as an extra with
its label cells, as printed, unit and all.
"""

from __future__ import annotations

from dataclasses import dataclass

from declform.layouts.budget_terms import TOTAL, figure_reading, heading_words, is_figure, term_of
from declform.layouts.fields import ExtraField, Findings
from declform.layouts.grid import Cell, Grid
from declform.layouts.read_funding import WAN_PER, in_wan, printed_unit
from declform.normalize import parse_amount
from declform.output import Amounts
from declform.output.codes import WarningCode

_AMOUNT_HEADINGS = ("金额", "预算数", "预算额", "万元", "千元", "元")
_SOURCE_LIST_WORDS = ("收入", "来源")
# a block label names the budget: 预算整体情况, 部门预算情况, 年度预算安排, 预算收支
_BLOCK_WORDS = ("预算",)
_BLOCK_KINDS = ("情况", "安排", "整体", "收支", "总体")
_FUNDING = ((TOTAL, TOTAL), (TOTAL, "fiscal"), (TOTAL, "other"))  # the record's fields


def _amount_heading(text: str) -> bool:
    words = "".join(text.split())
    return term_of(text) is None and any(w in words for w in _AMOUNT_HEADINGS) and len(words) <= 12


@dataclass(frozen=True)
class BudgetRead:
    """What a budget block gave: the totals by source (万元) and the rest as extras."""

    funding: Amounts
    extras: tuple[ExtraField, ...]
    cells: frozenset[Cell]  # every cell of the block, for the unclaimed-label search


def _block(grid: Grid, before_row: int) -> tuple[Cell | None, list[Cell]]:
    """The budget block's label cell (or None) and the cells of its rows, right of it."""
    for label in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        words = heading_words(label.text)
        if (label.row < before_row and label.rowspan >= 2 and len(words) <= 10
                and any(w in words for w in _BLOCK_WORDS) and any(w in words for w in _BLOCK_KINDS)
                and term_of(label.text) is None):
            rows = range(label.row, label.last_row + 1)
            return label, [c for c in grid.cells if c.row in rows and c.col > label.last_col]
    # no block label: the rows naming a kind of spending above `before_row`, with the heading
    # row over them and a 合计 row under them
    termed = [c for c in grid.cells if c.row < before_row and term_of(c.text) in
              ("basic", "project")]
    if not termed:
        return None, []
    first = min(c.row for c in termed) - 1  # the heading row above the first kind
    last = max(c.last_row for c in termed) + 1  # a 合计 row under the last
    # kinds across the top: the rows under them name the sources, each beside its figures
    while last + 1 < before_row and _names_a_figure(grid, last + 1):
        last += 1
    return None, [c for c in grid.cells if first <= c.row <= last and c.row < before_row]


def _names_a_figure(grid: Grid, row: int) -> bool:
    """Whether the row starts a cell naming a kind, a source or a total and one of figures."""
    cells = [c for c in grid.cells if c.row == row]
    return any(term_of(c.text) is not None for c in cells) and any(is_figure(c) for c in cells)


def _left_label(cells: list[Cell], value: Cell) -> Cell | None:
    beside = [c for c in cells if c.row <= value.row <= c.last_row and c.last_col < value.col
              and c.text.strip() and not is_figure(c)]
    return max(beside, key=lambda c: c.last_col, default=None)


def _heading_above(cells: list[Cell], cell: Cell) -> Cell | None:
    above = [c for c in cells if c.last_row < cell.row and c.col <= cell.col <= c.last_col
             and c.text.strip() and not is_figure(c)]
    return max(above, key=lambda c: c.last_row, default=None)


def _misread_list_heading(cells: list[Cell], heading: Cell, row_label: Cell, value: Cell) -> bool:
    """Whether `heading` is a list's amount heading the scan misread ("预算金领" for 预算金额):
    it names nothing, no heading of its row names a kind of spending or a total (a matrix's
    do), and the amount sits right beside its row label, as a list item does."""
    if term_of(heading.text) is not None or row_label.last_col + 1 != value.col:
        return False
    row = [c for c in cells if c.row == heading.row and c.text.strip()]
    return not any(term_of(c.text) in ("basic", "project", TOTAL) for c in row)


def _place(cells: list[Cell], value: Cell) -> tuple[tuple[str, str] | None, tuple[Cell, ...]]:
    """(kind, source) of an amount cell, and the label cells that say so."""
    row_label = _left_label(cells, value)
    if row_label is None:
        return None, ()
    heading = _heading_above(cells, value)
    row_term = term_of(row_label.text)
    if heading is None or _amount_heading(heading.text) or _misread_list_heading(
        cells, heading, row_label, value
    ):
        # a list item: its label alone places it; the list's own heading (in the label's
        # column, on the amount heading's row) is kept among its labels
        list_heading = next((c for c in cells if heading is not None and c.text.strip()
                             and c.covers(heading.row, row_label.col)), None)
        labels = tuple(c for c in (list_heading, row_label, heading) if c is not None)
        if row_term in ("basic", "project"):
            return (row_term, TOTAL), labels
        if row_term in ("fiscal", "other"):
            return (TOTAL, row_term), labels
        if row_term == TOTAL:
            return (TOTAL, TOTAL), labels
        return None, labels
    labels = (row_label, heading)
    column_term = term_of(heading.text)
    if row_term is None or column_term is None:
        return None, labels
    if row_term in ("fiscal", "other") or column_term in ("basic", "project"):
        return (column_term, row_term), labels  # sources down the side, kinds across
    return (row_term, column_term), labels


def _unit(block_label: Cell | None, cells: list[Cell], grid: Grid) -> str | None:
    texts = [c.text for c in ((block_label,) if block_label else ())]
    texts += [c.text for c in cells if not is_figure(c)]
    texts += [line.text for line in grid.text_above()]
    return next((u for text in texts if (u := printed_unit(text)) is not None), None)


def read_budget(grid: Grid, before_row: int, findings: Findings) -> BudgetRead | None:
    """The budget block above `before_row` (the task table or the indicators), None where the
    form prints none: a block that places no amount by kind of spending or source is none."""
    block_label, cells = _block(grid, before_row)
    placed: dict[tuple[str, str], Cell] = {}
    extras: list[ExtraField] = []
    for value in sorted(cells, key=lambda c: (c.row, c.col)):
        printed = bool(value.text.strip())
        if printed and not is_figure(value):
            continue  # a label or heading, not an amount
        where, labels = _place(cells, value)
        if not labels:
            continue
        if where in _FUNDING and (not printed or where not in placed):
            if printed:
                placed[where] = value
            continue
        if where is not None and printed:
            placed.setdefault(where, value)
        extras.append(ExtraField(labels, value if printed else None))
    if not any(k in ("basic", "project") or s in ("fiscal", "other") for k, s in placed):
        return None
    unit = _unit(block_label, cells, grid)
    to_wan = WAN_PER[unit or "万元"]

    def amount(where: tuple[str, str]) -> float | None:
        cell = placed.get(where)
        if cell is None:
            return None
        path = {"fiscal": "funding.annual.fiscal", "other": "funding.annual.other"}.get(
            where[1], "funding.annual.total")
        findings.trace(path, cell)
        text = figure_reading(cell) or cell.text
        if text != cell.text:
            findings.warn(WarningCode.AMOUNT_CORRECTED, f"{path}: {cell.text!r} read as "
                          f"{text!r}, the recogniser's next reading", cell)
        read = in_wan(findings.amount(text, path, cell, grid.ocr), to_wan)
        return None if read is None else round(read, 6)  # a spreadsheet's 82800.92000000001

    def part_sum(*wheres: tuple[str, str]) -> float | None:
        """The sum of a line's printed parts (a blank part is nothing); None if none is."""
        parts = [in_wan(parse_amount(figure_reading(placed[w])), to_wan)
                 for w in wheres if w in placed]
        return round(sum(p or 0.0 for p in parts), 6) if parts else None

    fiscal = amount((TOTAL, "fiscal"))
    if fiscal is None:
        fiscal = part_sum(("basic", "fiscal"), ("project", "fiscal"))
    other = amount((TOTAL, "other"))
    if other is None:
        other = part_sum(("basic", "other"), ("project", "other"))
    total = amount((TOTAL, TOTAL))
    if total is None:
        by_kind = part_sum(("basic", TOTAL), ("project", TOTAL))
        by_source = None if fiscal is None and other is None else (fiscal or 0.0) + (other or 0.0)
        # 资金总额 = 财政拨款 + 其他资金, as the record's rules check it (the kinds may differ
        # by a cent of rounding: 湛江 2024 prints 72807.39 by kind, 72807.38 by source)
        total = by_source if by_source is not None else by_kind
        total = None if total is None else round(total, 6)
    block = frozenset(cells) | ({block_label} if block_label else frozenset())
    return BudgetRead(Amounts(total, fiscal, other, unit), tuple(extras), block)
