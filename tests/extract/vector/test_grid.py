"""The born-digital grid reader on tiny PDFs drawn here with reportlab."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from declform.extract.vector.grid import page_to_grids, pdf_to_grids
from declform.extract.vector.text import block_text, dedupe_overprints, group_lines, split_on_gaps
from declform.layouts.grid import BBox, Grid
from declform.output.errors import InputError

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT = "TestSans"
PAGE_HEIGHT = 300.0

# Column and row lines of the 3x3 test table, in top-left points.
XS = (50.0, 110.0, 170.0, 230.0)
YS = (100.0, 130.0, 160.0, 190.0)


@pytest.fixture(scope="module", autouse=True)
def _font() -> None:
    if not FONT_PATH.exists():
        pytest.skip("wqy-zenhei font not installed (scripts/bootstrap.sh installs it)")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def _make_pdf(tmp_path: Path, draw: Callable[[Canvas], None]) -> Path:
    path = tmp_path / "tiny.pdf"
    canvas = Canvas(str(path), pagesize=(300, PAGE_HEIGHT))
    canvas.setLineWidth(0.5)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path


def _text(canvas: Canvas, x: float, top: float, text: str, size: float = 10) -> None:
    """Draw text whose glyph box starts at `top` (top-left coordinates)."""
    canvas.setFont(FONT, size)
    canvas.drawString(x, PAGE_HEIGHT - top - size * 0.88, text)


def _hline(canvas: Canvas, x0: float, x1: float, y: float) -> None:
    canvas.line(x0, PAGE_HEIGHT - y, x1, PAGE_HEIGHT - y)


def _vline(canvas: Canvas, x: float, y0: float, y1: float) -> None:
    canvas.line(x, PAGE_HEIGHT - y0, x, PAGE_HEIGHT - y1)


def _draw_merged_table(canvas: Canvas) -> None:
    """3x3 table: r0 c1-2 merged horizontally, c0 r1-2 merged vertically."""
    _hline(canvas, XS[0], XS[3], YS[0])
    _hline(canvas, XS[0], XS[3], YS[1])
    _hline(canvas, XS[1], XS[3], YS[2])  # not across the vertically merged c0
    _hline(canvas, XS[0], XS[3], YS[3])
    _vline(canvas, XS[0], YS[0], YS[3])
    _vline(canvas, XS[1], YS[0], YS[3])
    _vline(canvas, XS[2], YS[1], YS[3])  # not through the horizontally merged r0
    _vline(canvas, XS[3], YS[0], YS[3])
    _text(canvas, 55, 105, "名称")
    _text(canvas, 115, 105, "合并的 横向单元格")
    _text(canvas, 55, 140, "纵向")
    _text(canvas, 115, 132, "上行")
    _text(canvas, 115, 146, "下行")
    _text(canvas, 175, 140, "A  B")
    _text(canvas, 115, 170, "重")
    _text(canvas, 115.3, 170, "重")  # fake-bold overprint
    _text(canvas, 175, 170, "≥95%")
    _text(canvas, 100, 30, "测试标题", size=14)
    _text(canvas, 20, 60, "填报日期: 2023年1月28日")
    _text(canvas, 200, 60, "填报人: 张三")


@pytest.fixture()
def merged_grid(tmp_path: Path) -> Grid:
    path = _make_pdf(tmp_path, _draw_merged_table)
    with pdfplumber.open(path) as pdf:
        grids = page_to_grids(pdf.pages[0], page_number=3, dpi=144)
    assert len(grids) == 1
    return grids[0]


def test_rows_cols_and_spans(merged_grid: Grid) -> None:
    assert (merged_grid.n_rows, merged_grid.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in merged_grid.cells}
    assert spans == {
        (0, 0): (1, 1),
        (0, 1): (1, 2),
        (1, 0): (2, 1),
        (1, 1): (1, 1),
        (1, 2): (1, 1),
        (2, 1): (1, 1),
        (2, 2): (1, 1),
    }
    assert all(c.page == 3 and c.confidence == 1.0 for c in merged_grid.cells)


def test_cell_texts(merged_grid: Grid) -> None:
    texts = {(c.row, c.col): c.text for c in merged_grid.cells}
    assert texts[(0, 0)] == "名称"
    assert texts[(0, 1)] == "合并的 横向单元格"  # a space the PDF contains is kept
    assert texts[(1, 0)] == "纵向"
    assert texts[(1, 1)] == "上行下行"  # wrapped lines join without a space
    assert texts[(1, 2)] == "A B"  # whitespace runs collapse
    assert texts[(2, 1)] == "重"  # overprinted duplicate dropped
    assert texts[(2, 2)] == "≥95%"
    merged = merged_grid.at(2, 0)
    assert merged is not None and merged.text == "纵向"


def test_free_text_lines(merged_grid: Grid) -> None:
    texts = [line.text for line in merged_grid.text_above()]
    assert texts == ["测试标题", "填报日期: 2023年1月28日", "填报人: 张三"]
    assert all(line.page == 3 for line in merged_grid.free_text)


def test_bbox_scaled_to_dpi(merged_grid: Grid) -> None:
    scale = 144 / 72
    assert merged_grid.dpi == 144
    assert merged_grid.bbox == BBox(XS[0] * scale, YS[0] * scale, XS[3] * scale, YS[3] * scale)
    first = merged_grid.at(0, 0)
    assert first is not None
    assert first.bbox == BBox(XS[0] * scale, YS[0] * scale, XS[1] * scale, YS[1] * scale)
    title = merged_grid.text_above()[0]
    assert title.bbox.x0 == pytest.approx(100 * scale, abs=0.5)
    assert title.bbox.y0 == pytest.approx(30 * scale, abs=3 * scale)


def test_page_without_table_gives_no_grid(tmp_path: Path) -> None:
    path = _make_pdf(tmp_path, lambda canvas: _text(canvas, 50, 50, "只有文字,没有表格"))
    with pdfplumber.open(path) as pdf:
        assert page_to_grids(pdf.pages[0], page_number=1) == []


def test_pdf_to_grids_numbers_pages(tmp_path: Path) -> None:
    path = tmp_path / "two.pdf"
    canvas = Canvas(str(path), pagesize=(300, PAGE_HEIGHT))
    canvas.setLineWidth(0.5)
    _text(canvas, 50, 50, "第一页没有表格")
    canvas.showPage()
    _draw_merged_table(canvas)
    canvas.showPage()
    canvas.save()
    grids = pdf_to_grids(path)
    assert [g.page for g in grids] == [2]
    assert grids[0].dpi == 300.0


def test_unreadable_pdf_raises_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError):
        pdf_to_grids(bad)
    with pytest.raises(InputError):
        pdf_to_grids(tmp_path / "missing.pdf")


def _char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size}


def test_group_lines_orders_top_to_bottom_then_left_to_right() -> None:
    chars = [_char("下", 0, 20), _char("右", 10, 0.5), _char("左", 0, 0)]
    lines = group_lines(chars)
    assert ["".join(str(c["text"]) for c in line) for line in lines] == ["左右", "下"]
    assert block_text(chars) == "左右下"


def test_split_on_gaps_and_dedupe() -> None:
    line = [_char("甲", 0, 0), _char("乙", 10, 0), _char("丙", 60, 0)]
    assert [len(piece) for piece in split_on_gaps(line)] == [2, 1]
    chars = [_char("重", 0, 0), _char("重", 0.4, 0.2), _char("重", 10, 0)]
    assert len(dedupe_overprints(chars)) == 2
