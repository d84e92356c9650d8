"""The driver: loading, grid detection, OCR, the pipeline and the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from declform.output.lazy import lazy_attributes

if TYPE_CHECKING:
    from declform.extract.pipeline import FileResult, PageOutcome, extract_file

# The pipeline loads on first use (OpenCV, pdfplumber): the command starts without it.
__getattr__ = lazy_attributes(
    __name__, dict.fromkeys(("FileResult", "PageOutcome", "extract_file"), f"{__name__}.pipeline")
)


__all__ = ["FileResult", "PageOutcome", "extract_file"]
