"""Anchors: the cells of a grid whose text is a known form label."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from layouts.grid import Cell, Grid
from normalize import VocabMatch, canonical_label


@dataclass(frozen=True)
class Anchor:
    key: str
    cell: Cell
    match: VocabMatch
    value_text: str | None = None  # text after the label when one cell holds label and value


@dataclass(frozen=True)
class AnchorIndex:
    """Label cells of one grid by key, each list in reading order (top-down, left-right)."""

    by_key: dict[str, tuple[Anchor, ...]]

    def keys(self) -> frozenset[str]:
        return frozenset(self.by_key)

    def first(self, key: str) -> Anchor | None:
        found = self.by_key.get(key)
        return found[0] if found else None

    def all(self, key: str) -> tuple[Anchor, ...]:
        return self.by_key.get(key, ())


def find_anchors(cells: Iterable[Cell]) -> AnchorIndex:
    found: dict[str, list[Anchor]] = {}
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        match = canonical_label(cell.text)
        if match is not None:
            found.setdefault(match.key, []).append(Anchor(match.key, cell, match))
    return AnchorIndex({key: tuple(anchors) for key, anchors in found.items()})


def grid_anchors(grid: Grid) -> AnchorIndex:
    return find_anchors(grid.cells)
