"""Spreadsheets: merged cells become spans, values read as the sheet shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from declform.extract.pipeline import extract_file
from declform.extract.sources.spreadsheet import sheet_count, sheet_grids, shown_text
from declform.output.errors import InputError
from tests.paths import TESTS


def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"] = "2025年项目支出绩效目标表"
    sheet.merge_cells("B2:D2")
    sheet["B3"], sheet["C3"] = "完成率", 0.955
    sheet["C3"].number_format = "0.0%"
    sheet["B4"], sheet["C4"] = "资金", 12.5
    sheet["C4"].number_format = "0.00"
    sheet["B5"], sheet["C5"] = "日期", dt.datetime(2025, 1, 31)
    sheet["D3"] = "合并"
    sheet.merge_cells("D3:D5")
    book.create_sheet("空白")
    book.save(path)
    return path


def test_a_sheet_s_used_range_is_a_grid_with_spans_and_shown_values(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "form.xlsx")
    assert sheet_count(path) == 2
    [grid] = sheet_grids(path, 1)
    assert (grid.n_rows, grid.n_cols, grid.page) == (4, 3, 1)
    title = grid.at(0, 0)
    assert title is not None and (title.colspan, title.text) == (3, "2025年项目支出绩效目标表")
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert texts[(1, 1)] == "95.5%" and texts[(2, 1)] == "12.50" and texts[(3, 1)] == "2025年1月31日"
    merged = grid.at(2, 2)
    assert merged is not None and (merged.row, merged.rowspan, merged.text) == (1, 3, "合并")
    assert all(c.bbox.width > 0 and c.bbox.height > 0 for c in grid.cells)
    assert sheet_grids(path, 2) == []  # an empty sheet holds no table


def test_shown_text_follows_the_number_format() -> None:
    assert shown_text(1, "0%") == "100%"
    assert shown_text(0.95, "0%") == "95%"
    assert shown_text(6730.0, "General") == "6730"
    assert shown_text(10891.615675, "General") == "10891.615675"
    assert shown_text(None, "General") == ""
    assert shown_text("  文本 ", "@") == "文本"


def test_a_broken_workbook_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(InputError, match=r"broken\.xlsx"):
        sheet_count(broken)


def test_a_real_workbook_gives_its_record_without_ocr() -> None:
    result = extract_file(TESTS / "fixtures" / "real-forms" / "zhanjiang-2024-dept-overall.xlsx")
    [record] = result.records
    assert record.form_type == "department" and record.fiscal_year == 2024
    assert len(record.indicators) == 19
    assert [p.status for p in result.pages] == ["form"]
