"""Toner dropout streaks: a row (or column) across the page where the print is lost."""

from __future__ import annotations

import cv2
import numpy as np

from declform.extract.ocr.textlines import split_lines
from declform.extract.scan.dropouts import restore_dropout_lines


def _text_line(width: int = 600, glyphs: int = 20) -> np.ndarray:
    """A line of 'glyphs': boxes of strokes 24 px tall, as a 200 dpi scan prints them."""
    page = np.full((80, width), 255, np.uint8)
    for k in range(glyphs):
        x = 10 + 28 * k
        cv2.rectangle(page, (x, 28), (x + 20, 52), 0, 2)  # a 口 with a stroke through it
        cv2.line(page, (x + 10, 28), (x + 10, 52), 0, 2)
    return page


def test_a_streak_across_a_line_of_text_is_filled_and_the_line_reads_as_one() -> None:
    page = _text_line()
    streaked = page.copy()
    streaked[40] = np.maximum(streaked[40], 216)  # augraphy's LowInkRandomLines, one row
    assert len(split_lines(streaked)) == 2  # the line cut in two halves
    restored = restore_dropout_lines(streaked)
    assert len(split_lines(restored)) == 1
    assert np.array_equal(restored, page)


def test_a_streak_two_pixels_wide_and_one_down_a_page_fed_sideways() -> None:
    page = _text_line()
    streaked = page.copy()
    streaked[40:42] = np.maximum(streaked[40:42], 240)
    assert np.array_equal(restore_dropout_lines(streaked), page)
    turned = np.ascontiguousarray(page.T)
    streaked = turned.copy()
    streaked[:, 40] = np.maximum(streaked[:, 40], 240)
    assert np.array_equal(restore_dropout_lines(streaked), turned)


def test_colour_pages_are_filled_in_every_channel() -> None:
    page = cv2.cvtColor(_text_line(), cv2.COLOR_GRAY2BGR)
    streaked = page.copy()
    streaked[40] = np.maximum(streaked[40], 230)
    assert np.array_equal(restore_dropout_lines(streaked), page)


def test_print_of_its_own_is_kept() -> None:
    page = _text_line()
    # 二-like strokes a pixel apart, and a double ruling whose two rules run a pixel apart
    for k in range(20):
        x = 10 + 28 * k
        page[60, x : x + 20] = 0
        page[62, x : x + 20] = 0
    page[70] = 0
    page[72] = 0
    page[:, 595] = 0
    page[:, 597] = 0
    assert restore_dropout_lines(page) is page  # nothing to fill: the same array


def test_a_one_bit_page_is_left_as_it_is() -> None:
    # a fax's dithered strokes leave white pixels between black ones in every other column
    page = _text_line()
    page[:, ::2] = np.where(page[:, ::2] < 128, 255, page[:, ::2])
    streaked = page.copy()
    streaked[40] = 255
    assert restore_dropout_lines(streaked) is streaked
