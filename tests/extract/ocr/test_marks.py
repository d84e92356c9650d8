"""Punctuation or toner speck, told by the line's ink (extract/ocr/marks.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFont

from declform.extract.ocr.marks import line_ink, speck_marks, without
from tests.extract.ocr.render import SANS, SERIF, render

MARGIN = 6
# glyph sizes of 10.5 pt print at 150, 200 and 300 dpi
SIZES = (22, 29, 44)


def _line(text: str, size: int, font: str = "sans") -> tuple[np.ndarray, list[float]]:
    """`text` drawn as one line, and each character's centre as a share of the width."""
    path = SANS if font == "sans" else SERIF
    image = render([text], font=path, size=size, margin=MARGIN)
    face = ImageFont.truetype(str(path), size)
    width = image.shape[1]
    places = [
        (MARGIN + (face.getlength(text[:i]) + face.getlength(text[: i + 1])) / 2) / width
        for i in range(len(text))
    ]
    return image.copy(), places


def _speck(image: np.ndarray, x: float, y: float, size: int = 2) -> None:
    image[round(y) : round(y) + size, round(x) : round(x) + size] = 20


def _rows(image: np.ndarray) -> tuple[int, int]:
    inked = np.flatnonzero((image < 128).any(axis=1))
    return int(inked[0]), int(inked[-1])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("font", ["sans", "serif"])
@pytest.mark.parametrize(
    "text",
    [
        "≥95%：",
        "目标：按时完成",
        "“十四五”规划",
        "【必填】",
        "完成率！",
        "1.25万元",
        "调查、走访。",
        "按月（季）",
    ],
)
def test_printed_marks_are_kept(text: str, size: int, font: str) -> None:
    image, places = _line(text, size, font)
    assert speck_marks(image, text, places) == frozenset()


# at 150 dpi (22 px) a 2 px speck is as big as a printed dot, and the mark is kept
@pytest.mark.parametrize("size", SIZES[1:])
@pytest.mark.parametrize(
    ("printed", "read", "where"),
    [
        ("≥95%", "≥95%:", "after"),  # a speck after the value read as a colon
        ("≥95%", '≥95%"', "after_high"),
        ("稳步提升", "[稳步提升", "before"),
        ("满意度", "满’意度", "inside_high"),
        ("有所提升", "有所提升。", "after_low"),
    ],
)
def test_a_speck_read_as_a_mark_is_told_by_its_ink(
    printed: str, read: str, where: str, size: int
) -> None:
    image, printed_places = _line(printed, size)
    top, bottom = _rows(image)
    face_width = image.shape[1]
    step = size / face_width  # one glyph's width as a share
    if where.startswith("after"):
        # the line as drawn, widened by a glyph of paper for the speck to lie on
        image = np.hstack((image, np.full((image.shape[0], size), 255, np.uint8)))
        scale = face_width / image.shape[1]
        places = [p * scale for p in printed_places] + [(face_width + size / 3) / image.shape[1]]
        y = top + 2 if where == "after_high" else bottom - 3
        _speck(image, face_width + size / 3, y)
    elif where == "before":
        image = np.hstack((np.full((image.shape[0], size), 255, np.uint8), image))
        scale = face_width / image.shape[1]
        places = [(size / 2) / image.shape[1]] + [
            (size + p * face_width) / image.shape[1] for p in printed_places
        ]
        _speck(image, size / 2, (top + bottom) / 2)
    else:  # inside: a speck high in the gap between the first two characters
        places = [*printed_places[:1], printed_places[0] + step / 2, *printed_places[1:]]
        _speck(image, (printed_places[0] + step / 2) * face_width, top)
    specks = speck_marks(image, read, places)
    assert without(read, specks) == printed


def test_a_mark_between_digits_is_never_judged() -> None:
    image, places = _line("1425万元", 29)
    read = "14.25万元"  # a decimal point where the ink has none: the value grammar decides
    places = [*places[:2], (places[1] + places[2]) / 2, *places[2:]]
    assert speck_marks(image, read, places) == frozenset()


def test_the_font_size_is_measured_past_the_specks() -> None:
    image, _ = _line("项目预算控制数", 29)
    clean = line_ink(image, han=True)
    rng = np.random.default_rng(0)
    height, width = image.shape
    for y, x in zip(rng.integers(0, height - 2, 60), rng.integers(0, width - 2, 60), strict=True):
        _speck(image, float(x), float(y), 1)
    specked = line_ink(image, han=True)
    assert clean is not None and specked is not None
    assert specked.em == pytest.approx(clean.em, rel=0.1)
    assert clean.em == pytest.approx(29, rel=0.1)
    assert (specked.top, specked.bottom) == (clean.top, clean.bottom)


def test_a_line_without_ink_or_marks_has_no_specks() -> None:
    blank = np.full((30, 120), 255, np.uint8)
    assert speck_marks(blank, "：", [0.5]) == frozenset()
    image, places = _line("项目名称", 29)
    assert speck_marks(image, "项目名称", places) == frozenset()
    assert speck_marks(image, "项目名称", places[:2]) == frozenset()  # places do not fit
