"""The driver: loading, grid detection, OCR, the pipeline and the CLI."""

from declform.extract.pipeline import FileResult, PageOutcome, extract_file

__all__ = ["FileResult", "PageOutcome", "extract_file"]
