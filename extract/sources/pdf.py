"""Loading input files: PDFs through pdfplumber; every failure names the file and page."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from declform.extract.sources import pdf_limits
from declform.extract.sources.spreadsheet import SPREADSHEET_SUFFIXES
from declform.extract.sources.word import WORD_SUFFIXES
from declform.output.errors import InputError, describe

pdf_limits.install()  # every process that opens a PDF: no stream inflates without a ceiling

PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})
OFD_SUFFIXES = frozenset({".ofd"})  # read by sources/ofd.py (lxml: imported for OFD inputs only)
SUPPORTED_SUFFIXES = (
    PDF_SUFFIXES | IMAGE_SUFFIXES | SPREADSHEET_SUFFIXES | WORD_SUFFIXES | OFD_SUFFIXES
)


def file_sha256(path: Path) -> str:
    """The file's sha256. Only a regular file is read: opened without blocking and checked
    after opening (a FIFO or device swapped in since the scan would block, or never end);
    OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        digest = hashlib.sha256()
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def open_pdf(path: Path) -> Iterator[PDF]:
    """Open a PDF, turning pdfminer's many failure types into one InputError."""
    pdf = _open(path)
    try:
        yield pdf
    finally:
        pdf.close()


# Per thread: a Dask worker may run tasks in several threads, and a PDF is not thread-safe.
_SHARED = threading.local()


def shared_pdf(path: Path) -> PDF:
    """The PDF at `path`, opened once per worker thread and kept open for its next pages.

    A batch sends a file's pages to its workers one task at a time; opening the file for each
    would parse its page tree once per page (pdfplumber builds every page object to reach one),
    quadratic in the page count — 400 pages took 66 s. Kept open, each worker parses it once.
    The file is known by path, size, mtime and inode: a file changed in between is reopened.
    Only the last file is kept, so a worker holds one file open at a time."""
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
    held: tuple[tuple[str, int, int, int], PDF] | None = getattr(_SHARED, "held", None)
    if held is not None and held[0] == key:
        return held[1]
    release_shared_pdf()
    pdf = _open(path)
    _SHARED.held = (key, pdf)
    return pdf


def release_shared_pdf() -> None:
    held = getattr(_SHARED, "held", None)
    _SHARED.held = None
    if held is not None:
        held[1].close()


def _open(path: Path) -> PDF:
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
        raise InputError(f"not a readable PDF ({describe(cause)})", path=str(path)) from exc
    except Exception as exc:  # pdfminer raises bare exceptions on some corrupt files
        raise InputError(f"not a readable PDF ({describe(exc)})", path=str(path)) from exc
    return pdf
