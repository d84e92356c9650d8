"""Draw a `FormTable` as a born-digital PDF with reportlab: embedded CJK TrueType font,
ruled table drawn as stroked lines, text wrapped character-wise inside cells.

Geometry is computed in top-left points (like pdfplumber reports it) and flipped only
when drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from declform.output.errors import DeclformError
from scripts.render.paginate import Piece, Slice, paginate, place_text
from scripts.render.table import Align, FormTable, HeaderLine, LayoutCell

FONT_FILES = {
    "sans": Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    "serif": Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
}
_FONT_NAMES = {"sans": "DeclformSans", "serif": "DeclformSerif"}

RULE_WIDTH = 0.5
PAD_X = 3.0
PAD_Y = 3.0
LINE_FACTOR = 1.3  # line pitch as a multiple of the font size
ASCENT = 0.86  # baseline below the top of a line box, as a share of the font size
BOLD_STROKE = 0.35  # text outline width that makes a regular CJK face look bold


@dataclass(frozen=True)
class PageFrame:
    width: float
    height: float
    margin_x: float
    margin_top: float
    margin_bottom: float

    @property
    def table_width(self) -> float:
        return self.width - 2 * self.margin_x


def page_frame(is_landscape: bool) -> PageFrame:
    if is_landscape:
        width, height = landscape(A4)
        return PageFrame(width, height, 42.0, 40.0, 36.0)
    width, height = A4
    return PageFrame(width, height, 50.0, 56.0, 50.0)


def register_font(font: str) -> str:
    """Register the sans or serif CJK face once; return its reportlab name."""
    if font not in FONT_FILES:
        raise ValueError(f"font must be one of {', '.join(FONT_FILES)}, not {font!r}")
    name = _FONT_NAMES[font]
    if name not in pdfmetrics.getRegisteredFontNames():
        path = FONT_FILES[font]
        if not path.exists():
            raise DeclformError(f"font file missing; run scripts/bootstrap.sh ({path})")
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


# Chinese typesetting (禁则) never starts a line with closing punctuation nor ends one with
# an opening bracket: the last character of the full line moves down instead.
_NO_LINE_START = frozenset(")]}）】》」』，。、；：！？,.;:!?%")
_NO_LINE_END = frozenset("([{（【《「『")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Character-wise wrap: every character (spaces included) lands on some line."""
    lines: list[str] = []
    current = ""
    for char in text:
        candidate = current + char
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            if len(current) > 1 and (char in _NO_LINE_START or current[-1] in _NO_LINE_END):
                lines.append(current[:-1])
                current = current[-1] + char
            else:
                lines.append(current)
                current = char
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def row_heights(layout: FormTable, wrapped: dict[LayoutCell, list[str]]) -> list[float]:
    """Rows as tall as their text; a merged cell's extra need is spread over its rows."""
    pitch = layout.body_size * LINE_FACTOR
    heights = [pitch + 2 * PAD_Y + 2] * layout.n_rows

    def need(cell: LayoutCell) -> float:
        return len(wrapped[cell]) * pitch + 2 * PAD_Y

    for cell in layout.cells:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], need(cell))
    for cell in sorted((c for c in layout.cells if c.rowspan > 1), key=lambda c: c.rowspan):
        rows = range(cell.row, cell.last_row + 1)
        deficit = need(cell) - sum(heights[r] for r in rows)
        for r in rows:
            heights[r] += max(0.0, deficit) / cell.rowspan
    return heights


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


@dataclass(frozen=True)
class FormPlan:
    """Everything measured before drawing: columns, rows, wrapped texts, page slices."""

    layout: FormTable
    frame: PageFrame
    face: str
    col_x: tuple[float, ...]
    heights: tuple[float, ...]
    wrapped: dict[LayoutCell, list[str]]
    slices: tuple[Slice, ...]
    text_piece: dict[LayoutCell, Piece]


def _header_height(
    layout: FormTable, frame: PageFrame, font: str, lines: Sequence[HeaderLine] | None = None
) -> float:
    height = 4.0
    for line in layout.header if lines is None else lines:
        height += len(wrap(line.text, font, line.size, frame.table_width)) * line.size * 1.6
        height += line.size * 0.4
    return height


def plan_form(layout: FormTable, font: str) -> FormPlan:
    face = register_font(font)
    frame = page_frame(layout.landscape)
    total = sum(layout.col_weights)
    col_x = [frame.margin_x]
    for weight in layout.col_weights:
        col_x.append(col_x[-1] + frame.table_width * weight / total)
    size = layout.body_size
    wrapped = {
        c: wrap(c.text, face, size, col_x[c.col + c.colspan] - col_x[c.col] - 2 * PAD_X)
        for c in layout.cells
    }
    heights = row_heights(layout, wrapped)

    def text_height(cell: LayoutCell) -> float:
        return len(wrapped[cell]) * size * LINE_FACTOR

    slices = paginate(
        heights,
        layout.cells,
        lambda c: text_height(c) + 2 * PAD_Y,
        first_page=frame.height
        - frame.margin_top
        - _header_height(layout, frame, face)
        - frame.margin_bottom,
        other_pages=frame.height - frame.margin_top - frame.margin_bottom,
    )
    text_piece = place_text(layout.cells, slices, heights, text_height)
    if layout.footer:  # the footer goes under the last row: a page that cannot hold it
        footer = _header_height(layout, frame, face, layout.footer)  # ends the table earlier
        slices = paginate(
            heights,
            layout.cells,
            lambda c: text_height(c) + 2 * PAD_Y,
            first_page=frame.height
            - frame.margin_top
            - _header_height(layout, frame, face)
            - frame.margin_bottom
            - footer,
            other_pages=frame.height - frame.margin_top - frame.margin_bottom - footer,
        )
        text_piece = place_text(layout.cells, slices, heights, text_height)
    return FormPlan(
        layout, frame, face, tuple(col_x), tuple(heights), wrapped, tuple(slices), text_piece
    )


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
