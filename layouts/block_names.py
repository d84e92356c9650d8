"""Indicator names printed twice: the medium-term and the annual block of one form.

A project form's two blocks list the same indicators under the same levels, most often by the
same names (the targets differ, the names rarely). When a copy spoils one block's print (a
fax's page of blotted glyphs, "细质列企业了解" for 吸引企业了解) and leaves the other's
legible, the doubtful reading of a name is taken from the other block: only where the two
blocks have the same rows, level by level, and only for a reading the recogniser doubted that
is still close to a name it read surely. Names that differ for real (聘用人员次数 | 聘用人员数量)
are both read surely and stay as printed. Levels left unknown take the other block's.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from declform.layouts.fields import Findings
from declform.layouts.grid import Cell
from declform.normalize.text import squash
from declform.output import Indicator
from declform.output.codes import WarningCode

# A name read below this confidence is doubtful; one read at or above SURE, and clearly
# surer than the doubtful reading, is taken for it when they are this similar.
DOUBTFUL = 0.8
SURE = 0.9
_MARGIN = 0.1
_SIMILAR = 0.4


def _aligned(medium: list[Indicator], annual: list[Indicator]) -> bool:
    """The blocks list the same rows: as many, each row's levels the same where both read."""
    return len(medium) == len(annual) and all(
        m.level2 is None or a.level2 is None or m.level2 == a.level2
        for m, a in zip(medium, annual, strict=True)
    )


def _confidence(cell: Cell | None) -> float:
    return cell.confidence if cell is not None and cell.text.strip() else 0.0


def _better_name(
    row: Indicator, other: Indicator, cells: tuple[Cell | None, Cell | None]
) -> str | None:
    """`other`'s name where it is the sure reading of `row`'s doubtful one, else None."""
    own, theirs = (_confidence(c) for c in cells)
    if other.name is None or own >= DOUBTFUL or theirs < SURE or theirs < own + _MARGIN:
        return None
    if row.name is not None and Levenshtein.normalized_similarity(
        squash(row.name), squash(other.name)
    ) < _SIMILAR:
        return None
    return other.name if other.name != row.name else None


def _with_levels(row: Indicator, other: Indicator) -> Indicator:
    if row.level2 is not None or other.level2 is None:
        return row
    return replace(row, level1=row.level1 or other.level1, level2=other.level2)


def reconcile_blocks(
    medium: list[Indicator], annual: list[Indicator], findings: Findings
) -> tuple[list[Indicator], list[Indicator]]:
    """Both blocks with each doubtful name taken from the other block's sure reading of the
    same row, and unknown levels from its levels, each with a warning naming the source."""
    if not medium or not _aligned(medium, annual):
        return medium, annual
    blocks = {"medium_term": list(medium), "annual": list(annual)}
    for index, (m_row, a_row) in enumerate(zip(medium, annual, strict=True)):
        for period, row, other, other_period in (
            ("medium_term", m_row, a_row, "annual"),
            ("annual", a_row, m_row, "medium_term"),
        ):
            where = f"indicators.{period}[{index}]"
            cells = (findings.provenance.get(f"{where}.name"),
                     findings.provenance.get(f"indicators.{other_period}[{index}].name"))
            fixed = row
            name = _better_name(row, other, cells)
            if name is not None:
                findings.warn(
                    WarningCode.NAME_CORRECTED,
                    f"indicator name {row.name!r} read as {name!r}, the other block's surer "
                    "reading of the same row",
                    cells[0],
                )
                fixed = replace(fixed, name=name)
            levelled = _with_levels(fixed, other)
            if levelled is not fixed:
                findings.warn(
                    WarningCode.LEVEL_INFERRED,
                    f"二级指标 taken as {levelled.level2!r}, the other block's on the same row",
                    cells[0],
                )
            blocks[period][index] = levelled
    return blocks["medium_term"], blocks["annual"]
