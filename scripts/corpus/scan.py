"""Flatbed scanner, photocopier and fax machine as functions of a page raster and an rng.

Each returns the output image (uint8; grey, RGB or boolean for 1-bit) and the parameters it
drew, `matrix` being the 3×3 map from the born-digital raster's pixels (at the profile's
dpi) to the output image's pixels.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from scripts.corpus.imaging import (
    Image,
    gaussian_blur,
    jpeg_roundtrip,
    matrix_list,
    print_on_paper,
    rotate_small,
    sensor_noise,
    smooth_field,
    speckles,
    to_uint8,
)

MONO_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
Params = dict[str, Any]


def printed_page(raster: NDArray[np.uint8], rng: np.random.Generator, colour: bool) -> Image:
    """The laser-printed sheet: near-black toner on off-white, slightly warm paper."""
    paper, ink = float(rng.uniform(238, 250)), float(rng.uniform(18, 42))
    tint = (1.0, float(rng.uniform(0.985, 1.0)), float(rng.uniform(0.95, 0.99)))
    return print_on_paper(raster, rng, paper=paper, ink=ink, tint=tint if colour else None)


def _sheet_edges(page: Image, rng: np.random.Generator) -> list[str]:
    """The sheet's own edges cast a thin grey shadow on the scanner glass."""
    height, width = page.shape[:2]
    band = int(rng.integers(2, 7))
    shade = np.ones((height, width), np.float32)
    sides = [side for side in ("top", "bottom", "left", "right") if rng.random() < 0.5]
    cuts = {
        "top": (slice(0, band), slice(None)),
        "bottom": (slice(height - band, None), slice(None)),
        "left": (slice(None), slice(0, band)),
        "right": (slice(None), slice(width - band, None)),
    }
    for side in sides:
        shade[cuts[side]] = float(rng.uniform(0.6, 0.85))
    shade = gaussian_blur(shade, band / 2)
    page *= shade if page.ndim == 2 else shade[..., None]
    return sides


def scan(page: Image, rng: np.random.Generator, max_skew: float = 2.0) -> tuple[Image, Params]:
    """Office flatbed: the sheet lies skewed on the glass, optics blur, sensor noise,
    automatic levels, JPEG."""
    edges = _sheet_edges(page, rng)
    skew = float(rng.uniform(-max_skew, max_skew))
    lid = float(rng.uniform(238, 250))  # the white scanner lid shows where the sheet is not
    image, matrix = rotate_small(page, skew, lid)
    blur = float(rng.uniform(0.55, 0.95))
    noise = float(rng.uniform(2.0, 4.5))
    quality = int(rng.integers(55, 80))
    image = sensor_noise(gaussian_blur(image, blur), rng, noise)
    # automatic levels: the paper goes (almost) white, per channel so its tint fades, and
    # the toner is stretched towards black
    channels = image.shape[2] if image.ndim == 3 else 1
    paper = np.median(image[::8, ::8].reshape(-1, channels), axis=0)
    white = paper - float(rng.uniform(0.5, 2.5)) * noise
    black = float(rng.uniform(15, 35))
    image = (image - black) * (255.0 / (white - black)).astype(np.float32)
    image = jpeg_roundtrip(np.clip(image, 0, 255), quality)
    params = {
        "skew_deg": round(skew, 4),
        "sheet_edges": edges,
        "blur_sigma": round(blur, 3),
        "noise_sigma": round(noise, 3),
        "jpeg_quality": quality,
        "matrix": matrix_list(matrix),
    }
    return image, params


def _toner(coverage: Image, rng: np.random.Generator) -> tuple[Image, str]:
    """Copier toner: strokes spread (thickened), spread until the small counters of dense
    characters fill (filled), or drop out in patches (broken)."""
    draw = rng.random()
    if draw < 0.35:
        kernel = np.ones((2, 2), np.uint8) if rng.random() < 0.6 else np.ones((3, 3), np.uint8)
        return np.asarray(cv2.erode(coverage, kernel), dtype=np.float32), "thickened"
    if draw < 0.6:
        # closing the ink: gaps of a pixel or two fill, strokes keep their width
        kernel = np.ones((2, 2), np.uint8) if rng.random() < 0.6 else np.ones((3, 3), np.uint8)
        filled = cv2.dilate(cv2.erode(coverage, kernel), kernel)
        return np.asarray(filled, dtype=np.float32), "filled"
    patches = smooth_field(coverage.shape, rng, cells=48)
    grain = rng.random(coverage.shape, dtype=np.float32)
    dropout = np.clip((patches - 0.15) * 2.5, 0, 1) * (grain < 0.55)
    return np.asarray(np.maximum(coverage, dropout * 0.85), dtype=np.float32), "broken"


def _toner_scatter(coverage: Image, rng: np.random.Generator) -> tuple[Image, float]:
    """Fine toner speckle: dots of a pixel or two, densest right beside the strokes (toner
    the drum throws off the print, which a recogniser reads as a colon, a quote or a bracket
    next to the text) and sparse over the whole sheet. Returns the sheet and the density at
    a stroke's edge."""
    height, width = coverage.shape
    near = gaussian_blur(1.0 - coverage, float(rng.uniform(2.0, 4.5)))
    near /= max(float(near.max()), 1e-6)
    density = float(rng.uniform(0.015, 0.07))
    chance = density * near + float(rng.uniform(2e-5, 2e-4))
    dots = (rng.random((height, width), dtype=np.float32) < chance).astype(np.uint8)
    grown = cv2.dilate(dots, np.ones((2, 2), np.uint8))
    wide = rng.random((height, width), dtype=np.float32) < 0.35
    dots = np.where(wide, grown, dots).astype(np.float32)
    darkness = rng.uniform(0.6, 1.0, (height, width)).astype(np.float32)
    return np.minimum(coverage, 1.0 - dots * darkness), round(density, 4)


def _dark_border(image: Image, rng: np.random.Generator) -> tuple[Image, list[str]]:
    """The copier's lid edge: black bands with ragged inner edges along one or two sides."""
    height, width = image.shape
    sides = [str(s) for s in rng.choice(["top", "bottom", "left", "right"], 2, replace=False)]
    sides = sides[: int(rng.integers(1, 3))]
    for side in sides:
        horizontal = side in ("top", "bottom")
        length, across = (width, height) if horizontal else (height, width)
        depth = float(rng.uniform(12, 40))
        along = np.arange(length, dtype=np.float32)
        ragged = depth + 6 * np.sin(along / length * rng.uniform(3, 9) + rng.uniform(0, 6))
        distance = np.arange(across, dtype=np.float32)
        if side in ("bottom", "right"):
            distance = distance[::-1]
        # rows × columns of (distance from the edge − ragged depth), for this side
        inside = (
            distance[:, None] - ragged[None, :]
            if horizontal
            else (distance[None, :] - ragged[:, None])
        )
        shade = 1.0 - np.exp(-np.maximum(inside, 0) / 25.0) * 0.55
        image = np.where(inside < 0, np.float32(rng.uniform(15, 45)), image * shade)
    return np.asarray(image, np.float32), sides


def _faint_lines(image: Image, rng: np.random.Generator) -> tuple[Image, int]:
    """Scratches on the drum: thin grey lines across the whole sheet."""
    count = int(rng.integers(1, 5))
    height, width = image.shape
    for _ in range(count):
        darkness = float(rng.uniform(25, 70))
        thickness = int(rng.integers(1, 3))
        profile = 0.6 + 0.4 * smooth_field((1, max(height, width)), rng, cells=8)[0]
        if rng.random() < 0.7:
            x = int(rng.integers(0, width - thickness))
            image[:, x : x + thickness] -= darkness * profile[:height, None]
        else:
            y = int(rng.integers(0, height - thickness))
            image[y : y + thickness, :] -= darkness * profile[None, :width]
    return image, count


def photocopy(
    raster: NDArray[np.uint8], rng: np.random.Generator, *, binarized: bool
) -> tuple[NDArray[Any], Params]:
    coverage, toner = _toner(raster.astype(np.float32) / 255.0, rng)
    coverage, scatter = _toner_scatter(coverage, rng)
    paper, ink = float(rng.uniform(222, 242)), float(rng.uniform(8, 30))
    haze = 6.0 * smooth_field(coverage.shape, rng, cells=5)
    image = (ink + (paper + haze - ink) * coverage).astype(np.float32)
    skew = float(rng.uniform(-1.0, 1.0))
    image, matrix = rotate_small(image, skew, paper)
    image, lines = _faint_lines(image, rng)
    image, sides = _dark_border(image, rng)
    dots = speckles(coverage.shape, rng, int(rng.integers(150, 900)), 2.2)
    image = image * (1.0 - dots * 0.9)
    image = sensor_noise(gaussian_blur(image, 0.6), rng, 3.0)
    params: Params = {
        "toner": toner,
        "toner_scatter": scatter,
        "binarized": binarized,
        "faint_lines": lines,
        "dark_border": sides,
        "skew_deg": round(skew, 4),
        "matrix": matrix_list(matrix),
    }
    if binarized:
        return image > rng.uniform(110, 150), params
    return to_uint8(image), params


def _fax_header(image: Image, rng: np.random.Generator, text: str) -> None:
    """The sending machine's TTI line, printed into the top margin."""
    height, width = image.shape
    size = max(9, round(width / 95))
    font = ImageFont.truetype(MONO_FONT, size)
    strip = PILImage.new("L", (width, size * 2), 255)
    ImageDraw.Draw(strip).text((int(width * 0.04), size // 3), text, font=font, fill=0)
    band = np.asarray(strip, np.float32)
    top = int(rng.integers(2, 6))
    rows = min(band.shape[0], height - top)
    image[top : top + rows] = np.minimum(image[top : top + rows], band[:rows])


def _line_errors(image: Image, rng: np.random.Generator) -> int:
    """Transmission errors: a few scan lines lost (white) or smeared sideways."""
    count = int(rng.integers(0, 4))
    for _ in range(count):
        y = int(rng.integers(0, image.shape[0]))
        if rng.random() < 0.5:
            image[y] = 255.0
        else:
            image[y] = np.roll(image[y], int(rng.integers(-6, 7)))
    return count


def fax(
    raster: NDArray[np.uint8], rng: np.random.Generator, header: str
) -> tuple[NDArray[np.bool_], Params]:
    """Fax in photo mode: low resolution, Floyd–Steinberg dithered to 1 bit. Half the sheets
    sent are themselves copies, with the copier's toner scatter beside the strokes."""
    scatter = 0.0
    if rng.random() < 0.5:
        coverage, scatter = _toner_scatter(raster.astype(np.float32) / 255.0, rng)
        raster = to_uint8(coverage * 255.0)
    paper, ink = float(rng.uniform(238, 250)), float(rng.uniform(0, 30))
    image = print_on_paper(raster, rng, paper=paper, ink=ink)
    skew = float(rng.uniform(-1.2, 1.2))
    image, matrix = rotate_small(image, skew, 255.0)
    noise = float(rng.uniform(3.0, 5.0))
    image = sensor_noise(gaussian_blur(image, float(rng.uniform(0.3, 0.6))), rng, noise)
    # the fax scanner's high-contrast setting: paper clips to white, so the dither works
    # on stroke edges and grey print, not on the whole background
    white = paper - 2.5 * noise
    image = (image - ink) * (255.0 / (white - ink))
    _fax_header(image, rng, header)
    errors = _line_errors(image, rng)
    dithered = PILImage.fromarray(to_uint8(image)).convert("1")  # Floyd–Steinberg
    params: Params = {
        "dithering": "floyd-steinberg",
        "toner_scatter": scatter,
        "line_errors": errors,
        "header": header,
        "skew_deg": round(skew, 4),
        "matrix": matrix_list(matrix),
    }
    return np.asarray(dithered, dtype=bool), params
