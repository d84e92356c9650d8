"""Applying a layout to the grid(s) of one form: the code both extraction paths share."""

from __future__ import annotations

from collections.abc import Sequence

from declform.layouts.anchors import FRAMEWORK_HEADINGS, AnchorIndex, grid_anchors
from declform.layouts.extras import read_extras
from declform.layouts.fields import ExtraField, Findings, FormFields
from declform.layouts.grid import Cell, Grid
from declform.layouts.infer import block_name_cells, form_evidence, infer_layout
from declform.layouts.match import LayoutMatch, match_layout
from declform.layouts.read_budget import read_budget
from declform.layouts.read_funding import read_funding
from declform.layouts.read_header import (
    read_filler,
    read_goals,
    read_project,
    read_title,
    title_and_year,
)
from declform.layouts.read_indicators import read_indicators
from declform.layouts.read_tasks import read_tasks, sum_labels
from declform.layouts.spec import Layout, active_layouts
from declform.normalize import canonical_level1, canonical_level2
from declform.normalize.titles import RELATED_FORMS, TITLE_WORDS, snap_title
from declform.output import Amounts, Funding
from declform.output.codes import WarningCode


def identify(grid: Grid, layouts: Sequence[Layout] | None = None) -> LayoutMatch | None:
    """Which layout this grid's page starts, or None (not a form start: a continuation page,
    another table, or no form). A form no layout file describes is read by the layout its
    own labels and headings give (`infer_layout`)."""
    title, _ = read_title(grid)
    anchors = grid_anchors(grid)
    if not _is_title(title) and anchors.keys() <= CONTINUATION_KEYS:
        return None  # indicator headings alone: a block that opens a continuation page
    match = match_layout(layouts if layouts is not None else active_layouts(), title, anchors)
    if match is not None:
        return match
    evidence = form_evidence(title, anchors)
    inferred = infer_layout(grid, title, anchors)
    if inferred is not None:
        return LayoutMatch(inferred, 0.0, evidence.title_words)
    damaged = infer_layout(grid, title, anchors, damaged=True)
    if damaged is None:
        return None
    return LayoutMatch(damaged, 0.0, evidence.title_words, incomplete=evidence.damage())


# what a page holding only (part of) an indicator table prints: its headings, a block's name
CONTINUATION_KEYS = frozenset({
    "indicators", *FRAMEWORK_HEADINGS, "operator_header", "unit_header", "weight_header",
    "note_header",
})


# A line above a table is a form's title by its words, or, misread, by its length: an office,
# a year and a kind run to a dozen characters; a speck read as `m`, a page number or 续表
# above a continuation page's table do not.
_TITLE_CHARS = 6


def _is_title(text: str | None) -> bool:
    if not text:
        return False
    words = (*TITLE_WORDS, *RELATED_FORMS)
    return any(w in text for w in words) or sum(c.isalnum() for c in text) >= _TITLE_CHARS


def why_not_a_form(grid: Grid) -> str:
    """What a page's table is, in words, when it starts no form (a page outcome's reason)."""
    title, _ = read_title(grid)
    anchors = grid_anchors(grid)
    evidence = form_evidence(title, anchors)
    if evidence.related_form is not None:
        return f"{evidence.related_form}, not a declaration form"
    if not _is_title(title) and evidence.is_form and anchors.keys() <= CONTINUATION_KEYS:
        return (
            "an indicator block with its headings and no title or header: the continuation "
            "of a form whose first page is not before it"
        )
    if evidence.title_words or evidence.framework_headings:
        return (
            f"a table with {evidence.framework_headings} of the 4 indicator headings"
            f"{' under a form title' if evidence.title_words else ' and no form title'}: "
            "too little to read as a form"
        )
    levels = _level_names(grid)
    if len(levels) >= _CONTINUED_LEVELS:
        return (
            f"indicator rows under the framework's level names ({'、'.join(levels[:3])}) with "
            "no headings, title or header: the continuation of a form whose first page is "
            "not before it"
        )
    return "no form title and no indicator framework in the table"


# A table with a column holding this many of the framework's level names (产出指标, 数量指标
# …) down its rows is indicator rows, though it prints no heading: a form's continuation.
_CONTINUED_LEVELS = 2


def _level_names(grid: Grid) -> list[str]:
    """The framework level names down the table's richest column of them, each once (a
    heading row that says 数量 | 质量 is no such column)."""
    columns: dict[int, dict[str, None]] = {}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        match = canonical_level1(cell.text) or canonical_level2(cell.text)
        if match is not None:
            columns.setdefault(cell.col, {}).setdefault(match.canonical)
    return max((list(names) for names in columns.values()), key=len, default=[])


def _cells_of(extras: Sequence[ExtraField]) -> set[Cell]:
    return {cell for extra in extras for cell in (*extra.labels, extra.value) if cell is not None}


def _department_budget(
    grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings
) -> tuple[Amounts | None, list[ExtraField], set[Cell]]:
    """A department form's budget matrix: its totals by source (the department's whole
    budget) are the annual funding, and the task table's 金额合计, where printed too, is kept
    as extras under its row and column labels."""
    if layout.form_type != "department":
        return None, [], set()
    starts = [a.cell.row for key in ("task_name", *FRAMEWORK_HEADINGS) for a in anchors.all(key)]
    sums = {key: findings.provenance.pop(f"funding.annual.{key}", None)
            for key in ("total", "fiscal", "other")}
    read = read_budget(grid, min(starts, default=grid.n_rows), findings)
    if read is None:
        findings.provenance.update({f"funding.annual.{k}": c for k, c in sums.items() if c})
        return None, [], set()
    kept = [ExtraField(sum_labels(grid, anchors, cell), cell) for cell in sums.values() if cell]
    return read.funding, [*read.extras, *kept], set(read.cells) | _cells_of(kept)


def read_form(grids: Sequence[Grid], match: LayoutMatch) -> FormFields:
    """Read one form: `grids[0]` is the page the form starts on, the rest continue its table."""
    layout = match.layout
    first = grids[0]
    findings = Findings()
    anchors = grid_anchors(first)
    for anchor in (a for group in anchors.by_key.values() for a in group):
        if not anchor.match.exact:
            findings.warn(
                WarningCode.LABEL_CORRECTED,
                f"label {anchor.cell.text!r} read as {anchor.match.canonical!r}",
                anchor.cell,
            )
    heading = title_and_year(first)
    title, fiscal_year = heading.title, heading.fiscal_year
    findings.trace_printed("title", heading.title_at)
    findings.trace_printed("fiscal_year", heading.year_at)
    if heading.year_reading is not None:
        findings.warn(
            WarningCode.VALUE_CORRECTED,
            f"year {heading.year_at[0].text!r} read as {heading.year_reading!r}, the "
            "recogniser's next reading, which says the title's year",
            where=f"page {first.page}",
            field="fiscal_year",
        )
    if first.ocr and (snapped := snap_title(title)) is not None:
        findings.warn(
            WarningCode.TITLE_CORRECTED,
            f"title {title!r} read as {snapped!r}: its wording is one of the family's",
            where=f"page {first.page}",
            field="title",
        )
        title = snapped
    if match.incomplete is not None:
        findings.warn(WarningCode.FORM_INCOMPLETE, match.incomplete, where=f"page {first.page}")
    if not match.title_matched:
        findings.warn(
            WarningCode.TITLE_UNRECOGNISED,
            f"title {title!r} is not one of layout {layout.id}'s; matched by its labels",
            where=f"page {first.page}",
        )
    funding = read_funding(first, anchors, layout, findings)
    tasks, task_sums = read_tasks(first, anchors, layout, findings)
    budget, budget_extras, budget_cells = _department_budget(first, anchors, layout, findings)
    if budget is not None:
        funding = Funding(medium_term=funding.medium_term, annual=budget)
    elif task_sums is not None:
        funding = Funding(medium_term=funding.medium_term, annual=task_sums)
    project = read_project(first, anchors, layout, findings)
    filler = read_filler(first, anchors, layout, findings)
    goals = read_goals(first, anchors, layout, findings)
    indicators = tuple(read_indicators(grids, anchors, layout, findings))
    labels = {a.cell for group in anchors.by_key.values() for a in group}
    headings = [a.cell.row for key in FRAMEWORK_HEADINGS for a in anchors.all(key)]
    used = labels | set(findings.provenance.values()) | budget_cells
    used |= block_name_cells(first, anchors)
    extras = read_extras(first, used, min(headings, default=None))
    claimed = used | _cells_of(extras) | _cells_of(budget_extras)
    return FormFields(
        layout_id=layout.id,
        form_type=layout.form_type,
        title=title,
        fiscal_year=fiscal_year,
        project=project,
        filler=filler,
        funding=funding,
        goals=goals,
        indicators=indicators,
        tasks=tuple(tasks),
        warnings=tuple(findings.warnings),
        grids=tuple(grids),
        provenance=findings.provenance,
        extras=(*budget_extras, *extras),
        lines=findings.lines,
        claimed=frozenset(claimed),
    )
