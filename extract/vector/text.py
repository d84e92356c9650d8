"""Pure text assembly from pdfplumber character dicts: lines, gaps, whitespace.

Kept free of pdfplumber objects so it can be tested with plain dicts; only the keys
`text`, `x0`, `x1`, `top`, `bottom` of each char are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from statistics import median
from typing import Any

Char = Mapping[str, Any]

_WHITESPACE = re.compile(r"\s+")

# Two glyphs are one line when their vertical centres differ by less than this share of the
# taller glyph: half a line keeps sub/superscripts on their line but never joins two lines.
_SAME_LINE_SHARE = 0.5

# A gap wider than this many typical character widths separates two pieces of free text
# printed on one baseline (e.g. 填报日期 on the left and 填报人 on the right).
_GAP_IN_CHAR_WIDTHS = 3.0


def clean(text: str) -> str:
    """Collapse whitespace runs to one space and strip, the record's text convention."""
    return _WHITESPACE.sub(" ", text).strip()


def _centre_y(char: Char) -> float:
    return (float(char["top"]) + float(char["bottom"])) / 2


def _height(char: Char) -> float:
    return float(char["bottom"]) - float(char["top"])


def dedupe_overprints(chars: Iterable[Char]) -> list[Char]:
    """Drop glyphs printed again on top of themselves (fake bold in Word/WPS exports).

    A char is an overprint when the same text already sits within a quarter of its width
    horizontally and a quarter of its height vertically; genuinely repeated characters are
    a full width apart, so they survive.
    """
    kept: list[Char] = []
    seen: dict[tuple[str, int], list[tuple[float, float, float, float]]] = {}
    for char in chars:
        text = str(char["text"])
        x0, top = float(char["x0"]), float(char["top"])
        width = max(float(char["x1"]) - x0, 0.1)
        height = max(_height(char), 0.1)
        bucket = round(top)
        duplicate = any(
            abs(x0 - other_x) < 0.25 * max(width, other_w)
            and abs(top - other_top) < 0.25 * max(height, other_h)
            for key in ((text, bucket - 1), (text, bucket), (text, bucket + 1))
            for other_x, other_top, other_w, other_h in seen.get(key, ())
        )
        if duplicate:
            continue
        seen.setdefault((text, bucket), []).append((x0, top, width, height))
        kept.append(char)
    return kept


def group_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Cluster chars into text lines, top to bottom, each line's chars left to right."""
    lines: list[list[Char]] = []
    line_centre = 0.0
    line_height = 0.0
    for char in sorted(chars, key=_centre_y):
        centre, height = _centre_y(char), _height(char)
        if lines and abs(centre - line_centre) <= _SAME_LINE_SHARE * max(height, line_height):
            line = lines[-1]
            line.append(char)
            # running mean keeps a long line from drifting with one odd glyph
            line_centre += (centre - line_centre) / len(line)
            line_height = max(line_height, height)
        else:
            lines.append([char])
            line_centre, line_height = centre, height
    for line in lines:
        line.sort(key=lambda c: float(c["x0"]))
    return lines


def line_text(line: Sequence[Char]) -> str:
    """The chars of one line in order, with exactly the spaces the PDF contains."""
    return "".join(str(c["text"]) for c in line)


def block_text(chars: Iterable[Char]) -> str:
    """Text of a cell: lines top to bottom joined without separator, then cleaned.

    Chinese text wraps mid-phrase, so a line break must not become a space.
    """
    return clean("".join(line_text(line) for line in group_lines(chars)))


def split_on_gaps(line: Sequence[Char]) -> list[list[Char]]:
    """Split one line where the horizontal gap exceeds a few typical character widths."""
    if not line:
        return []
    widths = [float(c["x1"]) - float(c["x0"]) for c in line if str(c["text"]).strip()]
    typical = median(widths) if widths else 1.0
    pieces: list[list[Char]] = [[line[0]]]
    for prev, char in pairwise(line):
        if float(char["x0"]) - float(prev["x1"]) > _GAP_IN_CHAR_WIDTHS * typical:
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return pieces


def bounds(chars: Sequence[Char]) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) enclosing the chars, in their own units."""
    return (
        min(float(c["x0"]) for c in chars),
        min(float(c["top"]) for c in chars),
        max(float(c["x1"]) for c in chars),
        max(float(c["bottom"]) for c in chars),
    )
