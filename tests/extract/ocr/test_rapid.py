"""The recogniser's line preparation (pure image logic; the live engine is in
test_real_engines.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from declform.extract.ocr import rapid
from declform.extract.ocr.rapid import _MODEL_HEIGHT, _prepare_line, stroke_width
from tests.extract.ocr.render import SANS, render

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("width", [2, 3, 5, 8])
def test_stroke_width_is_measured_on_drawn_strokes(width: int) -> None:
    line = np.full((48, 400), 255, dtype=np.uint8)
    for x in range(10, 390, 40):
        line[6:42, x : x + width] = 0
    assert stroke_width(line) == pytest.approx(width, rel=0.2)
    assert stroke_width(np.full((48, 400), 255, dtype=np.uint8)) == 0.0


def _ink(line: np.ndarray) -> int:
    return int((line[..., 0] < 128).sum())


def _ink_added_by_thickening(line: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> int:
    prepared = _prepare_line(line)
    with monkeypatch.context() as never_thickened:
        never_thickened.setattr(rapid, "_THICK_STROKE", 0.0)
        plain = _prepare_line(line)
    assert prepared.shape == plain.shape and prepared.shape[0] == _MODEL_HEIGHT
    return _ink(prepared) - _ink(plain)


def test_thin_low_resolution_print_is_thickened(monkeypatch: pytest.MonkeyPatch) -> None:
    thin = render(["项目资金≥95%"], font=SANS, size=22, margin=4)
    assert _ink_added_by_thickening(thin, monkeypatch) > 0.2 * _ink(_prepare_line(thin))


def test_heavy_low_resolution_print_is_not_thickened(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 108 dpi fax's line, whose dense characters thickening would close up
    heavy = cv2.imread(str(FIXTURES / "line_fax7_dense_project.png"), cv2.IMREAD_GRAYSCALE)
    assert _ink_added_by_thickening(heavy, monkeypatch) == 0


def test_a_mark_the_ink_does_not_show_is_dropped_from_the_reading_and_its_choices() -> None:
    from declform.extract.ocr.lexicon import CharChoices
    from declform.extract.ocr.rapid import _drop_specks
    from tests.extract.ocr.render import render

    line = render(["≥95%"], size=29, margin=6)
    line = np.hstack((line, np.full((line.shape[0], 29), 255, np.uint8)))  # clean paper after
    text = "≥95%:"
    places = [0.1, 0.25, 0.4, 0.55, 0.85]  # the colon read over the blank paper
    choices = [CharChoices(((char, 0.99),)) for char in text]
    (kept, confidence, kept_choices, kept_places), raw = _drop_specks(
        line, (text, 0.9, choices, places)
    )
    assert (kept, raw, confidence) == ("≥95%", "≥95%:", 0.9)
    assert "".join(c.first for c in kept_choices) == "≥95%" and kept_places == places[:4]
    # a reading whose choices do not spell it (the decoder merged characters) is left alone
    assert _drop_specks(line, (text, 0.9, choices[:4], places[:4]))[1] == ""


def test_char_places_follow_the_recognisers_frames() -> None:
    from declform.extract.ocr.rapid import char_places

    frames = np.zeros((24, 5), np.float32)  # 24 frames of 8 px: a line padded to 192 px
    frames[:, 0] = 1  # blank
    for frame, label in ((2, 1), (3, 1), (10, 2)):  # one character over two frames, then one
        frames[frame] = np.eye(5)[label]
    # a 96 px wide line (ratio 2 at 48 px) in a batch padded to ratio 4
    assert char_places(frames, 2.0, 4.0) == pytest.approx([2.5 * 8 / 96, 10.5 * 8 / 96])
