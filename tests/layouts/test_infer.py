"""Forms no layout file describes, read by the layout their own labels and headings give."""

from __future__ import annotations

from dataclasses import replace

from declform.extract.sources.spreadsheet import sheet_grids
from declform.layouts import identify, read_form, why_not_a_form
from declform.layouts.fields import FormFields
from declform.layouts.infer import INFERRED_ID, period_of
from declform.layouts.read_indicators import joined_value
from declform.layouts.records import fields_to_record
from tests.layouts.gridkit import make_grid, row_major
from tests.paths import TESTS

REAL = TESTS / "fixtures" / "real-forms"
E = ("", 1, 1)


def _read(grid) -> FormFields:  # type: ignore[no-untyped-def]
    match = identify(grid)
    assert match is not None
    return read_form([grid], match)


def test_a_real_department_form_of_another_province_is_read() -> None:
    [grid] = sheet_grids(REAL / "zhanjiang-2024-dept-overall.xlsx", 1)
    form = _read(grid)
    assert (form.layout_id, form.form_type) == (INFERRED_ID, "department")
    assert form.title == "2024年市级部门整体预算绩效目标表" and form.fiscal_year == 2024
    assert form.project.competent_department == "湛江市人力资源和社会保障局"
    assert form.goals.annual is not None and form.goals.annual.startswith("目标1：城乡居民")
    assert len(form.indicators) == 19 and {i.period for i in form.indicators} == {"annual"}
    first, last = form.indicators[0], form.indicators[-1]
    assert (first.level1, first.level2, first.name, first.value) == (
        "产出指标", "数量指标", "城乡居民基础养老金标准", "≥190元每人每月")
    assert (last.level1, last.level2) == ("满意度指标", "服务对象满意度指标")
    rates = {i.name: i.value for i in form.indicators}
    assert rates["补贴发放准确率"] == "100%"  # stored as 1 under a percentage format
    # 年度重点工作任务: 名称, 主要实施内容, 拟投入的资金（万元）, 期望达到的目标; no sums row, it
    # ends at 绩效指标. Its first column names tasks (no 基本支出/项目支出): no category.
    assert [(task.category, task.name, task.total) for task in form.tasks] == [
        (None, "城乡居民养老保险政府补贴资金", 18862.0),
        (None, "“三支一扶”高校毕业生社会保险缺口资金及生活补贴", 587.81),
        (None, "促进就业专项资金（含创业担保贷款贴息资金）", 1140.0),
    ]
    first_task = form.tasks[0]
    assert first_task.content is not None and first_task.content.startswith("城乡居民社会养老保险补助")
    assert first_task.goal is not None and first_task.goal.startswith("城乡居民基本养老保险参保人数")
    assert all(task.goal for task in form.tasks)
    for part in ("name", "content", "total", "goal"):
        assert form.provenance[f"tasks[2].{part}"].row == 13
    assert "tasks[0].category" not in form.provenance


def test_a_real_project_application_reads_its_lone_block_as_annual() -> None:
    [grid] = sheet_grids(REAL / "wuhan-donghu-2020-project-application.xlsx", 1)
    form = _read(grid)
    assert (form.layout_id, form.form_type, form.fiscal_year) == (INFERRED_ID, "project", 2020)
    assert form.project.implementing_unit is not None  # 项目执行单位
    assert form.project.attribute == "公共项目"  # 1.部门项目 □  2.公共项目 □√: the ticked one
    assert form.funding.medium_term.total == 6730 and form.funding.annual.total == 6730
    assert form.goals.medium_term == "完成2020年度市、区下达的各项目标任务"  # 项目绩效总目标
    assert len(form.indicators) == 13 and {i.period for i in form.indicators} == {"annual"}
    assert form.indicators[0].name == "城镇新增就业人数" and form.indicators[0].value == "25000人"
    # 备注 beside 指标值 is a heading of its own, not a lost 二级指标
    assert not any("备注" in w.message for w in form.warnings)


def test_a_tick_box_list_without_one_tick_is_kept_as_printed_and_flagged() -> None:
    [grid] = sheet_grids(REAL / "wuhan-donghu-2020-project-application.xlsx", 1)
    unticked = "1.部门项目 □   2.公共项目 □"
    cells = tuple(replace(c, text=unticked) if (c.row, c.col) == (4, 2) else c for c in grid.cells)
    form = _read(replace(grid, cells=cells))
    assert form.project.attribute == "1.部门项目 □ 2.公共项目 □"  # printed, spaces squashed
    assert any(w.code == "value_unreadable" and "no option is ticked" in w.message
               for w in form.warnings)


def test_a_self_evaluation_is_named_not_read() -> None:
    [grid] = sheet_grids(REAL / "yuzhong-2021-project-self-eval.xlsx", 1)
    assert identify(grid) is None
    assert why_not_a_form(grid).startswith("a performance self-evaluation (绩效自评表)")


def _stacked(medium_heading: str, annual_heading: str):  # type: ignore[no-untyped-def]
    rows = [
        [("项目名称", 1, 1), ("教育经费", 4, 1)],
        [(medium_heading, 1, 3), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 2), ("数量指标", 1, 2), ("培训人次", 1, 1), ("≥300人次", 1, 1)],
        [("培训场次", 1, 1), ("≥12场", 1, 1)],
        [(annual_heading, 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    return make_grid(row_major(rows), above=["某区2025年项目支出绩效目标申报表"])


def test_stacked_blocks_take_their_period_from_their_own_words() -> None:
    form = _read(_stacked("中期绩效指标", "年度绩效指标"))
    periods = [(i.period, i.name, i.value) for i in form.indicators]
    assert periods == [
        ("medium_term", "培训人次", "≥300人次"),
        ("medium_term", "培训场次", "≥12场"),
        ("annual", "培训人次", "≥100人次"),
    ]


def test_unnamed_blocks_are_medium_term_then_annual_and_a_lone_one_is_annual() -> None:
    form = _read(_stacked("绩效指标", "绩效指标"))
    assert [i.period for i in form.indicators] == ["medium_term", "medium_term", "annual"]
    rows = [
        [("项目名称", 1, 1), ("教育经费", 4, 1)],
        [("中期资金总额", 1, 1), ("30", 4, 1)],
        [("年度资金总额", 1, 1), ("10", 4, 1)],
        [("绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    # the 2026 labels with one block: not the two-block layout, and the block is the year's
    form = _read(make_grid(row_major(rows), above=["某区2026年项目支出绩效目标申报表"]))
    assert form.layout_id == INFERRED_ID
    assert [i.period for i in form.indicators] == ["annual"]
    assert form.funding.medium_term.total == 30 and form.funding.annual.total == 10


def test_side_by_side_blocks_are_told_apart_by_columns_when_a_scan_s_boxes_overlap() -> None:
    rows = [
        [("项目名称", 1, 1), ("教育经费", 6, 1)],
        [("绩效指标", 1, 3), ("一级指标", 1, 2), ("实施期绩效指标", 3, 1), ("年度绩效指标", 3, 1)],
        [("二级指标", 1, 1), ("指标内容", 1, 1), ("指标值", 1, 1),
         ("二级指标", 1, 1), ("指标内容", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥300人次", 1, 1),
         ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["某区2026年项目支出绩效目标申报表"])
    # each cell of a scan keeps its own ruling: the year block's name starts a pixel left of
    # the first block's last heading's right edge, which ends a pixel past it
    nudged = []
    for cell in grid.cells:
        box = cell.bbox
        if (cell.row, cell.col) == (1, 5):
            box = replace(box, x0=box.x0 - 1)
        if (cell.row, cell.col) == (2, 4):
            box = replace(box, x1=box.x1 + 1)
        nudged.append(replace(cell, bbox=box))
    form = _read(replace(grid, cells=tuple(nudged)))
    assert [(i.period, i.value) for i in form.indicators] == [
        ("medium_term", "≥300人次"),
        ("annual", "≥100人次"),
    ]


def test_operator_and_unit_columns_join_into_the_printed_value() -> None:
    rows = [
        [("项目名称", 1, 1), ("就业补助", 6, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标性质", 1, 1),
         ("指标值", 1, 1), ("计量单位", 1, 1), ("权重", 1, 1)],
        [("产出指标", 1, 3), ("质量指标", 1, 2), ("发放准确率", 1, 1), ("≥", 1, 1), ("95", 1, 1), ("%", 1, 1), ("5", 1, 1)],
        [("零就业家庭帮扶率", 1, 1), ("=", 1, 1), ("100", 1, 1), ("%", 1, 1), ("5", 1, 1)],
        [("时效指标", 1, 1), ("资金使用合规性", 1, 1), ("定性", 1, 1), ("合规", 1, 1), ("无", 1, 1), ("2", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), above=["某区2025年项目支出绩效目标表"]))
    assert [(i.value, i.parsed and i.parsed["kind"]) for i in form.indicators] == [
        ("≥95%", "numeric"), ("100%", "numeric"), ("合规", "text")]
    # the joined value names every cell it was read from, its own first; weight its own
    record = fields_to_record(form, "form.pdf", "0" * 64)
    texts = {path: [record.cells[i].text for i in cells] for path, cells in record.provenance.items()}
    assert texts["indicators[0].value"] == ["95", "≥", "%"]
    assert texts["indicators[0].weight"] == ["5"]
    assert texts["indicators[2].value"] == ["合规", "定性", "无"]  # what the row printed


def test_joined_value_leaves_a_plain_equals_and_a_repeated_unit_out() -> None:
    assert joined_value("≥", "95", "%") == "≥95%"
    assert joined_value("=", "100", "%") == "100%"
    assert joined_value("≤", "5万元", "万元") == "≤5万元"
    assert joined_value("定性", "有所提升", "无") == "有所提升"
    assert joined_value("≥", None, "%") is None


def test_period_words_year_wins_where_both_appear() -> None:
    assert period_of("年度资金申请总额") == "annual"
    assert period_of("中期资金总额") == "medium_term"
    assert period_of("实施期目标") == "medium_term"
    assert period_of("当年绩效指标") == "annual"
    assert period_of("绩效指标") is None


def test_a_ruled_table_without_title_or_framework_is_no_form() -> None:
    rows = [
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("金额", 1, 1)],
        [("2010101", 1, 1), ("行政运行", 1, 1), ("120.5", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["2025年部门预算支出表"])
    assert identify(grid) is None
    assert why_not_a_form(grid) == "no form title and no indicator framework in the table"


def test_indicator_rows_without_headings_are_named_a_continuation_not_a_table() -> None:
    # a form's second page scanned alone: level names down a column, no heading or title
    rows = [
        [("产出指标", 1, 2), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥300人次", 1, 1)],
        [("质量指标", 1, 1), ("合格率", 1, 1), ("≥95%", 1, 1)],
        [("效益指标", 1, 1), ("社会效益指标", 1, 1), ("就业率", 1, 1), ("提高", 1, 1)],
    ]
    grid = make_grid(row_major(rows))
    assert identify(grid) is None
    reason = why_not_a_form(grid)
    assert reason.startswith("indicator rows under the framework's level names (数量指标、质量指标、社会效益指标)")
    assert "continuation of a form whose first page is not before it" in reason
    # a goods table whose heading row says 数量 | 质量 holds no column of level names
    goods = [[("品名", 1, 1), ("数量", 1, 1), ("质量", 1, 1)], [("钢材", 1, 1), ("3", 1, 1), ("优", 1, 1)]]
    assert why_not_a_form(make_grid(row_major(goods))) == (
        "no form title and no indicator framework in the table"
    )


def test_a_text_layer_is_taken_as_printed_and_only_ocr_readings_are_repaired() -> None:
    rows = [
        [("项目名称", 1, 1), ("教育经费", 3, 1)],
        [("年度资金总额", 1, 1), ("10:50", 3, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), (">100人次", 1, 1)],
    ]
    title = ["某区2025年项目支出绩效目标表"]
    printed = _read(make_grid(row_major(rows), above=title, ocr=False))
    assert printed.indicators[0].value == ">100人次" and printed.funding.annual.total is None
    scanned = _read(make_grid(row_major(rows), above=title, ocr=True))
    assert scanned.indicators[0].value == "≥100人次" and scanned.funding.annual.total == 10.5


def test_amounts_printed_in_yuan_are_stored_in_wan_yuan() -> None:
    from declform.layouts.read_funding import printed_unit

    rows = [
        [("项目名称", 1, 1), ("教育经费", 3, 1)],
        [("项目资金（元）", 1, 3), ("年度资金申请总额", 1, 1), ("1234567.80", 2, 1)],
        [("其中:财政拨款", 1, 1), ("1000000", 2, 1)],
        [("其他资金", 1, 1), ("234567.80", 2, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), above=["某区2025年财政项目支出绩效目标填报表"], ocr=False))
    assert (form.funding.annual.total, form.funding.annual.fiscal, form.funding.annual.other) == (
        123.45678, 100.0, 23.45678)
    assert printed_unit("单位：千元") == "千元" and printed_unit("资金情况(万元)") == "万元"
    assert printed_unit("年度资金总额") is None


def test_a_scan_s_misread_unit_note_takes_its_unit_from_the_recogniser_s_next_reading() -> None:
    rows = [
        [("项目名称", 1, 1), ("教育经费", 3, 1)],
        [("资金投入(干元)", 1, 2), ("年度资金总额", 1, 1), ("600.00", 2, 1)],
        [("其中:财政资金", 1, 1), ("600.00", 2, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["某区2026年项目支出绩效目标表"])
    label = next(c for c in grid.cells if c.text == "资金投入(干元)")
    read = replace(label, alternatives=("资金投入（干元)", "资金投入(千元)"))
    grid = replace(grid, cells=tuple(read if c is label else c for c in grid.cells))
    form = _read(grid)
    assert form.funding.annual.unit == "千元" and form.funding.annual.total == 60.0
    assert any(
        w.code == "label_corrected" and "(千元)" in w.message for w in form.warnings
    )
    # without that reading the unit stays unknown (the family's 万元), never a guess
    plain = _read(make_grid(row_major(rows), above=["某区2026年项目支出绩效目标表"]))
    assert plain.funding.annual.unit is None and plain.funding.annual.total == 600.0
    assert any(w.code == "amount_unreadable" and "(干元)" in w.message for w in plain.warnings)


def test_label_value_pairs_without_a_field_are_kept_as_extras() -> None:
    from declform.layouts.extras import looks_like_label

    [grid] = sheet_grids(REAL / "wuhan-donghu-2020-project-application.xlsx", 1)
    pairs = {extra.label: extra.value.text.strip() if extra.value else None
             for extra in _read(grid).extras}
    assert pairs["项目负责人"] == "吴卫东" and pairs["联系电话"] == "67880231"
    assert "项目名称" not in pairs and "专项资金" not in pairs  # read into fields already
    assert looks_like_label("项目代码") and not looks_like_label("1.依据武政规【2015】15号")


def test_a_block_named_in_a_column_without_a_level1_column_is_read_whole() -> None:
    rows = [
        [("项目名称", 1, 1), ("宣传经费", 4, 1)],
        [("长期绩效指标", 1, 3), ("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("指标符号", 1, 1)],
        [("数量指标", 1, 2), ("吸引企业了解", 1, 1), ("60", 1, 1), ("≥", 1, 1)],
        [("知名度和影响力", 1, 1), ("95%", 1, 1), ("≥", 1, 1)],
        [("年度绩效指标", 1, 2), ("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("指标符号", 1, 1)],
        [("数量指标", 1, 1), ("吸引企业了解", 1, 1), ("20", 1, 1), ("≥", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), above=["拉萨综保区2026年项目支出绩效目标申报表"], ocr=False))
    assert form.layout_id == INFERRED_ID
    assert [(i.period, i.level1, i.level2, i.value) for i in form.indicators] == [
        ("medium_term", "产出指标", "数量指标", "≥60"),
        ("medium_term", "产出指标", "数量指标", "≥95%"),
        ("annual", "产出指标", "数量指标", "≥20"),
    ]
    assert not [w for w in form.warnings if w.code == "unknown_level"]


def test_an_operator_the_ocr_could_not_read_is_left_out_and_flagged() -> None:
    rows = [
        [("项目名称", 1, 1), ("就业补助", 4, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标性质", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 2), ("质量指标", 1, 2), ("发放准确率", 1, 1), ("V", 1, 1), ("95%", 1, 1)],
        [("帮扶率", 1, 1), ("三", 1, 1), ("100%", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), above=["某区2025年项目支出绩效目标表"], ocr=True))
    assert [i.value for i in form.indicators] == ["95%", "100%"]
    assert [w.code for w in form.warnings].count("operator_unreadable") == 2


def test_an_ocr_title_ending_is_snapped_with_the_raw_reading_kept() -> None:
    rows = [
        [("项目名称", 1, 1), ("教育经费", 3, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    title = ["加玛街道2026年项目支出绩效目标日报表"]
    scanned = _read(make_grid(row_major(rows), above=title, ocr=True))
    assert scanned.title == "加玛街道2026年项目支出绩效目标申报表"
    [warning] = [w for w in scanned.warnings if w.code == "title_corrected"]
    assert "日报表" in warning.message and warning.field == "title"
    printed = _read(make_grid(row_major(rows), above=title, ocr=False))
    assert printed.title == title[0]  # a text layer is as printed


def test_a_block_opening_a_continuation_page_reads_with_its_own_headings_and_period() -> None:
    first = make_grid(row_major([
        [("项目名称", 1, 1), ("教育经费", 4, 1)],
        [("中期绩效指标", 1, 3), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1),
         ("指标值", 1, 1)],
        [("产出指标", 1, 2), ("数量指标", 1, 2), ("培训人次", 1, 1), ("≥300人次", 1, 1)],
        [("培训场次", 1, 1), ("≥12场", 1, 1)],
    ]), above=["某区2025年项目支出绩效目标申报表"], ocr=False)
    # the page break fell between the blocks: page 2 opens with the annual block's headings
    second_page_rows = row_major([
        [("年度绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("指标名称", 1, 1),
         ("目标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ])
    second = make_grid(second_page_rows, page=2, ocr=False)
    assert identify(second) is None  # no title, no header: it continues a form
    assert why_not_a_form(second).startswith("an indicator block with its headings")
    for above in ("m", "续表", "-2-"):  # a speck read as a letter, a page's mark: no title
        assert identify(make_grid(second_page_rows, above=[above], page=2, ocr=False)) is None
    titled = make_grid(second_page_rows, above=["某区2026年项目支出绩效目标表"], page=2, ocr=False)
    assert identify(titled) is not None  # a form of headings alone, under its own title
    match = identify(first)
    assert match is not None
    form = read_form([first, second], match)
    assert [(i.period, i.name, i.value) for i in form.indicators] == [
        ("medium_term", "培训人次", "≥300人次"),
        ("medium_term", "培训场次", "≥12场"),
        ("annual", "培训人次", "≥100人次"),
    ]


def test_side_by_side_blocks_keep_their_own_columns_a_pixel_apart_or_not() -> None:
    rows = [
        [("项目名称", 1, 1), ("教育经费", 7, 1)],
        [("中期绩效指标", 4, 1), ("年度绩效指标", 4, 1)],
        [("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("比较符", 1, 1),
         ("二级指标", 1, 1), ("指标名称", 1, 1), ("目标值", 1, 1), ("比较符", 1, 1)],
        [("数量指标", 1, 1), ("培训人次", 1, 1), ("300人次", 1, 1), ("≥", 1, 1),
         ("数量指标", 1, 1), ("培训人次", 1, 1), ("100人次", 1, 1), ("≤", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["某区2025年项目支出绩效目标申报表"], ocr=False)
    # a scan's ruling: the annual 二级指标 heading starts a pixel left of the medium 目标值's end
    shifted = tuple(
        replace(c, bbox=replace(c.bbox, x0=c.bbox.x0 - 1)) if (c.row, c.col) == (2, 4) else c
        for c in grid.cells
    )
    form = _read(replace(grid, cells=shifted))
    assert [(i.period, i.level2, i.value) for i in form.indicators] == [
        ("medium_term", "数量指标", "≥300人次"), ("annual", "数量指标", "≤100人次")]


def test_a_year_line_inside_the_frame_gives_the_fiscal_year() -> None:
    rows = [
        [("绩效目标表", 4, 1)],
        [("（2026年度）", 4, 1)],
        [("项目名称", 1, 1), ("教育经费", 3, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), ocr=False))
    assert (form.title, form.fiscal_year) == ("绩效目标表", 2026)


def _budget_matrix_form(  # type: ignore[no-untyped-def]
    title: str, corner: str, department_label: bool, transposed: bool = False
):
    across, down = (("基本支出", "项目支出"), ("财政拨款", "其他资金"))[:: -1 if transposed else 1]
    figures = (("100", "0"), ("50", "5")) if not transposed else (("100", "50"), ("0", "5"))
    rows = ([[("部门(单位名称)", 1, 1), ("某局", 5, 1)]] if department_label else []) + [
        [("预算整体情况", 1, 3), (corner, 1, 1), (down[0], 2, 1), (down[1], 2, 1)],
        [(across[0], 1, 1), (figures[0][0], 2, 1), (figures[0][1], 2, 1)],
        [(across[1], 1, 1), (figures[1][0], 2, 1), (figures[1][1], 2, 1)],
        [("年度总体目标", 1, 1), ("做好工作", 5, 1)],
        [("年度绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 2, 1),
         ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 2, 1), ("≥100人次", 1, 1)],
    ]
    return make_grid(row_major(rows), above=[title], ocr=False)


def test_a_budget_matrix_corner_is_no_project_name_label() -> None:
    """项目（万元） over 基本支出 / 项目支出 heads a matrix of figures: it names no project, so the
    department form stays a department form with no project name (not 基本支出 or 项目支出)."""
    for title in ("某局2024年部门整体支出绩效目标申报表", "2024年绩效目标申报表"):
        for corner, transposed in (("项目（万元）", False), ("项目", False), ("项目", True)):
            form = _read(_budget_matrix_form(title, corner, True, transposed))
            assert (form.form_type, form.project.name) == ("department", None), (title, corner)
            assert form.project.competent_department == "某局"
            assert (form.funding.annual.total, form.funding.annual.fiscal) == (155.0, 150.0)
            assert "project.name" not in form.provenance
    # titled as a department's form but with no department label: still no project name
    form = _read(_budget_matrix_form("某局2024年部门整体支出绩效目标申报表", "项目", False))
    assert (form.form_type, form.project.name) == ("department", None)


def test_a_damaged_form_under_its_title_is_read_in_part_and_flagged() -> None:
    """A fax left one of the four indicator headings readable under a declaration title: the
    page is a form read in part (flagged), not a table skipped as no form; without the title
    the same table is no form, and a self-evaluation's title is no declaration."""
    rows = [
        [("项目名称", 1, 1), ("西非科技", 3, 1)],
        [("主管部门", 1, 1), ("科技局", 3, 1)],
        [("绩效指标", 1, 2), ("銀物标", 1, 1), ("ENN", 1, 1), ("指标值", 1, 1)],
        [("产em", 1, 1), ("地脉", 1, 1), ("≥5家", 1, 1)],
    ]
    damaged = make_grid(row_major(rows), above=["拉萨市部门项目支出预算绩效目标申报表"])
    match = identify(damaged)
    assert match is not None and match.incomplete is not None
    assert "1 of the 4 indicator headings" in match.incomplete
    form = read_form([damaged], match)
    assert form.project.name == "西非科技"
    assert [w.code for w in form.warnings].count("form_incomplete") == 1
    assert identify(make_grid(row_major(rows))) is None
    assert identify(make_grid(row_major(rows), above=["2021年度项目支出绩效自评表"])) is None


def test_a_damaged_form_without_a_legible_title_is_known_by_its_header_labels() -> None:
    """A fax blotted the title and the indicator headings but for 权重: five distinct labels of a
    declaration's header over that heading are a form read in part; four are not, and a
    budget table's labels with 单位 and 备注 columns (which any table prints) are no form."""
    header = [
        [("项目名称", 1, 1), ("西非科技", 3, 1)],
        [("主管部门", 1, 1), ("科技局", 1, 1), ("实施单位", 1, 1), ("科技局", 1, 1)],
        [("项目属性", 1, 1), ("延续项目", 3, 1)],
        [("项目资金(万元)", 1, 1), ("年度资金总额", 1, 1), ("12.5", 2, 1)],
    ]
    indicators = [[("銀物标", 1, 1), ("ENN", 1, 1), ("地脉", 1, 1), ("权重", 1, 1)],
                  [("产em", 1, 1), ("地脉", 1, 1), ("≥5家", 1, 1), ("10", 1, 1)]]
    damaged = make_grid(row_major(header + indicators), above=["#tl"])
    match = identify(damaged)
    assert match is not None and match.incomplete is not None
    assert match.incomplete.startswith("6 of a form's header labels but no legible title")
    form = read_form([damaged], match)
    assert (form.project.name, form.project.attribute) == ("西非科技", "延续项目")
    assert [w.code for w in form.warnings].count("form_incomplete") == 1
    five = [header[0], header[1], header[3]]  # 项目属性 gone: 项目名称 … 年度资金总额 are five
    assert identify(make_grid(row_major(five + indicators))) is not None
    assert identify(make_grid(row_major(five[1:] + indicators))) is None  # and four
    task_table_runs_on = [  # a department form's task table continued on its second page
        [("任务名称", 1, 1), ("主要内容", 1, 1), ("总额", 1, 1), ("财政拨款", 1, 1),
         ("转移性资金", 1, 1)],
        [("年度总体目标", 1, 1), ("提升服务", 4, 1)],
        [("年度绩效指标", 1, 1), ("产出指标", 1, 1), ("数量指标", 1, 1), ("≥5家", 2, 1)],
    ]
    assert identify(make_grid(row_major(task_table_runs_on))) is None
    budget = [
        [("项目", 1, 1), ("财政拨款", 1, 1), ("其他资金", 1, 1), ("合计", 1, 1), ("单位", 1, 1),
         ("备注", 1, 1)],
        [("办公楼维修", 1, 1), ("12.5", 1, 1), ("0", 1, 1), ("12.5", 1, 1), ("万元", 1, 1),
         E],
    ]
    assert identify(make_grid(row_major(budget))) is None


def test_a_project_form_whose_project_name_label_is_illegible_stays_a_project_form() -> None:
    """单位名称 without 项目名称 was taken for a department's form; 项目属性 and 实施单位 are
    printed by a project's form only."""
    rows = [
        [("预关名称", 1, 1), ("城市综合治理", 3, 1)],  # 项目名称, illegible
        [("单位名称及代码", 1, 1), ("经开区管委会", 1, 1), ("项目实施单位", 1, 1), ("城管局", 1, 1)],
        [("项目属性", 1, 1), ("延续项目", 3, 1)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("巡查次数", 1, 1), ("≥12次", 1, 1)],
    ]
    form = _read(make_grid(row_major(rows), above=["2026年项目支出绩效目标表"]))
    assert form.form_type == "project"
    assert form.project.competent_department == "经开区管委会"
    assert form.project.implementing_unit == "城管局"
