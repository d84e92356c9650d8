"""Layouts applied to tiny hand-built grids shaped like the three real forms."""

from dataclasses import replace

from declform.layouts import identify, read_form
from declform.layouts.fields import FormFields
from tests.layouts.gridkit import make_grid, row_major

E = ("", 1, 1)


def _medium_annual_grid():  # type: ignore[no-untyped-def]
    rows = [
        [("项目名称", 2, 1), ("党建经费", 6, 1)],
        [("主管部门及代码", 2, 1), ("西藏拉萨经济技术开发区公安分局", 3, 1), ("实施单位", 1, 1), ("经开区公安分局", 2, 1)],
        [("项目属性", 2, 1), ("延续项目", 3, 1), ("项目期", 1, 1), ("长期", 2, 1)],
        [("项目资金 (万元)", 2, 3), ("中期资金总额:", 2, 1), ("62.90", 1, 1), ("年度资金总额:", 2, 1), ("20.97", 1, 1)],
        [("其中:财政拨款", 2, 1), ("62.90", 1, 1), ("其中:财政拨款", 2, 1), ("20.97", 1, 1)],
        [("其他资金", 2, 1), E, ("其他资金", 2, 1), E],
        [("总体目标", 1, 2), ("中期目标(2026年—2028年)", 4, 1), ("年度目标", 3, 1)],
        [("打造“四强”党组织", 4, 1), ("党建活动实现全覆盖", 3, 1)],
        [("绩效指标", 1, 6), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1),
         ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 3), ("数量指标", 1, 2), ("开展党建活动次数", 1, 1), ("≥15次", 1, 1),
         ("数量指标", 1, 2), ("开展党建活动次数", 1, 1), ("≥5次", 1, 1)],
        [("购买党建图书", 1, 1), ("≥30本", 1, 1), ("购买党建图书", 1, 1), ("≥10本", 1, 1)],
        [("进度指标", 1, 1), ("党建活动完成时间", 1, 1), ("年底前举办完毕", 1, 1),
         ("时效指标", 1, 1), ("党建活动完成时间", 1, 1), ("年底前举办完毕", 1, 1)],
        [("满意度指标", 1, 2), ("服务对象满意度指标", 1, 2), ("党员满意度", 1, 1), ("≥95%", 1, 1),
         ("服务对象满意度指", 1, 2), ("党员满意度", 1, 1), ("≥95%", 1, 1)],
        [("人民群众满意度", 1, 1), ("≥95%", 1, 1), E, E],
    ]
    return make_grid(row_major(rows), above=["拉萨经开区2026年项目支出绩效目标申报表", "(2026年度)"])


def test_medium_annual_form_reads_every_field() -> None:
    grid = _medium_annual_grid()
    match = identify(grid)
    assert match is not None and match.layout.id == "project_medium_annual"
    form = read_form([grid], match)
    assert form.form_type == "project"
    assert form.title == "拉萨经开区2026年项目支出绩效目标申报表"
    assert form.fiscal_year == 2026
    assert form.project.name == "党建经费"
    assert form.project.competent_department == "西藏拉萨经济技术开发区公安分局"
    assert form.project.implementing_unit == "经开区公安分局"
    assert (form.project.attribute, form.project.period) == ("延续项目", "长期")
    assert form.funding.medium_term.total == 62.9 and form.funding.medium_term.fiscal == 62.9
    assert form.funding.medium_term.other is None
    assert form.funding.annual.total == 20.97 and form.funding.annual.fiscal == 20.97
    assert form.goals.medium_term == "打造“四强”党组织"
    assert form.goals.annual == "党建活动实现全覆盖"
    medium = [i for i in form.indicators if i.period == "medium_term"]
    annual = [i for i in form.indicators if i.period == "annual"]
    assert [i.name for i in medium] == ["开展党建活动次数", "购买党建图书", "党建活动完成时间",
                                        "党员满意度", "人民群众满意度"]
    assert [i.name for i in annual] == ["开展党建活动次数", "购买党建图书", "党建活动完成时间", "党员满意度"]
    assert form.indicators[: len(medium)] == tuple(medium)  # medium_term first
    assert medium[1].level1 == "产出指标" and medium[1].level2 == "数量指标"  # carried by the merge
    assert medium[2].level2 == "时效指标" and medium[2].level2_raw == "进度指标"
    assert annual[3].level1 == "满意度指标" and annual[3].level2 == "服务对象满意度指标"
    assert annual[3].level2_raw == "服务对象满意度指"
    assert medium[0].parsed == {"kind": "numeric", "op": ">=", "number": 15, "unit": "次"}
    assert form.provenance["project.name"].text == "党建经费"


def test_unknown_level_is_a_warning_not_a_guess() -> None:
    rows = [
        [("项目名称", 1, 1), ("机动经费", 4, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("10万元", 2, 1)],
        [("其中:财政拨款", 2, 1), ("abc", 2, 1)],
        [("其他资金", 2, 1), ("", 2, 1)],
        [("年度总体目标", 1, 1), ("保障局机关公用经费", 4, 1)],
        [("绩效指标", 1, 3), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 2), ("稳定保障", 1, 1), ("指标1: 帮助公益性岗位", 1, 1), ("4人", 1, 1)],
        [("数量指标", 1, 1), ("指标2: 退地企业", 1, 1), ("≥O家", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["拉萨市部门项目支出预算绩效目标表", "(2023年度)",
                                             "填报日期: 2023年1月28日", "填报人及联系电话: 0891-6323130"])
    match = identify(grid)
    assert match is not None and match.layout.id == "project_annual"
    form = read_form([grid], match)
    assert form.funding.annual.total == 10
    assert form.funding.annual.fiscal is None
    codes = {w.code for w in form.warnings}
    assert {"unknown_level", "amount_unreadable", "value_corrected"} <= codes
    indicator, companies = form.indicators
    assert companies.value == "≥0家" and companies.parsed["number"] == 0  # O read for 0
    assert indicator.level2 is None and indicator.level2_raw == "稳定保障"
    assert indicator.name == "帮助公益性岗位"
    assert form.filler.date == "2023-01-28"
    assert (form.filler.name, form.filler.phone) == (None, "0891-6323130")
    assert form.goals.annual == "保障局机关公用经费"


def test_department_form_reads_tasks_and_totals() -> None:
    rows = [
        [("部门(单位名称)", 1, 1), ("拉萨市科技局 (009909878)", 5, 1)],
        [("年度主要任务", 1, 6), ("任务名称", 1, 2), ("主要内容", 1, 2), ("预算申请(万元)", 3, 1)],
        [("总额", 1, 1), ("财政拨款", 1, 1), ("转移性资金", 1, 1)],
        [("基本支出", 1, 1), ("人员工资", 1, 1), ("300.00", 1, 1), ("300.00", 1, 1), ("", 1, 1)],
        [("项目支出", 1, 2), ("科技创新奖励", 1, 1), ("100.00", 1, 1), ("80.00", 1, 1), ("20.00", 1, 1)],
        [("科普宣传", 1, 1), ("10.00", 1, 1), ("10.00", 1, 1), ("", 1, 1)],
        [("金额合计", 2, 1), ("410.00", 1, 1), ("390.00", 1, 1), ("20.00", 1, 1)],
        [("年度总体目标", 1, 1), ("推动科技创新", 5, 1)],
        [("年度绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 2, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("认定高新技术企业", 2, 1), ("≥20家", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["部门整体支出绩效目标申报表", "(2023年度)"])
    match = identify(grid)
    assert match is not None and match.layout.id == "department"
    form = read_form([grid], match)
    assert form.form_type == "department"
    assert form.project.name is None
    assert (form.project.competent_department, form.project.department_code) == ("拉萨市科技局", "009909878")
    assert [(t.category, t.name, t.total, t.fiscal, t.transfer) for t in form.tasks] == [
        ("基本支出", "人员工资", 300.0, 300.0, None),
        ("项目支出", "科技创新奖励", 100.0, 80.0, 20.0),
        ("项目支出", "科普宣传", 10.0, 10.0, None),
    ]
    assert (form.funding.annual.total, form.funding.annual.fiscal, form.funding.annual.other) == (410, 390, 20)
    assert form.goals.annual == "推动科技创新"
    (indicator,) = form.indicators
    assert (indicator.period, indicator.level1, indicator.name) == ("annual", "产出指标", "认定高新技术企业")


def test_continuation_page_rows_join_the_form() -> None:
    first = _medium_annual_grid()
    rows = [[("社会效益指标", 1, 1), ("维护社会稳定", 1, 1), ("有所提升", 1, 1),
             ("社会效益指标", 1, 1), ("维护社会稳定", 1, 1), ("有所提升", 1, 1)]]
    # the continuation table repeats no headings; its columns sit under the first page's
    specs = [(0, col + 2, 1, 1, text) for col, (text, _, _) in enumerate(rows[0])]
    specs.insert(0, (0, 1, 1, 1, "效益指标"))
    second = make_grid(specs, page=2)
    match = identify(first)
    assert match is not None and identify(second) is None
    form = read_form([first, second], match)
    last_medium = [i for i in form.indicators if i.period == "medium_term"][-1]
    assert (last_medium.level1, last_medium.level2, last_medium.name) == ("效益指标", "社会效益指标", "维护社会稳定")
    assert form.indicators[-1].value == "有所提升"


def test_non_form_table_matches_no_layout() -> None:
    grid = make_grid(row_major([[("姓名", 1, 1), ("张三", 1, 1)], [("学校", 1, 1), ("一中", 1, 1)]]),
                     above=["厦门市中学生社会实践活动登记表"])
    assert identify(grid) is None


def test_wrapped_title_is_joined_and_year_read_below_it() -> None:
    grid = make_grid(
        row_major([[("部门(单位名称)", 1, 1), ("拉萨市科学技术协会", 5, 1)]]),
        above=["拉萨市科学技术协会2026年度部门整体支出绩效目标", "申报表（含下属单位）", "（2026年度）",
               "填报日期: 2026年1月5日"],
    )
    from declform.layouts.read_header import read_title

    assert read_title(grid) == ("拉萨市科学技术协会2026年度部门整体支出绩效目标申报表（含下属单位）", 2026)


def _annual_project_form(header_rows: list[list[tuple[str, int, int]]]) -> FormFields:
    """A project_annual form of these header rows and one indicator row, read."""
    rows = [
        *header_rows,
        [("绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 1), ("数量指标", 1, 1), ("退地企业", 1, 1), ("≤1家", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["绩效目标申报表", "(2026年度)"])
    match = identify(grid)
    assert match is not None
    return read_form([grid], match)


def test_a_value_cell_split_by_a_scratch_is_still_read_but_a_blank_value_stays_blank() -> None:
    rows = [
        [("项目名称", 1, 1), ("经开投退地费", 4, 1)],
        [("主管部门及代码", 1, 1), ("经开区管委会", 2, 1), ("实施单位", 1, 1), E],
        [("项目属性", 1, 1), ("一次性项目", 2, 1), ("项目期", 1, 1), ("2026年", 1, 1)],
        # a vertical scratch on a photocopy split the amount cells: a blank sliver first
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 1, 1), E, E, ("9200.00", 1, 1)],
        [("其中:财政拨款", 1, 1), E, E, ("9200.00", 1, 1)],
        [("其他资金", 1, 1), E, E, E],
        [("年度总体目标", 1, 1), ("完成退地工作", 4, 1)],
    ]
    form = _annual_project_form(rows)
    assert form.funding.annual.total == 9200.0 and form.funding.annual.fiscal == 9200.0
    assert form.funding.annual.other is None
    assert form.project.implementing_unit is None  # blank up to the row's end


def test_a_header_value_of_marks_alone_is_left_blank_with_a_warning() -> None:
    rows = [
        [("项目名称", 1, 1), ("退地费", 3, 1)],
        [("主管部门及代码", 1, 1), ("经开区管委会", 1, 1), ("实施单位", 1, 1), ("，：", 1, 1)],
        [("项目属性", 1, 1), ("[", 1, 1), ("项目期", 1, 1), ("2026年", 1, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("10.00", 1, 1)],
        [("其中:财政拨款", 2, 1), ("10.00", 1, 1)],
        [("其他资金", 2, 1), ("", 1, 1)],
        [("年度总体目标", 1, 1), ("完成退地工作", 3, 1)],
    ]
    form = _annual_project_form(rows)
    # a copy's specks read as punctuation are no value
    assert form.project.implementing_unit is None and form.project.attribute is None
    assert form.project.competent_department == "经开区管委会"
    blanked = [w for w in form.warnings if w.code == "value_unreadable"]
    assert len(blanked) == 2 and "'，：'" in blanked[0].message


def test_a_level_the_scan_could_not_read_is_not_the_one_above_but_may_be_inferred() -> None:
    rows = [
        [("项目名称", 1, 1), ("党建经费", 3, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("10.00", 1, 1)],
        [("其中:财政拨款", 2, 1), ("10.00", 1, 1)],
        [("其他资金", 2, 1), E],
        [("年度总体目标", 1, 1), ("完成党建工作", 3, 1)],
        [("绩效指标", 1, 6), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("效益指标", 1, 2), ("社会效益指标", 1, 1), ("党性修养", 1, 1), ("有所提高", 1, 1)],
        [("UNREAD", 1, 1), ("树立党员良好形象", 1, 1), ("有所帮助", 1, 1)],
        [("满意度指标", 1, 1), ("UNREAD", 1, 1), ("单位满意度", 1, 1), ("≥90%", 1, 1)],
        [("清盒屋推标", 1, 2), ("服务对象满意度指标", 1, 2), ("人员满意度", 1, 1), ("≥98%", 1, 1)],
        [("群众满意度", 1, 1), ("≥95%", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["绩效目标申报表", "(2026年度)"])
    # ink the OCR could not read is left blank with its low confidence
    cells = tuple(
        replace(c, text="", confidence=0.14) if c.text == "UNREAD" else c for c in grid.cells
    )
    grid = replace(grid, cells=cells)
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    levels = [(i.level1, i.level2) for i in form.indicators]
    assert levels == [
        ("效益指标", "社会效益指标"),
        ("效益指标", None),  # not the 社会效益指标 above: unknown, as 效益指标 has four
        ("满意度指标", "服务对象满意度指标"),  # 满意度指标's only 二级
        ("满意度指标", "服务对象满意度指标"),  # the 一级 above its 二级, misread past reading
        ("满意度指标", "服务对象满意度指标"),
    ]
    inferred = [w for w in form.warnings if w.code == "level_inferred"]
    assert len(inferred) == 3 and "服务对象满意度指标" in inferred[0].message


def test_the_fiscal_label_under_a_total_is_known_by_its_of_which_however_misread() -> None:
    rows = [
        [("项目名称", 1, 1), ("海关网络线路运行费", 3, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("53.424", 1, 1)],
        [("其中:财政狼软", 2, 1), ("53.424", 1, 1)],  # 拨款 lost in a photocopy's toner
        [("其他资金", 2, 1), E],
        [("年度总体目标", 1, 1), ("保障网络运行", 3, 1)],
    ]
    form = _annual_project_form(rows)
    assert form.funding.annual.fiscal == 53.424
    assert any(w.code == "label_corrected" and "其中:财政狼软" in w.message for w in form.warnings)
    # without its 其中 the row is no fiscal label
    rows[2] = [("财政狼软", 2, 1), ("53.424", 1, 1)]
    assert _annual_project_form(rows).funding.annual.fiscal is None


def test_an_amount_misread_with_a_colon_for_its_point_is_corrected_with_a_warning() -> None:
    rows = [
        [("项目名称", 1, 1), ("党建工作经费", 3, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("37:80", 1, 1)],
        [("其中:财政拨款", 2, 1), ("37.80′", 1, 1)],
        [("其他资金", 2, 1), ("约5万", 1, 1)],
        [("年度总体目标", 1, 1), ("完成党建工作", 3, 1)],
    ]
    form = _annual_project_form(rows)
    assert form.funding.annual.total == 37.8 and form.funding.annual.fiscal == 37.8
    assert form.funding.annual.other is None  # words are no misreading: unreadable, blank
    codes = [w.code for w in form.warnings]
    assert codes.count("amount_corrected") == 2 and "amount_unreadable" in codes
    assert any("'37:80' read as '37.80'" in w.message for w in form.warnings)


def test_a_value_out_of_shape_takes_the_ocrs_next_reading_that_has_one() -> None:
    rows = [
        [("项目名称", 1, 1), ("党建工作经费", 3, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("10.00", 1, 1)],
        [("其中:财政拨款", 2, 1), ("10.00", 1, 1)],
        [("其他资金", 2, 1), E],
        [("年度总体目标", 1, 1), ("完成党建工作", 3, 1)],
        [("绩效指标", 1, 5), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 4), ("数量指标", 1, 3), ("党员参与率", 1, 1), ('≥98"', 1, 1)],
        [("完成时间", 1, 1), ("2026年6月81日前", 1, 1)],
        [("覆盖率", 1, 1), ("≥95%", 1, 1)],
        [("成本指标", 1, 1), ("预算控制数", 1, 1), ("8.85方元", 1, 1)],  # a unit under toner
    ]
    grid = make_grid(row_major(rows), above=["绩效目标申报表", "(2026年度)"])
    nexts = {
        '≥98"': ("≥98", "≥98%"),
        "2026年6月81日前": ("2026年6月31日前",),
        "≥95%": ("≥96%",),
        "8.85方元": ("8.85万元",),
    }
    cells = tuple(replace(c, alternatives=nexts.get(c.text, ())) for c in grid.cells)
    grid = replace(grid, cells=cells)
    match = identify(grid)
    assert match is not None
    form = read_form([grid], match)
    # "≥98" lost a character: not a reading of the same print; "≥98%" is
    assert [i.value for i in form.indicators] == ["≥98%", "2026年6月31日前", "≥95%", "8.85万元"]
    assert form.indicators[0].parsed == {"kind": "numeric", "op": ">=", "number": 98, "unit": "%"}
    corrected = [w for w in form.warnings if w.code == "value_corrected"]
    assert len(corrected) == 3 and "next reading" in corrected[0].message


def _funding_form(total: str, fiscal: str) -> FormFields:
    return _annual_project_form(
        [
            [("项目名称", 1, 1), ("应急中心租金", 3, 1)],
            [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), (total, 1, 1)],
            [("其中:财政拨款", 2, 1), (fiscal, 1, 1)],
            [("其他资金", 2, 1), E],
            [("年度总体目标", 1, 1), ("保障运行", 3, 1)],
        ]
    )


def test_an_amount_that_lost_its_decimal_point_is_restored_by_the_funding_arithmetic() -> None:
    form = _funding_form("150000", "1500.00")
    assert (form.funding.annual.total, form.funding.annual.fiscal) == (1500.0, 1500.0)
    assert any(w.code == "amount_corrected" and "'150000'" in w.message for w in form.warnings)
    form = _funding_form("1500.00", "150000")
    assert (form.funding.annual.total, form.funding.annual.fiscal) == (1500.0, 1500.0)
    # not a hundredfold, or printed with its point: the figures stand as read
    assert _funding_form("150000", "1500.50").funding.annual.total == 150000.0
    assert _funding_form("150000.00", "1500.00").funding.annual.total == 150000.0


def test_marks_no_value_has_are_read_as_specks_on_a_scan_and_kept_on_print() -> None:
    rows = [
        [("项目名称", 1, 1), ("育儿补贴补助资金。", 3, 1)],
        [("项目资金(万元)", 1, 3), ("年度资金总额:", 2, 1), ("10.00", 1, 1)],
        [("其中:财政拨款", 2, 1), ("10.00", 1, 1)],
        [("其他资金", 2, 1), E],
        [("年度总体目标", 1, 1), ("完成“三区”人才工作。", 3, 1)],
        [("绩效指标", 1, 4), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出指标", 1, 3), ("数量指标", 1, 3), ("党员参与率", 1, 1), ("≥95%:", 1, 1)],
        [("完成时间", 1, 1), ("2026年12月31，日前", 1, 1)],  # a speck inside
        [("覆盖率", 1, 1), ("“十四五”目标", 1, 1)],
    ]
    scanned = make_grid(row_major(rows), above=["绩效目标申报表", "(2026年度)"])
    match = identify(scanned)
    assert match is not None
    form = read_form([scanned], match)
    assert form.project.name == "育儿补贴补助资金"
    assert [i.value for i in form.indicators] == ["≥95%", "2026年12月31日前", "“十四五”目标"]
    assert form.goals.annual == "完成“三区”人才工作。"  # prose ends with a full stop
    codes = [w.code for w in form.warnings]
    assert codes.count("value_corrected") == 2 and codes.count("speck_dropped") == 1
    printed = replace(scanned, ocr=False)  # born-digital text is as printed
    form = read_form([printed], match)
    assert form.project.name == "育儿补贴补助资金。"
    assert form.indicators[0].value == "≥95%:"
