"""Calendar dates and fiscal years printed on the forms.

`parse_date` reads the 填报日期 line: "2023.01.03", "2023年1月28日", "2023-1-3",
"2023/01/03" → "YYYY-MM-DD". A day without its 日 ("2023年1月28") still counts when
nothing follows the digits. Impossible dates and partial ones ("2023年1月") give None.

`parse_fiscal_year` reads the year of the form from "(2026年度)", "（2023年度）" or a title
such as "拉萨经开区2026年项目支出绩效目标申报表"; only years 1990–2100 are accepted.
"""

from __future__ import annotations

import datetime as dt
import re

from declform.normalize.text import clean_text, to_halfwidth

_DATE_FORMS = [
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号|(?=\s*$|\s*[^\d.]))"),
    re.compile(r"(?<!\d)(\d{4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d])"),
]
_YEAR_OF_FORM = re.compile(r"(?<!\d)(\d{4})\s*年度")
_ANY_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_FIRST_FISCAL_YEAR, _LAST_FISCAL_YEAR = 1990, 2100


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None) -> str | None:
    """The first full calendar date in the text as ISO "YYYY-MM-DD", else None."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    half = to_halfwidth(cleaned)
    for match in _DATE_FORMS[0].finditer(half):
        iso = _iso(match[1], match[2], match[3])
        if iso:
            return iso
    for match in _DATE_FORMS[1].finditer(half):
        iso = _iso(match[1], match[3], match[4])
        if iso:
            return iso
    return None


def parse_fiscal_year(text: str | None) -> int | None:
    """The year of "(2026年度)" (preferred) or of the first "2026年" in the text."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    half = to_halfwidth(cleaned)
    for pattern in (_YEAR_OF_FORM, _ANY_YEAR):
        for match in pattern.finditer(half):
            year = int(match[1])
            if _FIRST_FISCAL_YEAR <= year <= _LAST_FISCAL_YEAR:
                return year
    return None
