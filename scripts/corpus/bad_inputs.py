"""Hostile and broken inputs for batch tests and scripts/bench/batch.py: one maker per kind.

Each maker writes one file and returns its path. What a batch must do with each kind:

    zero_byte      fail: "file is empty"
    truncated_pdf  fail (the file or its pages): the PDF is cut in the middle
    encrypted_pdf  fail: "PDF is encrypted"
    corrupt_pdf    fail: "not a readable PDF"
    text_as_png    fail: "not a readable image"
    no_table_pdf   done, its page not-a-form: "no ruled table on the page"
    huge_png       fail: a 20000×20000 px PNG (a 30 kB decompression bomb) refused unread
    rotated_scan   done: a scan turned by a quarter turn is put upright (warning page_rotated)
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

HUGE_SIDE = 20_000


def zero_byte(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    target.write_bytes(b"")
    return target


def truncated_pdf(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    data = good_pdf.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 5])
    return target


def encrypted_pdf(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(good_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def corrupt_pdf(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    data = bytearray(good_pdf.read_bytes())
    # keep the header, scramble the body: the cross-reference table points at garbage
    middle = bytes((b * 7 + 13) % 256 for b in data[20:])
    target.write_bytes(bytes(data[:20]) + middle)
    return target


def text_as_png(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    target.write_text("This is a text file with a .png name.\n" * 20, encoding="utf-8")
    return target


def no_table_pdf(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(target), invariant=True)
    page.drawString(72, 720, "Minutes of the meeting: no declaration form on this page.")
    page.save()
    return target


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    """A valid one-colour 1-bit PNG of 20000×20000 px: 400 Mpx behind a few kB of zlib."""
    row = b"\x00" + b"\xff" * (HUGE_SIDE // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(HUGE_SIDE)) + packer.flush()
    header = struct.pack(">IIBBBBB", HUGE_SIDE, HUGE_SIDE, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
    target.write_bytes(png + _chunk(b"IEND", b""))
    return target


def rotated_scan(target: Path, good_pdf: Path, scan_png: Path) -> Path:
    """The scan turned a quarter turn clockwise, as a sheet fed sideways."""
    import cv2

    image = cv2.imread(str(scan_png), cv2.IMREAD_UNCHANGED)
    turned = np.ascontiguousarray(np.rot90(image, k=-1))
    cv2.imwrite(str(target.with_suffix(".png")), turned)
    return target.with_suffix(".png")


Maker = Callable[[Path, Path, Path], Path]
BAD_INPUTS: dict[str, tuple[str, Maker]] = {
    "zero_byte": (".pdf", zero_byte),
    "truncated_pdf": (".pdf", truncated_pdf),
    "encrypted_pdf": (".pdf", encrypted_pdf),
    "corrupt_pdf": (".pdf", corrupt_pdf),
    "text_as_png": (".png", text_as_png),
    "no_table_pdf": (".pdf", no_table_pdf),
    "huge_png": (".png", huge_png),
    "rotated_scan": (".png", rotated_scan),
}


def make_bad_input(kind: str, folder: Path, name: str, good_pdf: Path, scan_png: Path) -> Path:
    """Write one bad input of `kind` as folder/<name><suffix>, made from the given good files."""
    suffix, maker = BAD_INPUTS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    return maker(folder / f"{name}{suffix}", good_pdf, scan_png)
