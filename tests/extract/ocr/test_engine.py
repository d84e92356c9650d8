"""What an engine gives: a cell's reading joined from its lines, and crops turned grey."""

from __future__ import annotations

import numpy as np
import pytest

from declform.extract.ocr.engine import EMPTY_READING, OcrLine, OcrReading, as_grey


def test_a_reading_joins_its_lines_and_weights_confidence_by_length() -> None:
    lines = [
        OcrLine("保障工作", (0, 0, 10, 5), 0.9),
        OcrLine("", (0, 5, 10, 9), 0.1),
        OcrLine("开展", (0, 10, 10, 15), 0.6),
    ]
    reading = OcrReading.from_lines(lines)
    assert reading.text == "保障工作开展"
    assert reading.confidence == pytest.approx((4 * 0.9 + 2 * 0.6) / 6)
    assert [line.text for line in reading.lines] == ["保障工作", "开展"]
    assert OcrReading.from_lines([]) == EMPTY_READING


def test_colour_crops_are_turned_grey() -> None:
    colour = np.zeros((4, 5, 3), dtype=np.uint8)
    colour[..., 2] = 255  # pure red in BGR
    grey = as_grey(colour)
    assert grey.shape == (4, 5)
    assert int(grey[0, 0]) == 76  # luminance of red


def test_a_cell_reading_drops_stray_marks_per_line_and_at_its_ends() -> None:
    reading = OcrReading.from_lines(
        [
            OcrLine("·保障市场经济政策运行，", (0, 0, 9, 9), 0.9),
            OcrLine("促进发展。·", (0, 9, 9, 18), 0.9),
        ]
    )
    assert reading.text == "保障市场经济政策运行，促进发展。"
    assert OcrReading.from_lines([OcrLine("·.", (0, 0, 9, 9), 0.9)]).text == ""
    wrapped = [
        OcrLine("，促进区域发展", (0, 0, 9, 9), 0.9),
        OcrLine("，提升效率", (0, 9, 9, 18), 0.9),
    ]
    assert OcrReading.from_lines(wrapped).text == "促进区域发展，提升效率"


def test_a_cell_reading_offers_each_lines_next_readings_in_the_whole_cell() -> None:
    reading = OcrReading.from_lines(
        [
            OcrLine("资金支付合格率", (0, 0, 9, 9), 0.9),
            OcrLine('≥98"·', (0, 9, 9, 18), 0.6, ("≥98%·", '≥93"·')),
        ]
    )
    assert reading.text == '资金支付合格率≥98"'
    assert reading.alternatives == ("资金支付合格率≥98%", '资金支付合格率≥93"')
    assert OcrReading.from_lines([OcrLine("≥95%", (0, 0, 9, 9), 0.9)]).alternatives == ()
