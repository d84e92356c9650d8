from __future__ import annotations

import pytest

from declform.normalize import clean_text, strip_indicator_prefix, trim_edge_marks
from declform.normalize.text import squash, to_halfwidth


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  社会 效益\t指标 \n", "社会 效益 指标"),
        ("年度\u3000目标", "年度 目标"),
        ("第一行\n\n第二行", "第一行 第二行"),
        ("<p>为了加强</p> <p>学习</p>", "为了加强 学习"),
        ("一<br>二<br/>三", "一 二 三"),
        ('<ol style="list-style-type: none"><li>1. 安全</li></ol>', "1. 安全"),
        ("≥98.1m <sup>2</sup>", "≥98.1m²"),
        ("（２０２６年度）", "（２０２６年度）"),  # printed width is kept: no NFKC
        ("   ", None),
        ("<p></p>", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_text(raw: str | None, expected: str | None) -> None:
    assert clean_text(raw) == expected


def test_halfwidth_and_squash_are_matching_keys_only() -> None:
    assert to_halfwidth("＞９５％，（）") == ">95%,()"
    assert squash("其中：财政 拨款") == "其中财政拨款"
    assert squash("≥95%") == "≥95%"  # comparison signs are content, not punctuation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("指标1: 帮助公益性解决生活补助", "帮助公益性解决生活补助"),
        ("指标1：科技局党员", "科技局党员"),
        ("指标 1 : 培训人员合格率", "培训人员合格率"),
        ("指标10: 项目总资金", "项目总资金"),
        ("指标：民警满意度", "民警满意度"),  # its numeral hidden under a signature
        ("1、推进离退休干部参与集体活动", "推进离退休干部参与集体活动"),
        ("1. 推进离退休干部参与集体活动", "推进离退休干部参与集体活动"),
        ("1.46万元", "1.46万元"),  # a decimal is not a numbering
        ("社区党员人数", "社区党员人数"),
        # the numbering's word misread on a scan is still a numbering
        ("于前标2:帮助科技工作者党的理论学习", "帮助科技工作者党的理论学习"),
        ("即际3：帮助科技工作者树立形象", "帮助科技工作者树立形象"),
        ("按1:1比例配套资金", "按1:1比例配套资金"),
        ("配套资金比例达到1:1", "配套资金比例达到1:1"),
        ("指标1:", None),
        ("指标2：", None),
        ("", None),
        (None, None),
    ],
)
def test_strip_indicator_prefix(raw: str | None, expected: str | None) -> None:
    assert strip_indicator_prefix(raw) == expected


def test_resolve_math_prints_latex_spans_only() -> None:
    from declform.normalize.latex import resolve_math

    assert resolve_math(r"$\geq 90\%$") == "≥90%"
    assert resolve_math(r"$\leq 2$ 万元") == "≤2万元"
    assert resolve_math(r"合格率 $\geqslant$ 95%") == "合格率 ≥95%"
    assert resolve_math("no math 5%") == "no math 5%"


@pytest.mark.parametrize(
    ("read", "value"),
    [
        ("≥95%:", "≥95%"),  # a copier's speck read as a mark after the value
        ("≥8天：", "≥8天"),
        ('100%"', "100%"),
        ("780万元：", "780万元"),
        ("[稳步提升", "稳步提升"),  # ... before it
        ("！提高", "提高"),
        ("育儿补贴补助资金。", "育儿补贴补助资金"),
        ("“十四五”规划完成", "“十四五”规划完成"),  # a quote that opens a pair stays
        ("按“三区”要求", "按“三区”要求"),
        ("【必填】", "【必填】"),
        ("“", ""),
        ("≥95%", "≥95%"),
    ],
)
def test_marks_no_value_opens_or_closes_with_are_trimmed(read: str, value: str) -> None:
    assert trim_edge_marks(read) == value
