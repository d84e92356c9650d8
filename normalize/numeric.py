"""The numeric grammar of indicator values: `[op] number [unit] [以上|以下|以内]`, ranges, 天.

Values are first rewritten into a compact form (`compact_value`): half-width, LaTeX and HTML
markup resolved (`$\\geq 90\\%$` → `≥90%`, `m<sup>2</sup>` → `m²`), operator words turned
into symbols (不低于 → ≥), all whitespace removed. The grammar then has to match the WHOLE
compact string, so a sentence with a number inside ("通行事故率下降≥30%") is never numeric.

Units must be measure words (`UNIT_WORDS`, optionally after 万/亿/千/百, 余, 个, and with
"/…" rate parts or a short note "(册)"), so "100%全覆盖" or "≥4次 定性" stay text. Chinese
numerals are only read where a unit or an operator shows they are a quantity ("≤三级"),
never in words such as "一般" or "进一步".
"""

from __future__ import annotations

import re
from typing import Any

from declform.normalize.latex import latex_commands_to_symbols
from declform.normalize.numerals import ARABIC_NUMBER, CHINESE_NUMBER, parse_arabic, parse_chinese
from declform.normalize.text import strip_markup, to_halfwidth

_SYMBOLS = str.maketrans({"≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "㎡": "m²", "﹪": "%"})
# Longest first: "不低于" must win over "低于", "大于等于" over "大于".
_OP_WORDS = [
    (r"大于或等于|大于等于|不低于|不少于|不小于|不得低于|不得少于|至少|>=|=>", "≥"),
    (r"小于或等于|小于等于|不超过|不高于|不大于|不多于|不得超过|不得高于|最多|至多|<=|=<", "≤"),
    (r"大于|高于|超过|多于", ">"),
    (r"小于|低于|少于", "<"),
]
_OP_WORD_RES = [(re.compile(pattern), symbol) for pattern, symbol in _OP_WORDS]
_SQUARE_METRE = re.compile(r"(?<=[\d万千])(?:m2|M2|平米)(?![\d])")
_PERCENT_WORDS = re.compile(rf"百分之({ARABIC_NUMBER}|{CHINESE_NUMBER})")

# Measure words seen in the forms (and their close relatives); matched longest first.
UNIT_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            *("%", "‰", "m²", "m³", "km", "KM", "Km", "m", "M", "kg", "KG", "t"),
            *("公里", "千米", "米", "平方米", "平方公里", "平方", "亩", "立方米", "立方", "方"),
            *("吨", "公斤", "千克", "斤", "度", "千瓦时", "千瓦", "元", "元钱"),
            *("人次", "户次", "人天", "人", "户", "次", "个", "家", "项", "项目", "条", "本"),
            *("台", "台套", "套", "件", "件套", "份", "份次", "期", "期次", "期数", "场", "场次"),
            *("间", "座", "层", "届", "处", "处次", "类", "名", "对", "芯", "批", "批次", "所"),
            *("辆", "张", "册", "篇", "块", "棵", "株", "课时", "学时", "课", "门", "只", "头"),
            *("支", "队", "组", "部", "床", "栋", "幢", "盏", "根", "村", "社区", "站", "点"),
            *("轮", "周", "季度", "年", "月", "日", "天", "小时", "分钟", "秒", "工作日", "级"),
            *("笔", "宗", "单", "班", "班次", "节", "章", "页", "字", "卷", "盒", "箱", "袋"),
            *("瓶", "车", "车次", "架", "艘", "平台", "系统", "种"),
        },
        key=len,
        reverse=True,
    )
)
_WORD = "(?:" + "|".join(re.escape(w) for w in UNIT_WORDS) + ")"
# [万亿千百] multiplier or 余/个 + measure word, then "/…" rate parts, then a short note "(册)".
_RATE = rf"(?:/{_WORD})*"
UNIT = rf"(?:[万亿千百](?:{_WORD})?|余?个?{_WORD})?余?{_RATE}(?:\([^()]{{1,3}}\))?"
_SUFFIX_OPS = {"及以上": "≥", "或以上": "≥", "以上": "≥", "及以下": "≤", "或以下": "≤", "以下": "≤",
               "以内": "≤", "之内": "≤", "内": "≤"}  # fmt: skip
_SUFFIX = "|".join(sorted(_SUFFIX_OPS, key=len, reverse=True))
_OP_SYMBOLS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_NUMBER = rf"(?:{ARABIC_NUMBER}|{CHINESE_NUMBER})"
_SINGLE = re.compile(
    rf"^(?P<op>[≥≤><=])?(?:约|为)?(?P<num>{_NUMBER})(?P<unit>{UNIT})(?:左右)?(?P<suffix>{_SUFFIX})?$"
)
_RANGE = re.compile(
    rf"^(?P<a>{ARABIC_NUMBER})(?P<unit_a>{UNIT})(?:-|~|〜|—|–|－|至|到)+"
    rf"(?P<b>{ARABIC_NUMBER})(?P<unit_b>{UNIT})$"
)
_ANY_DIGIT = re.compile(r"\d")


def compact_value(text: str) -> str:
    """The value with markup, width, operator words and whitespace normalised away."""
    text = to_halfwidth(strip_markup(text)).translate(_SYMBOLS)
    if "\\" in text or "$" in text:
        text = latex_commands_to_symbols(text)
        text = text.replace("$", "").replace("{", "").replace("}", "")
    text = re.sub(r"\s+", "", text).replace("^2", "²")
    for pattern, symbol in _OP_WORD_RES:
        text = pattern.sub(symbol, text)
    text = _SQUARE_METRE.sub("m²", text)
    return _PERCENT_WORDS.sub(r"\1%", text)


def has_digit(compact: str) -> bool:
    return bool(_ANY_DIGIT.search(compact))


_BRACKETS = "()（）"


def _unit_or_none(unit: str) -> str | None:
    """The unit as printed, without the brackets some offices print it in ("≥13459.00(平方米)",
    "=100.00(%)": the bracketed text is the unit)."""
    if len(unit) > 2 and unit[0] in _BRACKETS and unit[-1] in _BRACKETS:
        unit = unit[1:-1]
    return unit or None


def parse_numeric(compact: str) -> dict[str, Any] | None:
    """The numeric or duration reading of a compact value, or None when it is not one."""
    single = _SINGLE.match(compact)
    if single:
        return _single(single)
    ranged = _RANGE.match(compact)
    if ranged:
        return _range(ranged)
    return None


def _single(match: re.Match[str]) -> dict[str, Any] | None:
    token, unit, op, suffix = match["num"], match["unit"], match["op"], match["suffix"]
    number = parse_arabic(token)
    if number is None:
        # A Chinese numeral only counts as a quantity when a unit or an operator marks it.
        number = parse_chinese(token) if (op or suffix or unit) else None
        if number is None:
            return None
    if suffix and not op:
        op = _SUFFIX_OPS[suffix]
    if not op and not suffix and unit == "天":
        return {"kind": "duration", "days": number}
    return {"kind": "numeric", "op": _OP_SYMBOLS[op or "="], "number": number,
            "unit": _unit_or_none(unit)}  # fmt: skip


def _range(match: re.Match[str]) -> dict[str, Any] | None:
    low, high = parse_arabic(match["a"]), parse_arabic(match["b"])
    unit_a, unit_b = match["unit_a"], match["unit_b"]
    if low is None or high is None or low > high:
        return None
    if unit_a and unit_b and unit_a != unit_b:
        return None
    return {"kind": "numeric", "op": "between", "min": low, "max": high,
            "unit": _unit_or_none(unit_b or unit_a)}  # fmt: skip
