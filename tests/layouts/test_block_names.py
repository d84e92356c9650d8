"""Indicator names printed twice, once per block: a doubtful reading of one taken from the
other block's sure reading of the same row."""

from __future__ import annotations

from dataclasses import replace

from declform.layouts import identify, read_form
from declform.layouts.grid import Grid
from tests.layouts.gridkit import make_grid, row_major

DOUBTED = {"细质列企业了解": 0.7, "项润究减": 0.5, "入驻企业效量": 0.7}


def _form(annual_names: tuple[str, str, str], doubted: dict[str, float]) -> Grid:
    first, second, third = annual_names
    grid = make_grid(row_major([
        [("项目名称", 1, 1), ("宣传经费", 7, 1)],
        [("中期绩效指标", 4, 1), ("年度绩效指标", 4, 1)],
        [("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("比较符", 1, 1),
         ("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("比较符", 1, 1)],
        [("数量指标", 1, 1), ("吸引企业了解", 1, 1), ("60", 1, 1), ("≥", 1, 1),
         ("数量指标", 1, 1), (first, 1, 1), ("20", 1, 1), ("≥", 1, 1)],
        [("时效指标", 1, 1), ("项目完成", 1, 1), ("年底完成", 1, 1), ("定性", 1, 1),
         ("时效指标", 1, 1), (second, 1, 1), ("年底完成", 1, 1), ("定性", 1, 1)],
        [("质量指标", 1, 1), ("入驻企业数量", 1, 1), ("10", 1, 1), ("≥", 1, 1),
         ("", 1, 1), (third, 1, 1), ("5", 1, 1), ("≥", 1, 1)],  # its level cell unread
    ]), above=["拉萨综保区2026年项目支出绩效目标表"])
    cells = tuple(replace(c, confidence=doubted.get(c.text, 0.98)) for c in grid.cells)
    return replace(grid, cells=cells)


def _read(grid: Grid) -> list[tuple[str, str | None, str | None]]:
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    return [(i.period, i.level2, i.name) for i in form.indicators]


def test_a_doubtful_name_is_read_as_the_other_blocks_sure_one_and_said_so() -> None:
    grid = _form(("细质列企业了解", "项润究减", "入驻企业效量"), DOUBTED)
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    assert [(i.period, i.level2, i.name) for i in form.indicators][3:] == [
        ("annual", "数量指标", "吸引企业了解"),  # 4 of 6 characters kept: that name
        ("annual", "时效指标", "项润究减"),  # too far from 项目完成 to say
        # its level unreadable: the other block's level, and its name
        ("annual", "质量指标", "入驻企业数量"),
    ]
    said = [w for w in form.warnings if w.code == "name_corrected"]
    assert len(said) == 2 and "细质列企业了解" in said[0].message
    assert any(w.code == "level_inferred" and "质量指标" in w.message for w in form.warnings)


def test_names_read_surely_stay_as_printed_however_close() -> None:
    rows = _read(_form(("吸引企业数量", "项目完成", "入驻企业效量"), {}))
    assert [name for _, _, name in rows[3:]] == ["吸引企业数量", "项目完成", "入驻企业效量"]
