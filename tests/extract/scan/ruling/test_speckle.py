"""Dark toner speckle (augraphy's photocopy bands) must neither shrink the page's character
size nor crowd a ruling line into text."""

from __future__ import annotations

import numpy as np

from declform.extract.scan.ruling.contrast import ContrastInk, page_scale
from declform.extract.scan.ruling.segments import segments
from tests.extract.scan.ruling.test_damage import YS, Grey, labelled_cells, ruled, structures


def speckle_band(page: Grey, top: int, bottom: int, density: float) -> Grey:
    """Black toner dots 2 px across over rows top..bottom of the whole sheet."""
    rng = np.random.default_rng(7)
    out = page.copy()
    height, width = (bottom - top) // 2, out.shape[1] // 2
    dots = np.kron(rng.random((height, width)) < density, np.ones((2, 2), bool))
    band = out[top : top + 2 * height, : 2 * width]
    band[dots] = 0
    return out


def test_glyph_size_is_measured_on_print_not_on_grey_speckle() -> None:
    page = np.full((1240, 1754), 255, np.uint8)
    rng = np.random.default_rng(1)
    # four thousand grey specks 5 px tall, ten times the number of printed characters
    for y, x in zip(rng.integers(20, 1200, 4000), rng.integers(20, 1700, 4000), strict=True):
        page[y : y + 5, x : x + 3] = 190
    for k in range(400):
        x, y = 40 + 42 * (k % 40), 100 + 60 * (k // 40)
        page[y : y + 24, x : x + 3] = 0  # a character's left and right strokes, 24 px tall
        page[y : y + 24, x + 18 : x + 21] = 0
        page[y + 10 : y + 13, x : x + 21] = 0
    assert page_scale(page).glyph == 24


def test_a_rule_under_a_band_of_dark_speckle_still_parts_the_rows() -> None:
    page = labelled_cells(ruled(np.full((500, 760), 255, np.uint8)))
    # a band of dots as dark as the print, wider than a rule is thick, along the whole sheet
    # hugging the rule between the first two rows from above, inside the table and beyond
    specked = speckle_band(page, YS[1] - 12, YS[1] - 1, 0.3)
    assert structures(specked) == [(3, 3, 9)]


def test_a_run_longer_than_any_stroke_is_a_line_whatever_crowds_it() -> None:
    runs = np.zeros((100, 400), np.uint8)
    runs[50:52, 20:380] = 255
    ink = runs.copy()
    ink[46:48, [x for x in range(20, 380) if x % 3]] = 255  # dark dots along its upper side
    contrast = ContrastInk(ink, np.where(ink > 0, 200, 0).astype(np.uint8))
    assert segments(runs.copy(), "h", 10, contrast, 3, 200.0) == []  # as crowded as a stroke
    (line,) = segments(runs.copy(), "h", 10, contrast, 3, 200.0, 100, rule_thickness=2)
    assert (line.start, line.end) == (20, 380)


def test_a_long_run_thicker_than_the_rules_is_still_tested_for_crowding() -> None:
    # a fax's blur welds a few characters' strokes into one long run, as thick as print
    runs = np.zeros((100, 400), np.uint8)
    runs[48:54, 20:380] = 255
    ink = runs.copy()
    ink[43:45, [x for x in range(20, 380) if x % 3]] = 255
    contrast = ContrastInk(ink, np.where(ink > 0, 200, 0).astype(np.uint8))
    assert segments(runs.copy(), "h", 10, contrast, 3, 200.0, 100, rule_thickness=2) == []
