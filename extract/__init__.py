"""The driver: loading, grid detection, OCR, the pipeline and the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from declform.extract.pipeline import FileResult, PageOutcome, extract_file


def __getattr__(name: str) -> Any:
    """The pipeline loads on first use (OpenCV, pdfplumber): the command starts without it."""
    if name in __all__:
        from declform.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'declform.extract' has no attribute {name!r}")


__all__ = ["FileResult", "PageOutcome", "extract_file"]
