"""Which way up a scanned page is: 0/90/180/270 degrees of clockwise rotation needed.

Two questions, answered separately. Along which axis do the text lines run? Printed Chinese
runs in lines, so after removing the ruling and smearing the characters along the true
reading direction they merge into long bars, and along the other direction much less. Then,
with the lines level: upright or upside down? Given a legibility judge (an OCR engine's
confidence on a few text lines), the page's longest lines are read as they are and turned
180°: upright print reads at ~0.95, upside-down print at ~0.05, even on fax, photocopy and
photo pages where Tesseract's orientation detection (OSD) flips a stamped page. Without a
judge, or when the lines do not say, OSD decides on a copy reduced to about 150 dpi.
The fewest lines that decide are read: three, when they read surely upright (most pages),
else five each way up; and the page's text layer is found once for both questions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.ocr import tesseract_exec
from declform.extract.scan.ruling.contrast import print_contrast, print_dark

Grey = NDArray[np.uint8]
TextAxis = Literal["horizontal", "vertical"]
# confidences (0..1) of reading each crop, in order
Legibility = Callable[[Sequence[Grey]], Sequence[float]]
# the text ink without the ruling on a reduced copy, the factor back, the median glyph size
TextLayer = tuple[Grey, float, int]

_OSD_SHORT_SIDE = 1240
# OSD orientation confidence: above SURE it overrules the axis check, below UNSURE it is
# ignored (Tesseract reports ~5-20 on a clean form page, < 1 on noise).
_OSD_SURE = 6.0
_OSD_UNSURE = 1.0
_JUDGED_LINES = 5  # the longest text lines read each way up
_FIRST_JUDGED = 3  # ... of which these are read first: surely upright, they decide alone
_JUDGED_GLYPHS = 8  # each cut to about this many characters: the cost grows with width
_LEGIBLE_MARGIN = 0.25  # mean confidence one way up must beat the other by this much
# Lines read this well as they are are upright (upside-down print reads at ~0.05, and the
# turned reading could not beat this one by the margin anyway): they are not read turned.
_SURELY_UPRIGHT = 0.85

_ROTATE_CODES = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def rotate_upright(image: NDArray[np.uint8], angle: int) -> NDArray[np.uint8]:
    """Rotate clockwise by `angle` (one of 0, 90, 180, 270), as `detect_orientation` asks."""
    if angle % 360 == 0:
        return image
    return np.asarray(cv2.rotate(image, _ROTATE_CODES[angle % 360]), dtype=np.uint8)


def _reduced(grey: Grey, short_side: int) -> Grey:
    factor = min(grey.shape[:2]) / short_side
    if factor <= 1.0:
        return grey
    size = (round(grey.shape[1] / factor), round(grey.shape[0] / factor))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _text_layer(grey: Grey) -> TextLayer | None:
    """Text ink without the ruling on a copy reduced to ~800 px, the reduction factor and the
    median glyph size there; None when the page has too few glyph-like marks."""
    small = _reduced(grey, 800)
    block = max(15, (min(small.shape) // 40) | 1)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12
    )
    long = max(15, min(small.shape) // 25)
    ruling = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, long), np.uint8)),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((long, 1), np.uint8)),
    )
    marks = cv2.subtract(ink, cv2.dilate(ruling, np.ones((3, 3), np.uint8)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    # a copier's grey speckle can outnumber the characters a hundred to one on a page with
    # little print (a continuation page's last rows): measured as glyphs, 3–4 px specks set the
    # glyph size and smear into "lines" along either axis. Print reaches its full darkness.
    printed = np.zeros(count, bool)
    printed[np.unique(labels[(_print_dark(small) > 0) & (labels > 0)])] = True
    text = np.where(printed[labels], 255, 0).astype(np.uint8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    glyphs = printed[1:] & (heights >= 3) & (widths >= 3) & (heights < long) & (widths < long)
    if glyphs.sum() < 20:
        return None
    size = int(np.median(np.maximum(heights[glyphs], widths[glyphs])))
    return text, grey.shape[0] / small.shape[0], size


def _print_dark(small: Grey) -> Grey:
    """Where the reduced page is as dark as its print (see `print_dark`)."""
    return print_dark(small, print_contrast(small, max(31, (min(small.shape) // 25) | 1)))


def _bars(text: Grey, size: int, axis: TextAxis) -> NDArray[np.int32]:
    """Boxes (x, y, w, h) of the text smeared along `axis` that are long, thin bars: lines."""
    reach = max(3, size // 2)
    kernel = (1, reach) if axis == "horizontal" else (reach, 1)
    smeared = cv2.morphologyEx(text, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
    boxes = stats[1:, :4]
    along = boxes[:, 2] if axis == "horizontal" else boxes[:, 3]
    across = boxes[:, 3] if axis == "horizontal" else boxes[:, 2]
    return np.asarray(boxes[(along >= 3 * size) & (across <= 2 * size)], np.int32)


def text_axis(grey: Grey) -> TextAxis | None:
    """Direction of the printed text lines, None when the page does not say clearly."""
    return _axis_of(_text_layer(grey))


def _axis_of(layer: TextLayer | None) -> TextAxis | None:
    if layer is None:
        return None
    text, _, size = layer
    horizontal = float(_bars(text, size, "horizontal")[:, 2].sum())
    vertical = float(_bars(text, size, "vertical")[:, 3].sum())
    if horizontal > 1.5 * vertical:
        return "horizontal"
    if vertical > 1.5 * horizontal:
        return "vertical"
    return None


def text_line_crops(grey: Grey, limit: int = _JUDGED_LINES) -> list[Grey]:
    """Crops of the page's longest horizontal text lines, each cut to ~10 characters."""
    return _line_crops(grey, _text_layer(grey), limit)


def _line_crops(grey: Grey, layer: TextLayer | None, limit: int = _JUDGED_LINES) -> list[Grey]:
    if layer is None:
        return []
    text, factor, size = layer
    bars = _bars(text, size, "horizontal")
    bars = bars[bars[:, 3] >= 0.6 * size]  # not a row of dots or an underline
    crops = []
    for x, y, width, height in bars[np.argsort(-bars[:, 2], kind="stable")][:limit]:
        pad = round(0.3 * height * factor)
        x0, y0 = max(0, round(x * factor) - pad), max(0, round(y * factor) - pad)
        x1 = round((x + min(width, _JUDGED_GLYPHS * size)) * factor) + pad
        crops.append(grey[y0 : round((y + height) * factor) + pad, x0:x1])
    return crops


def upside_down(grey: Grey, legibility: Legibility) -> bool | None:
    """Whether the page's level text lines read better turned 180°; None if they do not say."""
    return _upside_down(grey, _text_layer(grey), legibility)


def _upside_down(grey: Grey, layer: TextLayer | None, legibility: Legibility) -> bool | None:
    crops = _line_crops(grey, layer)
    if len(crops) < 3:
        return None
    first = list(legibility(crops[:_FIRST_JUDGED]))
    if np.mean(first) >= _SURELY_UPRIGHT:
        return False
    rest = list(legibility(crops[_FIRST_JUDGED:])) if len(crops) > _FIRST_JUDGED else []
    upright = float(np.mean(first + rest))
    if upright >= _SURELY_UPRIGHT:
        return False
    turned = float(np.mean(legibility([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])))
    if abs(upright - turned) < _LEGIBLE_MARGIN:
        return None
    return turned > upright


def osd_rotation(grey: Grey) -> tuple[int, float] | None:
    """Tesseract OSD: (clockwise rotation needed, confidence), None if it cannot tell."""
    return tesseract_exec.osd(_reduced(grey, _OSD_SHORT_SIDE))


def _fits(angle: int, axis: TextAxis) -> bool:
    """Whether rotating by `angle` leaves text of this axis horizontal."""
    return (angle % 180 == 0) == (axis == "horizontal")


def detect_orientation(grey: Grey, legibility: Legibility | None = None) -> int:
    """Clockwise rotation (0, 90, 180 or 270) that makes the page upright."""
    layer = _text_layer(grey)
    axis = _axis_of(layer)
    if legibility is not None and axis is not None:
        turn = 0 if axis == "horizontal" else 90
        level = rotate_upright(grey, turn)
        flipped = _upside_down(level, layer if turn == 0 else _text_layer(level), legibility)
        if flipped is not None:
            return (turn + 180) % 360 if flipped else turn
    osd = osd_rotation(grey)
    if osd is not None:
        angle, confidence = osd
        if confidence >= _OSD_SURE or (
            confidence >= _OSD_UNSURE and (axis is None or _fits(angle, axis))
        ):
            return angle
    if axis is None:
        return 0
    if osd is not None and _fits(osd[0], axis):
        return osd[0]
    # OSD is unsure or looked along the wrong axis: ask it again with the text lines level
    turn = 0 if axis == "horizontal" else 90
    second = osd_rotation(rotate_upright(grey, turn))
    if second is not None and second[1] >= _OSD_UNSURE and second[0] in (0, 180):
        return (turn + second[0]) % 360
    return turn
