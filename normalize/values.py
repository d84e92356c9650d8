"""`parse_value`: what an indicator value (指标值) means, as a `#/$defs/parsed` object.

Checks run in this order, the first that applies wins:
1. deadline — a date, month or year-end phrase (see declform.normalize.deadlines); before numeric so
   that "2026年" is the end of 2026, not the number 2026 with unit 年.
2. numeric / duration — the whole value is `[op] number [unit] [以上|以下|以内]` or a range
   "a-b unit" (see declform.normalize.numeric). "N天" without an operator is a duration; "N个工作日"
   stays numeric (unit 个工作日) because working days are not calendar days.
3. qualitative — no digit at all and at least one direction word; the direction of the LAST
   word in the text wins ("持续有效" → other, "显著提升" → improve). Grades ("优", "合格",
   "优良") and bare timeliness words ("及时") carry no direction and stay text.
4. text — everything else, cleaned but otherwise as printed.

`parse_value` never raises: every branch is a regex over a bounded string.
"""

from __future__ import annotations

import re
from typing import Any

from declform.normalize.deadlines import parse_deadline
from declform.normalize.numeric import compact_value, has_digit, parse_numeric
from declform.normalize.text import SPECK_MARKS, clean_text

Direction = str

DIRECTION_WORDS: dict[Direction, tuple[str, ...]] = {
    "improve": (
        "提升", "提高", "改善", "加强", "增强", "促进", "推动", "推进", "优化", "完善", "扩大",
        "增加", "加快", "增长", "增进", "上升", "升级", "强化", "拓宽", "拓展", "扩展", "带动",
        "助力", "加大", "深化", "进一步", "更加", "加长", "提档", "逐步提", "不断",
    ),
    "reduce": (
        "降低", "减少", "下降", "缩短", "减轻", "减低", "压缩", "节约", "节省", "遏制", "杜绝",
        "减小", "压减", "下降了",
    ),
    "maintain": (
        "保持", "稳定", "保障", "维护", "坚持", "持续", "维持", "确保", "保证", "巩固", "正常",
        "常态化", "长效",
    ),
    "other": (
        "效果明显", "明显", "显著", "良好", "较好", "成效", "有效", "显现", "帮助", "满意",
        "见效", "突出", "积极",
    ),
}  # fmt: skip

# One alternation, longest words first so "效果明显" is seen as one word, not as "明显".
_WORD_TO_DIRECTION = {w: d for d, words in DIRECTION_WORDS.items() for w in words}
_DIRECTION_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(_WORD_TO_DIRECTION, key=len, reverse=True))
)
# Nouns that contain a direction word but say nothing about direction ("以下发通知有效期为准",
# "群众满意度", "可持续发展"); document titles in 《》 are names, not targets.
_NOT_DIRECTIONS = re.compile(r"《[^》]*》|有效期|满意度|积极性|可持续")
_MAX_PARSED_LENGTH = 400  # longer cells are prose; bound the regex work for any input


# A letter O (or 〇, the CJK zero) where a figure stands: after a comparison sign or a digit
# and before a digit, a decimal point, a percent sign, a unit character or the end. Value
# cells print figures there, and the recogniser takes a round 0 for an O now and then.
_O_AS_ZERO = re.compile(r"(?<=[≥≤<>＞＜=0-9.])[Oo〇](?=[0-9.%％]|[\u4e00-\u9fff]|$)")
# A bare > or < before a figure: the forms bound a target with ≥ / ≤ (965 and 397 values in
# the ~170 seed forms, not one strict > or <), and a scan's blur takes the bar off first.
# The recogniser also reads a blurred ≤ as S or s, and no value starts with a Latin letter.
_ANGLE_AS_BOUND = re.compile(r"^([>＞<＜Ss])(?=\s*[0-9０-９])")
_BOUNDS = {">": "≥", "＞": "≥", "<": "≤", "＜": "≤", "S": "≤", "s": "≤"}
# The same after the words a value may open with ("…运行效果满意度>95%"): 31 such bounds in
# the seeds, every one ≥ or ≤.
_ANGLE_AFTER_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])([>＞<＜])(?=\s*[0-9０-９])")
# A comma between figures with one or two after it is a decimal point the scan broke ("23,75
# 万元"): a thousands separator has three figures after it, and the seeds print no other.
_COMMA_AS_POINT = re.compile(r"(?<=[0-9])[,，](?=[0-9]{1,2}(?![0-9]))")
_FIGURE_LIST = re.compile(r"[0-9][,，、][0-9]+[,，、][0-9]")  # "1,2,3级" lists figures
# A colon between figures is a decimal point a speck or the toner changed ("≤43:20万"): the
# seeds print no time of day and no ratio in a value.
_COLON_AS_POINT = re.compile(r"(?<=[0-9])[:：](?=[0-9]{1,2}(?![0-9]))")
# One Han glyph before a bound opening the value is specks read as a character ("心≤14.25万"):
# words before a bound are a phrase ("满意度≥95%"), never one character.
_GLYPH_BEFORE_BOUND = re.compile(r"^[\u4e00-\u9fff](?=[≥≤＞＜><]\s*[0-9])")


def repair_value_reading(text: str) -> str:
    """`text` with the misreadings of an indicator value put right: one glyph before its
    bound is a copy's specks ("心≤14.25万" → "≤14.25万"); an O where a figure stands is 0
    ("≥O家" → "≥0家"); a >, < or S before a figure at the start, or a > or < after words, is
    ≥ or ≤ (the bar lost in a fax's blur, "S200" → "≤200"); a comma or colon before one or
    two figures is a decimal point ("≥23,75万元" → "≥23.75万元"). Callers record the change as
    a correction, with the raw text."""
    text = _GLYPH_BEFORE_BOUND.sub("", text)
    text = _O_AS_ZERO.sub("0", text)
    if len(_COMMA_AS_POINT.findall(text)) == 1 and not _FIGURE_LIST.search(text):
        text = _COMMA_AS_POINT.sub(".", text)
    if len(_COLON_AS_POINT.findall(text)) == 1:
        text = _COLON_AS_POINT.sub(".", text)
    text = _ANGLE_AFTER_WORDS.sub(lambda match: _BOUNDS[match.group(1)], text)
    return _ANGLE_AS_BOUND.sub(lambda match: _BOUNDS[match.group(1)], text)


# Longer values with a number are sentences ("完成3个项目的验收"), which no grammar covers.
_FIGURES_MAX_LENGTH = 16
_DIGIT = re.compile(r"[0-9０-９]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def looks_like_figures(value: str) -> bool:
    """A short value that is mostly a figure (not a phrase with a number in it): one the
    value shapes (≥95%, ≤105万元, 2026年12月前 …) should cover."""
    return (
        len(value) <= _FIGURES_MAX_LENGTH
        and _DIGIT.search(value) is not None
        and len(_HAN.findall(value)) < 0.5 * len(value)
    )


def direction_of(compact: str) -> Direction | None:
    """The direction of the last direction word in the text, None when it has none."""
    last: str | None = None
    for match in _DIRECTION_RE.finditer(_NOT_DIRECTIONS.sub("□", compact)):
        last = match.group(0)
    return _WORD_TO_DIRECTION[last] if last is not None else None


def parse_value(text: str) -> dict[str, Any]:
    """The parsed meaning of one indicator value (see the module docstring)."""
    cleaned = clean_text(text) if isinstance(text, str) else None
    if cleaned is None:
        return {"kind": "text", "text": ""}
    if len(cleaned) > _MAX_PARSED_LENGTH:
        return {"kind": "text", "text": cleaned}
    compact = compact_value(cleaned)
    deadline = parse_deadline(compact, cleaned)
    if deadline is not None:
        return deadline
    numeric = parse_numeric(compact)
    if numeric is not None:
        return numeric
    if not has_digit(compact):
        direction = direction_of(compact)
        if direction is not None:
            return {"kind": "qualitative", "direction": direction, "text": cleaned}
    return {"kind": "text", "text": cleaned}


def without_stray_mark(value: str) -> str | None:
    """A value of figures that follows no value shape but would without one of its marks
    ("2026年12月31，日前", "于2028年’12月31日前完成": a copy's speck read inside it), else None
    (also when the marks of two places would each do)."""
    if not looks_like_figures(value) or parse_value(value)["kind"] != "text":
        return None
    shaped = {
        candidate
        for index, char in enumerate(value)
        if char in SPECK_MARKS
        and parse_value(candidate := value[:index] + value[index + 1 :])["kind"] != "text"
    }
    return shaped.pop() if len(shaped) == 1 else None
