"""The glyph check for a leading ≥ / ≤ on rendered crops (the corpus's low-resolution lines
are in test_leading_sign.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

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



def _blotted_slanted_sign(points_right: bool) -> np.ndarray:
    """A ⩾ (⩽ mirrored) as a copier blots it: the slanted bar a pixel from the lower arm,
    blur joining its top to the tip and its foot to the arm's end, so a sliver of paper a
    pixel or two thick is walled in along the arm."""
    big = np.full((120, 100), 255, np.uint8)
    cv2.line(big, (20, 12), (76, 42), 0, 7)  # upper arm to the tip
    cv2.line(big, (76, 42), (20, 72), 0, 7)  # lower arm
    cv2.line(big, (82, 52), (26, 84), 0, 7)  # the slanted bar beside it
    cv2.line(big, (76, 42), (82, 52), 0, 7)  # blotted onto the tip
    cv2.line(big, (20, 72), (26, 84), 0, 7)  # and onto the arm's end
    small = cv2.resize(big, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    fax = np.where(small < 150, 0, 255).astype(np.uint8)
    return fax if points_right else np.ascontiguousarray(fax[:, ::-1])


@pytest.mark.parametrize(("points_right", "sign"), [(True, "≥"), (False, "≤")])
def test_a_blotted_slanted_sign_alone_in_its_cell_is_told_by_its_shape(
    points_right: bool, sign: str
) -> None:
    # an operator column's ⩾ read as M: the sliver between arm and bar is no digit's loop
    crop = _blotted_slanted_sign(points_right)
    assert leading_sign(crop_line(crop, split_lines(crop)[0]), "M") == sign
