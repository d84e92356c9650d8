"""Reading the department form's task table and its 金额合计 row.

Offices print the table two ways: the family's own form groups its tasks by kind of spending
(任务名称: 基本支出 / 项目支出, then each task's name under 主要内容), others name each task
and describe it (名称, 主要实施内容, 拟投入的资金, 期望达到的目标, as 湛江). Which one a table
is shows in its first column: kinds of spending make it the category column; otherwise it
holds the tasks' names, and the next column their content."""

from __future__ import annotations

from collections.abc import Mapping

from declform.layouts.anchors import AnchorIndex
from declform.layouts.budget_terms import is_figure, term_of
from declform.layouts.cells import columns_overlap, under_heading
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid
from declform.layouts.spec import Layout
from declform.normalize import clean_text
from declform.output import Amounts, Task
from declform.output.codes import WarningCode


def _amount(cell: Cell | None, what: str, findings: Findings, ocr: bool) -> float | None:
    if cell is None:
        return None
    findings.trace(what, cell)
    return findings.amount(clean_text(cell.text), what, cell, ocr)


def _headings(
    anchors: AnchorIndex, columns: Mapping[str, str], findings: Findings
) -> dict[str, Cell]:
    """Each column's heading cell: the one at or nearest under the first column's heading
    (a 财政拨款 printed higher up, in a budget matrix, heads no task column)."""
    headings: dict[str, Cell] = {}
    for column, key in columns.items():
        found = anchors.all(key)
        top = next(iter(headings.values()), None)
        if top is not None:
            found = tuple(sorted((a for a in found if a.cell.row >= top.row),
                                 key=lambda a: a.cell.row - top.row))
        if not found:
            findings.warn(WarningCode.MISSING_LABEL, f"task table: column heading {key} not found")
            continue
        headings[column] = found[0].cell
    return headings


def read_tasks(
    grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings
) -> tuple[list[Task], Amounts | None]:
    """One Task per row between the task headings and the 金额合计 row, plus that row's sums."""
    rule = layout.tasks
    if rule is None:
        return [], None
    headings = _headings(anchors, rule.columns, findings)
    first_row = max((cell.last_row for cell in headings.values()), default=0) + 1
    total_anchor = (
        next((a for a in anchors.all(rule.total_row) if a.cell.row >= first_row), None)
        if rule.total_row is not None else None
    )
    if not headings:
        findings.warn(WarningCode.MISSING_LABEL, "task table not found")
        return [], None
    labels = {a.cell for group in anchors.by_key.values() for a in group}
    left_edge = min(cell.bbox.x0 for cell in headings.values())

    def ends_table(row: int) -> bool:
        """A label under the headings again, or a section label starting left of them."""
        return any(under_heading(grid, row, h) in labels for h in headings.values()) or any(
            c.row == row and c.bbox.x1 <= left_edge + 1 and c.text.strip()
            for c in grid.row_cells(row)
        )

    # without a sums row (the form prints none) the table ends where another part begins
    last_row = total_anchor.cell.row if total_anchor is not None else next(
        (row for row in range(first_row, grid.n_rows) if ends_table(row)), grid.n_rows
    )

    def at(row: int, column: str) -> Cell | None:
        heading = headings.get(column)
        return under_heading(grid, row, heading) if heading is not None else None

    rows = range(first_row, last_row)
    grouped = _grouped_by_kind([at(row, "category") for row in rows])
    # (field, column) of the text parts: a table naming its tasks shifts name and content left
    texts = (
        (("category", "category"), ("name", "name"), ("goal", "goal")) if grouped
        else (("name", "category"), ("content", "name"), ("goal", "goal"))
    )
    tasks: list[Task] = []
    for row in rows:
        index = len(tasks)
        cells = {part: at(row, column) for part, column in texts}
        words = {part: clean_text(cell.text) if cell else None for part, cell in cells.items()}
        amounts = {
            c: _amount(at(row, c), f"tasks[{index}].{c}", findings, grid.ocr)
            for c in ("total", "fiscal", "transfer")
        }
        if words["name"] is None and all(v is None for v in amounts.values()):
            for column in amounts:  # a blank row: no task, so no task's cells
                findings.provenance.pop(f"tasks[{index}].{column}", None)
            continue
        for part, cell in cells.items():
            if words[part] is not None:
                findings.trace(f"tasks[{index}].{part}", cell)
        tasks.append(Task(
            category=words.get("category"), name=words["name"], content=words.get("content"),
            goal=words["goal"], total=amounts["total"], fiscal=amounts["fiscal"],
            transfer=amounts["transfer"],
        ))
    if total_anchor is None:
        return tasks, None
    row = total_anchor.cell.row
    sums = Amounts(
        total=_amount(at(row, "total"), "funding.annual.total", findings, grid.ocr),
        fiscal=_amount(at(row, "fiscal"), "funding.annual.fiscal", findings, grid.ocr),
        other=_amount(at(row, "transfer"), "funding.annual.other", findings, grid.ocr),
    )
    return tasks, sums


def _grouped_by_kind(cells: list[Cell | None]) -> bool:
    """Whether a task table's first column holds kinds of spending (基本支出, 项目支出), not
    the tasks' own names."""
    return any(cell is not None and term_of(cell.text) in ("basic", "project") for cell in cells)


def sum_labels(grid: Grid, anchors: AnchorIndex, cell: Cell) -> tuple[Cell, ...]:
    """The labels of a figure in the 金额合计 row: the row's label, then its column's heading."""
    left = [c for c in grid.row_cells(cell.row)
            if c.last_col < cell.col and c.row == cell.row and c.text.strip() and not is_figure(c)]
    row_label = max(left, key=lambda c: c.last_col, default=None)
    headings = [
        a.cell for key in ("task_total", "fiscal", "task_transfer") for a in anchors.all(key)
        if a.cell.row < cell.row and columns_overlap(a.cell, cell)
    ]
    heading = max(headings, key=lambda c: c.row, default=None)
    return tuple(c for c in (row_label, heading) if c is not None)
