"""Which line segments meet: tables as sets of segments, and where segments end.

Ruling lines meet other ruling lines: a table line ends where it runs into the table frame
or into a crossing line. A text stroke that survived the line filter (a long 一, a dash, an
underline, a seal's arc) meets a line at one end at most. `Contacts` records, for both ends
of every segment, whether a perpendicular segment passes there, and how many it meets.
`group_tables` splits a page's segments into tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.segments import Segment

BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


def anchor(segment: Segment) -> tuple[float, float]:
    """(along, across) at the middle of the segment."""
    mid = (segment.start + segment.end) / 2
    return mid, segment.position(mid)


def crossings(
    horizontal: Sequence[Segment], vertical: Sequence[Segment]
) -> tuple[FloatArray, FloatArray]:
    """x, y (each n_h x n_v) where the straight fits of every (h, v) pair cross."""
    h_mid = np.array([anchor(s) for s in horizontal]).reshape(-1, 2)  # (x, y)
    v_mid = np.array([anchor(s) for s in vertical]).reshape(-1, 2)  # (y, x)
    h_slope = np.array([s.slope for s in horizontal])[:, None]
    v_slope = np.array([s.slope for s in vertical])[None, :]
    y = np.repeat(h_mid[:, 1:2], len(vertical), axis=1)
    x = v_mid[None, :, 1] + v_slope * (y - v_mid[None, :, 0])
    for _ in range(2):
        y = h_mid[:, 1:2] + h_slope * (x - h_mid[:, 0:1])
        x = v_mid[None, :, 1] + v_slope * (y - v_mid[None, :, 0])
    return x, y


@dataclass(frozen=True)
class Contacts:
    """Per segment of one direction: whether a perpendicular segment passes at its start and
    at its end (`ends`, n x 2), and how many perpendicular segments it meets anywhere."""

    ends: BoolArray
    meets: NDArray[np.int64]

    @staticmethod
    def none(count: int) -> Contacts:
        return Contacts(np.zeros((count, 2), dtype=bool), np.zeros(count, dtype=np.int64))


def _ends(
    starts: FloatArray,
    ends: FloatArray,
    at: FloatArray,
    meets: BoolArray,
    reach: float,
    bridge: float = 0.0,
    plain: BoolArray | None = None,
) -> BoolArray:
    """(n, 2): some crossing `at` (n x m, along this segment) lies within reach of each end.

    With `bridge`, an end of a `plain` segment (no other ink crowds it, as the rest of a
    character crowds a stroke) also meets a crossing up to `bridge` beyond it, no farther
    than the segment is long, when its other end meets one within reach: a ruling whose
    last stretch dropped out, as on a heavy photocopy.
    """
    near_start = ((np.abs(at - starts) <= reach) & meets).any(axis=1)
    near_end = ((np.abs(at - ends) <= reach) & meets).any(axis=1)
    if bridge > 0:
        lost = np.minimum(bridge, ends - starts)
        if plain is not None:
            lost = np.where(plain[:, None], lost, -1.0)
        short_start = ((starts - at >= 0) & (starts - at <= lost) & meets).any(axis=1)
        short_end = ((at - ends >= 0) & (at - ends <= lost) & meets).any(axis=1)
        near_start, near_end = (
            near_start | (short_start & near_end),
            near_end | (short_end & near_start),
        )
    return np.stack([near_start, near_end], axis=1)


def _bridged(
    along: FloatArray,
    starts: FloatArray,
    ends: FloatArray,
    across: FloatArray,
    reach: float,
    bridge: float,
) -> BoolArray:
    """(n x m) for n lines of one direction and m crossing segments: whether line i runs on
    past crossing j in pieces on both sides of it, each within `bridge` of the crossing.

    `along` (n x m) is where crossing j meets line i's fit, measured along line i; `starts`,
    `ends` (n x 1) are the pieces' extents; `across` (n x m) is the position across line i
    (along crossing j) where they meet, which groups the pieces of one line: pieces whose
    fits cross j within `reach` of one another are one line.
    """
    n, m = along.shape
    found = np.zeros((n, m), dtype=bool)
    for j in range(m):
        order = np.argsort(across[:, j])
        positions = across[order, j]
        for k, i in enumerate(order):
            if found[i, j]:
                continue
            same = order[np.abs(positions - positions[k]) <= reach]
            at = along[i, j]
            before = ends[same, 0] <= at
            after = starts[same, 0] >= at
            left = before & (at - ends[same, 0] <= bridge)
            right = after & (starts[same, 0] - at <= bridge)
            if left.any() and right.any():
                found[same, j] = True
    return found


def contacts(
    horizontal: Sequence[Segment],
    vertical: Sequence[Segment],
    reach: float,
    bridge: float = 0.0,
) -> tuple[Contacts, Contacts]:
    """Contacts of the horizontal and of the vertical segments with each other.

    With `bridge`, a segment's end also meets a crossing line that has a gap of dropped-out
    ink there, as long as pieces of that line (collinear within `reach`) lie on both sides
    no farther than `bridge`, and one that stops short of a crossing line (see `_ends`): a
    heavy photocopy breaks its ruling anywhere, corners too.
    """
    if not horizontal or not vertical:
        return Contacts.none(len(horizontal)), Contacts.none(len(vertical))
    x, y = crossings(horizontal, vertical)
    h_start = np.array([s.start for s in horizontal])[:, None]
    h_end = np.array([s.end for s in horizontal])[:, None]
    v_start = np.array([s.start for s in vertical])[None, :]
    v_end = np.array([s.end for s in vertical])[None, :]
    on_h = (x >= h_start - reach) & (x <= h_end + reach)
    on_v = (y >= v_start - reach) & (y <= v_end + reach)
    if bridge > 0:
        on_h |= _bridged(x, h_start, h_end, y, reach, bridge)
        on_v |= _bridged(y.T, v_start.T, v_end.T, x.T, reach, bridge).T
    # meeting anywhere is judged more loosely than at the ends: a worn line may stop short
    far = 2 * reach
    meet = (x >= h_start - far) & (x <= h_end + far) & (y >= v_start - far) & (y <= v_end + far)
    h_plain = np.array([not s.text_like for s in horizontal])
    v_plain = np.array([not s.text_like for s in vertical])
    return (
        Contacts(_ends(h_start, h_end, x, on_v, reach, bridge, h_plain), meet.sum(axis=1)),
        Contacts(
            _ends(v_start.T, v_end.T, y.T, on_h.T, reach, bridge, v_plain), meet.sum(axis=0)
        ),
    )


def _extent(group: tuple[list[Segment], list[Segment]]) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 spanned by a group's segments."""
    horizontal, vertical = group
    xs = [v for s in horizontal for v in (s.start, s.end)] + [s.middle for s in vertical]
    ys = [v for s in vertical for v in (s.start, s.end)] + [s.middle for s in horizontal]
    return min(xs), min(ys), max(xs), max(ys)


Group = tuple[list[Segment], list[Segment]]


def _components(count: int, pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Union-find: a component label per item."""
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return [find(i) for i in range(count)]


def _regroup(groups: list[Group], labels: Sequence[int]) -> list[Group]:
    merged: dict[int, Group] = {}
    for group, label in zip(groups, labels, strict=True):
        target = merged.setdefault(label, ([], []))
        target[0].extend(group[0])
        target[1].extend(group[1])
    return list(merged.values())


def _length(group: Group) -> float:
    return sum(s.length for part in group for s in part)


def _share_inside(group: Group, box: tuple[float, float, float, float], margin: float) -> float:
    """Share of the group's line length whose middle lies inside `box` (grown by margin)."""
    inside = 0.0
    for part in group:
        for segment in part:
            along, across = anchor(segment)
            x, y = (along, across) if segment.axis == "h" else (across, along)
            if box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin:
                inside += segment.length
    return inside / max(1e-9, _length(group))


def _merge_overlapping(groups: list[Group], margin: float) -> list[Group]:
    """Each set of lines lying mostly inside the extent of a set with more lines is taken
    into the largest such set: the table whose lines wear or seals broke apart. A paper
    edge or page border around the table (four long lines) stays out: it is not inside the
    table, and the table, with more lines, is not taken into it."""
    order = sorted(groups, key=lambda g: (len(g[0]) + len(g[1]), _length(g)), reverse=True)
    taken = [False] * len(order)
    merged: list[Group] = []
    for i, group in enumerate(order):
        if taken[i]:
            continue
        taken[i] = True
        table: Group = (list(group[0]), list(group[1]))
        box = _extent(table)
        for j in range(i + 1, len(order)):
            if not taken[j] and _share_inside(order[j], box, margin) >= 0.5:
                taken[j] = True
                table[0].extend(order[j][0])
                table[1].extend(order[j][1])
        merged.append(table)
    return merged


def _continues(a: Group, b: Group, gap: float, tolerance: float) -> bool:
    """Whether a line of one set carries on a line of the other across a short break."""
    for part in (0, 1):
        for p in a[part]:
            for q in b[part]:
                first, second = (p, q) if p.start <= q.start else (q, p)
                if second.start - first.end > gap:
                    continue
                if abs(first.position(second.start) - second.position(second.start)) <= tolerance:
                    return True
    return False


def _join_broken(groups: list[Group], gap: float, tolerance: float) -> list[Group]:
    """Sets of lines that a break split apart (a worn crossing): joined again."""
    pairs = []
    boxes = [_extent(g) for g in groups]
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            near = all(
                boxes[i][k] - gap <= boxes[j][k + 2] and boxes[j][k] - gap <= boxes[i][k + 2]
                for k in (0, 1)
            )
            if near and _continues(groups[i], groups[j], gap, tolerance):
                pairs.append((i, j))
    return _regroup(groups, _components(len(groups), pairs)) if pairs else groups


def group_tables(
    horizontal: Sequence[Segment],
    vertical: Sequence[Segment],
    reach: float,
    gap: float = 0.0,
    tolerance: float = 2.0,
) -> list[Group]:
    """Tables as sets of segments with >= 2 of each direction, largest first.

    Segments that cross or touch are connected; connected sets whose extents overlap are
    merged, since wear and seals break a table's lines apart. Whether a segment is ruling
    or a stray text stroke is decided later, per boundary.
    """
    if not horizontal or not vertical:
        return []
    x, y = crossings(horizontal, vertical)
    h_start = np.array([s.start for s in horizontal])[:, None]
    h_end = np.array([s.end for s in horizontal])[:, None]
    v_start = np.array([s.start for s in vertical])[None, :]
    v_end = np.array([s.end for s in vertical])[None, :]
    meet = (
        (x >= h_start - reach)
        & (x <= h_end + reach)
        & (y >= v_start - reach)
        & (y <= v_end + reach)
    )
    n_h = len(horizontal)
    pairs = [(int(a), n_h + int(b)) for a, b in zip(*np.nonzero(meet), strict=True)]
    singles: list[Group] = [([s], []) for s in horizontal] + [([], [s]) for s in vertical]
    connected = _regroup(singles, _components(len(singles), pairs))
    # only sets of several lines can be parts of a broken table; single strokes stay out
    merged = _merge_overlapping(connected, reach)
    several = [g for g in merged if len(g[0]) + len(g[1]) >= 2]
    joined = _join_broken(several, gap, tolerance)
    # a lone line outside the part of its table it was first measured against (a heavy
    # copy's top rule, both corners worn away) is taken in once the table is whole
    lone = [g for g in merged if len(g[0]) + len(g[1]) < 2]
    joined = _merge_overlapping([*joined, *lone], reach) if lone else joined
    tables = [g for g in joined if len(g[0]) >= 2 and len(g[1]) >= 2]
    return sorted(tables, key=lambda g: -sum(s.length for s in g[0]))
