"""Scan-path preprocessing on drawn pages: ink separation, skew, perspective, orientation."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from declform.extract.scan.ink import descreen, despeckle, ink_colours, separate_ink
from declform.extract.scan.orientation import (
    detect_orientation,
    rotate_upright,
    text_axis,
    text_line_crops,
    upside_down,
)
from declform.extract.scan.perspective import correct_perspective, find_table_quad, page_edges
from declform.extract.scan.ruling.grid import image_to_grids
from declform.extract.scan.skew import deskew, measure_skew, rotate_by
from declform.output.errors import InputError

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
Grey = NDArray[np.uint8]
TEXT = (
    "项目支出绩效目标申报表",
    "年度目标：保障机关正常运转，推进科技创新和成果转化。",
    "产出指标 数量指标 认定科技型中小企业数量 不少于七家",
    "质量指标 资金使用合规率 百分之百 满意度指标 服务对象满意度",
    "主管部门及代码 拉萨市科技局 实施单位 高新技术与成果转化科",
)


def table_page(width: int = 1200, height: int = 900) -> Grey:
    """A 4 x 5 ruled table, every cell drawn."""
    page = np.full((height, width), 255, np.uint8)
    xs = np.linspace(150, width - 150, 6).astype(int)
    ys = np.linspace(200, height - 200, 5).astype(int)
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), 0, 3)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), 0, 3)
    return page


def text_page() -> Grey:
    """A portrait A4 page at 150 dpi: printed Chinese lines above a ruled table."""
    if not FONT.exists():
        pytest.skip("wqy-zenhei font not installed (scripts/bootstrap.sh installs it)")
    page = np.full((1754, 1240), 255, np.uint8)
    page[1000:1500, 100:1140] = table_page(1040, 500)[:, :]
    image = Image.fromarray(page)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 30)
    for j, line in enumerate(TEXT * 4):
        draw.text((100, 80 + j * 44), line, font=font, fill=0)
    return np.asarray(image, dtype=np.uint8).copy()


# --- ink separation -----------------------------------------------------------------------


def stamped_page() -> NDArray[np.uint8]:
    """Black ruling and a black word, with a red seal over both and blue pen strokes; the
    seal is a fifth of the page's width across, as a 42 mm seal on A4."""
    page = cv2.cvtColor(table_page(), cv2.COLOR_GRAY2BGR)
    cv2.putText(page, "PRINT", (420, 420), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 6)
    seal = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(seal, (500, 400), 95, 255, 8)
    cv2.circle(seal, (500, 400), 30, 255, -1)
    alpha = (seal.astype(np.float32) / 255 * 0.8)[..., None]
    red = np.array([40, 30, 220], np.float32) / 255
    page = np.clip(page * (1 - alpha) + page * red * alpha, 0, 255).astype(np.uint8)
    cv2.line(page, (800, 600), (950, 660), (200, 60, 20), 4)  # blue ballpoint (BGR)
    return page


def test_separate_ink_whitens_seal_and_pen_but_keeps_the_print_under_them() -> None:
    page = stamped_page()
    grey, mask, seals = separate_ink(page)
    assert grey.shape == page.shape[:2] and grey.dtype == np.uint8
    assert grey[400, 500] > 200  # the seal's centre dot, on blank paper
    assert grey[600 + 30, 875] > 200  # the pen stroke
    ruling_under_seal = grey[324:327, 440:560]  # a table line passes under the seal
    assert ruling_under_seal.min() < 100
    assert mask[400, 500] == 255 and mask[100, 100] == 0
    assert any(b.x0 <= 500 <= b.x1 and b.y0 <= 400 <= b.y1 for b in seals)
    assert [(g.n_rows, g.n_cols) for g in image_to_grids(grey, 1, 150)] == [(4, 5)]


def signed_page() -> tuple[NDArray[np.uint8], NDArray[np.bool_], NDArray[np.bool_]]:
    """Black print crossed by a navy pen signature as dark as the print (BGR 92, 36, 28, the
    black-blue of a gel pen), with a red seal elsewhere; JPEG-compressed like a scan. Also
    the masks of where only pen ink lies and where pen ink lies over print."""
    page = cv2.cvtColor(table_page(), cv2.COLOR_GRAY2BGR)
    print_mask = np.zeros(page.shape[:2], np.uint8)
    cv2.putText(print_mask, "PRINT", (420, 520), cv2.FONT_HERSHEY_SIMPLEX, 2, 255, 7)
    pen = np.zeros(page.shape[:2], np.uint8)
    for k in range(6):
        cv2.line(pen, (380 + 60 * k, 560), (420 + 60 * k, 430), 255, 5)
    page[print_mask > 0] = (25, 25, 25)
    navy = np.array([92, 36, 28], np.float32) / 255
    page = np.where(pen[..., None] > 0, page * navy, page).astype(np.uint8)  # ink over ink
    cv2.circle(page, (850, 300), 80, (60, 50, 215), 7)
    encoded = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 70])[1]
    page = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    core = np.ones((5, 5), np.uint8)
    pen_only = (cv2.erode(pen, np.ones((3, 3), np.uint8)) > 0) & (cv2.dilate(print_mask, core) == 0)
    crossing = (cv2.erode(pen, np.ones((3, 3), np.uint8)) > 0) & (
        cv2.erode(print_mask, np.ones((3, 3), np.uint8)) > 0
    )
    return page, pen_only, crossing


def test_separate_ink_unmixes_a_dark_pen_from_the_print_it_crosses() -> None:
    page, pen_only, crossing = signed_page()
    inks = ink_colours(page, separate_ink(page)[1])
    assert len(inks) == 2  # the navy pen and the red seal, red counted once at both hue ends
    grey, _, _ = separate_ink(page)
    assert pen_only.sum() > 500 and crossing.sum() > 50
    assert np.median(grey[pen_only]) > 220  # the signature is gone
    assert np.percentile(grey[pen_only], 90) > 200  # its edges too, despite JPEG's colour
    assert np.median(grey[crossing]) < 90  # the print under it is kept


def test_separate_ink_keeps_a_form_printed_in_colour() -> None:
    brown = cv2.cvtColor(table_page(), cv2.COLOR_GRAY2BGR)
    brown[brown[..., 0] < 128] = (60, 80, 170)  # red-brown ruling (BGR), as on invoices
    grey, mask, _ = separate_ink(brown)
    assert grey[200, 600] < 128  # the ruling survives
    assert not mask.any()


def test_separate_ink_passes_grey_pages_and_descreens_1_bit_ones() -> None:
    grey = table_page()
    grey[grey == 255] = 250
    same, mask, seals = separate_ink(grey)
    assert same is grey and not mask.any() and seals == []
    fax = table_page() > 128  # boolean, as 1-bit TIFFs load
    smooth, _, _ = separate_ink(fax)
    assert smooth.dtype == np.uint8 and 0 < smooth[200 + 2, 600] < 255  # blurred edge
    assert descreen(same) is same
    with pytest.raises(InputError):
        separate_ink(np.zeros((10, 10, 4), np.uint8))


def speckled(page: Grey, count: int) -> Grey:
    """`count` dots of toner dust, 3 to 5 px across, strewn over the page."""
    dusty = page.copy()
    rng = np.random.default_rng(3)
    for _ in range(count):
        x, y = int(rng.integers(0, page.shape[1])), int(rng.integers(0, page.shape[0]))
        cv2.circle(dusty, (x, y), int(rng.integers(1, 3)), 0, -1)
    return dusty


def test_despeckle_paints_over_dust_far_from_print_and_keeps_dots_beside_it() -> None:
    page = text_page()
    image = Image.fromarray(page)
    ImageDraw.Draw(image).text((100, 1600), "60.00：", font=ImageFont.truetype(str(FONT), 30))
    page = np.asarray(image, dtype=np.uint8).copy()
    dust = np.full(page.shape, 255, np.uint8)
    for x, y in ((300, 1700), (700, 1650), (1100, 1720), (60, 900)):
        cv2.circle(dust, (x, y), 2, 0, -1)
    dusty = np.minimum(page, dust)
    clean = despeckle(dusty)
    assert np.array_equal(clean, page)  # the dust is gone, the decimal point and colon stay
    assert despeckle(page) is page


def test_a_dusty_page_still_reads_as_lines_of_text() -> None:
    # nine hundred specks outnumber the characters: measured on them, the glyph size is a
    # speck's and the smeared 'text lines' run every which way
    dusty = speckled(text_page(), 900)
    assert text_axis(separate_ink(dusty)[0]) == "horizontal"


# --- skew and perspective -------------------------------------------------------------------


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.7, 2.5])
def test_deskew_measures_the_ruling_and_levels_it(angle: float) -> None:
    tilted = rotate_by(table_page(), angle)
    level, removed = deskew(tilted)
    assert removed == pytest.approx(-angle, abs=0.15)
    assert abs(measure_skew(level)) < 0.15
    assert [(g.n_rows, g.n_cols) for g in image_to_grids(level, 1, 150)] == [(4, 5)]


def test_deskew_leaves_a_level_page_alone() -> None:
    page = table_page()
    level, removed = deskew(page)
    assert removed == 0.0 and level is page


def test_edges_found_once_serve_the_frame_and_the_skew() -> None:
    # twice the size, so the edges are found on a reduced copy and scaled back
    tilted = rotate_by(cv2.resize(table_page(), (2400, 1800)), 1.5)
    edges = page_edges(tilted)
    assert edges.factor == pytest.approx(1.8)
    assert measure_skew(tilted, edges) == measure_skew(tilted) == pytest.approx(-1.5, abs=0.15)
    quad = find_table_quad(tilted, edges)
    assert quad is not None and np.array_equal(quad, find_table_quad(tilted))
    # the edges given are the ones measured, not found again
    assert measure_skew(table_page(), edges) == measure_skew(tilted)
    assert deskew(table_page(), edges)[1] == pytest.approx(-1.5, abs=0.15)


def test_correct_perspective_squares_a_keystoned_table() -> None:
    page = table_page()
    frame = np.float32([[150, 200], [1050, 200], [1050, 700], [150, 700]])
    keystone = np.float32([[230, 180], [980, 230], [1080, 760], [110, 700]])
    photo = cv2.warpPerspective(
        page, cv2.getPerspectiveTransform(frame, keystone), (1200, 900), borderValue=255
    )
    flat, homography = correct_perspective(photo)
    assert homography is not None
    corners = cv2.perspectiveTransform(keystone.reshape(-1, 1, 2), homography).reshape(-1, 2)
    (x0, y0), (x1, _), (_, y2), (x3, _) = corners[0], corners[1], corners[2], corners[3]
    assert corners[1][1] == pytest.approx(y0, abs=4) and corners[3][0] == pytest.approx(x0, abs=4)
    assert corners[2] == pytest.approx([x1, y2], abs=4) and x3 == pytest.approx(x0, abs=4)
    assert [(g.n_rows, g.n_cols) for g in image_to_grids(flat, 1, 150)] == [(4, 5)]


def test_correct_perspective_leaves_flat_and_empty_pages_alone() -> None:
    page = table_page()
    assert correct_perspective(page) == (page, None)
    blank = np.full((600, 800), 255, np.uint8)
    same, homography = correct_perspective(blank)
    assert same is blank and homography is None


# --- orientation ----------------------------------------------------------------------------


def test_rotate_upright_turns_clockwise_by_quarter_turns() -> None:
    page = np.zeros((2, 3), np.uint8)
    page[0, 0] = 255  # top-left
    assert rotate_upright(page, 90)[0, -1] == 255  # now top-right
    assert rotate_upright(page, 180)[-1, -1] == 255
    assert rotate_upright(page, 270)[-1, 0] == 255
    assert rotate_upright(page, 0) is page


def test_text_axis_tells_lines_from_columns() -> None:
    page = text_page()
    assert text_axis(page) == "horizontal"
    assert text_axis(rotate_upright(page, 90)) == "vertical"
    assert text_axis(np.full((400, 400), 255, np.uint8)) is None


def test_text_line_crops_are_the_longest_printed_lines_cut_short() -> None:
    page = text_page()
    crops = text_line_crops(page)
    assert 3 <= len(crops) <= 5
    for crop in crops:
        assert 30 <= crop.shape[0] <= 80  # one 30 px line with a little padding
        assert crop.shape[1] <= 8 * 40 + 2 * 20  # about 8 characters, not the whole line
        assert np.count_nonzero(crop < 128) > 0.03 * crop.size  # print, not paper


def knows_upright(page: Grey) -> Callable[[Sequence[Grey]], list[float]]:
    """A stand-in judge that 'reads' only what is printed upright on `page`: a crop scores
    high where it matches a piece of the upright page."""

    def judge(crops: Sequence[Grey]) -> list[float]:
        return [
            0.95
            if cv2.minMaxLoc(cv2.matchTemplate(page, c, cv2.TM_CCOEFF_NORMED))[1] > 0.9
            else 0.05
            for c in crops
        ]

    return judge


def test_upside_down_asks_the_judge_both_ways_up() -> None:
    page = text_page()
    assert upside_down(page, knows_upright(text_page())) is False
    assert upside_down(rotate_upright(page, 180), knows_upright(text_page())) is True
    assert upside_down(page, lambda crops: [0.5] * len(crops)) is None  # no verdict
    blank = np.full((400, 400), 255, np.uint8)
    assert upside_down(blank, knows_upright(text_page())) is None


def forbid_osd(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make Tesseract's orientation detection fail the test if it runs: the judge decides."""

    def no_osd(_: Grey) -> None:
        raise AssertionError("OSD must not run when the judge decides")

    monkeypatch.setattr("declform.extract.scan.orientation.osd_rotation", no_osd)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_detect_orientation_with_a_judge_needs_no_osd(
    turn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_osd(monkeypatch)
    scanned = rotate_upright(text_page(), (360 - turn) % 360)
    assert detect_orientation(scanned, knows_upright(text_page())) == turn


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_detect_orientation_with_the_rapidocr_judge(turn: int) -> None:
    from declform.extract.ocr import build_engine
    from declform.extract.scan.page import legibility

    scanned = rotate_upright(text_page(), (360 - turn) % 360)
    assert detect_orientation(scanned, legibility(build_engine("rapidocr"))) == turn


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_detect_orientation_gives_the_clockwise_turn_back_to_upright(turn: int) -> None:
    upright = text_page()
    scanned = rotate_upright(upright, (360 - turn) % 360)
    assert detect_orientation(scanned) == turn
