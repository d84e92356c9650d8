"""Measuring a `FormTable` before it is drawn (scripts/render/pdf.py draws it): the A4 page
frame, the CJK faces, character-wise wrapping with the line-break rules of Chinese
typesetting, row heights and the slicing of the rows onto pages.

Geometry is in top-left points (like pdfplumber reports it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from declform.output.errors import DeclformError
from scripts.render.paginate import Piece, Slice, paginate, place_text
from scripts.render.table import FormTable, HeaderLine, LayoutCell

FONT_FILES = {
    "sans": Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    "serif": Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
}
_FONT_NAMES = {"sans": "DeclformSans", "serif": "DeclformSerif"}
PAD_X = 3.0
PAD_Y = 3.0
LINE_FACTOR = 1.3  # line pitch as a multiple of the font size
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

    # the footer goes under the last row: a page that cannot hold it ends the table earlier
    footer = _header_height(layout, frame, face, layout.footer) if layout.footer else 0.0
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
