"""Text clean-up shared by the engines, so that a Tesseract reading and a RapidOCR reading of
the same cell are spelled the same way: spaces, line joins, scan specks, and the repair of a
comparison sign the glyph check (`signs`) saw but the recogniser misread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

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


# The one digit a lone ≥ is read as: blur joins its bar to the lower arm, and an arm over a
# flat foot is a 2's outline. (Other digits read alone are taken as read.)
_SIGN_AS_DIGIT = "2"


def lone_glyph(text: str) -> bool:
    """One glyph that is no digit, or a 2: alone in its cell (an operator column's ≥) a sign
    has no figures to give it context, and is read as a letter, a Han character (V, N, M, 八)
    or, its bar joined to the angle, a 2."""
    return len(text) == 1 and (not text.isdigit() or text == _SIGN_AS_DIGIT)


def looks_like_value(text: str) -> bool:
    """Text whose first glyph may be a misread comparison sign: a check is worth its cost."""
    digit = _FIRST_DIGIT.search(text)
    return (
        text.startswith(_SIGN_LOOKALIKES)
        or (digit is not None and digit.start() <= 2)
        or lone_glyph(text)
    )


def lacks_figure(text: str) -> bool:
    """A short reading with no figure: a value's unit, perhaps after its sign ("≥家", "人%"),
    whose figure the recogniser lost to the glyph before it."""
    return 2 <= len(text) <= 3 and _FIRST_DIGIT.search(text) is None


def with_leading_sign(text: str, sign: str | None) -> str:
    """Put the sign the glyph check saw in place of what the engine read for it.

    The engine's reading of the sign is whatever precedes the first digit (at most two
    characters: "之", "二", ">", or nothing when it dropped the sign).
    """
    if sign is None or text.startswith(sign):
        return text
    if lone_glyph(text):
        return sign
    for lookalike in _SIGN_LOOKALIKES:
        if text.startswith(lookalike):
            return sign + text[len(lookalike) :]
    digit = _FIRST_DIGIT.search(text)
    if digit is not None and digit.start() <= 2:
        return sign + text[digit.start() :]
    return text


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
