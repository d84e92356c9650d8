"""Loading input files: PDFs through pdfplumber; every failure names the file and page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from declform.output.errors import InputError

PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})
SUPPORTED_SUFFIXES = PDF_SUFFIXES | IMAGE_SUFFIXES


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def open_pdf(path: Path) -> Iterator[PDF]:
    """Open a PDF, turning pdfminer's many failure types into one InputError."""
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("file is empty (0 bytes)", path=str(path))
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError("PDF is encrypted; decrypt it first", path=str(path)) from exc
    except (PdfminerException, PDFSyntaxError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputError("PDF is encrypted; decrypt it first", path=str(path)) from exc
        raise InputError(f"not a readable PDF ({cause!r})", path=str(path)) from exc
    except Exception as exc:  # pdfminer raises bare exceptions on some corrupt files
        raise InputError(f"not a readable PDF ({exc!r})", path=str(path)) from exc
    try:
        yield pdf
    finally:
        pdf.close()
