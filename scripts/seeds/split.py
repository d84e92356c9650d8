"""Cut a seed file (OCR text of many forms) into one `SeedForm` per printed form.

A form starts at its title line ("拉萨经开区2026年项目支出绩效目标申报表", "# 绩效目标申报表",
"**拉萨市部门项目支出预算绩效目标表**", "…绩效目标申报表 (2026年度)") and runs to the next title.
Page furniture after the table ("附件1", "表1") and trailing blank lines are not part of it, so
the form's text (and its sha256) covers exactly what belongs to that form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declform.output.errors import DeclformError

_MARKDOWN = re.compile(r"^\s*#+\s*|\*\*")
_TITLE_CORE = re.compile(r"绩效目标(?:申报)?表?")
_YEAR_NOTE = re.compile(r"[(（]\s*\d{4}\s*年度\s*[)）]")
_FURNITURE = re.compile(r"^(?:附件\s*[0-9\-—]*|表\s*[0-9]+)$")
# A title is a short line; what may follow 绩效目标…表 is a bracketed note such as
# "(全年表彰经费)" or "(2026年度)", never a sentence (goal texts mention 绩效目标 too).
_MAX_TITLE_LENGTH = 60
_MAX_TITLE_TAIL = 24


class SeedConversionError(DeclformError, ValueError):
    """A seed form that cannot be converted reliably; the message says why and where."""


@dataclass(frozen=True)
class SeedForm:
    """One form's lines as they stand in the seed file (title line first)."""

    seed_name: str  # file name of the seed, e.g. "000_9acdd438bb5be3a7.txt"
    index: int  # 1-based position of the form in its seed file
    first_line: int  # 1-based line number of the title line in the seed file
    lines: tuple[str, ...]

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def where(self) -> str:
        return f"{self.seed_name}#{self.index} (lines {self.first_line}-{self.last_line})"


def strip_markdown(line: str) -> str:
    """The line without heading marks and bold markers, outer whitespace removed."""
    return _MARKDOWN.sub("", line).strip()


def is_title_line(line: str) -> bool:
    if "\t" in line:
        return False
    text = strip_markdown(line)
    if not text or len(text) > _MAX_TITLE_LENGTH:
        return False
    match = _TITLE_CORE.search(text)
    if match is None:
        return False
    tail = _YEAR_NOTE.sub("", text[match.end() :]).strip()
    return len(tail) <= _MAX_TITLE_TAIL and (not tail or tail[0] in "(（")


def title_and_year_note(title_line: str) -> tuple[str, str | None]:
    """The title without markdown, and an inline "(2026年度)" note when the line carries one."""
    text = strip_markdown(title_line)
    note = _YEAR_NOTE.search(text)
    if note is None:
        return text, None
    return (text[: note.start()] + text[note.end() :]).strip(), note.group(0)


def _trim_tail(lines: list[str]) -> list[str]:
    while len(lines) > 1 and (not lines[-1].strip() or _FURNITURE.match(lines[-1].strip())):
        lines.pop()
    return lines


def split_forms(text: str, seed_name: str = "") -> list[SeedForm]:
    """Every form of a seed file, in file order; lines before the first title are dropped."""
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines) if is_title_line(line)]
    forms = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        body = _trim_tail(list(lines[start:end]))
        forms.append(SeedForm(seed_name, position + 1, start + 1, tuple(body)))
    return forms
