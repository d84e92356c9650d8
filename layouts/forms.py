"""Grouping page grids into forms: a recognised form start opens a form, unrecognised grids
right after it continue that form's table (an indicator table running onto the next page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from declform.layouts import Grid, LayoutMatch


@dataclass(frozen=True)
class FormGroup:
    match: LayoutMatch
    grids: tuple[Grid, ...]


@dataclass(frozen=True)
class StrayGrid:
    """A grid that neither starts a form nor follows one."""

    grid: Grid


def group_forms(
    identified: Sequence[tuple[Grid, LayoutMatch | None]],
) -> tuple[list[FormGroup], list[StrayGrid]]:
    forms: list[FormGroup] = []
    strays: list[StrayGrid] = []
    current: list[Grid] = []
    current_match: LayoutMatch | None = None
    for grid, match in identified:
        if match is not None:
            if current_match is not None:
                forms.append(FormGroup(current_match, tuple(current)))
            current_match, current = match, [grid]
        elif current_match is not None and current[-1].page < grid.page:
            current.append(grid)
        else:
            strays.append(StrayGrid(grid))
    if current_match is not None:
        forms.append(FormGroup(current_match, tuple(current)))
    return forms, strays
