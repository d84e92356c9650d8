from __future__ import annotations

import pytest

from declform.normalize import (
    LABEL_KEYS,
    VocabMatch,
    canonical_label,
    canonical_level1,
    canonical_level2,
)
from tests.normalize.seeds import DATA, seed_cells


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("产出指标", "产出指标"), ("效益 指标", "效益指标"), ("满意度指标", "满意度指标"),
        ("成本指标 (必填)", "成本指标"), ("产出指", "产出指标"), ("满意度", "满意度指标"),
    ],
)  # fmt: skip
def test_level1_exact_variants(raw: str, canonical: str) -> None:
    match = canonical_level1(raw)
    assert match is not None
    assert (match.canonical, match.exact, match.score) == (canonical, True, 1.0)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("数量指标 (必填)", "数量指标"),
        ("社会效益 指标", "社会效益指标"),
        ("社会效益 指标 (必填)", "社会效益指标"),
        ("服务对象满意度指", "服务对象满意度指标"),
        ("服务对象满意", "服务对象满意度指标"),
        ("服务对 象 满意度 指标", "服务对象满意度指标"),
        ("可持续影响", "可持续影响指标"),
        ("进度指标", "时效指标"),
        ("产出进度指标", "时效指标"),
        ("环境效益指标", "生态效益指标"),
        ("经济成本指标", "经济成本指标"),
        ("生态环境成本指标", "生态环境成本指标"),
        ("可持续发展指标", "可持续影响指标"),
        ("可持续性影响指标", "可持续影响指标"),
        ("经济效益 指标 (选填)", "经济效益指标"),
        ("社会公众或服务对象满意度指标", "服务对象满意度指标"),  # 武汉东湖 2020
    ],
)
def test_level2_exact_variants(raw: str, canonical: str) -> None:
    match = canonical_level2(raw)
    assert match is not None
    assert (match.canonical, match.exact) == (canonical, True)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("可持绩性影响指标", "可持续影响指标"),  # a substituted character in a printed variant
        ("社会效溢指标", "社会效益指标"),  # a substituted character
        ("服务对像满意度指标", "服务对象满意度指标"),
    ],
)
def test_level2_fuzzy_is_reported(raw: str, canonical: str) -> None:
    match = canonical_level2(raw)
    assert match is not None
    assert match.canonical == canonical
    assert not match.exact
    assert 0 < match.score < 1


@pytest.mark.parametrize("raw", [None, "", "社会和谐稳定有所提升", "≥95%", "项目名称", "指标"])
def test_levels_reject_content(raw: str | None) -> None:
    assert canonical_level1(raw) is None
    assert canonical_level2(raw) is None


def test_level_keys_are_distinct_from_canonical_text() -> None:
    match = canonical_level2("社会效益指标")
    assert match == VocabMatch("social_benefit", "社会效益指标", 1.0, True)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("项目名称", "project_name"), ("项目名称:", "project_name"),
        ("主管部门及代码", "competent_department"), ("主管部门", "competent_department"),
        ("实施单位：", "implementing_unit"), ("项目属性", "attribute"), ("项目期", "period"),
        ("项目周期", "period"), ("项目资金 (万元)", "funding"), ("资金情况 （万元）", "funding"),
        ("中期资金总额:", "medium_total"), ("年度资金总 额:", "annual_total"),
        ("其中: 财政拨款", "fiscal"), ("财政拨款", "fiscal"), ("其他资金", "other"),
        ("总体 目标", "goals"), ("中期目标(2026年—2028年)", "medium_goal"),
        ("中期目标 (2025-2027年)", "medium_goal"), ("2026年度目标", "annual_goal"),
        ("年度总体 目标", "annual_goal"), ("绩效 指标", "indicators"), ("年度绩效指标", "indicators"),
        ("一级", "level1_header"), ("二级指 标", "level2_header"), ("三级指标", "level3_header"),
        ("指标值", "value_header"), ("填报人及联系电话", "filler"), ("填报人", "filler"),
        ("填报日期", "fill_date"), ("部门(单位名称)", "department_name"),
        ("部门（单位）名称", "department_name"), ("单位名称", "department_name"),
        ("年度主要任务", "main_tasks"), ("任务名称", "task_name"), ("主要内容", "task_content"),
        ("预算申请(万元)", "budget"), ("总额", "task_total"), ("转移性资金", "task_transfer"),
        ("金额合计", "amount_total"), ("合计", "amount_total"),
    ],
)  # fmt: skip
def test_label_exact_variants(raw: str, key: str) -> None:
    match = canonical_label(raw)
    assert match is not None
    assert (match.key, match.exact) == (key, True)
    assert key in LABEL_KEYS


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("主管部门及代理", "competent_department"),  # swapped character
        ("实施单", "implementing_unit"),  # missing character
        ("其中:财政拨", "fiscal"),
        ("填报人及联糸电话", "filler"),
        ("中期资金总额额", "medium_total"),  # extra character
        ("年度资金总颔", "annual_total"),
        # a misread character, and the unit note's opening bracket lost (湛江 2024, rendered)
        ("拟投人的资金万元）", "task_total"),
    ],
)
def test_label_noise_is_fuzzy(raw: str, key: str) -> None:
    match = canonical_label(raw)
    assert match is not None
    assert (match.key, match.exact) == (key, False)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("主管单位及代码", "competent_department"), ("项目主管部门及代码", "competent_department"),
        ("部门名称和代码", "department_name"), ("项目实施单位及代码", "implementing_unit"),
    ],
)  # fmt: skip
def test_a_label_asking_for_a_code_too_names_its_field(raw: str, key: str) -> None:
    """主管单位 is a label: 主管单位及代码 (its value's code asked for too) names it exactly."""
    match = canonical_label(raw)
    assert match is not None
    assert (match.key, match.exact) == (key, True)


def test_letters_specks_made_at_a_labels_ends_are_read_past_with_a_correction() -> None:
    match = canonical_label("KW当年资金总额囊")
    assert match is not None and (match.key, match.exact) == ("annual_total", False)
    assert canonical_label("KW年度资金总额") == VocabMatch(
        "annual_total", "年度资金总额", 0.75, exact=False)
    assert canonical_label("GDP") is None and canonical_label("KW") is None


def test_a_code_alone_is_no_label_of_the_field() -> None:
    assert canonical_label("代码") is None
    assert canonical_label("及代码") is None


@pytest.mark.parametrize(
    "raw", ["总颔", "合汁", "一圾", "项日", "时效指标", "数量指标", "产出指标"]
)
def test_short_labels_and_level_names_never_fuzzy_match(raw: str) -> None:
    assert canonical_label(raw) is None


def test_label_key_list_is_unique_and_complete() -> None:
    assert len(LABEL_KEYS) == len(set(LABEL_KEYS))
    for key in ("project_name", "indicators", "amount_total", "task_transfer", "filler"):
        assert key in LABEL_KEYS


def _reviewed_label_cells() -> dict[str, str]:
    lines = (DATA / "seed_label_cells.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "cell\tkey"
    return dict(line.split("\t") for line in lines[1:])


def test_reviewed_seed_label_cells_match() -> None:
    for cell, key in _reviewed_label_cells().items():
        match = canonical_label(cell)
        assert match is not None and match.key == key, cell


def test_near_miss_content_cells_are_not_labels() -> None:
    cells = (DATA / "label_near_misses.txt").read_text(encoding="utf-8").split("\n")
    mistaken = [c for c in cells if c and canonical_label(c) is not None]
    assert not mistaken


def test_no_false_positive_labels_over_all_seed_cells() -> None:
    """Every seed cell that is not a reviewed label must not be taken for one (FP rate 0)."""
    labels = _reviewed_label_cells()
    cells = seed_cells()
    wrong = []
    for cell in cells:
        match = canonical_label(cell)
        got = match.key if match else None
        if got != labels.get(cell):
            wrong.append((cell, got, labels.get(cell)))
    content = len(cells) - len(labels)
    print(f"{len(cells)} seed cells, {content} content cells, {len(wrong)} mismatches")
    assert not wrong


@pytest.mark.parametrize("raw", ["级指标", "X级指标"])
def test_a_reading_as_close_to_two_labels_matches_neither(raw: str) -> None:
    # the lost first character could be 一, 二 or 三: no guess between 一级指标 and 二级指标
    assert canonical_label(raw) is None


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("社会效益指标十1", "社会效益指标"),  # a signature crossing the cell, read after it
        ("服务对象满意度指标YdV", "服务对象满意度指标"),
        # toner at a photocopied cell's edges, read before and after the name
        ("丝宝数量指标5", "数量指标"),
        ("01成本指标21", "成本指标"),
        ("门A时效指标海", "时效指标"),
        ("2.质量指标宝带", "质量指标"),
        ("激经济成本指标", "经济成本指标"),  # the longest name inside, not the 成本指标 in it
        # the level column holds nothing but level names: a fax's 量 → 景 is no other word
        ("数景指标", "数量指标"),
        ("成本指材", "成本指标"),
        ("质量指示", "质量指标"),
    ],
)
def test_a_level_read_with_marks_beside_it_or_one_character_wrong_is_that_level_flagged(
    raw: str, canonical: str
) -> None:
    match = canonical_level2(raw)
    assert match is not None and match.canonical == canonical and not match.exact
    assert canonical_level1(raw) is None or canonical_level1(raw) == canonical_level2(raw)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # a heavy photocopy's toner fills three characters of nine
        ("服务对急滴意度推标", "服务对象满意度指标"),
        ("服学寸象满意度插标", "服务对象满意度指标"),
        ("社会效溢指际", "社会效益指标"),
        # a band of specks above the line read as words before the name
        ("梦爱多零厦社会效益指标", "社会效益指标"),
        # most of the name's own words kept in order, about as long as the name
        ("可特影响", "可持续影响指标"),
        ("服务对象润底院物标", "服务对象满意度指标"),
    ],
)
def test_a_level_read_under_its_heading_may_be_misread_in_part_or_after_marks(
    raw: str, canonical: str
) -> None:
    assert canonical_level2(raw) is None  # anywhere else it is no level name
    match = canonical_level2(raw, under_heading=True)
    assert match is not None and match.canonical == canonical and not match.exact


@pytest.mark.parametrize(
    "raw",
    [
        "生会效益指标",  # one off 社会效益指标 and one off 生态效益指标: no guess
        "经会效益指标",
        "社会和谐稳定有所提升",  # content
        "推动产业发展",
    ],
)
def test_a_level_under_its_heading_is_not_guessed_between_two_names_or_from_content(
    raw: str,
) -> None:
    assert canonical_level2(raw, under_heading=True) is None


def test_a_level_name_followed_by_words_is_not_cut_to_fit() -> None:
    assert canonical_level2("社会效益指标体系建设完成") is None  # more than a few marks
    assert canonical_level1("指标1") is None  # no whole level name before the marks


def test_a_four_character_label_still_needs_its_characters() -> None:
    # labels sit among content cells: one wrong character of four is not enough there
    assert canonical_label("财政损款") is None


@pytest.mark.parametrize(
    "raw",
    [
        "社会和谐稳定有所提升",  # content: longer than any name
        "时效地坛时双目你",  # twice a name's length
        "X量指标",  # 数量 or 质量: their shared 指标 tells nothing
        "dt38:43家",
    ],
)
def test_a_garbled_level_is_not_guessed_from_shared_words_or_a_long_text(raw: str) -> None:
    assert canonical_level2(raw, under_heading=True) is None
