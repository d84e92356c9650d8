"""Loading page images: image files (multi-page TIFF included), and the scan inside a PDF page.

Every page comes out as a `PageImage` in BGR (colour kept for ink separation) or grey, with its
DPI. Images above `MAX_PIXELS` are refused before they are decoded (decompression bombs).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber.page
import pypdfium2
import pypdfium2.raw as pdfium_c
from numpy.typing import NDArray
from PIL import Image, ImageSequence, UnidentifiedImageError

from declform.output.errors import InputError

MAX_PIXELS = 120_000_000  # A3 at 600 dpi is 70 Mpx; beyond this a page is hostile or a mistake
RENDER_DPI = 300.0
SCAN_IMAGE_COVER = 0.5  # a page this much covered by images is a scan, whatever text it carries
A4_LONG_SIDE_INCHES = 11.69
# A scan placed on a PDF page must cover it to within this many points to stand for the page.
_PAGE_COVER_TOLERANCE = 1.5
# Image keys that change what is shown beyond the decoded pixels (transparency, stencils,
# remapped values): such a page is rendered instead.
_SHOWN_DIFFERENTLY = frozenset({"SMask", "Mask", "ImageMask", "Decode", "SMaskInData"})


@dataclass(frozen=True)
class PageImage:
    page: int
    image: NDArray[np.uint8]  # BGR, or grey for single-channel scans
    dpi: float


def frame_array(frame: Image.Image) -> NDArray[np.uint8]:
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
        array = frame_array(frame)
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


def _covers_page(bounds: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    return all(abs(a - b) <= _PAGE_COVER_TOLERANCE for a, b in zip(bounds, box, strict=True))


def _only_the_image(page: pypdfium2.PdfPage) -> pypdfium2.PdfImage | None:
    """The page's one image when nothing else on it shows (invisible text, an earlier OCR
    layer, may lie over it)."""
    images = []
    for obj in page.get_objects(max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(obj)
        elif not (
            obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT
            and pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
            == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        ):
            return None
    return images[0] if len(images) == 1 else None


def embedded_scan(page: pdfplumber.page.Page, number: int, path: Path) -> PageImage | None:
    """The scan a PDF page is made of, decoded at its own resolution, or None when the page
    must be rendered: it shows anything besides one upright image covering it, the image has
    a mask or a decode map, or its resolution is above `RENDER_DPI` (rendering reduces it).

    Rendering a 200 dpi scan at 300 dpi would cost time twice, once to render and again in
    every later step on the 2.25 times larger page, and add nothing but interpolation; a
    grey scan would also come back as colour, which ink separation then has to undo.
    """
    if page.rotation % 360 or len(page.images) != 1:
        return None
    if _SHOWN_DIFFERENTLY & set(page.images[0]["stream"].attrs):
        return None
    source = page.pdf.path or page.pdf.stream
    document = pypdfium2.PdfDocument(source, password=page.pdf.password)
    try:
        pdf_page = document[page.page_number - 1]
        image = _only_the_image(pdf_page)
        if image is None or not _covers_page(image.get_bounds(), pdf_page.get_cropbox()):
            return None
        a, b, c, d, _, _ = image.get_matrix().get()
        if a <= 0 or d <= 0 or b or c:  # turned, mirrored or sheared on the page
            return None
        width, height = image.get_px_size()
        dpi, dpi_y = 72 * width / a, 72 * height / d
        if not 50 <= dpi <= RENDER_DPI * 1.02 or abs(dpi - dpi_y) > 0.02 * dpi:
            return None
        check_pixels(width, height, path, number)
        bitmap = image.get_bitmap(render=False)
        pixels = bitmap.to_numpy()
        if bitmap.format == pdfium_c.FPDFBitmap_Gray:
            array = pixels.copy()
        elif bitmap.format in (pdfium_c.FPDFBitmap_BGR, pdfium_c.FPDFBitmap_BGRx):
            array = np.ascontiguousarray(pixels[:, :, :3])  # pdfium's bitmaps are BGR
        else:  # with an alpha channel: let the renderer composite it
            return None
        if array.shape[:2] != (height, width):
            return None
        return PageImage(number, array.astype(np.uint8, copy=False), round(dpi, 2))
    finally:
        document.close()
