"""Completion deadlines among indicator values ("2026年12月31日前", "年底前完成", "6月份前完成").

Rules, read off the seed values:
- A deadline is a WHEN part, optionally after 于/在/截止/每年…, optionally followed by a
  tail that is either a deadline marker (前, 之前, 以前, 底, 为止, 内 …) or a completion verb
  (完成, 拨付, 到位, 验收 …) plus at most 15 more characters, none of them digits.
  "2026年底完成100%" or "2025年12月21日-2026年3月中" therefore stay text.
- WHEN is one of: a full date (2026年12月31日, 2026/12/31, 2026.12.31, 2026-12-31);
  a year and month (2026年12月, optionally 上旬/中旬/下旬/底/末); a year alone (2026年,
  2026年底, 2026年年底); a month alone (12月, 6月份, 年底12月31日); a year-end word
  (年底, 年末, 年终, 年内, 本年内, 本年度, 当年, 年度内, 上年底; "年年底" is an OCR
  doubling seen in the seeds and reads as 年底).
- `date` needs a printed year: the full date; the last day of the month for "Y年M月"
  (the 10th for 上旬/初, the 20th for 中旬/中); Y-12-31 for a year alone. A printed day past
  the month's end (the seeds have "2028年4月31日前") is taken as the month's last day.
- `month` is the printed month, or 12 for a year alone or a year-end word.
- Timeliness phrases without any digit are deadlines with both fields null when they clearly
  speak of completing by a time: 按时/准时/如期/按期/限期/及时 + 完…, "…时间前",
  "…前完成", 截止/截至 ("按合同约定准时完成", "合同签订时间前"). "及时" alone,
  "按时支付住宿费" or "按合同拨付" are not: they stay text.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from declform.normalize.numerals import parse_chinese

_PREFIX = re.compile(r"^(?:于|在|截止到|截至到|截止|截至|到|预计|计划|力争|确保|每年度?)*")
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_PART = r"(?P<part>上旬|中旬|下旬|底|末|初|中)?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_WHEN_FORMS = [
    re.compile(rf"{_YEAR}[./\-](?P<m>1[0-2]|0?[1-9])[./\-](?P<d>[0-3]?\d)(?!\d)"),
    re.compile(rf"{_YEAR}年{_MONTH}月份?(?:(?P<d>[0-3]?\d)[日号])?{_PART}"),
    re.compile(rf"{_YEAR}年(?:年?(?:底|末|终|度内|内|度))?(?![\d月])"),
    re.compile(rf"(?:年底|年末)?{_MONTH}月份?(?:(?P<d>[0-3]?\d)[日号])?{_PART}"),
    re.compile(r"年?(?:年底|年末|年终|年度内|年内|本年度内|本年内|本年度|当年度|当年|上年底)"),
]
_MARKERS = r"(?:前|之前|以前|底前|底|末|为止|止|以内|之内|内)"
_VERBS = r"(?:完成|完毕|完工|用完|拨付|到位|支付|举办|结束|实施|兑现|验收|发放|截止|启动|开展)"
_TAIL = re.compile(rf"^(?:(?:{_MARKERS}|{_VERBS})\D{{0,15}})?$")
_TIMELY_DONE = re.compile(
    r"(?:按时|准时|如期|按期|限期|及时)完|(?:时间|期限|日期|节点|时限)(?:之|以)?前|前完成|截止|截至"
)
_EARLY_DAY = {"上旬": 10, "初": 10, "中旬": 20, "中": 20}


def _month_number(token: str) -> int | None:
    value = int(token) if token.isdigit() else parse_chinese(token)
    return value if value is not None and 1 <= value <= 12 else None


def _when(match: re.Match[str]) -> tuple[str | None, int | None] | None:
    """(ISO date or None, month or None) for one WHEN match; None when it is no real date."""
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("m") is None:
        # A year alone or a year-end word: the deadline is the end of December.
        return (f"{year:04d}-12-31" if year else None), 12
    month = _month_number(groups["m"])
    if month is None:
        return None
    if year is None:
        return None, month
    last = calendar.monthrange(year, month)[1]
    if groups.get("d"):
        day = int(groups["d"])
        if day == 0:
            return None
        day = min(day, last)
    else:
        day = _EARLY_DAY.get(groups.get("part") or "", last)
    return f"{year:04d}-{month:02d}-{day:02d}", month


def parse_deadline(compact: str, text: str) -> dict[str, Any] | None:
    """The deadline reading of a compact value (see module docstring), or None."""
    rest = _PREFIX.sub("", compact)
    for form in _WHEN_FORMS:
        match = form.match(rest)
        if match is None or not _TAIL.match(rest[match.end() :]):
            continue
        when = _when(match)
        if when is not None:
            return {"kind": "deadline", "date": when[0], "month": when[1], "text": text}
    if not re.search(r"\d", compact) and _TIMELY_DONE.search(compact):
        return {"kind": "deadline", "date": None, "month": None, "text": text}
    return None
