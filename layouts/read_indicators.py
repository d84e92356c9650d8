"""Reading the indicator block: one Indicator per printed row and side (period)."""

from __future__ import annotations

from collections.abc import Sequence

from declform.layouts.anchors import Anchor, AnchorIndex, grid_anchors
from declform.layouts.block_names import reconcile_blocks
from declform.layouts.cells import under_heading
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid
from declform.layouts.infer import indicator_blocks
from declform.layouts.levels import completed_levels, read_level
from declform.layouts.repeated_headings import (
    opening_row,
    warn_repeated,
    with_repeated_headings,
)
from declform.layouts.spec import ROLE_HEADINGS, IndicatorSide, Layout
from declform.normalize import (
    canonical_level1,
    canonical_level2,
    clean_text,
    looks_like_figures,
    parse_value,
    repair_value_reading,
    strip_indicator_prefix,
    trim_edge_marks,
    without_stray_mark,
)
from declform.output import Indicator
from declform.output.codes import WarningCode


def _headings(
    anchors: AnchorIndex, side: IndicatorSide, findings: Findings
) -> dict[str, Anchor] | None:
    if side.heading_cells is not None:
        at = {(a.cell.row, a.cell.col): a for group in anchors.by_key.values() for a in group}
        found_cells = {role: at.get(place) for role, place in side.heading_cells.items()}
        if any(anchor is None for anchor in found_cells.values()):
            findings.warn(
                WarningCode.MISSING_LABEL, f"indicators ({side.period}): a column heading moved"
            )
            return None
        return {role: anchor for role, anchor in found_cells.items() if anchor is not None}
    chosen: dict[str, Anchor] = {}
    for role, occurrence in side.occurrences.items():
        key = ROLE_HEADINGS[role]
        found = sorted(anchors.all(key), key=lambda a: (a.cell.bbox.x0, a.cell.row))
        if len(found) < occurrence:
            findings.warn(
                WarningCode.MISSING_LABEL,
                f"indicators ({side.period}): column heading {key} #{occurrence} not found",
            )
            return None
        chosen[role] = found[occurrence - 1]
    return chosen


def _value_in_shape(value: str, cell: Cell, findings: Findings) -> str:
    """A value of figures that follows no value shape ("≥98\"", "2026年6月81日前") taken as
    the OCR's next reading that does ("≥98%", "2026年6月31日前"), with a warning."""
    if not looks_like_figures(value) or parse_value(value)["kind"] != "text":
        return value
    for other in cell.alternatives:
        candidate = clean_text(other)
        if candidate is None:
            continue
        candidate = repair_value_reading(candidate)
        # one character exchanged, none lost: "≥90" is no reading of "≥90\""
        if len(candidate) == len(value) and parse_value(candidate)["kind"] != "text":
            findings.warn(
                WarningCode.VALUE_CORRECTED,
                f"value {value!r} read as {candidate!r}, the OCR's next reading, which has "
                "a value's shape",
                cell,
            )
            return candidate
    return value


def _printed(cell: Cell | None) -> str | None:
    return clean_text(cell.text) if cell is not None else None


# An operator column's entries that add nothing to the printed value ("=" is the default
# relation, 定性/无 mark a qualitative value printed as it is)
_SILENT_OPERATORS = frozenset({"=", "＝", "定性", "无", "/", "-"})
_SILENT_UNITS = frozenset({"无", "/", "-"})
# what an operator column may hold: a reading outside it is an OCR misreading, not a sign
OPERATORS = frozenset({"≥", "≤", "＞", "＜", ">", "<", "≧", "≦", *_SILENT_OPERATORS})


def joined_value(operator: str | None, value: str | None, unit: str | None) -> str | None:
    """A value printed across operator, value and unit columns as one text: ≥ + 95 + % →
    "≥95%"; = + 100 + % → "100%"; a unit already printed with the value is not repeated."""
    if value is None:
        return None
    head = operator if operator and operator not in _SILENT_OPERATORS else ""
    tail = unit if unit and unit not in _SILENT_UNITS and not value.endswith(unit) else ""
    if operator in ("定性", "无"):
        return value
    return f"{head}{value}{tail}"


def _side_rows(
    grids: Sequence[Grid],
    rows: tuple[int, int | None],
    side: IndicatorSide,
    headings: dict[str, Anchor],
    findings: Findings,
    offset: int = 0,
) -> list[Indicator]:
    """Rows from `rows[0]`; with an end (`rows[1]`: the heading row of a block stacked
    below) only those of the first page, else on through the continuation pages."""
    first_row, end_row = rows
    indicators: list[Indicator] = []
    carried: dict[str, tuple[str | None, Cell | None]] = {
        "level1": (None, None),
        "level2": (None, None),
    }
    for grid_index, grid in enumerate(grids if end_row is None else grids[:1]):
        start = first_row if grid_index == 0 else 0
        stop = grid.n_rows if end_row is None else end_row
        if grid_index > 0 and (opening := _opening_row(grid, headings)) is not None:
            stop = opening  # a block of its own opens on this page: it reads the rest
        for row in range(start, stop):
            # a block may print no 一级指标 (or 二级指标) column: its level is then inferred
            cells: dict[str, Cell | None] = {"level1": None, "level2": None}
            cells |= {role: under_heading(grid, row, h.cell) for role, h in headings.items()}
            texts = {
                role: clean_text(c.text) if c is not None else None for role, c in cells.items()
            }
            # A blank level cell continues the level above: a merge the page break or the
            # scan split, or a form that prints each level once. One the scan could not read
            # starts a level of its own, not known.
            for level in ("level1", "level2"):
                level_cell = cells[level]
                if texts[level] is not None or (level_cell is not None and level_cell.unreadable):
                    carried[level] = (texts[level], level_cell)
            name_cell, value_cell = cells["name"], cells["value"]
            if name_cell is not None and name_cell in (cells["level1"], cells["level2"]):
                name_cell = None
            if value_cell is not None and value_cell in (name_cell, cells["level2"]):
                value_cell = None
            name = strip_indicator_prefix(clean_text(name_cell.text)) if name_cell else None
            value = clean_text(value_cell.text) if value_cell else None
            if "operator" in cells or "unit" in cells:
                operator, unit = (
                    clean_text(c.text) if (c := cells.get(role)) is not None else None
                    for role in ("operator", "unit")
                )
                if grid.ocr and operator is not None and operator not in OPERATORS:
                    findings.warn(
                        WarningCode.OPERATOR_UNREADABLE,
                        f"operator {operator!r} is no comparison sign; the value is kept "
                        "without it",
                        cells.get("operator"),
                    )
                    operator = None
                value = joined_value(operator, value, unit)
            if name is None and value is None:
                continue
            if (
                grid.ocr
                and value is not None
                and (repaired := repair_value_reading(value)) != value
            ):
                findings.warn(
                    WarningCode.VALUE_CORRECTED, f"value {value!r} read as {repaired!r}", value_cell
                )
                value = repaired
            if value is not None and value_cell is not None:
                value = _value_in_shape(value, value_cell, findings)
            if grid.ocr and value is not None and (trimmed := trim_edge_marks(value)) != value:
                findings.warn(
                    WarningCode.VALUE_CORRECTED,
                    f"value {value!r} read as {trimmed!r}, without the marks at its ends that "
                    "no value has (a copy's specks)",
                    value_cell,
                )
                value = trimmed or None
            if grid.ocr and value is not None and (whole := without_stray_mark(value)):
                findings.warn(
                    WarningCode.VALUE_CORRECTED,
                    f"value {value!r} read as {whole!r}, without a mark inside it that no "
                    "value shape has (a copy's speck)",
                    value_cell,
                )
                value = whole
            level1_raw, level1_cell = carried["level1"]
            level2_raw, level2_cell = carried["level2"]
            index = offset + len(indicators)
            where = f"indicators.{side.period}[{index}]"
            findings.trace(f"{where}.name", name_cell)
            findings.trace(f"{where}.value", value_cell)
            findings.trace(f"{where}.level1", level1_cell)
            findings.trace(f"{where}.level2", level2_cell)
            # weight and note are fields of their own; the operator and unit cells are parts
            # of the value (`records` folds them into its provenance)
            for role in ("operator", "unit", "weight", "note"):
                if role in cells and _printed(cells[role]) is not None:
                    findings.trace(f"{where}.{role}", cells[role])
            level1, level2 = completed_levels(
                read_level(level1_raw, canonical_level1, "一级指标", level1_cell, findings),
                read_level(level2_raw, canonical_level2, "二级指标", level2_cell, findings),
                (level1_cell, level2_cell),
                findings,
                missing={role for role in ("level1", "level2") if role not in headings},
            )
            indicators.append(
                Indicator(
                    period=side.period,  # type: ignore[arg-type]
                    level1=level1.canonical if level1 is not None else None,
                    level2=level2.canonical if level2 is not None else None,
                    level1_raw=level1_raw,
                    level2_raw=level2_raw,
                    name=name,
                    value=value,
                    parsed=parse_value(value) if value is not None else None,
                    weight=_printed(cells.get("weight")),
                    note=_printed(cells.get("note")),
                )
            )
    return indicators


def read_indicators(
    grids: Sequence[Grid], anchors: AnchorIndex, layout: Layout, findings: Findings
) -> list[Indicator]:
    """Indicators of every side, medium_term first, each side top to bottom.

    `grids[1:]` are continuation pages of the same table: their rows are read under the
    column headings found on the first page.
    """
    found = [(side, h) for side in layout.indicators
             if (h := _headings(anchors, side, findings)) is not None]
    heading_rows = sorted({min(a.cell.row for a in h.values()) for _, h in found})
    first_page = [h for _, h in found]
    by_period: dict[str, list[Indicator]] = {}
    for side, headings in found:
        # the rows under the heading row (a level heading may be a block's name spanning
        # its rows: the name and value headings say where the heading row ends)
        row_heads = [headings[r] for r in ("name", "value") if r in headings] or list(
            headings.values()
        )
        first_row = max(h.cell.last_row for h in row_heads) + 1
        # a block stacked below this one ends this one (中期 above 年度)
        end_row = next((row for row in heading_rows if row >= first_row), None)
        read = by_period.setdefault(side.period, [])
        read += _side_rows(grids, (first_row, end_row), side, headings, findings, len(read))
    for index, grid in enumerate(grids[1:], start=1):
        # a continuation page may open a block of its own (年度 stacked under 中期, the page
        # break between them): its headings and period are its own
        # (a heading row a fax blurred is known by the first page's headings)
        own_anchors = grid_anchors(grid)
        page_anchors = with_repeated_headings(grid, own_anchors, first_page)
        if page_anchors is not own_anchors:
            warn_repeated(own_anchors, page_anchors, findings)
        opens = opening_row(page_anchors) is not None
        blocks = indicator_blocks(grid, page_anchors) if opens else ()
        heading_rows = sorted({min(r for r, _ in side.heading_cells.values())
                               for side in blocks if side.heading_cells})
        for side in blocks:
            page_headings = _headings(page_anchors, side, findings)
            if page_headings is None:
                continue
            first_row = max(page_headings[r].cell.last_row for r in ("name", "value")
                            if r in page_headings) + 1
            end_row = next((row for row in heading_rows if row >= first_row), None)
            read = by_period.setdefault(side.period, [])
            read += _side_rows(grids[index:], (first_row, end_row), side, page_headings,
                               findings, len(read))
    medium, annual = reconcile_blocks(
        by_period.get("medium_term", []), by_period.get("annual", []), findings
    )
    _number_in_record_order(findings, len(medium))
    return medium + annual


def _opening_row(grid: Grid, headings: dict[str, Anchor]) -> int | None:
    """The heading row of a block a continuation page opens (see `repeated_headings`)."""
    return opening_row(with_repeated_headings(grid, grid_anchors(grid), [headings]))


def _number_in_record_order(findings: Findings, medium_count: int) -> None:
    """Provenance keys of the record's list: indicators[k], the medium term's rows first."""
    first = {"medium_term": 0, "annual": medium_count}
    for path in [p for p in findings.provenance if p.startswith("indicators.")]:
        period, _, rest = path.removeprefix("indicators.").partition("[")
        index, _, role = rest.partition("]")
        findings.provenance[f"indicators[{first[period] + int(index)}]{role}"] = (
            findings.provenance.pop(path)
        )
