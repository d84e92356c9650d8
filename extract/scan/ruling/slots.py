"""One table's line segments -> row and column boundaries -> which slots are ruled.

`build_slots`: the segments at one position that are ruling (`ruling_pieces`: they meet
crossing lines at both ends, or are long lines that cross some) form a boundary. Whether a
boundary is drawn over a slot, the stretch between two crossing boundaries, is measured on
the ink (`_ruled`, see `sides`): long runs or the pieces of a worn line must cover most of
it and reach both corners; next to a drawn slot, a line too broken for that is found by its
faint contrast along the course (`_faint_continuations`). A boundary drawn over no slot is text
or noise and goes, and so does a line that runs on past the table at both ends (a scratch,
a fold, see `runs_past`); that widens the slots of the others, so this repeats until
nothing changes. The slots become merged cells in `grid.merge_slots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.boundaries import (
    Boundary,
    boundary_from,
    cluster_segments,
    intersections,
    ruling_pieces,
    straight_boundary,
    weighted_median,
)
from declform.extract.scan.ruling.faint import (
    FAINT_BETWEEN,
    FAINT_COVERAGE,
    drawn_contrast,
    faint_side,
    runs_past,
)
from declform.extract.scan.ruling.segments import LineMasks, LineScale, Segment
from declform.extract.scan.ruling.sides import boundary_ink, side_drawn
from declform.extract.scan.ruling.tables import Contacts, anchor, contacts

BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class TableSlots:
    rows: tuple[Boundary, ...]
    cols: tuple[Boundary, ...]
    corners: NDArray[np.float64]  # (rows, cols, 2): x, y of each boundary crossing
    h_ruled: BoolArray  # (rows, cols - 1): row boundary i ruled over column slot j
    v_ruled: BoolArray  # (cols, rows - 1): column boundary j ruled over row slot i


def _virtual_edges(
    boundaries: list[Boundary], crossing: Sequence[Segment], slope: float, margin: float
) -> list[Boundary]:
    """Add unruled outer edges where the crossing lines run on past the last boundary."""
    if not boundaries:
        return boundaries
    starts = sorted(s.start for s in crossing)
    ends = sorted((s.end for s in crossing), reverse=True)
    mid = float(np.median([s.middle for s in crossing]))
    edges = list(boundaries)
    # two lines must agree: one long stroke is not an edge
    if len(starts) >= 2 and starts[1] < boundaries[0].position(mid) - margin:
        edges.insert(0, straight_boundary(boundaries[0].axis, starts[1], slope, mid))
    if len(ends) >= 2 and ends[1] > boundaries[-1].position(mid) + margin:
        edges.append(straight_boundary(boundaries[0].axis, ends[1], slope, mid))
    return edges


def _ruled(
    boundaries: Sequence[Boundary],
    ends: NDArray[np.float64],
    masks: LineMasks,
    scale: LineScale,
) -> BoolArray:
    """ruled[k, s]: boundary k is a line over slot s; `ends[k]` are its crossing positions.

    A ruled side is inked next to both crossing lines, and long runs cover most of it (or,
    for a worn line broken into short pieces, the pieces do; see `sides`). Text in a
    merged cell can be dense along the row or column it shares with a missing boundary,
    but it keeps clear of the cell's borders.
    """
    n_slots = max(0, ends.shape[1] - 1)
    ruled = np.ones((len(boundaries), n_slots), dtype=bool)
    for k, boundary in enumerate(boundaries):
        if boundary.virtual:
            continue
        ink = boundary_ink(boundary, ends[k], masks, scale)
        for s in range(n_slots):
            ruled[k, s] = side_drawn(ink, ends[k, s], ends[k, s + 1], scale)
    return ruled


def _through_open_crossings(
    boundaries: Sequence[Boundary],
    ends: NDArray[np.float64],
    ruled: BoolArray,
    crossing_ruled: BoolArray,
    masks: LineMasks,
    scale: LineScale,
) -> BoolArray:
    """`ruled`, with sides that fail only at a crossing where no line is drawn (on either
    side of the boundary) judged again as one stretch with their neighbours.

    A line cannot end at a crossing that is not drawn, so such a corner is no test of it:
    a blot sitting on the line there (a redaction, a seal's rim) would otherwise cut it
    into two sides that both miss a corner."""
    out = ruled.copy()
    n_slots = ruled.shape[1]
    for k, boundary in enumerate(boundaries):
        if boundary.virtual or ruled[k].all():
            continue
        before = crossing_ruled[:, k - 1] if k > 0 else np.zeros(len(crossing_ruled), bool)
        after = crossing_ruled[:, k] if k < crossing_ruled.shape[1] else before
        cuts = [0, *(j for j in range(1, n_slots) if before[j] or after[j]), n_slots]
        stretches = [(s, t) for s, t in pairwise(cuts) if t - s >= 2 and not ruled[k, s:t].all()]
        if stretches:
            ink = boundary_ink(boundary, ends[k], masks, scale)
            for s, t in stretches:
                out[k, s:t] |= side_drawn(ink, ends[k, s], ends[k, t], scale)
    return out


def _faint_continuations(
    boundaries: Sequence[Boundary],
    ends: NDArray[np.float64],
    ruled: BoolArray,
    masks: LineMasks,
    scale: LineScale,
) -> BoolArray:
    """`ruled`, with the sides next to a drawn side of the same boundary that carry the
    line on faintly (see `faint_side`), repeated along the boundary until none is added.

    The masks lose a rule whose toner broke into dots or whose fax pixels dropped out, and
    the two cells it parts would merge; the same line drawn in the next slot says where to
    look, and the contrast along that course tells it from an undrawn side."""
    out = ruled.copy()
    n_slots = ruled.shape[1]
    print_masks = (masks.pieces["h"], masks.pieces["v"])
    for k, boundary in enumerate(boundaries):
        if boundary.virtual or out[k].all() or not out[k].any():
            continue
        contrast = masks.contrast[boundary.axis]
        level = drawn_contrast(boundary, ends[k], out[k], contrast, scale.tolerance)
        if level is None:
            continue
        # the share each side was last judged at: a side judged next to one drawn side is
        # judged again, more leniently, once its other neighbour is found drawn too
        judged_at = np.full(n_slots, np.inf)
        while True:
            drawn = out[k].copy()
            before = np.concatenate([[False], drawn[:-1]])
            after = np.concatenate([drawn[1:], [False]])
            share = np.where(before & after, FAINT_BETWEEN, FAINT_COVERAGE)
            candidates = np.flatnonzero((before | after) & ~drawn & (share < judged_at))
            if len(candidates) == 0:
                break
            for s in candidates:
                judged_at[s] = share[s]
                a, b = ends[k, s] + scale.tolerance, ends[k, s + 1] - scale.tolerance
                out[k, s] = faint_side(
                    boundary, a, b, level, contrast, print_masks, scale, float(share[s])
                )
    return out


@dataclass(frozen=True)
class _Candidates:
    """One direction's boundaries, made of ruling pieces (see `ruling_pieces`)."""

    ruling: list[Boundary]
    lines: list[list[Segment]]  # the pieces of each boundary
    slope: float

    @property
    def pieces(self) -> list[Segment]:
        return [s for pieces in self.lines for s in pieces]


def _boundaries(
    segments: Sequence[Segment], segment_contacts: Contacts, centre: float, scale: LineScale
) -> _Candidates:
    """The ruling boundaries among one direction's segments, skew taken out about `centre`."""
    slope = weighted_median([s.slope for s in segments], [s.length for s in segments])
    lines: list[list[Segment]] = []
    for members in cluster_segments(segments, centre, slope, 3.0 * scale.tolerance):
        kept = ruling_pieces(members, segments, segment_contacts, scale)
        if kept:
            lines.append([segments[i] for i in kept])
    lines = _join_disjoint(lines, slope, centre, 0.6 * scale.glyph)
    return _Candidates([boundary_from(pieces, slope) for pieces in lines], lines, slope)


def _join_disjoint(
    lines: list[list[Segment]], slope: float, centre: float, tolerance: float
) -> list[list[Segment]]:
    """Neighbouring lines that never run side by side and lie within `tolerance` are one
    line: on a curled photo a column's line drifts between the rows where it is drawn."""

    def reference(pieces: list[Segment]) -> float:
        weights = [s.length for s in pieces]
        return float(
            np.average(
                [s.middle + slope * (centre - (s.start + s.end) / 2) for s in pieces],
                weights=weights,
            )
        )

    def overlaps(a: list[Segment], b: list[Segment]) -> bool:
        return any(min(p.end, q.end) - max(p.start, q.start) > 0 for p in a for q in b)

    joined: list[list[Segment]] = []
    for pieces in sorted(lines, key=reference):
        if (
            joined
            and abs(reference(pieces) - reference(joined[-1])) <= tolerance
            and not overlaps(pieces, joined[-1])
        ):
            joined[-1] = joined[-1] + pieces
        else:
            joined.append(pieces)
    return joined


def _big_enough(corners: NDArray[np.float64], scale: LineScale) -> bool:
    """A table is wider and taller than a large printed character (e.g. 田 in a title)."""
    width = np.ptp(corners[..., 0])
    height = np.ptp(corners[..., 1])
    return bool(width >= 5 * scale.glyph and height >= 1.5 * scale.glyph)


def build_slots(
    horizontal: Sequence[Segment],
    vertical: Sequence[Segment],
    masks: LineMasks,
    scale: LineScale,
) -> TableSlots | None:
    """Row/column boundaries of one table and where they are ruled; None if not a table."""
    h_contacts, v_contacts = contacts(horizontal, vertical, scale.reach, scale.max_gap)
    x_centre = float(np.median([anchor(s)[0] for s in horizontal]))
    y_centre = float(np.median([anchor(s)[0] for s in vertical]))
    h = _boundaries(horizontal, h_contacts, x_centre, scale)
    v = _boundaries(vertical, v_contacts, y_centre, scale)
    if not h.pieces or not v.pieces:
        return None
    cols = _virtual_edges(v.ruling, h.pieces, v.slope, scale.glyph)
    rows = _virtual_edges(h.ruling, v.pieces, h.slope, scale.glyph)
    # whether a line runs on past the table is asked once per line: dropping other lines
    # moves its ends by a slot at most, and the question is about the sheet beyond them
    through: dict[int, bool] = {}

    def runs_on(boundary: Boundary, ends: NDArray[np.float64], ruled: BoolArray) -> bool:
        if id(boundary) not in through:
            contrast = masks.contrast[boundary.axis]
            through[id(boundary)] = runs_past(boundary, ends, ruled, contrast, scale)
        return through[id(boundary)]

    while len(rows) >= 2 and len(cols) >= 2:
        corners = intersections(rows, cols)
        if not _big_enough(corners, scale):
            return None
        h_slots = _ruled(rows, corners[:, :, 0], masks, scale)
        v_slots = _ruled(cols, corners[:, :, 1].T, masks, scale)
        h_ruled = _through_open_crossings(rows, corners[:, :, 0], h_slots, v_slots, masks, scale)
        v_ruled = _through_open_crossings(cols, corners[:, :, 1].T, v_slots, h_slots, masks, scale)
        h_ruled = _faint_continuations(rows, corners[:, :, 0], h_ruled, masks, scale)
        v_ruled = _faint_continuations(cols, corners[:, :, 1].T, v_ruled, masks, scale)
        keep_rows = [
            i
            for i in _kept(rows, h_ruled, v_ruled)
            if not runs_on(rows[i], corners[i, :, 0], h_ruled[i])
        ]
        keep_cols = [
            j
            for j in _kept(cols, v_ruled, h_ruled)
            if not runs_on(cols[j], corners[:, j, 1], v_ruled[j])
        ]
        if len(keep_rows) == len(rows) and len(keep_cols) == len(cols):
            return TableSlots(tuple(rows), tuple(cols), corners, h_ruled, v_ruled)
        rows = [rows[i] for i in keep_rows]
        cols = [cols[j] for j in keep_cols]
    return None


def _kept(boundaries: Sequence[Boundary], ruled: BoolArray, crossing_ruled: BoolArray) -> list[int]:
    """Indices of the boundaries to keep: ruled over some slot, and not enclosing an outer
    slot that no crossing line closes off at either end (a paper edge or a stray line
    beside the table, joined to it only by a corner)."""
    keep = [i for i, b in enumerate(boundaries) if b.virtual or ruled[i].any()]
    last = len(boundaries) - 1
    for outer, slot in ((0, 0), (last, last - 1)):
        closed = crossing_ruled[0, slot] or crossing_ruled[-1, slot]
        if outer in keep and not boundaries[outer].virtual and not closed and len(keep) > 2:
            keep.remove(outer)
    return keep
