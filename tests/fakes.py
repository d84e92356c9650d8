"""Replay recorded OCR readings so that pipeline tests run without an OCR engine.

Readings are found by a hash of the crop's pixels (stable for a deterministic renderer and
cropper), else handed out in the order they were recorded. `RecordingEngine` wraps a real
engine once to write such a recording.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from declform.extract.ocr.engine import CellImage, OcrEngine, OcrLine, OcrReading
from declform.output.errors import EngineError


def crop_key(image: np.ndarray) -> str:
    """A hash of the crop's shape and pixels: equal crops give equal keys."""
    pixels = np.ascontiguousarray(image)
    digest = hashlib.sha1(f"{pixels.shape}{pixels.dtype}".encode())
    digest.update(pixels.tobytes())
    return digest.hexdigest()[:16]


def reading_to_dict(reading: OcrReading) -> dict[str, Any]:
    return {
        "text": reading.text,
        "confidence": reading.confidence,
        "lines": [
            {"text": line.text, "bbox": list(line.bbox), "confidence": line.confidence}
            for line in reading.lines
        ],
    }


def reading_from_dict(data: Mapping[str, Any]) -> OcrReading:
    lines = tuple(
        OcrLine(
            text=str(line["text"]),
            bbox=(
                int(line["bbox"][0]),
                int(line["bbox"][1]),
                int(line["bbox"][2]),
                int(line["bbox"][3]),
            ),
            confidence=float(line["confidence"]),
        )
        for line in data.get("lines", ())
    )
    return OcrReading(text=str(data["text"]), confidence=float(data["confidence"]), lines=lines)


class FakeEngine:
    """Gives back recorded readings: by crop hash first, then in recorded order.

    A crop with neither is an error (the recording is stale) unless a `default` is given.
    """

    name = "fake"

    def __init__(
        self,
        by_key: Mapping[str, OcrReading] | None = None,
        in_order: Iterable[OcrReading] = (),
        default: OcrReading | None = None,
    ) -> None:
        self._by_key = dict(by_key or {})
        self._queue = deque(in_order)
        self._default = default
        self.calls = 0

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        self.calls += 1
        return [self._reading_for(cell) for cell in cells]

    def _reading_for(self, cell: CellImage) -> OcrReading:
        key = crop_key(cell.image)
        if key in self._by_key:
            return self._by_key[key]
        if self._queue:
            return self._queue.popleft()
        if self._default is not None:
            return self._default
        raise EngineError(f"the fake OCR engine has no recorded reading for crop {key}")

    @classmethod
    def load(cls, path: Path, default: OcrReading | None = None) -> FakeEngine:
        """Readings saved by `RecordingEngine.save` (keyed) or a JSON list (in order)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise EngineError(f"cannot read OCR recording: {error}", path=str(path)) from error
        if isinstance(data, list):
            return cls(in_order=[reading_from_dict(item) for item in data], default=default)
        by_key = {key: reading_from_dict(item) for key, item in data["readings"].items()}
        return cls(by_key=by_key, default=default)


class RecordingEngine:
    """Wraps a real engine and keeps every reading under its crop's key."""

    def __init__(self, engine: OcrEngine) -> None:
        self._engine = engine
        self.name = engine.name
        self.recorded: dict[str, OcrReading] = {}

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        readings = self._engine.read(cells)
        for cell, reading in zip(cells, readings, strict=True):
            self.recorded[crop_key(cell.image)] = reading
        return readings

    def save(self, path: Path) -> None:
        readings = {key: reading_to_dict(r) for key, r in sorted(self.recorded.items())}
        document = {"engine": self.name, "readings": readings}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
