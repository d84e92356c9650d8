"""Ruling lines of a page image: grey page -> ink masks -> horizontal and vertical segments.

Lines are told from text by shape and by surroundings. Only thin strokes of one direction
can make a line of that direction (`contrast.line_ink`); a morphological opening with a
kernel longer than a character keeps their long runs; of those, pieces with ink crowding
them on a side (`crowding`) are text strokes, since a ruled line has blank cell padding on
both sides. The masks are not bridged: that would weld neighbouring characters' strokes
into line-length runs. Only pieces that passed as lines are joined across short breaks
(`join_collinear`: a dashed copy of a line, a fax's dropouts); longer breaks are judged per
boundary later. Every piece becomes a `Segment` whose centre line is sampled in bins along
its length, so slightly skewed or curved (photographed) lines keep their true course instead
of being forced straight. All sizes come from the page's own character height (`LineScale`).

Vertical lines are handled by the same code as horizontal ones on the transposed masks:
"along" is x for a horizontal segment and y for a vertical one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.contrast import (
    Axis,
    ContrastInk,
    LineScale,
    Mask,
    line_ink,
    page_scale,
    print_contrast,
)
from declform.extract.scan.ruling.crowding import crowding, is_text_like

__all__ = [
    "Axis",
    "LineMasks",
    "LineScale",
    "Mask",
    "PageLines",
    "Segment",
    "is_text_like",
    "join_collinear",
    "page_lines",
]

# A segment's centre line is averaged over bins this long (pixels along the line): short
# enough to follow curl, long enough to smooth anti-aliasing and stair steps of skew.
_BIN = 16
@dataclass(frozen=True)
class Segment:
    """One ruling line piece: its extent along the axis and its sampled centre line."""

    axis: Axis
    start: float
    end: float
    along: NDArray[np.float64]  # bin centres, increasing
    across: NDArray[np.float64]  # centre of the ink across the line at each bin
    thickness: float
    slope: float  # d(across)/d(along) of a straight fit; 0 for pieces too short to tell
    crowded: tuple[float, float] = (0.0, 0.0)  # see `crowding`

    @property
    def text_like(self) -> bool:
        return is_text_like(self.crowded)

    @property
    def length(self) -> float:
        return self.end - self.start

    @property
    def middle(self) -> float:
        return float(np.median(self.across))

    def position(self, along: float) -> float:
        """Across-coordinate at `along`, extrapolated straight beyond the ends."""
        if along < self.along[0]:
            return float(self.across[0] + self.slope * (along - self.along[0]))
        if along > self.along[-1]:
            return float(self.across[-1] + self.slope * (along - self.along[-1]))
        return float(np.interp(along, self.along, self.across))


def line_mask(ink: Mask, axis: Axis, length: int) -> Mask:
    """Only the runs of `ink` in the axis direction at least `length` long.

    Breaks are not bridged here: bridging would also weld the strokes of neighbouring
    characters into line-length runs. Broken lines are joined later, per boundary.
    """
    kernel = (length, 1) if axis == "h" else (1, length)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))


def _centre_line(
    piece: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """Bin centres along axis 1 of `piece` and the mean ink row in each bin."""
    counts = piece.sum(axis=0).astype(np.float64)
    rows = np.arange(piece.shape[0], dtype=np.float64)
    sums = (piece * rows[:, None]).sum(axis=0)
    n_bins = max(1, -(-piece.shape[1] // _BIN))
    edges = np.minimum(np.arange(n_bins + 1) * _BIN, piece.shape[1])
    bin_counts = np.add.reduceat(counts, edges[:-1])
    bin_sums = np.add.reduceat(sums, edges[:-1])
    keep = bin_counts > 0
    centres = (edges[:-1] + edges[1:]) / 2.0
    inked = counts[counts > 0]
    return centres[keep], bin_sums[keep] / bin_counts[keep], float(np.median(inked))


def segments(
    mask: Mask,
    axis: Axis,
    min_length: float,
    ink: ContrastInk | None = None,
    band: int = 3,
    ruling: float = 0.0,
    longest_stroke: float = np.inf,
    rule_thickness: float = np.inf,
) -> list[Segment]:
    """Connected pieces of a line mask at least `min_length` long, as `Segment`s.

    Given the page's `ink`, pieces crowded by other ink (see `crowding`) are text, not
    ruling: they are left out and erased from `mask` (in place), whatever their length,
    so that they do not count as line ink later either. `ruling` is the typical contrast
    of the page's ruling, below which faint ink crowds no piece. A piece longer than
    `longest_stroke` and on average no thicker than the page's rules (`rule_thickness`,
    and a pixel) is no text stroke, whatever lies beside it (a band of dark speckle, a row
    of text set tight against the rule), and is not tested: a fax's blur welds the strokes
    of a few characters into one long run, but a run as thick as blurred print.
    """
    oriented = mask if axis == "h" else mask.T
    oriented_ink = None
    if ink is not None:
        oriented_ink = ink if axis == "h" else ContrastInk(ink.mask.T, ink.contrast.T)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        np.ascontiguousarray(oriented), connectivity=8
    )
    found: list[Segment] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if oriented_ink is None and w < min_length:
            continue
        piece = labels[y : y + h, x : x + w] == label
        crowded = (0.0, 0.0)
        ruled = w > longest_stroke and piece.sum() <= (rule_thickness + 1) * w
        if oriented_ink is not None and not ruled:
            crowded = crowding(piece, oriented_ink, y, x, band, ruling)
        if is_text_like(crowded):
            oriented[y : y + h, x : x + w][piece] = 0
            continue
        if w < min_length:
            continue
        along, across, thickness = _centre_line(piece)
        slope = float(np.polyfit(along, across, 1)[0]) if len(along) >= 3 else 0.0
        found.append(
            Segment(
                axis=axis,
                start=float(x),
                end=float(x + w),
                along=along + x,
                across=across + y,
                thickness=thickness,
                slope=slope,
                crowded=crowded,
            )
        )
    return found


def _joined(chain: list[Segment]) -> Segment:
    """One segment through pieces ordered along the line, none overlapping the next."""
    along = np.concatenate([piece.along for piece in chain])
    across = np.concatenate([piece.across for piece in chain])
    order = np.argsort(along, kind="stable")
    along, across = along[order], across[order]
    return Segment(
        axis=chain[0].axis,
        start=chain[0].start,
        end=max(piece.end for piece in chain),
        along=along,
        across=across,
        thickness=float(
            np.average([p.thickness for p in chain], weights=[p.length for p in chain])
        ),
        slope=float(np.polyfit(along, across, 1)[0]) if len(along) >= 3 else 0.0,
        crowded=(max(p.crowded[0] for p in chain), max(p.crowded[1] for p in chain)),
    )


def _bridge(mask: Mask, first: Segment, second: Segment) -> None:
    """Draw the gap between two pieces of one line into `mask` (in place)."""
    width = max(1, round(min(first.thickness, second.thickness)))
    a = (round(first.end - 1), round(first.position(first.end - 1)))
    b = (round(second.start), round(second.position(second.start)))
    if first.axis == "v":
        a, b = (a[1], a[0]), (b[1], b[0])
    cv2.line(mask, a, b, 255, width)


def join_collinear(
    found: list[Segment], scale: LineScale, masks: tuple[Mask, ...] = ()
) -> list[Segment]:
    """Line pieces that continue one another across a break shorter than a character (no
    step across the line beyond the tolerance) become one segment, and the breaks are
    drawn into `masks` so that coverage is measured on the mended line.

    Every piece has already passed as a line (long, not crowded by text), so no text is
    welded here: this mends a line that a copier's dropouts or a fax's lost dots turned
    into dashes, which would otherwise fall apart into pieces meeting nothing. A break
    that short is never a cell boundary deliberately left out.
    """
    chains: list[list[Segment]] = []
    for piece in sorted(found, key=lambda s: s.start):
        best: tuple[float, list[Segment]] | None = None
        for chain in chains:
            last = chain[-1]
            if not 0 <= piece.start - last.end <= scale.glyph:
                continue
            step = abs(last.position(piece.start) - piece.position(piece.start))
            if step <= scale.tolerance and (best is None or step < best[0]):
                best = (step, chain)
        if best is None:
            chains.append([piece])
        else:
            best[1].append(piece)
    for chain in chains:
        for first, second in pairwise(chain):
            for mask in masks:
                _bridge(mask, first, second)
    return [chain[0] if len(chain) == 1 else _joined(chain) for chain in chains]


@dataclass(frozen=True)
class LineMasks:
    """Line ink per direction: `runs` at least `min_length` long (ruling and the odd long
    stroke), `pieces` down to `piece_length` (also what is left of a worn line, and text),
    and how much darker than the paper each pixel is (`contrast`, see `contrast`)."""

    runs: dict[Axis, Mask]
    pieces: dict[Axis, Mask]
    contrast: dict[Axis, NDArray[np.uint8]]


@dataclass(frozen=True)
class PageLines:
    horizontal: list[Segment]
    vertical: list[Segment]
    masks: LineMasks
    scale: LineScale


AXES: tuple[Axis, Axis] = ("h", "v")


def page_lines(grey: NDArray[np.uint8], scale: LineScale | None = None) -> PageLines:
    """The line segments of a page and the masks their coverage is measured on."""
    scale = scale or page_scale(grey)
    text = print_contrast(grey, scale.print_window)
    lines = {axis: line_ink(grey, axis, scale.line_window) for axis in AXES}
    runs = {axis: line_mask(lines[axis].mask, axis, scale.min_length) for axis in AXES}
    pieces = {axis: line_mask(lines[axis].mask, axis, scale.piece_length) for axis in AXES}
    band = max(2, scale.glyph // 5)
    # how dark the page's ruling is: the long runs are ruling, text strokes are short
    levels = np.concatenate([lines[axis].contrast[runs[axis] > 0] for axis in AXES])
    ruling = float(np.median(levels)) if len(levels) else 0.0
    found = {
        axis: segments(
            runs[axis],
            axis,
            scale.segment_length,
            text,
            band,
            ruling,
            longest_stroke=scale.long_length,
            rule_thickness=scale.thickness,
        )
        for axis in AXES
    }
    return PageLines(
        horizontal=join_collinear(found["h"], scale, (runs["h"], pieces["h"])),
        vertical=join_collinear(found["v"], scale, (runs["v"], pieces["v"])),
        masks=LineMasks(runs, pieces, {axis: lines[axis].contrast for axis in AXES}),
        scale=scale,
    )
