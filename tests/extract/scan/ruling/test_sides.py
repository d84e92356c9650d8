"""A slot side drawn as the pieces of a worn line or as a faint rule, told from a band of speckle."""

from __future__ import annotations

import numpy as np

from declform.extract.scan.ruling.boundaries import Boundary
from declform.extract.scan.ruling.faint import faint_side
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


def faint(contrast: np.ndarray) -> bool:
    empty = np.zeros_like(contrast)
    return faint_side(ROW, ENDS[0], ENDS[1], 200.0, contrast, (empty, empty), SCALE)


def dotted_rule() -> np.ndarray:
    contrast = np.zeros((120, 400), np.uint8)
    contrast[50, [x for x in range(400) if x % 3]] = 60  # a fax's grey rule, in dots
    return contrast


def test_a_faint_dotted_rule_with_paper_beside_it_is_drawn() -> None:
    assert faint(dotted_rule())


def test_a_faint_course_along_the_edge_of_a_speckle_band_is_no_rule() -> None:
    speckled = dotted_rule()
    rng = np.random.default_rng(2)
    band = speckled[30:49]
    band[rng.random(band.shape) < 0.4] = 60  # grey speckle up to the course, above it
    assert not faint(speckled)
