"""Who: the competent department with its code, and the person filling in the form.

`parse_department`: "拉萨市科技局 (009909878)", "拉萨市科技局（009909878）" and
"拉萨市科技局009909878" → ("拉萨市科技局", "009909878"); a code is a run of at least six
digits at the end, bracketed or not. Without one the whole text is the name.

`parse_filler`: the 填报人及联系电话 value, "谭丽华 0891-6320663" → ("谭丽华",
"0891-6320663"). Phones are landlines with or without an area code ("0891-6320663",
"6320751") and mobiles ("13908901234"); several phones are joined with ", ".
"""

from __future__ import annotations

import re

from declform.normalize.text import clean_text, to_halfwidth

_DEPARTMENT = re.compile(r"^(?P<name>.*?)[\s:：]*[(\[【]?\s*(?P<code>\d{6,})\s*[)\]】]?$")
_PHONE = re.compile(
    r"(?<!\d)(?:1[3-9]\d{9}|(?:\(?0\d{2,3}\)?\s?[-－—]?\s?)?[2-9]\d{6,7})(?!\d)"
    r"(?:\s*(?:转|-)\s*\d{1,5}(?!\d))?"
)
_NAME_SEPARATORS = " \t,，、;；:：/|()（）[]"


def parse_department(text: str | None) -> tuple[str | None, str | None]:
    """(department name, department code or None)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None, None
    match = _DEPARTMENT.match(to_halfwidth(cleaned))
    if match is None:
        return cleaned, None
    # Slice the original so full-width characters in the name are kept as printed.
    name = clean_text(cleaned[: len(match["name"])].rstrip(_NAME_SEPARATORS))
    return name, match["code"]


def parse_filler(text: str | None) -> tuple[str | None, str | None]:
    """(name or None, phone or None) from the 填报人及联系电话 value."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None, None
    half = to_halfwidth(cleaned)
    phones = [m for m in _PHONE.finditer(half)]
    if not phones:
        return clean_text(cleaned.strip(_NAME_SEPARATORS)), None
    rest = []
    position = 0
    for match in phones:
        rest.append(cleaned[position : match.start()])
        position = match.end()
    rest.append(cleaned[position:])
    name = clean_text(" ".join(part.strip(_NAME_SEPARATORS) for part in rest))
    phone = ", ".join(re.sub(r"\s+", "", m.group(0)) for m in phones)
    return name, phone
