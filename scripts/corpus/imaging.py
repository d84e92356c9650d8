"""Image primitives shared by the degradation profiles: paper, ink, optics, sensor, codecs.

Images are float32 arrays in [0, 255], (H, W) grey or (H, W, 3) RGB; every random choice
comes from the numpy Generator passed in, so a page is a pure function of (raster, rng).
Geometric helpers return the 3×3 matrix that maps source pixel coordinates (x right, y
down, pixel centres at integers) to output pixel coordinates, for the manifest.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.float32]
Matrix = NDArray[np.float64]


def smooth_field(shape: tuple[int, int], rng: np.random.Generator, cells: int = 6) -> Image:
    """Low-frequency noise in [-1, 1]: a coarse random grid upsampled bicubically."""
    height, width = shape
    coarse = rng.standard_normal((cells, cells)).astype(np.float32)
    # bicubic to a small grid, then bilinear: as smooth, and 4× cheaper than one big bicubic
    middle = cv2.resize(coarse, (min(width, 64), min(height, 64)), interpolation=cv2.INTER_CUBIC)
    field = cv2.resize(middle, (width, height), interpolation=cv2.INTER_LINEAR)
    peak = float(np.abs(field).max()) or 1.0
    return np.asarray(field / peak, dtype=np.float32)


def print_on_paper(
    raster: NDArray[np.uint8],
    rng: np.random.Generator,
    *,
    paper: float,
    ink: float,
    tint: tuple[float, float, float] | None = None,
) -> Image:
    """Map the white-background raster to toner `ink` on slightly uneven `paper`."""
    coverage = raster.astype(np.float32) * np.float32(1 / 255)
    sheet = smooth_field(raster.shape[:2], rng, cells=4) * np.float32(0.015 * paper)
    sheet += np.float32(paper - ink)
    page = coverage * sheet + np.float32(ink)
    if tint is None:
        return np.asarray(page, dtype=np.float32)
    return np.asarray(page[..., None] * np.asarray(tint, np.float32), dtype=np.float32)


def multiply(image: Image, alpha: Image, colour: tuple[float, float, float]) -> Image:
    """Multiply-blend a coloured ink layer: print under the ink stays visible."""
    rgb = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    filt = 1.0 - alpha[..., None] * (1.0 - np.asarray(colour, np.float32) / 255.0)
    return np.asarray(rgb * filt, dtype=np.float32)


def gaussian_blur(image: Image, sigma: float) -> Image:
    if sigma <= 0:
        return image
    size = 2 * int(np.ceil(2.5 * sigma)) + 1  # ±2.5σ holds 99 % of the kernel's weight
    return np.asarray(cv2.GaussianBlur(image, (size, size), sigma), dtype=np.float32)


def sensor_noise(image: Image, rng: np.random.Generator, sigma: float) -> Image:
    """Gaussian luminance noise, the same on every channel (a scanner's noise is mostly
    luminance). OpenCV's generator, seeded from `rng`, is 4× faster than numpy's."""
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    noise = np.empty(image.shape[:2], np.float32)
    cv2.randn(noise, np.zeros(1), np.full(1, float(sigma)))
    if image.ndim == 3:
        return np.asarray(image + noise[..., None], dtype=np.float32)
    return np.asarray(image + noise, dtype=np.float32)


def to_uint8(image: Image) -> NDArray[np.uint8]:
    rounded = image + np.float32(0.5)
    return np.clip(rounded, 0, 255, out=rounded).astype(np.uint8)


def jpeg_roundtrip(image: Image, quality: int) -> Image:
    """The artefacts of the scanner's own JPEG encoder."""
    data = to_uint8(image)
    colour = data.ndim == 3
    bgr = cv2.cvtColor(data, cv2.COLOR_RGB2BGR) if colour else data
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    decoded = cv2.imdecode(encoded, cv2.IMREAD_UNCHANGED) if ok else None
    if decoded is None:  # pragma: no cover - OpenCV always encodes a valid uint8 array
        return image
    rgb = cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB) if colour else decoded
    return np.asarray(rgb, dtype=np.float32)


def homogeneous(affine: Any) -> Matrix:
    return np.vstack([np.asarray(affine, np.float64), [0.0, 0.0, 1.0]])


def rotate_small(image: Image, degrees: float, fill: float) -> tuple[Image, Matrix]:
    """Rotate about the centre by `degrees` (counter-clockwise as displayed), same size."""
    height, width = image.shape[:2]
    affine = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), degrees, 1.0)
    border = (fill, fill, fill) if image.ndim == 3 else fill
    rotated = cv2.warpAffine(
        image,
        affine,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
    return np.asarray(rotated, dtype=np.float32), homogeneous(affine)


def rotate_quarter(image: NDArray[np.uint8], degrees: int) -> tuple[NDArray[np.uint8], Matrix]:
    """Turn by 90, 180 or 270 degrees counter-clockwise (as displayed)."""
    turns = (degrees // 90) % 4
    height, width = image.shape[:2]
    matrix = np.eye(3)
    for _ in range(turns):
        # np.rot90 sends (x, y) to (y, w - 1 - x), w being the current width
        step = np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, width - 1.0], [0.0, 0.0, 1.0]])
        matrix = step @ matrix
        height, width = width, height
    return np.ascontiguousarray(np.rot90(image, turns)), matrix


def speckles(
    shape: tuple[int, int], rng: np.random.Generator, count: int, max_radius: float
) -> Image:
    """A mask (0..1) of small dark dots: toner dust, dirt on the glass."""
    mask = np.zeros(shape, np.float32)
    ys = rng.integers(0, shape[0], count)
    xs = rng.integers(0, shape[1], count)
    radii = rng.uniform(0.5, max_radius, count)
    for x, y, r in zip(xs, ys, radii, strict=True):
        cv2.circle(mask, (int(x), int(y)), max(1, round(float(r))), 1.0, -1, cv2.LINE_AA)
    return mask


def matrix_list(matrix: Matrix) -> list[list[float]]:
    """JSON-ready rows; 12 significant digits, as perspective terms are tiny (≈1e-5)."""
    return [[float(f"{v:.12g}") for v in row] for row in matrix]
