"""Folds and creases: where the print of a page is shifted across the lines, column by column.

A sheet folded flat again, or copied with a crease, keeps its print but moves it: every column
of the page in the fold's band slides up or down, by an amount that grows towards the crease
and falls away behind it, so each ruling line there runs straight, then steeply up, then down
and straight again (a tent, ∧). The steep stretch is no line to the line finder (its runs
across the page are shorter than a character), so a fold cuts every row line in two and the
table falls apart at the crease.

The shift is the same for every line in a column, text and ruling alike, so it is measured
from the page's own print: the page is cut into narrow strips across the lines, each strip's
profile of line ink along the strip (rows of ink where lines pass) is matched with its
neighbour's, and the offsets of best match, added up strip after strip, give the course the
print follows (`Bends.dy`). A page whose print runs straight everywhere, or only bows gently
(a photo's curl, which the line finder follows itself), is left as it is: only a course that
climbs as steeply as a fold's flank is flattened. (Folds across the page, which would move
the column lines sideways, are not looked for: none of the scans seen has one.)

The lines are then found on the flattened copy, and every cell box is taken back to the
page (`Bends.enclose`), grown to hold its cell's print wherever the fold moved it: that box
is the cell's place on the page. Its text is read on the page flattened the same way
(`Bends.resized`), where the fold no longer shears the characters nor runs a bent rule
through the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.contrast import LineScale, line_ink
from declform.layouts.grid import BBox

FloatArray = NDArray[np.float64]
Grey = NDArray[np.uint8]

# A fold's flank rises at most this steeply (across / along): offsets between neighbouring
# strips are looked for up to this share of the strip width.
MAX_SLOPE = 0.9
# A course is a fold worth flattening when somewhere it climbs by FOLD_DEPTH stroke widths
# (and at least MIN_DEPTH px) within FOLD_REACH character heights: a fold's flank
# rises that fast, while a photographed page's curl climbs far slower (the line finder
# follows curl itself) and the offsets' noise, a fraction of a pixel a strip, far less.
FOLD_DEPTH = 2
MIN_DEPTH = 4
FOLD_REACH = 3
# Neighbouring strips' profiles must agree this well (normalised correlation) for their
# offset to count; strips of blank margin or lone marks say nothing about the print's course.
AGREEMENT = 0.5
PRINTED = 0.25  # of the median strip's ink: less is margin with specks
PRINT_SHARE = 0.5  # of the ruling's contrast: fainter ink is specks, not print
# Flattened, a folded page's ruling has this much more ink in straight runs STRAIGHT_RUN
# characters long than as it came (each fold cuts every row line twice).
STRAIGHTER = 1.02
STRAIGHT_RUN = 4


@dataclass(frozen=True)
class Bends:
    """How far the print sits from straight: `dy[x]` pixels lower in column x (all zero: a
    straight page)."""

    dy: FloatArray

    @property
    def straight(self) -> bool:
        return not self.dy.any()

    def flatten(self, grey: Grey) -> Grey:
        """The page with every column moved back by dy: its lines straight."""
        if self.straight:
            return grey
        height, width = grey.shape
        map_x = np.broadcast_to(np.arange(width, dtype=np.float32)[None, :], (height, width))
        map_y = np.arange(height, dtype=np.float32)[:, None] + self.dy[None, :].astype(np.float32)
        return np.asarray(
            cv2.remap(grey, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
            dtype=np.uint8,
        )

    def enclose(self, box: BBox) -> BBox:
        """The page box holding everything the flattened `box` holds."""
        if self.straight:
            return box
        ys = self._span(self.dy, box.x0, box.x1)
        return BBox(box.x0, box.y0 + ys.min(), box.x1, box.y1 + ys.max())

    def resized(self, width: int, factors: tuple[float, float]) -> Bends:
        """The same folds on the page `factors` (x, y) times larger, `width` columns wide."""
        if self.straight:
            return Bends(np.zeros(width))
        fx, fy = factors
        columns = (np.arange(width, dtype=np.float64) + 0.5) / fx - 0.5
        return Bends(fy * np.interp(columns, np.arange(len(self.dy), dtype=np.float64), self.dy))

    @staticmethod
    def _span(shift: FloatArray, lo: float, hi: float) -> FloatArray:
        last = len(shift) - 1
        a = min(max(int(np.floor(lo)), 0), last)
        b = min(max(int(np.ceil(hi)), a), last)
        return shift[a : b + 1]


def strip_width(scale: LineScale) -> int:
    """Strips a third of a character wide: narrow enough to follow a fold's flank."""
    return max(4, scale.glyph // 3)


def _profiles(mask: NDArray[np.uint8], strip: int, blur: float) -> NDArray[np.float32]:
    """(strips, length): ink per position along each strip (`mask` rows run along), as the
    share of the strip's width inked (an area-averaging resize: one pass over the page)."""
    length, width = mask.shape
    count = width // strip
    inked = np.ascontiguousarray(mask[:, : count * strip], dtype=np.float32) / 255.0
    means = cv2.resize(inked, (count, length), interpolation=cv2.INTER_AREA)
    profiles = np.ascontiguousarray(np.asarray(means, dtype=np.float32).reshape(length, count).T)
    return np.asarray(cv2.GaussianBlur(profiles, (0, 0), sigmaX=blur, sigmaY=0.01), np.float32)


def strip_offsets(
    profiles: NDArray[np.float32], max_lag: int
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Offset of each strip's profile against the one before it (sub-pixel, positive: the
    print sits further along), and whether the two agreed well enough to tell."""
    count, length = profiles.shape
    if count < 2 or length <= 2 * max_lag + 2:
        return np.zeros(max(0, count - 1)), np.zeros(max(0, count - 1), dtype=bool)
    core = slice(max_lag, length - max_lag)
    before = profiles[:-1, core]
    energy = np.sqrt(np.einsum("ij,ij->i", before, before))
    scores = np.empty((count - 1, 2 * max_lag + 1))
    for k, lag in enumerate(range(-max_lag, max_lag + 1)):
        after = profiles[1:, max_lag + lag : length - max_lag + lag]
        scale = energy * np.sqrt(np.einsum("ij,ij->i", after, after))
        scores[:, k] = np.einsum("ij,ij->i", before, after) / np.maximum(scale, 1e-9)
    best = scores.argmax(axis=1)
    rows = np.arange(count - 1)
    inner = (best > 0) & (best < 2 * max_lag)
    left = scores[rows, np.maximum(best - 1, 0)]
    right = scores[rows, np.minimum(best + 1, 2 * max_lag)]
    peak = scores[rows, best]
    # the vertex of the parabola through the peak and its neighbours: a fold's flank moves
    # the print by fractions of a pixel from strip to strip
    curvature = left - 2 * peak + right
    bowed = inner & (curvature < 0)
    fraction = np.where(bowed, 0.5 * (left - right) / np.where(bowed, curvature, -1.0), 0.0)
    offsets = best - max_lag + fraction
    return offsets, peak >= AGREEMENT


def course(mask: NDArray[np.uint8], strip: int, reach: int, depth: float) -> FloatArray:
    """The print's offset across the strips at every position along the page (one value per
    column of `mask`); all zero unless it climbs by `depth` within `reach` somewhere."""
    width = mask.shape[1]
    profiles = _profiles(mask, strip, blur=max(1.0, depth / 4))
    max_lag = max(1, int(np.ceil(MAX_SLOPE * strip)))
    offsets, agreed = strip_offsets(profiles, max_lag)
    if len(offsets) == 0:
        return np.zeros(width)
    # a strip of margin with a speck or two matches anything: only strips carrying a fair
    # share of the page's print tell its course
    totals = profiles.sum(axis=1)
    inked = totals >= PRINTED * float(np.median(totals[totals > 0])) if totals.any() else totals > 0
    steps = np.where(agreed & inked[:-1] & inked[1:], offsets, 0.0)
    levels = np.concatenate([[0.0], np.cumsum(steps)])
    # straight is where most of the print is: the page's own frame of reference
    levels -= np.median(levels[inked]) if inked.any() else 0.0
    centres = (np.arange(len(levels)) + 0.5) * strip
    along = np.interp(np.arange(width, dtype=np.float64), centres, levels)
    span = max(1, round(reach / strip))
    climb = np.abs(levels[span:] - levels[:-span]) if len(levels) > span else np.zeros(1)
    return along if climb.max() >= depth else np.zeros(width)


def _long_runs(grey: Grey, scale: LineScale) -> int:
    """Pixels of horizontal ink in runs longer than a few characters: straight ruling."""
    mask = line_ink(grey, "h", scale.line_window).mask
    length = STRAIGHT_RUN * scale.glyph
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    return int(cv2.countNonZero(cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)))


def measure_bends(grey: Grey, scale: LineScale) -> Bends:
    """The page's folds (see the module's docstring); straight when it has none.

    A course is kept only when flattening it makes the ruling straighter (more ink in long
    straight runs): marks that are no print, such as a signature's slanting strokes on a
    nearly empty page, can line up as if moved, but moving them back straightens nothing."""
    ink = line_ink(grey, "h", scale.line_window)
    mask = ink.mask
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (scale.min_length, 1))
    runs = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel) > 0
    if runs.any():
        # the print is as dark as its ruling; a copier's grey specks would drown the course
        level = float(np.median(ink.contrast[runs]))
        mask = np.where(ink.contrast >= PRINT_SHARE * level, mask, 0).astype(np.uint8)
    depth = max(MIN_DEPTH, FOLD_DEPTH * scale.thickness)
    bends = Bends(course(mask, strip_width(scale), FOLD_REACH * scale.glyph, depth))
    if bends.straight:
        return bends
    before, after = _long_runs(grey, scale), _long_runs(bends.flatten(grey), scale)
    return bends if after > STRAIGHTER * before else Bends(np.zeros_like(bends.dy))
