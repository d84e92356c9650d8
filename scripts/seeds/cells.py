"""Cells of the seed tables: printed text recovered from the OCR markup, and what a cell is.

The seed OCR writes one table row per line with tab-separated cells. Cell text can carry HTML
(<p>, <sup>2</sup>) — handled by normalize.clean_text — and LaTeX math such as
`$\\geq 90\\%$` or `$\\leq 2$ 万元`, which is turned back into what the paper prints
("≥90%", "≤2万元") here, because the record keeps values as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from declform.normalize.labels import canonical_label
from declform.normalize.latex import resolve_math
from declform.normalize.text import clean_text
from declform.normalize.vocabulary import VocabMatch, canonical_level1, canonical_level2

_ELLIPSIS_CELL = re.compile(r"^[.。…·]+$")


def printed_text(raw: str) -> str | None:
    """The cell as printed: LaTeX resolved, HTML dropped, whitespace collapsed; empty → None."""
    return clean_text(resolve_math(raw))


@dataclass(frozen=True)
class Row:
    """One table line of the seed: its line number and its cells (None where empty)."""

    line: int
    cells: tuple[str | None, ...]

    @property
    def filled(self) -> list[tuple[int, str]]:
        return [(index, text) for index, text in enumerate(self.cells) if text is not None]


def parse_row(line_number: int, line: str) -> Row:
    return Row(line_number, tuple(printed_text(cell) for cell in line.split("\t")))


def is_ellipsis(text: str) -> bool:
    """Cells of dots ("....."): rows the filer left out; they carry no content."""
    return bool(_ELLIPSIS_CELL.match(text))


class Kind(Enum):
    TEXT = "text"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    BOTH = "both"  # 成本指标: a level-1 name in newer forms, a level-2 name in older ones


@dataclass(frozen=True)
class Token:
    """A non-empty indicator-table cell with its position and what it looks like."""

    index: int
    text: str
    kind: Kind

    @property
    def is_label(self) -> bool:
        return self.kind is not Kind.TEXT

    @property
    def can_be_level1(self) -> bool:
        return self.kind in (Kind.LEVEL1, Kind.BOTH)

    @property
    def can_be_level2(self) -> bool:
        return self.kind in (Kind.LEVEL2, Kind.BOTH)

    def as_text(self) -> Token:
        return Token(self.index, self.text, Kind.TEXT)


def classify(index: int, text: str) -> Token:
    level1 = canonical_level1(text)
    level2 = canonical_level2(text)
    if level1 is not None and level2 is not None:
        kind = Kind.BOTH
    elif level1 is not None:
        kind = Kind.LEVEL1
    elif level2 is not None:
        kind = Kind.LEVEL2
    else:
        kind = Kind.TEXT
    return Token(index, text, kind)


def label_of(text: str | None) -> VocabMatch | None:
    return canonical_label(text)


def split_label_value(text: str) -> tuple[VocabMatch, str] | None:
    """A label and its value OCR'd into one cell ("实施单位 市科技局"), when that is what it is."""
    head, _, rest = text.partition(" ")
    match = canonical_label(head) if rest else None
    if match is None or canonical_label(text) is not None:
        return None
    return match, rest.strip()
