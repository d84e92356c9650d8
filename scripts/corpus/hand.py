"""Handwriting in pen: a signature scrawl and a handwritten date, as ink-coverage masks.

Debian ships no handwriting font for Chinese, so the strokes are drawn: the date from
single-stroke skeletons of the digits and of 年/月/日 (jittered per character, slanted,
on a wandering baseline), the signature as cursive Catmull-Rom scribbles, two or three
character-sized clusters joined by ligatures. Pen pressure thins the stroke ends.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from scripts.corpus.imaging import Image

Points = NDArray[np.float64]
SUPERSAMPLE = 3

# Single-stroke skeletons: "advance: x,y x,y … / next stroke", in hundredths of the
# character height, x right and y down.
_GLYPH_SOURCE = {
    "0": "60: 32,2 8,30 10,80 32,99 52,72 50,20 30,2",
    "1": "35: 8,18 26,0 24,55 22,100",
    "2": "60: 5,25 28,0 52,15 44,48 6,98 30,93 58,96",
    "3": "58: 6,12 32,0 52,16 26,46 54,62 46,92 20,100 2,86",
    "4": "62: 42,0 3,68 60,66 / 44,30 42,100",
    "5": "58: 56,2 14,3 / 14,3 9,45 40,38 56,66 42,96 4,88",
    "6": "58: 50,0 16,36 6,78 26,100 52,84 44,55 10,64",
    "7": "58: 3,4 56,2 34,50 22,100",
    "8": "58: 50,12 28,0 8,16 28,44 54,66 42,98 10,94 10,66 48,36 48,12",
    "9": "58: 52,26 30,44 8,30 20,2 48,6 50,50 36,100",
    ".": "30: 10,92 16,97",
    "-": "45: 5,55 40,52",
    "年": "100: 34,0 12,30 / 24,16 84,12 / 30,42 74,38 / 30,40 30,64 / 4,64 96,60 / 56,14 56,100",
    "月": "90: 24,4 24,60 6,100 / 24,4 74,4 74,94 62,88 / 28,36 70,34 / 28,62 70,60",
    "日": "80: 12,4 12,96 / 12,4 70,4 70,96 / 16,50 66,48 / 16,93 66,92",
}


def _parse_glyph(source: str) -> tuple[float, list[Points]]:
    advance, strokes = source.split(":")
    return float(advance) / 100, [
        np.array([[float(v) / 100 for v in point.split(",")] for point in stroke.split()])
        for stroke in strokes.split("/")
    ]


_GLYPHS = {char: _parse_glyph(source) for char, source in _GLYPH_SOURCE.items()}


def catmull_rom(points: Points, samples: int = 10) -> Points:
    """A smooth curve through `points` (end points repeated as phantom neighbours)."""
    if len(points) < 2:
        return points
    padded = np.vstack([points[0], points, points[-1]])
    t = np.linspace(0, 1, samples, endpoint=False)[:, None]
    pieces = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        pieces.append(
            0.5
            * (
                (2 * p1)
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    pieces.append(points[-1:])
    return np.vstack(pieces)


def render_strokes(strokes: list[Points], width: float, rng: np.random.Generator) -> Image:
    """Ink coverage of pen strokes (coordinates in output pixels) on a tight canvas."""
    every = np.vstack(strokes)
    pad = width * 2 + 2
    origin = every.min(axis=0) - pad
    size = np.ceil(every.max(axis=0) + pad - origin).astype(int)
    canvas = np.zeros((size[1] * SUPERSAMPLE, size[0] * SUPERSAMPLE), np.float32)
    for stroke in strokes:
        curve = (catmull_rom(stroke) - origin) * SUPERSAMPLE
        n = len(curve)
        # pressure: thin where the pen lands and lifts, a little uneven in between
        base = np.sin(np.linspace(0.25, math.pi - 0.25, n)) ** 0.5
        pressure = base * rng.uniform(0.8, 1.1)
        for k in range(n - 1):
            thickness = max(1, round(width * SUPERSAMPLE * pressure[k]))
            a = (round(curve[k][0]), round(curve[k][1]))
            b = (round(curve[k + 1][0]), round(curve[k + 1][1]))
            cv2.line(canvas, a, b, 1.0, thickness, cv2.LINE_AA)
    small = cv2.resize(canvas, (int(size[0]), int(size[1])), interpolation=cv2.INTER_AREA)
    return np.asarray(np.clip(small * rng.uniform(0.85, 0.97), 0, 1), np.float32)


def _slant(points: Points, shear: float) -> Points:
    out = points.copy()
    out[:, 0] += shear * (points[:, 1].max() - points[:, 1])
    return out


def handwritten_text(text: str, height: float, rng: np.random.Generator) -> list[Points]:
    """Strokes of `text` (digits, . - 年 月 日), `height` pixels tall, hastily written."""
    strokes: list[Points] = []
    x, drift = 0.0, 0.0
    shear = rng.uniform(0.05, 0.3)
    for char in text:
        if char == " ":
            x += 0.4 * height
            continue
        advance, skeleton = _GLYPHS[char]
        scale = height * rng.uniform(0.88, 1.1) * (0.92 if char in "年月日" else 1.0)
        drift += rng.normal(0, 0.03 * height)
        for stroke in skeleton:
            points = stroke + rng.normal(0, 0.045, stroke.shape)
            strokes.append(points * scale + (x, drift + (height - scale)))
        x += advance * scale + rng.uniform(0.05, 0.2) * height
    return [_slant(s, shear) for s in strokes]


# Pen moves of running script (dx, dy ranges as shares of the character size) and weights.
_MOVES = {
    "down": ((-0.08, 0.08), (0.45, 0.85)),
    "up_right": ((0.08, 0.3), (-0.8, -0.4)),
    "across": ((0.28, 0.5), (-0.12, 0.12)),
    "back_left": ((-0.35, -0.18), (0.08, 0.3)),
}
_MOVE_WEIGHTS = {"down": 0.28, "up_right": 0.28, "across": 0.12, "back_left": 0.14, "loop": 0.18}


def _loop(at: Points, rng: np.random.Generator, size: float) -> list[Points]:
    radius = rng.uniform(0.12, 0.22) * size
    start = rng.uniform(0, 2 * math.pi)
    return [
        at + radius * np.array([math.cos(a) - math.cos(start), math.sin(a) - math.sin(start)])
        for a in start + np.linspace(0.9, 2 * math.pi, 4)
    ]


def _cursive_character(rng: np.random.Generator, left: float, size: float) -> list[Points]:
    """One character in running script: strokes down, up, across and small loops in one
    path, plus a detached cross-stroke, as fast Chinese signatures are written."""
    points = [np.array([left + rng.uniform(0, 0.2) * size, rng.uniform(0.05, 0.35) * size])]
    names = list(_MOVE_WEIGHTS)
    weights = np.array([_MOVE_WEIGHTS[n] for n in names])
    for _ in range(int(rng.integers(6, 11))):
        move = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        if move == "loop":
            points += _loop(points[-1], rng, size)
            continue
        (dx0, dx1), (dy0, dy1) = _MOVES[move]
        step = np.array([rng.uniform(dx0, dx1), rng.uniform(dy0, dy1)]) * size
        nxt = points[-1] + step
        nxt[1] = float(np.clip(nxt[1], 0.0, size))
        points.append(nxt)
    strokes = [np.asarray(points)]
    if rng.random() < 0.6:
        y = rng.uniform(0.15, 0.5) * size
        centre = float(np.mean([p[0] for p in points]))
        half = rng.uniform(0.2, 0.4) * size
        strokes.append(np.array([[centre - half, y], [centre + half, y - 0.08 * size]]))
    return strokes


def signature(height: float, rng: np.random.Generator) -> list[Points]:
    """A signature scrawl: 2–3 running-script characters, often joined, maybe a flourish."""
    strokes: list[Points] = []
    left = 0.0
    previous: int | None = None  # index of the last character's main path
    for _ in range(int(rng.integers(2, 4))):
        path, *rest = _cursive_character(rng, left, height)
        if previous is not None and rng.random() < 0.6:  # the pen did not lift: a ligature
            path = np.vstack([strokes[previous], path])
            strokes[previous] = path
        else:
            strokes.append(path)
            previous = len(strokes) - 1
        strokes[previous] = path
        strokes += rest
        left = float(path[:, 0].max()) + height * rng.uniform(0.05, 0.3)
    if previous is not None and rng.random() < 0.5:
        bend = np.array([[0, 0], [0.5, 0.3], [1.2, 0.15]]) * height * rng.uniform(0.6, 1.1)
        strokes.append(strokes[previous][-1] + bend)
    shear = rng.uniform(0.15, 0.4)
    return [_slant(s, shear) for s in strokes]


def pen_colour(rng: np.random.Generator) -> tuple[float, float, float]:
    """Blue-black, blue ballpoint or black gel ink."""
    options = ((28, 36, 92), (30, 58, 165), (28, 28, 34))
    base = options[int(rng.integers(0, len(options)))]
    return (float(base[0]), float(base[1]), float(base[2]))
