"""A department form's budget matrix (预算整体情况) read by its structure into funding."""

from __future__ import annotations

from declform.extract.sources.spreadsheet import sheet_grids
from declform.layouts import identify, read_form
from declform.layouts.budget_terms import term_of
from declform.layouts.fields import FormFields
from declform.output import Amounts
from tests.layouts.gridkit import make_grid, row_major
from tests.paths import TESTS

REAL = TESTS / "fixtures" / "real-forms"
TITLE = ["某市2025年部门整体支出绩效目标申报表"]
INDICATORS = [
    [("年度绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1),
     ("指标值", 1, 1)],
    [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
]


def _read(rows: list[list[tuple[str, int, int]]], ocr: bool = False) -> FormFields:
    grid = make_grid(row_major(rows), above=TITLE, ocr=ocr)
    match = identify(grid)
    assert match is not None
    return read_form([grid], match)


def _extras(form: FormFields) -> dict[str, str | None]:
    return {e.label: e.value.text if e.value else None for e in form.extras}


def test_terms_are_known_by_their_words_not_their_cells() -> None:
    assert term_of("基本支出") == "basic" and term_of("其中：项目支出") == "project"
    assert term_of("财政拨款（万元）") == "fiscal" and term_of("其他资金") == "other"
    assert term_of("合计") == "total" and term_of("部门预算支出合计") == "total"
    assert term_of("预算金额（万元）") is None and term_of("收入来源") is None


def test_the_real_zhanjiang_lists_give_totals_by_source_and_keep_the_kinds() -> None:
    [grid] = sheet_grids(REAL / "zhanjiang-2024-dept-overall.xlsx", 1)
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    # 收入来源: 财政拨款 72807.38, 其他资金 0; no 合计 printed: the sum of the sources
    assert form.funding.annual == Amounts(72807.38, 72807.38, 0.0, "万元")
    assert form.provenance["funding.annual.fiscal"].text == "72807.38"
    extras = _extras(form)
    assert extras["部门预算支出/基本支出/预算金额（万元）"] == "10891.62"
    assert extras["部门预算支出/项目支出/预算金额（万元）"] == "61915.77"
    assert extras["按预算级次划分/市本级使用资金/预算金额（万元）"] is None  # blank, kept
    # 基本信息 names a section: its first label pairs with its own value
    assert extras["财政供养人员数"] == "737" and "基本信息" not in extras
    assert not form.warnings
    # the task table has no 财政拨款 column: the matrix's heads none of its columns
    assert all(task.fiscal is None for task in form.tasks)


def _matrix(*, transposed: bool, totals: bool, unit: str = "元") -> list[list[tuple[str, int, int]]]:
    kinds = ["基本支出", "项目支出", *(["合计"] if totals else [])]
    sources = ["财政拨款", "其他资金", *(["合计"] if totals else [])]
    figures = {("基本支出", "财政拨款"): "3,000,000.00", ("基本支出", "其他资金"): "500,000.00",
               ("项目支出", "财政拨款"): "1,200,000.00", ("项目支出", "其他资金"): "0.00",
               ("基本支出", "合计"): "3,500,000.00", ("项目支出", "合计"): "1,200,000.00",
               ("合计", "财政拨款"): "4,200,000.00", ("合计", "其他资金"): "500,000.00",
               ("合计", "合计"): "4,700,000.00"}
    down, across = (sources, kinds) if transposed else (kinds, sources)
    rows: list[list[tuple[str, int, int]]] = [
        [("部门名称", 1, 1), ("某市教育局", 4, 1)],
        [(f"部门预算情况（{unit}）", 1, len(down) + 1), ("项目", 1, 1),
         *((a, 1, 1) for a in across), ("", 4 - len(across) - 1, 1)],
    ]
    for d in down:
        cells = [figures[(a, d) if transposed else (d, a)] for a in across]
        rows.append([(d, 1, 1), *((c, 1, 1) for c in cells), ("", 4 - len(across) - 1, 1)])
    return [[c for c in row if c[1] > 0] for row in rows] + [[("年度总体目标", 1, 1),
                                                             ("办好教育", 4, 1)], *INDICATORS]


def test_a_matrix_either_way_round_in_yuan_gives_funding_in_wan() -> None:
    for transposed in (False, True):
        form = _read(_matrix(transposed=transposed, totals=True))
        assert form.form_type == "department"
        assert form.funding.annual == Amounts(470.0, 420.0, 50.0, "元"), transposed
        extras = _extras(form)
        label = "项目支出/财政拨款" if not transposed else "财政拨款/项目支出"
        assert extras[label] == "1,200,000.00"  # as printed, the unit in the block's label
        assert len(extras) >= 6  # by kind × source and the kinds' totals


def test_totals_the_form_leaves_out_are_the_sums_of_its_printed_parts() -> None:
    form = _read(_matrix(transposed=False, totals=False, unit="万元"))
    assert form.funding.annual == Amounts(4_700_000.0, 4_200_000.0, 500_000.0, "万元")
    assert "funding.annual.total" not in form.provenance  # derived, no cell says it


def test_a_task_tables_sums_stay_beside_the_matrix_as_extras() -> None:
    rows = _matrix(transposed=False, totals=True, unit="元")[:-3]
    rows += [
        [("年度主要任务", 1, 4), ("任务名称", 1, 1), ("主要内容", 1, 1), ("总额", 1, 1),
         ("财政拨款", 1, 1)],
        [("项目支出", 1, 1), ("校舍维修", 1, 1), ("120.00", 1, 1), ("120.00", 1, 1)],
        [("基本支出", 1, 1), ("人员经费", 1, 1), ("350.00", 1, 1), ("300.00", 1, 1)],
        [("金额合计", 2, 1), ("470.00", 1, 1), ("420.00", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 4, 1)], *INDICATORS,
    ]
    form = _read(rows)
    assert form.funding.annual == Amounts(470.0, 420.0, 50.0, "元")
    assert [(t.category, t.total, t.fiscal) for t in form.tasks] == [
        ("项目支出", 120.0, 120.0), ("基本支出", 350.0, 300.0)]
    assert _extras(form)["金额合计/财政拨款"] == "420.00"


def test_a_matrix_without_a_block_label_is_found_by_its_kinds() -> None:
    rows = [
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("支出类型", 1, 1), ("合计（万元）", 1, 1), ("财政拨款", 1, 1), ("其他资金", 1, 1)],
        [("基本支出", 1, 1), ("350.00", 1, 1), ("300.00", 1, 1), ("50.00", 1, 1)],
        [("项目支出", 1, 1), ("120.00", 1, 1), ("120.00", 1, 1), ("", 1, 1)],
        [("总计", 1, 1), ("470.00", 1, 1), ("420.00", 1, 1), ("50.00", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 3, 1)], *INDICATORS,
    ]
    form = _read(rows)
    assert form.funding.annual == Amounts(470.0, 420.0, 50.0, "万元")
    assert _extras(form)["项目支出/其他资金"] is None  # blank, kept blank


def test_a_scan_s_amount_misread_as_a_letter_is_taken_from_the_next_reading() -> None:
    """湛江's rendered 其他资金 0 read as 'o' (next reading '0'): a figure, not a label, so its
    place in the matrix is read."""
    from dataclasses import replace

    rows = [
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("支出类型", 1, 1), ("合计（万元）", 1, 1), ("财政拨款", 1, 1), ("其他资金", 1, 1)],
        [("基本支出", 1, 1), ("350.00", 1, 1), ("350.00", 1, 1), ("o", 1, 1)],
        [("项目支出", 1, 1), ("120.00", 1, 1), ("120.00", 1, 1), ("o", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 3, 1)], *INDICATORS,
    ]
    grid = make_grid(row_major(rows), above=TITLE, ocr=True)
    cells = tuple(replace(c, alternatives=("0",)) if c.text == "o" else c for c in grid.cells)
    grid = replace(grid, cells=cells)
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    assert form.funding.annual == Amounts(470.0, 470.0, 0.0, "万元")
    assert _extras(form)["基本支出/其他资金"] == "o"  # the cell as read, its next reading used
    listed = [  # 湛江's two lists side by side: kinds of spending, sources
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("部门预算支出", 1, 1), ("预算金额（万元）", 1, 1), ("收入来源", 1, 1),
         ("预算金额（万元）", 1, 1)],
        [("基本支出", 1, 1), ("10891.62", 1, 1), ("财政拨款", 1, 1), ("72807.38", 1, 1)],
        [("项目支出", 1, 1), ("61915.77", 1, 1), ("其他资金", 1, 1), ("o", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 3, 1)], *INDICATORS,
    ]
    grid = make_grid(row_major(listed), above=TITLE, ocr=True)
    cells = tuple(replace(c, alternatives=("0",)) if c.text == "o" else c for c in grid.cells)
    form = read_form([replace(grid, cells=cells)], identify(grid))  # type: ignore[arg-type]
    assert form.funding.annual == Amounts(72807.38, 72807.38, 0.0, "万元")
    assert any(w.code == "amount_corrected" and "'o' read as '0'" in w.message
               for w in form.warnings)


def test_source_rows_under_kinds_across_the_top_belong_to_the_matrix() -> None:
    """A block label the scan cut ("整体情万元)" for 预算整体情况（万元）): the matrix is found by
    its kinds across the top, and runs on over every row naming a source beside figures."""
    rows = [
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("整体情万元)", 1, 3), ("项目", 1, 1), ("项目支出", 1, 1), ("基本支出", 1, 1)],
        [("其他收入", 1, 1), ("30.00", 1, 1), ("", 1, 1)],
        [("一般公共预算拨款", 1, 1), ("436.18", 1, 1), ("76463.48", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 3, 1)], *INDICATORS,
    ]
    form = _read(rows, ocr=True)
    assert form.funding.annual == Amounts(76929.66, 76899.66, 30.0, "万元")
    assert _extras(form)["一般公共预算拨款/基本支出"] == "76463.48"


def test_a_lists_misread_amount_heading_leaves_each_amount_to_its_label() -> None:
    """Two lists side by side (kinds | 预算金额, sources | 预算金额), the second heading misread
    ("数——、预算金领"): each amount beside its label is placed by the label alone."""
    rows = [
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("预算(元)", 1, 3), ("部门预算支出", 1, 1), ("预算金额", 1, 1), ("收入来源", 1, 1),
         ("数——、预算金领", 1, 1)],
        [("基本支出", 1, 1), ("138768200.00", 1, 1), ("一般公共预算拨款", 1, 1),
         ("748634800.00", 1, 1)],
        [("项目支出", 1, 1), ("609866600.00", 1, 1), ("其他资金", 1, 1), ("", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 4, 1)], *INDICATORS,
    ]
    form = _read(rows, ocr=True)
    assert form.funding.annual == Amounts(74863.48, 74863.48, None, "元")
    # a matrix whose heading over a figure is misread is no list: its row's other headings
    # name kinds, so the figure is placed by no guess
    matrix = [
        [("部门名称", 1, 1), ("某市教育局", 3, 1)],
        [("预算情况（万元）", 1, 3), ("项目", 1, 1), ("基本支曲", 1, 1), ("项目支出", 1, 1)],
        [("财政拨款", 1, 1), ("100.00", 1, 1), ("50.00", 1, 1)],
        [("其他资金", 1, 1), ("10.00", 1, 1), ("", 1, 1)],
        [("年度总体目标", 1, 1), ("办好教育", 3, 1)], *INDICATORS,
    ]
    assert _read(matrix, ocr=True).funding.annual.fiscal == 50.0
