"""Whether a boundary is drawn over one slot side, judged on the line masks.

An `InkedProfile` tells, pixel by pixel along a boundary's course, whether a line mask has
ink within the tolerance band (optionally on a course shifted parallel to it): the coverage
of the boundary between two crossing boundaries is then a prefix-sum lookup. A side is
drawn when long runs or the pieces of a worn line cover most of it and reach both corners
(`side_drawn`); pieces count only when they lie along the course and not as thickly beside
it on both sides, as a band of toner speckle or a shaded strip does.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.boundaries import Boundary
from declform.extract.scan.ruling.segments import LineMasks, LineScale, Mask

# Shares of a slot's side: long ink runs must cover RULED of it for the side to count as
# drawn, or the pieces of a worn (broken) line WORN of it; a side whose corner wore away
# still counts when its pieces cover WELL_INKED of it (see `_reaches`).
RULED = 0.6
WORN = 0.5
WELL_INKED = 0.7
# Pieces on a course beside a side, on either side, covering this share of what they
# cover on it: the side lies in a texture of marks (speckle), not on a line.
AS_BESIDE = 0.8


class InkedProfile:
    """Prefix sums of 'line ink near the boundary' along a boundary, for O(1) coverage;
    with `shift`, near a course that far from the boundary's, parallel to it."""

    def __init__(
        self,
        boundary: Boundary,
        mask: Mask,
        start: int,
        end: int,
        tolerance: int,
        shift: int = 0,
    ):
        # the mask oriented so that the boundary runs along axis 1
        oriented = mask if boundary.axis == "h" else mask.T
        limit_across, limit_along = oriented.shape
        start, end = max(0, start), min(limit_along, end)
        self.start = start
        along = np.arange(start, max(start, end), dtype=np.float64)
        centre = np.rint(boundary.positions(along)).astype(np.int64) + shift
        inked = np.zeros(len(along), dtype=bool)
        cols = along.astype(np.int64)
        for offset in range(-tolerance, tolerance + 1):
            rows = centre + offset
            valid = (rows >= 0) & (rows < limit_across)
            hit = np.zeros(len(along), dtype=bool)
            hit[valid] = oriented[rows[valid], cols[valid]] > 0
            inked |= hit
        self.prefix = np.concatenate([[0], np.cumsum(inked)])

    def nearest_ink(self, end: float, towards: float) -> float | None:
        """Position of the inked pixel closest to `end` on the way to `towards`, if any."""
        last = len(self.prefix) - 1
        lo_at, hi_at = sorted((end, towards))
        lo = min(max(round(lo_at) - self.start, 0), last)
        hi = min(max(round(hi_at) - self.start, 0), last)
        inked = np.flatnonzero(np.diff(self.prefix[lo : hi + 1]))
        if len(inked) == 0:
            return None
        index = inked[0] if towards >= end else inked[-1]
        return float(lo + index + self.start)

    def coverage(self, a: float, b: float) -> float:
        """Fraction of [a, b) (along the boundary) that is inked."""
        last = len(self.prefix) - 1
        lo = min(max(round(a) - self.start, 0), last)
        hi = min(max(round(b) - self.start, 0), last)
        if hi <= lo:
            return 0.0
        return float(self.prefix[hi] - self.prefix[lo]) / (hi - lo)


class BoundaryInk:
    """A boundary's line ink between `ends` (its crossing positions): long runs and pieces
    on its course, and, looked at only for a side made of pieces, pieces on the courses
    beside it, clear of the line's own ink (half its thickness and the tolerance band) by
    one band."""

    def __init__(
        self, boundary: Boundary, ends: NDArray[np.float64], masks: LineMasks, scale: LineScale
    ):
        self._boundary, self._scale = boundary, scale
        self._pieces_mask = masks.pieces[boundary.axis]
        self._span = (int(ends[0]), int(ends[-1]) + 1)
        tol = scale.tolerance
        self.runs = InkedProfile(boundary, masks.runs[boundary.axis], *self._span, tol)
        self.pieces = InkedProfile(boundary, self._pieces_mask, *self._span, tol)

    @cached_property
    def beside(self) -> tuple[InkedProfile, InkedProfile]:
        tol = self._scale.tolerance
        away = 2 * tol + 1 + (self._scale.thickness + 1) // 2
        before, after = (
            InkedProfile(self._boundary, self._pieces_mask, *self._span, tol, sign * away)
            for sign in (-1, 1)
        )
        return before, after


def boundary_ink(
    boundary: Boundary, ends: NDArray[np.float64], masks: LineMasks, scale: LineScale
) -> BoundaryInk:
    return BoundaryInk(boundary, ends, masks, scale)


def side_drawn(ink: BoundaryInk, start: float, end: float, scale: LineScale) -> bool:
    """Whether the boundary is a line between the crossings at `start` and `end`."""
    a, b = start + scale.tolerance, end - scale.tolerance
    runs, pieces = ink.runs, ink.pieces
    if runs.coverage(a, b) < RULED:
        covered = pieces.coverage(a, b)
        textured = max(side.coverage(a, b) for side in ink.beside) >= AS_BESIDE * covered
        if covered < WORN or textured:
            return False
    return _reaches(runs, pieces, a, b, scale) and _reaches(runs, pieces, b, a, scale)


def _reaches(
    runs: InkedProfile, pieces: InkedProfile, end: float, other: float, scale: LineScale
) -> bool:
    """The side's ink reaches the corner at `end`: ink right at the corner, or, when wear
    took the corner, ink within `reach` of it on a side that is mostly line anyway (long
    runs over half of it, pieces over WELL_INKED), or else an unbroken run from `reach` on
    for two character heights (no text stroke next to a cell border is that long)."""
    sign = 1.0 if other > end else -1.0
    length = abs(other - end)
    near = min(scale.end_reach, length / 4)
    if pieces.coverage(*sorted((end, end + sign * near))) > 0:
        return True
    gap = min(scale.reach, length / 4)
    side = sorted((end, other))
    if (
        pieces.nearest_ink(end, end + sign * gap) is not None
        and runs.coverage(*side) >= 0.5
        and pieces.coverage(*side) >= WELL_INKED
    ):
        return True
    after = min(2 * scale.glyph, length - gap)
    return runs.coverage(*sorted((end + sign * gap, end + sign * (gap + after)))) >= 0.85
