"""Ruling lines of a page image: grey page -> ink mask -> horizontal and vertical segments.

Lines are told from text by shape and by surroundings. A morphological opening with a kernel
longer than a character keeps only long runs of ink; of those, pieces with ink crowding
them on a side (`_crowding`) are text strokes, since a ruled line has blank cell padding on
both sides. Breaks are not bridged here: that would weld neighbouring characters' strokes
into line-length runs; broken lines are joined per boundary later. Every surviving piece
becomes a `Segment` whose centre line is sampled in bins along its length, so slightly
skewed or curved (photographed) lines keep their true course instead of being forced
straight. All sizes come from the page's own character height (`LineScale`).

Vertical lines are handled by the same code as horizontal ones on the transposed masks:
"along" is x for a horizontal segment and y for a vertical one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

Axis = Literal["h", "v"]
Mask = NDArray[np.uint8]

# A segment's centre line is averaged over bins this long (pixels along the line): short
# enough to follow curl, long enough to smooth anti-aliasing and stair steps of skew.
_BIN = 16
# Grey levels a pixel must be below its neighbourhood's mean to count as ink: low enough for
# faint ruling on a photographed page, high enough to ignore paper grain and JPEG noise.
INK_CONTRAST = 8
IMAGE_BORDER = 2  # px
# Share of a piece's length with ink right beside it above which the piece is text.
CROWDED = 0.5


@dataclass(frozen=True)
class LineScale:
    """Sizes in pixels, derived from the printed character height and the line thickness.

    Deriving them from the text (not the page size) keeps a cropped table photo, a 150 dpi
    fax and a 300 dpi scan on the same footing.
    """

    glyph: int  # typical character height
    min_length: int  # opening kernel: runs shorter than this are text, not ruling
    piece_length: int  # shortest run that still counts towards a known line's coverage
    tolerance: int  # how far (across the line) ink still counts as on the line
    segment_length: int  # shorter pieces are not line candidates (no stroke is this long)
    max_gap: int  # pieces of one line this far apart still form one (broken) line
    long_length: int  # a line this long is ruling even if it meets nothing at its ends
    reach: int  # a line ending this close to a crossing line meets it (worn corners)
    end_reach: int  # a ruled cell side has ink this close to both of its corners

    @staticmethod
    def from_sizes(glyph: int, thickness: int) -> LineScale:
        return LineScale(
            glyph=glyph,
            min_length=max(8, round(1.1 * glyph), 3 * thickness),
            piece_length=max(3, glyph // 4, 2 * thickness),
            tolerance=max(2, glyph // 10, (thickness + 1) // 2),
            segment_length=max(10, round(1.6 * glyph), 4 * thickness),
            max_gap=max(12, 4 * glyph),
            long_length=max(60, 6 * glyph),
            reach=max(4, glyph // 2),
            end_reach=max(3, glyph // 4),
        )

    @staticmethod
    def measure(ink: Mask) -> LineScale:
        """Character height from the ink's blobs (75th percentile of plausible heights, as
        radicals split many characters), thickness from the distance to the background."""
        short = min(ink.shape)
        _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        heights = stats[1:, cv2.CC_STAT_HEIGHT]
        widths = stats[1:, cv2.CC_STAT_WIDTH]
        plausible = heights[
            (heights >= 4) & (widths >= 2) & (np.maximum(heights, widths) <= short / 15)
        ]
        # an A4 page's 10.5 pt text is 1/56 of its width: the guess for a page without text
        glyph = int(np.percentile(plausible, 75)) if len(plausible) >= 20 else round(short / 56)
        distance = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
        inked = distance[distance > 0]
        thickness = round(2 * float(np.median(inked))) if len(inked) else 1
        return LineScale.from_sizes(max(6, glyph), max(1, thickness))


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
    crowded: tuple[float, float] = (0.0, 0.0)  # see `_crowding`

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


def is_text_like(crowded: tuple[float, float]) -> bool:
    """Other ink crowds a piece on a side, as the rest of a character crowds its strokes."""
    before, after = crowded
    return max(before, after) > CROWDED or before + after > 1.4 * CROWDED


def ink_mask(grey: NDArray[np.uint8]) -> Mask:
    """Dark-on-light ink as 255 on 0, robust to uneven lighting (shadows, photo vignetting).

    The outermost pixels are left blank: a line along the very edge of the image is the
    border of a screenshot or of the scanner glass, and a table cropped that tightly keeps
    its structure through the lines running on to the edge (see `raster_cells`).
    """
    block = max(31, (min(grey.shape[:2]) // 25) | 1)
    ink = cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, INK_CONTRAST
    )
    ink[:IMAGE_BORDER], ink[-IMAGE_BORDER:] = 0, 0
    ink[:, :IMAGE_BORDER], ink[:, -IMAGE_BORDER:] = 0, 0
    return ink


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


def _crowding(
    piece: NDArray[np.bool_], ink: Mask, y: int, x: int, band: int
) -> tuple[float, float]:
    """Shares of the piece's columns with ink in a thin band just before / just after it.

    A ruled line has blank cell padding on both sides; a run of text strokes has the rest
    of its characters right next to it. A side that is solid ink in this band and the next
    one is a shaded cell (or the dark margin of a photo), not text: it counts as clear.
    """
    columns = np.flatnonzero(piece.any(axis=0))
    if len(columns) == 0:
        return 0.0, 0.0
    first = piece[:, columns].argmax(axis=0) + y
    last = piece.shape[0] - 1 - piece[::-1, columns].argmax(axis=0) + y
    cols = (columns + x)[None, :]

    def share(edge: NDArray[np.int64], offsets: NDArray[np.int64]) -> float:
        rows = edge[None, :] + offsets[:, None]
        inside = (rows >= 0) & (rows < ink.shape[0])
        hit = np.zeros(rows.shape, dtype=bool)
        hit[inside] = ink[rows[inside], np.broadcast_to(cols, rows.shape)[inside]] > 0
        return float(hit.any(axis=0).mean())

    near = np.arange(2, 2 + band)
    far = np.arange(2 + band, 2 + 2 * band)
    shares = []
    for edge, sign in ((first, -1), (last, 1)):
        close = share(edge, sign * near)
        solid = close >= 0.9 and share(edge, sign * far) >= 0.9
        shares.append(0.0 if solid else close)
    return shares[0], shares[1]


def segments(
    mask: Mask, axis: Axis, min_length: float, ink: Mask | None = None, band: int = 3
) -> list[Segment]:
    """Connected pieces of a line mask at least `min_length` long, as `Segment`s.

    Given the page's `ink`, pieces crowded by other ink (see `_crowding`) are text, not
    ruling: they are left out and erased from `mask` (in place), whatever their length,
    so that they do not count as line ink later either.
    """
    oriented = mask if axis == "h" else mask.T
    oriented_ink = None if ink is None else (ink if axis == "h" else ink.T)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        np.ascontiguousarray(oriented), connectivity=8
    )
    found: list[Segment] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if oriented_ink is None and w < min_length:
            continue
        piece = labels[y : y + h, x : x + w] == label
        crowded = (0.0, 0.0) if oriented_ink is None else _crowding(piece, oriented_ink, y, x, band)
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


@dataclass(frozen=True)
class LineMasks:
    """Ink runs per direction: `runs` at least `min_length` long (ruling and the odd long
    stroke), `pieces` down to `piece_length` (also what is left of a worn line, and text)."""

    runs: dict[Axis, Mask]
    pieces: dict[Axis, Mask]


@dataclass(frozen=True)
class PageLines:
    horizontal: list[Segment]
    vertical: list[Segment]
    masks: LineMasks
    scale: LineScale


def page_lines(grey: NDArray[np.uint8], scale: LineScale | None = None) -> PageLines:
    """The line segments of a page and the masks their coverage is measured on."""
    ink = ink_mask(grey)
    scale = scale or LineScale.measure(ink)
    runs: dict[Axis, Mask] = {axis: line_mask(ink, axis, scale.min_length) for axis in ("h", "v")}
    pieces: dict[Axis, Mask] = {
        axis: line_mask(ink, axis, scale.piece_length) for axis in ("h", "v")
    }
    band = max(2, scale.glyph // 5)
    found = {
        axis: segments(runs[axis], axis, scale.segment_length, ink, band) for axis in ("h", "v")
    }
    return PageLines(
        horizontal=found["h"],
        vertical=found["v"],
        masks=LineMasks(runs, pieces),
        scale=scale,
    )
