"""Numbers as printed: Arabic (with thousands separators) and Chinese numerals.

A number keeps the type it is printed with: "95" is the int 95, "95.0" and "9.2989" are floats.
Only finite values of a sane length come back; anything else gives None so callers never meet
OverflowError or Python's int-string length limit.
"""

from __future__ import annotations

import math
import re

from declform.normalize.text import to_halfwidth

Number = int | float

# One number token: grouped thousands ("1,078.78") or a plain run of digits, optional decimals.
ARABIC_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_ARABIC_FULL = re.compile(rf"^(?:{ARABIC_NUMBER})$")
_MAX_DIGITS = 30

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join([*CHINESE_DIGITS, *_SMALL_UNITS, *_LARGE_UNITS])
CHINESE_NUMBER = f"[{CHINESE_NUMERAL_CHARS}]+"


def parse_arabic(token: str) -> Number | None:
    """ "1,078.78" → 1078.78, "95" → 95, "９５" → 95; None when it is not one number."""
    token = to_halfwidth(token).strip()
    if not _ARABIC_FULL.match(token):
        return None
    digits = token.replace(",", "")
    if len(digits) > _MAX_DIGITS:
        return None
    if "." in digits:
        value = float(digits)
        return value if math.isfinite(value) else None
    return int(digits)


def parse_chinese(token: str) -> int | None:
    """ "三" → 3, "十二" → 12, "二百零五" → 205, "三万五千" → 35000; None when malformed.

    Plain digit strings such as "二〇二六" are read digit by digit (2026).
    """
    if not token or any(c not in CHINESE_NUMERAL_CHARS for c in token):
        return None
    if all(c in CHINESE_DIGITS for c in token):
        if len(token) == 1:
            return CHINESE_DIGITS[token]
        if len(token) > _MAX_DIGITS:
            return None
        return int("".join(str(CHINESE_DIGITS[c]) for c in token))
    if token[0] in _LARGE_UNITS:
        return None
    total = 0  # completed 万/亿 groups
    group = 0  # current group below 万
    digit: int | None = None
    last_large: float = math.inf
    last_small: float = math.inf
    for char in token:
        if char in CHINESE_DIGITS:
            if digit is not None and CHINESE_DIGITS[char] != 0:
                return None  # two digits in a row inside a positional numeral
            digit = CHINESE_DIGITS[char] or None
        elif char in _SMALL_UNITS:
            if _SMALL_UNITS[char] >= last_small:
                return None  # "十十", "十百": not a numeral
            group += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit, last_small = None, _SMALL_UNITS[char]
        else:
            scale = _LARGE_UNITS[char]
            if scale >= last_large:
                return None  # "万万" and "万亿" orderings we do not read
            total += (group + (digit or 0)) * scale
            group, digit, last_large, last_small = 0, None, scale, math.inf
    return total + group + (digit or 0)


def parse_number(token: str) -> Number | None:
    """An Arabic or Chinese number token, as above."""
    arabic = parse_arabic(token)
    return arabic if arabic is not None else parse_chinese(token)
