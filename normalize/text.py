"""Whitespace, markup and width clean-up shared by every normaliser.

`clean_text` is what every text field of the record goes through: the printed characters are
kept (no NFKC), only whitespace runs and stray HTML tags from the OCR output are removed.
`to_halfwidth` and `squash` are internal matching keys and never end up in a record.
"""

from __future__ import annotations

import re
import unicodedata

# Tags the seed OCR output leaves in cells (<p>, </p>, <br>, <b>, <li>, <ol style=...>).
# <sup>2</sup> is markup for m², which is content: it is rewritten, not dropped.
_SUPERSCRIPT_TWO = re.compile(r"\s*<sup>\s*2\s*</sup>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|br|b|i|u|em|strong|span|div|li|ol|ul|sup|sub|font|table|tr|td|th|hr)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&"}
# \s covers ASCII whitespace, U+3000 (ideographic space) and U+00A0 in Python's str regexes.
_WHITESPACE_RUN = re.compile(r"\s+")
_INDICATOR_PREFIX = re.compile(
    # the number may be lost under a seal or a signature: "指标：" is still the numbering
    r"^\s*(?:指\s*标\s*(?:[0-9０-９一二三四五六七八九十]+\s*[:：.、．]?|[:：])"
    r"|[0-9０-９]{1,2}\s*[、．]"
    r"|[0-9０-９]{1,2}\s*\.(?![0-9])"
    r"|[(（][0-9０-９]{1,2}[)）]"
    # "指标2:" with its word misread ("于前标2:", "即际3:"): a few characters, a number and a
    # colon open no name but a numbered one; "按1:1比例" is a ratio, not a numbering
    r"|\S{1,4}?\s*[0-9０-９]{1,2}\s*[:：](?![0-9０-９]))\s*"
)


def strip_markup(text: str) -> str:
    """Drop HTML tags, turning `m<sup>2</sup>` into `m²` because the exponent is content."""
    text = _SUPERSCRIPT_TWO.sub("²", text)
    text = _HTML_TAG.sub(" ", text)
    for entity, char in _HTML_ENTITIES.items():
        text = text.replace(entity, char)
    return text


def clean_text(text: str | None) -> str | None:
    """Collapse whitespace runs to one ASCII space, strip, drop HTML tags; empty → None."""
    if text is None:
        return None
    collapsed = _WHITESPACE_RUN.sub(" ", strip_markup(text)).strip()
    return collapsed or None


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII variants (０-９, ＞, ％, ．, （ …) and U+3000 to ASCII."""
    out = []
    for char in text:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def is_punctuation(char: str) -> bool:
    """Punctuation and decorative symbols; math signs (≥ ≤ < > = +) and % are content."""
    category = unicodedata.category(char)
    return (category[0] == "P" and char not in "%#") or category in ("Sk", "So")


def squash(text: str) -> str:
    """A matching key: NFKC, no whitespace, no punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and not is_punctuation(c))


def strip_indicator_prefix(text: str | None) -> str | None:
    """Remove printed numbering such as "指标1:", "指标 1 :", "1、", "1." before a name.

    "指标1:" with nothing after it is an empty row, so it gives None.
    """
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    return clean_text(_INDICATOR_PREFIX.sub("", cleaned, count=1))


# Marks no field value opens or closes with: the seeds' ~1,300 indicator values and header
# values have none at either end, save a quote or bracket that opens or closes a pair
# ("“三区”科技人才…"). A copier's speck next to the text is read as one ("≥95%:", "[稳步提升").
SPECK_MARKS = frozenset(":：;；\"'`“”‘’[]【】!！|·.,，、。")
_PAIR_OF = {"“": "”", "‘": "’", "[": "]", "【": "】", "”": "“", "’": "‘", "]": "[", "】": "【"}


def _in_pair(char: str, rest: str) -> bool:
    partner = _PAIR_OF.get(char, char if char in "\"'" else None)
    return partner is not None and partner in rest


def trim_edge_marks(text: str) -> str:
    """`text` without the marks at its ends that no value opens or closes with (a mark that
    pairs with one inside the text stays)."""
    while text and text[0] in SPECK_MARKS and not _in_pair(text[0], text[1:]):
        text = text[1:].lstrip()
    while text and text[-1] in SPECK_MARKS and not _in_pair(text[-1], text[:-1]):
        text = text[:-1].rstrip()
    return text
