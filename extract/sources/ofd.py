"""OFD documents (GB/T 33190-2016, .ofd): read from their own XML, page by page.

Many government offices now publish born-digital documents as OFD rather than PDF. No Python
reader on PyPI gives what the grid reader needs (positioned text *and* ruling paths, with
templates and CTMs honoured): `ofdreader` 0.1.0 ships no code, `ofdkit` reads text runs only
(no paths, no images), `easyofd` converts to PDF through PyMuPDF and reportlab, `ofdparser` was
last released in 2023 with no licence. The format is a ZIP of XML, so it is read here with
zipfile and lxml (ofd_package.py: the package, ofd_content.py: what a page draws).

A page with text goes to the same vector grid code as a born-digital PDF page (glyphs and
ruling segments in points; cell boxes in page pixels at `dpi`, from the page's top-left), so
an OFD reads as the same record as the PDF it was exported beside. A page that is only images
(a scanned OFD, or one whose text is an earlier OCR over the scan) is handed to the scan path
like a scanned PDF page. Text carried only as glyph ids (CGTransform without characters)
cannot be read without the font: the page says so.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from declform.extract.sources.images import (
    MAX_PIXELS,
    RENDER_DPI,
    SCAN_IMAGE_COVER,
    PageImage,
    check_pixels,
    frame_array,
)
from declform.extract.sources.ofd_content import MM_TO_POINTS, PageDrawing, page_drawing
from declform.extract.sources.ofd_package import (
    MAX_MEDIA_BYTES,
    OfdPackage,
    PageEntry,
    child,
    children,
)
from declform.extract.vector.grid import vector_grids
from declform.layouts.grid import Grid
from declform.output import RecordWarning
from declform.output.codes import WarningCode

__all__ = ["OfdPage", "ofd_page_count", "read_ofd_page"]


_PAGE_COVER_TOLERANCE = 1.5  # points: an image this close to the page's box stands for it


@dataclass(frozen=True)
class OfdPage:
    """One page read: its grids (with doubts), or the scan it is made of."""

    number: int
    grids: tuple[Grid, ...] = ()
    scan: PageImage | None = None
    warnings: tuple[RecordWarning, ...] = ()


def ofd_page_count(path: Path) -> int:
    with OfdPackage(path) as package:
        return len(package.pages)


@dataclass(frozen=True)
class _Resources:
    media: dict[str, str]  # MultiMedia id → entry
    units: dict[str, etree._Element]  # CompositeGraphicUnit id → element


def _resources(package: OfdPackage, entry: PageEntry) -> _Resources:
    media: dict[str, str] = {}
    units: dict[str, etree._Element] = {}
    for name in entry.resources:
        if package.find(name) is None:
            continue  # a missing resource file: the images it names fail when drawn
        root = package.xml(name)
        folder = package.resolve(name, (root.get("BaseLoc") or ".") + "/x")
        for item in children(child(root, "MultiMedias"), "MultiMedia"):
            file = child(item, "MediaFile")
            if file is not None and file.text:
                media[item.get("ID", "")] = package.resolve(folder, file.text)
        for unit in children(child(root, "CompositeGraphicUnits"), "CompositeGraphicUnit"):
            units[unit.get("ID", "")] = unit
    return _Resources(media, units)


def _image(package: OfdPackage, entry: str) -> Image.Image:
    """An image resource opened, its size known and nothing decoded yet."""
    data = package.read(entry, MAX_MEDIA_BYTES)
    try:
        with warnings.catch_warnings():
            # the size is checked against our own limit before any pixel is decoded
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise package.error(f"image {entry} cannot be decoded ({exc})") from exc


def _decoded(package: OfdPackage, image: Image.Image) -> Image.Image:
    try:
        image.load()
    except OSError as exc:  # truncated data shows up only when decoded
        raise package.error(f"an image's data is damaged ({exc})") from exc
    return image


def _scan(
    package: OfdPackage,
    drawing: PageDrawing,
    media: dict[str, str],
    number: int,
    size: tuple[float, float],
) -> PageImage:
    """The page's images as the scanner saw the page: one image covering the page as it is,
    several (or a smaller one) pasted on white at the finest image's resolution."""
    placed = [(media[i.resource], i.box) for i in drawing.images if i.resource in media]
    if not placed:
        raise package.error("the page's images are missing from the package")
    images = [(_image(package, name), box) for name, box in placed]
    pixels = sum(image.width * image.height for image, _ in images)
    if pixels > MAX_PIXELS:  # one image or many: the page is decoded whole
        raise package.error(
            f"the page's images hold {pixels / 1e6:.0f} Mpx, above the "
            f"{MAX_PIXELS // 1_000_000} Mpx limit"
        )
    width_pt, height_pt = size
    if len(images) == 1:
        image, box = images[0]
        page_box = (0.0, 0.0, width_pt, height_pt)
        if all(abs(a - b) <= _PAGE_COVER_TOLERANCE for a, b in zip(box, page_box, strict=True)):
            dpi = round(image.width * 72 / width_pt, 2)
            return PageImage(number, frame_array(_decoded(package, image)), dpi)
    finest = max(image.width * 72 / max(box[2] - box[0], 1e-3) for image, box in images)
    scale = min(RENDER_DPI, finest) / 72
    canvas_size = (round(width_pt * scale), round(height_pt * scale))
    check_pixels(*canvas_size, package.path, number)
    canvas = Image.new("RGB", canvas_size, "white")
    for image, (x0, top, x1, bottom) in images:
        target = (max(1, round((x1 - x0) * scale)), max(1, round((bottom - top) * scale)))
        placed_image = _decoded(package, image).convert("RGB").resize(target)
        canvas.paste(placed_image, (round(x0 * scale), round(top * scale)))
    return PageImage(number, frame_array(canvas), round(scale * 72, 2))


def _cover(drawing: PageDrawing, size: tuple[float, float]) -> float:
    area = size[0] * size[1] or 1.0
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in (i.box for i in drawing.images))
    return min(1.0, covered / area)


def read_ofd_page(path: Path, number: int, dpi: float = 300.0) -> OfdPage:
    """Page `number` (1-based); raises InputError naming file and page when it cannot be read."""
    with OfdPackage(path) as package:
        entry = package.page(number)
        resources = _resources(package, entry)
        roots = [*(package.xml(name) for name in entry.templates), entry.root]
        drawing = page_drawing(roots, (entry.box[0], entry.box[1]), resources.units)
        size = (entry.box[2] * MM_TO_POINTS, entry.box[3] * MM_TO_POINTS)
        grids = vector_grids(drawing.glyphs, drawing.edges, page=number, dpi=dpi)
        text = any(str(glyph["text"]).strip() for glyph in drawing.glyphs)
        if grids or (text and _cover(drawing, size) < SCAN_IMAGE_COVER):
            return OfdPage(number, tuple(grids), warnings=_glyph_warnings(drawing, number))
        if drawing.images:
            return OfdPage(number, scan=_scan(package, drawing, resources.media, number, size))
        if drawing.glyph_only:
            raise package.error(
                f"its text is glyph ids only ({drawing.glyph_only} text object(s) with a "
                "CGTransform and no characters): it cannot be read without its fonts"
            )
        return OfdPage(number)


def _glyph_warnings(drawing: PageDrawing, number: int) -> tuple[RecordWarning, ...]:
    if not drawing.glyph_only:
        return ()
    return (
        RecordWarning(
            WarningCode.UNREADABLE_CELL,
            f"{drawing.glyph_only} text object(s) carry glyph ids only (a CGTransform over "
            "blank or private-use codes, no characters): their text is missing from the "
            "cells they print in",
            where=f"page {number}",
            page=number,
        ),
    )
