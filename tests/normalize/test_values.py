from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from declform.normalize import parse_value, repair_value_reading, without_stray_mark
from tests.normalize.seeds import DATA

LABEL_FILES = ("value_labels.tsv", "value_labels_constructed.tsv")


@cache
def parsed_validator() -> Draft202012Validator:
    """A validator for output/schema.json's #/$defs/parsed."""
    schema = json.loads(resources.files("output").joinpath("schema.json").read_text("utf-8"))
    wrapper = {"$schema": schema["$schema"], "$ref": "#/$defs/parsed", "$defs": schema["$defs"]}
    Draft202012Validator.check_schema(wrapper)
    return Draft202012Validator(wrapper)


def assert_schema_valid(parsed: dict[str, Any]) -> None:
    errors = [e.message for e in parsed_validator().iter_errors(parsed)]
    assert not errors, (parsed, errors)
    json.dumps(parsed, allow_nan=False)  # finite numbers only: the record is written as JSON


def read_labels(name: str) -> list[tuple[str, dict[str, Any]]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "value\texpected"
    rows = []
    for line in lines[1:]:
        value, expected = line.split("\t")
        rows.append((value, json.loads(expected)))
    return rows


@pytest.mark.parametrize("name", LABEL_FILES)
def test_labelled_sample_accuracy(name: str) -> None:
    labels = read_labels(name)
    failures = [(v, e, parse_value(v)) for v, e in labels if parse_value(v) != e]
    for value, expected, got in failures:
        print(f"MISS {value!r}\n  expected {expected}\n  got      {got}")
    accuracy = 1 - len(failures) / len(labels)
    print(f"{name}: {len(labels)} labelled values, accuracy {accuracy:.2%}")
    assert accuracy >= 0.99


def test_seed_sample_is_large_and_stratified() -> None:
    labels = [expected for _, expected in read_labels("value_labels.tsv")]
    assert len(labels) >= 250
    ops = {e["op"] for e in labels if e["kind"] == "numeric"}
    directions = {e["direction"] for e in labels if e["kind"] == "qualitative"}
    assert {">=", "<=", "="} <= ops
    assert directions == {"improve", "reduce", "maintain", "other"}
    assert {e["kind"] for e in labels} == {"numeric", "duration", "deadline", "qualitative", "text"}
    constructed = [expected for _, expected in read_labels("value_labels_constructed.tsv")]
    assert {"between", ">", "<"} <= {e["op"] for e in constructed if e["kind"] == "numeric"}


@pytest.mark.parametrize("name", LABEL_FILES)
def test_labelled_expectations_are_schema_valid(name: str) -> None:
    for _, expected in read_labels(name):
        assert_schema_valid(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("≥900人次", {"kind": "numeric", "op": ">=", "number": 900, "unit": "人次"}),
        ("95", {"kind": "numeric", "op": "=", "number": 95, "unit": None}),
        ("9.2989万元", {"kind": "numeric", "op": "=", "number": 9.2989, "unit": "万元"}),
        ("3次以上", {"kind": "numeric", "op": ">=", "number": 3, "unit": "次"}),
        ("5人以下", {"kind": "numeric", "op": "<=", "number": 5, "unit": "人"}),
        ("＞95％", {"kind": "numeric", "op": ">", "number": 95, "unit": "%"}),
        ("<5人", {"kind": "numeric", "op": "<", "number": 5, "unit": "人"}),
        ("≤三级", {"kind": "numeric", "op": "<=", "number": 3, "unit": "级"}),
        ("$\\geq 90\\%$", {"kind": "numeric", "op": ">=", "number": 90, "unit": "%"}),
        ("$\\leq 2$ 万元", {"kind": "numeric", "op": "<=", "number": 2, "unit": "万元"}),
        ("≥1,078.78万元", {"kind": "numeric", "op": ">=", "number": 1078.78, "unit": "万元"}),
        ("≥98.1m <sup>2</sup>", {"kind": "numeric", "op": ">=", "number": 98.1, "unit": "m²"}),
        ("90%-95%", {"kind": "numeric", "op": "between", "min": 90, "max": 95, "unit": "%"}),
        ("90-95%", {"kind": "numeric", "op": "between", "min": 90, "max": 95, "unit": "%"}),
        ("365天", {"kind": "duration", "days": 365}),
        ("≤30天", {"kind": "numeric", "op": "<=", "number": 30, "unit": "天"}),
        ("10个工作日", {"kind": "numeric", "op": "=", "number": 10, "unit": "个工作日"}),
    ],
)
def test_numeric_and_duration(value: str, expected: dict[str, Any]) -> None:
    assert parse_value(value) == expected


@pytest.mark.parametrize(
    ("value", "date", "month"),
    [
        ("2026年12月31日前", "2026-12-31", 12),
        ("2028年12月前完成", "2028-12-31", 12),
        ("2026年12月底前", "2026-12-31", 12),
        ("2026年底前完成", "2026-12-31", 12),
        ("2026年", "2026-12-31", 12),
        ("2028年4月31日前", "2028-04-30", 4),  # a day past the month's end is its last day
        ("年底前完成", None, 12),
        ("年年底前完成", None, 12),  # OCR doubling seen in the seeds
        ("6月份前完成", None, 6),
        ("于每年12月31日前完成", None, 12),
        ("按合同约定准时完成", None, None),
        ("合同签订时间前", None, None),
    ],
)
def test_deadline(value: str, date: str | None, month: int | None) -> None:
    assert parse_value(value) == {"kind": "deadline", "date": date, "month": month, "text": value}


@pytest.mark.parametrize(
    ("value", "direction"),
    [
        ("有所提升", "improve"),
        ("显著提升", "improve"),  # the last direction word wins
        ("有效降低", "reduce"),
        ("保持稳定", "maintain"),
        ("效果明显", "other"),
        ("持续有效", "other"),
        ("提升民兵训练积极性", "improve"),  # 积极性 is a noun here, not a direction
    ],
)
def test_qualitative(value: str, direction: str) -> None:
    assert parse_value(value) == {"kind": "qualitative", "direction": direction, "text": value}


@pytest.mark.parametrize(
    "value",
    [
        "优", "及时", "符合要求即兑现", "通行事故率下降≥30%", "≥4次 定性", "100%全覆盖",
        "2026年底完成100%", "按时支付住宿费", "一般", "以下发通知有效期为准",
    ],
)  # fmt: skip
def test_text(value: str) -> None:
    assert parse_value(value) == {"kind": "text", "text": value}


def test_text_is_cleaned_but_not_normalised() -> None:
    assert parse_value("  按合同约定 \n 准时完成 ")["text"] == "按合同约定 准时完成"
    assert parse_value("") == {"kind": "text", "text": ""}
    assert parse_value("x" * 5000) == {"kind": "text", "text": "x" * 5000}


_PIECES = [
    "≥", "≤", ">", "<", "=", "＞", "＜", "≧", "≦", ">=", "<=", "不低于", "不超过", "以上", "以下",
    "以内", "-", "~", "至", "0", "1", "9", "95", "1,078", ".", "5", "００", "９", "．", "％", "%",
    "万元", "人次", "天", "个工作日", "m<sup>2</sup>", "㎡", "m2", "/", "(", ")", "一", "二", "十",
    "百", "千", "万", "零", "两", "$", "\\geq", "\\leq", "\\ge", "\\%", "\\times", "\\text{人}",
    "{", "}", "^", "年", "月", "日", "底", "前", "完成", "年底", "按时", "提升", "降低", "保持",
    "明显", " ", "\u3000", "\n", "<p>", "《", "》", "2026", "12", "31", "99999999999999999999",
]  # fmt: skip
grammar_strings = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), grammar_strings))
def test_parse_value_never_raises_and_is_schema_valid(value: str) -> None:
    assert_schema_valid(parse_value(value))


def test_huge_numbers_stay_finite() -> None:
    for value in ["9" * 400 + ".5万元", "≥" + "9" * 5000, "1" * 29 + "天"]:
        assert_schema_valid(parse_value(value))


def test_label_files_have_no_duplicates() -> None:
    for name in LABEL_FILES:
        values = [v for v, _ in read_labels(name)]
        assert len(values) == len(set(values)), name
        assert Path(DATA / name).stat().st_size > 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("≥O家", "≥0家"),  # a round 0 read as the letter O
        ("1O0%", "100%"),
        ("≤1O.5万元", "≤10.5万元"),
        ("2O26年12月", "2026年12月"),
        ("〇", "〇"),  # no figure beside it: left as printed
        ("OA系统运行正常", "OA系统运行正常"),
        ("≥95%", "≥95%"),
        ("ISO9001认证", "ISO9001认证"),
        (">95%", "≥95%"),  # the bar of ≥ lost in the blur
        ("<67.68万元", "≤67.68万元"),
        ("＞3", "≥3"),
        ("S200", "≤200"),  # a blurred ≤ read as S
        ("s15.00万元", "≤15.00万元"),
        ("SO2排放量下降", "SO2排放量下降"),  # letters before the figure: a word, not a sign
        ("<p>标记</p>", "<p>标记</p>"),  # not before a figure
        ("≥95%", "≥95%"),
        ("≥23,75万元", "≥23.75万元"),  # a decimal point broken into a comma
        ("≤0，5万元", "≤0.5万元"),
        ("≤1,500万元", "≤1,500万元"),  # three figures: a thousands separator
        ("1,2,3级", "1,2,3级"),  # a list of figures
        ("运行效果满意度>95%", "运行效果满意度≥95%"),  # after the words a value opens with
        ("响应时间<5分钟", "响应时间≤5分钟"),
        ("m<sup>2</sup>", "m<sup>2</sup>"),
        ("≥1200,", "≥1200,"),  # no decimal point (the mark is `trim_edge_marks`' to drop)
        ("心≤14.25万", "≤14.25万"),  # specks read as a glyph before the bound
        ("满意度≥95%", "满意度≥95%"),  # words before a bound are a phrase
        ("≤43:20万", "≤43.20万"),  # a decimal point read as a colon
    ],
)
def test_repair_value_reading_puts_back_zeros_bounds_and_points(raw: str, expected: str) -> None:
    assert repair_value_reading(raw) == expected


@pytest.mark.parametrize(
    ("printed", "op", "number", "unit"),
    [
        ("≥13459.00(平方米)", ">=", 13459.0, "平方米"),
        ("=100.00(%)", "=", 100.0, "%"),
        ("90.00(度)", "=", 90.0, "度"),
        ("≧95%", ">=", 95, "%"),
        ("不低于50%", ">=", 50, "%"),
    ],
)
def test_other_offices_value_formats_parse_by_the_same_conventions(
    printed: str, op: str, number: float, unit: str
) -> None:
    assert parse_value(printed) == {"kind": "numeric", "op": op, "number": number, "unit": unit}


@pytest.mark.parametrize(
    ("read", "value"),
    [
        ("2026年12月31，日前", "2026年12月31日前"),  # a copy's speck read inside the value
        ("于2028年’12月31日前完成", "于2028年12月31日前完成"),
        ("12.5：万元", "12.5万元"),
        ("≥95%", None),  # already in shape
        ("≤1,500万元", None),
        ("1,2,3级", None),  # no single mark's removal gives a shape
        ("按“三区”要求执行", None),  # no figures: prose, not a value shape
    ],
)
def test_a_mark_inside_a_value_that_no_shape_has_is_a_speck(read: str, value: str | None) -> None:
    assert without_stray_mark(read) == value
