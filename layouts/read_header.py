"""Reading the form head: title, fiscal year, header fields, filler lines, goals (funding:
read_funding)."""

from __future__ import annotations

from dataclasses import dataclass

from declform.layouts.anchors import TEXT_FIELD_KEYS, Anchor, AnchorIndex
from declform.layouts.cells import below, right_of
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid, TextLine
from declform.layouts.header_values import judged_value
from declform.layouts.spec import Layout
from declform.normalize import (
    canonical_label,
    clean_text,
    parse_date,
    parse_department,
    parse_filler,
    parse_fiscal_year,
    split_label_value,
)
from declform.normalize.choices import Choice, read_choice
from declform.normalize.titles import RELATED_FORMS, TITLE_WORDS
from declform.output import Filler, Goals, Project
from declform.output.codes import WarningCode

Printed = Cell | TextLine  # where a value was read: a cell, or a line outside the table


@dataclass(frozen=True)
class TitleRead:
    """The title and fiscal year with where each was printed (the year's place is the
    title's when the title gives it)."""

    title: str | None
    fiscal_year: int | None
    title_at: tuple[Printed, ...]
    year_at: tuple[Printed, ...]
    # the year line's next reading taken for its first (the title says that year): the
    # reader warns
    year_reading: str | None = None


def _readings(printed: Printed) -> tuple[str, ...]:
    return (printed.text, *printed.alternatives)


def _year_of_line(printed: Printed, title_at: tuple[Printed, ...]) -> tuple[int, str] | None:
    """The year a 年度 line prints, and the reading it comes from: its first reading's, or
    where the title prints another year, the next reading that says the title's year (a
    fax's 6 read as 8: "(2028年度)" under a 2026 title, next reading "(2026年度)")."""
    years = [(year, text) for text in _readings(printed)
             if (year := parse_fiscal_year(text)) is not None]
    if not years:
        return None
    titled = {year for line in title_at for text in _readings(line)
              if (year := parse_fiscal_year(text)) is not None}
    return next(((y, t) for y, t in years if y in titled), years[0])


def _title_lines(lines: list[TextLine]) -> tuple[str | None, tuple[TextLine, ...]]:
    """The title line, joined with the lines it wrapped onto (same print size, no label)."""
    start = next(
        (i for i, line in enumerate(lines) if any(w in line.text for w in TITLE_WORDS)), None
    )
    if start is None:
        return (clean_text(lines[0].text), (lines[0],)) if lines else (None, ())
    parts = [lines[start]]
    height = lines[start].bbox.height
    for line in lines[start + 1 :]:
        similar = abs(line.bbox.height - height) <= 0.25 * height
        if not similar or "年度" in line.text or split_label_value(line.text) is not None:
            break
        parts.append(line)
    return clean_text("".join(line.text for line in parts)), tuple(parts)


def _title_in_frame(grid: Grid) -> Cell | None:
    """A title printed in the table's first row, one cell across the whole width."""
    for cell in grid.cells:
        if cell.row == 0 and cell.colspan == grid.n_cols and any(
            word in cell.text for word in (*TITLE_WORDS, *RELATED_FORMS)
        ):
            return cell
    return None


_FRAME_TITLE_ROWS = 3  # a title and a year line printed inside the frame sit on top


def title_and_year(grid: Grid) -> TitleRead:
    """The title above the table (or in its first row) and the fiscal year from
    "(2026年度)" or the title, each with where it is printed."""
    lines = [line for line in grid.text_above() if clean_text(line.text)]
    title, above = _title_lines(lines)
    title_at: tuple[Printed, ...] = above
    if not any(word in (title or "") for word in (*TITLE_WORDS, *RELATED_FORMS)):
        framed = _title_in_frame(grid)
        if framed is not None:
            title, title_at = clean_text(framed.text), (framed,)
    # the year line above the table, or in one of its first full-width rows (（2026年度）)
    in_frame = [c for c in grid.cells if c.row < _FRAME_TITLE_ROWS and c.colspan == grid.n_cols]
    candidates: list[Printed] = [*lines, *in_frame]
    for printed in candidates:
        text = clean_text(printed.text)
        if text and "年度" in text and text not in (title or ""):
            read = _year_of_line(printed, title_at)
            if read is not None:
                return TitleRead(title, read[0], title_at, (printed,),
                                 None if read[1] == printed.text else read[1])
    title_year = parse_fiscal_year(title)
    return TitleRead(title, title_year, title_at, title_at if title_year is not None else ())


def read_title(grid: Grid) -> tuple[str | None, int | None]:
    """The title and the fiscal year (`title_and_year` without their places)."""
    read = title_and_year(grid)
    return read.title, read.fiscal_year


def _laid_out_as_labels(grid: Grid, anchor: Anchor) -> bool:
    """Whether the label's row is cut into cells as another row that holds header labels
    alone (部门名称 | 项目实施单位 over their values): then it is a row of labels too, its
    other cells labels the scan misread ("实前期" for 实施期), its values under them."""
    def shape(row: int) -> tuple[tuple[int, int], ...]:
        return tuple((c.col, c.colspan) for c in grid.row_cells(row) if c.row == row)

    own = shape(anchor.cell.row)
    for row in range(grid.n_rows):
        cells = [c for c in grid.row_cells(row) if c.row == row]
        if row == anchor.cell.row or len(cells) < 2 or shape(row) != own:
            continue
        keys = [match.key if (match := canonical_label(c.text)) else None for c in cells]
        if all(key in TEXT_FIELD_KEYS for key in keys):  # the header's text fields' labels
            return True
    return False


def value_text(
    grid: Grid, anchor: Anchor, direction: str = "right"
) -> tuple[str | None, Cell | None]:
    """The printed value belonging to a label: in the label's own cell after the label, or in
    the neighbouring cell."""
    if anchor.value_text:
        return clean_text(anchor.value_text), anchor.cell
    if direction != "right":
        cell = below(grid, anchor.cell)
        return (clean_text(cell.text), cell) if cell is not None else (None, None)
    cell = right_of(grid, anchor.cell)
    if cell is None or canonical_label(cell.text) is not None or _laid_out_as_labels(grid, anchor):
        # a row of labels with their values under them
        under = below(grid, anchor.cell)
        if under is not None and clean_text(under.text) and canonical_label(under.text) is None:
            return clean_text(under.text), under
    first = cell
    # A scratch or fold on a copy can split the value cell: blank slivers before the value
    # are passed over, up to the next label (a blank value stays blank).
    while cell is not None and clean_text(cell.text) is None:
        cell = right_of(grid, cell)
    if cell is None or (cell is not first and canonical_label(cell.text) is not None):
        return None, first
    return clean_text(cell.text), cell


def _ticked(field: str, text: str, choice: Choice, cell: Cell | None, findings: Findings) -> str:
    """The ticked option of a tick-box list; the printed list where the ticks do not decide."""
    if choice.answer is not None:
        return choice.answer
    ticks = "no option is" if not choice.ticked else "several options are"
    findings.warn(
        WarningCode.VALUE_UNREADABLE, f"{field}: {ticks} ticked in {text!r}; kept as printed", cell
    )
    return text


def read_project(grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings) -> Project:
    values: dict[str, str | None] = {}
    for spec in layout.header:
        anchor = anchors.first(spec.label)
        if anchor is None:
            findings.warn(
                WarningCode.MISSING_LABEL, f"label for {spec.field} ({spec.label}) not found"
            )
            continue
        text, cell = value_text(grid, anchor)
        text = judged_value(spec.field, text, cell, grid, findings)
        if text is not None and (choice := read_choice(text)) is not None:
            text = _ticked(spec.field, text, choice, cell, findings)
        _, _, name = spec.field.partition(".")
        findings.trace(spec.field, cell)
        if spec.split_code:
            dept, code = parse_department(text)
            values[name] = dept
            values["department_code"] = code
            if code is not None:  # printed in the department's cell: "某局 (009910021)"
                findings.trace("project.department_code", cell)
        else:
            values[name] = text
    return Project(**values)


def _labelled_lines(grid: Grid, anchors: AnchorIndex) -> dict[str, tuple[str, Cell | TextLine]]:
    """Label → (value, where) from the free text above the table and from label cells."""
    found: dict[str, tuple[str, Cell | TextLine]] = {}
    for line in grid.text_above():
        split = split_label_value(line.text)
        if split is not None:
            match, rest = split
            found.setdefault(match.key, (rest, line))
    for key in ("filler", "fill_date"):
        anchor = anchors.first(key)
        if anchor is not None and key not in found:
            text, cell = value_text(grid, anchor)
            if text and cell is not None:
                found[key] = (text, cell)
    return found


def read_filler(grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings) -> Filler:
    lines = _labelled_lines(grid, anchors)
    name = phone = date = None
    if (filler_key := layout.above_table.get("filler")) and filler_key in lines:
        raw, where = lines[filler_key]
        name, phone = parse_filler(raw)
        for path, value in (("filler.name", name), ("filler.phone", phone)):
            if value is not None:
                findings.trace_printed(path, (where,))
    if (date_key := layout.above_table.get("fill_date")) and date_key in lines:
        raw, where = lines[date_key]
        date = parse_date(raw)
        if date is not None:
            findings.trace_printed("filler.date", (where,))
        if date is None and clean_text(raw):
            findings.warn(
                WarningCode.DATE_UNREADABLE,
                f"填报日期 {raw!r} is not a full date",
                where="above table",
            )
    return Filler(name=name, phone=phone, date=date)


def read_goals(grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings) -> Goals:
    goals: dict[str, str | None] = {}
    for rule in layout.goals:
        anchor = anchors.first(rule.label)
        if anchor is None:
            findings.warn(
                WarningCode.MISSING_LABEL, f"goals.{rule.period}: label {rule.label} not found"
            )
            continue
        text, cell = value_text(grid, anchor, rule.value)
        findings.trace(f"goals.{rule.period}", cell)
        goals[rule.period] = text
    return Goals(**goals)
