"""Loading page images: image files (multi-page TIFF included) and PDF pages rendered for OCR.

Every page comes out as a `PageImage` in BGR (colour kept for ink separation) with its DPI.
Images above `MAX_PIXELS` are refused before they are decoded (decompression bombs).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageSequence, UnidentifiedImageError

from output.errors import InputError

MAX_PIXELS = 120_000_000  # A3 at 600 dpi is 70 Mpx; beyond this a page is hostile or a mistake
RENDER_DPI = 300.0
A4_LONG_SIDE_INCHES = 11.69


@dataclass(frozen=True)
class PageImage:
    page: int
    image: NDArray[np.uint8]  # BGR, or grey for single-channel scans
    dpi: float


def _to_array(frame: Image.Image) -> NDArray[np.uint8]:
    if frame.mode in ("1", "L", "I;16", "I", "F"):
        grey = frame.convert("L")
        return np.asarray(grey, dtype=np.uint8).copy()
    rgb = np.asarray(frame.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _dpi_of(frame: Image.Image) -> float:
    dpi = frame.info.get("dpi")
    if dpi and float(dpi[0]) >= 50:
        return float(dpi[0])
    # no usable resolution stored: assume the page is A4 (the forms are)
    return max(frame.size) / A4_LONG_SIDE_INCHES


def check_pixels(width: int, height: int, path: Path, page: int) -> None:
    if width * height > MAX_PIXELS:
        raise InputError(
            f"image is {width}×{height} px, above the {MAX_PIXELS // 1_000_000} Mpx limit",
            path=str(path),
            page=page,
        )


def _open_image(path: Path) -> Image.Image:
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("file is empty (0 bytes)", path=str(path))
    try:
        with warnings.catch_warnings():
            # the size is checked against our own limit before any pixel is decoded
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise InputError(f"image is too large to read safely ({exc})", path=str(path)) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"not a readable image ({exc})", path=str(path)) from exc


def _decode(frame: Image.Image, path: Path, index: int) -> PageImage:
    check_pixels(frame.width, frame.height, path, index)
    try:
        array = _to_array(frame)
    except OSError as exc:  # truncated data shows up only when decoded
        raise InputError(f"image data is damaged ({exc})", path=str(path), page=index) from exc
    return PageImage(index, array, _dpi_of(frame))


def read_image_file(path: Path) -> Iterator[PageImage]:
    """Pages of an image file; a multi-page TIFF yields one PageImage per frame."""
    with _open_image(path) as image:
        for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
            yield _decode(frame, path, index)


def image_page_count(path: Path) -> int:
    """How many pages (frames) an image file holds, without decoding any pixel."""
    with _open_image(path) as image:
        return int(getattr(image, "n_frames", 1))


def read_image_page(path: Path, page: int) -> PageImage:
    """One page (1-based) of an image file: a batch reads each page in its own task."""
    with _open_image(path) as image:
        count = int(getattr(image, "n_frames", 1))
        if not 1 <= page <= count:
            raise InputError(f"no page {page} (the image has {count})", path=str(path), page=page)
        try:
            image.seek(page - 1)
        except (EOFError, OSError) as exc:
            raise InputError(f"cannot reach this page ({exc})", path=str(path), page=page) from exc
        return _decode(image, path, page)
