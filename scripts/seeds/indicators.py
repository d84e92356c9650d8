"""The indicator rows of a seed form → `Indicator`s, with 一级/二级 carried down their merges.

A vertically merged level cell is printed once, in the first row of the merge, so each period
keeps the last level-2 it saw and both periods share the last level-1 (a new level-1 resets
the level-2s). An indicator is only emitted when its levels are known and belong together
(社会效益指标 under 产出指标 means the OCR lost the 效益指标 cell): a record that guesses is
worse than a rejected form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from declform.normalize.text import strip_indicator_prefix
from declform.normalize.values import parse_value
from declform.normalize.vocabulary import (
    LEVEL1_NAMES,
    LEVEL2_PARENTS,
    canonical_level1,
    canonical_level2,
)
from declform.output.record import Indicator
from scripts.seeds.cells import Row, Token
from scripts.seeds.rows import RowReading, read_row
from scripts.seeds.split import SeedConversionError
from scripts.seeds.table import (
    ANNUAL,
    MEDIUM,
    IndicatorHeader,
    Period,
)

# Every filled period of a complete table has these sections (成本指标 is optional: older
# forms list costs under 产出指标). A period without one was cut off or lost level cells.
_REQUIRED_LEVEL1 = ("产出指标", "效益指标", "满意度指标")
# Qualitative target values are short ("有所提升", "进一步加强"); a longer sentence with a
# direction word in it ("推动技术创新、科技成果转化及产业化发展") is a 三级指标 name.
_LONGEST_QUALITATIVE_VALUE = 8


def _looks_like_name(text: str) -> bool:
    """A lone cell under a vertically merged value is a name unless it reads as a target."""
    kind = parse_value(text)["kind"]
    return kind == "text" or (kind == "qualitative" and len(text) > _LONGEST_QUALITATIVE_VALUE)


@dataclass(frozen=True)
class _Level1:
    """The 一级 in force: its canonical name and key, and the printed text (None if unseen)."""

    canonical: str
    key: str
    raw: str | None


def _printed_level1(token: Token) -> _Level1:
    match = canonical_level1(token.text)
    if match is None:  # tokens were classified with the same matcher
        raise SeedConversionError(f"level name {token.text!r} not recognised")
    return _Level1(match.canonical, match.key, token.text)


def _lost_level1(
    reading: RowReading, header: IndicatorHeader, current: _Level1 | None
) -> _Level1 | None:
    """The 一级 of a section whose merged 一级 cell the OCR lost, in annual-only forms.

    The row's 二级 slid left into the 一级 column (the lost cell left no gap) and cannot sit
    under the 一级 carried from above, so it opens a new section; its 一级 is the one parent
    the framework allows (社会效益指标 → 效益指标). The printed text stays unknown (raw None).
    Only annual-only forms: an 8-column template that really prints 社会效益指标 under
    产出指标 produces the same cells there, so those rows are rejected instead.
    """
    level2 = reading.level2.get(ANNUAL)
    if len(header.periods) != 1 or reading.level1 is not None or level2 is None:
        return None
    match = canonical_level2(level2.text)
    if current is None or match is None or level2.index != header.level1:
        return None
    parents = LEVEL2_PARENTS[match.key]
    if current.key in parents or len(parents) != 1:
        return None
    (parent_key,) = parents
    # the paper printed this 一级 in a merged cell the OCR lost: record it as printed too,
    # so a form rendered from this record shows what the original showed
    return _Level1(LEVEL1_NAMES[parent_key], parent_key, LEVEL1_NAMES[parent_key])


class _Carry:
    def __init__(self) -> None:
        self.level1: _Level1 | None = None
        self.level2: dict[Period, Token | None] = {MEDIUM: None, ANNUAL: None}

    def take(self, reading: RowReading, header: IndicatorHeader) -> None:
        """Carry down the level cells this row prints (a new 一级 resets both 二级)."""
        level1 = _lost_level1(reading, header, self.level1)
        if reading.level1 is not None:
            level1 = _printed_level1(reading.level1)
        if level1 is not None:
            self.level1 = level1
            self.level2 = {MEDIUM: None, ANNUAL: None}
        self.level2.update(reading.level2)

    def indicator(
        self, row: Row, period: Period, name_cell: Token, value_cell: Token | None
    ) -> Indicator | None:
        name = strip_indicator_prefix(name_cell.text)
        value = value_cell.text if value_cell is not None else None
        if name is None and value is None:
            return None
        if value is None and name is not None and not _looks_like_name(name_cell.text):
            raise SeedConversionError(f"line {row.line}: a value {name!r} without its name")
        level1, level2 = self.level1, self.level2[period]
        if level1 is None or level2 is None:
            missing = "一级指标" if level1 is None else "二级指标"
            raise SeedConversionError(f"line {row.line}: indicator without a {missing} above it")
        match2 = canonical_level2(level2.text)
        if match2 is None:  # tokens were classified with the same matcher
            raise SeedConversionError(f"line {row.line}: level name {level2.text!r} not recognised")
        if level1.key not in LEVEL2_PARENTS[match2.key]:
            raise SeedConversionError(
                f"line {row.line}: 二级指标 {level2.text!r} cannot sit under 一级指标 "
                f"{level1.raw!r} (a level cell is missing)"
            )
        if name is not None and name.endswith("满意度") and level1.key != "satisfaction":
            raise SeedConversionError(
                f"line {row.line}: satisfaction indicator {name!r} under {level1.raw!r} "
                "(the 满意度指标 cell is missing)"
            )
        return Indicator(
            period=period,
            level1=level1.canonical,
            level2=match2.canonical,
            level1_raw=level1.raw,
            level2_raw=level2.text,
            name=name,
            value=value,
            parsed=parse_value(value) if value is not None else None,
        )


def _check_level2_agree(row: Row, reading_sides: set[Period], carry: _Carry) -> None:
    """Both periods filled but only one printed a new 二级: the other's cell was lost."""
    medium, annual = carry.level2[MEDIUM], carry.level2[ANNUAL]
    if medium is None or annual is None or len(reading_sides) != 1:
        return
    match_m, match_a = canonical_level2(medium.text), canonical_level2(annual.text)
    if match_m is not None and match_a is not None and match_m.key != match_a.key:
        raise SeedConversionError(
            f"line {row.line}: 二级指标 changes on one side only ({medium.text!r} / "
            f"{annual.text!r})"
        )


def parse_indicators(rows: Sequence[Row], header: IndicatorHeader) -> tuple[Indicator, ...]:
    """All indicators below the header: medium-term ones first, then annual, in table order."""
    carry = _Carry()
    emitted: dict[Period, list[Indicator]] = {MEDIUM: [], ANNUAL: []}
    for row in rows:
        reading = read_row(row, header)
        if reading is None:
            continue
        carry.take(reading, header)
        if len(reading.pairs) == 2:
            _check_level2_agree(row, set(reading.level2), carry)
        for period, (name_cell, value_cell) in reading.pairs.items():
            indicator = carry.indicator(row, period, name_cell, value_cell)
            if indicator is not None:
                emitted[period].append(indicator)
    for period, indicators in emitted.items():
        present = {indicator.level1 for indicator in indicators}
        missing = [level for level in _REQUIRED_LEVEL1 if indicators and level not in present]
        if missing:
            raise SeedConversionError(
                f"indicator table incomplete: no {'/'.join(missing)} rows for {period} "
                "(table cut off or level cells lost)"
            )
    return (*emitted[MEDIUM], *emitted[ANNUAL])
