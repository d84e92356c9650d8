"""One page of a PDF, before it is read: its grids from the text layer when it is born digital,
else the image the scan path reads (the scan it is made of, or the page rendered). The review
site asks the same questions to rebuild the frame a record's cell boxes refer to."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber.page

from declform.extract.sources.images import (
    RENDER_DPI,
    SCAN_IMAGE_COVER,
    PageImage,
    check_pixels,
    embedded_scan,
)
from declform.extract.vector.grid import page_to_grids
from declform.layouts import Grid


def _image_cover(page: pdfplumber.page.Page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = sum(
        max(0.0, float(img["x1"] - img["x0"])) * max(0.0, float(img["bottom"] - img["top"]))
        for img in page.images
    )
    return min(1.0, covered / area)


def born_digital_grids(page: pdfplumber.page.Page, number: int) -> list[Grid] | None:
    """The page's grids read from its text layer, or None when the page must be scanned: it has
    no text layer, or one over a scanned image (an earlier OCR). The review site asks the same
    question to rebuild the frame a record's cell boxes refer to."""
    if page.rotation % 360:
        # turned by /Rotate: pdfplumber's lines and characters keep the unturned page's
        # coordinates in a turned page box, and a grid read from them mixes up rows and
        # columns; the rendered page, righted by the scan path, reads true
        return None
    grids = page_to_grids(page, number) if page.chars else []
    if grids or (page.chars and _image_cover(page) < SCAN_IMAGE_COVER):
        return grids
    return None


def render_page(page: pdfplumber.page.Page, number: int, path: Path) -> PageImage:
    """The page as the scan path reads it: the scan it is made of, at the scan's resolution,
    else rendered at `RENDER_DPI`. An image inside the page above the pixel limit is refused
    before anything decodes it (rendering would inflate it whole, whatever the page's size)."""
    for embedded in page.images:
        width, height = embedded.get("srcsize") or (0, 0)
        check_pixels(int(width), int(height), path, number)
    scanned = embedded_scan(page, number, path)
    if scanned is not None:
        return scanned
    scale = RENDER_DPI / 72
    check_pixels(int(page.width * scale), int(page.height * scale), path, number)
    # Vector text (a page turned by /Rotate) is smoothed as a scanner would see it: the scan
    # path reads no cell in pdfium's aliased, pure black-and-white text. Image-only pages
    # keep the unsmoothed render they were measured with.
    image = page.to_image(resolution=RENDER_DPI, antialias=bool(page.chars)).original
    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    return PageImage(number, np.ascontiguousarray(rgb[:, :, ::-1]), RENDER_DPI)
