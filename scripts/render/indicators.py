"""Indicator rows of the rendered forms: 一级/二级 groups as vertically merged cells.

Real forms merge the 一级指标 cell over its group's rows and, within a group, the 二级指标
cell over its run. The 8-column form shows the medium-term indicators on the left and the
annual ones on the right, sharing one 一级 column, so the two sides are paired by 一级 group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scripts.render.table import TableBuilder, consecutive_groups

Indicator = Mapping[str, Any]
Group = list[Indicator]


def _level1(ind: Indicator) -> str | None:
    value = ind.get("level1_raw")
    return str(value) if value is not None else None


def _level2(ind: Indicator) -> str | None:
    value = ind.get("level2_raw")
    return str(value) if value is not None else None


@dataclass(frozen=True)
class SideColumns:
    """Where one side's 二级 / 三级 / 指标值 go: (first column, colspan) each."""

    level2: tuple[int, int]
    name: tuple[int, int]
    value: tuple[int, int]
    numbered: bool = False  # 2023 forms print "指标1:", "指标2:" per 二级 group


def pair_level1_groups(
    medium: Sequence[Indicator], annual: Sequence[Indicator]
) -> list[tuple[Group, Group]]:
    """Pair the medium-term and annual 一级 groups that share a row block.

    Equal 一级 sequences pair group by group. When they differ, the groups are merged in
    order: a group whose 一级 never appears later on the other side gets a block of its own
    with the other side empty, so every indicator keeps its own 一级 text (a row-by-row
    pairing would print the annual side under the medium side's 一级).
    """
    med = consecutive_groups(medium, _level1)
    ann = consecutive_groups(annual, _level1)
    pairs: list[tuple[Group, Group]] = []
    i = j = 0
    while i < len(med) or j < len(ann):
        if i < len(med) and j < len(ann) and _level1(med[i][0]) == _level1(ann[j][0]):
            pairs.append((med[i], ann[j]))
            i, j = i + 1, j + 1
        elif i < len(med) and (
            j >= len(ann) or _level1(med[i][0]) not in {_level1(g[0]) for g in ann[j:]}
        ):
            pairs.append((med[i], []))
            i += 1
        elif j < len(ann):
            pairs.append(([], ann[j]))
            j += 1
        else:
            pairs.append((med[i], []))
            i += 1
    return pairs


def _write_side(
    builder: TableBuilder, top: int, height: int, group: Group, cols: SideColumns
) -> None:
    """One side of a 一级 block: 二级 runs merged, then blank rows down to `height`."""
    row = top
    for run in consecutive_groups(group, _level2):
        builder.put(row, cols.level2[0], _level2(run[0]), colspan=cols.level2[1], rowspan=len(run))
        for number, ind in enumerate(run, start=1):
            name = str(ind.get("name") or "")
            if cols.numbered:
                name = f"指标{number}:{name}"
            builder.put(row, cols.name[0], name, colspan=cols.name[1], align="left")
            builder.put(row, cols.value[0], ind.get("value"), colspan=cols.value[1])
            row += 1
    for blank in range(row, top + height):
        for first, span in (cols.level2, cols.name, cols.value):
            builder.put(blank, first, "", colspan=span)


def write_indicator_rows(
    builder: TableBuilder,
    level1_col: int,
    sides: Sequence[SideColumns],
    blocks: Sequence[Sequence[Group]],
) -> int:
    """Write blocks of groups (one group per side) from the builder's row; return rows used.

    Leaves the builder's cursor after the last indicator row. An empty table still gets one
    blank row, as the printed forms always show at least one.
    """
    start = builder.row
    if not blocks:
        blocks = [[[] for _ in sides]]
    for block in blocks:
        height = max(1, *(len(group) for group in block))
        first = next((group[0] for group in block if group), None)
        builder.put(builder.row, level1_col, _level1(first) if first else "", rowspan=height)
        for group, cols in zip(block, sides, strict=True):
            _write_side(builder, builder.row, height, group, cols)
        builder.next_row(height)
    return builder.row - start


def single_side_blocks(indicators: Sequence[Indicator]) -> list[list[Group]]:
    """Blocks for forms with one indicator side: one block per 一级 group."""
    return [[group] for group in consecutive_groups(indicators, _level1)]
