"""One indicator row read from its anchors: which levels it sets, which pairs it fills.

The first label run of a row (before any text) holds its level-1 and level-2 anchors; texts come
in (三级指标, 指标值) pairs; a level-2 between two pairs is the annual side's. Which anchors a
prefix may hold depends on the sides the row fills, so a prefix is read for each possible side
and a row that stays ambiguous is rejected (see `_choose_side`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scripts.seeds.cells import Kind, Row, Token
from scripts.seeds.split import SeedConversionError
from scripts.seeds.table import (
    ANNUAL,
    MEDIUM,
    IndicatorHeader,
    Period,
    row_tokens,
    shape,
)


@dataclass(frozen=True)
class RowReading:
    """What one indicator row says: new level anchors and (name, value) cells per period."""

    level1: Token | None
    level2: Mapping[Period, Token]
    pairs: Mapping[Period, tuple[Token, Token | None]]


Levels = tuple[Token | None, Token | None, Token | None]  # level1, medium level2, annual level2


def _medium_prefix(labels: Sequence[Token], header: IndicatorHeader) -> Levels | None:
    if not labels:
        return None, None, None
    if len(labels) == 1:
        (only,) = labels
        if only.kind is Kind.LEVEL1:
            return only, None, None
        if only.kind is Kind.LEVEL2:
            return None, only, None
        # 成本指标 in the 一级 column spans 一级+二级 (newer forms); in the 二级 column it is
        # a level-2 under 产出指标 (older forms). Only its column tells them apart.
        if only.index == header.level1:
            return only, only, None
        if only.index == header.level2[0]:
            return None, only, None
        return None
    if len(labels) == 2 and labels[0].can_be_level1 and labels[1].can_be_level2:
        return labels[0], labels[1], None
    return None


def _annual_prefix(labels: Sequence[Token], header: IndicatorHeader) -> Levels | None:
    if not labels:
        return None, None, None
    first, rest = labels[0], list(labels[1:])
    if len(labels) == 3 and first.can_be_level1 and all(t.can_be_level2 for t in rest):
        return first, rest[0], rest[1]
    if len(labels) > 2 or not all(t.can_be_level2 for t in rest):
        return None
    annual = rest[0] if rest else None
    if first.kind is Kind.LEVEL1:
        return first, None, annual
    if first.kind is Kind.BOTH and first.index == header.level1:
        return first, first, annual  # 成本指标 spanning 一级+二级, as in _medium_prefix
    if annual is None:
        alone_is_annual = first.kind is Kind.LEVEL2 or first.index == header.level2[1]
        return (None, None, first) if alone_is_annual else None
    if first.kind is Kind.BOTH and first.index != header.level2[0]:
        return None
    return None, first, annual


def _single_prefix(labels: Sequence[Token]) -> Levels | None:
    """Annual-only forms: [一级] [二级]; 成本指标 alone is the 二级 under 产出指标 there."""
    if not labels:
        return None, None, None
    if len(labels) == 1:
        only = labels[0]
        return (only, None, None) if only.kind is Kind.LEVEL1 else (None, None, only)
    if len(labels) == 2 and labels[0].can_be_level1 and labels[1].can_be_level2:
        return labels[0], None, labels[1]
    return None


def _reading(levels: Levels, pairs: dict[Period, tuple[Token, Token | None]]) -> RowReading:
    level1, medium, annual = levels
    level2 = {
        period: token for period, token in ((MEDIUM, medium), (ANNUAL, annual)) if token is not None
    }
    return RowReading(level1=level1, level2=level2, pairs=pairs)


def _pair(texts: Sequence[Token]) -> tuple[Token, Token | None]:
    return texts[0], texts[1]


def _near(cells: Sequence[Token], columns: Sequence[int]) -> bool:
    """Every cell within one column of where the header puts it (OCR shifts are ±1)."""
    return all(abs(cell.index - column) <= 1 for cell, column in zip(cells, columns, strict=True))


def _choose_side(
    row: Row, candidates: dict[Period, Levels], cells: Sequence[Token], header: IndicatorHeader
) -> Period:
    """The period of a row that fills one side only: by its level cells when only one side's
    prefix can hold them, else by where all its cells stand relative to the header."""
    if len(candidates) == 1:
        return next(iter(candidates))
    if not candidates:
        raise SeedConversionError(f"line {row.line}: level cells in an impossible order")
    near = []
    for position, period in enumerate((MEDIUM, ANNUAL)):
        columns = (
            [header.level2[position]]
            if cells[0].is_label
            else [header.level3[position], header.value[position]]
        )
        if _near(cells, columns):
            near.append(period)
    if len(near) != 1:
        raise SeedConversionError(f"line {row.line}: cannot tell medium from annual side")
    return near[0]


def read_row(row: Row, header: IndicatorHeader) -> RowReading | None:
    """One indicator row, or None when it holds nothing (blank, "....." rows)."""
    tokens = row_tokens(row)
    if not tokens:
        return None
    runs = shape(tokens)
    prefix = runs[0] if runs[0][0].is_label else []
    rest = runs[1:] if prefix else runs
    if len(header.periods) == 1:
        return _read_single(row, prefix, rest, header)
    if not rest:  # level names only: they set the carried levels
        candidates = {
            p: lv for p, lv in ((MEDIUM, _medium_prefix(prefix, header)),
                                (ANNUAL, _annual_prefix(prefix, header))) if lv is not None
        }  # fmt: skip
        if (
            MEDIUM in candidates
            and ANNUAL in candidates
            and candidates[MEDIUM] != candidates[ANNUAL]
        ):
            side = _choose_side(row, candidates, prefix[-1:], header)
            return _reading(candidates[side], {})
        if not candidates:
            raise SeedConversionError(f"line {row.line}: level cells in an impossible order")
        return _reading(next(iter(candidates.values())), {})
    if len(rest) == 3 and len(rest[1]) == 1 and rest[1][0].can_be_level2:
        medium_texts, annual_texts = rest[0], rest[2]
        levels = _medium_prefix(prefix, header)
        if len(medium_texts) != 2 or len(annual_texts) != 2 or levels is None:
            raise SeedConversionError(
                f"line {row.line}: indicator row does not split into two (三级指标, 指标值) pairs"
            )
        pairs = {MEDIUM: _pair(medium_texts), ANNUAL: _pair(annual_texts)}
        return _reading((levels[0], levels[1], rest[1][0]), pairs)
    if len(rest) != 1:
        raise SeedConversionError(f"line {row.line}: level cells after the indicator texts")
    texts = rest[0]
    if len(texts) == 4:
        levels = _medium_prefix(prefix, header)
        if levels is None:
            raise SeedConversionError(f"line {row.line}: level cells in an impossible order")
        return _reading(levels, {MEDIUM: _pair(texts[:2]), ANNUAL: _pair(texts[2:])})
    if len(texts) != 2:
        raise SeedConversionError(
            f"line {row.line}: {len(texts)} text cells — cannot tell names from values"
        )
    candidates = {
        p: lv for p, lv in ((MEDIUM, _medium_prefix(prefix, header)),
                            (ANNUAL, _annual_prefix(prefix, header))) if lv is not None
    }  # fmt: skip
    side = _choose_side(row, candidates, texts, header)
    return _reading(candidates[side], {side: _pair(texts)})


def _read_single(
    row: Row, prefix: list[Token], rest: list[list[Token]], header: IndicatorHeader
) -> RowReading:
    levels = _single_prefix(prefix)
    if levels is None or len(rest) > 1:
        raise SeedConversionError(f"line {row.line}: level cells in an impossible order")
    texts = rest[0] if rest else []
    if len(texts) > 2:
        raise SeedConversionError(
            f"line {row.line}: {len(texts)} text cells — cannot tell names from values"
        )
    pairs: dict[Period, tuple[Token, Token | None]] = {}
    if len(texts) == 2:
        pairs[ANNUAL] = (texts[0], texts[1])
    elif texts:
        # A lone cell under a vertically merged value is a name; the OCR drops merged cells
        # on the left, so a name can stand left of 三级指标 but never in the value column.
        if texts[0].index > header.level3[0]:
            raise SeedConversionError(
                f"line {row.line}: lone cell {texts[0].text!r} in the value column"
            )
        pairs[ANNUAL] = (texts[0], None)  # the caller checks that it reads as a name
    return _reading(levels, pairs)
