"""A header value read off a scan, judged before it is kept.

Marks alone, or a few Latin letters the recogniser made of specks, are no value; marks at a
value's ends are specks; an attribute outside the framework's words takes the recogniser's
next reading that is one of them; a name read with doubt that another print on the page
gives with a character or two otherwise (the title or the 填报单位 line naming the same
office) takes that print's reading where it is the surer one. Each change is a warning.
"""

from __future__ import annotations

import re

from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid, TextLine
from declform.normalize import trim_edge_marks
from declform.normalize.attributes import attribute_reading, is_attribute_word
from declform.normalize.dictionary import word_score
from declform.output.codes import WarningCode
from declform.output.thresholds import LOW_CONFIDENCE

# a letter, digit or CJK character: what any printed header value holds
_WORDLIKE = re.compile(r"[^\W_]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Names the page may print twice, and the reading confidence under which one is doubted.
_NAMES = frozenset({"project.name", "project.competent_department", "project.implementing_unit"})
_DOUBTED = 0.9
_SHORTEST_NAME = 4  # of three characters, one misread is a third of the name: no evidence
_NAME_CHARS_PER_EDIT = 8


def judged_value(
    field: str, text: str | None, cell: Cell | None, grid: Grid, findings: Findings
) -> str | None:
    """`text`, the value read for `field` from `cell`, as the record keeps it."""
    if text is not None and not _WORDLIKE.search(text):
        # marks alone (a copy's specks or a ruling's stub read as "，：" or "["): no value
        findings.warn(
            WarningCode.VALUE_UNREADABLE, f"{field}: {text!r} holds no word; left blank", cell
        )
        return None
    if not grid.ocr or text is None:
        return text
    if (trimmed := trim_edge_marks(text)) != text:
        findings.warn(
            WarningCode.SPECK_DROPPED,
            f"{field}: {text!r} read as {trimmed!r}, without the marks at its ends that no "
            "value has",
            cell,
        )
        text = trimmed
    if not text:
        return None
    if cell is not None and _specks_as_letters(text, cell):
        findings.warn(
            WarningCode.VALUE_UNREADABLE,
            f"{field}: {text!r}, read with confidence {cell.confidence:.2f}, holds neither a "
            "Chinese character nor a figure: specks, left blank",
            cell,
        )
        return None
    if field == "project.attribute" and cell is not None and not is_attribute_word(text):
        nearest = attribute_reading(cell.alternatives)
        if nearest is not None:
            findings.warn(
                WarningCode.VALUE_CORRECTED,
                f"{field}: {text!r} read as {nearest!r}, the recogniser's next reading, one "
                "of the attribute words",
                cell,
            )
            return nearest
    if field in _NAMES and cell is not None and (reprint := _reprinted(text, cell, grid)):
        findings.warn(
            WarningCode.VALUE_CORRECTED,
            f"{field}: {text!r} read as {reprint!r}, as the page prints it elsewhere",
            cell,
        )
        return reprint
    return text


def _specks_as_letters(text: str, cell: Cell) -> bool:
    """A doubtful reading of letters alone ("XSeY"): the family prints its header values
    in Chinese, with figures where they are dates or periods."""
    return (
        cell.confidence < LOW_CONFIDENCE
        and not _HAN.search(text)
        and not any(char.isdigit() for char in text)
    )


def _reprinted(text: str, cell: Cell, grid: Grid) -> str | None:
    """The reading another print on the page gives of a doubted name: the one stretch of a
    line outside the table or a full-width title cell that differs from it in one Chinese
    character in eight (at least one, none beside), where that print is the surer reading
    (read more confidently, or its characters form words where the cell's do not)."""
    value = "".join(text.split())
    if cell.confidence >= _DOUBTED or len(value) < _SHORTEST_NAME:
        return None
    budget = max(1, len(value) // _NAME_CHARS_PER_EDIT)
    prints: list[Cell | TextLine] = [
        *grid.free_text, *(c for c in grid.cells if c.colspan == grid.n_cols and c is not cell)
    ]
    found: dict[str, float] = {}
    for printed in prints:
        line = "".join(printed.text.split())
        for start in range(len(line) - len(value) + 1):
            window = line[start : start + len(value)]
            if window == value:
                return None  # printed alike elsewhere: the reading stands
            diffs = [(a, b) for a, b in zip(value, window, strict=True) if a != b]
            if len(diffs) <= budget and all(_HAN.match(a) and _HAN.match(b) for a, b in diffs):
                found[window] = max(found.get(window, 0.0), printed.confidence)
    if len(found) != 1:
        return None
    ((window, confidence),) = found.items()
    surer = confidence > cell.confidence or word_score(window) > word_score(value)
    return window if surer else None
