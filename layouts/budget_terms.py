"""The words of a budget block (kinds of spending, sources, totals) and the shape of a matrix
of figures: what the budget reader places amounts by, and what tells a matrix's corner cell
(项目（万元）) from a header label."""

from __future__ import annotations

import re

from declform.layouts.cells import below, right_of
from declform.layouts.grid import Cell, Grid
from declform.normalize import parse_amount

_UNIT_NOTE = re.compile(r"[（(]\s*[万千]?元\s*[)）]|单位\s*[:：]\s*[万千]?元")
_KINDS = {"基本支出": "basic", "项目支出": "project"}
_SOURCES = {
    "财政拨款": "fiscal", "财政资金": "fiscal", "一般公共预算": "fiscal",
    "其他资金": "other", "其他收入": "other", "自筹": "other", "非财政": "other",
}  # fmt: skip
_TOTALS = ("合计", "总计", "总额", "小计")
TOTAL = "total"


def heading_words(text: str) -> str:
    """A heading's words: no whitespace, no unit note, no 其中 (of which)."""
    squashed = "".join(text.split())
    return _UNIT_NOTE.sub("", squashed).removeprefix("其中").lstrip(":：")


def term_of(text: str) -> str | None:
    """basic / project (kinds of spending), fiscal / other (sources), total, or None."""
    words = heading_words(text)
    if not words:
        return None
    if any(words.endswith(t) for t in _TOTALS):
        return TOTAL
    for word, key in (*_KINDS.items(), *_SOURCES.items()):
        if word in words:
            return key
    return None


def _amount_text(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def figure_reading(cell: Cell) -> str | None:
    """The cell's reading of a figure: as read, or else the recogniser's first next reading
    that is one (a scan's 0 read as o, next reading 0); None where neither is. A text layer
    has no next readings, so its text stands as printed."""
    return next((t for t in (cell.text, *cell.alternatives) if _amount_text(t)), None)


def is_figure(cell: Cell | None) -> bool:
    return cell is not None and figure_reading(cell) is not None


_MATRIX_ROWS = 2  # a matrix has at least two rows of figures under its corner


def matrix_corner(grid: Grid, cell: Cell) -> bool:
    """Whether `cell` is the top-left corner of a budget matrix: right of it a column heading
    naming a kind of spending, a source or a total, under it at least two row headings that
    name one too, each with a figure right of it (either way round: kinds or sources down
    the side). A header row such as 项目期 | 长期 over 年度资金总额 | 20.97 is none."""
    beside = right_of(grid, cell)
    if beside is None or term_of(beside.text) is None:
        return False
    rows = 0
    under = below(grid, cell)
    while under is not None and term_of(under.text) is not None:
        if not is_figure(right_of(grid, under)):
            break
        rows += 1
        under = below(grid, under)
    return rows >= _MATRIX_ROWS
