"""Label-value pairs the schema has no field for (项目负责人, 联系电话, 项目代码 …): kept in the
record, never dropped. Found among the cells nothing else claimed, above the indicator block:
a short label-like text and the text right of it (or nothing, where the form left it blank)."""

from __future__ import annotations

import re
from collections.abc import Collection

from declform.layouts.cells import right_of
from declform.layouts.fields import ExtraField
from declform.layouts.grid import Cell, Grid
from declform.normalize import clean_text

_LABEL_CHARS = 16  # a label is a few words; a sentence is content
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_IN_LABELS = re.compile(r"[0-9０-９。；;，,！!？?□√]")


def looks_like_label(text: str | None) -> bool:
    """Short, Chinese, without figures or sentence marks: 项目负责人, 联系电话, 项目代码."""
    if not text or len(text) > _LABEL_CHARS:
        return False
    return bool(_HAN.search(text)) and not _NOT_IN_LABELS.search(text)


def _labels_a_value(grid: Grid, cell: Cell, taken: Collection[Cell]) -> bool:
    """Whether `cell` is a label with a value of its own right of it (财政供养人员数 | 737)."""
    value = right_of(grid, cell)
    return (
        looks_like_label(clean_text(cell.text))
        and value is not None
        and value not in taken
        and bool(value.text.strip())
        and not looks_like_label(clean_text(value.text))
    )


def read_extras(
    grid: Grid, claimed: Collection[Cell], before_row: int | None
) -> list[ExtraField]:
    """The label cell and its value cell (or None) for each unclaimed label-like cell above
    `before_row` (the indicator block's heading row) whose right neighbour is unclaimed too."""
    pairs: list[ExtraField] = []
    taken: set[Cell] = set(claimed)
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        if before_row is not None and cell.row >= before_row:
            break
        if cell in taken or not looks_like_label(clean_text(cell.text)):
            continue
        value = right_of(grid, cell)
        if value is not None and (value in taken or value.rowspan > cell.rowspan):
            continue  # the neighbour belongs elsewhere, or heads a block of rows
        if value is not None and _labels_a_value(grid, value, taken):
            continue  # a section's name (基本信息) before a label and its value
        printed = value is not None and value.text.strip()
        pairs.append(ExtraField((cell,), value if printed else None))
        taken.add(cell)
        if value is not None:
            taken.add(value)
    return pairs
