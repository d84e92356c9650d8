"""Skew: how far the ruling is turned from the axes, and the page turned back.

Measured on the long straight edges `perspective.page_edges` finds on a reduced copy, so
a page whose ruling leans by a degree or two is levelled before the grid is looked for.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.perspective import PageEdges, page_edges

Grey = NDArray[np.uint8]
MAX_SKEW_DEG = 15.0
_SKEW_SHARE = 0.1  # edges this share of the short side long vote


def measure_skew(grey: Grey, edges: PageEdges | None = None) -> float:
    """Skew of the ruling in degrees (positive: turned clockwise), 0 when there is none.

    Every long straight edge votes with its length for its angle folded onto the nearest
    axis (a vertical line tilted like a horizontal one); angles beyond MAX_SKEW_DEG are
    not skew (diagonal strokes, a photo's perspective). `edges`: those of `grey` when
    already found (`perspective.page_edges`).
    """
    lines = (edges or page_edges(grey)).at_least(_SKEW_SHARE)
    if len(lines) < 2:
        return 0.0
    dx, dy = lines[:, 2] - lines[:, 0], lines[:, 3] - lines[:, 1]
    angles = (np.degrees(np.arctan2(dy, dx)) + 45.0) % 90.0 - 45.0
    weights = np.hypot(dx, dy)
    keep = np.abs(angles) <= MAX_SKEW_DEG
    if keep.sum() < 2:
        return 0.0
    order = np.argsort(angles[keep])
    cumulative = np.cumsum(weights[keep][order])
    return float(angles[keep][order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def rotate_by(image: NDArray[np.uint8], angle: float) -> NDArray[np.uint8]:
    """The image turned by `angle` degrees about its centre (the skew `measure_skew` gives)."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    # replicate the border: a flat fill would meet the page along a new, straight edge
    return cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def deskew(grey: Grey, edges: PageEdges | None = None) -> tuple[Grey, float]:
    """The page rotated so its ruling is axis-aligned, and the skew that was removed (deg).
    `edges`: those of `grey` when already found (`perspective.page_edges`)."""
    angle = measure_skew(grey, edges)
    if abs(angle) < 0.05:
        return grey, 0.0
    return rotate_by(grey, angle), angle
