"""The glyph check for a leading ≥ / ≤ on rendered crops (the corpus's low-resolution lines
are in test_leading_sign.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from declform.extract.ocr.sign_shape import sign_by_shape
from declform.extract.ocr.signs import leading_sign
from declform.extract.ocr.textlines import crop_line, split_lines
from tests.extract.ocr.render import SANS, SERIF, render


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(
    ("text", "sign"),
    # ≧ ≦ (U+2267/2266), told by their two bars: the first may join the angle, the second
    # stands apart
    [("≥95%", "≥"), ("≤150万元", "≤"), ("≥3", "≥"), ("≧95%", "≧"), ("≦65人次", "≦")],
)
def test_the_glyph_check_tells_the_comparison_signs(font: object, text: str, sign: str) -> None:
    crop = render([text], font=font)  # type: ignore[arg-type]
    assert leading_sign(crop_line(crop, split_lines(crop)[0])) == sign
    # the same at 150 dpi, blurred
    low = cv2.GaussianBlur(render([text], font=font, size=22, margin=12), (0, 0), 0.6)  # type: ignore[arg-type]
    assert leading_sign(crop_line(low, split_lines(low)[0])) == sign


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(
    "text", [">95%", "<150万元", "2400元", "23人", "150.00", "1个", "7家", "二级", "之前"]
)
def test_the_glyph_check_sees_no_sign_where_there_is_none(font: object, text: str) -> None:
    for size in (44, 22):
        crop = render([text], font=font, size=size)  # type: ignore[arg-type]
        assert leading_sign(crop_line(crop, split_lines(crop)[0])) is None, (text, size)


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(("text", "sign"), [("≥", "≥"), ("≤", "≤"), (">", None), ("<", None),
                                            ("V", None), ("%", None), ("=", None)])
def test_a_sign_alone_in_its_cell_is_told_by_its_shape(
    font: object, text: str, sign: str | None
) -> None:
    # an operator column prints the sign with no figures beside it
    crop = render([text], font=font)  # type: ignore[arg-type]
    assert leading_sign(crop_line(crop, split_lines(crop)[0])) == sign


def _scanned_line(text: str, font: object, scale: float, blur: float) -> np.ndarray:
    crop = render([text], font=font)  # type: ignore[arg-type]
    small = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), blur)
    return crop_line(small, split_lines(small)[0])


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(("scale", "blur"), [(0.66, 0.6), (0.5, 0.8)])  # 200 and 150 dpi
def test_an_angle_the_engine_read_gets_its_bar_from_the_glyph_s_ink(
    font: object, scale: float, blur: float
) -> None:
    for printed, read, sign in (("≥1次", ">1次", "≥"), ("≤30天", "<30天", "≤")):
        assert leading_sign(_scanned_line(printed, font, scale, blur), read) == sign
    # a plain angle stays plain, however the engine read it
    for printed in (">95%", "<60天", ">1家"):
        line = _scanned_line(printed, font, scale, blur)
        assert leading_sign(line, printed) is None, printed



def _blotted_slanted_sign(points_right: bool, gap: int = 0) -> np.ndarray:
    """A ⩾ (⩽ mirrored) as a copier blots it: the slanted bar a pixel (or `gap` quarter
    pixels more) from the lower arm, blur joining its top to the tip and its foot to the
    arm's end, so a sliver of paper is walled in along the arm."""
    big = np.full((120, 100), 255, np.uint8)
    cv2.line(big, (20, 12), (76, 42), 0, 7)  # upper arm to the tip
    cv2.line(big, (76, 42), (20, 72), 0, 7)  # lower arm
    cv2.line(big, (82, 52 + gap), (26, 84 + gap), 0, 7)  # the slanted bar beside it
    cv2.line(big, (76, 42), (82, 52 + gap), 0, 7)  # blotted onto the tip
    cv2.line(big, (20, 72), (26, 84 + gap), 0, 7)  # and onto the arm's end
    small = cv2.resize(big, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    fax = np.where(small < 150, 0, 255).astype(np.uint8)
    return fax if points_right else np.ascontiguousarray(fax[:, ::-1])


@pytest.mark.parametrize(("points_right", "sign"), [(True, "≥"), (False, "≤")])
@pytest.mark.parametrize("gap", [0, 4])  # a sliver a pixel thick, and one thick enough for 2×2
def test_a_blotted_slanted_sign_alone_in_its_cell_is_told_by_its_shape(
    points_right: bool, sign: str, gap: int
) -> None:
    # an operator column's ⩾ read as M: the sliver between arm and bar is no digit's loop
    crop = _blotted_slanted_sign(points_right, gap)
    assert leading_sign(crop_line(crop, split_lines(crop)[0]), "M") == sign


def _blotted_double_barred_sign(points_right: bool, arm: int = 9) -> np.ndarray:
    """A ≧ (≦ mirrored) as a fax blots it: the lower arm's end run into the first bar, a row
    of blur beneath that bar, the second bar apart below; `arm`: the arms' thickness in
    quarter pixels."""
    big = np.full((100, 64), 255, np.uint8)
    cv2.line(big, (8, 6), (44, 30), 0, arm)
    cv2.line(big, (44, 30), (8, 54), 0, arm)
    cv2.rectangle(big, (4, 60), (46, 68), 0, -1)  # the first bar
    cv2.fillPoly(big, [np.array([(4, 50), (26, 50), (30, 60), (4, 60)])], 0)  # the blot
    cv2.rectangle(big, (8, 69), (26, 72), 0, -1)  # blur beneath the bar
    cv2.rectangle(big, (4, 78), (46, 86), 0, -1)  # the second bar
    small = cv2.resize(big, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    fax = np.where(small < 160, 0, 255).astype(np.uint8)
    return fax if points_right else np.ascontiguousarray(fax[:, ::-1])


@pytest.mark.parametrize(("points_right", "sign"), [(True, "≧"), (False, "≦")])
@pytest.mark.parametrize("arm", [9, 17])  # arms so fat the tip is rows long
def test_a_double_barred_sign_a_fax_blotted_is_told_by_its_shape(
    points_right: bool, sign: str, arm: int
) -> None:
    # read "295%" or "≤65人次": the blot on the arm's end and the blur under the joined bar
    # hide neither the angle nor its two bars
    crop = _blotted_double_barred_sign(points_right, arm)
    assert sign_by_shape(crop_line(crop, split_lines(crop)[0])) == sign


@pytest.mark.parametrize("text", ["2400元", "5家", "295%", "23人"])
@pytest.mark.parametrize(("size", "blur", "cut"), [(20, 0.6, 170), (24, 0.6, 150), (22, 0.9, 190)])
def test_no_sign_is_seen_in_a_fax_thresholded_serif_digit(
    text: str, size: int, blur: float, cut: int
) -> None:
    # a serif 2 or 5 a fax's threshold breaks into pieces: the 5's bowl with its flat foot
    # is an angle-like stroke over a bar, but no second bar shows it for a ≧
    crop = cv2.GaussianBlur(render([text], font=SERIF, size=size, margin=12), (0, 0), blur)
    fax = np.where(crop < cut, 0, 255).astype(np.uint8)
    assert leading_sign(crop_line(fax, split_lines(fax)[0]), text) is None


def _sign_with_joined_bar(points_right: bool) -> np.ndarray:
    """A ≥ (≤ mirrored) in a fax's operator column: blur joined the bar to the lower arm, an
    arm over a flat foot, which the recogniser reads as a 2."""
    big = np.full((84, 84), 255, np.uint8)
    cv2.line(big, (10, 8), (66, 32), 0, 12)
    cv2.line(big, (66, 32), (10, 54), 0, 12)
    cv2.rectangle(big, (6, 56), (70, 68), 0, -1)
    small = cv2.resize(big, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    fax = np.where(small < 160, 0, 255).astype(np.uint8)
    return fax if points_right else np.ascontiguousarray(fax[:, ::-1])


@pytest.mark.parametrize(("points_right", "sign"), [(True, "≥"), (False, "≤")])
def test_a_lone_sign_read_as_a_2_is_told_by_its_shape(points_right: bool, sign: str) -> None:
    crop = _sign_with_joined_bar(points_right)
    assert leading_sign(crop_line(crop, split_lines(crop)[0]), "2") == sign


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(("size", "blur", "cut"), [(44, 0.0, 128), (22, 0.6, 150), (20, 0.9, 190)])
def test_a_lone_2_stays_a_2(font: object, size: int, blur: float, cut: int) -> None:
    # a weight or a count of 2 alone in its cell: its top curls over to the right, no arm's end
    crop = render(["2"], font=font, size=size, margin=12)  # type: ignore[arg-type]
    if blur:
        crop = cv2.GaussianBlur(crop, (0, 0), blur)
    fax = np.where(crop < cut, 0, 255).astype(np.uint8)
    assert leading_sign(crop_line(fax, split_lines(fax)[0]), "2") is None
