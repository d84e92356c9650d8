"""Where line segments meet: the contacts that decide whether a segment is ruling."""

from __future__ import annotations

import numpy as np

from declform.extract.scan.ruling.segments import Segment
from declform.extract.scan.ruling.tables import contacts

REACH, BRIDGE = 4.0, 30.0


def _segment(axis: str, start: float, end: float, at: float, crowded: float = 0.0) -> Segment:
    along = np.arange(start + 4, end, 8.0)
    return Segment(
        axis=axis,  # type: ignore[arg-type]
        start=start,
        end=end,
        along=along,
        across=np.full(along.shape, at),
        thickness=2.0,
        slope=0.0,
        crowded=(crowded, crowded),
    )


def _rules() -> list[Segment]:
    return [_segment("h", 0, 400, 100), _segment("h", 0, 400, 200)]


def test_an_end_meets_a_rule_across_a_dropout_of_that_rule() -> None:
    # the bottom rule is gone from x 180 to 220: the column at x 200 ends in the gap
    horizontal = [
        _segment("h", 0, 400, 100),
        _segment("h", 0, 180, 200),
        _segment("h", 220, 400, 200),
    ]
    column = _segment("v", 100, 200, 200)
    assert contacts(horizontal, [column], REACH)[1].ends.tolist() == [[True, False]]
    assert contacts(horizontal, [column], REACH, BRIDGE)[1].ends.tolist() == [[True, True]]
    # a dropout wider than the bridge on a side is the rule's end, not a gap in it
    far = [_segment("h", 0, 400, 100), _segment("h", 0, 120, 200), _segment("h", 240, 400, 200)]
    assert contacts(far, [column], REACH, BRIDGE)[1].ends.tolist() == [[True, False]]


def test_a_plain_line_whose_last_stretch_dropped_out_meets_the_rule_but_a_stroke_does_not() -> None:
    column = _segment("v", 100, 180, 200)  # 20 short of the bottom rule
    assert contacts(_rules(), [column], REACH)[1].ends.tolist() == [[True, False]]
    assert contacts(_rules(), [column], REACH, BRIDGE)[1].ends.tolist() == [[True, True]]
    # the same stretch crowded by other ink (a character's stroke) stays short of it
    stroke = _segment("v", 100, 180, 200, crowded=0.9)
    assert contacts(_rules(), [stroke], REACH, BRIDGE)[1].ends.tolist() == [[True, False]]
    # and neither end is bridged when the other meets nothing
    loose = _segment("v", 115, 180, 200)
    assert contacts(_rules(), [loose], REACH, BRIDGE)[1].ends.tolist() == [[False, False]]
