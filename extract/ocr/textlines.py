"""Split a cell crop into text lines with a horizontal projection profile, and the ink
measures every crop step shares (ink mask, components, ruling stubs, glyph height).

Line recognisers (PP-OCR) read one line at a time, and a cell crop from a scan carries blank
margins and stubs of the table's ruling lines: binarise, leave out the stubs, find the ink
bands, split a band too tall to be one line at its thinnest rows, and cut each band to its
ink. Painting stubs, specks and a seal's light layer out of the crop is `cleaning`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

# A row or column along the border that is mostly ink is a ruling stub, not text.
_RULE_FILL = 0.6
_RULE_MARGIN = 0.15
# Dashes along one edge that together cover this share of it are a worn ruling.
_WORN_SPAN = 0.15
_WORN_EDGE = 0.1  # ... within this share of the crop's short side from the edge
# A ruling bent or skewed into the crop (a fax's or photocopy's warped page): one component
# entering through the crop's border, longer than this many glyph heights and thinner on
# average than this share of one (a fax prints rulings a sixth of a glyph thick, a glyph's
# strokes give it a third or more; a printed dash
# in the text is as thin, but lies inside the cell, away from its border).
_BENT_LENGTH = 1.5
_CORNER_LENGTH = 0.6
_GLYPH_SHARE = 0.1  # of the crop's height: the least a glyph measures (6-line block cells)
_GLYPH_SHARE_ONE_LINE = 0.4  # ... and a glyph of a one-line cell, margins included
_BENT_THICKNESS = 0.25
# Gaps inside one line (between the strokes of 二, 三, or a dotted noise row) are short.
_GAP_BRIDGE = 0.25
# A band this much taller than a line is two lines run together (tight leading, blur).
_FULL_LINE = 0.75  # ... and a band this share of a line's height is a line of its own
_TALL_FACTOR = 1.6
# Beside other lines, a band flatter than this share of a line is a rule's or underline's rest.
_FLAT_BAND = 0.3
# Beside other lines, a band whose largest mark is smaller than this share of a line is specks.
_SPECKS_ONLY = 0.4
# Lines run together are cut only where the profile drops below this share of its median.
_VALLEY_DEPTH = 0.25

@dataclass(frozen=True)
class LineBox:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def percentile(values: np.ndarray, q: float) -> float:
    """`np.percentile(values, q)` (linear interpolation), the same float to the last bit,
    without its overhead of ~0.15 ms a call: on a page's few hundred small crops that was
    0.1 CPU-s (issue 17). `values` must not be empty."""
    ordered = np.sort(values, axis=None)
    position = (ordered.size - 1) * (q / 100)
    below = math.floor(position)
    gamma = position - below
    low, high = ordered[below], ordered[min(below + 1, ordered.size - 1)]
    diff = float(high - low)  # numpy subtracts in the values' type (sorted: no wrap-around)
    # numpy's _lerp: from the upper end for the upper half, for symmetric rounding
    return float(high) - diff * (1 - gamma) if gamma >= 0.5 else float(low) + diff * gamma


def otsu_threshold(values: np.ndarray) -> float:
    threshold, _ = cv2.threshold(values.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(threshold)


Components = tuple[int, np.ndarray, np.ndarray]


def components(mask: np.ndarray) -> Components:
    """8-connected components: (count including the background, labels, stats)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    return int(count), np.asarray(labels), np.asarray(stats)


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Dark-on-light ink as a bool mask (Otsu, but a blank or flat crop has no ink)."""
    if grey.size == 0 or int(grey.max()) - int(grey.min()) < 40:
        return np.zeros(grey.shape[:2], dtype=bool)
    # <=: on a two-valued crop (a bilevel scan) Otsu returns the ink value itself
    return np.asarray(grey <= otsu_threshold(grey))


def rule_mask(mask: np.ndarray, found: Components | None = None) -> np.ndarray:
    """The ink of ruling stubs the cell cropper left along the crop's edges (`found`: the
    mask's `components`, when the caller has them: the dearest step here)."""
    height, width = mask.shape
    edge_rows, edge_cols = max(2, int(height * _RULE_MARGIN)), max(2, int(width * _RULE_MARGIN))
    # (the far edge's range may start below 0 on a tiny crop: Python's wrap-around, kept)
    rows = np.r_[0:edge_rows, height - edge_rows : height]
    cols = np.r_[0:edge_cols, width - edge_cols : width]
    full_rows, full_cols = np.zeros(height, dtype=bool), np.zeros(width, dtype=bool)
    full_rows[rows] = mask.mean(axis=1)[rows] > _RULE_FILL
    full_cols[cols] = mask.mean(axis=0)[cols] > _RULE_FILL
    rules = full_rows[:, None] | full_cols[None, :]
    # A slightly skewed stub fills no single row, but as a component it is long and flat
    # (or tall and thin, hugging a side), which no glyph is.
    count, labels, stats = found or components(mask)
    x, y = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    # ... not a printed dash: a lone "——" lies in the middle third of its cell
    middle = (y > height / 3) & (y + h < 2 * height / 3)
    flat = (w >= 0.5 * width) & (h * 12 <= w) & ~middle
    at_side = (x < edge_cols) | (x + w > width - edge_cols)
    upright = (h >= 0.7 * height) & (w * 10 <= h) & at_side
    stub = np.zeros(count, dtype=bool)
    bent = _bent_rules(labels.shape, stats)
    stub[1:] = flat | upright | _worn_rules(labels.shape, stats)
    if stub.any():  # most crops have none: spare the lookup over every pixel
        rules |= stub[labels]
    for index in np.flatnonzero(bent & ~stub[1:]) + 1:
        rules |= _along_path(labels, stats[index], int(index))
    return np.asarray(rules & mask, dtype=bool)


def _along_path(labels: np.ndarray, box: np.ndarray, index: int) -> np.ndarray:
    """The pixels of a bent ruling (component `index`, its stats `box`) that lie on its own
    path: where it runs into a glyph, the glyph's ink off that path is no ruling. The path is
    the centre of the component's ink in each column (row, for an upright one) where it is
    no thicker than the ruling is; across thicker stretches it is drawn straight."""
    x, y, w, h = (int(v) for v in box[:4])
    piece = labels[y : y + h, x : x + w] == index
    upright = h > w
    if upright:
        piece = piece.T
    counts = piece.sum(axis=0)
    thickness = max(1.0, float(np.median(counts[counts > 0])))
    rows = np.arange(piece.shape[0], dtype=np.float64)[:, None]
    centres = (piece * rows).sum(axis=0) / np.maximum(counts, 1)
    thin = (counts > 0) & (counts <= 2 * thickness)
    along = np.arange(piece.shape[1])
    path = np.interp(along, along[thin], centres[thin]) if thin.any() else centres
    on_path = piece & (np.abs(rows - path[None, :]) <= thickness + 1)
    out = np.zeros(labels.shape, dtype=bool)
    out[y : y + h, x : x + w] = on_path.T if upright else on_path
    return out


def _worn_rules(shape: tuple[int, ...], stats: np.ndarray) -> np.ndarray:
    """Which components (background excluded) are a ruling worn into dashes (photocopies,
    faxes): thin pieces hugging one edge of the crop that together run along much of it.
    Text keeps a margin from the ruling."""
    height, width = shape
    near = max(4, round(_WORN_EDGE * min(height, width)))
    x, y, w, h = (stats[1:, i] for i in range(4))
    bands = (
        (y + h <= near) & (w >= 2 * h),  # top: flat pieces
        (y >= height - near) & (w >= 2 * h),  # bottom
        (x + w <= near) & (h >= 2 * w),  # left: upright pieces
        (x >= width - near) & (h >= 2 * w),  # right
    )
    spans = (w, w, h, h)
    sides = (width, width, height, height)
    found = np.zeros(len(x), dtype=bool)
    for pieces, span, side in zip(bands, spans, sides, strict=True):
        if span[pieces].sum() >= _WORN_SPAN * side:
            found |= pieces
    return found


def _bent_rules(shape: tuple[int, ...], stats: np.ndarray) -> np.ndarray:
    """Which components (background excluded) are a ruling bent or skewed into the crop: long
    thin pieces that reach the crop's border (see _BENT_LENGTH), measured against the height
    of the crop's compact components, its glyphs (a bent rule's box is tall but nearly
    empty)."""
    height, width = shape
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    length = np.maximum(w, h)
    # glyphs are compact, and taller than a fax's specks; a crop with none (an empty cell
    # that only the rulings reach into) is measured as one holding a line of text
    glyphs = (area >= 0.1 * length.astype(np.float64) ** 2) & (h >= _GLYPH_SHARE * height)
    glyph = percentile(h[glyphs], 90) if glyphs.any() else _GLYPH_SHARE_ONE_LINE * height
    across = (y == 0) | (y + h >= height)
    along = (x == 0) | (x + w >= width)
    thin = area <= _BENT_THICKNESS * glyph * length
    # in a corner, where two rulings meet, a shorter piece is a ruling too: no text reaches
    # two sides of its cell
    long = length >= np.where(across & along, _CORNER_LENGTH, _BENT_LENGTH) * glyph
    return np.asarray((across | along) & thin & long, dtype=bool)


def _bands(profile: np.ndarray, min_ink: int) -> list[tuple[int, int]]:
    rows = np.flatnonzero(profile >= min_ink)
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]])) + 1
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


def glyph_height(stats: np.ndarray, extent: bool = False) -> float:
    """The height of a character from the component `stats` of a mask (background first):
    CJK characters are about as tall as they are wide and many are one connected component,
    so the taller components give it (radicals, punctuation and digits are the shorter
    ones). With `extent`, a component's width counts too: the strokes of 二 are flat but as
    wide as a character."""
    stats = stats[1:][stats[1:, cv2.CC_STAT_AREA] >= 8]
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    if not heights.size:
        return 0.0
    if not extent:
        return percentile(heights, 90)
    # A component of full height and several heights wide is glyphs run together by blur
    # (a fax's whole line can be one), not a flat stroke: its width is no glyph's.
    full_height = percentile(heights, 90) * 0.75
    runs = (heights >= full_height) & (widths > 2 * heights)
    extents = np.maximum(heights, widths)
    if not runs.all():
        return percentile(extents[~runs], 90)
    # Only wide components: strokes (二 alone) or whole lines (a dark photocopy's blobs).
    # Strokes are thinner than the gap between them; lines are taller than their leading.
    tops, order = stats[:, cv2.CC_STAT_TOP], np.argsort(stats[:, cv2.CC_STAT_TOP])
    gaps = tops[order][1:] - (tops + heights)[order][:-1]
    if gaps.size and np.median(heights) > np.median(gaps):
        return percentile(heights, 90)
    return percentile(extents, 90)


def _line_height(bands: list[tuple[int, int]], glyph: float) -> float:
    """The height of one line, from the glyphs (`glyph`, see `_glyph_height`) rather than
    the bands: bands mislead both ways, as 告 or 二 break into several and lines set tight
    run together into one."""
    return float(min(glyph, _tallest(bands))) if glyph else float(_tallest(bands))


def _tallest(bands: list[tuple[int, int]]) -> int:
    return max((end - start for start, end in bands), default=0)


def _width(mask: np.ndarray, band: tuple[int, int]) -> int:
    cols = np.flatnonzero(mask[band[0] : band[1]].any(axis=0))
    return int(cols[-1] - cols[0] + 1) if cols.size else 0


def _merge_close(
    bands: list[tuple[int, int]], line_height: float, glyph_size: float, mask: np.ndarray
) -> list[tuple[int, int]]:
    """Join bands that are pieces of one line: those a short gap apart that together fit in
    a line (告 alone in a cell), and flat ones that together are no taller than a character
    (the strokes of 二). A gap across several characters' width, between two bands each as
    tall as a line, parts two lines however close (a wrapped "…31日" / "前" on a blurred
    photo, where glyphs run together and inflate `glyph_size`); so does it for two bands
    that look flat only beside that inflated size (a 150 dpi fax's wrapped "…财" / "政局")."""
    merged: list[tuple[int, int]] = []
    for start, end in bands:
        if merged:
            prev_start, prev_end = merged[-1]
            gap_is_small = start - prev_end <= max(1.0, _GAP_BRIDGE * line_height)
            two_lines = min(end - start, prev_end - prev_start) >= _FULL_LINE * line_height and (
                max(_width(mask, (start, end)), _width(mask, merged[-1])) > 1.5 * glyph_size
            )
            one_line = not two_lines and (
                end - prev_start <= _TALL_FACTOR * max(line_height, glyph_size)
            )
            both_flat = max(end - start, prev_end - prev_start) < _FLAT_BAND * glyph_size
            strokes_of_one_glyph = (
                both_flat and not two_lines and end - prev_start <= 1.2 * glyph_size
            )
            if (gap_is_small and one_line) or strokes_of_one_glyph:
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def _split_tall(
    band: tuple[int, int], profile: np.ndarray, line_height: float
) -> list[tuple[int, int]]:
    """Cut a band that is several lines run together at the valleys of its profile.

    A cut needs a real valley (rows with little ink): a serif line whose glyphs break into
    short pieces can make `line_height` an underestimate, and must not be cut in half.
    """
    start, end = band
    if line_height <= 0 or end - start <= _TALL_FACTOR * line_height:
        return [band]
    count = max(2, round((end - start) / line_height))
    pitch = (end - start) / count
    valley = _VALLEY_DEPTH * float(np.median(profile[start:end]))
    cuts = [start]
    for k in range(1, count):
        centre = start + round(k * pitch)
        window = max(1, round(pitch * 0.3))
        lo, hi = max(start + 1, centre - window), min(end - 1, centre + window)
        if hi <= lo:
            continue
        row = lo + int(np.argmin(profile[lo:hi]))
        if profile[row] <= valley:
            cuts.append(row)
    cuts.append(end)
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def split_lines(grey: np.ndarray) -> list[LineBox]:
    """The text lines of a cell crop, top to bottom, each cut to its ink; [] for a blank cell."""
    mask = ink_mask(grey)
    if not mask.any():
        return []
    found = components(mask)
    rules = rule_mask(mask, found)
    if rules.any():  # else the components found are those of the text
        mask &= ~rules
        if not mask.any():
            return []
        found = components(mask)
    # Isolated specks (scan noise, JPEG ringing) must not open a band of their own.
    profile = mask.sum(axis=1)
    bands = _bands(profile, max(1, round(mask.shape[1] * 0.002)))
    _, labels, stats = found
    glyph_size, glyph = glyph_height(stats, extent=True), glyph_height(stats)
    bands = _merge_close(bands, _line_height(bands, glyph), glyph_size, mask)
    # Now that the pieces of a line are one band, a band bounds the line height.
    line_height = max(_line_height(bands, glyph), min(glyph_size, _tallest(bands)))
    boxes: list[LineBox] = []
    for band in bands:
        for y0, y1 in _split_tall(band, profile, line_height):
            cols = np.flatnonzero(mask[y0:y1].any(axis=0))
            # Too little ink for a stroke of text: specks.
            if cols.size == 0 or mask[y0:y1].sum() < max(6, 0.02 * line_height**2):
                continue
            # Beside other lines, a band this flat is what is left of a ruling or an
            # underline; a line of text holds some glyph of full height.
            if len(bands) > 1 and y1 - y0 < _FLAT_BAND * line_height:
                continue
            # ... and a band of specks only (a photocopy's toner cloud) is no line either
            largest = _largest_mark(labels[y0:y1], stats)
            if len(bands) > 1 and largest < _SPECKS_ONLY * line_height:
                continue
            boxes.append(LineBox(int(cols[0]), y0, int(cols[-1]) + 1, y1))
    return boxes


def _largest_mark(band_labels: np.ndarray, stats: np.ndarray) -> int:
    """The largest extent (width or height) of the components with ink in a band."""
    present = np.unique(band_labels)
    present = present[present > 0]
    if not present.size:
        return 0
    widths, heights = stats[present, cv2.CC_STAT_WIDTH], stats[present, cv2.CC_STAT_HEIGHT]
    return int(np.maximum(widths, heights).max())


def crop_line(grey: np.ndarray, box: LineBox, pad_ratio: float = 0.2) -> np.ndarray:
    """The line's pixels with a margin of `pad_ratio` × line height on every side.

    The margin is painted paper-coloured rather than taken from the crop so that
    neighbouring lines and ruling stubs do not leak into it.
    """
    pad = max(2, round(box.height * pad_ratio))
    # One pixel more each way keeps the anti-aliased edges Otsu counted as paper.
    height, width = grey.shape[:2]
    rows = slice(max(0, box.y0 - 1), min(height, box.y1 + 1))
    line = grey[rows, max(0, box.x0 - 1) : min(width, box.x1 + 1)]
    paper = max(128, int(np.median(line)))
    return cv2.copyMakeBorder(line, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
