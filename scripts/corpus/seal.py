"""A red official seal (公章) as an ink-coverage mask: rim, unit name along the arc, star.

Geometry follows the usual 42 mm government seal: a rim about 3.5 % of the diameter wide,
the unit name upright along the upper arc (characters squeezed sideways when the name is
long), a five-pointed star in the centre, optionally a horizontal label under the star
(财务专用章 …) and a serial number along the bottom arc. Real stamps print unevenly: the
mask carries a pressure gradient, mottling and small dropouts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from scripts.corpus.imaging import Image, smooth_field

SEAL_FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"
LABELS = ("财务专用章", "预算专用章", "业务专用章")
SUPERSAMPLE = 2


@dataclass(frozen=True)
class SealSpec:
    name: str
    diameter_px: int
    rotation_deg: float
    label: str | None
    serial: str | None


def _glyph(char: str, width: int, height: int, stroke: int) -> PILImage.Image:
    """One character as a white-on-black tile, squeezed to `width` × `height`."""
    font = ImageFont.truetype(SEAL_FONT, height)
    tile = PILImage.new("L", (height, height), 0)
    draw = ImageDraw.Draw(tile)
    draw.text(
        (height / 2, height / 2),
        char,
        font=font,
        fill=255,
        anchor="mm",
        stroke_width=stroke,
        stroke_fill=255,
    )
    return tile.resize((max(1, width), height), PILImage.Resampling.LANCZOS)


def _arc_text(
    canvas: PILImage.Image,
    text: str,
    radius: float,
    height: int,
    span_deg: float,
    *,
    bottom: bool,
    stroke: int,
) -> None:
    """Characters upright along an arc: tops outward on the upper arc, inward at the bottom."""
    centre = canvas.width / 2
    n = len(text)
    span = math.radians(span_deg)
    width = min(height, int(radius * span / n * 0.92))
    for i, char in enumerate(text):
        offset = (i + 0.5) * span / n - span / 2
        theta = math.pi + (-offset) if bottom else offset  # clockwise from 12 o'clock
        tile = _glyph(char, width, height, stroke)
        turn = math.degrees(theta - math.pi) if bottom else math.degrees(theta)
        tile = tile.rotate(-turn, resample=PILImage.Resampling.BICUBIC, expand=True)
        x = centre + radius * math.sin(theta) - tile.width / 2
        y = centre - radius * math.cos(theta) - tile.height / 2
        canvas.paste(255, (round(x), round(y)), tile)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = -math.pi / 2 + k * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(points, fill=255)


def seal_shape(spec: SealSpec) -> Image:
    """Crisp coverage (0..1) of the seal, upright, in a square of side ≈ 1.05 × diameter."""
    d = spec.diameter_px * SUPERSAMPLE
    side = int(d * 1.05)
    canvas = PILImage.new("L", (side, side), 0)
    draw = ImageDraw.Draw(canvas)
    c, r = side / 2, d / 2
    rim = max(2, round(d * 0.036))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=rim)
    stroke = max(1, round(d * 0.004))
    name = "".join(spec.name.split())
    name_height = round(d * 0.15)
    span = min(235.0 if spec.serial else 265.0, max(150.0, len(name) * 26.0))
    _arc_text(
        canvas,
        name,
        r - rim - d * 0.02 - name_height / 2,
        name_height,
        span,
        bottom=False,
        stroke=stroke,
    )
    _star(draw, c, c - (d * 0.03 if spec.label else 0.0), d * 0.16)
    if spec.label:
        font = ImageFont.truetype(SEAL_FONT, round(d * 0.1))
        draw.text(
            (c, c + r * 0.5),
            spec.label,
            font=font,
            fill=255,
            anchor="mm",
            stroke_width=stroke,
            stroke_fill=255,
        )
    if spec.serial:
        serial_height = round(d * 0.065)
        _arc_text(
            canvas,
            spec.serial,
            r - rim - d * 0.015 - serial_height / 2,
            serial_height,
            min(95.0, len(spec.serial) * 7.0),
            bottom=True,
            stroke=max(1, stroke // 2),
        )
    shape = np.asarray(canvas, np.float32) / 255.0
    size = round(side / SUPERSAMPLE)
    return np.asarray(cv2.resize(shape, (size, size), interpolation=cv2.INTER_AREA), np.float32)


def inked_seal(spec: SealSpec, rng: np.random.Generator) -> Image:
    """The stamped impression: rotated, unevenly inked, slightly bled."""
    shape = seal_shape(spec)
    side = shape.shape[0]
    turn = cv2.getRotationMatrix2D(((side - 1) / 2, (side - 1) / 2), spec.rotation_deg, 1.0)
    shape = np.asarray(cv2.warpAffine(shape, turn, (side, side), flags=cv2.INTER_LINEAR))
    ys, xs = np.mgrid[0:side, 0:side].astype(np.float32) / side - 0.5
    angle = rng.uniform(0, 2 * math.pi)
    pressure = 0.78 + 0.44 * (xs * math.cos(angle) + ys * math.sin(angle))
    mottling = 0.82 + 0.18 * smooth_field((side, side), rng, cells=14)
    # ink starved in small blotches, not salt-and-pepper: blurred noise, thresholded low
    grain = cv2.GaussianBlur(rng.random((side, side), dtype=np.float32), (0, 0), 1.6)
    z = (grain - grain.mean()) / (grain.std() or 1.0)
    dropout = np.clip(0.5 + (z + 1.7) * 0.8, 0.3, 1.0).astype(np.float32)
    ink = shape * np.clip(pressure, 0.35, 1.0) * mottling * dropout
    ink = cv2.GaussianBlur(ink, (0, 0), 0.55)
    return np.asarray(np.clip(ink * rng.uniform(0.86, 0.96), 0, 1), np.float32)


def seal_colour(rng: np.random.Generator) -> tuple[float, float, float]:
    return (float(rng.uniform(200, 228)), float(rng.uniform(20, 55)), float(rng.uniform(35, 70)))
