"""A PDF content stream that inflates beyond the ceiling fails its page, not the worker."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from declform.extract.pipeline import Extractor
from declform.extract.sources import pdf_limits
from declform.extract.sources.pdf import release_shared_pdf


def _pdf_with_stream(path: Path, content: bytes) -> Path:
    """A one-page PDF whose content stream is `content`, Flate-compressed."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_bounded_decompress_inflates_like_zlib_below_the_ceiling() -> None:
    data = b"0 0 m 10 10 l S\n" * 100_000
    assert pdf_limits.bounded_decompress(zlib.compress(data)) == data
    with pytest.raises(zlib.error):
        pdf_limits.bounded_decompress(zlib.compress(data)[:100])


def test_a_content_stream_bomb_fails_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_limits, "MAX_STREAM_BYTES", 2**20)
    bomb = _pdf_with_stream(tmp_path / "bomb.pdf", b" " * (8 * 2**20))  # 8 MiB of blanks
    assert bomb.stat().st_size < 20_000
    try:
        read = Extractor().read_page(bomb, 1)
    finally:
        release_shared_pdf()
    assert read.failure is not None and "inflates beyond 1 MiB" in read.failure
    calm = _pdf_with_stream(tmp_path / "calm.pdf", b" " * 1000)
    try:
        assert Extractor().read_page(calm, 1).failure is None
    finally:
        release_shared_pdf()
