"""The words a project's attribute is printed in (项目属性 / 项目性质 / 项目类型 / 项目类别).

The national framework sorts projects two ways: new or continued (新增项目 / 延续项目) and
recurring or one-off (经常性项目 / 一次性项目; offices also print 常年性 and 阶段性), each
printed with or without its 项目. A closed vocabulary, so a scan's reading outside it can be
put right by the recogniser's next reading that is in it; a printed value outside it (some
offices print their own words) is kept as printed.
"""

from __future__ import annotations

from declform.normalize.text import squash

_KINDS = ("新增", "延续", "经常性", "一次性", "常年性", "阶段性", "常规性")
ATTRIBUTE_WORDS = frozenset(word for kind in _KINDS for word in (kind, f"{kind}项目"))


def is_attribute_word(text: str | None) -> bool:
    """Whether `text` is one of the framework's attribute words (spacing and marks aside)."""
    return text is not None and squash(text) in ATTRIBUTE_WORDS


def attribute_reading(readings: tuple[str, ...]) -> str | None:
    """The first of a cell's readings (its text, then the recogniser's next readings) that is
    an attribute word; None where none is."""
    return next((text for text in readings if is_attribute_word(text)), None)
