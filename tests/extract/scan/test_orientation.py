"""The upside-down test's use of its legibility judge (pages drawn in tests/extract/scan/test_ink)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from declform.extract.scan.orientation import Grey, rotate_upright, upside_down
from tests.extract.scan.test_ink import knows_upright, text_page


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
    assert len(judge.calls) == 1  # one reading: turned lines cannot read better


def test_lines_that_read_badly_are_read_turned_too() -> None:
    judge = CountingJudge(text_page())
    assert upside_down(rotate_upright(text_page(), 180), judge) is True
    assert len(judge.calls) == 2 and judge.calls[0] == judge.calls[1]


def test_middling_readings_both_ways_give_no_verdict() -> None:
    def middling(crops: Sequence[Grey]) -> list[float]:
        return [0.6] * len(crops)

    assert upside_down(text_page(), middling) is None
    blank = np.full((400, 400), 255, np.uint8)
    assert upside_down(blank, middling) is None
