"""What every OCR engine takes and gives: cell crops in, readings out, one batched call a page.

Engines differ in how they read a line; what they share lives here: the text clean-up, so
that a Tesseract reading and a RapidOCR reading of the same cell are spelled the same way,
and the fix for the comparison signs both misread (a glyph check on the line's pixels,
then the repair of the text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

import cv2
import numpy as np

from declform.extract.ocr.textlines import components, ink_mask

CellKind = Literal["line", "block"]


# eq=False: a crop is compared (and hashed) by identity; comparing pixel arrays is ambiguous.
@dataclass(frozen=True, eq=False)
class CellImage:
    """A crop of one cell: grey uint8, print dark on white, and the kind of text it holds.

    `line` cells hold one line (labels, values, amounts) though a narrow column may still wrap
    them; `block` cells hold a wrapped paragraph (goals, long names).
    """

    image: np.ndarray
    kind: CellKind = "line"


@dataclass(frozen=True)
class OcrLine:
    text: str
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in crop pixels
    confidence: float  # 0..1
    # the engine's next readings of the line, most likely first (a figure or sign it doubted
    # read as its second choice: "≥98%" beside "≥98\""); () when it had no doubt or no way
    # to tell
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class OcrReading:
    text: str
    confidence: float  # 0..1
    lines: tuple[OcrLine, ...] = ()
    alternatives: tuple[str, ...] = ()  # the cell's next readings, most likely first

    @classmethod
    def from_lines(cls, lines: Sequence[OcrLine]) -> OcrReading:
        """Join the lines of one cell; empty lines are dropped, confidence is length-weighted."""
        cleaned = (replace(line, text=strip_stray_marks(line.text)) for line in lines)
        kept = tuple(line for line in cleaned if line.text)
        if not kept:
            return EMPTY_READING
        weights = [len(line.text) for line in kept]
        confidence = sum(w * line.confidence for w, line in zip(weights, kept, strict=True))
        texts = [line.text for line in kept]
        alternatives = [
            join_lines([*texts[:index], strip_stray_marks(other), *texts[index + 1 :]])
            for index, line in enumerate(kept)
            for other in line.alternatives
        ]
        text = strip_stray_marks(join_lines(texts), whole_cell=True)
        others = (strip_stray_marks(other, whole_cell=True) for other in alternatives)
        return cls(
            text=text,
            confidence=confidence / sum(weights),
            lines=kept,
            alternatives=tuple(dict.fromkeys(o for o in others if o and o != text)),
        )


EMPTY_READING = OcrReading(text="", confidence=0.0, lines=())


class OcrEngine(Protocol):
    name: str

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        """One reading per cell, in order; called once per page so engines can batch."""
        ...


def as_grey(image: np.ndarray) -> np.ndarray:
    """Crops are grey by contract; a colour crop (BGR) is converted rather than refused."""
    if image.ndim == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return image


# Signs that sit next to numbers in values ("≥ 95 %"): a space beside them is never content.
_SIGNS = frozenset("≥≤<>=＞＜＝%％‰±~～+×÷/／°℃")
_SPACE_RUN = re.compile(r"\s+")


def is_cjk(char: str) -> bool:
    """Han characters, CJK punctuation and full-width forms: text set without word spaces."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x2FA1F
        or unicodedata.east_asian_width(char) in ("W", "F")
    )


def _keeps_space(char: str) -> bool:
    return not is_cjk(char) and char not in _SIGNS


def remove_cjk_spaces(text: str) -> str:
    """Drop the spaces engines put between CJK characters and around signs.

    A space survives only between two Latin letters, digits or Latin punctuation, so
    "项 目 名 称" → "项目名称" and "≥ 95 %" → "≥95%" but "ISO 9001" stays. Runs collapse to one.
    """
    text = text.strip()
    pieces: list[str] = []
    last = 0
    for match in _SPACE_RUN.finditer(text):
        before, after = text[match.start() - 1], text[match.end()]
        pieces.append(text[last : match.start()])
        if _keeps_space(before) and _keeps_space(after):
            pieces.append(" ")
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of one wrapped cell: no separator in CJK text, a space between words.

    Digits are glued too: a number that wraps ("15" / "00") is one number.
    """
    out = ""
    for line in (remove_cjk_spaces(raw) for raw in lines):
        if not line:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalpha()
            and line[0].isascii()
            and (line[0].isalpha())
        ):
            out += " "
        out += line
    return out


# Scan specks beside a line are read as these; no printed cell starts or ends with one.
_STRAY_MARKS = frozenset("·．'`|丨¦•")
# Quotes and brackets are printed in pairs: one alone at an end of a cell is a speck.
_PAIRED = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSING = {close: open_ for open_, close in _PAIRED.items()}
# A sentence may wrap after a comma, but a cell never ends with one.
_CELL_END_ONLY = frozenset("，,、;；")
# Nor does a cell start with a mark that closes a clause (a copier's speck before the text).
_CELL_START_NEVER = frozenset("，,、。;；:：")


def _stray_at(text: str, index: int, whole_cell: bool) -> bool:
    char = text[index]
    rest = text[1:] if index == 0 else text[:-1]
    if char in _STRAY_MARKS:
        return True
    if char == ".":  # a decimal point that wrapped ends its line after a digit
        return index == 0 or not (len(text) > 1 and text[-2].isdigit()) or whole_cell
    if not whole_cell:
        return False
    if index == -1 and char in _CELL_END_ONLY:
        return True
    if index == 0 and char in _CELL_START_NEVER:
        return True
    if char in _PAIRED:
        return index == -1 or _PAIRED[char] not in rest
    if char in _CLOSING:
        return index == 0 or _CLOSING[char] not in rest
    return False


def strip_stray_marks(text: str, whole_cell: bool = False) -> str:
    """Drop the marks scan specks are read as from the ends of a line (of a whole cell, with
    `whole_cell`, where also unpaired quotes and a trailing comma go)."""
    text = text.strip()
    while text and (_stray_at(text, 0, whole_cell) or _stray_at(text, -1, whole_cell)):
        text = text[1:] if _stray_at(text, 0, whole_cell) else text[:-1]
        text = text.strip()
    return text


# What engines make of a ≥ / ≤ they fail to read: the plain angle, or a CJK look-alike.
_SIGN_LOOKALIKES = ("≥", "≤", ">=", "<=", ">", "<", "＞", "＜", "=", "≧", "≦")
_FIRST_DIGIT = re.compile(r"\d")


def looks_like_value(text: str) -> bool:
    """Text whose first glyph may be a misread comparison sign: a check is worth its cost."""
    digit = _FIRST_DIGIT.search(text)
    return text.startswith(_SIGN_LOOKALIKES) or (digit is not None and digit.start() <= 2)


def with_leading_sign(text: str, sign: str | None) -> str:
    """Put the sign the glyph check saw in place of what the engine read for it.

    The engine's reading of the sign is whatever precedes the first digit (at most two
    characters: "之", "二", ">", or nothing when it dropped the sign).
    """
    if sign is None or text.startswith(sign):
        return text
    for lookalike in _SIGN_LOOKALIKES:
        if text.startswith(lookalike):
            return sign + text[len(lookalike) :]
    digit = _FIRST_DIGIT.search(text)
    if digit is not None and digit.start() <= 2:
        return sign + text[digit.start() :]
    return text


def leading_sign(line: np.ndarray, read: str = "") -> str | None:
    """The sign "≥" or "≤" when the line's first glyph is an angle with a bar beneath it, else None.

    Recognisers confuse these with > < 二 之 at scan resolutions; their shape settles it: an
    angle (two arms meeting at one side) plus a flat stroke below its middle. The side where
    the arms meet gives the direction. Where blur has merged bar and arm beyond telling them
    apart, an engine that `read` a plain angle is trusted on the angle, and the glyph's
    height settles the bar (`_bar_beneath`). Where blur has thickened the arms too much for
    that, or the engine dropped the sign or read it as a digit or letter ("95%", "21万元",
    "K1家"), the rows' left and right edges still trace the angle (`_sign_by_profile`).
    None too when `read` already starts with the sign.
    """
    sign = _sign_by_shape(line)
    if sign is None and read[:1] in _ANGLES and _bar_beneath(line, _ANGLES[read[0]] == "≥"):
        return _ANGLES[read[0]]
    if sign is None and not (read[:1] and is_cjk(read[0])):
        # A Han character or CJK bracket read first is read from a glyph far from any
        # sign (约 纟's angle, 《): the profile check is for signs lost or read as Latin.
        sign = _sign_by_profile(line)
    if sign is not None and read.startswith(sign):
        return None  # read right: nothing to put right
    return sign


_ANGLES = {">": "≥", "＞": "≥", "<": "≤", "＜": "≤"}
_BAR_INK_RATIO = 1.5
_BAR_MIN_HEIGHT = 12


def _first_glyph(mask: np.ndarray) -> np.ndarray | None:
    """The pixels of the line's first glyph (its leftmost component and those under it)."""
    count, labels, stats = components(mask)
    parts = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 4]
    if not parts:
        return None
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    return np.isin(labels, glyph)


def _bar_beneath(line: np.ndarray, points_right: bool) -> bool:
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
    return below > _BAR_INK_RATIO * max(1, above)


def _sign_by_shape(line: np.ndarray) -> str | None:
    mask = ink_mask(line)
    count, labels, stats = components(mask)
    parts = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 4]
    if len(parts) < 3:
        return None
    rows = np.flatnonzero(mask.any(axis=1))
    height = rows[-1] - rows[0] + 1
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    angle = max(glyph, key=lambda i: stats[i, cv2.CC_STAT_HEIGHT])
    ax, ay, aw, ah, _ = stats[angle]
    if not (ah >= 0.3 * height and 0.2 * height <= aw <= height):
        return None
    separate_bar = any(
        stats[i, cv2.CC_STAT_WIDTH] >= max(1.2 * stats[i, cv2.CC_STAT_HEIGHT], 0.5 * aw)
        and stats[i, cv2.CC_STAT_TOP] >= ay + 0.5 * ah
        for i in glyph
        if i != angle
    )
    shape = labels[ay : ay + ah, ax : ax + aw] == angle
    if not separate_bar and _slanted_bar(shape):
        # ⩾ / ⩽: the bar runs beside the lower arm, outside the angle; drop it row by row
        for sign, oriented in (("≥", shape), ("≤", shape[:, ::-1])):
            if _is_angle(_arm_only(_angle_rows(oriented)), arms_left=True):
                return sign
        return None
    if not separate_bar:
        shape = _without_flat_bar(shape)
        if shape is None:
            return None
    if _is_angle(shape, arms_left=True):
        return "≥"
    if _is_angle(shape, arms_left=False):
        return "≤"
    return None


def _runs(rows: np.ndarray) -> np.ndarray:
    """How many separate runs of ink each row holds."""
    return np.asarray((np.diff(rows.astype(np.int8), axis=1) == 1).sum(axis=1) + rows[:, 0])


def _slanted_bar(shape: np.ndarray) -> bool:
    """A slanted bar (⩾) blur joined to the angle runs parallel to the lower arm: rows
    below the middle cross two strokes."""
    height = shape.shape[0]
    lower = shape[round(height * 0.55) :]
    return int((_runs(lower) >= 2).sum()) >= max(2, round(0.15 * height))


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
    bottom = height
    while bottom > height * 0.7 and _span(shape[bottom - 1]) >= 0.6 * width:
        bottom -= 1
    return shape[:bottom] if bottom < height else None


def _span(row: np.ndarray) -> int:
    inked = np.flatnonzero(row)
    return int(inked[-1] - inked[0] + 1) if inked.size else 0


def _is_angle(shape: np.ndarray, arms_left: bool) -> bool:
    """Two arms that start at the top and bottom of one side and meet in the middle of the
    other: the top and bottom rows hold ink only on the arms' side, the middle rows only
    towards the far edge. (The top of a 2 or a 3 spans the width, a 1 stands in the middle.)"""
    if not arms_left:
        shape = shape[:, ::-1]
    height, width = shape.shape
    band = max(1, round(height * 0.2))
    ends = np.flatnonzero(np.vstack((shape[:band], shape[-band:])).any(axis=0))
    low, high = round(height * 0.4), max(round(height * 0.6), round(height * 0.4) + 1)
    middle = np.flatnonzero(shape[low:high].any(axis=0))
    if ends.size == 0 or middle.size == 0:
        return False
    return bool(
        ends[0] <= 0.2 * width
        and ends[-1] < 0.55 * width
        and middle[0] >= 0.4 * width
        and middle[-1] >= 0.8 * width
    )


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


def _sign_by_profile(line: np.ndarray) -> str | None:
    """The first glyph read by where each of its rows starts and ends, which blur that thickens
    strokes does not move: > has its open ends at the left of its top and bottom rows and its
    tip at the right of its middle, with empty paper left of the tip; ≥ has a bar below. A
    digit's top (2 3 7 0 9) reaches right, a 1's widest row is its foot, a 4's crossbar leaves
    no notch. Mirrored, the same holds for < and ≤."""
    interior, _, _ = line_interior(line)
    # Strokes are cut where the grey is darker than a share of the way to the paper: a
    # blurred photo needs a darker cut to keep the arms apart, thin serif strokes a lighter
    # one to stay whole. Either may show the sign; they must not disagree.
    found = {_sign_of(_lone_first_glyph(_half_dark(interior, share))) for share in _HALF_DARK}
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
    otherwise pass for an angle's arm. An angle and its bar enclose none, save a sliver a
    pixel high or wide where blur bridged a ⩽'s slanted bar to its arm."""
    paper = np.pad(~glyph, 1, constant_values=True).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    # label 1 is the paper round the glyph (the padding); later labels are walled in
    return any(
        stats[i, cv2.CC_STAT_WIDTH] >= 2 and stats[i, cv2.CC_STAT_HEIGHT] >= 2
        for i in range(2, count)
    )


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
    mask: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[int], list[int]] | None:
    """(labels, stats, the first glyph's components, the rest's) of a line's ink mask: the
    first glyph is the leftmost component and those starting within 70% of its width (the
    bar under an angle); None when nothing follows it."""
    count, labels, stats = components(mask)
    parts = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 4]
    if len(parts) < 2:
        return None
    first = min(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    fx, fw = stats[first, cv2.CC_STAT_LEFT], stats[first, cv2.CC_STAT_WIDTH]
    glyph = [i for i in parts if stats[i, cv2.CC_STAT_LEFT] < fx + 0.7 * fw]
    rest = [i for i in parts if i not in glyph]
    return (labels, stats, glyph, rest) if rest else None


def _lone_first_glyph(mask: np.ndarray) -> np.ndarray | None:
    """The first glyph of a line cut to its box, when it stands apart from the rest and has a
    sign's proportions (a glyph merged with the next one is left alone)."""
    split = _first_glyph_and_rest(mask)
    if split is None:
        return None
    labels, stats, glyph, rest = split
    pixels = np.isin(labels, glyph)
    rows, cols = np.flatnonzero(pixels.any(axis=1)), np.flatnonzero(pixels.any(axis=0))
    box = pixels[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = box.shape
    text_height = max(int(stats[i, cv2.CC_STAT_HEIGHT]) for i in rest)
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
        # one stroke from the top to the tip: the upper arm (a 6's curled top has two)
        and bool((_runs(shape[: tip_rows[-1] + 1]) == 1).all())
        and below.size > 0
        and below.min() <= _ARM_SIDE * width + 1
    ):
        return None
    ink = shape.sum(axis=1)
    above, under = int(ink[: tip_rows[0]].sum()), int(ink[tip_rows[-1] + 1 :].sum())
    if under > _BAR_INK_RATIO * max(1, above):
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


def sign_over_digit(text: str, sign: str, rest: str) -> str:
    """Put a sign the glyph check saw before a reading that starts with a digit.

    The recogniser either dropped the sign ("95%") or read it as a digit ("21万元" for ≥1万元);
    `rest`, the reading of the line with the sign's glyph cut out, tells which: it matches the
    reading whole, or without its first character. When it matches neither (a different
    reading of the rest), its length decides; failing that the sign is taken as dropped.
    """
    if rest == text[1:] or (rest != text and len(rest) == len(text) - 1):
        return sign + text[1:]
    return sign + text
