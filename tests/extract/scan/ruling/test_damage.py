"""The grid detector on small drawn tables damaged the way faxes, photocopies and sparse
last pages damage them: each case loses or adds rows and columns without its remedy."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from declform.extract.scan.ink import separate_ink
from declform.extract.scan.ruling import crowding as crowding_module
from declform.extract.scan.ruling.grid import image_to_grids
from declform.extract.scan.skew import deskew
from tests.paths import EXTRACT_FIXTURES

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FIXTURES = EXTRACT_FIXTURES
Grey = NDArray[np.uint8]
XS = (60, 260, 460, 660)
YS = (100, 160, 220, 280)
WORDS = ("项目名称", "主管部门", "实施单位")


def font(size: int) -> ImageFont.FreeTypeFont:
    if not FONT.exists():
        pytest.skip("wqy-zenhei font not installed (scripts/bootstrap.sh installs it)")
    return ImageFont.truetype(str(FONT), size)


def write(page: Grey, items: Sequence[tuple[int, int, str]], size: int) -> Grey:
    image = Image.fromarray(page)
    draw = ImageDraw.Draw(image)
    for x, y, text in items:
        draw.text((x, y), text, font=font(size), fill=0)
    return np.asarray(image, dtype=np.uint8).copy()


def labelled_cells(page: Grey) -> Grey:
    """A word in every cell of the XS x YS grid."""
    items = [
        (XS[c] + 20, YS[r] + 16, WORDS[(r + c) % 3])
        for r in range(len(YS) - 1)
        for c in range(len(XS) - 1)
    ]
    return write(page, items, 26)


def ruled(page: Grey) -> Grey:
    for y in YS:
        cv2.line(page, (XS[0], y), (XS[-1], y), 0, 2)
    for x in XS:
        cv2.line(page, (x, YS[0]), (x, YS[-1]), 0, 2)
    return page


def structures(image: Grey, dpi: float = 150) -> list[tuple[int, int, int]]:
    grey, _, _ = separate_ink(image)
    return [(g.n_rows, g.n_cols, len(g.cells)) for g in image_to_grids(grey, 1, dpi)]


def fax_table() -> Grey:
    """A 4 x 3 table faxed at about 100 dpi: drawn at twice the size, reduced, dithered to
    1 bit. The rule between the middle rows is grey on the original, so the fax prints it
    as scattered dots, and the words above and below it sit five pixels away."""
    scale, size, gap = 2, 18, 5
    xs, ys = (40, 200, 360, 520), (30, 72, 114, 156, 198)
    page = Image.new("L", (560 * scale, 560 * scale), 255)
    draw = ImageDraw.Draw(page)
    for y in ys:
        grey = 130 if y == ys[2] else 0
        draw.line([(xs[0] * scale, y * scale), (xs[-1] * scale, y * scale)], grey, scale)
    for x in xs:
        draw.line([(x * scale, ys[0] * scale), (x * scale, ys[-1] * scale)], 0, scale)
    words = ("社会效益指标", "可持续影响指标", "其他资金")
    for r in range(4):
        top = {1: ys[2] - gap - size, 2: ys[2] + gap}.get(
            r, ys[r] + (ys[r + 1] - ys[r] - size) // 2
        )
        for c in range(3):
            draw.text(
                ((xs[c] + 8) * scale, top * scale),
                words[(r + c) % 3],
                font=font(size * scale),
                fill=0,
            )
    small = page.resize((560, 560), Image.Resampling.BOX)
    return np.asarray(small.convert("1"), dtype=np.uint8) * 255


def test_a_faxed_grey_rule_printed_as_dots_still_splits_the_rows() -> None:
    # a mean threshold next to the bold words lost most of the dots: two cells merged
    assert structures(fax_table(), dpi=100) == [(4, 3, 12)]


def test_dashed_ruling_is_mended_into_lines() -> None:
    # a copier's dropouts: every line drawn as 40 px dashes with 10 px gaps
    page = np.full((500, 760), 255, np.uint8)
    for y in YS:
        for x in range(XS[0], XS[-1], 50):
            cv2.line(page, (x, y), (min(x + 40, XS[-1]), y), 0, 2)
    for x in XS:
        for y in range(YS[0], YS[-1], 50):
            cv2.line(page, (x, y), (x, min(y + 40, YS[-1])), 0, 2)
    assert structures(labelled_cells(page)) == [(3, 3, 9)]


def test_a_scratch_through_the_whole_sheet_is_not_a_column() -> None:
    # a copier drum's scratch: a faint line from the top of the sheet to the bottom
    page = labelled_cells(ruled(np.full((500, 760), 255, np.uint8))).astype(np.int16)
    page[:, 360:362] -= 40
    assert structures(np.clip(page, 0, 255).astype(np.uint8)) == [(3, 3, 9)]


def test_a_line_that_stops_at_the_frame_is_kept() -> None:
    # the same faint line, drawn only inside the table, is one of its columns
    page = labelled_cells(ruled(np.full((500, 760), 255, np.uint8))).astype(np.int16)
    page[YS[0] : YS[-1], 360:362] -= 40
    assert structures(np.clip(page, 0, 255).astype(np.uint8)) == [(3, 4, 12)]


def test_a_last_page_with_one_table_row_and_big_handwriting_keeps_the_row() -> None:
    # the form's last row, then a large handwritten date and signature: sized by those,
    # the row would be too short for a table
    page = np.full((900, 1240), 255, np.uint8)
    xs, ys = (100, 300, 500, 700, 1000), (100, 150)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    page = write(page, [(xs[c] + 14, 112, "满意度指标"[: 3 + c % 2]) for c in range(4)], 22)
    page = write(page, [(300, 300, "2026.1.9"), (700, 420, "签字")], 70)
    assert structures(page) == [(1, 4, 4)]


def test_a_blot_on_a_line_where_no_column_crosses_does_not_cut_it() -> None:
    # rows 0 and 1 span columns 1-2; a black redaction bar sits on the line between them
    # right where column 2's line would cross it (it is drawn only in row 2 below)
    page = np.full((500, 760), 255, np.uint8)
    for y in YS:
        cv2.line(page, (XS[0], y), (XS[-1], y), 0, 2)
    for x in XS:
        cv2.line(page, (x, YS[2] if x == XS[2] else YS[0]), (x, YS[-1]), 0, 2)
    page = labelled_cells(page)
    page[YS[1] - 14 : YS[1] + 1, XS[2] - 30 : XS[2] + 30] = 0
    assert structures(page) == [(3, 3, 7)]


def test_a_photographed_last_row_is_measured_by_its_strokes_not_the_desk() -> None:
    # the sheet on a darker desk: a mean threshold inks a wide band along the sheet's
    # edge, which measured as 'stroke thickness' made every length too long for a
    # 38 px table row
    page = np.full((1754, 1240), 110, np.uint8)
    page[90:1700, 60:1180] = 235
    xs, ys = (150, 330, 510, 800, 1000), (200, 238)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 170, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 170, 2)
    page = write(page, [(820, 206, "群众满意度"), (1010, 206, "≥90%")], 22)
    assert structures(cv2.GaussianBlur(page, (0, 0), 1.0)) == [(1, 4, 4)]


def _ruled_except(skip: tuple[str, int, int]) -> Grey:
    """The XS x YS grid with one side left out: ("v", column line, row) or ("h", row line,
    column)."""
    page = np.full((500, 760), 255, np.uint8)
    for i, y in enumerate(YS):
        for c in range(len(XS) - 1):
            if skip != ("h", i, c):
                cv2.line(page, (XS[c], y), (XS[c + 1], y), 0, 2)
    for j, x in enumerate(XS):
        for r in range(len(YS) - 1):
            if skip != ("v", j, r):
                cv2.line(page, (x, YS[r]), (x, YS[r + 1]), 0, 2)
    return page


def _broken(page: Grey, start: tuple[int, int], end: tuple[int, int]) -> Grey:
    """A rule whose toner broke up over the first 60% of its length into grey dots three
    pixels long and three apart: too short for any line mask, yet darker than the paper
    once the copy softens them. Solid over the rest, which is too short to count alone."""
    (x0, y0), (x1, y1) = start, end
    steps = max(abs(x1 - x0), abs(y1 - y0))

    def at(t: int) -> tuple[int, int]:
        return x0 + (x1 - x0) * t // steps, y0 + (y1 - y0) * t // steps

    solid_from = steps * 6 // 10
    for t in range(solid_from):
        if t % 6 < 3:
            cv2.line(page, at(t), at(t), 160, 2)
    cv2.line(page, at(solid_from), at(steps), 0, 2)
    return page


@pytest.mark.parametrize(
    ("skip", "start", "end"),
    [
        (("v", 1, 1), (XS[1], YS[1]), (XS[1], YS[2])),
        (("h", 2, 1), (XS[1], YS[2]), (XS[2], YS[2])),
    ],
    ids=["column", "row"],
)
def test_a_side_of_a_line_broken_into_faint_dots_still_parts_the_cells(
    skip: tuple[str, int, int], start: tuple[int, int], end: tuple[int, int]
) -> None:
    # the line is drawn in full in the neighbouring cells; only this side lost its toner
    page = labelled_cells(_broken(_ruled_except(skip), start, end))
    assert structures(cv2.GaussianBlur(page, (0, 0), 1.0)) == [(3, 3, 9)]


def test_a_merged_cell_whose_label_lies_along_the_missing_line_stays_merged() -> None:
    # row line 2 is drawn in columns 0 and 2; in column 1, rows 1-2 are one cell whose
    # label sits in its middle, right along where the line would be: the strokes darken
    # that course over most of its length, but the rest of the characters crowd them
    page = labelled_cells(_ruled_except(("h", 2, 1)))
    page[YS[1] + 3 : YS[3] - 2, XS[1] + 3 : XS[2] - 2] = 255
    page = write(page, [(XS[1] + 9, YS[2] - 13, "中期资金总额数")], 26)
    assert structures(cv2.GaussianBlur(page, (0, 0), 1.0)) == [(3, 3, 8)]



def test_columns_of_a_heavy_photocopy_whose_rules_broke_at_the_corners_are_kept() -> None:
    # a 200 dpi 1-bit copy of a form's last two rows (corpus seed 11): the bottom rule lost
    # its toner where one column meets it, and two columns stop short of it; the columns are
    # shorter than a line long enough to count without meeting rules at both ends
    page = cv2.imread(str(FIXTURES / "photocopy_broken_rules_page.png"), cv2.IMREAD_GRAYSCALE)
    assert structures(page, dpi=200) == [(2, 8, 12)]


def test_a_stroke_hanging_from_a_rule_inside_a_cell_is_no_column() -> None:
    # a long upright stroke from the top rule that stops short of the next, with the other
    # strokes of its characters around it, stays text
    page = np.full((400, 760), 255, np.uint8)
    for y in YS[:3]:
        cv2.line(page, (XS[0], y), (XS[-1], y), 0, 2)
    for x in XS:
        cv2.line(page, (x, YS[0]), (x, YS[2]), 0, 2)
    page = labelled_cells(page)
    cv2.line(page, (XS[1] + 100, YS[0]), (XS[1] + 100, YS[1] - 12), 0, 2)
    page = write(page, [(XS[1] + 70, YS[0] + 14, "川"), (XS[1] + 104, YS[0] + 14, "川")], 26)
    assert structures(page) == [(2, 3, 6)]


def test_a_top_rule_worn_away_at_both_corners_still_closes_the_first_row() -> None:
    # a 200 dpi 1-bit copy (corpus seed 13): the top rule stops short of both borders and
    # the right border short of it, so the rule touches nothing; the first row (项目名称) was
    # read as text above the table and the form matched no layout
    page = cv2.imread(str(FIXTURES / "photocopy_worn_top_rule_page.png"), cv2.IMREAD_GRAYSCALE)
    grey, _ = deskew(separate_ink(page)[0])
    (grid,) = image_to_grids(grey, 1, 200)
    assert grid.n_rows == 16
    first = sorted((c for c in grid.cells if c.row == 0), key=lambda c: c.col)
    assert [(c.col, c.colspan) for c in first] == [(0, 2), (2, 6)]


def speckled_streak(page: Grey, x: int) -> Grey:
    """A dirty drum's streak down the whole sheet: grey toner specks, dense, hugging the
    column line at `x` on its right (one pixel clear of it)."""
    rng = np.random.default_rng(3)
    out = page.copy()
    band = out[:, x + 2 : x + 14]
    specks = rng.random(band.shape) < 0.45
    band[specks] = np.minimum(band[specks], 150)
    return out


def test_a_speckled_streak_along_a_line_does_not_make_it_text() -> None:
    page = speckled_streak(labelled_cells(ruled(np.full((500, 760), 255, np.uint8))), XS[2])
    assert structures(page) == [(3, 3, 9)]


def test_without_the_darkness_test_the_streak_crowds_the_line_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the remedy's witness: grey specks counted as print crowd the column line into text
    monkeypatch.setattr(crowding_module, "CROWD_SHARE", 0.0)
    page = speckled_streak(labelled_cells(ruled(np.full((500, 760), 255, np.uint8))), XS[2])
    assert structures(page) != [(3, 3, 9)]
