"""Choosing among a recogniser's doubtful characters with a dictionary of Chinese words.

On a dark photocopy or a fax the recogniser's first choice for a character is sometimes a
look-alike (宜 for 宣, 疆 for 覆, 推 for 指) while its second choice is right. Where the first
choice leaves the character outside any word and an alternative joins it into one (宜传 → 宣传,
疆盖 → 覆盖), the alternative is taken if the recogniser's odds against it are outweighed by
what the word gains under a unigram word model (jieba's dictionary, the segmentation's best
log-probability). Only Han characters are exchanged, never digits, Latin letters or signs,
never a character beside a figure (31日前: units and dates are the value grammar's), and
never one that already stands in a word: 日前 stays 日前 although 目前 is the more common word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from declform.normalize.dictionary import jieba_dictionary

# A character read with at least this probability is not in doubt.
DOUBT = 0.85
# Alternatives less likely than this are not considered.
MIN_ALTERNATIVE = 0.05
# Weight of the word model's log-probability against the recogniser's, chosen on the lines of
# a heavy photocopy (corpus seed 11): 0.3 left 服务对急 and 民普 as read, 0.8 began to change
# garbled lines into other garble; 0.5 between them.
WORD_WEIGHT = 0.5
# Passes over a line's doubtful characters (a change can make a neighbour's worth taking).
_PASSES = 2


@dataclass(frozen=True)
class CharChoices:
    """One recognised character: the recogniser's choices, most probable first."""

    options: tuple[tuple[str, float], ...]  # (character, probability)
    # characters the recogniser nearly read just before this one, where it read nothing
    lost_before: tuple[tuple[str, float], ...] = ()

    @property
    def first(self) -> str:
        return self.options[0][0]


class WordModel(Protocol):
    def score(self, text: str) -> float:
        """Log-probability of the text's best segmentation into words."""
        ...

    def in_words(self, text: str) -> list[bool]:
        """For each character, whether the best segmentation puts it in a word of two or
        more characters."""
        ...


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


class JiebaWords:
    """jieba's dictionary as a unigram word model."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def _route(self, text: str) -> dict[int, tuple[float, int]]:
        route: dict[int, tuple[float, int]] = {}
        self._tokenizer.calc(text, self._tokenizer.get_DAG(text), route)
        return route

    def score(self, text: str) -> float:
        return self._route(text)[0][0] if text else 0.0

    def in_words(self, text: str) -> list[bool]:
        route = self._route(text)
        inside = [False] * len(text)
        start = 0
        while start < len(text):
            end = route[start][1]
            if end > start:
                inside[start : end + 1] = [True] * (end + 1 - start)
            start = end + 1
        return inside


@cache
def jieba_words() -> JiebaWords:
    """jieba's own dictionary as a word model (the load `normalize.segment` shares)."""
    return JiebaWords(jieba_dictionary())


def _doubtful(choices: CharChoices) -> list[tuple[str, float]]:
    """The alternatives worth weighing for one character (none if it is not in doubt)."""
    first, probability = choices.options[0]
    if probability >= DOUBT or not is_han(first):
        return []
    return [(char, p) for char, p in choices.options[1:] if p >= MIN_ALTERNATIVE and is_han(char)]


def choose_reading(chars: Sequence[CharChoices], words: WordModel) -> str:
    """The line's text: each character the recogniser's first choice, unless an alternative
    makes it part of a word and that outweighs the recogniser's odds (see module doc)."""
    text = [c.first for c in chars]
    # beside a figure a character is its unit or date word (31日前, 5人次), the value
    # grammar's to judge, not a word of prose
    beside_figure = {
        index
        for index in range(len(text))
        if any(text[near].isdigit() for near in (index - 1, index + 1) if 0 <= near < len(text))
    }
    candidates = {
        index: _doubtful(c) for index, c in enumerate(chars) if index not in beside_figure
    }
    candidates = {index: options for index, options in candidates.items() if options}
    current = words.score("".join(text)) if candidates else 0.0
    for _ in range(_PASSES if candidates else 0):
        changed = False
        for index, options in candidates.items():
            before = "".join(text)
            chosen_p = dict(chars[index].options)[text[index]]
            if words.in_words(before)[index]:
                continue  # already part of a word: nothing to repair
            for char, p in options:
                if char == text[index]:
                    continue
                trial = before[:index] + char + before[index + 1 :]
                gain = WORD_WEIGHT * (words.score(trial) - current) + math.log(p / chosen_p)
                if gain > 0 and words.in_words(trial)[index]:
                    text[index], current, chosen_p = char, words.score(trial), p
                    before, changed = trial, True
        if not changed:
            break
    return _with_lost_characters(text, chars, beside_figure, words)


def _with_lost_characters(
    text: list[str], chars: Sequence[CharChoices], beside_figure: set[int], words: WordModel
) -> str:
    """The text with each character the recogniser lost to a blank (`lost_before`) put back
    where it joins the character after it, which stood in no word, into one (级指标 →
    一级指标): a unigram model always prefers fewer characters, so it is the words the line
    gains, not its probability, that decide. Never beside a figure, never a non-Han glyph,
    save the separator of a rate unit (`_lost_separator`)."""
    if not any(choices.lost_before for choices in chars):
        return "".join(text)
    inserted: list[tuple[int, str]] = []
    inside = words.in_words("".join(text))
    for index, choices in enumerate(chars):
        if _lost_separator(text, index, choices):
            inserted.append((index, _SEPARATOR))
            continue
        if index in beside_figure or inside[index] or not is_han(text[index]):
            continue
        for char, _ in choices.lost_before:
            if not is_han(char):
                continue
            trial = "".join(text[:index]) + char + "".join(text[index:])
            joined = words.in_words(trial)
            if joined[index] and joined[index + 1]:
                inserted.append((index, char))
                break
    for index, char in reversed(inserted):
        text.insert(index, char)
    return "".join(text)


# At most this many next readings of a line are kept, and only of lines this short: values
# are; in prose a doubted comma is nobody's concern.
MAX_NEXT_READINGS = 4
MAX_NEXT_READING_LENGTH = 24


# The separator of a rate unit (元/人/月), which the recogniser loses between two characters.
_SEPARATOR = "/"


def _lost_separator(text: Sequence[str], index: int, choices: CharChoices) -> bool:
    """Whether the separator the recogniser nearly read before `text[index]` belongs there: a
    value's rate unit is separated throughout (元/人/月, 元/人次/年), so a separator lost
    between two Han characters after one the line kept (元/人月) is put back."""
    return (
        index > 0
        and is_han(text[index - 1])
        and is_han(text[index])
        and _SEPARATOR in text[:index]
        and any(text[k].isdigit() for k in range(index))
        and any(char == _SEPARATOR for char, _ in choices.lost_before)
    )


def next_readings(chars: Sequence[CharChoices], text: str) -> list[str]:
    """Other readings of a line read as `text` (its characters one to one with `chars`):
    one figure, letter or sign the recogniser doubted exchanged for an alternative, the
    likeliest first. Han characters are the word model's (`choose_reading`), save where
    they may be a unit: in a line with figures ("8.85方元" → "8.85万元") or in a bracket (a
    label's unit note, "(干元)" → "(千元)"). These are for the value grammar and the unit
    notes downstream ("≥98\"" → "≥98%"), which alone can tell which is right."""
    if len(text) != len(chars) or len(text) > MAX_NEXT_READING_LENGTH:
        return []
    figures = any(char.isdigit() for char in text)
    bracket = min((text.find(b) for b in "(（" if b in text), default=len(text))
    options: list[tuple[float, str]] = []
    for index, choices in enumerate(chars):
        first, probability = choices.options[0]
        if probability >= DOUBT or (is_han(first) and not figures and index < bracket):
            continue
        for char, p in choices.options[1:]:
            if p >= MIN_ALTERNATIVE and not char.isspace():
                options.append((p / probability, text[:index] + char + text[index + 1 :]))
    options.sort(key=lambda option: -option[0])
    return [reading for _, reading in options[:MAX_NEXT_READINGS]]
