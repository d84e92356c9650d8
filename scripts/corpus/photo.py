"""A phone photo of the printed page: perspective, curl, uneven light, the desk around it.

The output pixel q shows the page pixel p found backwards: p' = H⁻¹·q (H, the recorded
`homography`, maps the flat page's pixels to the photo's), then p = p' − c(p') where c is
the curl field recorded under `curl` (see `curl_offset`). `corners` are where the page's
corners (0,0), (w−1,0), (w−1,h−1), (0,h−1) land in the photo, curl included.
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from scripts.corpus.imaging import (
    Image,
    gaussian_blur,
    jpeg_roundtrip,
    matrix_list,
    sensor_noise,
    smooth_field,
    to_uint8,
)
from scripts.corpus.scan import printed_page

Floats = NDArray[np.float64]
EDGES = ("top", "right", "bottom", "left")
BACKGROUNDS = {  # mean RGB of the surface the page lies on
    "wood_desk": (128.0, 92.0, 62.0),
    "dark_cloth": (42.0, 62.0, 66.0),
    "grey_desk": (150.0, 150.0, 146.0),
    "black_desk": (34.0, 33.0, 36.0),
}


def curl_offset(x: Floats, y: Floats, curl: dict[str, float]) -> tuple[Floats, Floats]:
    """c(p): a bow of every horizontal line plus one edge lifted off the desk.

    dy = bow·sin(π·u + phase)·(0.5 + 0.5·v) and, near the lifted edge (u beyond 0.7 on
    the `edge` side, 1 = right), dx = lift·s², dy += 0.5·lift·s²; u = x/w, v = y/h, s the
    distance into the edge zone as a share of it.
    """
    u, v = x / curl["width"], y / curl["height"]
    dy = curl["bow_px"] * np.sin(math.pi * u + curl["phase"]) * (0.5 + 0.5 * v)
    into = u if curl["edge"] > 0 else 1.0 - u
    s = np.clip((into - 0.7) / 0.3, 0.0, 1.0)
    dx = curl["edge"] * curl["lift_px"] * s**2
    return dx, dy + 0.5 * curl["lift_px"] * s**2


def _forward(point: tuple[float, float], h: Floats, curl: dict[str, float]) -> list[float]:
    """Where a page pixel lands: solve p' − c(p') = p by fixed-point iteration, apply H."""
    px, py = np.array(point[0]), np.array(point[1])
    qx, qy = px.copy(), py.copy()
    for _ in range(20):
        dx, dy = curl_offset(qx, qy, curl)
        qx, qy = px + dx, py + dy
    out = h @ np.array([float(qx), float(qy), 1.0])
    return [round(float(out[0] / out[2]), 2), round(float(out[1] / out[2]), 2)]


def _frame(page_w: int, page_h: int, rng: np.random.Generator) -> tuple[int, int]:
    """A 4:3 photo in the page's orientation, the page filling most of it."""
    long_side = max(page_w, page_h) * rng.uniform(1.1, 1.2)
    short_side = max(long_side * 3 / 4, min(page_w, page_h) * 1.08)
    if page_w > page_h:
        return round(long_side), round(short_side)
    return round(short_side), round(long_side)


def _homography(
    page_w: int, page_h: int, frame: tuple[int, int], rng: np.random.Generator
) -> tuple[Floats, dict[str, Any]]:
    """The page placed in the frame: a keystone (one edge further from the lens, so
    shorter), corner jitter, a small tilt and an off-centre position."""
    fw, fh = frame
    scale = min(fw / page_w, fh / page_h) * rng.uniform(0.86, 0.93)
    half = np.array([page_w, page_h]) * scale / 2
    rect = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float64) * half
    keystone = rng.uniform(0.02, 0.07)  # the far edge looks shorter
    far = int(rng.integers(0, 4))  # index into EDGES
    pairs = ((0, 1), (1, 2), (2, 3), (3, 0))[far]
    for index in pairs:
        rect[index] -= rect[index] * np.array([1, 0] if far in (0, 2) else [0, 1]) * keystone
    rect += rng.normal(0, 0.01, rect.shape) * half
    angle = math.radians(rng.uniform(-5, 5))
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    centre = np.array([fw / 2, fh / 2]) + rng.normal(0, 0.015, 2) * np.array([fw, fh])
    dst = (rect @ turn.T + centre).astype(np.float32)
    src = np.array([[0, 0], [page_w - 1, 0], [page_w - 1, page_h - 1], [0, page_h - 1]])
    h = cv2.getPerspectiveTransform(src.astype(np.float32), dst)
    geometry = {
        "keystone": round(keystone, 4),
        "far_edge": EDGES[far],
        "tilt_deg": round(math.degrees(angle), 3),
    }
    return h.astype(np.float64), geometry


def _background(frame: tuple[int, int], rng: np.random.Generator) -> tuple[Image, str]:
    names = sorted(BACKGROUNDS)
    name = names[int(rng.integers(0, len(names)))]
    fw, fh = frame
    base = np.asarray(BACKGROUNDS[name], np.float32)
    shade = 1.0 + 0.12 * smooth_field((fh, fw), rng, cells=3)
    streaks = rng.standard_normal((max(2, fh // 3), max(2, fw // 60))).astype(np.float32)
    grain = cv2.resize(streaks, (fw, fh), interpolation=cv2.INTER_LINEAR)
    texture = shade * (1.0 + 0.05 * grain)
    return np.asarray(texture[..., None] * base, np.float32), name


def _lighting(frame: tuple[int, int], rng: np.random.Generator) -> tuple[Image, dict[str, Any]]:
    """Illumination: a gradient, vignetting, low-frequency blotches, maybe a soft shadow."""
    fw, fh = frame
    u = (np.arange(fw, dtype=np.float32) / fw - 0.5)[None, :]
    v = (np.arange(fh, dtype=np.float32) / fh - 0.5)[:, None]
    angle = rng.uniform(0, 2 * math.pi)
    gradient = float(rng.uniform(0.1, 0.3))
    vignette = float(rng.uniform(0.1, 0.3))
    light = 1.0 - gradient * (0.5 + u * math.cos(angle) + v * math.sin(angle))
    light = light - vignette * 2 * (u**2 + v**2) + 0.04 * smooth_field((fh, fw), rng, cells=4)
    shadow = bool(rng.random() < 0.4)
    if shadow:  # the phone's or the hand's soft shadow across the upper part of the frame
        edge = rng.uniform(-0.3, 0.1) + 0.25 * u * rng.normal()
        light = light * (1.0 - 0.25 / (1.0 + np.exp((v - edge) * 25.0)))
    cast = (1.0, float(rng.uniform(0.96, 1.0)), float(rng.uniform(0.85, 0.97)))
    described = {
        "gradient": round(gradient, 3),
        "vignette": round(vignette, 3),
        "shadow": shadow,
        "white_balance": [round(c, 3) for c in cast],
    }
    return np.asarray(light[..., None] * np.asarray(cast, np.float32), np.float32), described


def _source_maps(
    frame: tuple[int, int], h: Floats, curl: dict[str, float], step: int = 8
) -> tuple[Image, Image]:
    """For every photo pixel, the page pixel it shows (see the module docstring).

    The maps are smooth, so they are computed every `step` pixels and resized; samples sit
    at step·k + (step − 1)/2, where cv2.resize's pixel-centre convention puts them.
    """
    fw, fh = frame
    nx, ny = -(-fw // step), -(-fh // step)
    qx = (np.arange(nx) * step + (step - 1) / 2)[None, :]
    qy = (np.arange(ny) * step + (step - 1) / 2)[:, None]
    inverse = np.linalg.inv(h)
    den = inverse[2, 0] * qx + inverse[2, 1] * qy + inverse[2, 2]
    px = (inverse[0, 0] * qx + inverse[0, 1] * qy + inverse[0, 2]) / den
    py = (inverse[1, 0] * qx + inverse[1, 1] * qy + inverse[1, 2]) / den
    dx, dy = curl_offset(px, py, curl)
    size = (nx * step, ny * step)
    map_x = cv2.resize((px - dx).astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
    map_y = cv2.resize((py - dy).astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
    return map_x[:fh, :fw], map_y[:fh, :fw]


def photograph(
    raster: NDArray[np.uint8], rng: np.random.Generator
) -> tuple[NDArray[Any], dict[str, Any]]:
    page = printed_page(raster, rng, colour=True)
    page_h, page_w = raster.shape
    frame = _frame(page_w, page_h, rng)
    h, geometry = _homography(page_w, page_h, frame, rng)
    curl = {
        "width": float(page_w),
        "height": float(page_h),
        "bow_px": round(float(rng.uniform(0.004, 0.012) * page_h * rng.choice([-1, 1])), 3),
        "phase": round(float(rng.uniform(-0.4, 0.4)), 4),
        "edge": float(rng.choice([-1.0, 1.0])),
        "lift_px": round(float(rng.uniform(0.004, 0.015) * page_w), 3),
    }
    map_x, map_y = _source_maps(frame, h, curl)
    warped = cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    ones = np.ones((page_h, page_w), np.float32)
    mask = cv2.remap(ones, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    background, surface = _background(frame, rng)
    cast_shadow = gaussian_blur(np.roll(mask, (6, 4), axis=(0, 1)), 8.0)
    background *= (1.0 - 0.45 * cast_shadow)[..., None]
    mask3 = mask[..., None]
    image = (warped - background) * mask3 + background
    light, lighting = _lighting(frame, rng)
    image = gaussian_blur(image * light, float(rng.uniform(0.6, 1.1)))
    quality = int(rng.integers(72, 90))
    image = jpeg_roundtrip(sensor_noise(image, rng, float(rng.uniform(2.5, 5.0))), quality)
    corners = [(0.0, 0.0), (page_w - 1.0, 0.0), (page_w - 1.0, page_h - 1.0), (0.0, page_h - 1.0)]
    params = {
        "homography": matrix_list(h),
        "curl": curl,
        "corners": [_forward(c, h, curl) for c in corners],
        "geometry": geometry,
        "background": surface,
        "lighting": lighting,
        "jpeg_quality": quality,
    }
    return to_uint8(image), params
