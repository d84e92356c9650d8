"""A leading ≥ / ≤ the recogniser dropped or read as a digit or letter, found by its shape.

Fixtures are line crops (as `crop_line` cuts them) from low-resolution corpus scans: a 153 dpi
photo, a 119 dpi fax, a photocopy, and faxes of a second rendering ("fax7") whose signs are
about 10 px square, their bar merged with the lower arm, or in a serif font stand taller than
the digits (⩾); their names carry the printed value. Synthetic lines are
rendered small and blurred, in the corpus fonts and in fonts the corpus does not use.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from declform.extract.ocr import CellImage, OcrEngine
from declform.extract.ocr.cleaning import clean_crop
from declform.extract.ocr.signs import leading_sign, without_first_glyph
from declform.extract.ocr.text import sign_over_digit
from declform.extract.ocr.textlines import crop_line, split_lines
from tests.extract.ocr.render import SANS, SERIF, render

FIXTURES = Path(__file__).parent / "fixtures"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_SANS = DEJAVU / "DejaVuSans.ttf"
DEJAVU_SERIF = DEJAVU / "DejaVuSerif.ttf"


def _fixture(name: str) -> np.ndarray:
    image = cv2.imread(str(FIXTURES / f"line_{name}.png"), cv2.IMREAD_GRAYSCALE)
    assert image is not None, name
    return np.asarray(image)


def _scanned_line(text: str, font: Path, dpi: int, blur: float) -> np.ndarray:
    """One line of 10.5 pt text at `dpi`, blurred, as the engine's line splitter cuts it."""
    if not font.is_file():
        pytest.skip(f"{font} is not installed")
    crop = render([text], font=font, size=44, margin=20)
    scale = 10.5 / 72 * dpi / 44
    small = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if blur:
        small = cv2.GaussianBlur(small, (0, 0), blur)
    small = clean_crop(small)
    return crop_line(small, split_lines(small)[0])


# (fixture, what PP-OCR read for the line, the sign printed)
SIGNED = [
    ("photo_ge_1wanyuan", "21万元", "≥"),  # ≥ read as a 2
    ("photo_ge_95pct", "95%", "≥"),  # dropped
    ("photo_le_2.05wanyuan", "2.05万元", "≤"),
    ("photo_le_1jia", "K1家", "≤"),  # ⩽, the slanted bar of the serif font, read as K
    ("fax_le_65renci", "65人次", "≤"),
    ("fax_le_1jia", "s1家", "≤"),
    ("fax_ge_95pct", "95%", "≥"),
    ("photocopy_ge_1ci", "1次", "≥"),
    ("fax7_ge_7", "27", "≥"),  # 10 px: the thick upper arm passes the middle by its 2nd row
    ("fax7_ge_95pct", "95%", "≥"),
    ("fax7_ge_6ci", "26次", "≥"),  # a notch of 2 px beside the tip
    ("fax7_le_53.424wanyuan", "53.424万元", "≤"),
    ("fax7_ge_90pct_tall", "2903", "≥"),  # ⩾ taller than the digits after it
    ("fax7_ge_98pct_tall", "98%", "≥"),
    # ⩽ whose slanted bar blur bridged to the arm, walling in a one-row sliver of paper
    ("photocopy_le_22.56wanyuan_bridged", "<22.56万元", "≤"),
]
PLAIN = [
    ("photo_plain_100pct", "100%"),
    ("photo_plain_2.05", "2.05"),
    ("photo_plain_date", "2026年12月31日前"),
    ("fax_plain_100pct", "100%"),
    ("fax_plain_23.70", "23.70"),
    ("fax_plain_23.7wanyuan", "23.7万元"),
    ("photocopy_plain_23.7wanyuan", "23.7万元"),
    ("fax7_plain_60.00", "60.00"),
    ("fax7_plain_513.13", "513.13"),
    ("fax7_plain_2026nian", "2026年"),
    # 9 px print (湛江's form rendered): a 5's flat top is no angle's arm, its bowl no ≤
    ("rendered9px_plain_50000", "50000"),
]


@pytest.mark.parametrize(("name", "read", "sign"), SIGNED)
def test_a_sign_the_recogniser_lost_on_a_low_resolution_scan_is_seen(
    name: str, read: str, sign: str
) -> None:
    assert leading_sign(_fixture(name), read) == sign


@pytest.mark.parametrize(("name", "read"), PLAIN)
def test_no_sign_is_seen_before_a_plain_number_on_a_low_resolution_scan(
    name: str, read: str
) -> None:
    assert leading_sign(_fixture(name), read) is None


# Heavy blur at 100–150 dpi, where the older check (a bar told apart from the angle) fails.
_VALUES = [("≥95%", "95%", "≥"), ("≤2.05万元", "2.05万元", "≤"), ("≥1万元", "21万元", "≥")]
_VALUES += [("≤65人次", "65人次", "≤")]


@pytest.mark.parametrize(
    ("font", "dpi", "blur", "printed", "read", "sign"),
    [(font, 100, 0.9, *value) for font in (DEJAVU_SANS, DEJAVU_SERIF) for value in _VALUES]
    + [
        (DEJAVU_SANS, dpi, blur, *value)
        for dpi, blur in ((120, 0.9), (150, 1.2))
        for value in _VALUES
    ]
    + [(SERIF, dpi, 0.9, *value) for dpi in (120, 150) for value in _VALUES[1:]]
    + [(SANS, 100, 1.2, *value) for value in (_VALUES[0], *_VALUES[2:])],
)
def test_a_blurred_small_sign_is_told_by_its_shape(
    font: Path, dpi: int, blur: float, printed: str, read: str, sign: str
) -> None:
    assert leading_sign(_scanned_line(printed, font, dpi, blur), read) == sign


@pytest.mark.parametrize("font", [SANS, SERIF, DEJAVU_SANS, DEJAVU_SERIF])
@pytest.mark.parametrize(
    "text", ["95%", "100%", "2026年12月", "2.05万元", "4家", "60.00", "7天", "3.2", "9项", "约3", "50000", "5次", "8人"]
)
def test_no_sign_is_invented_before_a_plain_number(font: Path, text: str) -> None:
    for dpi in (100, 120, 150, 200, 300):
        for blur in (0.0, 0.5, 0.9):
            line = _scanned_line(text, font, dpi, blur)
            assert leading_sign(line, text) is None, (text, dpi, blur)


@pytest.mark.parametrize("font", [SANS, SERIF])
def test_a_plain_angle_read_right_is_left_alone(font: Path) -> None:
    for printed in (">95%", "<60天"):
        for dpi in (120, 150, 200):
            assert leading_sign(_scanned_line(printed, font, dpi, 0.5), printed) is None


def test_cutting_the_first_glyph_leaves_the_rest_of_the_line() -> None:
    line = _fixture("photo_ge_1wanyuan")
    rest = without_first_glyph(line)
    assert rest is not None
    assert rest.shape[0] == line.shape[0]
    assert line.shape[1] * 0.7 < rest.shape[1] < line.shape[1]
    assert leading_sign(rest, "1万元") is None  # the sign went with the cut
    assert without_first_glyph(np.full((20, 40), 255, dtype=np.uint8)) is None


@pytest.mark.parametrize(
    ("text", "rest", "fixed"),
    [
        ("21万元", "1万元", "≥1万元"),  # the sign read as a digit
        ("95%", "95%", "≥95%"),  # the sign dropped
        ("95%", "96%", "≥95%"),  # the rest read differently: as long, so the sign was dropped
        ("295%", "96%", "≥95%"),  # ... one shorter: the first character was the sign
    ],
)
def test_the_reading_without_the_sign_tells_whether_a_digit_was_the_sign(
    text: str, rest: str, fixed: str
) -> None:
    assert sign_over_digit(text, "≥", rest) == fixed


@pytest.fixture(scope="module")
def rapid(rapid_engine: OcrEngine) -> OcrEngine:
    return rapid_engine


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("photo_ge_1wanyuan", "≥1万元"),
        ("photo_le_2.05wanyuan", "≤2.05万元"),
        ("fax_le_65renci", "≤65人次"),
        ("photo_plain_2.05", "2.05"),
        ("fax_plain_23.7wanyuan", "23.7万元"),
    ],
)
def test_the_engine_puts_the_lost_sign_back(rapid: OcrEngine, name: str, value: str) -> None:
    (reading,) = rapid.read([CellImage(_fixture(name), "line")])
    assert reading.text == value


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize("sign", ["≥", "≤"])
def test_a_sign_alone_in_its_cell_is_read_as_the_sign(rapid: OcrEngine, font: Path, sign: str) -> None:
    # the recogniser alone reads a lone ≥ as V or N: an operator column's cells hold nothing else
    crop = render([sign], font=font, size=44, margin=20)
    (reading,) = rapid.read([CellImage(crop, "line")])
    assert reading.text == sign


@pytest.mark.parametrize(
    "name",
    # an operator column's ⩾ on a photocopy: toner fused the slanted bar to the lower arm, and
    # specks lie beside it (one left of the sign, two after it); the recogniser read M
    ["photocopy_lone_ge_speck_left", "photocopy_lone_ge_specks_right"],
)
def test_a_lone_sign_among_toner_specks_is_told_by_its_shape(name: str) -> None:
    cell = cv2.imread(str(FIXTURES / f"cell_{name}.png"), cv2.IMREAD_GRAYSCALE)
    (box,) = split_lines(cell)
    line = crop_line(cell, box)
    assert leading_sign(line, "M") == "≥"
    assert leading_sign(line, "") is None  # nothing read: no sign is put in an empty cell


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize("dpi", [150, 200])
def test_a_lone_digit_read_as_a_letter_is_never_taken_for_a_sign(font: Path, dpi: int) -> None:
    # the lone-glyph check is for what the recogniser read as a letter or mark: a lone digit
    # it misread must not gain a sign
    for digit in "0123456789":
        line = _scanned_line(digit, font, dpi, 0.6)
        assert leading_sign(line, "A") is None, digit
        assert leading_sign(line, digit) is None, digit  # read as itself (a lone 2 is judged)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # on a photocopy the recogniser read ≤0% as "人%" and ≥0家 as "≥家": a figureless reading
        # whose first glyph is a sign is read again without it, and the figure comes back
        ("photocopy_le_0pct_read_as_han", "≤0%"),
        ("photocopy_ge_0jia_figure_lost", "≥0家"),
        # on a fax ≥90 read as ">" alone: a lone sign whose line goes on past it is read
        # again without it, and the sign is kept as read (here put right by its bar)
        ("fax_ge90_figure_lost", "≥90"),
    ],
)
def test_a_figure_lost_beside_a_sign_is_read_again(rapid: OcrEngine, name: str, value: str) -> None:
    cell = cv2.imread(str(FIXTURES / f"cell_{name}.png"), cv2.IMREAD_GRAYSCALE)
    (reading,) = rapid.read([CellImage(cell, "line")])
    assert reading.text == value


@pytest.mark.parametrize("font", [SANS, SERIF])
def test_short_words_without_figures_are_not_read_as_signed_values(
    rapid: OcrEngine, font: Path
) -> None:
    for text in ("较好", "提高", "达标", "人次", "≥%"):
        crop = render([text], font=font, size=44, margin=20)
        (reading,) = rapid.read([CellImage(crop, "line")])
        assert reading.text == text


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize("size", [44, 22])
def test_a_lone_sign_read_as_a_han_character_is_told_by_its_shape(font: Path, size: int) -> None:
    # the recogniser reads a lone ≤ as 八: alone in its cell, the glyph is judged whatever it
    # was read as, and a lone Han character or unit stays what it is
    for printed, read, sign in (("≤", "八", "≤"), ("≥", "入", "≥")):
        crop = render([printed], font=font, size=size, margin=20)
        assert leading_sign(crop_line(crop, split_lines(crop)[0]), read) == sign
    for word in "人个次家元天年月是否无高好优良八入之二三上下小大少多长中":
        crop = render([word], font=font, size=size, margin=20)
        assert leading_sign(crop_line(crop, split_lines(crop)[0]), word) is None, word


def test_the_engine_reads_a_lone_sign_it_took_for_a_han_character(rapid: OcrEngine) -> None:
    # a 300 dpi scan's operator column: the recogniser alone reads this ≤ as 八
    cell = cv2.imread(str(FIXTURES / "cell_clean_lone_le_read_as_ba.png"), cv2.IMREAD_GRAYSCALE)
    (reading,) = rapid.read([CellImage(cell, "line")])
    assert reading.text == "≤"


def test_the_engine_reads_a_double_barred_sign_as_printed(rapid: OcrEngine) -> None:
    # a 300 dpi scan of ≧95% (U+2267), its lower arm heavy: the recogniser alone reads 295%
    cell = cv2.imread(str(FIXTURES / "cell_clean_geqq_95pct_read_as_295.png"), cv2.IMREAD_GRAYSCALE)
    (reading,) = rapid.read([CellImage(cell, "line")])
    assert reading.text == "≧95%"
