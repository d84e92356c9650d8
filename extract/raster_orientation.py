"""Which way up a scanned page is: 0/90/180/270 degrees of clockwise rotation needed.

Tesseract's orientation and script detection (OSD) decides, on a copy reduced to about
150 dpi. A cheap check from the page itself backs it up: printed Chinese text runs in lines,
so after removing the ruling and smearing the characters along the true reading direction
they merge into long bars, and along the other direction much less. When OSD is unsure or
unavailable, or disagrees with that axis without being sure, the axis check decides between
the two candidate angles.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import pytesseract
from numpy.typing import NDArray

Grey = NDArray[np.uint8]
TextAxis = Literal["horizontal", "vertical"]

_OSD_SHORT_SIDE = 1240
# OSD orientation confidence: above SURE it overrules the axis check, below UNSURE it is
# ignored (Tesseract reports ~5-20 on a clean form page, < 1 on noise).
_OSD_SURE = 6.0
_OSD_UNSURE = 1.0

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


def text_axis(grey: Grey) -> TextAxis | None:
    """Direction of the printed text lines, None when the page does not say clearly."""
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
    text = cv2.subtract(ink, cv2.dilate(ruling, np.ones((3, 3), np.uint8)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    glyphs = (heights >= 3) & (widths >= 3) & (heights < long) & (widths < long)
    if glyphs.sum() < 20:
        return None
    size = int(np.median(np.maximum(heights[glyphs], widths[glyphs])))
    reach = max(3, size // 2)
    scores: dict[TextAxis, float] = {}
    axes: tuple[tuple[TextAxis, tuple[int, int]], ...] = (
        ("horizontal", (1, reach)),
        ("vertical", (reach, 1)),
    )
    for axis, kernel in axes:
        smeared = cv2.morphologyEx(text, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
        _, _, st, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
        along = st[1:, cv2.CC_STAT_WIDTH if axis == "horizontal" else cv2.CC_STAT_HEIGHT]
        across = st[1:, cv2.CC_STAT_HEIGHT if axis == "horizontal" else cv2.CC_STAT_WIDTH]
        bars = (along >= 3 * size) & (across <= 2 * size)
        scores[axis] = float(along[bars].sum())
    horizontal, vertical = scores["horizontal"], scores["vertical"]
    if horizontal > 1.5 * vertical:
        return "horizontal"
    if vertical > 1.5 * horizontal:
        return "vertical"
    return None


def osd_rotation(grey: Grey) -> tuple[int, float] | None:
    """Tesseract OSD: (clockwise rotation needed, confidence), None if it cannot tell."""
    try:
        osd = pytesseract.image_to_osd(
            _reduced(grey, _OSD_SHORT_SIDE), output_type=pytesseract.Output.DICT, config="--psm 0"
        )
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError):
        return None
    return int(osd["rotate"]) % 360, float(osd["orientation_conf"])


def _fits(angle: int, axis: TextAxis) -> bool:
    """Whether rotating by `angle` leaves text of this axis horizontal."""
    return (angle % 180 == 0) == (axis == "horizontal")


def detect_orientation(grey: Grey) -> int:
    """Clockwise rotation (0, 90, 180 or 270) that makes the page upright."""
    axis = text_axis(grey)
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
