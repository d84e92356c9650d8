"""A ceiling on what one PDF stream may inflate to.

pdfminer inflates every Flate stream whole (`zlib.decompress`): a 1.9 MB PDF whose content
stream inflates to 2 GB took a worker to 5.3 GB of memory. The guard swaps the `zlib` pdfminer
sees for one whose output stops at MAX_STREAM_BYTES and raises StreamTooLarge (not a
zlib.error, which pdfminer would swallow and retry byte by byte). The page fails with that
reason; the worker and the batch go on. Images inside the PDF are streams too, so the ceiling
matches the image files' guard: 120 Mpx at three bytes a pixel.
"""

from __future__ import annotations

import zlib
from types import SimpleNamespace
from typing import Any

import pdfminer.pdftypes

from declform.output.errors import InputError

MAX_STREAM_BYTES = 384 * 2**20
_CHUNK = 16 * 2**20


class StreamTooLarge(InputError):
    """A PDF stream inflates beyond MAX_STREAM_BYTES (a decompression bomb)."""


def _too_large() -> StreamTooLarge:
    return StreamTooLarge(
        f"a PDF stream inflates beyond {MAX_STREAM_BYTES // 2**20} MiB (a decompression bomb?)"
    )


class _BoundedInflater:
    """zlib.decompressobj that raises once its output passes the ceiling."""

    def __init__(self, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        chunk = self._inner.decompress(data, MAX_STREAM_BYTES - self._out + 1)
        self._out += len(chunk)
        if self._out > MAX_STREAM_BYTES:
            raise _too_large()
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def bounded_decompress(data: bytes, *args: Any) -> bytes:
    """zlib.decompress with the ceiling, inflating a chunk at a time."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    pending = data
    while True:
        chunk = inflater.decompress(pending, _CHUNK)
        total += len(chunk)
        if total > MAX_STREAM_BYTES:
            raise _too_large()
        parts.append(chunk)
        pending = inflater.unconsumed_tail
        if not pending:
            break
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says it
    return b"".join(parts) + inflater.flush()


def install() -> None:
    """Give pdfminer the bounded zlib (idempotent; every process that opens PDFs does it)."""
    bounded = SimpleNamespace(
        decompress=bounded_decompress, decompressobj=_BoundedInflater, error=zlib.error,
        MAX_WBITS=zlib.MAX_WBITS,
    )
    setattr(pdfminer.pdftypes, "zlib", bounded)  # noqa: B010 (not an exported name)
