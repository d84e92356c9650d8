"""One spelling per department across a batch, so that a group-by sees one department.

Scans spell a name a character off now and then (经济发康局 for 经济发展局), and offices print
brackets and spaces their own way. Spellings are grouped when they are the same name once
spaces, punctuation and width are set aside, or when they differ by a character or two that
are no numerals (第一中学 and 第二中学 are two schools; 城关区 and 堆龙区 two districts, by two
characters of a short name). Each group's canonical spelling is the one most forms print, and
among as many, the one a form read most confidently (a born-digital form's reading first).
The printed spelling stays in its own column; the canonical one is added beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from declform.normalize.text import squash

# Characters a name may differ by per this many characters of its length (at least one).
_CHARS_PER_EDIT = 12
_MIN_FUZZY_LENGTH = 5  # shorter names differ by a character meaningfully (一中 / 二中)
_NUMERALS = frozenset("0123456789〇零一二三四五六七八九十百千")


def _edits_allowed(key: str) -> int:
    return 0 if len(key) < _MIN_FUZZY_LENGTH else max(1, len(key) // _CHARS_PER_EDIT)


def _same_name(a: str, b: str) -> bool:
    """Whether two matching keys spell one name, a character or two apart, no numeral among
    the characters that differ."""
    allowed = min(_edits_allowed(a), _edits_allowed(b))
    if allowed == 0 or abs(len(a) - len(b)) > allowed:
        return False
    if Levenshtein.distance(a, b, score_cutoff=allowed) > allowed:
        return False
    for op in Levenshtein.opcodes(a, b):
        changed = a[op.src_start : op.src_end] + b[op.dest_start : op.dest_end]
        if op.tag != "equal" and _NUMERALS & set(changed):
            return False
    return True


def canonical_names(spellings: Iterable[tuple[str, float]]) -> dict[str, str]:
    """Each spelling → its group's canonical spelling. `spellings` holds one (name, how
    confidently its form read it) per form that prints the name."""
    counts: Counter[str] = Counter()
    best_read: dict[str, float] = {}
    for name, confidence in spellings:
        counts[name] += 1
        best_read[name] = max(confidence, best_read.get(name, 0.0))
    # the likeliest spelling first, so that each group is named by its first member
    ranked = sorted(counts, key=lambda name: (-counts[name], -best_read[name], name))
    groups: list[tuple[str, str]] = []  # (key of the group's canonical spelling, spelling)
    canonical: dict[str, str] = {}
    for name in ranked:
        key = squash(name)
        for group_key, group_name in groups:
            if key == group_key or _same_name(key, group_key):
                canonical[name] = group_name
                break
        else:
            groups.append((key, name))
            canonical[name] = name
    return canonical
