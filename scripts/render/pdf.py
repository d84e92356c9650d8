"""Draw a `FormTable` as a born-digital PDF with reportlab: embedded CJK TrueType font,
ruled table drawn as stroked lines, text wrapped character-wise inside cells.

Geometry is computed in top-left points (like pdfplumber reports it) by
scripts/render/pdf_plan.py and flipped only when drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from scripts.render.paginate import Piece
from scripts.render.pdf_plan import LINE_FACTOR, PAD_X, FormPlan, PageFrame, plan_form, wrap
from scripts.render.table import Align, FormTable, HeaderLine

RULE_WIDTH = 0.5
ASCENT = 0.86  # baseline below the top of a line box, as a share of the font size
BOLD_STROKE = 0.35  # text outline width that makes a regular CJK face look bold


def _draw_text(
    canvas: Canvas,
    text: str,
    x: float,
    top: float,
    page_height: float,
    font: str,
    size: float,
    bold: bool,
) -> None:
    obj = canvas.beginText()
    obj.setTextRenderMode(2 if bold else 0)
    obj.setFont(font, size)
    obj.setTextOrigin(x, page_height - top - ASCENT * size)
    obj.textOut(text)
    canvas.setLineWidth(BOLD_STROKE)
    canvas.drawText(obj)


def _text_lines(
    canvas: Canvas,
    lines: Sequence[str],
    box: tuple[float, float, float, float],
    align: Align,
    *,
    font: str,
    size: float,
    bold: bool,
    page_height: float,
) -> None:
    """Lines centred vertically in the box, centred or left-aligned horizontally."""
    x0, y0, x1, y1 = box
    pitch = size * LINE_FACTOR
    top = y0 + (y1 - y0 - len(lines) * pitch) / 2 + (pitch - size) / 2
    for i, line in enumerate(lines):
        width = pdfmetrics.stringWidth(line, font, size)
        x = x0 + PAD_X if align == "left" else x0 + (x1 - x0 - width) / 2
        _draw_text(canvas, line, x, top + i * pitch, page_height, font, size, bold)


def _merge_intervals(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 0.01:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _draw_rules(
    canvas: Canvas, boxes: Sequence[tuple[float, float, float, float]], page_height: float
) -> None:
    """Cell borders as the fewest stroked lines: shared edges drawn once, runs joined."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for x0, y0, x1, y1 in boxes:
        for y in (y0, y1):
            horizontal.setdefault(round(y, 2), []).append((x0, x1))
        for x in (x0, x1):
            vertical.setdefault(round(x, 2), []).append((y0, y1))
    canvas.setLineWidth(RULE_WIDTH)
    for y, runs in horizontal.items():
        for a, b in _merge_intervals(runs):
            canvas.line(a, page_height - y, b, page_height - y)
    for x, runs in vertical.items():
        for a, b in _merge_intervals(runs):
            canvas.line(x, page_height - a, x, page_height - b)


def _draw_header(
    canvas: Canvas,
    layout: FormTable,
    frame: PageFrame,
    font: str,
    top: float | None = None,
    lines: Sequence[HeaderLine] | None = None,
) -> float:
    """Title and lines above the table on the first page (or `lines` from `top`, the
    footer below the table on the last); returns where the next thing starts."""
    top = frame.margin_top if top is None else top
    for line in layout.header if lines is None else lines:
        for part in wrap(line.text, font, line.size, frame.table_width):
            width = pdfmetrics.stringWidth(part, font, line.size)
            x = frame.margin_x if line.align == "left" else (frame.width - width) / 2
            _draw_text(canvas, part, x, top, frame.height, font, line.size, line.bold)
            top += line.size * 1.6
        top += line.size * 0.4
    return top + 4.0


def _draw_page(canvas: Canvas, plan: FormPlan, index: int, top: float) -> float:
    """One page's slice of the table from `top`; returns the table's bottom there."""
    page_slice = plan.slices[index]
    row_top = {page_slice.start: top}
    for row in range(page_slice.start, page_slice.end):
        row_top[row + 1] = row_top[row] + plan.heights[row]
    boxes = []
    for cell in plan.layout.cells:
        first, last = max(cell.row, page_slice.start), min(cell.last_row, page_slice.end - 1)
        if first > last:
            continue
        x0, x1 = plan.col_x[cell.col], plan.col_x[cell.col + cell.colspan]
        box = (x0, row_top[first], x1, row_top[last + 1])
        boxes.append(box)
        if plan.text_piece.get(cell) == Piece(index, first, last):
            _text_lines(
                canvas,
                plan.wrapped[cell],
                box,
                cell.align,
                font=plan.face,
                size=plan.layout.body_size,
                bold=cell.bold,
                page_height=plan.frame.height,
            )
    _draw_rules(canvas, boxes, plan.frame.height)
    return row_top[page_slice.end]


def draw_form(layout: FormTable, out_path: Path, font: str, title: str | None = None) -> int:
    """Write the PDF; return its page count."""
    plan = plan_form(layout, font)
    frame = plan.frame
    # the initial font would otherwise be Helvetica: a non-embedded font in every file
    canvas = Canvas(
        str(out_path),
        pagesize=(frame.width, frame.height),
        pageCompression=1,
        invariant=1,  # no timestamps or random IDs: the same record gives the same bytes
        initialFontName=plan.face,
        initialFontSize=layout.body_size,
    )
    canvas.setTitle(title or "")
    canvas.setCreator("declform scripts/render/form.py")
    for index in range(len(plan.slices)):
        top = _draw_header(canvas, layout, frame, plan.face) if index == 0 else frame.margin_top
        bottom = _draw_page(canvas, plan, index, top)
        if index == len(plan.slices) - 1 and layout.footer:
            _draw_header(canvas, layout, frame, plan.face, bottom + 8.0, layout.footer)
        canvas.showPage()
    canvas.save()
    return len(plan.slices)
