"""Tick-box choices printed in one value cell: "1.部门项目 □  2.公共项目 □√", "☑新增项目 □延续项目".

A form that lists its options and has the filler tick one holds the answer in the tick, not in
the words; the value is the ticked option's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMPTY_BOXES = "□☐◻▢"
_TICKED_BOXES = "☑☒■▣✅"
_TICKS = "√✓✔"
# an OCR reading of an empty box: 口 counts where no word runs into it (人口, 出口 are words)
_READ_BOX = re.compile(r"(?<![\u4e00-\u9fff])口")
_MARK = re.compile(rf"[{_EMPTY_BOXES}{_TICKED_BOXES}]\s*[{_TICKS}]?|[{_TICKS}]\s*[{_EMPTY_BOXES}]?")
# "1." "2、" "（3）" "A." before an option, separators after it
_ENUMERATION = re.compile(r"^\s*(?:[（(]?\s*[0-9A-Za-z一二三四五六七八九十]{1,2}\s*[)）.．、])?\s*")
_SEPARATORS = " \t\u3000;；,，、/"


@dataclass(frozen=True)
class Choice:
    """The options printed with a box each, and which of them are ticked."""

    options: tuple[str, ...]
    ticked: tuple[int, ...]

    @property
    def answer(self) -> str | None:
        """The one ticked option's words; None where none or several are ticked."""
        return self.options[self.ticked[0]] if len(self.ticked) == 1 else None


def _option(text: str) -> str:
    return _ENUMERATION.sub("", text.strip(_SEPARATORS)).strip(_SEPARATORS)


def read_choice(text: str) -> Choice | None:
    """The options and ticks of a value printed as tick boxes; None where the text is no such
    list (fewer than two boxes, or words outside the options)."""
    text = _READ_BOX.sub("□", text)
    marks = list(_MARK.finditer(text))
    if len(marks) < 2:
        return None
    ticked = tuple(
        i for i, mark in enumerate(marks) if any(c in _TICKS + _TICKED_BOXES for c in mark[0])
    )
    boxes_first = not text[: marks[0].start()].strip(_SEPARATORS)
    if boxes_first:  # "□A □B": each box opens its option
        ends = [m.start() for m in marks[1:]] + [len(text)]
        spans = [(m.end(), end) for m, end in zip(marks, ends, strict=True)]
    else:  # "A □ B □": each box closes its option, nothing may follow the last
        if text[marks[-1].end() :].strip(_SEPARATORS):
            return None
        starts = [0] + [m.end() for m in marks[:-1]]
        spans = [(start, m.start()) for start, m in zip(starts, marks, strict=True)]
    options = tuple(_option(text[start:end]) for start, end in spans)
    if not all(options):
        return None
    return Choice(options, ticked)
