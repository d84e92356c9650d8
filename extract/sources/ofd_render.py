"""An OFD page drawn to an image, for the review site's page images and crops.

A vector OFD page has no raster to show: its ruling segments and its glyphs (as the reader
takes them, `page_drawing`) are drawn onto white paper at the pipeline's dpi, in the frame its
cells' boxes are measured in (page pixels from the top-left), each glyph in a CJK font scaled to
its box. Not a faithful rendering of the page (fonts, colours, images and seals are left out),
but the print an auditor checks a value against. (A page that is a scan is shown as the scan
path read it: extract/review_pages.py.)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from declform.extract.sources.ofd import _resources
from declform.extract.sources.ofd_content import MM_TO_POINTS, page_drawing
from declform.extract.sources.ofd_package import OfdPackage

# a CJK font the set-up installs (scripts/bootstrap.sh: fonts-wqy-zenhei, fonts-arphic-uming)
_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
_RULING_POINTS = 0.75  # drawn line width: a thin ruling stays visible at any dpi


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def render_ofd_page(path: Path, number: int, dpi: float = 300.0) -> NDArray[np.uint8]:
    """Page `number` (1-based) of a vector OFD, its rulings and text drawn, RGB at `dpi`.
    InputError (naming file and page) when the page cannot be read."""
    with OfdPackage(path) as package:
        entry = package.page(number)
        roots = [*(package.xml(name) for name in entry.templates), entry.root]
        units = _resources(package, entry).units  # the reader's own resource table
        drawing = page_drawing(roots, (entry.box[0], entry.box[1]), units)
        size = (entry.box[2] * MM_TO_POINTS, entry.box[3] * MM_TO_POINTS)
    scale = dpi / 72.0
    page = Image.new("RGB", (round(size[0] * scale), round(size[1] * scale)), "white")
    pen = ImageDraw.Draw(page)
    width = max(1, round(_RULING_POINTS * scale))
    for edge in drawing.edges:
        box = [edge["x0"] * scale, edge["top"] * scale, edge["x1"] * scale, edge["bottom"] * scale]
        pen.line(box, fill="black", width=width)
    for glyph in drawing.glyphs:
        text = str(glyph["text"])
        height = (glyph["bottom"] - glyph["top"]) * scale
        if not text.strip() or height < 1:
            continue
        pen.text((glyph["x0"] * scale, glyph["top"] * scale), text, fill="black",
                 font=_font(max(1, round(height))))
    return np.asarray(page, dtype=np.uint8).copy()
