"""A block's heading row on a continuation page, found however badly the scan read it."""

from __future__ import annotations

from declform.layouts import identify, read_form
from declform.layouts.anchors import grid_anchors
from declform.layouts.grid import Grid
from declform.layouts.repeated_headings import opening_row, with_repeated_headings
from tests.layouts.gridkit import make_grid, row_major

HEADINGS = [("一级指标", 1, 1), ("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1),
            ("指标符号", 1, 1)]


def _first_page() -> Grid:
    return make_grid(row_major([
        [("项目名称", 1, 1), ("宣传经费", 5, 1)],
        [("长期绩效指标", 1, 3), *HEADINGS],
        [("产出指标", 1, 2), ("数量指标", 1, 2), ("吸引企业了解", 1, 1), ("60", 1, 1), ("≥", 1, 1)],
        [("知名度和影响力", 1, 1), ("95%", 1, 1), ("≥", 1, 1)],
    ]), above=["拉萨综保区2026年项目支出绩效目标表"])


def _faxed_second_page(heading_row: list[tuple[str, int, int]]) -> Grid:
    # the stacked annual block opens page 2; a fax blurred its name and headings
    return make_grid(row_major([
        [("", 1, 3), *heading_row],
        [("产出指标", 1, 2), ("数量指标", 1, 2), ("吸引企业了解", 1, 1), ("20", 1, 1), ("≥", 1, 1)],
        [("知名度和影响力", 1, 1), ("95%", 1, 1), ("≥", 1, 1)],
    ]), page=2)


def test_a_blurred_heading_row_opening_a_continuation_page_opens_the_next_block() -> None:
    # 目标值 read "国标佰": two characters of three off, too far to place from its own row
    blurred = [("", 1, 1), ("", 1, 1), ("指标名称", 1, 1), ("国标佰", 1, 1), ("推标神号", 1, 1)]
    first, second = _first_page(), _faxed_second_page(blurred)
    assert opening_row(grid_anchors(second)) is None  # its own anchors miss it
    match = identify(first)
    assert match is not None
    form = read_form([first, second], match)
    assert [(i.period, i.name, i.value) for i in form.indicators] == [
        ("medium_term", "吸引企业了解", "≥60"),
        ("medium_term", "知名度和影响力", "≥95%"),
        ("annual", "吸引企业了解", "≥20"),  # the heading row read as no indicator row
        ("annual", "知名度和影响力", "≥95%"),
    ]
    assert all(i.level2 == "数量指标" for i in form.indicators)
    [said] = [w for w in form.warnings if "indicator headings" in w.message]
    assert said.code == "label_corrected" and "'国标佰' as 指标值" in said.message


def test_content_rows_are_never_taken_for_a_repeated_heading_row() -> None:
    first = _first_page()
    second = _faxed_second_page([("产出指标", 1, 1), ("质量指标", 1, 1), ("指标名称准确率", 1, 1),
                                 ("目标达成", 1, 1), ("≥", 1, 1)])
    headings = [{a.key: a for group in grid_anchors(first).by_key.values() for a in group
                 if a.cell.row == 1}]
    anchors = grid_anchors(second)
    assert with_repeated_headings(second, anchors, headings) is anchors
