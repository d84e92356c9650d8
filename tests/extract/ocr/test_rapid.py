"""The recogniser's line preparation (pure image logic; the live engine is in
test_real_engines.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from declform.extract.ocr import rapid
from declform.extract.ocr.ctc import MODEL_HEIGHT
from declform.extract.ocr.rapid import _prepare_line, stroke_width
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
    assert prepared.shape == plain.shape and prepared.shape[0] == MODEL_HEIGHT
    return _ink(prepared) - _ink(plain)


def test_thin_low_resolution_print_is_thickened(monkeypatch: pytest.MonkeyPatch) -> None:
    thin = render(["项目资金≥95%"], font=SANS, size=22, margin=4)
    assert _ink_added_by_thickening(thin, monkeypatch) > 0.2 * _ink(_prepare_line(thin))


def test_heavy_low_resolution_print_is_not_thickened(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 108 dpi fax's line, whose dense characters thickening would close up
    heavy = cv2.imread(str(FIXTURES / "line_fax7_dense_project.png"), cv2.IMREAD_GRAYSCALE)
    assert _ink_added_by_thickening(heavy, monkeypatch) == 0


