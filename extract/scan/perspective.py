"""Perspective of a photographed page: find the table's outer frame and warp it square.

Straight edges come from OpenCV's line segment detector (LSD) on a ~1000 px copy, at any
angle, so a keystoned frame whose sides lean by 10 degrees is found as easily as a level
one. The biggest connected set of long edges gives a rough quadrilateral (its hull); each
side is then refitted to the edges that run along it, because a corner of the frame is
often faint or hidden and the hull cuts it off.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

Grey = NDArray[np.uint8]
Quad = NDArray[np.float32]
_MEASURE_SIDE = 1000


def reduced(grey: Grey, short_side: int = _MEASURE_SIDE) -> tuple[Grey, float]:
    """A copy reduced to `short_side` (for measuring only) and the factor back to `grey`."""
    factor = max(1.0, min(grey.shape[:2]) / short_side)
    if factor == 1.0:
        return grey, 1.0
    size = (round(grey.shape[1] / factor), round(grey.shape[0] / factor))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), dtype=np.uint8), factor


def long_segments(small: Grey, min_share: float = 0.1) -> NDArray[np.float64]:
    """Straight edges at least `min_share` of the short side long, (n, 4) x0, y0, x1, y1."""
    found = cv2.createLineSegmentDetector().detect(small)[0]
    if found is None:
        return np.zeros((0, 4))
    lines = found.reshape(-1, 4).astype(np.float64)
    lengths = np.hypot(lines[:, 2] - lines[:, 0], lines[:, 3] - lines[:, 1])
    return lines[lengths >= min_share * min(small.shape[:2])]


@dataclass(frozen=True)
class PageEdges:
    """A page's long straight edges, found once: the frame search and the skew measure both
    read them (LSD is the dearest step of either, ~65 ms a page)."""

    lines: NDArray[np.float64]  # (n, 4) x0, y0, x1, y1 on the reduced copy
    shape: tuple[int, int]  # the reduced copy's height and width
    factor: float  # from the reduced copy back to the page

    def at_least(self, min_share: float) -> NDArray[np.float64]:
        """The edges at least `min_share` of the reduced copy's short side long."""
        lines = self.lines
        lengths = np.hypot(lines[:, 2] - lines[:, 0], lines[:, 3] - lines[:, 1])
        return lines[lengths >= min_share * min(self.shape)]


_FRAME_SHARE = 0.05  # the frame's sides are pieced together from edges this long


def page_edges(grey: Grey) -> PageEdges:
    """The edges of `grey` that `find_table_quad` and `skew.measure_skew` look at."""
    small, factor = reduced(grey)
    height, width = small.shape[:2]
    return PageEdges(long_segments(small, _FRAME_SHARE), (height, width), factor)


def _order_quad(points: NDArray[np.float32]) -> Quad:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    sums = points.sum(axis=1)
    diffs = np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[sums.argmin()],
            points[diffs.argmin()],
            points[sums.argmax()],
            points[diffs.argmax()],
        ],
        dtype=np.float32,
    )


def _side_support(mask: NDArray[np.uint8], quad: Quad) -> float:
    """The least share of any quad side that runs along the mask."""
    shares = []
    t = np.linspace(0.05, 0.95, 64)[:, None]
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        points = np.rint(a + t * (b - a)).astype(int)
        xs = np.clip(points[:, 0], 0, mask.shape[1] - 1)
        ys = np.clip(points[:, 1], 0, mask.shape[0] - 1)
        shares.append(float((mask[ys, xs] > 0).mean()))
    return min(shares)


def _line_through(
    a: NDArray[np.float64], direction: NDArray[np.float64], lines: NDArray[np.float64], reach: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The ruled line along the side through `a`: the longest parallel edge within `reach`
    seeds it, then every edge on the seed's line (within 3 px) joins a least-squares fit.

    Seeding on one edge matters when the table's outline steps (a taller header block):
    a fit through all edges near the side would average two different lines.
    """
    normal = np.array([-direction[1], direction[0]])
    starts, ends = lines[:, :2], lines[:, 2:]
    vectors = ends - starts
    lengths = np.linalg.norm(vectors, axis=1)
    parallel = np.abs(vectors @ direction) >= 0.97 * lengths
    near = np.maximum(np.abs((starts - a) @ normal), np.abs((ends - a) @ normal)) <= reach
    candidates = np.flatnonzero(parallel & near)
    if len(candidates) == 0:
        return a, direction
    seed = candidates[np.argmax(lengths[candidates])]
    origin = starts[seed]
    seed_dir = vectors[seed] / lengths[seed]
    seed_normal = np.array([-seed_dir[1], seed_dir[0]])
    on_seed = candidates[
        np.maximum(
            np.abs((starts[candidates] - origin) @ seed_normal),
            np.abs((ends[candidates] - origin) @ seed_normal),
        )
        <= 3.0
    ]
    t = np.linspace(0, 1, 8)[:, None, None]
    points = (starts[on_seed] + t * vectors[on_seed]).reshape(-1, 2).astype(np.float32)
    vx, vy, px, py = cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([px, py], dtype=np.float64), np.array([vx, vy], dtype=np.float64)


def _refit_sides(quad: Quad, lines: NDArray[np.float64], reach: float) -> Quad | None:
    """Each side of a rough quad refitted to the ruled line along it; corners where the
    refitted sides meet. None if two sides come out parallel."""
    fitted = []
    for k in range(4):
        a, b = quad[k].astype(np.float64), quad[(k + 1) % 4].astype(np.float64)
        direction = (b - a) / max(1e-6, float(np.linalg.norm(b - a)))
        fitted.append(_line_through(a, direction, lines, reach))
    corners = []
    for k in range(4):
        (p, u), (q, v) = fitted[k - 1], fitted[k]
        matrix = np.array([[u[0], -v[0]], [u[1], -v[1]]])
        if abs(np.linalg.det(matrix)) < 1e-6:
            return None
        s, _ = np.linalg.solve(matrix, q - p)
        corners.append(p + s * u)
    return np.array(corners, dtype=np.float32)


def find_table_quad(grey: Grey, edges: PageEdges | None = None) -> Quad | None:
    """The outer frame of the largest ruled table as 4 corners (TL, TR, BR, BL) in `grey`'s
    pixels; None when there is no frame whose four sides are all ruled. `edges`: those of
    `grey` when already found (`page_edges`)."""
    edges = edges or page_edges(grey)
    lines, factor, shape = edges.lines, edges.factor, edges.shape
    drawn = np.zeros(shape, np.uint8)
    for x0, y0, x1, y1 in lines:
        cv2.line(drawn, (round(x0), round(y0)), (round(x1), round(y1)), 255, 3)
    drawn = cv2.dilate(drawn, np.ones((5, 5), np.uint8))
    reach = max(3, min(shape) // 60) | 1
    near = cv2.dilate(drawn, np.ones((reach, reach), np.uint8))
    count, labels = cv2.connectedComponents(drawn, connectivity=8)
    hulls = []
    for label in range(1, count):
        hull = cv2.convexHull(cv2.findNonZero((labels == label).astype(np.uint8)))
        hulls.append((cv2.contourArea(hull), hull))
    for area, hull in sorted(hulls, key=lambda item: -item[0]):
        if area < 0.15 * shape[0] * shape[1]:
            break
        rough = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(rough) != 4 or not cv2.isContourConvex(rough):
            continue
        quad = _refit_sides(_order_quad(rough.reshape(4, 2).astype(np.float32)), lines, 2.0 * reach)
        if quad is None or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
            continue
        if _side_support(near, quad) >= 0.75:
            return quad * np.float32(factor)
    return None


def correct_perspective(
    image: NDArray[np.uint8], edges: PageEdges | None = None
) -> tuple[NDArray[np.uint8], NDArray[np.float64] | None]:
    """Warp a photographed page so the table frame becomes an upright rectangle (`edges`:
    the page's, when already found).

    Returns the warped image (same size) and the 3x3 homography from input to output pixels,
    or the input unchanged and None when there is no confident frame or it is already an
    upright rectangle (every corner within 0.5% of the frame's size).
    """
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    quad = find_table_quad(grey, edges)
    if quad is None:
        return image, None
    top, right = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    bottom, left = np.linalg.norm(quad[2] - quad[3]), np.linalg.norm(quad[3] - quad[0])
    width, height = max(top, bottom), max(left, right)
    cx, cy = quad.mean(axis=0)
    x0, y0 = cx - width / 2, cy - height / 2
    target = np.array(
        [[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height]], dtype=np.float32
    )
    if np.abs(target - quad).max() < 0.005 * max(width, height):
        return image, None
    matrix = cv2.getPerspectiveTransform(quad, target).astype(np.float64)
    return warp_perspective(image, matrix), matrix


def warp_perspective(image: NDArray[np.uint8], matrix: NDArray[np.float64]) -> NDArray[np.uint8]:
    """The image warped by `matrix` onto an image of its own size, as `correct_perspective`
    warps a page (the review replays a saved warp through this too)."""
    # replicate the border: a flat fill would meet the page along a new, straight edge
    warped = cv2.warpPerspective(
        image,
        matrix,
        (image.shape[1], image.shape[0]),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return np.asarray(warped, dtype=np.uint8)
