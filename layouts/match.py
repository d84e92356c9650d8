"""Choosing the layout for a grid by its title and the labels it carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from declform.layouts.anchors import AnchorIndex
from declform.layouts.spec import ROLE_HEADINGS, Layout

_BLOCK_COLUMNS = frozenset({"operator_header", "unit_header", "weight_header", "note_header"})


@dataclass(frozen=True)
class LayoutMatch:
    layout: Layout
    score: float
    title_matched: bool
    # why the form can be read only in part (a damaged page), None for a form read whole
    incomplete: str | None = None


def score_layout(layout: Layout, title: str | None, anchors: AnchorIndex) -> LayoutMatch | None:
    """None when the grid cannot be this layout; otherwise how well it fits."""
    keys = anchors.keys()
    rule = layout.match
    if not set(rule.labels_all) <= keys or keys & set(rule.labels_none):
        return None
    # the layout's indicator blocks must be there as it reads them: a form printing the 中期
    # labels with one (annual) block, blocks stacked rather than side by side, or columns the
    # layout does not read (指标性质, 计量单位, 权重, 备注) is another variant, read by the
    # layout its own headings give
    for side in layout.indicators:
        for role, occurrence in side.occurrences.items():
            if len(anchors.all(ROLE_HEADINGS[role])) < occurrence:
                return None
    read = {ROLE_HEADINGS[role] for side in layout.indicators for role in side.occurrences}
    if any(anchors.all(key) for key in _BLOCK_COLUMNS - read):
        return None
    if len({a.cell.row for a in anchors.all("value_header")}) > 1:
        return None
    title_text = title or ""
    if any(word in title_text for word in rule.title_none):
        return None
    title_matched = any(word in title_text for word in rule.title_any)
    score = len(rule.labels_all) + len(rule.labels_none) + (2.0 if title_matched else 0.0)
    return LayoutMatch(layout, score, title_matched)


def match_layout(
    layouts: Sequence[Layout], title: str | None, anchors: AnchorIndex
) -> LayoutMatch | None:
    """The best-fitting layout, or None when no layout's anchors are all present."""
    scored = [m for layout in layouts if (m := score_layout(layout, title, anchors)) is not None]
    return max(scored, key=lambda m: m.score, default=None)
