"""The upside-down test's use of its legibility judge (pages drawn in tests/extract/scan/test_ink)."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
import pytest

from declform.extract.scan.orientation import (
    Grey,
    detect_orientation,
    rotate_upright,
    text_axis,
    upside_down,
)
from tests.extract.scan.test_ink import forbid_osd, knows_upright, text_page


class CountingJudge:
    """A judge that records how many crops it was asked to read."""

    def __init__(self, page: Grey) -> None:
        self._judge = knows_upright(page)
        self.calls: list[int] = []

    def __call__(self, crops: Sequence[Grey]) -> list[float]:
        self.calls.append(len(crops))
        return list(self._judge(crops))


def test_lines_that_read_well_as_they_are_are_not_read_turned() -> None:
    judge = CountingJudge(text_page())
    assert upside_down(text_page(), judge) is False
    # one reading of the three longest lines: turned lines cannot read better, and more
    # lines would not say otherwise
    assert judge.calls == [3]


def test_lines_that_read_badly_are_read_turned_too() -> None:
    judge = CountingJudge(text_page())
    assert upside_down(rotate_upright(text_page(), 180), judge) is True
    # the first three lines, the other two, then all five turned
    assert judge.calls == [3, 2, 5]


def test_three_lines_that_do_not_decide_are_joined_by_the_rest() -> None:
    answers = iter(([0.95, 0.95, 0.05], [0.95, 0.95], [0.05] * 5))
    calls: list[int] = []

    def one_unreadable(crops: Sequence[Grey]) -> list[float]:
        calls.append(len(crops))  # of the first three, one reads badly: not surely upright
        return next(answers)

    assert upside_down(text_page(), one_unreadable) is False  # 0.77 upright beats 0.05
    assert calls == [3, 2, 5]


def test_middling_readings_both_ways_give_no_verdict() -> None:
    def middling(crops: Sequence[Grey]) -> list[float]:
        return [0.6] * len(crops)

    assert upside_down(text_page(), middling) is None
    blank = np.full((400, 400), 255, np.uint8)
    assert upside_down(blank, middling) is None


def grey_speckled_continuation() -> Grey:
    """A form's last rows on a page of their own (the printed part of `text_page` cut to its
    top fifth), the rest blank, under a photocopier's grey speckle: twelve thousand specks, 2 to
    4 px across and far paler than the print, outnumbering the characters many times over."""
    page = np.full((1754, 1240), 255, np.uint8)
    page[:350] = text_page()[:350]
    rng = np.random.default_rng(7)
    for _ in range(12000):
        x, y = int(rng.integers(0, page.shape[1])), int(rng.integers(0, page.shape[0]))
        shade = int(rng.integers(190, 225))
        cv2.circle(page, (x, y), int(rng.integers(1, 3)), shade, -1)
    return page


def test_grey_speckle_does_not_set_the_glyph_size_or_the_text_axis() -> None:
    page = grey_speckled_continuation()
    assert text_axis(page) == "horizontal"
    assert text_axis(rotate_upright(page, 90)) == "vertical"


@pytest.mark.parametrize("turn", [0, 90])
def test_a_speckled_continuation_page_is_turned_by_its_print(
    turn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_osd(monkeypatch)
    page = grey_speckled_continuation()
    scanned = rotate_upright(page, (360 - turn) % 360)
    assert detect_orientation(scanned, knows_upright(page)) == turn
