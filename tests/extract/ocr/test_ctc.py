"""The CTC reading's extras (extract/ocr/ctc.py): each character's place, and the reading
without the marks the ink shows to be specks."""

from __future__ import annotations

import numpy as np
import pytest

from declform.extract.ocr.ctc import char_places, without_specks
from declform.extract.ocr.lexicon import CharChoices
from tests.extract.ocr.render import render


def test_a_mark_the_ink_does_not_show_is_dropped_from_the_reading_and_its_choices() -> None:
    line = render(["≥95%"], size=29, margin=6)
    line = np.hstack((line, np.full((line.shape[0], 29), 255, np.uint8)))  # clean paper after
    text = "≥95%:"
    places = [0.1, 0.25, 0.4, 0.55, 0.85]  # the colon read over the blank paper
    choices = [CharChoices(((char, 0.99),)) for char in text]
    (kept, confidence, kept_choices, kept_places), raw = without_specks(
        line, (text, 0.9, choices, places)
    )
    assert (kept, raw, confidence) == ("≥95%", "≥95%:", 0.9)
    assert "".join(c.first for c in kept_choices) == "≥95%" and kept_places == places[:4]
    # a reading whose choices do not spell it (the decoder merged characters) is left alone
    assert without_specks(line, (text, 0.9, choices[:4], places[:4]))[1] == ""


def test_char_places_follow_the_recognisers_frames() -> None:
    frames = np.zeros((24, 5), np.float32)  # 24 frames of 8 px: a line padded to 192 px
    frames[:, 0] = 1  # blank
    for frame, label in ((2, 1), (3, 1), (10, 2)):  # one character over two frames, then one
        frames[frame] = np.eye(5)[label]
    # a 96 px wide line (ratio 2 at 48 px) in a batch padded to ratio 4
    assert char_places(frames, 2.0, 4.0) == pytest.approx([2.5 * 8 / 96, 10.5 * 8 / 96])
