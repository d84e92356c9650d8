"""Choosing among the recogniser's doubtful characters with a word dictionary."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from declform.extract.ocr import CellImage, OcrEngine
from declform.extract.ocr.ctc import char_choices
from declform.extract.ocr.lexicon import CharChoices, choose_reading, jieba_words, next_readings

FIXTURES = Path(__file__).parent / "fixtures"


def _line(*chars: str | tuple[tuple[str, float], ...]) -> list[CharChoices]:
    """Characters read for sure ("传") or with choices ((("宜", 0.78), ("宣", 0.19)))."""
    return [
        CharChoices(((char, 0.99),)) if isinstance(char, str) else CharChoices(char)
        for char in chars
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the first choice leaves a character outside any word; the second makes a word
        (_line("参", "加", (("宜", 0.78), ("宣", 0.19)), "传"), "参加宣传"),
        (_line("社", "会", "宣", "传", "的", (("疆", 0.42), ("覆", 0.15)), "盖"), "社会宣传的覆盖"),
        (_line((("致", 0.49), ("数", 0.18)), "量", "指", "标"), "数量指标"),
        # a character beside a figure is a unit or a date's: 31日 / 前 never becomes 目前
        (_line("3", "1", (("日", 0.7), ("目", 0.3)), "前"), "31日前"),
        # a character already in a word stays, however common the alternative's word
        (_line("年", "底", (("日", 0.7), ("目", 0.3)), "前"), "年底日前"),
        # only Han characters are exchanged: digits, letters and signs are the value grammar's
        (_line("2", "0", "2", (("6", 0.5), ("8", 0.45)), "年"), "2026年"),
        (_line("≥", "9", "8", (('"', 0.6), ("%", 0.3))), '≥98"'),
        # a character read with confidence is not in doubt
        (_line("参", "加", (("宜", 0.9), ("宣", 0.09)), "传"), "参加宜传"),
    ],
)
def test_a_doubtful_character_is_exchanged_only_to_make_a_word(
    line: list[CharChoices], expected: str
) -> None:
    assert choose_reading(line, jieba_words()) == expected


class _Words:
    """A word model of two words, to weigh the recogniser's odds against a word's gain."""

    def score(self, text: str) -> float:
        return -10.0 if "宣传" in text else -20.0

    def in_words(self, text: str) -> list[bool]:
        start = text.find("宣传")
        return [start >= 0 and start <= i <= start + 1 for i in range(len(text))]


def test_the_recognisers_odds_can_outweigh_the_word() -> None:
    # the word gains 0.5 × 10 nats: an alternative at odds of more than e^5 against stays out
    likely = _line((("宜", 0.80), ("宣", 0.10)), "传")
    unlikely = _line((("宜", 0.84), ("宣", 0.005)), "传")
    assert choose_reading(likely, _Words()) == "宣传"
    assert choose_reading(unlikely, _Words()) == "宜传"


def test_char_choices_follow_the_greedy_ctc_reading() -> None:
    charset = ["blank", "宜", "宣", "传", " "]
    frames = np.array(
        [
            [0.9, 0.05, 0.03, 0.01, 0.01],  # blank
            [0.1, 0.6, 0.25, 0.04, 0.01],  # 宜 (宣 second)
            [0.1, 0.7, 0.15, 0.04, 0.01],  # 宜 again: the same character
            [0.8, 0.1, 0.05, 0.04, 0.01],  # blank
            [0.01, 0.01, 0.01, 0.96, 0.01],  # 传
        ]
    )
    choices = char_choices(frames, charset, top=3)
    assert "".join(c.first for c in choices) == "宜传"
    assert [char for char, _ in choices[0].options] == ["宜", "宣"]  # the blank is no choice
    assert choices[0].options[1][1] == pytest.approx(0.25)


def test_next_readings_exchange_one_doubted_figure_or_sign_likeliest_first() -> None:
    line = _line("≥", "9", (("8", 0.6), ("3", 0.3)), (('"', 0.5), ("%", 0.3), ("x", 0.1)))
    assert next_readings(line, '≥98"') == ["≥98%", '≥93"', "≥98x"]
    # Han characters are the word model's; a sure line has no next reading
    assert next_readings(_line((("宜", 0.6), ("宣", 0.3)), "传"), "宜传") == []
    assert next_readings(_line("≥", "9", "5", "%"), "≥95%") == []
    # ... save a unit beside figures, which the value grammar settles ("方元" is no unit)
    unit = _line("8", ".", "8", "5", (("方", 0.7), ("万", 0.25)), "元")
    assert next_readings(unit, "8.85方元") == ["8.85万元"]


def test_next_readings_exchange_han_characters_only_where_they_may_be_a_unit() -> None:
    label = _line("资", (("令", 0.6), ("金", 0.3)), "(", (("干", 0.8), ("千", 0.15)), "元", ")")
    # in a bracket (a label's unit note), not in the label's words
    assert next_readings(label, "资令(干元)") == ["资令(千元)"]
    value = _line("8", ".", "8", "5", (("方", 0.7), ("万", 0.25)), "元")
    assert next_readings(value, "8.85方元") == ["8.85万元"]


def test_the_word_model_reads_the_dictionary_the_segmenter_loaded() -> None:
    from declform.normalize.dictionary import jieba_dictionary

    assert jieba_words()._tokenizer is jieba_dictionary()  # one load a process, not two


def test_char_choices_keep_what_blank_frames_nearly_read() -> None:
    charset = ["blank", "一", "级", "指", "标"]
    frames = np.array(
        [
            [0.84, 0.15, 0.0, 0.0, 0.01],  # 一 lost to the blank
            [0.99, 0.0, 0.01, 0.0, 0.0],
            [0.0, 0.0, 1.0, 0.0, 0.0],  # 级
            [0.8, 0.0, 0.19, 0.01, 0.0],  # 级's smear: no lost character
            [0.0, 0.0, 0.0, 1.0, 0.0],  # 指
            [0.0, 0.0, 0.0, 0.0, 1.0],  # 标
        ]
    )
    choices = char_choices(frames, charset)
    assert "".join(c.first for c in choices) == "级指标"
    assert [char for char, _ in choices[0].lost_before] == ["一"]
    assert choices[1].lost_before == () and choices[2].lost_before == ()


def _lost(char: str, lost: str) -> CharChoices:
    return CharChoices(((char, 0.99),), ((lost, 0.2),))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # put back where it joins a character that stood in no word into one
        ([_lost("级", "一"), *_line("指", "标")], "一级指标"),
        # the character after it already stands in a word: nothing to repair
        ([_lost("指", "一"), *_line("标")], "指标"),
        # never beside a figure (a unit's or a date's), never a glyph that is no Han character
        ([*_line("3"), _lost("级", "一"), *_line("指", "标")], "3级指标"),
        ([CharChoices((("级", 0.99),), (("-", 0.3),)), *_line("指", "标")], "级指标"),
        # joining nothing into a word: left out
        ([_lost("级", "的"), *_line("指", "标")], "级指标"),
    ],
)
def test_a_character_lost_to_a_blank_is_put_back_only_to_make_a_word(
    line: list[CharChoices], expected: str
) -> None:
    assert choose_reading(line, jieba_words()) == expected


def test_the_engine_puts_back_a_one_stroke_character_it_lost_to_a_blank(
    rapid_engine: OcrEngine,
) -> None:
    # a heavy photocopy's 一级指标 heading: the recogniser's frames give 一 at 0.15 against the
    # blank, and 级 stands in no word without it
    cell = cv2.imread(str(FIXTURES / "cell_photocopy_level1_heading.png"), cv2.IMREAD_GRAYSCALE)
    (reading,) = rapid_engine.read([CellImage(cell, "line")])
    assert reading.text == "一级指标"


def _unit(text: str, lost_at: int) -> list[CharChoices]:
    return [
        CharChoices(((char, 0.99),), (("/", 0.3),) if index == lost_at else ())
        for index, char in enumerate(text)
    ]


@pytest.mark.parametrize(
    ("text", "lost_at", "expected"),
    [
        # a rate unit is separated throughout: the separator lost before 月 comes back
        ("≤130元/人月", 7, "≤130元/人/月"),
        ("≤1429元/人年", 8, "≤1429元/人/年"),
        # no separator kept before it, or no figure: no rate unit to complete
        ("≤130元人月", 6, "≤130元人月"),
        ("按元/人月计", 4, "按元/人月计"),
    ],
)
def test_a_rate_unit_s_lost_separator_is_put_back(text: str, lost_at: int, expected: str) -> None:
    assert choose_reading(_unit(text, lost_at), jieba_words()) == expected


def test_the_engine_puts_back_a_rate_unit_s_separator(rapid_engine: OcrEngine) -> None:
    # a photocopy's ≤130元/人/月: the recogniser's frames give the second / at 0.31
    cell = cv2.imread(
        str(FIXTURES / "cell_photocopy_rate_unit_separator_lost.png"), cv2.IMREAD_GRAYSCALE
    )
    (reading,) = rapid_engine.read([CellImage(cell, "line")])
    assert reading.text == "≤130元/人/月"
