"""Grouping page grids into forms: continuations join the form they follow."""

from __future__ import annotations

from declform.layouts import LayoutMatch, builtin_layouts
from declform.layouts.forms import group_forms
from tests.layouts.gridkit import make_grid


def test_group_forms_joins_continuations_and_keeps_strays() -> None:
    layout = builtin_layouts()[0]
    match = LayoutMatch(layout, 1.0, True)
    grid = lambda page: make_grid([(0, 0, 1, 1, "x")], page=page)  # noqa: E731
    g1, g2, g3, g4, g0 = grid(1), grid(2), grid(3), grid(4), grid(1)
    forms, strays = group_forms([(g0, None), (g1, match), (g2, None), (g3, match), (g4, None)])
    assert [f.grids for f in forms] == [(g1, g2), (g3, g4)]
    assert [s.grid for s in strays] == [g0]
