"""The glyph geometry that finds a leading ≥ / ≤ by its shape, whatever the recogniser read.

Recognisers confuse these signs with > < 二 之 at scan resolutions, or drop them. The first
glyph of the line settles it: by its connected components where print is sharp
(`sign_shape`), by where each of its rows starts and ends where blur has thickened it. The text
is then put right with `text.with_leading_sign` / `text.sign_over_digit`.
"""

from __future__ import annotations

import cv2
import numpy as np

from declform.extract.ocr.sign_shape import (
    BAR_INK_RATIO,
    bar_beneath,
    glyph_parts,
    runs,
    sign_by_shape,
)
from declform.extract.ocr.text import is_cjk, lone_glyph
from declform.extract.ocr.textlines import components

# A plain angle the engine read, and the sign it is when a bar lies beneath it.
_ANGLES = {">": "≥", "＞": "≥", "<": "≤", "＜": "≤"}

# A sign is narrower than a CJK character and no taller than the digits after it; its arms,
# however thick blur makes them, leave the notch between them empty.
_SIGN_ASPECT = (0.65, 1.4)  # width to height: digits are narrower
_SIGN_TALLEST = 1.4  # to the digits' height: a serif font's ⩾ stands taller than its digits
_SIGN_MIN_HEIGHT = 8  # fewer rows leave an angle's tip and a bar's row to a pixel's chance
_ARM_SIDE = 0.55  # the arms' open ends keep to this share of the width on their side
_NOTCH = 0.25  # beside the tip, this share of the width (from the open side) holds no ink
_TIP_ROWS = (0.2, 0.62)  # the tip lies between these shares of the glyph's height
_PLAIN_ANGLE = 1.25  # below the tip, a plain angle has about as much ink as above it
_HALF_DARK = (0.5, 0.6)  # ink: darker than this share of the way from darkest ink to paper
# A fax prints the sign about 10 px square with strokes 3 px thick: there a quarter of the width
# falls between pixels and a blurred stroke's edge moves by one, so the notch is given a
# pixel's grace (a smaller share on a wider glyph).
_PIXEL_GRACE = 1
# A walled-in sliver this many times longer than thick (by its second moments) is the paper
# between a slanted bar and the arm it was blotted onto: a digit's loop is at most about
# twice as tall as wide (a narrow 0), a 4's triangle as long.
_SLIVER_LENGTH = 3.5


def leading_sign(line: np.ndarray, read: str = "") -> str | None:
    """The sign "≥" or "≤" when the line's first glyph is an angle with a bar beneath it, else None.

    Recognisers confuse these with > < 二 之 at scan resolutions; their shape settles it: an
    angle (two arms meeting at one side) plus a flat stroke below its middle. The side where
    the arms meet gives the direction. Where blur has merged bar and arm beyond telling them
    apart, an engine that `read` a plain angle is trusted on the angle, and the glyph's
    height settles the bar (`bar_beneath`). Where blur has thickened the arms too much for
    that, or the engine dropped the sign or read it as a digit or letter ("95%", "21万元",
    "K1家"), the rows' left and right edges still trace the angle (`_sign_by_profile`).
    None too when `read` already starts with the sign.
    """
    sign = sign_by_shape(line)
    if sign is None and read[:1] in _ANGLES and bar_beneath(line, _ANGLES[read[0]] == "≥"):
        return _ANGLES[read[0]]
    alone = lone_glyph(read)
    if sign is None and (alone or not (read[:1] and is_cjk(read[0]))):
        # A Han character or CJK bracket read first is read from a glyph far from any
        # sign (约 纟's angle, 《): the profile check is for signs lost or read as Latin, or
        # a glyph alone in its cell, which no neighbour helped the recogniser read (≤ as 八).
        sign = _sign_by_profile(line, alone=alone)
    if sign is not None and read.startswith(sign):
        return None  # read right: nothing to put right
    return sign


def line_interior(line: np.ndarray) -> tuple[np.ndarray, int, int]:
    """The line without the flat margin `crop_line` painted round it, and that margin's width
    left and top: the margin takes the line's median grey, which on a tight dark crop Otsu
    would count as ink framing the whole line."""
    height, width = line.shape[:2]
    flat = line == line[0, 0]
    left = int(np.argmin(flat.all(axis=0))) if not flat.all() else 0
    top = int(np.argmin(flat.all(axis=1))) if not flat.all() else 0
    right = width - int(np.argmin(flat.all(axis=0)[::-1]))
    bottom = height - int(np.argmin(flat.all(axis=1)[::-1]))
    if right - left < 3 or bottom - top < 3:
        return line, 0, 0
    return line[top:bottom, left:right], left, top


def _sign_by_profile(line: np.ndarray, alone: bool = False) -> str | None:
    """The first glyph read by where each of its rows starts and ends, which blur that thickens
    strokes does not move: > has its open ends at the left of its top and bottom rows and its
    tip at the right of its middle, with empty paper left of the tip; ≥ has a bar below. A
    digit's top (2 3 7 0 9) reaches right, a 1's widest row is its foot, a 4's crossbar leaves
    no notch. Mirrored, the same holds for < and ≤. A glyph with nothing after it is judged
    only when the recogniser read it `alone` as a lone letter or mark (an operator column's ≥
    read as M or V): a lone digit is never taken for a sign."""
    interior, _, _ = line_interior(line)
    # Strokes are cut where the grey is darker than a share of the way to the paper: a
    # blurred photo needs a darker cut to keep the arms apart, thin serif strokes a lighter
    # one to stay whole. Either may show the sign; they must not disagree.
    found = {
        _sign_of(_lone_first_glyph(_half_dark(interior, share), alone)) for share in _HALF_DARK
    }
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _sign_of(glyph: np.ndarray | None) -> str | None:
    if glyph is None or _encloses_paper(glyph):
        return None
    # A plain angle is not returned: a stroke of a thin serif 6 or ( cut short looks like
    # one, and it is the bar the recogniser loses.
    for pointing_right, sign in ((True, "≥"), (False, "≤")):
        if _angle_with_bar(glyph if pointing_right else glyph[:, ::-1]):
            return sign
    return None


def _encloses_paper(glyph: np.ndarray) -> bool:
    """Whether the glyph walls in a loop of paper: the 0 6 8 9, whose small curled top can
    otherwise pass for an angle's arm. An angle and its bar enclose none, save a sliver where
    blur bridged a ⩽'s slanted bar to its arm: a sliver runs along the arm a pixel or two
    thick, so it holds no 2×2 block of paper, which the smallest loop does, or is many times
    longer than thick, which no digit's loop is."""
    paper = np.pad(~glyph, 1, constant_values=True).astype(np.uint8)
    count, labels = cv2.connectedComponents(paper, connectivity=4)
    # label 1 is the paper round the glyph (the padding); later labels are walled in
    return any(_is_loop(labels == index) for index in range(2, count))


def _is_loop(region: np.ndarray) -> bool:
    # four paper pixels of a 2×2 block are 4-connected, so they lie in one region
    if not (region[:-1, :-1] & region[1:, :-1] & region[:-1, 1:] & region[1:, 1:]).any():
        return False
    ys, xs = np.nonzero(region)
    spread = np.linalg.eigvalsh(np.cov(np.vstack((xs, ys)).astype(np.float64)))
    return bool(spread[1] < _SLIVER_LENGTH**2 * max(float(spread[0]), 1e-6))


def _rows_inked(shape: np.ndarray) -> np.ndarray:
    rows = np.flatnonzero(shape.any(axis=1))
    return shape[rows[0] : rows[-1] + 1] if rows.size else shape


def _half_dark(grey: np.ndarray, share: float) -> np.ndarray:
    """Ink as the pixels darker than `share` of the way from the darkest ink to the paper:
    where blur spreads strokes into wide grey halos Otsu counts much of the halo, and the
    strokes merge."""
    ink, paper = np.percentile(grey, (1, 90))
    if paper - ink < 40:
        return np.zeros(grey.shape[:2], dtype=bool)
    return np.asarray(grey < ink + share * (paper - ink))


def _first_glyph_and_rest(
    mask: np.ndarray, alone: bool = False
) -> tuple[np.ndarray, np.ndarray, list[int], list[int]] | None:
    """(labels, stats, the first glyph's components, the rest's) of a line's ink mask: the
    first glyph is the leftmost component and those starting within 70% of its width (the
    bar under an angle), specks left out; None when nothing follows it, unless `alone`."""
    count, labels, stats = components(mask)
    parts = glyph_parts(count, stats)
    if not parts:
        return None
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    rest = [i for i in parts if i not in glyph]
    return (labels, stats, glyph, rest) if rest or alone else None


def _lone_first_glyph(mask: np.ndarray, alone: bool = False) -> np.ndarray | None:
    """The first glyph of a line cut to its box, when it stands apart from the rest (or, if
    `alone`, is all there is) and has a sign's proportions (a glyph merged with the next one is
    left alone)."""
    split = _first_glyph_and_rest(mask, alone)
    if split is None:
        return None
    labels, stats, glyph, rest = split
    pixels = np.isin(labels, glyph)
    rows, cols = np.flatnonzero(pixels.any(axis=1)), np.flatnonzero(pixels.any(axis=0))
    box = pixels[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = box.shape
    text_height = max((int(stats[i, cv2.CC_STAT_HEIGHT]) for i in rest), default=height)
    if (
        height < _SIGN_MIN_HEIGHT
        or height > _SIGN_TALLEST * text_height
        or height < 0.4 * text_height
    ):
        return None  # a dot or dash is too flat to tell (a bracket's narrowness rules it out)
    if not _SIGN_ASPECT[0] * height <= width <= _SIGN_ASPECT[1] * height:
        return None
    return box


def _angle_with_bar(shape: np.ndarray) -> bool | None:
    """For a glyph pointing right: None when it is no angle, else whether a bar lies below it."""
    height, width = shape.shape
    blank = np.flatnonzero(~shape.any(axis=1))
    if blank.size:  # a gap across the glyph: only a flat bar may lie below it (≥ kept sharp)
        bar = shape[blank[-1] + 1 :]
        bar_cols = np.flatnonzero(bar.any(axis=0))
        if bar.shape[0] > 0.3 * height or bar_cols[-1] - bar_cols[0] + 1 < 0.6 * width:
            return None
        return None if _angle_with_bar(_rows_inked(shape[: blank[0]])) is None else True
    left = np.argmax(shape, axis=1)
    right = width - 1 - np.argmax(shape[:, ::-1], axis=1)
    far = np.flatnonzero(right >= right.max() - max(1, round(0.1 * width)))
    run = far[: int(np.argmax(np.diff(far, append=far[-1] + 2) > 1)) + 1]
    notch = int(left[run].max())
    # the tip proper has the opening left of it; under a ⩾'s tip the slanted bar keeps the
    # right edge out while the left edge runs back with the lower arm
    tip_rows = run[left[run] >= 0.5 * notch]
    tip = float(tip_rows.mean())
    # the arms' open ends: the top rows, no more than half way to the tip, below which a
    # small sign's steep thick arm already reaches past the middle
    band = max(1, min(round(0.15 * height), int(tip_rows[0] / 2)))
    below = right[run[-1] + 1 :]
    if not (
        _TIP_ROWS[0] * height <= tip <= _TIP_ROWS[1] * height
        and right[:band].max() <= _ARM_SIDE * width
        and left[:band].min() <= _NOTCH * width
        and notch - left[:band].min() >= _NOTCH * width - _PIXEL_GRACE
        # one stroke from the top to the tip: the upper arm (a 6's curled top has two); the
        # tip's middle row, as a ⩾'s slanted bar may start beside the lowest rows of its run
        and bool((runs(shape[: int(tip) + 1]) == 1).all())
        and below.size > 0
        and below.min() <= _ARM_SIDE * width + 1
    ):
        return None
    ink = shape.sum(axis=1)
    above, under = int(ink[: tip_rows[0]].sum()), int(ink[tip_rows[-1] + 1 :].sum())
    if under > BAR_INK_RATIO * max(1, above):
        return True
    if under <= _PLAIN_ANGLE * max(1, above):
        return False
    return None  # in between: blur leaves it open


def without_first_glyph(line: np.ndarray) -> np.ndarray | None:
    """The line with its first glyph cut out (its margin kept), for reading what follows a
    sign on its own; None when the line has no separate first glyph."""
    interior, left, _ = line_interior(line)
    split = _first_glyph_and_rest(_half_dark(interior, _HALF_DARK[-1]))
    if split is None:
        return None
    _, stats, glyph, rest = split
    end = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in glyph)
    start = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in rest)
    cut = left + (end + start) // 2  # halfway across the gap: anti-aliased edges stay whole
    return np.ascontiguousarray(np.hstack((line[:, :left], line[:, cut:])))
