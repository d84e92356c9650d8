"""The form head read off a scan: the fiscal year and the header fields, a recogniser's
misreadings settled by what the form itself prints."""

from __future__ import annotations

from dataclasses import replace

from declform.layouts import identify, read_form
from declform.layouts.fields import FormFields
from declform.layouts.grid import Grid
from tests.layouts.gridkit import make_grid, row_major

INDICATORS = [
    [("绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 2, 1)],
    [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 2, 1)],
]
HEADER = [
    [("项目名称", 1, 1), ("教育经费", 5, 1)],
    [("主管部门", 1, 1), ("某区教育局", 2, 1), ("实施单位", 1, 1), ("某区第一中学", 2, 1)],
    [("项目属性", 1, 1), ("延续项目", 2, 1), ("项目期", 1, 1), ("一年", 2, 1)],
]


def _grid(
    rows: list[list[tuple[str, int, int]]],
    above: list[str],
    alternatives: dict[str, tuple[str, ...]],
) -> Grid:
    grid = make_grid(row_major([*rows, *INDICATORS]), above=above)
    cells = tuple(replace(c, alternatives=alternatives.get(c.text, ())) for c in grid.cells)
    lines = tuple(replace(t, alternatives=alternatives.get(t.text, ())) for t in grid.free_text)
    return replace(grid, cells=cells, free_text=lines)


def _read(
    rows: list[list[tuple[str, int, int]]],
    above: list[str],
    alternatives: dict[str, tuple[str, ...]] | None = None,
) -> FormFields:
    grid = _grid(rows, above, alternatives or {})
    match = identify(grid)
    assert match is not None
    return read_form([grid], match)


def test_a_misread_year_line_takes_the_next_reading_that_says_the_title_s_year() -> None:
    title = "某区2026年项目支出绩效目标申报表"
    framed = [[("(2028年度)", 6, 1)], *HEADER]
    nexts = {"(2028年度)": ("(2020年度)", "(2026年度)")}
    form = _read(framed, [title], nexts)
    assert form.fiscal_year == 2026
    assert any(w.code == "value_corrected" and w.field == "fiscal_year" for w in form.warnings)
    # a year line above the table, read the same way
    form = _read(HEADER, [title, "(2028年度)"], nexts)
    assert form.fiscal_year == 2026
    # no reading says the title's year, or the title says none: the line's reading stands
    assert _read(framed, [title], {"(2028年度)": ("(2020年度)",)}).fiscal_year == 2028
    untitled = _read(framed, ["项目支出绩效目标申报表"], nexts)
    assert untitled.fiscal_year == 2028
    assert not any(w.field == "fiscal_year" for w in untitled.warnings)


def test_a_row_cut_as_a_row_of_labels_has_its_values_under_it_though_a_label_is_misread() -> None:
    """部门名称 | 项目实施单位 over their values, then 项目类别 | 实施期 (read "实前期") over
    theirs: the second row is cut as the first, so 实前期 is a label, not 项目类别's value."""
    rows = [
        [("项目名称", 2, 1), ("基本公共卫生服务经费", 4, 1)],
        [("部门名称", 3, 1), ("项目实施单位", 3, 1)],
        [("某区卫生健康委员会", 3, 1), ("某区疾控中心", 3, 1)],
        [("项目类别", 3, 1), ("实前期", 3, 1)],
        [("经常性项目", 3, 1), ("三年", 3, 1)],
    ]
    form = _read(rows, ["某区2026年项目支出绩效目标申报表"])
    assert form.project.attribute == "经常性项目"
    assert form.project.implementing_unit == "某区疾控中心"
    # a label | value row cut as the row of labels, with a label under it, is read across
    pairs = [
        [("部门名称", 3, 1), ("项目实施单位", 3, 1)],
        [("某区卫生健康委员会", 3, 1), ("某区疾控中心", 3, 1)],
        [("项目类别", 3, 1), ("经常性项目", 3, 1)],
        [("项目名称", 3, 1), ("基本公共卫生服务经费", 3, 1)],
    ]
    form = _read(pairs, ["某区2026年项目支出绩效目标申报表"])
    assert (form.project.attribute, form.project.name) == ("经常性项目", "基本公共卫生服务经费")
