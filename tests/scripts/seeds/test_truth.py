"""Seed text → perfform/2 records (scripts/seeds/truth.py) and the golden records it feeds.

The excerpt fixture holds four forms copied verbatim from the seeds: an 8-column form
(000#1), a 5-column 2023 form with 指标1: prefixes and a lost 一级 cell (003#3), a noisy
8-column form with LaTeX and stray spaces (000#147) and a form with an indicator row that
fits neither side (000#55).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from declform.output.record import FormRecord
from declform.output.validate import schema_errors
from scripts.seeds.cells import printed_text
from scripts.seeds.truth import (
    SeedConversionError,
    SeedForm,
    main,
    seed_form_to_record,
    split_forms,
)
from tests.paths import TESTS

HERE = TESTS / "scripts"
EXCERPT = HERE / "fixtures" / "seed_excerpt.txt"
GOLDEN = HERE.parents[1] / "tests" / "golden"
SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def forms() -> list[SeedForm]:
    return split_forms(EXCERPT.read_text(encoding="utf-8"), EXCERPT.name)


@pytest.fixture(scope="module")
def records(forms: list[SeedForm]) -> list[dict[str, Any]]:
    return [seed_form_to_record(form) for form in forms[:3]]


def _indicators(record: dict[str, Any], period: str) -> list[dict[str, Any]]:
    return [ind for ind in record["indicators"] if ind["period"] == period]


def _by_name(record: dict[str, Any], period: str, name: str) -> dict[str, Any]:
    (found,) = [ind for ind in _indicators(record, period) if ind["name"] == name]
    return found


# ---------------------------------------------------------------- splitting


def test_split_finds_each_form_by_its_title_line(forms: list[SeedForm]) -> None:
    assert [form.index for form in forms] == [1, 2, 3, 4]
    assert [form.lines[0].strip() for form in forms] == [
        "拉萨经开区2026年项目支出绩效目标申报表",
        "拉萨市部门项目支出预算绩效目标表",
        "# 加玛街道2026年项目支出绩效目标申报表",
        "## 拉萨经开区2025年项目支出绩效目标申报表 (2025年度)",
    ]


def test_split_leaves_page_furniture_out_of_the_forms(forms: list[SeedForm]) -> None:
    for form in forms:
        assert not re.fullmatch(r"(附件[\d\-]*|表\d+)", form.lines[-1].strip())
        assert form.lines[-1].strip()
    assert "附件1" not in forms[0].text  # the line before the first title belongs to no form


# ---------------------------------------------------------------- the 8-column form


def test_eight_column_header_and_funding(records: list[dict[str, Any]]) -> None:
    record = records[0]
    assert record["title"] == "拉萨经开区2026年项目支出绩效目标申报表"
    assert record["fiscal_year"] == 2026
    assert record["project"] == {
        "name": "经开区禁毒委经费",
        "competent_department": "西藏拉萨经济技术开发区公安分局",
        "department_code": None,
        "implementing_unit": "西藏拉萨经济技术开发区",
        "attribute": "延续项目",
        "period": "长期",
    }
    # 其中:财政拨款 is printed for the year only; the medium-term cell is blank.
    assert record["funding"] == {
        "medium_term": {"total": 150.0, "fiscal": None, "other": None, "unit": None},
        "annual": {"total": 50.0, "fiscal": 50.0, "other": None, "unit": None},
    }
    assert record["goals"]["medium_term"] == "1:保障禁毒工作正常开展; 2:进行法制宣传"
    assert record["goals"]["annual"].startswith("1:经开区采购禁毒委宣传品")


def test_eight_column_indicators_medium_first_then_annual(records: list[dict[str, Any]]) -> None:
    periods = [ind["period"] for ind in records[0]["indicators"]]
    assert periods == ["medium_term"] * 11 + ["annual"] * 11
    values = [ind["value"] for ind in _indicators(records[0], "annual")[:3]]
    assert values == ["≥300人次", "≥15次", "≥100个"]


def test_levels_are_carried_down_their_merges(records: list[dict[str, Any]]) -> None:
    # "¦¦¦举行禁毒宣传次数¦≥45次¦¦举行禁毒宣传次数¦≥15次": both levels from the row above.
    for period in ("medium_term", "annual"):
        second = _by_name(records[0], period, "举行禁毒宣传次数")
        assert (second["level1"], second["level2"]) == ("产出指标", "数量指标")
        assert second["level1_raw"] == "产出指标"
    rates = _by_name(records[0], "annual", "宣传品合格率")
    assert rates["level2"] == "质量指标"


def test_cost_row_spanning_both_level_columns(records: list[dict[str, Any]]) -> None:
    # "¦成本指标¦项目预算控制数¦≤150万元¦成本指标¦…¦≤50万元¦": 成本指标 in the 一级 column.
    medium = _by_name(records[0], "medium_term", "项目预算控制数")
    annual = _by_name(records[0], "annual", "项目预算控制数")
    assert (medium["level1"], medium["level2"], medium["value"]) == (
        "成本指标",
        "成本指标",
        "≤150万元",
    )
    assert (annual["level1"], annual["value"]) == ("成本指标", "≤50万元")
    assert medium["parsed"] == {"kind": "numeric", "op": "<=", "number": 150, "unit": "万元"}


def test_level_name_used_as_indicator_name(records: list[dict[str, Any]]) -> None:
    # "¦¦可持续影响指标¦可持续影响指标¦社区禁毒氛围有所提升¦…": the second cell is the name.
    repeated = _by_name(records[0], "annual", "可持续影响指标")
    assert repeated["level2"] == "可持续影响指标"
    assert repeated["value"] == "社区禁毒氛围有所提升"


def test_source_names_the_form_and_hashes_its_text(
    forms: list[SeedForm], records: list[dict[str, Any]]
) -> None:
    assert records[0]["source"] == {
        "path": "seed_excerpt.txt#1",
        "sha256": hashlib.sha256(forms[0].text.encode("utf-8")).hexdigest(),
        "pages": [1],
    }
    assert records[0]["cells"] == [] and records[0]["warnings"] == []


# ---------------------------------------------------------------- the 5-column form


def test_five_column_form_is_annual_only(records: list[dict[str, Any]]) -> None:
    record = records[1]
    assert record["fiscal_year"] == 2023
    assert record["filler"] == {"name": None, "phone": "0891-6323130", "date": "2023-07-28"}
    assert record["funding"]["medium_term"] == {"total": None, "fiscal": None, "other": None, "unit": None}
    assert record["funding"]["annual"] == {"total": 1.46, "fiscal": 1.46, "other": None, "unit": None}
    assert record["goals"]["medium_term"] is None
    assert "<p>" not in record["goals"]["annual"]
    assert {ind["period"] for ind in record["indicators"]} == {"annual"}
    assert len(record["indicators"]) == 14


def test_indicator_prefixes_are_stripped(records: list[dict[str, Any]]) -> None:
    names = [ind["name"] for ind in records[1]["indicators"]]
    assert names[:2] == ["科技局党员", "培训班次（会议次数）"]
    assert not any(name.startswith("指标") for name in names)


def test_lost_level1_cell_is_inferred_as_printed(records: list[dict[str, Any]]) -> None:
    # "¦社会效益指标 (必填)¦指标1：科技工作者党性修养¦¦有所提高¦": no 效益指标 cell survived the
    # seed OCR, but the paper printed one (a form rendered from the record must show it too).
    social = _by_name(records[1], "annual", "科技工作者党性修养")
    assert (social["level1"], social["level1_raw"]) == ("效益指标", "效益指标")
    assert (social["level2"], social["level2_raw"]) == ("社会效益指标", "社会效益指标 (必填)")
    cost = _by_name(records[1], "annual", "项目预算控制数")
    assert (cost["level1"], cost["level2"]) == ("产出指标", "成本指标")


# ---------------------------------------------------------------- the noisy form


def test_latex_values_are_printed_form(records: list[dict[str, Any]]) -> None:
    people = _by_name(records[2], "medium_term", "保障服务残疾人 数")
    assert people["value"] == "≥100人"
    assert people["parsed"] == {"kind": "numeric", "op": ">=", "number": 100, "unit": "人"}
    assert _by_name(records[2], "annual", "预算控制额")["value"] == "≤2.05万元"


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("$\\geq 90\\%$", "≥90%"),
        ("$\\leq 2$ 万元", "≤2万元"),
        ("≥122.26m <sup>2</sup>", "≥122.26m²"),
        ("<p>甲</p> <p>乙</p>", "甲 乙"),
        ("  社会效益 指标  ", "社会效益 指标"),
        ("", None),
    ],
)
def test_printed_text(raw: str, printed: str | None) -> None:
    assert printed_text(raw) == printed


# ---------------------------------------------------------------- rejections


def test_row_fitting_neither_side_is_rejected(forms: list[SeedForm]) -> None:
    broken = forms[3]
    row = "¦¦¦¦项目预算控制数¦¦≤8万元¦".replace("¦", "\t")
    line = broken.first_line + broken.lines.index(row)
    with pytest.raises(SeedConversionError, match=f"line {line}: cannot tell medium from annual"):
        seed_form_to_record(broken)


def _form(*rows: str, title: str = "拉萨经开区2026年项目支出绩效目标申报表") -> SeedForm:
    """A small 8-column form: header rows shared by the rejection tests, then `rows`."""
    head = [
        "项目名称¦¦测试项目¦¦¦¦¦",
        "主管部门及代码¦¦测试部门¦¦实施单位¦¦测试单位¦",
        "项目属性¦¦延续项目¦¦项目期¦¦长期¦",
        "项目资金 (万元)¦¦中期资金总额:¦30¦年度资金总额:¦10¦¦",
        "¦¦其中:财政拨款¦30¦其中:财政拨款¦10¦¦",
        "总体目标¦中期目标¦¦¦¦年度目标¦¦",
        "¦中期¦¦¦¦年度¦¦",
        "绩效指标¦一级指标¦二级指标¦三级指标¦指标值¦二级指标¦三级指标¦指标值",
    ]
    lines = [title, "(2026年度)", *(r.replace("¦", "\t") for r in (*head, *rows))]
    return split_forms("\n".join(lines), "test.txt")[0]


_COMPLETE = (
    "¦产出指标¦数量指标¦人数¦≥3人¦数量指标¦人数¦≥1人",
    "¦效益指标¦社会效益指标¦稳定¦有所提升¦社会效益指标¦稳定¦有所提升",
    "满意度指标¦服务对象满意度指标¦群众满意度¦≥95%¦服务对象满意度指标¦群众满意度¦≥95%¦",
)


def test_small_form_converts() -> None:
    record = seed_form_to_record(_form(*_COMPLETE))
    assert len(record["indicators"]) == 6
    assert schema_errors(record) == []


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("¦¦¦次数¦≥2次¦¦次数", "3 text cells"),
        ("¦¦¦¦¦¦时效指标¦按时完成", "1 text cells"),
        ("¦¦¦次数¦≥2次¦¦次数¦≥1次¦数量指标", "level cells after the indicator texts"),
        ("¦¦社会效益指标¦宣传¦有所提升¦社会效益指标¦宣传¦有所提升", "cannot sit under"),
    ],
)
def test_unreadable_indicator_rows_are_rejected(row: str, reason: str) -> None:
    # Inserted right after the 产出指标 row, so a missing 一级 cannot be carried from above.
    form = _form(_COMPLETE[0], row, *_COMPLETE[1:])
    with pytest.raises(SeedConversionError, match=re.escape(reason)):
        seed_form_to_record(form)


def test_level2_changing_on_one_side_only_is_rejected() -> None:
    # The medium side prints 质量指标, the annual 二级 cell is empty: it was lost, not merged.
    row = "¦¦质量指标¦合格率¦≥90%¦¦合格率¦≥90%"
    with pytest.raises(SeedConversionError, match="changes on one side only"):
        seed_form_to_record(_form(_COMPLETE[0], row, *_COMPLETE[1:]))


def test_second_indicator_header_is_rejected() -> None:
    header = "¦一级指标¦二级指标¦三级指标¦指标值¦二级指标¦三级指标¦指标值"
    with pytest.raises(SeedConversionError, match="a second indicator header row"):
        seed_form_to_record(_form(*_COMPLETE, header))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (["项目名称", "", "财政电子信息系统建设及维护费"], "no table rows"),
        (
            ["项目名称\t\t测试项目\t\t", "总体目标\t中期目标\t\t\t年度目标\t"],
            "no indicator table header",
        ),
    ],
)
def test_forms_without_a_table_are_rejected(body: list[str], reason: str) -> None:
    form = SeedForm("test.txt", 1, 1, ("拉萨经开区2026年项目支出绩效目标申报表", *body))
    with pytest.raises(SeedConversionError, match=reason):
        seed_form_to_record(form)


def test_header_rows_that_lost_a_label_are_rejected() -> None:
    form = _form(*_COMPLETE)
    lines = [line.replace("实施单位\t", "") for line in form.lines]
    with pytest.raises(SeedConversionError, match="two values for competent_department"):
        seed_form_to_record(SeedForm("test.txt", 1, 1, tuple(lines)))


def test_unparseable_funding_is_rejected() -> None:
    form = _form(*_COMPLETE)
    lines = [line.replace("\t10\t", "\t2026年 10 经济发展局\t", 1) for line in form.lines]
    with pytest.raises(SeedConversionError, match=r"funding amount .* unparseable"):
        seed_form_to_record(SeedForm("test.txt", 1, 1, tuple(lines)))


def test_cut_off_table_is_rejected() -> None:
    with pytest.raises(SeedConversionError, match="no 满意度指标 rows"):
        seed_form_to_record(_form(*_COMPLETE[:2]))


def test_satisfaction_indicator_outside_its_section_is_rejected() -> None:
    # The OCR lost the 满意度指标 / 服务对象满意度指标 cells: the row lands under 效益指标.
    form = _form(*_COMPLETE[:2], "¦¦¦群众满意度¦≥95%¦¦群众满意度¦≥95%", _COMPLETE[2])
    with pytest.raises(SeedConversionError, match="satisfaction indicator '群众满意度'"):
        seed_form_to_record(form)


def test_funding_label_ending_its_row_is_not_read_as_blank() -> None:
    form = _form(*_COMPLETE)
    lines = [line.replace("年度资金总额:\t10\t\t", "年度资金总额:") for line in form.lines]
    lines = [line.replace("其中:财政拨款\t10\t\t", "其中:财政拨款") for line in lines]
    with pytest.raises(SeedConversionError, match="annual funding blank or cut off"):
        seed_form_to_record(SeedForm("test.txt", 1, 1, tuple(lines)))


def test_doubled_level2_cell_is_one_cell() -> None:
    row = "¦质量指标¦质量指标¦合格率¦≥93%¦质量指标¦合格率¦≥93%"
    record = seed_form_to_record(_form(_COMPLETE[0], row, *_COMPLETE[1:]))
    rate = _by_name(record, "medium_term", "合格率")
    assert (rate["level1"], rate["level2"]) == ("产出指标", "质量指标")


@pytest.mark.parametrize(
    ("row", "period"),
    [("¦¦¦¦¦¦次数¦≥2次", "annual"), ("¦¦¦次数¦≥2次¦¦¦", "medium_term"), ("¦¦¦¦次数¦¦≥2次¦", None)],
)
def test_lone_pair_goes_where_both_its_cells_stand(row: str, period: str | None) -> None:
    form = _form(_COMPLETE[0], row, *_COMPLETE[1:])
    if period is None:  # name by the medium columns, value two columns off either side
        with pytest.raises(SeedConversionError, match="cannot tell medium from annual side"):
            seed_form_to_record(form)
        return
    record = seed_form_to_record(form)
    assert _by_name(record, period, "次数")["level2"] == "数量指标"


def test_truncated_level1_header_is_accepted_only_in_its_column() -> None:
    form = _form(*_COMPLETE)
    good = [line.replace("绩效指标\t一级指标", "绩效指标\t指标") for line in form.lines]
    assert seed_form_to_record(SeedForm("test.txt", 1, 1, tuple(good)))["indicators"]
    bad = [line.replace("三级指标\t指标值\t二级", "指标\t指标值\t二级") for line in form.lines]
    with pytest.raises(SeedConversionError, match="not a column name"):
        seed_form_to_record(SeedForm("test.txt", 1, 1, tuple(bad)))


def _annual_form(*rows: str) -> SeedForm:
    """A small 5-column (annual-only, 2023-style) form."""
    head = [
        "项目名称¦¦测试项目¦¦",
        "主管部门及代码¦¦拉萨市科技局 (009909878)¦实施单位¦测试科",
        "项目属性¦¦一次性¦项目期¦365天",
        "项目资金 (万元)¦年度资金总额:¦¦10万元¦",
        "¦其中: 财政拨款¦¦10万元¦",
        "年度总体目标¦目标¦¦¦",
        "绩效指标¦一级指标¦二级指标¦三级指标¦指标值",
        "¦产出指标¦数量指标 (必填)¦指标1: 人数¦≥3人",
    ]
    tail = [
        "¦效益指标¦社会效益 指标 (必填)¦指标1: 稳定¦有所提升",
        "¦满意度指标¦服务对象 满意度指标 (必填)¦指标1: 满意度¦≥95%",
    ]
    body = (r.replace("¦", "\t") for r in (*head, *rows, *tail))
    text = "\n".join(["拉萨市部门项目支出预算绩效目标表", "(2023年度)", *body])
    return split_forms(text, "test.txt")[0]


def test_annual_form_lone_name_under_merged_value() -> None:
    record = seed_form_to_record(_annual_form("¦¦¦指标2: 按规定执行¦"))
    assert record["project"]["department_code"] == "009909878"
    assert _by_name(record, "annual", "按规定执行")["value"] is None


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("¦¦¦¦按规定执行", "in the value column"),
        ("¦¦¦有所提升¦", "without its name"),
    ],
)
def test_annual_form_lone_cells_that_read_as_values_are_rejected(row: str, reason: str) -> None:
    with pytest.raises(SeedConversionError, match=reason):
        seed_form_to_record(_annual_form(row))


def test_rejection_error_is_a_value_error() -> None:
    assert issubclass(SeedConversionError, ValueError)


# ---------------------------------------------------------------- the command line


def test_cli_writes_records_and_reports_rejections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "excerpt.txt").write_text(EXCERPT.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--seeds", str(seeds), "--out", str(tmp_path / "out"), "--report"]) == 0
    written = sorted(path.name for path in (tmp_path / "out").glob("*.json"))
    assert written == ["excerpt-1.json", "excerpt-2.json", "excerpt-3.json"]
    report = capsys.readouterr().out
    assert "excerpt.txt: 4 forms found, 3 converted cleanly, 1 rejected" in report
    assert "rejected excerpt.txt#4" in report and "cannot tell medium from annual" in report
    record = json.loads((tmp_path / "out" / "excerpt-1.json").read_text(encoding="utf-8"))
    assert list(record) == list(FormRecord.from_dict(record).to_dict())


# ---------------------------------------------------------------- golden records


GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def test_there_are_golden_records_of_both_form_types() -> None:
    types = [_load(path)["form_type"] for path in GOLDEN_FILES]
    assert types.count("project") >= 25 and types.count("department") >= 2


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_record_validates_and_keeps_schema_order(path: Path) -> None:
    record = _load(path)
    assert schema_errors(record) == []
    assert record == FormRecord.from_dict(record).to_dict()
    assert list(record) == list(FormRecord.from_dict(record).to_dict())


def test_golden_readme_lists_every_golden_file() -> None:
    readme = (GOLDEN / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in GOLDEN_FILES if p.name not in readme] == []


def test_department_goldens_add_up() -> None:
    for path in GOLDEN_FILES:
        record = _load(path)
        if record["form_type"] != "department":
            continue
        annual, tasks = record["funding"]["annual"], record["tasks"]
        assert sum(task["total"] for task in tasks) == pytest.approx(annual["total"])
        assert sum(task["fiscal"] for task in tasks) == pytest.approx(annual["fiscal"])
        assert sum(task["transfer"] for task in tasks) == pytest.approx(annual["other"])


SEED_GOLDENS = [
    p for p in GOLDEN_FILES if _load(p)["source"]["path"].split("#")[0].endswith(".txt")
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed files not available")
@pytest.mark.parametrize("path", SEED_GOLDENS, ids=lambda p: p.stem)
def test_converter_reproduces_golden_record(path: Path) -> None:
    golden = _load(path)
    seed_name, index = golden["source"]["path"].split("#")
    seed = SEEDS / seed_name
    form = split_forms(seed.read_text(encoding="utf-8"), seed_name)[int(index) - 1]
    assert seed_form_to_record(form) == golden
