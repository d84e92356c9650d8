"""The fake engine replays recorded readings; the recording engine writes them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from declform.extract.ocr import CellImage, OcrLine, OcrReading
from declform.output.errors import EngineError
from tests.fakes import FakeEngine, RecordingEngine, crop_key


def _crop(value: int, shape: tuple[int, int] = (20, 40)) -> CellImage:
    return CellImage(np.full(shape, value, dtype=np.uint8), "line")


def _reading(text: str) -> OcrReading:
    return OcrReading(text, 0.9, (OcrLine(text, (1, 2, 30, 18), 0.9),))


def test_crop_keys_follow_the_pixels() -> None:
    assert crop_key(_crop(200).image) == crop_key(_crop(200).image)
    assert crop_key(_crop(200).image) != crop_key(_crop(201).image)
    # same bytes, other shape: another crop
    assert crop_key(_crop(200, (40, 20)).image) != crop_key(_crop(200).image)


def test_readings_are_found_by_crop_then_by_order() -> None:
    keyed = {crop_key(_crop(10).image): _reading("项目名称")}
    engine = FakeEngine(by_key=keyed, in_order=[_reading("≥95%"), _reading("150.00")])
    got = engine.read([_crop(50), _crop(10), _crop(60)])
    assert [r.text for r in got] == ["≥95%", "项目名称", "150.00"]
    assert engine.calls == 1


def test_a_crop_nobody_recorded_is_an_error_unless_a_default_is_given() -> None:
    with pytest.raises(EngineError, match="no recorded reading"):
        FakeEngine().read([_crop(1)])
    empty = OcrReading("", 0.0)
    assert FakeEngine(default=empty).read([_crop(1)]) == [empty]


class _Echo:
    """A stand-in real engine: reads a crop as its grey level."""

    name = "echo"

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        return [_reading(str(int(cell.image[0, 0]))) for cell in cells]


def test_a_recording_replays_the_same_readings(tmp_path: Path) -> None:
    recorder = RecordingEngine(_Echo())
    cells = [_crop(30), _crop(40)]
    live = recorder.read(cells)
    path = tmp_path / "page1.ocr.json"
    recorder.save(path)
    replayed = FakeEngine.load(path).read(list(reversed(cells)))
    assert replayed == list(reversed(live))
    assert replayed[0].lines[0].bbox == (1, 2, 30, 18)


def test_a_json_list_replays_in_order(tmp_path: Path) -> None:
    path = tmp_path / "ordered.json"
    path.write_text(
        '[{"text": "项目名称", "confidence": 0.8}, {"text": "≥95%", "confidence": 0.7}]'
    )
    got = FakeEngine.load(path).read([_crop(1), _crop(2)])
    assert [(r.text, r.confidence) for r in got] == [("项目名称", 0.8), ("≥95%", 0.7)]


def test_an_unreadable_recording_is_an_engine_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(EngineError, match="cannot read OCR recording"):
        FakeEngine.load(path)
