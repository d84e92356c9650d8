"""OCR of cell crops for the scan path: one interface and two engines (the tests' fake engines
live in tests/fakes.py).

The default is RapidOCR (PP-OCRv4 recognition on line crops): on crops rendered from the
seeds' cells it was the most accurate engine in every condition measured (clean, degraded
150 dpi, a red seal in grey or in the red channel) at about the same CPU time per cell as
Tesseract. `scripts/bench/cell_ocr.py` reproduces the measurement.
"""

from __future__ import annotations

from declform.extract.ocr.engine import CellImage, CellKind, OcrEngine, OcrLine, OcrReading
from declform.output.errors import EngineError

ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"


def build_engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    """The named engine, checked for presence now (EngineError with an install hint) rather
    than on the first page."""
    if name == "rapidocr":
        from declform.extract.ocr.rapid import RapidEngine

        return RapidEngine()
    if name == "tesseract":
        from declform.extract.ocr.tesseract import TesseractEngine

        return TesseractEngine()
    raise EngineError(f"unknown OCR engine {name!r}; choose one of: {', '.join(ENGINES)}")


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "CellImage",
    "CellKind",
    "OcrEngine",
    "OcrLine",
    "OcrReading",
    "build_engine",
]
