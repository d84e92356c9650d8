"""Finding the cell each value came from, by its text and its printed label."""

from __future__ import annotations

from declform.output import Amounts, Funding, Goals, Project, Task
from declform.output.review.provenance import locate_fields, norm, text_score
from tests.output.review.kit import ANNUAL_FORM, cells, indicator, record


def _place(found: dict, key: str) -> tuple[int, int] | None:  # type: ignore[type-arg]
    cell = found.get(key)
    return (cell.row, cell.col) if cell is not None else None


def _annual_record():  # type: ignore[no-untyped-def]
    return record(
        cells(ANNUAL_FORM),
        project=Project(name="百家科技", competent_department="拉萨市科技局",
                        department_code="009909878", implementing_unit="高新科"),
        funding=Funding(annual=Amounts(total=1100.0, fiscal=1100.0, other=None)),
        goals=Goals(annual="完成认定备案工作。"),
        indicators=(
            indicator("认定企业数量", "≥7家", level2_raw="数量指标 (必填)"),
            indicator("选派科技人员", None, level2_raw="数量指标 (必填)"),  # unreadable, dropped
            indicator("评审合格率", "≥90%", level2="质量指标"),
        ),
    )


def test_header_values_are_found_beside_their_labels() -> None:
    found = locate_fields(_annual_record())
    values = dict(found.values)
    assert _place(values, "project.name") == (0, 1)
    assert _place(values, "project.competent_department") == (1, 1)
    assert _place(values, "project.department_code") == (1, 1)  # both come from one cell
    assert _place(values, "project.implementing_unit") == (1, 4)
    assert _place(values, "goals.annual") == (5, 1)
    assert found.labels["project.name"].text == "项目名称"
    assert found.labels["project.implementing_unit"].text == "实施单位"


def test_equal_amounts_go_to_the_cell_beside_their_own_label() -> None:
    found = locate_fields(_annual_record())
    values = dict(found.values)
    assert _place(values, "funding.annual.total") == (2, 3)
    assert _place(values, "funding.annual.fiscal") == (3, 3)
    assert _place(values, "funding.annual.other") == (4, 3)  # blank: the empty cell beside 其他资金
    assert found.labels["funding.annual.fiscal"].text == "其中:财政拨款"
    # an annual-only form has no medium-term column: nothing to point at
    assert not [key for key in values if "medium_term" in key]


def test_indicators_are_found_by_name_with_the_value_right_of_it() -> None:
    values = dict(locate_fields(_annual_record()).values)
    assert [_place(values, f"indicators[{i}].name") for i in range(3)] == [(7, 3), (8, 3), (9, 3)]
    # the second value was unreadable (None): its cell is still the one right of the name
    assert [_place(values, f"indicators[{i}].value") for i in range(3)] == [(7, 4), (8, 4), (9, 4)]
    assert _place(values, "indicators[0].level1") == (7, 1)
    assert _place(values, "indicators[0].level2") == (7, 2)
    assert _place(values, "indicators[2].level2") == (9, 2)


def test_medium_term_is_the_left_side_and_annual_the_right() -> None:
    table = cells([
        (0, 0, 1, 1, "中期资金总额:"), (0, 1, 1, 1, "45.00"), (0, 2, 1, 1, "年度资金总额:"), (0, 3, 1, 1, "45.00"),
        (1, 0, 1, 1, "其中:财政拨款"), (1, 1, 1, 1, "45.00"), (1, 2, 1, 1, "其中:财政拨款"), (1, 3, 1, 1, "45.00"),
        (2, 0, 1, 1, "数量指标"), (2, 1, 1, 1, "全年甲级情报"), (2, 2, 1, 1, "≥3条"),
        (2, 3, 1, 1, "数量指标"), (2, 4, 1, 1, "全年甲级情报"), (2, 5, 1, 1, "≥1条"),
    ])
    form = record(
        table,
        funding=Funding(medium_term=Amounts(45.0, 45.0, None), annual=Amounts(45.0, 45.0, None)),
        indicators=(indicator("全年甲级情报", "≥3条", period="medium_term"), indicator("全年甲级情报", "≥1条")),
    )
    values = dict(locate_fields(form).values)
    assert _place(values, "funding.medium_term.total") == (0, 1)
    assert _place(values, "funding.medium_term.fiscal") == (1, 1)
    assert _place(values, "funding.annual.total") == (0, 3)
    assert _place(values, "funding.annual.fiscal") == (1, 3)
    assert _place(values, "indicators[0].name") == (2, 1)
    assert _place(values, "indicators[1].name") == (2, 4)
    assert _place(values, "indicators[1].level2") == (2, 3)  # the nearest 二级 cell, its own side


def test_department_funding_and_tasks_come_from_the_task_table() -> None:
    table = cells([
        (0, 0, 1, 1, "部门(单位名称)"), (0, 1, 1, 4, "拉萨市科技局 (009909878)"),
        (1, 0, 1, 1, "任务名称"), (1, 1, 1, 1, "主要内容"), (1, 2, 1, 1, "总额"), (1, 3, 1, 1, "财政拨款"), (1, 4, 1, 1, "转移性资金"),
        (2, 0, 1, 1, "基本支出"), (2, 1, 1, 1, "人员经费"), (2, 2, 1, 1, "412.30"), (2, 3, 1, 1, "412.30"), (2, 4, 1, 1, "0.00"),
        (3, 0, 1, 2, "金额合计"), (3, 2, 1, 1, "412.30"), (3, 3, 1, 1, "412.30"), (3, 4, 1, 1, "0.00"),
    ])
    form = record(
        table, form_type="department",
        project=Project(competent_department="拉萨市科技局", department_code="009909878"),
        funding=Funding(annual=Amounts(412.3, 412.3, 0.0)),
        tasks=(Task("基本支出", "人员经费", None, 412.3, 412.3, 0.0),),
    )
    values = dict(locate_fields(form).values)
    assert _place(values, "project.competent_department") == (0, 1)
    assert [_place(values, f"funding.annual.{k}") for k in ("total", "fiscal", "other")] == [(3, 2), (3, 3), (3, 4)]
    assert [_place(values, f"tasks[0].{k}") for k in ("category", "name", "total", "fiscal", "transfer")] == [
        (2, 0), (2, 1), (2, 2), (2, 3), (2, 4)
    ]


def test_a_value_no_cell_reads_has_no_cell() -> None:
    form = record(cells(ANNUAL_FORM), project=Project(name="完全不同的项目"),
                  indicators=(indicator("不存在的指标", "不存在的值"),))
    values = locate_fields(form).values
    assert "project.name" not in values
    assert not [key for key in values if key.startswith("indicators")]


def test_text_comparison_ignores_width_and_spacing() -> None:
    assert norm("指标1： 认定 企业") == "指标1:认定企业"
    assert text_score(norm("≥ 90 %"), norm("≥90%")) == 3
    assert text_score(norm("科技局"), norm("拉萨市科技局 (009909878)")) == 2
    assert text_score(norm("一段很长的目标文字分在两个单元格里"), norm("分在两个单元格里")) == 1
    assert text_score(norm("甲"), norm("乙")) == 0


def test_the_record_s_own_provenance_wins_over_a_guess() -> None:
    from dataclasses import replace

    guessed = _annual_record()
    elsewhere = next(i for i, c in enumerate(guessed.cells) if (c.row, c.col) == (1, 4))
    own = replace(guessed, provenance={"project.name": (elsewhere,)})
    assert _place(dict(locate_fields(guessed).values), "project.name") == (0, 1)
    assert _place(dict(locate_fields(own).values), "project.name") == (1, 4)


def test_a_value_joined_from_several_cells_is_shown_over_all_of_them() -> None:
    # ≥ | 95 | % printed in operator, value and unit columns: the value's own cell first
    table = cells([(0, 0, 1, 1, "发放准确率"), (0, 1, 1, 1, "≥"), (0, 2, 1, 1, "95"), (0, 3, 1, 1, "%")])
    form = record(table, indicators=(indicator("发放准确率", "≥95%"),),
                  provenance={"indicators[0].value": (2, 1, 3)})
    shown = locate_fields(form).values["indicators[0].value"]
    assert (shown.col, shown.colspan, shown.text) == (1, 3, "≥ 95 %")
    assert shown.bbox == (table[1].bbox[0], table[1].bbox[1], table[3].bbox[2], table[3].bbox[3])
