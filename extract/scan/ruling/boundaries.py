"""Line segments of one table -> row and column boundaries, and their ink along the way.

A boundary is every ruling line at one row (or column) position, however many pieces it is
broken into and wherever merged cells interrupt it. Its course is sampled along its length
(a photographed line may bow or drift by several pixels); `sides` tells from the line
masks along that course whether it is drawn between two crossing boundaries. Where the
masks lost a line, its contrast along the course is read directly: a line that
runs on past the table (`runs_past`), a side too faint or broken for the masks
(`faint_side`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.segments import Axis, LineScale, Mask, Segment, is_text_like
from declform.extract.scan.ruling.tables import Contacts

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


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    if not values:
        return 0.0
    order = np.argsort(values)
    sorted_values = np.asarray(values, dtype=np.float64)[order]
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64)[order])
    return float(sorted_values[np.searchsorted(cumulative, cumulative[-1] / 2)])


@dataclass(frozen=True)
class Boundary:
    """One row (axis "h") or column (axis "v") boundary of a table."""

    axis: Axis
    along: FloatArray  # sample positions, increasing
    across: FloatArray
    slope: float  # the table's dominant slope, used to extrapolate beyond the samples
    virtual: bool = False  # an unruled table edge inferred from where the lines end

    def positions(self, along: FloatArray) -> FloatArray:
        inside = np.interp(along, self.along, self.across)
        before = self.across[0] + self.slope * (along - self.along[0])
        after = self.across[-1] + self.slope * (along - self.along[-1])
        return np.where(
            along < self.along[0], before, np.where(along > self.along[-1], after, inside)
        )

    def position(self, along: float) -> float:
        return float(self.positions(np.array([along], dtype=np.float64))[0])

    @cached_property
    def reference(self) -> float:
        """The boundary's typical position across its axis."""
        return float(np.median(self.across))


def boundary_from(segments: Sequence[Segment], slope: float) -> Boundary:
    """One boundary through the pieces; where pieces overlap, the longest one's course wins
    (a text stroke lying on a line must not pull the line's position)."""
    ordered = sorted(segments, key=lambda s: -s.length)
    along = np.round(np.concatenate([s.along for s in ordered]))
    across = np.concatenate([s.across for s in ordered])
    unique, first = np.unique(along, return_index=True)
    return Boundary(ordered[0].axis, unique.astype(np.float64), across[first], slope)


def straight_boundary(axis: Axis, across: float, slope: float, along: float) -> Boundary:
    """A virtual (unruled) table edge through (along, across) with the table's slope."""
    return Boundary(
        axis,
        np.array([along], dtype=np.float64),
        np.array([across], dtype=np.float64),
        slope,
        virtual=True,
    )


def cluster_segments(
    segments: Sequence[Segment], centre: float, slope: float, tolerance: float
) -> list[list[int]]:
    """Indices of segments at the same position once the table's skew is taken out."""
    refs = [
        s.position(mid) + slope * (centre - mid)
        for s, mid in ((s, (s.start + s.end) / 2) for s in segments)
    ]
    order = sorted(range(len(segments)), key=lambda i: refs[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and refs[i] - refs[groups[-1][-1]] <= tolerance:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def ruling_pieces(
    members: Sequence[int],
    segments: Sequence[Segment],
    contacts: Contacts,
    scale: LineScale,
) -> list[int]:
    """The members of one position cluster that are ruling, not text.

    Pieces that continue one another (gap <= max_gap, no step across the line) form a chain:
    a line broken by wear or a seal's halo. A chain is ruling if it meets crossing lines at
    both ends, or if it is long, mostly inked and has a long piece (an open-sided table's
    lines end in the margin; a faint line breaks into dashes).
    """
    order = sorted(members, key=lambda i: segments[i].start)
    chains: list[list[int]] = []
    for i in order:
        piece = segments[i]
        if chains:
            last = max(chains[-1], key=lambda j: segments[j].end)
            step = abs(segments[last].position(piece.start) - piece.position(piece.start))
            if piece.start - segments[last].end <= scale.max_gap and step <= scale.tolerance:
                chains[-1].append(i)
                continue
        chains.append([i])
    kept: list[int] = []
    for chain in chains:
        first = min(chain, key=lambda i: segments[i].start)
        last = max(chain, key=lambda i: segments[i].end)
        extent = segments[last].end - segments[first].start
        lengths = [segments[i].length for i in chain]
        # text strokes share a baseline, so a text line also chains up; but none of its
        # strokes is half a long line long. A paper edge is long too, but meets no lines
        # (or only the paper's other edge, which `slots` prunes as an unclosed slot).
        if (contacts.ends[first, 0] and contacts.ends[last, 1]) or (
            extent >= scale.long_length
            and sum(lengths) >= 0.6 * extent
            and max(lengths) >= scale.long_length / 2
            and sum(int(contacts.meets[i]) for i in chain) >= 1
        ):
            kept.extend(chain)
    return kept


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
    marked = values >= max(MIN_FAINT, FAINT_LEVEL * line_level)
    if len(values) == 0 or marked.mean() < coverage:
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


def intersections(rows: Sequence[Boundary], cols: Sequence[Boundary]) -> FloatArray:
    """(rows, cols, 2): x, y where every row boundary crosses every column boundary.

    Fixed-point iteration: a column's x at the row's y, the row's y at that x, and again;
    with near-axis-aligned boundaries it settles within a few rounds."""
    y = np.array([[row.reference] * len(cols) for row in rows], dtype=np.float64).reshape(
        len(rows), len(cols)
    )
    x = np.empty_like(y)
    for _ in range(3):
        for j, col in enumerate(cols):
            x[:, j] = col.positions(y[:, j])
        for i, row in enumerate(rows):
            y[i, :] = row.positions(x[i, :])
    return np.stack([x, y], axis=-1)
