"""A slot side drawn as the pieces of a worn line, told from a band of speckle."""

from __future__ import annotations

import numpy as np

from declform.extract.scan.ruling.boundaries import Boundary
from declform.extract.scan.ruling.segments import LineMasks, LineScale
from declform.extract.scan.ruling.sides import boundary_ink, side_drawn

SCALE = LineScale.from_sizes(glyph=20, thickness=2)
ROW = Boundary("h", np.array([0.0, 400.0]), np.array([50.0, 50.0]), 0.0)
ENDS = np.array([10.0, 390.0])


def drawn(pieces: np.ndarray) -> bool:
    empty = np.zeros_like(pieces)
    masks = LineMasks({"h": empty, "v": empty}, {"h": pieces, "v": empty}, {})
    return side_drawn(boundary_ink(ROW, ENDS, masks, SCALE), ENDS[0], ENDS[1], SCALE)


def worn_line() -> np.ndarray:
    pieces = np.zeros((120, 400), np.uint8)
    pieces[49:52, [x for x in range(400) if x % 5]] = 255  # a worn rule: dashes on its course
    return pieces


def test_the_pieces_of_a_worn_line_with_paper_beside_it_are_drawn() -> None:
    assert drawn(worn_line())


def test_pieces_as_thick_beside_the_course_as_on_it_are_speckle_not_a_line() -> None:
    speckled = worn_line()
    speckled[54:70, [x for x in range(400) if x % 4]] = 255  # a band of speckle below it
    assert not drawn(speckled)
