"""A leading ≥ / ≤ told by the connected components of a line's first glyph: an angle (two arms
meeting at one side) with a bar beneath it, separate or joined to it by blur. This is the check
for sharp print; `signs` adds the one for print blur has thickened, and decides between them.
"""

from __future__ import annotations

import cv2
import numpy as np

from declform.extract.ocr.textlines import components, ink_mask

# Below an angle's tip, a bar beneath it shows as this many times the ink above the tip.
BAR_INK_RATIO = 1.5
_BAR_MIN_HEIGHT = 12
# Toner specks: components whose longest side is under this share of the line's tallest one. A
# ≥'s bar is half the sign's width, a decimal point never comes first; a speck left of a sign
# would otherwise be taken for the line's first glyph.
SPECK_SHARE = 0.3
_ARM_END = 0.5  # an angle's top row, the end of its upper arm, is no wider than this share
_BLUR_BELOW_BAR = 2  # rows of a fax's blur a joined bar may carry beneath it


def glyph_parts(count: int, stats: np.ndarray) -> list[int]:
    """The labels of a line's components that may be glyphs or parts of one: not specks."""
    parts = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 4]
    if not parts:
        return parts
    tallest = max(int(stats[i, cv2.CC_STAT_HEIGHT]) for i in parts)
    return [
        i
        for i in parts
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) >= SPECK_SHARE * tallest
    ]


def _first_glyph(mask: np.ndarray) -> np.ndarray | None:
    """The pixels of the line's first glyph (its leftmost component and those under it)."""
    count, labels, stats = components(mask)
    parts = glyph_parts(count, stats)
    if not parts:
        return None
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    return np.isin(labels, glyph)


def bar_beneath(line: np.ndarray, points_right: bool) -> bool:
    """Whether the first glyph, an angle, has a bar beneath it: the angle's two arms carry
    about as much ink each, so below its tip (the rows reaching farthest out on the side it
    points to) a bar, flat or slanted, joined or not, shows as extra ink."""
    glyph = _first_glyph(ink_mask(line))
    if glyph is None:
        return False
    rows = np.flatnonzero(glyph.any(axis=1))
    top, bottom = rows[0], rows[-1]
    if bottom - top < _BAR_MIN_HEIGHT:  # too few rows to place a tip (a fax's small print)
        return False
    oriented = glyph[top : bottom + 1] if points_right else glyph[top : bottom + 1, ::-1]
    inked = oriented.any(axis=1)
    reach = np.where(inked, oriented.shape[1] - 1 - np.argmax(oriented[:, ::-1], axis=1), -1)
    # the first run of rows reaching farthest out from the top: a merged bar may reach as far
    far = np.flatnonzero(reach == reach.max())
    run = far[: int(np.argmax(np.diff(far, append=far[-1] + 2) > 1)) + 1]
    ink = oriented.sum(axis=1)
    above, below = int(ink[: run[0]].sum()), int(ink[run[-1] + 1 :].sum())
    return below > BAR_INK_RATIO * max(1, above)


def sign_by_shape(line: np.ndarray) -> str | None:
    mask = ink_mask(line)
    count, labels, stats = components(mask)
    parts = glyph_parts(count, stats)
    if not parts:
        return None
    rows = np.flatnonzero(np.isin(labels, parts).any(axis=1))
    height = rows[-1] - rows[0] + 1
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    # a sign before figures, or a sign alone in its cell (an operator column's ≥)
    if len(parts) < 3 and len(glyph) != len(parts):
        return None
    angle = max(glyph, key=lambda i: stats[i, cv2.CC_STAT_HEIGHT])
    ax, ay, aw, ah, _ = stats[angle]
    if not (ah >= 0.3 * height and 0.2 * height <= aw <= height):
        return None
    bars = [
        i
        for i in glyph
        if i != angle
        and stats[i, cv2.CC_STAT_WIDTH] >= max(1.2 * stats[i, cv2.CC_STAT_HEIGHT], 0.5 * aw)
        and stats[i, cv2.CC_STAT_TOP] >= ay + 0.5 * ah
    ]
    separate_bar = bool(bars)
    shape = labels[ay : ay + ah, ax : ax + aw] == angle
    if not separate_bar and _slanted_bar(shape):
        # ⩾ / ⩽: the bar runs beside the lower arm, outside the angle; drop it row by row
        for sign, oriented in (("≥", shape), ("≤", shape[:, ::-1])):
            if _is_angle(_arm_only(_angle_rows(oriented)), arms_left=True):
                return sign
        return None
    # a bar joined to the angle is cut off, with or without another apart below it (≧)
    angle_only = _without_flat_bar(shape)
    if angle_only is None and not separate_bar:
        return None
    shape = shape if angle_only is None else angle_only
    # ≧ ≦: two bars (a bar toner broke in two is no second: each piece is under half as wide)
    double = (angle_only is not None) + len(bars) >= 2
    if _is_angle(shape, arms_left=True, blotted=double):
        return "≧" if double else "≥"
    if _is_angle(shape, arms_left=False, blotted=double):
        return "≦" if double else "≤"
    return None


def runs(rows: np.ndarray) -> np.ndarray:
    """How many separate runs of ink each row holds."""
    return np.asarray((np.diff(rows.astype(np.int8), axis=1) == 1).sum(axis=1) + rows[:, 0])


def _slanted_bar(shape: np.ndarray) -> bool:
    """A slanted bar (⩾) blur joined to the angle runs parallel to the lower arm: rows
    below the middle cross two strokes."""
    height = shape.shape[0]
    lower = shape[round(height * 0.55) :]
    return int((runs(lower) >= 2).sum()) >= max(2, round(0.15 * height))


def _arm_only(shape: np.ndarray) -> np.ndarray:
    """The shape with, below its middle, only the first run of each row: for arms on the
    left (≥), the lower arm, without the slanted bar beside it."""
    out = shape.copy()
    for y in range(round(shape.shape[0] * 0.55), shape.shape[0]):
        inked = np.flatnonzero(shape[y])
        if inked.size == 0:
            continue
        gaps = np.flatnonzero(np.diff(inked) > 1)
        if gaps.size:
            out[y, inked[gaps[0] + 1] :] = False
    return out


def _angle_rows(shape: np.ndarray) -> np.ndarray:
    """The rows of an angle whose arms meet at the right (≥), without the bar below it: the
    arms are as long as each other, so the angle ends as far below its tip as it starts
    above it."""
    reach = np.array([row.nonzero()[0].max() if row.any() else -1 for row in shape])
    tip = float(np.flatnonzero(reach >= reach.max() - 1).mean())
    return shape[: min(shape.shape[0], round(2 * tip) + 1)]


def _without_flat_bar(shape: np.ndarray) -> np.ndarray | None:
    """The angle of a glyph whose flat bar (≥) blur joined to it, or None when there is no
    bar: the bottom rows span most of the width and are cut off."""
    height, width = shape.shape
    wide = [y for y in range(height - 1, int(height * 0.7), -1) if _span(shape[y]) >= 0.6 * width]
    # the bar is the lowest ink, save a row or two of the bar's blur beneath it
    if not wide or height - 1 - wide[0] > _BLUR_BELOW_BAR:
        return None
    bottom = wide[0] + 1
    while bottom > height * 0.7 and _span(shape[bottom - 1]) >= 0.6 * width:
        bottom -= 1
    return shape[:bottom]


def _span(row: np.ndarray) -> int:
    inked = np.flatnonzero(row)
    return int(inked[-1] - inked[0] + 1) if inked.size else 0


def _is_angle(shape: np.ndarray, arms_left: bool, blotted: bool = False) -> bool:
    """Two arms that start at the top and bottom of one side and meet in the middle of the
    other: the top and bottom rows hold ink only on the arms' side, the rows of the tip only
    towards the far edge. (The top of a 2 or a 3 spans the width, a 1 stands in the middle.)"""
    if not arms_left:
        shape = shape[:, ::-1]
    height, width = shape.shape
    band = max(1, round(height * 0.2))
    top = np.flatnonzero(shape[:band].any(axis=0))
    bottom = np.flatnonzero(shape[-band:].any(axis=0))
    # the tip's rows: those reaching farthest out (the middle, unless blur joined the lower
    # arm's end to a bar cut off with it)
    reach = np.array([row.nonzero()[0].max() if row.any() else -1 for row in shape])
    tips = np.flatnonzero(reach == reach.max())
    # a fat fax's tip is rows long, the upper arm still in its first: with two bars to show
    # for a sign, its middle row is judged
    middle = np.flatnonzero(
        shape[int(np.median(tips))] if blotted else shape[tips].any(axis=0)
    )
    if top.size == 0 or bottom.size == 0 or middle.size == 0:
        return False
    return bool(
        min(top[0], bottom[0]) <= 0.2 * width
        and top[-1] < 0.65 * width
        # the lower arm's end of a ≧ may carry the blot where blur joined the bar cut off
        # below it (a broken digit's bowl has no second bar to show it for a sign)
        and bottom[-1] < (0.8 if blotted else 0.65) * width
        and middle[0] >= 0.4 * width
        and middle[-1] >= 0.8 * width
        # an arm ends in a point: a flat top as wide as a 5's is no arm (small print)
        and _span(shape[0]) <= _ARM_END * width
    )
