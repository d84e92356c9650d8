"""Reading a form no layout file describes: the layout worked out from the grid itself.

A performance-target form is known by its content, not by a template: its title words
(绩效目标申报表/填报表/目标表, 整体支出) and its indicator framework (一级/二级/三级指标,
指标值 headings). From the labels the grid carries (an open vocabulary of synonyms, see
normalize.labels) the header fields, funding totals and goals are placed; every indicator
block is found by its heading row, side by side or stacked, and its period comes from its own
words (中期/长期/实施期 or 年度/当年/本年; 年度 wins where both appear), or from its place
when it has none: a lone block is annual, two unnamed blocks are medium term then annual.
The result is an ordinary `Layout`, so the same readers read it as a shipped one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from declform.layouts.anchors import FRAMEWORK_HEADINGS, Anchor, AnchorIndex
from declform.layouts.cells import right_of
from declform.layouts.grid import Cell, Grid
from declform.layouts.spec import (
    HEADER_FIELDS,
    GoalRule,
    HeaderField,
    IndicatorSide,
    Layout,
    MatchRule,
    TaskRule,
)
from declform.normalize.titles import RELATED_FORMS

INFERRED_ID = "inferred"
DECLARATION_WORDS = ("绩效目标申报表", "绩效目标填报表", "绩效目标表", "绩效目标申报", "申报表")
DEPARTMENT_WORDS = ("部门整体", "整体支出", "整体预算")
_MEDIUM_WORDS = ("中期", "长期", "实施期", "总目标")
_ANNUAL_WORDS = ("年度", "当年", "本年")
_BLOCK_NAME_CHARS = 12
_PROJECT_LABELS = {
    "project.name": "project_name",
    "project.competent_department": "competent_department",
    "project.implementing_unit": "implementing_unit",
    "project.attribute": "attribute",
    "project.period": "period",
}


# The labels of a declaration's header (项目名称, 主管部门, 项目资金, 年度目标, 任务名称 …),
# each counted once. A budget table prints a few of them (项目, 财政拨款, 其他资金, 合计); five
# distinct ones over a heading of the indicator table are a declaration whose title and most
# headings a fax or copier spoilt.
_HEADER_KEYS = frozenset({
    "project_name", "competent_department", "implementing_unit", "attribute", "period",
    "funding", "medium_total", "annual_total", "fiscal", "other", "goals", "medium_goal",
    "annual_goal", "department_name", "main_tasks", "task_name", "task_content", "budget",
    "task_total", "task_transfer", "task_goal",
})
_HEADER_LABELS = 5
# ... one of which names whose form it is: printed once, at a form's top, never on the page a
# task table or an indicator table runs on to
_IDENTITY_KEYS = frozenset(
    {"project_name", "department_name", "competent_department", "implementing_unit"}
)
# what only an indicator table prints: the framework's headings, a block's label, the operator
# and weight columns (not 单位 or 备注: any table may print those)
_INDICATOR_KEYS = frozenset({*FRAMEWORK_HEADINGS, "indicators", "operator_header", "weight_header"})
# labels only a project's form prints: a department's form names no project, no 项目属性, no
# 项目期 and no unit carrying a project out (a project form may print 单位名称 for its
# department, and a copy may leave its 项目名称 illegible)
_PROJECT_ONLY_KEYS = frozenset({"project_name", "implementing_unit", "attribute", "period"})


@dataclass(frozen=True)
class FormEvidence:
    """Why a grid is (or is not) taken for a performance-target form."""

    title_words: bool
    framework_headings: int  # distinct indicator headings found (of 4)
    related_form: str | None  # a self-evaluation or evaluation form, by its title
    # distinct labels of a declaration's header (_HEADER_KEYS), 0 where none names whose it is
    header_labels: int = 0
    indicator_table: bool = False  # a heading or label only an indicator table prints

    @property
    def is_form(self) -> bool:
        return self.related_form is None and (
            self.framework_headings >= 3 or (self.title_words and self.framework_headings >= 2)
        )

    @property
    def is_damaged_form(self) -> bool:
        """A form whose page a scan spoilt, read in part and flagged rather than skipped as no
        form: a declaration's title over a table with one of the framework's headings, or
        without a legible title, a declaration's header over an indicator table's heading."""
        return self.related_form is None and (
            (self.title_words and self.framework_headings >= 1)
            or (self.header_labels >= _HEADER_LABELS and self.indicator_table)
        )

    def damage(self) -> str:
        """What the page showed of a damaged form, in words (the `form_incomplete` reason)."""
        shown = "a form's title" if self.title_words else (
            f"{self.header_labels} of a form's header labels but no legible title")
        return (f"{shown} over {self.framework_headings} of the 4 indicator headings: what the "
                "page shows of the form is read, the rest is missing, not blank")


def form_evidence(title: str | None, anchors: AnchorIndex) -> FormEvidence:
    text = title or ""
    related = next((what for word, what in RELATED_FORMS.items() if word in text), None)
    headings = sum(1 for key in FRAMEWORK_HEADINGS if anchors.all(key))
    keys = anchors.keys()
    header = len(keys & _HEADER_KEYS) if keys & _IDENTITY_KEYS else 0
    return FormEvidence(
        any(w in text for w in DECLARATION_WORDS), headings, related, header,
        bool(keys & _INDICATOR_KEYS),
    )


def period_of(text: str) -> str | None:
    """The horizon a text names: 年度 wins where both appear (年度资金申请总额 of 中期…)."""
    if any(word in text for word in _ANNUAL_WORDS):
        return "annual"
    if any(word in text for word in _MEDIUM_WORDS):
        return "medium_term"
    return None


def _goal(grid: Grid, anchor: Anchor, period: str) -> GoalRule:
    beside = right_of(grid, anchor.cell)
    direction = "right" if beside is not None and beside.text.strip() else "below"
    return GoalRule(period, anchor.key, direction)  # type: ignore[arg-type]


def _goals(grid: Grid, anchors: AnchorIndex, department: bool) -> tuple[GoalRule, ...]:
    rules: dict[str, GoalRule] = {}
    for key, default in (("medium_goal", "medium_term"), ("annual_goal", "annual")):
        anchor = anchors.first(key)
        if anchor is None:
            continue
        # a department form's 总体绩效目标 is its year's goal; a project's 总目标 the whole term
        period = "annual" if department else (period_of(anchor.cell.text) or default)
        rules.setdefault(period, _goal(grid, anchor, period))
    return tuple(rules.values())


def _same_row(anchors: Sequence[Anchor], row: int) -> list[Anchor]:
    return sorted((a for a in anchors if a.cell.row == row), key=lambda a: a.cell.bbox.x0)


def _names_a_block(cell: Cell) -> bool:
    """A block's name (中期绩效指标, 年度指标), not content: a goal's sentence above the block
    may well say 2026年度 and name no block."""
    text = "".join(cell.text.split())
    return "指标" in text and len(text) <= _BLOCK_NAME_CHARS


def _block_names(grid: Grid, headings: dict[str, Anchor]) -> list[Cell]:
    """The cells naming a block (中期绩效指标, 实施期绩效指标): right above the heading row
    over the block's width, or the one left of it, nearest first."""
    # its own heading row and columns: a 一级指标 heading starting above it is shared by
    # side-by-side blocks, spanning their names' row
    row = headings["value"].cell.row
    cells = [a.cell for a in headings.values() if a.cell.row >= row]
    row = min(c.row for c in cells)
    # by the grid's columns, not the boxes: a scan's cells each keep their own ruling, and a
    # neighbour block's name a pixel over this block's edge is not above it
    first, last = min(c.col for c in cells), max(c.last_col for c in cells)
    above = sorted(
        (c for c in grid.cells if c.last_row < row and c.col <= last and c.last_col >= first),
        key=lambda c: -c.last_row,
    )
    left = [c for c in grid.cells if c.row <= row <= c.last_row and c.last_col < first]
    return [c for c in (*above[:2], *sorted(left, key=lambda c: -c.last_col)[:1])
            if _names_a_block(c)]


def _block_words(grid: Grid, headings: dict[str, Anchor]) -> str:
    """Words that may name a block's horizon: its headings, then its name's cells."""
    cells = [a.cell for a in headings.values()] + _block_names(grid, headings)
    return " ".join(c.text for c in cells)


def block_name_cells(grid: Grid, anchors: AnchorIndex) -> frozenset[Cell]:
    """Every cell naming an indicator block of the grid: each block's heading, which the
    reader takes the block's period from (explain shows it claimed)."""
    at = {(a.cell.row, a.cell.col): a for group in anchors.by_key.values() for a in group}
    names: set[Cell] = set()
    for side in indicator_blocks(grid, anchors):
        places = (side.heading_cells or {}).items()
        headings = {role: at[place] for role, place in places if place in at}
        if headings:
            names.update(_block_names(grid, headings))
    # a column heading above another (一级指标 over a stacked block) is a heading, not a name
    columns = {a.cell for key, group in anchors.by_key.items() if key != "indicators"
               for a in group}
    return frozenset(names - columns)


def indicator_blocks(grid: Grid, anchors: AnchorIndex) -> tuple[IndicatorSide, ...]:
    """One side per 指标值 heading: the headings of its row left of it, back to the
    previous side's value heading (the 一级指标 column may be shared, as on the 2026 form)."""
    values = sorted(anchors.all("value_header"), key=lambda a: (a.cell.row, a.cell.col))
    # each block's own columns: after the previous block's 指标值, from its first heading;
    # compared by column, not by x (a scan's ruling puts neighbours a pixel apart either way)
    starts: dict[Anchor, int] = {}
    for value in values:
        row = value.cell.row
        left = max((v.cell.last_col for v in values
                    if v.cell.row == row and v.cell.col < value.cell.col), default=-1)
        own = [a.cell.col for key in ("level2_header", "level3_header")
               for a in _same_row(anchors.all(key), row) if left < a.cell.col < value.cell.col]
        starts[value] = min(own, default=left + 1)
    found: list[tuple[dict[str, Anchor], str | None]] = []
    for value in values:
        row = value.cell.row
        start = starts[value]
        end = min((starts[v] for v in values if v.cell.row == row and v.cell.col > value.cell.col),
                  default=grid.n_cols)
        headings: dict[str, Anchor] = {"value": value}
        for role, key in (("level2", "level2_header"), ("name", "level3_header")):
            candidates = [a for a in _same_row(anchors.all(key), row)
                          if start <= a.cell.col < value.cell.col]
            if candidates:
                headings[role] = candidates[-1]
        # the 一级指标 heading may span the block names' row too, shared by side-by-side
        # blocks (实施期绩效指标 | 年度绩效指标 beside it, their own headings under them)
        level1 = sorted((a for a in anchors.all("level1_header")
                         if a.cell.row <= row <= a.cell.last_row and a.cell.col < value.cell.col),
                        key=lambda a: a.cell.col)
        if level1:
            headings["level1"] = level1[-1]
        for role, key in (
            ("operator", "operator_header"),
            ("unit", "unit_header"),
            ("weight", "weight_header"),
            ("note", "note_header"),
        ):
            extra = [a for a in _same_row(anchors.all(key), row) if start <= a.cell.col < end]
            if extra:
                headings[role] = extra[0]
        if "name" not in headings:
            continue  # a 指标值 heading with no indicator names beside it: not a block
        found.append((headings, period_of(_block_words(grid, headings))))
    named = [period for _, period in found]
    if len(found) == 1 and named[0] is None:
        named = ["annual"]
    elif None in named:
        # unnamed blocks take the family's order: medium term first, then the year
        order = iter(p for p in ("medium_term", "annual") if p not in named)
        named = [p if p is not None else next(order, "annual") for p in named]
    sides = []
    for (headings, _), period in zip(found, named, strict=True):
        places = {role: (a.cell.row, a.cell.col) for role, a in headings.items()}
        sides.append(IndicatorSide(str(period), {}, places))
    return tuple(sides)


def _funding(anchors: AnchorIndex) -> dict[str, str]:
    funding: dict[str, str] = {}
    for key, default in (("medium_total", "medium_term"), ("annual_total", "annual")):
        anchor = anchors.first(key)
        if anchor is not None:
            funding.setdefault(period_of(anchor.cell.text) or default, key)
    return funding


def _tasks(anchors: AnchorIndex) -> TaskRule | None:
    """A department form's table of key tasks, by its column headings: those in the heading
    band of its 名称 column (a 财政拨款 of a budget matrix higher up heads no task column)."""
    category = anchors.first("task_name")
    if category is None:
        return None
    band = range(category.cell.row, category.cell.last_row + 2)
    columns = {
        role: key
        for role, key in (("category", "task_name"), ("name", "task_content"),
                          ("total", "task_total"), ("fiscal", "fiscal"),
                          ("transfer", "task_transfer"), ("goal", "task_goal"))
        if any(a.cell.row in band for a in anchors.all(key))
    }
    if "name" not in columns:
        return None
    below = [a for a in anchors.all("amount_total") if a.cell.row > category.cell.row]
    return TaskRule(columns, "amount_total" if below else None)


def infer_layout(
    grid: Grid, title: str | None, anchors: AnchorIndex, damaged: bool = False
) -> Layout | None:
    """The layout of a form no layout file describes; None without a form's evidence (or,
    `damaged`, without a damaged form's, see `FormEvidence.is_damaged_form`)."""
    evidence = form_evidence(title, anchors)
    if not (evidence.is_form or (damaged and evidence.is_damaged_form)):
        return None
    department = any(w in (title or "") for w in DEPARTMENT_WORDS) or (
        anchors.first("department_name") is not None
        and not anchors.keys() & _PROJECT_ONLY_KEYS
    )
    labels = dict(_PROJECT_LABELS)
    if anchors.first("competent_department") is None:
        # 部门名称/单位名称 on a project form names the project's department
        labels["project.competent_department"] = "department_name"
    header = [HeaderField(field, key, field == "project.competent_department")
              for field, key in labels.items() if anchors.first(key) is not None]
    if department and anchors.first("department_name") is not None:
        header = [HeaderField("project.competent_department", "department_name", True)]
    elif department:  # a department's form names no project, whatever label looks like it
        header = [h for h in header if h.field != "project.name"]
    assert all(h.field in HEADER_FIELDS for h in header)
    return Layout(
        id=INFERRED_ID,
        form_type="department" if department else "project",
        description="worked out from the form's own labels and headings",
        match=MatchRule((), (), (), ()),
        header=tuple(header),
        above_table={key: key for key in ("filler", "fill_date")},
        funding=_funding(anchors),
        goals=_goals(grid, anchors, department),
        indicators=indicator_blocks(grid, anchors),
        tasks=_tasks(anchors) if department else None,
        source="(inferred)",
    )
