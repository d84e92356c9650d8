"""Money amounts of the funding and task tables, in 万元 as printed.

"105.00", "1,078.78", "35.00万元", "9.2989万元", "1100万元", "１２.５" → float. The forms
print these cells in 万元, so a "万元"/"万" suffix is dropped. An amount printed with "元"
(not 万元) is NOT converted: the number is kept as printed, because a 元 figure in a 万元
column is far more often a mislabelled unit than a real 10,000-fold difference, and the
record keeps the printed cell for review.

Blank-like cells ("", "-", "—", "/", "无") are None. Any other text that is not one amount
raises ValueError; the caller records it as a warning rather than failing the form.
"""

from __future__ import annotations

import re

from declform.normalize.numerals import ARABIC_NUMBER, parse_arabic
from declform.normalize.text import clean_text, strip_markup, to_halfwidth

_BLANK = re.compile(r"^[-—–－_/\\·.。、无空]*$|^(?:无|暂无|空|不适用|N/?A)$", re.IGNORECASE)
_AMOUNT = re.compile(rf"^(?P<number>{ARABIC_NUMBER})(?:万元|万|元)?$")


# A scan's misreadings of an amount: a colon or comma for the decimal point ("37:80", "23,75":
# a thousands separator has three figures after it), and specks read as marks beside it.
_POINT_LOOKALIKE = re.compile(r"(?<=[0-9])[:：,，](?=[0-9]{1,2}(?:万元|万|元)?$)")
_MARKS_AROUND = re.compile(r"^[′″'`\"‘’“”·.,，。:：;；]+|(?<=[0-9元])[′″'`\"‘’“”·,，。:：;；]+$")


def repair_amount_reading(text: str) -> str:
    """`text` with a scan's misreadings of an amount put right (colon or comma for the
    decimal point, specks read as marks before or after it). Callers record the change as a
    correction, with the raw text."""
    compact = re.sub(r"\s+", "", text)
    return _POINT_LOOKALIKE.sub(".", _MARKS_AROUND.sub("", compact))


def parse_amount(text: str | None) -> float | None:
    """The amount in a funding cell as a float (see module docstring)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    compact = re.sub(r"\s+", "", to_halfwidth(strip_markup(cleaned)))
    compact = compact.replace("(万元)", "").replace("￥", "").replace("¥", "")
    if _BLANK.match(compact):
        return None
    match = _AMOUNT.match(compact)
    number = parse_arabic(match["number"]) if match else None
    if number is None:
        raise ValueError(f"not an amount: {cleaned!r}")
    return float(number)
