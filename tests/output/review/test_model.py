"""Which rows of the review page are flagged, and why."""

from __future__ import annotations

from dataclasses import replace

from declform.output import Project, RecordWarning, Task
from declform.output.review.model import review_form, show, warning_places
from tests.output.review.kit import ANNUAL_FORM, cells, indicator, record


def _form(warnings: list[RecordWarning], low_cell: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    table = list(cells(ANNUAL_FORM))
    if low_cell is not None:
        table = [replace(c, confidence=0.41) if (c.row, c.col) == low_cell else c for c in table]
    return record(
        table,
        warnings=warnings,
        project=Project(name="百家科技", implementing_unit="高新科"),
        indicators=(
            indicator("认定企业数量", "≥7家", level2_raw="数量指标 (必填)"),
            indicator("选派科技人员", None, level2_raw="数量指标 (必填)"),
            indicator("评审合格率", "≥90%", level2="质量指标"),
        ),
    )


def _rows(review):  # type: ignore[no-untyped-def]
    return {row.key: row for row in review.rows}


def test_a_low_confidence_cell_flags_its_row_only() -> None:
    review = review_form(_form([], low_cell=(7, 4)))
    rows = _rows(review)
    assert rows["indicators[0]"].flagged
    assert rows["indicators[0]"].low_confidence == 0.41
    assert [key for key, row in rows.items() if row.flagged] == ["indicators[0]"]
    assert review.low_confidence_count == 1


def test_a_corrected_level_flags_every_indicator_under_it() -> None:
    corrected = RecordWarning("level_corrected", "二级指标 '数量指标[1' read as '数量指标'", "page 1 row 7 col 2")
    review = review_form(_form([corrected]))
    rows = _rows(review)
    assert rows["indicators[0]"].corrected and rows["indicators[1]"].corrected
    assert not rows["indicators[2]"].flagged  # 质量指标 is another cell
    assert rows["indicators[0]"].warnings == (0,)
    assert review.loose_warnings == ()


def test_a_corrected_label_flags_the_value_beside_it() -> None:
    corrected = RecordWarning("label_corrected", "label '丨实施单位' read as '实施单位'", "page 1 row 1 col 3")
    rows = _rows(review_form(_form([corrected])))
    assert rows["project.implementing_unit"].corrected
    assert not rows["project.name"].flagged


def test_warnings_without_a_row_stay_listed_as_their_own_items() -> None:
    rotated = RecordWarning("page_rotated", "page was turned 90° to read it", "page 1")
    heading = RecordWarning("label_corrected", "label '三级指柝' read as '三级指标'", "page 1 row 6 col 3")
    review = review_form(_form([rotated, heading]))
    assert review.loose_warnings == (0, 1)
    assert review.flagged_count == 2


def test_a_seal_warning_names_its_cells_in_the_message() -> None:
    seal = RecordWarning("seal_over_cells", "a seal at (1, 2, 3, 4) covers 2 cell(s): row 0 col 1, row 7 col 4", "page 1")
    assert warning_places(seal) == [(1, 0, 1), (1, 7, 4)]
    rows = _rows(review_form(_form([seal])))
    assert rows["project.name"].warnings == (0,)
    assert rows["indicators[0]"].warnings == (0,)
    assert warning_places(RecordWarning("date_unreadable", "x", "above table")) == []


def test_values_are_shown_as_printed() -> None:
    assert show(None) == "—"
    assert show(1100.0) == "1100"
    assert show(0.0365) == "0.0365"
    assert show(2023) == "2023"


def test_a_task_row_shows_its_content_and_goal() -> None:
    table = cells([(0, 0, 1, 1, "名称"), (0, 1, 1, 1, "主要实施内容"), (0, 2, 1, 1, "拟投入的资金"),
                   (0, 3, 1, 1, "期望达到的目标"), (1, 0, 1, 1, "就业补助"), (1, 1, 1, 1, "发放补贴"),
                   (1, 2, 1, 1, "120"), (1, 3, 1, 1, "新增就业5000人")])
    task = Task(category=None, name="就业补助", content="发放补贴", total=120.0, fiscal=None,
                transfer=None, goal="新增就业5000人")
    review = review_form(record(table, form_type="department", tasks=(task,)))
    assert _rows(review)["tasks[0]"].texts == (
        show(None), "就业补助", "发放补贴", show(120.0), show(None), show(None), "新增就业5000人")
