"""Reading the funding block: totals, fiscal and other shares, in 万元 whatever the form prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from declform.layouts.anchors import Anchor, AnchorIndex
from declform.layouts.cells import columns_overlap
from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid
from declform.layouts.read_header import value_text
from declform.layouts.spec import Layout
from declform.normalize import (
    VocabMatch,
    clean_text,
    label_key,
    parse_amount,
    repair_amount_reading,
)
from declform.output import Amounts, Funding
from declform.output.codes import WarningCode

# The row under a funding total is its fiscal share, printed "其中:财政拨款" (of which: …).
_OF_WHICH = "其中"


@dataclass(frozen=True)
class _AmountRead:
    amount: float | None
    text: str | None = None
    cell: Cell | None = None


def _amount(
    grid: Grid, anchor: Anchor | None, path: str, findings: Findings, defer: bool = False
) -> _AmountRead:
    """The amount printed beside `anchor`. `defer`: a scan's reading that is no amount is
    left unjudged (None, no warning yet), for the funding arithmetic to settle first."""
    if anchor is None:
        return _AmountRead(None)
    text, cell = value_text(grid, anchor)
    findings.trace(path, cell)
    if defer and grid.ocr and _figure(text or "") is None and clean_text(text):
        return _AmountRead(None, text, cell)
    return _AmountRead(findings.amount(text, path, cell, grid.ocr), text, cell)


def _figure(text: str) -> float | None:
    """The amount a reading gives, as printed or with a scan's misreadings put right."""
    for reading in (text, repair_amount_reading(text)):
        try:
            return parse_amount(reading)
        except ValueError:
            continue
    return None


# glyphs the recogniser made of specks before or after a figure ("编23.7", "23.70谬")
_AROUND_FIGURE = re.compile(r"^[^0-9.]+|[^0-9.]+$")


def _settled(
    read: _AmountRead, expected: float | None, path: str, findings: Findings, ocr: bool
) -> float | None:
    """An amount the scan misread, settled by the funding arithmetic: the first of the
    cell's readings (its text, then the recogniser's next readings) that, without the
    glyphs around its figure, is the amount 资金总额 = 财政拨款 + 其他资金 says. A reading
    that gives no such amount is judged as read (a warning, no value): never a figure the
    cell does not print."""
    if read.amount is not None or read.text is None:
        return read.amount
    readings = (read.text, *(read.cell.alternatives if read.cell is not None else ()))
    for reading in readings:
        if expected is None:
            break
        figure = _figure(_AROUND_FIGURE.sub("", reading))
        if figure is not None and abs(figure - expected) < 0.005:
            findings.warn(
                WarningCode.AMOUNT_CORRECTED,
                f"{path}: {read.text!r} read as {figure:.2f}, the reading the funding adds "
                "up to (资金总额 = 财政拨款 + 其他资金)",
                read.cell,
            )
            return figure
    return findings.amount(read.text, path, read.cell, ocr)


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


def _adding_up(
    total: tuple[_AmountRead, float], fiscal: tuple[_AmountRead, float], other: float,
    path: str, findings: Findings,
) -> tuple[float, float]:
    """Total and fiscal share where they do not add up (资金总额 ≠ 财政拨款 + 其他资金): the
    one whose cell has a next reading that makes them add up takes it ("28.7" read for the
    23.7 a total of 23.7 says, next reading "23.7"); where neither or both do, as read."""
    (total_read, total_amount), (fiscal_read, fiscal_amount) = total, fiscal
    if abs(total_amount - fiscal_amount - other) < 0.005:
        return total_amount, fiscal_amount
    fixes = [
        (name, read, figure)
        for name, read, expected in (
            ("total", total_read, fiscal_amount + other),
            ("fiscal", fiscal_read, total_amount - other),
        )
        for figure in [_next_adding_up(read, expected)] if figure is not None
    ]
    if len(fixes) != 1:
        return total_amount, fiscal_amount
    ((name, read, figure),) = fixes
    findings.warn(
        WarningCode.AMOUNT_CORRECTED,
        f"{path}.{name}: {read.text!r} read as {figure:.2f}, the recogniser's next reading, "
        "which the funding adds up to (资金总额 = 财政拨款 + 其他资金)",
        read.cell,
    )
    return (figure, fiscal_amount) if name == "total" else (total_amount, figure)


def _next_adding_up(read: _AmountRead, expected: float) -> float | None:
    alternatives = read.cell.alternatives if read.cell is not None else ()
    figures = (_figure(reading) for reading in alternatives)
    return next((f for f in figures if f is not None and abs(f - expected) < 0.005), None)


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
        total_read = _amount(grid, total, f"{path}.total", findings, defer=True)
        fiscal_read = _amount(grid, fiscal, f"{path}.fiscal", findings, defer=True)
        parts = None if fiscal_read.amount is None else fiscal_read.amount + (other.amount or 0)
        rest = None if total_read.amount is None else total_read.amount - (other.amount or 0)
        total_read = replace(
            total_read, amount=_settled(total_read, parts, f"{path}.total", findings, grid.ocr)
        )
        fiscal_read = replace(
            fiscal_read, amount=_settled(fiscal_read, rest, f"{path}.fiscal", findings, grid.ocr)
        )
        total_amount, fiscal_amount = (
            _with_lost_points(total_read, fiscal_read, other.amount, path, findings)
            if grid.ocr  # a text layer's figures are as printed, points and all
            else (total_read.amount, fiscal_read.amount)
        )
        if grid.ocr and total_amount is not None and fiscal_amount is not None:
            total_amount, fiscal_amount = _adding_up(
                (total_read, total_amount), (fiscal_read, fiscal_amount), other.amount or 0.0,
                path, findings,
            )
        unit = _block_unit(grid, anchors, total, findings)
        to_wan = WAN_PER[unit or "万元"]
        blocks[period] = Amounts(
            total=in_wan(total_amount, to_wan),
            fiscal=in_wan(fiscal_amount, to_wan),
            other=in_wan(other.amount, to_wan),
            unit=unit,
        )
    return Funding(**blocks)


# 万元 per printed unit: records hold amounts in 万元, whatever the form prints
WAN_PER = {"万元": 1.0, "千元": 0.1, "元": 0.0001}
_UNIT_NOTE = re.compile(
    r"[（(]\s*(万元|千元|元)\s*[)）]|单位\s*[:：]\s*(万元|千元|元)"
    # the note closing a label whose opening bracket a scan lost: "资金投入千元)" (where the
    # bracket was read, "(干元)", the note is misread, not cut)
    r"|^[^(（]*?(万元|千元|元)\s*[)）]\s*$"
)
# a bracketed money unit whose first character the recogniser may have misread: (干元)
_UNIT_BRACKET = re.compile(r"[（(]\s*\S元\s*[)）]")


def printed_unit(text: str) -> str | None:
    """The money unit a label or note names: "项目资金（元）", "单位：万元", "资金投入千元)"."""
    match = _UNIT_NOTE.search(text)
    return (match[1] or match[2] or match[3]) if match else None


def _block_unit(
    grid: Grid, anchors: AnchorIndex, total: Anchor, findings: Findings
) -> str | None:
    """The funding block's printed unit, from its total's label, the block's label
    (项目资金（元）) or a unit note above the table; None when none says (then 万元, the
    family's usual unit). A scan's label whose bracket holds no unit the recogniser read
    ("(干元)") takes it from the recogniser's next reading of the label, with a warning."""
    cells = [total.cell, *(a.cell for key in ("funding", "budget") for a in anchors.all(key))]
    misread: Cell | None = None
    for cell in cells:
        if (unit := printed_unit(cell.text)) is not None:
            return unit
        if not grid.ocr or _UNIT_BRACKET.search(cell.text) is None:
            continue
        misread = misread or cell
        for other in cell.alternatives:
            if (unit := printed_unit(other)) is not None:
                findings.warn(
                    WarningCode.LABEL_CORRECTED,
                    f"label {cell.text!r} read as {other!r}: its unit, by the recogniser's "
                    "next reading",
                    cell,
                )
                return unit
    unit = next((u for line in grid.text_above() if (u := printed_unit(line.text))), None)
    if unit is None and misread is not None:
        findings.warn(
            WarningCode.AMOUNT_UNREADABLE,
            f"label {misread.text!r}: the unit in its bracket could not be read; amounts are "
            "taken as 万元",
            misread,
        )
    return unit


def in_wan(amount: float | None, to_wan: float) -> float | None:
    # rounded to the cent of a 元 amount: 1234.56 元 is 0.123456 万元, not 0.12345600000000001
    if amount is None or to_wan == 1.0:
        return amount
    return round(amount * to_wan, 6)
