"""Anchors: label cells found by their text, labels of the first column read with a
character wrong, and indicator headings placed by their row."""

from __future__ import annotations

from declform.layouts.anchors import AnchorIndex, find_anchors
from tests.layouts.gridkit import make_grid, row_major


def _heading_row(*texts: str) -> list[tuple[str, int, int]]:
    return [(text, 1, 1) for text in texts]


def test_an_unreadable_indicator_heading_is_placed_by_its_neighbours() -> None:
    grid = make_grid(
        row_major(
            [
                _heading_row(
                    "一级指标", "级指标", "三吸指标", "指标值", "二级指标", "三级指标", "指标值"
                ),
                _heading_row("产出指标", "数量指标", "人数", "≥5人", "数量指标", "人数", "≥5人"),
            ]
        )
    )
    anchors = find_anchors(grid.cells)
    level2 = anchors.all("level2_header")
    assert [a.cell.col for a in level2] == [1, 4]
    assert not level2[0].match.exact and level2[1].match.exact  # the inferred one is flagged
    assert [a.cell.col for a in anchors.all("level3_header")] == [2, 5]
    assert [a.cell.col for a in anchors.all("level1_header")] == [0]


def test_two_unreadable_headings_side_by_side_are_placed_one_after_the_other() -> None:
    # fax blur took the 一 and the 二: both read "级指标", equally close to either label
    grid = make_grid(
        row_major(
            [
                _heading_row("绩效指标", "级指标", "级指标", "三级指标", "指标值"),
                _heading_row("", "产出指标", "数量指标", "人数", "≥5人"),
            ]
        )
    )
    anchors = find_anchors(grid.cells)
    assert [a.cell.col for a in anchors.all("level1_header")] == [1]
    assert [a.cell.col for a in anchors.all("level2_header")] == [2]
    assert not anchors.first("level1_header").match.exact  # type: ignore[union-attr]


def test_headings_are_not_inferred_outside_a_heading_row_or_into_blank_cells() -> None:
    grid = make_grid(
        row_major(
            [
                _heading_row("一级指标", "", "三级指标", "指标值"),
                _heading_row("项目名称", "拉萨市", "实施单位", "科技局"),
            ]
        )
    )
    anchors = find_anchors(grid.cells)
    assert anchors.all("level2_header") == ()
    # one heading in a row is not a heading row: 拉萨市 stays content
    assert {a.key for a in anchors.all("project_name")} == {"project_name"}
    assert len([a for group in anchors.by_key.values() for a in group]) == 5


def test_a_heading_misread_as_its_neighbour_is_placed_by_the_row() -> None:
    # a heavy photocopy's 二 read as 三: "三级指标 三级指标" on the annual side
    anchors = _anchors(
        ("一级指标", "二级指标", "三级指标", "指标值", "三级指标", "三级指标", "指标值"),
        ("产出指标", "数量指标", "人数", "≥5人", "数量指标", "人数", "≥5人"),
    )
    level2 = anchors.all("level2_header")
    assert [a.cell.col for a in level2] == [1, 4]
    assert level2[0].match.exact and not level2[1].match.exact
    assert [a.cell.col for a in anchors.all("level3_header")] == [2, 5]


def test_a_heading_is_not_replaced_on_one_neighbours_word_or_far_from_its_reading() -> None:
    # the row's last heading has one neighbour only; 指标值 is two characters from 三级指标
    anchors = _anchors(
        ("一级指标", "二级指标", "三级指标", "三级指标"),
        ("一级指标", "二级指标", "指标值", "指标值"),
    )
    assert [a.cell.col for a in anchors.all("level3_header")] == [2, 3]
    assert [a.cell.row for a in anchors.all("value_header")] == [1, 1]


def test_a_heading_row_under_a_blotted_block_name_is_placed_by_what_it_kept() -> None:
    # a photocopy: the block's name blotted, 二 read as 三 beside 指标名称, 指 of 指标值 lost
    rows = [
        [("鑫激发乐年度绩效指零标心", 1, 2), *_heading_row("三级指标", "指标名称", "度量单位",
                                                       "标值", "评分标准")],
        _heading_row("数量指标", "检测批次", "批次", "≥2000", "完成得分"),
    ]  # the block's name spans its rows
    anchors = find_anchors(make_grid(row_major(rows)).cells)
    assert [a.cell.col for a in anchors.all("level2_header")] == [1]
    assert [a.cell.col for a in anchors.all("level3_header")] == [2]
    value = anchors.first("value_header")
    assert value is not None and value.cell.col == 4 and not value.match.exact
    # "指标" is part of every heading: no guess; nor where the heading it is part of is there
    unplaced = _anchors(("一级指标", "二级指标", "单位", "指标", "备注"))
    assert unplaced.all("value_header") == () and unplaced.all("level3_header") == ()
    kept = _anchors(("二级指标", "三级指标", "指标值", "标值"))
    assert [a.cell.col for a in kept.all("value_header")] == [2]


def _anchors(*rows: tuple[str, ...]) -> AnchorIndex:
    return find_anchors(make_grid(row_major([_heading_row(*row) for row in rows])).cells)


def test_a_label_of_the_first_column_with_one_character_misread_is_still_its_label() -> None:
    anchors = _anchors(
        ("项目名脉", "视频图像购买服务项目", "项目期", "长期"),
        ("主管部门及代码", "公安分局", "实施单位", "经开区"),
        ("项目属往", "新增项目", "项目编码", "12"),
        ("年度总体目标", "切实解决视频图像问题"),
    )
    name, attribute = anchors.first("project_name"), anchors.first("attribute")
    assert name is not None and (name.cell.row, name.cell.col) == (0, 0)
    assert attribute is not None and (attribute.cell.row, attribute.cell.col) == (2, 0)
    assert not name.match.exact and not attribute.match.exact  # flagged for the reader


def test_one_character_off_is_no_label_outside_a_column_of_labels() -> None:
    # content cells one character away from a label stay content, and so does a first
    # column with fewer than two known labels
    anchors = _anchors(
        ("项目名脉", "项目属往", "项目期", "长期"),
        ("主管部门", "公安分局", "实施单位", "经开区"),
    )
    assert anchors.all("project_name") == () and anchors.all("attribute") == ()


def test_the_column_left_of_the_indicator_headings_is_one_of_labels() -> None:
    """A fax's first column with every label one character off (标 read as 际, 称 as 尔):
    no two are known, but the framework's headings start right of it, so it names the
    form's parts."""
    rows = [
        [("单位名尔)", 1, 1), ("经开区管委会", 4, 1)],
        [("总体目际", 1, 1), ("做好各项工作", 4, 1)],
        [("绩效指际", 1, 2), *_heading_row("一级指标", "二级指标", "三级指标", "指标值")],
        _heading_row("产出指标", "数量指标", "项目名脉", "≥10个"),
    ]
    anchors = find_anchors(make_grid(row_major(rows)).cells)
    assert [(a.cell.row, a.match.exact) for a in anchors.all("department_name")] == [(0, False)]
    assert anchors.first("goals") is not None and anchors.first("indicators") is not None
    assert anchors.all("project_name") == ()  # content right of the column stays content
    # a table whose indicator headings start in its first column has no such column
    inset = find_anchors(make_grid(row_major([r[1:] for r in rows[2:]] + rows[:2])).cells)
    assert inset.all("department_name") == ()


def test_two_headings_in_one_cell_of_two_columns_are_cut_at_the_column_boundary() -> None:
    # the rule between 二级指标 and 三级指标 of the annual side lost in the heading row only
    grid = make_grid(
        row_major(
            [
                [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1),
                 ("二级指标丨三级指标", 2, 1), ("指标值", 1, 1)],
                _heading_row("产出指标", "数量指标", "人数", "≥5人", "数量指标", "人数", "≥5人"),
            ]
        )
    )  # fmt: skip
    anchors = find_anchors(grid.cells)
    level2, level3 = anchors.all("level2_header"), anchors.all("level3_header")
    assert [a.cell.col for a in level2] == [1, 4] and [a.cell.col for a in level3] == [2, 5]
    assert level2[1].cell.bbox.x1 == level3[1].cell.bbox.x0 == 500  # column 5 starts there
    assert not level2[1].match.exact and not level3[1].match.exact
    # two headings out of their order are no such cell
    swapped = make_grid(row_major([[("三级指标二级指标", 2, 1), ("指标值", 1, 1)],
                                   _heading_row("人数", "数量指标", "≥5人")]))  # fmt: skip
    assert find_anchors(swapped.cells).all("level2_header") == ()


def test_headings_read_with_marks_beside_them_are_headings_in_a_heading_row_only() -> None:
    # toner at the heading cells' edges: 美一级指标整 | 勇李二级指标魏 | 苹级指标 | 案指标值
    anchors = _anchors(
        ("美一级指标整", "勇李二级指标魏", "苹级指标", "案指标值"),
        ("产出指标", "数量指标", "机关食堂燃气用量", "≤1.794万方"),
    )
    placed = {key: [a.cell.col for a in anchors.all(key)] for key in (
        "level1_header", "level2_header", "level3_header", "value_header")}
    assert placed == {"level1_header": [0], "level2_header": [1], "level3_header": [2],
                      "value_header": [3]}
    assert not anchors.first("level1_header").match.exact  # type: ignore[union-attr]
    # one such cell in a row is an indicator's name holding the words, not a heading
    lone = _anchors(("项目名称", "年度指标值核定"), ("实施单位", "科技局"))
    assert lone.all("value_header") == ()


def test_a_fax_heading_row_is_placed_from_the_heading_it_kept_within_one_character() -> None:
    # 三级N标 is 三级指标 with one character misread; 二联物标 and 联标 follow from it
    anchors = _anchors(
        ("联标", "二联物标", "三级N标", "目标值", "计量单位", "权重(%)"),
        ("产出类指标", "数量指标", "配套资金", "≥150", "万元", "17"),
    )
    assert [anchors.first(key).cell.col for key in (  # type: ignore[union-attr]
        "level1_header", "level2_header", "level3_header", "value_header")] == [0, 1, 2, 3]
    short = _anchors(("一级排标", "eoK", "", "比较特", "润标值", "权重(%)"))  # 三级 blotted out
    assert [short.first(key).cell.col for key in (  # type: ignore[union-attr]
        "level1_header", "level2_header", "level3_header", "operator_header", "value_header",
    )] == [0, 1, 2, 3, 4]
    # outside a heading row a cell one character off a heading stays what it reads
    assert _anchors(("三级N标", "配套资金"), ("项目名称", "科技局")).all("level3_header") == ()


def test_a_column_of_figures_is_no_level_column_however_its_heading_sits() -> None:
    # a form printing no 二级指标: its weight column stands between 一级 and 三级, and a
    # fax read 权重(%) as "校董(%)" — placed by its neighbours, it would be 二级指标
    grid = make_grid(row_major([
        _heading_row("一级指标", "校董(%)", "三级指标", "指标值"),
        _heading_row("产出指标", "10", "人数", "≥5人"),
        _heading_row("满意度指标", "20", "群众满意度", "≥95%"),
    ]))
    anchors = find_anchors(grid.cells)
    assert anchors.all("level2_header") == ()
    # a column of level names between them is 二级指标 still
    named = make_grid(row_major([
        _heading_row("一级指标", "校董(%)", "三级指标", "指标值"),
        _heading_row("产出指标", "数量指标", "人数", "≥5人"),
        _heading_row("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ]))
    assert [a.cell.col for a in find_anchors(named.cells).all("level2_header")] == [1]
