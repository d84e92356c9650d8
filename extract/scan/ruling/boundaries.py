"""Line segments of one table -> row and column boundaries, and their ink along the way.

A boundary is every ruling line at one row (or column) position, however many pieces it is
broken into and wherever merged cells interrupt it. Its course is sampled along its length
(a photographed line may bow or drift by several pixels); `sides` tells from the line
masks along that course whether it is drawn between two crossing boundaries, and `faint`
reads the contrast along it where the masks lost a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.segments import Axis, LineScale, Segment
from declform.extract.scan.ruling.tables import Contacts

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

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
