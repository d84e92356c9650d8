"""Scanned PDF pages: the scan inside is taken at its own resolution when it is all the page
shows, else the page is rendered (PDFs made here with Pillow and reportlab)."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from numpy.typing import NDArray
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from declform.extract.pdf_page import render_page
from declform.extract.sources.images import RENDER_DPI, PageImage
from declform.output.errors import InputError


def _scan(dpi: int) -> NDArray[np.uint8]:
    """A grey A5-ish page at `dpi` with a few dark bars standing for print."""
    height, width = round(8.27 * dpi), round(5.83 * dpi)
    page = np.full((height, width), 250, np.uint8)
    for k in range(5):
        y = height // 6 * (k + 1)
        page[y : y + dpi // 10, width // 8 : width * 7 // 8] = 20
    return page


def _read(pdf: Path) -> PageImage:
    with pdfplumber.open(pdf) as document:
        return render_page(document.pages[0], 1, pdf)


def _image_pdf(tmp_path: Path, pixels: NDArray[np.uint8], dpi: int) -> Path:
    pdf = tmp_path / "scan.pdf"
    Image.fromarray(pixels).save(pdf, resolution=float(dpi))
    return pdf


def test_a_scan_only_page_gives_the_scan_at_its_own_resolution(tmp_path: Path) -> None:
    pixels = _scan(200)
    page = _read(_image_pdf(tmp_path, pixels, 200))
    assert abs(page.dpi - 200) < 0.5
    assert page.image.shape == pixels.shape  # grey stays grey, nothing resampled
    assert np.abs(page.image.astype(int) - pixels).mean() < 2  # the scan's own (JPEG) pixels


def test_a_scan_finer_than_the_render_resolution_is_rendered(tmp_path: Path) -> None:
    page = _read(_image_pdf(tmp_path, _scan(400), 400))
    assert page.dpi == RENDER_DPI


def _canvas_pdf(tmp_path: Path, pixels: NDArray[np.uint8], invisible_text: bool) -> Path:
    pdf = tmp_path / "drawn.pdf"
    width, height = pixels.shape[1] * 72 / 150, pixels.shape[0] * 72 / 150
    canvas = Canvas(str(pdf), pagesize=(width, height))
    canvas.drawImage(ImageReader(Image.fromarray(pixels)), 0, 0, width, height)
    if invisible_text:  # an earlier OCR's text layer
        text = canvas.beginText(20, 20)
        text.setTextRenderMode(3)
        text.textLine("OCR layer")
        canvas.drawText(text)
    else:  # something the page shows besides the scan
        canvas.line(10, 10, width - 10, 10)
    canvas.save()
    return pdf


def test_invisible_text_over_the_scan_still_gives_the_scan(tmp_path: Path) -> None:
    pixels = _scan(150)
    page = _read(_canvas_pdf(tmp_path, pixels, invisible_text=True))
    assert abs(page.dpi - 150) < 0.5 and page.image.shape[:2] == pixels.shape


def test_a_page_that_shows_more_than_its_scan_is_rendered(tmp_path: Path) -> None:
    page = _read(_canvas_pdf(tmp_path, _scan(150), invisible_text=False))
    assert page.dpi == RENDER_DPI and page.image.ndim == 3


def _pdf_with_image_of(tmp_path: Path, width: int, height: int) -> Path:
    """A one-page PDF drawing one grey image XObject that declares `width` × `height` pixels
    (its stream holds a few bytes: nothing here may try to decode it)."""
    data = zlib.compress(bytes(64))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length 30 >>\nstream\nq 420 0 0 595 0 0 cm /Im1 Do Q\nendstream",
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace"
        f" /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\n"
        "stream\n".encode()
        + data
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(bytes(out))
    return pdf


def test_an_image_inside_a_pdf_above_the_pixel_limit_is_refused_undecoded(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Mpx limit") as refused:
        _read(_pdf_with_image_of(tmp_path, 40_000, 40_000))  # 1600 Mpx in 90 bytes
    assert refused.value.page == 1 and "bomb.pdf" in str(refused.value.path)
