"""`declform explain`: what the reader found on a page, so a user can see why a field is
missing: the evidence that it is a form, the layout taken, every label and indicator block,
what each field was read from, and the cells nothing claimed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from declform.layouts.anchors import grid_anchors
from declform.layouts.apply import identify, read_form, why_not_a_form
from declform.layouts.fields import FormFields
from declform.layouts.grid import Cell, Grid
from declform.layouts.infer import block_name_cells, form_evidence
from declform.layouts.read_header import read_title
from declform.output import FormRecord


@dataclass(frozen=True)
class GridExplanation:
    page: int
    rows: int
    cols: int
    title: str | None
    fiscal_year: int | None
    title_words: bool
    framework_headings: int
    layout: str | None
    verdict: str
    labels: tuple[tuple[str, str, int, int], ...]  # key, printed text, row, col
    block_names: tuple[tuple[str, int, int], ...]  # printed text, row, col of a block's name
    fields: tuple[tuple[str, str, int, int], ...]  # field path, text, row, col
    periods: tuple[tuple[str, int], ...]  # indicator period, rows read
    unplaced: tuple[tuple[int, int, str], ...]  # row, col, text of cells nothing claimed
    warnings: tuple[str, ...]


def _where(cell: Cell) -> tuple[int, int]:
    return cell.row, cell.col


def explain_grid(grid: Grid) -> GridExplanation:
    title, year = read_title(grid)
    anchors = grid_anchors(grid)
    evidence = form_evidence(title, anchors)
    labelled = [a for group in anchors.by_key.values() for a in group]
    match = identify(grid)
    form: FormFields | None = read_form([grid], match) if match is not None else None
    provenance = form.provenance if form is not None else {}
    names = block_name_cells(grid, anchors)
    claimed = {a.cell for a in labelled} | set(provenance.values()) | names
    claimed |= form.claimed if form is not None else set()
    unplaced = tuple(
        (cell.row, cell.col, cell.text.strip())
        for cell in sorted(grid.cells, key=_where)
        if cell.text.strip() and cell not in claimed and cell.text.strip() != (title or "")
    )
    periods: dict[str, int] = {}
    for indicator in form.indicators if form is not None else ():
        periods[indicator.period] = periods.get(indicator.period, 0) + 1
    return GridExplanation(
        page=grid.page,
        rows=grid.n_rows,
        cols=grid.n_cols,
        title=title,
        fiscal_year=year,
        title_words=evidence.title_words,
        framework_headings=evidence.framework_headings,
        layout=match.layout.id if match is not None else None,
        verdict=(
            f"starts a {match.layout.form_type} form, read with layout {match.layout.id}"
            if match is not None
            else why_not_a_form(grid)
        ),
        labels=tuple(
            (a.key, a.cell.text.strip(), a.cell.row, a.cell.col)
            for a in sorted(labelled, key=lambda a: _where(a.cell))
        ),
        block_names=tuple((c.text.strip(), c.row, c.col) for c in sorted(names, key=_where)),
        fields=tuple(
            (path, cell.text.strip(), cell.row, cell.col)
            for path, cell in provenance.items()
            if not path.startswith("indicators")
        ),
        periods=tuple(periods.items()),
        unplaced=unplaced,
        warnings=tuple(f"{w.code}: {w.message}" for w in form.warnings) if form else (),
    )


_INDICATOR = re.compile(r"indicators\[(\d+)\]")


def as_continuation(explanation: GridExplanation, record: FormRecord) -> GridExplanation:
    """A page that continues `record`'s form, explained as the form read it: the rows its
    indicator blocks took from this page, by period, and the page's cells nothing claimed."""
    page = explanation.page
    on_page = {i for i, cell in enumerate(record.cells) if cell.page == page}
    claimed = {i for cells in record.provenance.values() for i in cells}
    claimed |= {i for extra in record.extras for i in extra.cells}
    # a block that opens on this page: its headings and name are what its rows are read under
    headings = {(row, col) for *_, row, col in (*explanation.labels, *explanation.block_names)}
    claimed |= {i for i in on_page if (record.cells[i].row, record.cells[i].col) in headings}
    rows: dict[str, set[int]] = {}
    for path, cells in record.provenance.items():
        found = _INDICATOR.match(path)
        if found and on_page.intersection(cells):
            index = int(found[1])
            rows.setdefault(record.indicators[index].period, set()).add(index)
    unplaced = tuple(
        (cell.row, cell.col, cell.text.strip())
        for i, cell in enumerate(record.cells)
        if i in on_page and i not in claimed and cell.text.strip()
    )
    return replace(
        explanation,
        verdict=f"continues the form that begins on page {record.source.pages[0]}: its rows are "
        "read under that form's headings",
        periods=tuple((period, len(indices)) for period, indices in rows.items()),
        unplaced=unplaced,
    )


def render(explanation: GridExplanation) -> str:
    e = explanation
    lines = [
        f"page {e.page}: table of {e.rows} rows × {e.cols} columns",
        f"  title: {e.title!r} (year {e.fiscal_year}); form title words: "
        f"{'yes' if e.title_words else 'no'}; indicator headings: {e.framework_headings} of 4",
        f"  → {e.verdict}",
        "  labels:",
        *(f"    ({row},{col}) {key}: {text!r}" for key, text, row, col in e.labels),
        *(f"    ({row},{col}) block name: {text!r}" for text, row, col in e.block_names),
        "  fields read:",
        *(f"    {path} ← ({row},{col}) {text!r}" for path, text, row, col in e.fields),
        "  indicators: " + (", ".join(f"{n} {p}" for p, n in e.periods) or "none"),
        f"  cells nothing claimed ({len(e.unplaced)}):",
        *(f"    ({row},{col}) {text[:40]!r}" for row, col, text in e.unplaced),
    ]
    if e.warnings:
        lines += ["  warnings:", *(f"    {w}" for w in e.warnings)]
    return "\n".join(lines)
