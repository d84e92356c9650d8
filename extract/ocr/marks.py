"""Punctuation told from toner specks by the ink, not by the recogniser's string.

On a photocopy, fine toner scatter lies beside and inside the text, and recognisers read a
speck as a colon, a quote, a bracket or a full stop ('≥95%:', '[稳步提升', '满’意度'). A
printed mark has ink of a mark's size where the recogniser placed it: a full stop or comma a
dot low in the line, a colon dots one above the other, a quote a dot or tick high in it,
a bracket or exclamation mark a stroke about as tall as the glyphs. Sizes are measured against
the line's own font size, so the same rule holds at 150 and 300 dpi and on thickened copies.
Engines give each character's place on the line (RapidOCR by the CTC frame that emitted it,
Tesseract by its word box); a mark with no such ink there is a speck, and is dropped with the
raw reading kept for the record's warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from declform.extract.ocr.lexicon import is_han
from declform.extract.ocr.textlines import components, ink_mask

MarkShape = Literal["low", "high", "colon", "tall"]
MARK_SHAPES: dict[str, MarkShape] = {
    **dict.fromkeys(".,。，、．", "low"),
    **dict.fromkeys("'\"`‘’“”´", "high"),
    **dict.fromkeys(":;：；", "colon"),
    **dict.fromkeys("[]【】()（）!！|丨", "tall"),
}
# Sizes to the font's em (the glyph size: a Han character's height is about 0.9 of it, a
# digit's 0.72), measured on printed marks of a sans and a serif face at 150–300 dpi: a
# colon's or full stop's dot is about a tenth of it each way, a quote's tick a quarter tall, a
# bracket's or exclamation mark's stroke half or more. Toner scatter is a pixel or two whatever
# the print (at 150 dpi as big as a printed dot: there the mark is kept, the doubt left to
# the reading). Thickened by toner, no mark is wider or taller than 0.4 em, a colon's dot 0.25.
_HAN_HEIGHT = 0.9
_DIGIT_HEIGHT = 0.72
_DOT = 0.085
_TICK = 0.15
_TALL = 0.4
_MARK_MAX = 0.4
_COLON_DOT_MAX = 0.25  # a % sign's rings measure 0.34: a speck read as ':' after it is none
# The ink may lie this far from where the engine placed the mark, and this far outside the
# stretch of line it gave the mark (CTC emits a narrow glyph off its centre).
_REACH = 0.45
_SLACK = 0.22
# A component wider than this is glyphs run together by toner.
_MERGED = 1.0


@dataclass(frozen=True)
class LineInk:
    """A line crop's ink as its connected components, measured against its print."""

    boxes: np.ndarray  # one row per component: x, y, width, height, area
    em: float  # the font's size, px
    top: float  # the text band's top and bottom, px
    bottom: float


def line_ink(line: np.ndarray, han: bool) -> LineInk | None:
    """The components of a grey line crop whose text has Han characters or not (which tells
    the em from the tallest glyph); None for a line without ink."""
    count, _, stats = components(ink_mask(line))
    if count < 2:
        return None
    boxes = stats[1:, :5].astype(np.float64)
    heights = boxes[:, 3]
    # specks are many and tiny: the glyph height is the tallest component of some size (a Han
    # character has a stroke from top to bottom, or nearly)
    sized = boxes[:, 4] >= 0.02 * boxes[:, 4].max()
    glyph_height = float(heights[sized].max())
    glyphs = boxes[heights >= 0.5 * glyph_height]
    top, bottom = float(glyphs[:, 1].min()), float((glyphs[:, 1] + glyphs[:, 3]).max())
    if bottom - top > 1.6 * glyph_height:  # a stroke of the next line reaches into the crop
        top = float(np.median(glyphs[:, 1]))
        bottom = float(np.median(glyphs[:, 1] + glyphs[:, 3]))
    em = glyph_height / (_HAN_HEIGHT if han else _DIGIT_HEIGHT)
    return LineInk(boxes, em, top, bottom)


def _has_shape(ink: LineInk, shape: MarkShape, near: np.ndarray) -> bool:
    boxes = ink.boxes[near]
    em = ink.em
    if shape == "tall":
        return bool((boxes[:, 3] >= _TALL * em).any())
    widths, heights = boxes[:, 2], boxes[:, 3]
    largest = _COLON_DOT_MAX if shape == "colon" else _MARK_MAX
    small = (widths <= largest * em) & (heights <= largest * em)
    dots = boxes[small & (np.maximum(widths, heights) >= _DOT * em)]
    if dots.size == 0:
        return False
    centre = (dots[:, 1] + dots[:, 3] / 2 - ink.top) / max(1.0, ink.bottom - ink.top)
    # low and high loosely: fonts made for Taiwan centre 、 and 。 in the line
    if shape == "low":
        return bool((centre >= 0.3).any())
    if shape == "high":
        return bool(((centre <= 0.6) & (dots[:, 3] >= _TICK * em)).any())
    # a colon or semicolon: two dots, of which broken toner may have lost one
    return True


def _mark_inked(ink: LineInk, mark: str, x0: float, x1: float, at: float) -> bool:
    """Whether the line has ink of `mark`'s shape between x0 and x1 (the stretch of line the
    engine gave the mark), no farther than about half an em from `at` (where it placed it).
    Characters that are no mark are always inked."""
    shape = MARK_SHAPES.get(mark)
    if shape is None:
        return True
    lefts, widths = ink.boxes[:, 0], ink.boxes[:, 2]
    slack = _SLACK * ink.em
    merged = (widths >= _MERGED * ink.em) & (lefts - slack <= at) & (at <= lefts + widths + slack)
    if merged.any():
        return True  # toner joined the mark to its neighbours: nothing to tell it by
    centres = lefts + widths / 2
    near = (
        (centres >= x0 - slack)
        & (centres <= x1 + slack)
        & (np.abs(centres - at) <= max(_REACH * ink.em, (x1 - x0) / 2))
    )
    return bool(near.any()) and _has_shape(ink, shape, near)


def speck_marks(line: np.ndarray, text: str, places: Sequence[float]) -> frozenset[int]:
    """The indexes of `text`'s marks that the line's ink shows to be specks. `places` gives
    each character's centre as a share of the line's width (0 = left edge). A mark between two
    digits (a decimal point, a thousands comma) is never judged: dropping a real one would
    change the number, and the value grammar has the say there."""
    judged = [
        index
        for index, char in enumerate(text)
        if char in MARK_SHAPES
        and not (
            0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
        )
    ]
    if len(places) != len(text) or not judged:  # "45.00": no components to find
        return frozenset()
    ink = line_ink(line, any(is_han(char) for char in text))
    if ink is None:
        return frozenset()
    width = line.shape[1]
    xs = [share * width for share in places]
    specks = set()
    for index in judged:
        x0 = (xs[index - 1] + xs[index]) / 2 if index else 0.0
        x1 = (xs[index] + xs[index + 1]) / 2 if index + 1 < len(xs) else float(width)
        if not _mark_inked(ink, text[index], x0, x1, xs[index]):
            specks.add(index)
    return frozenset(specks)


def without(text: str, indexes: frozenset[int]) -> str:
    return "".join(char for index, char in enumerate(text) if index not in indexes)
