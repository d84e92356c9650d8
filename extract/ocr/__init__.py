"""OCR of cell crops for the scan path: one interface, two engines, a fake for tests.

The default is RapidOCR (PP-OCRv4 recognition on line crops): on crops rendered from the
seeds' cells it was the most accurate engine in every condition measured (clean, degraded
150 dpi, a red seal in grey or in the red channel) at about the same CPU time per cell as
Tesseract. `scripts/bench_cell_ocr.py` reproduces the measurement.
"""

from __future__ import annotations

from extract.ocr.base import CellImage, CellKind, OcrEngine, OcrLine, OcrReading
from extract.ocr.fake import FakeEngine, RecordingEngine
from output.errors import EngineError

ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"


def build_engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    """The named engine, checked for presence now (EngineError with an install hint) rather
    than on the first page."""
    if name == "rapidocr":
        from extract.ocr.rapid import RapidEngine

        return RapidEngine()
    if name == "tesseract":
        from extract.ocr.tesseract import TesseractEngine

        return TesseractEngine()
    raise EngineError(f"unknown OCR engine {name!r}; choose one of: {', '.join(ENGINES)}")


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "CellImage",
    "CellKind",
    "FakeEngine",
    "OcrEngine",
    "OcrLine",
    "OcrReading",
    "RecordingEngine",
    "build_engine",
]
