from __future__ import annotations

import subprocess
import sys

import pytest

from declform.normalize import split_label_value
from declform.normalize.segment import tokenize


@pytest.mark.parametrize(
    ("cell", "key", "value"),
    [
        ("中期资金总额:150.00", "medium_total", "150.00"),
        ("中期资金总额150.00", "medium_total", "150.00"),
        ("年度资金总额：1.46万元", "annual_total", "1.46万元"),
        ("其中:财政拨款 50.00", "fiscal", "50.00"),
        ("填报人及联系电话：谭丽华 0891-6320663", "filler", "谭丽华 0891-6320663"),
        ("填报人及联系电话: 白珍 6320751", "filler", "白珍 6320751"),
        ("填报日期: 2023.01.03", "fill_date", "2023.01.03"),
        ("项目期 365天", "period", "365天"),
        ("合计 100", "amount_total", "100"),
        ("实施单位 市科技局", "implementing_unit", "市科技局"),
    ],
)
def test_split_label_value(cell: str, key: str, value: str) -> None:
    result = split_label_value(cell)
    assert result is not None
    assert (result[0].key, result[0].exact, result[1]) == (key, True, value)


def test_split_fuzzy_label_is_reported() -> None:
    result = split_label_value("主管部门及代理: 拉萨市科技局")
    assert result is not None
    assert (result[0].key, result[0].exact, result[1]) == (
        "competent_department",
        False,
        "拉萨市科技局",
    )


@pytest.mark.parametrize(
    "cell",
    [
        "中期资金总额",  # a label alone
        "中期目标 (2026年—2028年)",  # a label with its note
        "中期资金总 额:",
        "实施单位满意度",  # an indicator name starting with a label word
        "项目(工程)完工时间",
        "项目2026年计划拨付88.75万元",
        "社会和谐稳定有所提升",
        "",
    ],
)
def test_split_leaves_non_merged_cells(cell: str) -> None:
    assert split_label_value(cell) is None


def test_tokenize_keeps_domain_terms_whole() -> None:
    words = tokenize("填报人及联系电话：谭丽华")
    assert "".join(words) == "填报人及联系电话：谭丽华"
    assert "填报人及联系电话" in words


def test_jieba_is_lazy_and_silent() -> None:
    code = (
        "import sys, normalize\n"
        "assert 'jieba' not in sys.modules\n"
        "print(normalize.split_label_value('中期资金总额:150.00')[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "150.00"
    assert done.stderr == ""


def test_the_domain_terms_go_into_a_copy_of_the_dictionary() -> None:
    from declform.normalize.dictionary import jieba_dictionary
    from declform.normalize.segment import _tokenizer

    base, domain = jieba_dictionary(), _tokenizer()
    # the domain terms are in the segmenter's copy only: the word model scores as before
    assert "主管部门及代码" in domain.FREQ and "主管部门及代码" not in base.FREQ
    assert domain.total > base.total
    assert tokenize("主管部门及代码") == ["主管部门及代码"]
