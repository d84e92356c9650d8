"""Ink masks and sizes for the line finder: what is darker than the paper right around it.

The paper's brightness at every pixel is estimated with a grey closing (a max filter, then a
min filter) over a window wider than any stroke or ruling line: it fills each thin dark mark
with the paper next to it, whatever else lies nearby. Ink contrast is that closing minus the
page, and a pixel is ink when its contrast is a fair share of the paper's brightness (a
multiplicative measure, so a shadowed part of a photo counts like a lit one). A faint grey
rule beside bold text, such as a fax's dotted line after descreening or a blurred line in a
photo, stands out against the paper just above and below it; a threshold on the mean over a
neighbourhood full of dark text misses it.

Shapes wider than the window are never filled, so they are never ink: a grey-shaded cell,
the black band of a copier's lid or the desk around a photographed sheet. Their edges make
no line either.

- `print_ink`: square window; text and ruling, used to tell text from lines (crowding).
- `line_ink`: window across one direction only; the thin strokes of that direction, the only
  thing a ruling line can be made of, with their contrast kept for later measurements.
- `mean_mask`: a mean threshold, used only to measure the character size (`LineScale`) that
  every other size, the windows included, is derived from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

Axis = Literal["h", "v"]
Mask = NDArray[np.uint8]
Grey = NDArray[np.uint8]

# Grey levels a pixel must be below its neighbourhood's mean for `mean_mask`.
INK_CONTRAST = 8
# Ink is at least this much darker than the paper around it, and by at least this share of
# the paper's brightness: above paper grain, JPEG noise and a copier's haze, below the ~25%
# of a faint fax or photocopy rule.
MIN_CONTRAST = 12
PAPER_SHARE = 0.12
IMAGE_BORDER = 2  # px
# The darkest tenth of a page's ink is print; a mark with no pixel at least half as dark
# (relative to its paper) is speckle or dust (see `print_dark`).
DARKEST_INK = 0.1
PRINT_DARK = 0.5
# With fewer character-like marks than this, a page's marks are as likely a seal's ring
# text, a signature or a handwritten date as print, and those run larger than print.
_FEW_MARKS = 100
# the least contrast that is ink, for every paper brightness (uint8 up to 255 * PAPER_SHARE)
_LIMITS = np.ceil(np.maximum(MIN_CONTRAST, PAPER_SHARE * np.arange(256))).astype(np.uint8)


def _blank_border(mask: Mask) -> Mask:
    """The outermost pixels cleared: a line along the very edge of the image is the border of
    a screenshot or of the scanner glass (a table cropped that tightly keeps its structure
    through the lines running on to the edge, see `slots`)."""
    mask[:IMAGE_BORDER], mask[-IMAGE_BORDER:] = 0, 0
    mask[:, :IMAGE_BORDER], mask[:, -IMAGE_BORDER:] = 0, 0
    return mask


def _block(grey: Grey) -> int:
    """A neighbourhood larger than any character: 1/25 of the page's short side."""
    return max(31, (int(min(grey.shape[:2])) // 25) | 1)


def mean_mask(grey: Grey) -> Mask:
    """Dark-on-light ink as 255 on 0 by a mean threshold over a large block.

    Characters come out whole (the block is larger than a character), which is what
    measuring their size needs; faint lines next to text can drop out (see `line_ink`),
    and the dark side of any edge is ink too (a photo's desk along the paper's edge).
    """
    ink = cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _block(grey), INK_CONTRAST
    )
    return _blank_border(np.asarray(ink, dtype=np.uint8))


@dataclass(frozen=True)
class ContrastInk:
    """Where the page is darker than its paper (255 on 0), and by how much (grey levels)."""

    mask: Mask
    contrast: NDArray[np.uint8]


def _darker_than_paper(grey: Grey, window: tuple[int, int]) -> ContrastInk:
    """`window` is (width, height) of the closing's rectangle."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, window)
    paper = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, kernel)
    contrast = np.asarray(cv2.subtract(paper, grey), dtype=np.uint8)
    limit = cv2.LUT(paper, _LIMITS)
    mask = np.asarray(cv2.compare(contrast, limit, cv2.CMP_GE), dtype=np.uint8)
    return ContrastInk(_blank_border(mask), contrast)


def print_ink(grey: Grey, window: int) -> Mask:
    """Every mark narrower than `window` in some direction: text strokes and ruling."""
    return _darker_than_paper(grey, (window, window)).mask


def print_contrast(grey: Grey, window: int) -> ContrastInk:
    """`print_ink` with how much darker than the paper each pixel is."""
    return _darker_than_paper(grey, (window, window))


def print_dark(grey: Grey, ink: ContrastInk) -> Mask:
    """Where `ink` is at least PRINT_DARK as dark (as a share of its paper) as the page's
    print: the darkest DARKEST_INK of its ink is taken for print.

    A copier's grey speckle and a fax's dust are marks too, and where they cover a band of
    the page they outnumber the characters many times over; they are far fainter than the
    print, which reaches its full darkness in every stroke."""
    where = ink.mask > 0
    contrast = ink.contrast[where].astype(np.float32)
    dark = np.zeros_like(ink.mask)
    if len(contrast) == 0:
        return dark
    share = contrast / np.maximum(grey[where].astype(np.float32) + contrast, 1.0)
    level = float(np.percentile(share, 100 * (1 - DARKEST_INK)))
    dark[where] = np.where(share >= PRINT_DARK * level, 255, 0).astype(np.uint8)
    return dark


def page_scale(grey: Grey) -> LineScale:
    """The sizes of a page: characters measured on `mean_mask`, strokes on `print_ink` over
    the same block, where the dark side of an edge is no stroke; marks without a pixel as
    dark as print (`print_dark`) are no characters."""
    strokes = print_contrast(grey, _block(grey))
    return LineScale.measure(mean_mask(grey), strokes.mask, print_dark(grey, strokes))


def line_ink(grey: Grey, axis: Axis, depth: int) -> ContrastInk:
    """Marks thinner than `depth` across `axis`: for "h" horizontal strokes and lines only
    (a vertical stroke taller than `depth` is not filled by a vertical window)."""
    return _darker_than_paper(grey, (1, depth) if axis == "h" else (depth, 1))


@dataclass(frozen=True)
class LineScale:
    """Sizes in pixels, derived from the printed character height and the line thickness.

    Deriving them from the text (not the page size) keeps a cropped table photo, a 150 dpi
    fax and a 300 dpi scan on the same footing.
    """

    glyph: int  # typical character height
    thickness: int  # typical stroke (and ruling) thickness
    min_length: int  # opening kernel: runs shorter than this are text, not ruling
    piece_length: int  # shortest run that still counts towards a known line's coverage
    tolerance: int  # how far (across the line) ink still counts as on the line
    segment_length: int  # shorter pieces are not line candidates (no stroke is this long)
    max_gap: int  # pieces of one line this far apart still form one (broken) line
    long_length: int  # a line this long is ruling even if it meets nothing at its ends
    reach: int  # a line ending this close to a crossing line meets it (worn corners)
    end_reach: int  # a ruled cell side has ink this close to both of its corners

    @property
    def line_window(self) -> int:
        """Across a line, the paper is looked for this far (see `contrast`): beyond the
        thickest ruling (a bold frame, a blurred photo line), within half a character."""
        return max(7, self.glyph // 2, 2 * self.thickness + 3) | 1

    @property
    def print_window(self) -> int:
        """Text strokes and ruling are narrower than a character (see `contrast`)."""
        return max(self.glyph, 2 * self.thickness + 3) | 1

    @staticmethod
    def from_sizes(glyph: int, thickness: int) -> LineScale:
        return LineScale(
            glyph=glyph,
            thickness=thickness,
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
    def measure(ink: Mask, strokes: Mask | None = None, dark: Mask | None = None) -> LineScale:
        """Character height from the ink's blobs (75th percentile of plausible heights, as
        radicals split many characters), thickness from the distance to the background in
        `strokes` (default: `ink`). Given `dark` (see `print_dark`), only blobs with a
        pixel in it count.

        On a page with few marks (the last page of a form: a row or two of the table, a
        seal, a signature) the height is capped at the size of A4 body text."""
        short = min(ink.shape)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        heights = stats[1:, cv2.CC_STAT_HEIGHT]
        widths = stats[1:, cv2.CC_STAT_WIDTH]
        printed = np.ones(count - 1, dtype=bool)
        if dark is not None:
            printed = np.bincount(labels[dark > 0], minlength=count)[1:] > 0
        plausible = heights[
            printed & (heights >= 4) & (widths >= 2) & (np.maximum(heights, widths) <= short / 15)
        ]
        # an A4 page's 10.5 pt text is 1/56 of its width: the guess for a page without text
        body = round(short / 56)
        glyph = int(np.percentile(plausible, 75)) if len(plausible) >= 20 else body
        if len(plausible) < _FEW_MARKS:
            glyph = min(glyph, body)
        distance = cv2.distanceTransform(ink if strokes is None else strokes, cv2.DIST_L2, 3)
        inked = distance[distance > 0]
        thickness = round(2 * float(np.median(inked))) if len(inked) else 1
        return LineScale.from_sizes(max(6, glyph), max(1, thickness))
