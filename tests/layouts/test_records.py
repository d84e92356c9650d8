"""The record a layout's reading becomes: every value traceable to its cell or, for a line
printed outside the table, to that line's box on the page."""

from __future__ import annotations

from declform.layouts import identify, read_form
from declform.layouts.records import fields_to_record
from declform.output import FormRecord, validate_record
from declform.output.review.html import FormLinks, render_form
from declform.output.review.model import review_form
from tests.layouts.gridkit import make_grid, row_major

_ROWS = [
    [("项目名称", 1, 1), ("教育经费", 3, 1)],
    [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
    [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
]


def _record(rows, above):  # type: ignore[no-untyped-def]
    grid = make_grid(row_major(rows), above=above, ocr=False)
    match = identify(grid)
    assert match is not None
    return fields_to_record(read_form([grid], match), "form.pdf", "ab" * 32)


def test_a_title_and_year_above_the_table_are_traced_to_their_lines() -> None:
    record = _record(_ROWS, ["某区项目支出绩效目标申报表", "（2026年度）", "填报人：张三 13800000000"])
    assert (record.title, record.fiscal_year) == ("某区项目支出绩效目标申报表", 2026)
    [title] = record.line_provenance["title"]
    [year] = record.line_provenance["fiscal_year"]
    assert (title.page, title.text, year.text) == (1, "某区项目支出绩效目标申报表", "（2026年度）")
    assert title.bbox[3] <= year.bbox[1]  # each its own line, top to bottom
    assert "title" not in record.provenance and "fiscal_year" not in record.provenance
    assert record.filler.name == "张三"
    assert [line.text for line in record.line_provenance["filler.name"]] == ["填报人：张三 13800000000"]
    # JSON and back, valid against the schema
    document = record.to_dict()
    validate_record(document)
    assert FormRecord.from_dict(document).line_provenance == record.line_provenance
    # the review crops the year from its line's box
    rows = {row.key: row for row in review_form(record).rows}
    assert rows["fiscal_year"].crop[0].bbox == year.bbox
    assert rows["title"].crop[0].text == "某区项目支出绩效目标申报表"
    links = FormLinks(index="../index.html", previous=None, next=None, assets="../assets")
    page = render_form(review_form(record), {"fiscal_year": "year.png"}, [], links, None)
    assert 'alt="page 1, a line outside the table"' in page


def test_a_year_line_inside_the_frame_is_traced_to_its_cell() -> None:
    rows = [[("绩效目标申报表", 4, 1)], [("（2026年度）", 4, 1)], *_ROWS]
    record = _record(rows, [])
    assert record.fiscal_year == 2026 and record.line_provenance == {}
    [title_cell] = [record.cells[i] for i in record.provenance["title"]]
    [year_cell] = [record.cells[i] for i in record.provenance["fiscal_year"]]
    assert (title_cell.row, year_cell.row, year_cell.text) == (0, 1, "（2026年度）")


def test_a_year_given_only_by_the_title_is_traced_to_the_title() -> None:
    record = _record(_ROWS, ["某区2025年项目支出绩效目标申报表"])
    assert record.fiscal_year == 2025
    assert record.line_provenance["fiscal_year"] == record.line_provenance["title"]
