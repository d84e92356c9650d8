"""Where the line masks lost a line, its contrast along a boundary's course is read directly:
a line that runs on past the table (`runs_past`: a scratch or a fold, not the table's), a
side too faint or broken for the masks (`faint_side`: a photocopy's broken toner, a fax's
dotted rule). Both tell a line from a texture by the paper beside it: a line is thin, a band
of toner speckle or a row of print is as dark on a side of its course.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.boundaries import Boundary
from declform.extract.scan.ruling.crowding import is_text_like
from declform.extract.scan.ruling.segments import LineScale, Mask

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# A line beyond the table's frame continues one inside it when it is at least this share of
# the inside line's contrast, and this many times the contrast of the print around it.
LINE_CARRIES_ON = 0.5
ABOVE_TEXTURE = 3.0
# A side that the masks miss is drawn faintly when its contrast is at least FAINT_LEVEL of
# the line's own contrast where drawn (and at least MIN_FAINT grey levels) over
# FAINT_COVERAGE of its length: a photocopy's broken toner or a fax's dotted rule. Between
# two drawn sides of the line, where a merged cell would have to stop it at both ends,
# FAINT_BETWEEN of it will do.
FAINT_LEVEL = 0.15
MIN_FAINT = 10
FAINT_COVERAGE = 0.6
FAINT_BETWEEN = 0.45
# A course beside a faint side, on either side, dark this share as often as the side
# itself: the side lies in a texture (speckle), not on a line.
AS_BESIDE = 0.8


def _across(
    boundary: Boundary, image: NDArray[np.uint8], a: float, b: float, offsets: NDArray[np.int64]
) -> NDArray[np.uint8]:
    """`image` at the given offsets across the boundary's course, for along in [a, b): one
    row per offset (clipped to the image)."""
    oriented = image if boundary.axis == "h" else image.T
    along = np.arange(max(0, int(a)), min(oriented.shape[1], int(b)))
    centre = np.rint(boundary.positions(along.astype(np.float64))).astype(np.int64)
    rows = np.clip(centre[None, :] + offsets[:, None], 0, oriented.shape[0] - 1)
    return np.asarray(oriented[rows, along[None, :]], dtype=np.uint8)


def _band(
    boundary: Boundary, contrast: NDArray[np.uint8], a: float, b: float, width: int
) -> NDArray[np.float64]:
    """Contrast at offsets -width..width across the boundary's course, for along in [a, b):
    one row per offset."""
    offsets = np.arange(-width, width + 1, dtype=np.int64)
    return _across(boundary, contrast, a, b, offsets).astype(np.float64)


def drawn_contrast(
    boundary: Boundary, ends: FloatArray, ruled: BoolArray, contrast: NDArray[np.uint8], tol: int
) -> float | None:
    """The median contrast (see `contrast`) of the boundary's line over its drawn slots;
    None when none is drawn."""
    drawn = [
        _band(boundary, contrast, ends[s] + tol, ends[s + 1] - tol, tol).max(axis=0)
        for s in range(len(ends) - 1)
        if ruled[s]
    ]
    values = np.concatenate(drawn) if drawn else np.zeros(0)
    return float(np.median(values)) if len(values) else None


def runs_past(
    boundary: Boundary,
    ends: FloatArray,
    ruled: BoolArray,
    contrast: NDArray[np.uint8],
    scale: LineScale,
) -> bool:
    """Whether the boundary's line carries on past the table at both ends: not one of the
    table's lines but a copier drum's scratch or a fold, which runs the length of the
    sheet, through the table, as straight as ruling. A table's lines stop at its frame.

    `ends` are the boundary's crossing positions, `ruled` its slots that are drawn. Judged
    on the contrast image (see `contrast`) against the line's own contrast where drawn,
    since such a line is faint; and beyond the frame a line must stand out from whatever
    print is there (the title above, a note below), not merely have some ink."""
    if boundary.virtual or not ruled.any():
        return False
    tol = scale.tolerance
    inside = drawn_contrast(boundary, ends, ruled, contrast, tol)
    if inside is None:
        return False
    reach = 2 * scale.glyph

    def carries_on(a: float, b: float) -> bool:
        # the line may have drifted from the table's course (a scratch is not skewed
        # with the print): look for it half a character either side
        # a line is thin: it stands out from the paper right beside it on both sides; a
        # band of toner speckle, or print, is about as dark on a side of its darkest row
        away = scale.thickness + 2
        values = _band(boundary, contrast, a, b, scale.glyph // 2 + away)
        if values.shape[1] < reach // 2:
            return False
        # a line two or three pixels thick, sampled one row at a time
        thick = np.maximum(np.maximum(values[:-2], values[1:-1]), values[2:])
        levels = np.median(thick, axis=1)
        best = away + int(levels[away:-away].argmax())
        beside = max(levels[best - away], levels[best + away])
        texture = max(float(np.median(values)), float(beside), 3.0)
        level = float(levels[best])
        return level >= LINE_CARRIES_ON * inside and level >= ABOVE_TEXTURE * texture

    first, last = float(ends[0]), float(ends[-1])
    return carries_on(first - tol - reach, first - tol) and carries_on(
        last + tol, last + tol + reach
    )


def _textured(
    boundary: Boundary,
    a: float,
    b: float,
    contrast: NDArray[np.uint8],
    limit: float,
    marked: BoolArray,
    scale: LineScale,
) -> bool:
    """Whether a course beside the boundary's, on either side, is `limit` dark about as
    often as its own (`marked`): the side lies in a band of speckle (or on its edge), not
    on a faint line, which is darker than the paper next to it on both sides."""
    tol = scale.tolerance
    away = 2 * tol + 1 + (scale.thickness + 1) // 2
    offsets = np.arange(-tol, tol + 1, dtype=np.int64)
    shares = [
        float(
            (_across(boundary, contrast, a, b, sign * away + offsets).max(axis=0) >= limit).mean()
        )
        for sign in (-1, 1)
    ]
    return max(shares) >= AS_BESIDE * float(marked.mean())


def faint_side(
    boundary: Boundary,
    a: float,
    b: float,
    line_level: float,
    contrast: NDArray[np.uint8],
    print_masks: Sequence[Mask],
    scale: LineScale,
    coverage: float = FAINT_COVERAGE,
) -> bool:
    """Whether the boundary is a faint line over [a, b) (along it), one that is drawn in
    the neighbouring slot: a rule whose toner broke into dots or whose fax pixels dropped
    out, too broken for the line masks but still darker than the paper along most of its
    course (a `coverage` share of it), at a fraction of the line's contrast `line_level`
    where it is drawn, and running on from a crossing line at one end at least.

    Text in a merged cell that the boundary would split also darkens its course in places,
    but it keeps clear of the cell's borders at both ends, and the marks are told from a
    line as in `segments`: the rest of the characters crowd them on a side (ink of
    `print_masks` in a thin band beside the course), while a line has blank cell padding
    on both sides."""
    tol = scale.tolerance
    values = _band(boundary, contrast, a, b, tol).max(axis=0)
    limit = max(MIN_FAINT, FAINT_LEVEL * line_level)
    marked = values >= limit
    if (
        len(values) == 0
        or marked.mean() < coverage
        or _textured(boundary, a, b, contrast, limit, marked, scale)
    ):
        return False
    from_start, from_end = int(marked.argmax()), int(marked[::-1].argmax())
    if min(from_start, from_end) > scale.end_reach:
        return False
    # next to the crossing lines at the ends, their own ink lies beside the course
    inner = np.zeros_like(marked)
    inner[scale.thickness : len(marked) - scale.thickness] = True
    marked &= inner
    if not marked.any():
        return False
    band = max(2, scale.glyph // 5)
    near = np.arange(tol + 2, tol + 2 + band, dtype=np.int64)
    shares = []
    for side in (-near, near):
        beside = np.zeros(len(values), dtype=bool)
        for mask in print_masks:
            beside |= _across(boundary, mask, a, b, side).any(axis=0)
        shares.append(float(beside[marked].mean()))
    return not is_text_like((shares[0], shares[1]))
