"""Lines of lost toner: a pixel row (or column) across the page where the print is missing.

A photocopier with a worn drum or a starved toner line, or a scanner with a dusty sensor
element, leaves a streak one or two pixels wide right across the page in which every stroke
is paper-light: a line of text is cut in two halves with a white gap between them, which the
line splitter then reads as two lines of half-height glyphs ("质量指标" came back as
"乐具地坛质量指你"), and a level or a name no longer matches. Such a streak is found by what
no print does: along the whole row, the pixels between two dark neighbours (one above, one
below) are much lighter than both of them. Those rows are filled from their neighbours; any
other row is left as it is, so a gap the print has (between the strokes of 二) is kept.
A 1-bit page is left as it is: there the print's own gaps are as white as a streak.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

# A pixel darker than this is print (the print layer is black on white; a fax's is 1-bit).
_DARK = 128
# A streak pixel is this many grey levels lighter than the lighter of its two neighbours.
_LIFTED = 60
# A row is a streak when most of the columns where it runs between print on both sides are
# lifted (print's own one-pixel gaps between strokes are a few per cent of them) ...
_LIFTED_SHARE = 0.5
# ... and it crosses enough print to tell: this many such columns at least.
_MIN_CROSSINGS = 24
_WIDTHS = (1, 2)  # the streak widths looked for, in pixels
# ... crossing the strokes of text, each a short run: the gap between the two rules of a
# double ruling is lifted as much but runs along them, one long run.
_STROKE_RUN = 0.01  # of the row's length, at most (a stroke at 200 dpi is 2-4 px of 2339)
_MIN_STROKES = 16  # a few characters crossed: a glyph has three or four strokes


def _streak_rows(grey: NDArray[np.uint8], width: int) -> NDArray[np.int64]:
    """The first rows of streaks `width` rows tall: between print above and below, lifted."""
    grey16 = grey.astype(np.int16)
    above, below = grey16[: -width - 1], grey16[width + 1 :]
    around = np.maximum(above, below)
    between = around < _DARK
    inside = grey16[1:-width]
    for extra in range(1, width):
        inside = np.minimum(inside, grey16[1 + extra : grey16.shape[0] - width + extra])
    lifted = between & (inside > around + _LIFTED)
    crossings = between.sum(axis=1)
    share = lifted.sum(axis=1) / np.maximum(crossings, 1)
    candidates = np.flatnonzero((crossings >= _MIN_CROSSINGS) & (share > _LIFTED_SHARE))
    longest = max(2, round(_STROKE_RUN * grey.shape[1]))
    return np.asarray(
        [row + 1 for row in candidates if _crosses_strokes(lifted[row], crossings[row], longest)],
        dtype=np.int64,
    )


def _crosses_strokes(lifted: NDArray[np.bool_], crossings: int, longest: int) -> bool:
    """Whether a row's lifted pixels lie in many short runs (strokes crossed), most of them."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], lifted.astype(np.int8), [0]))))
    lengths = edges[1::2] - edges[::2]
    strokes = lengths[lengths <= longest]
    return strokes.size >= _MIN_STROKES and int(strokes.sum()) > _LIFTED_SHARE * crossings


def _fill_rows(image: NDArray[np.uint8], grey: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """`image` with the streak rows found on its `grey` filled from their neighbours."""
    out: NDArray[np.uint8] | None = None
    for width in _WIDTHS:
        for row in _streak_rows(grey, width):
            if out is None:
                out = image.copy()
            # no lighter than the lighter neighbour: print fills in, paper stays paper
            around = np.maximum(out[row - 1], out[row + width])
            for inside in range(row, row + width):
                out[inside] = np.minimum(out[inside], around)
    return image if out is None else out


def restore_dropout_lines(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The page image (grey or BGR) with its toner dropout streaks filled in, rows and
    columns alike (a page fed sideways streaks across its lines); the same array when it
    has none."""
    if image.ndim not in (2, 3) or min(image.shape[:2]) < 8:
        return image
    if image.ndim == 2 and np.count_nonzero(np.bincount(image.ravel(), minlength=256)) <= 2:
        # a 1-bit page (a fax, a binarised copy): every gap between two black pixels is as
        # white as a streak would be, so a dropout cannot be told from the print's own gaps
        return image
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    image = _fill_rows(image, grey)
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    turned = np.ascontiguousarray(np.swapaxes(image, 0, 1))
    filled = _fill_rows(turned, np.ascontiguousarray(grey.T))
    if filled is turned:
        return image
    return np.ascontiguousarray(np.swapaxes(filled, 0, 1))
