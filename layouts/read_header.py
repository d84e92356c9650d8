"""Reading the form head: title, fiscal year, header fields, filler lines, funding, goals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from declform.layouts.anchors import Anchor, AnchorIndex
from declform.layouts.cells import below, columns_overlap, right_of
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid, TextLine
from declform.layouts.spec import Layout
from declform.normalize import (
    VocabMatch,
    canonical_label,
    clean_text,
    label_key,
    parse_date,
    parse_department,
    parse_filler,
    parse_fiscal_year,
    split_label_value,
)
from declform.output import Amounts, Filler, Funding, Goals, Project
from declform.output.codes import WarningCode

_TITLE_WORDS = ("绩效目标", "申报表", "目标表")
# titles of the family's other forms, so that they are named (infer.RELATED_FORMS)
_RELATED_TITLE_WORDS = ("自评表", "评价表")
# The row under a funding total is its fiscal share, printed "其中:财政拨款" (of which: …).
_OF_WHICH = "其中"

# a letter, digit or CJK character: what any printed header value holds
_WORDLIKE = re.compile(r"[^\W_]")


def _title_lines(lines: list[TextLine]) -> str | None:
    """The title line, joined with the lines it wrapped onto (same print size, no label)."""
    start = next(
        (i for i, line in enumerate(lines) if any(w in line.text for w in _TITLE_WORDS)), None
    )
    if start is None:
        return clean_text(lines[0].text) if lines else None
    parts = [lines[start].text]
    height = lines[start].bbox.height
    for line in lines[start + 1 :]:
        similar = abs(line.bbox.height - height) <= 0.25 * height
        if not similar or "年度" in line.text or split_label_value(line.text) is not None:
            break
        parts.append(line.text)
    return clean_text("".join(parts))


def _title_in_frame(grid: Grid) -> str | None:
    """A title printed in the table's first row, one cell across the whole width."""
    for cell in grid.cells:
        if cell.row == 0 and cell.colspan == grid.n_cols and any(
            word in cell.text for word in (*_TITLE_WORDS, *_RELATED_TITLE_WORDS)
        ):
            return clean_text(cell.text)
    return None


def read_title(grid: Grid) -> tuple[str | None, int | None]:
    """The title above the table (or in its first row) and the fiscal year from
    "(2026年度)" or the title."""
    lines = [line for line in grid.text_above() if clean_text(line.text)]
    title = _title_lines(lines)
    if not any(word in (title or "") for word in (*_TITLE_WORDS, *_RELATED_TITLE_WORDS)):
        title = _title_in_frame(grid) or title
    year = None
    for line in lines:
        text = clean_text(line.text)
        if text and "年度" in text and text not in (title or ""):
            year = parse_fiscal_year(text)
            if year is not None:
                break
    if year is None:
        year = parse_fiscal_year(title)
    return title, year


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
    if cell is None or canonical_label(cell.text) is not None:
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
        if text is not None and not _WORDLIKE.search(text):
            # marks alone (a copy's specks or a ruling's stub read as "，：" or "["): no value
            findings.warn(
                WarningCode.VALUE_UNREADABLE,
                f"{spec.field}: {text!r} holds no word; left blank",
                cell,
            )
            text = None
        _, _, name = spec.field.partition(".")
        findings.trace(spec.field, cell)
        if spec.split_code:
            dept, code = parse_department(text)
            values[name] = dept
            values["department_code"] = code
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
        name, phone = parse_filler(lines[filler_key][0])
    if (date_key := layout.above_table.get("fill_date")) and date_key in lines:
        raw, _ = lines[date_key]
        date = parse_date(raw)
        if date is None and clean_text(raw):
            findings.warn(
                WarningCode.DATE_UNREADABLE,
                f"填报日期 {raw!r} is not a full date",
                where="above table",
            )
    return Filler(name=name, phone=phone, date=date)


@dataclass(frozen=True)
class _AmountRead:
    amount: float | None
    text: str | None = None
    cell: Cell | None = None


def _amount(grid: Grid, anchor: Anchor | None, path: str, findings: Findings) -> _AmountRead:
    if anchor is None:
        return _AmountRead(None)
    text, cell = value_text(grid, anchor)
    findings.trace(path, cell)
    return _AmountRead(findings.amount(text, path, cell, grid.ocr), text, cell)


def _lost_point(read: _AmountRead, expected: float) -> bool:
    """Whether `read` is `expected` with its decimal point lost ("150000" for 1500.00): the
    forms print amounts to the cent, and the point is the first mark a scan drops."""
    return (
        read.amount is not None
        and read.text is not None
        and "." not in read.text
        and expected > 0
        and abs(read.amount / 100 - expected) < 0.005
    )


def _with_lost_points(
    total: _AmountRead, fiscal: _AmountRead, other: float | None, path: str, findings: Findings
) -> tuple[float | None, float | None]:
    """Total and fiscal share, one of them a hundred times the other side of 资金总额 =
    财政拨款 + 其他资金 put right (the funding arithmetic tells which lost its point)."""
    for read, expected, name in (
        (total, (fiscal.amount or 0.0) + (other or 0.0), "total"),
        (fiscal, (total.amount or 0.0) - (other or 0.0), "fiscal"),
    ):
        if read.amount is None or fiscal.amount is None or total.amount is None:
            continue
        if not _lost_point(read, expected):
            continue
        corrected = read.amount / 100
        findings.warn(
            WarningCode.AMOUNT_CORRECTED,
            f"{path}.{name}: {read.text!r} read as {corrected:.2f}, its decimal point lost: "
            "so the funding adds up",
            read.cell,
        )
        return (corrected, fiscal.amount) if name == "total" else (total.amount, corrected)
    return total.amount, fiscal.amount


def _below_in_block(anchors: AnchorIndex, key: str, total: Anchor) -> Anchor | None:
    """The `key` label in the same column block as the total label, nearest below it."""
    candidates = [
        a
        for a in anchors.all(key)
        if a.cell.row > total.cell.row and columns_overlap(a.cell, total.cell)
    ]
    return min(candidates, key=lambda a: a.cell.row, default=None)


def _fiscal_by_position(
    grid: Grid, anchors: AnchorIndex, total: Anchor, findings: Findings
) -> Anchor | None:
    """The 其中:财政拨款 label with its last characters misread ("其中:财政损敏"): the label
    right under a total that opens with 其中 ("of which") is the fiscal share's."""
    labelled = {a.cell for group in anchors.by_key.values() for a in group}
    for cell in grid.cells:
        if (
            cell.row == total.cell.last_row + 1
            and columns_overlap(cell, total.cell)
            and cell not in labelled
            and label_key(cell.text).startswith(_OF_WHICH)
        ):
            findings.warn(
                WarningCode.LABEL_CORRECTED, f"label {cell.text!r} read as '其中:财政拨款'", cell
            )
            return Anchor("fiscal", cell, VocabMatch("fiscal", "其中:财政拨款", 0.0, exact=False))
    return None


def read_funding(grid: Grid, anchors: AnchorIndex, layout: Layout, findings: Findings) -> Funding:
    blocks: dict[str, Amounts] = {}
    for period, total_key in layout.funding.items():
        total = anchors.first(total_key)
        if total is None:
            findings.warn(
                WarningCode.MISSING_LABEL, f"funding.{period}: label {total_key} not found"
            )
            continue
        fiscal = _below_in_block(anchors, "fiscal", total) or _fiscal_by_position(
            grid, anchors, total, findings
        )
        path = f"funding.{period}"
        other = _amount(grid, _below_in_block(anchors, "other", total), f"{path}.other", findings)
        total_read = _amount(grid, total, f"{path}.total", findings)
        fiscal_read = _amount(grid, fiscal, f"{path}.fiscal", findings)
        total_amount, fiscal_amount = (
            _with_lost_points(total_read, fiscal_read, other.amount, path, findings)
            if grid.ocr  # a text layer's figures are as printed, points and all
            else (total_read.amount, fiscal_read.amount)
        )
        unit = _block_unit(grid, anchors, total)
        to_wan = _WAN_PER[unit or "万元"]
        blocks[period] = Amounts(
            total=_in_wan(total_amount, to_wan),
            fiscal=_in_wan(fiscal_amount, to_wan),
            other=_in_wan(other.amount, to_wan),
            unit=unit,
        )
    return Funding(**blocks)


# 万元 per printed unit: records hold amounts in 万元, whatever the form prints
_WAN_PER = {"万元": 1.0, "千元": 0.1, "元": 0.0001}
_UNIT_NOTE = re.compile(r"[（(]\s*(万元|千元|元)\s*[)）]|单位\s*[:：]\s*(万元|千元|元)")


def printed_unit(text: str) -> str | None:
    """The money unit a label or note names: "项目资金（元）", "单位：万元"."""
    match = _UNIT_NOTE.search(text)
    return (match[1] or match[2]) if match else None


def _block_unit(grid: Grid, anchors: AnchorIndex, total: Anchor) -> str | None:
    """The funding block's printed unit, from its total's label, the block's label
    (项目资金（元）) or a unit note above the table; None when none says (then 万元, the
    family's usual unit)."""
    texts = [total.cell.text]
    texts += [a.cell.text for key in ("funding", "budget") for a in anchors.all(key)]
    texts += [line.text for line in grid.text_above()]
    return next((u for text in texts if (u := printed_unit(text)) is not None), None)


def _in_wan(amount: float | None, to_wan: float) -> float | None:
    # rounded to the cent of a 元 amount: 1234.56 元 is 0.123456 万元, not 0.12345600000000001
    if amount is None or to_wan == 1.0:
        return amount
    return round(amount * to_wan, 6)


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
