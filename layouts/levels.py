"""An indicator row's 一级/二级 levels: read against the framework's vocabulary, and one taken
from the other where the framework allows only one."""

from __future__ import annotations

from collections.abc import Callable

from declform.layouts.fields import Findings
from declform.layouts.grid import Cell
from declform.normalize import VocabMatch, only_child_level2, parent_level1
from declform.output.codes import WarningCode


def read_level(
    text: str | None,
    vocabulary: Callable[..., VocabMatch | None],
    what: str,
    cell: Cell | None,
    findings: Findings,
) -> VocabMatch | None:
    if text is None:
        return None
    # the cell stands under its level heading: a name, however misread, or noise
    canonical = vocabulary(text, under_heading=True)
    if canonical is None:
        findings.warn(
            WarningCode.UNKNOWN_LEVEL, f"{what} {text!r} is not a known indicator level", cell
        )
        return None
    if not canonical.exact:
        findings.warn(
            WarningCode.LEVEL_CORRECTED, f"{what} {text!r} read as {canonical.canonical!r}", cell
        )
    return canonical


def completed_levels(
    level1: VocabMatch | None,
    level2: VocabMatch | None,
    cells: tuple[Cell | None, Cell | None],
    findings: Findings,
    missing: set[str] | frozenset[str] = frozenset(),
) -> tuple[VocabMatch | None, VocabMatch | None]:
    """A level printed but unknown or unreadable, or in a column the form does not print
    (`missing`), taken from the other where the framework allows one only (社会效益指标 sits
    under 效益指标; 满意度指标 holds 服务对象满意度指标)."""
    level1_cell, level2_cell = cells
    if level1 is None and level2 is not None and "level1" in missing:
        return parent_level1(level2), level2
    if level1 is None and level2 is not None and level1_cell is not None:
        level1 = parent_level1(level2)
        if level1 is not None:
            findings.warn(
                WarningCode.LEVEL_INFERRED,
                f"一级指标 taken as {level1.canonical!r}, the one above {level2.canonical!r}",
                level1_cell,
            )
    elif level2 is None and level1 is not None and level2_cell is not None:
        level2 = only_child_level2(level1)
        if level2 is not None:
            findings.warn(
                WarningCode.LEVEL_INFERRED,
                f"二级指标 taken as {level2.canonical!r}, the only one of {level1.canonical!r}",
                level2_cell,
            )
    return level1, level2
