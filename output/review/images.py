"""The review site's images: cell crops and the page with its grid drawn over it.

Names are content keys (source hash, page, box; for a page also a digest of the cells drawn),
so an image is written once and a later run over the same records skips it. Page arrays are
in the frame the record's bboxes refer to: 2-D grey or H×W×3 RGB, uint8.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from declform.output.record import CellRecord
from declform.output.review.model import Box
from declform.output.thresholds import LOW_CONFIDENCE

CROP_PAD = 6  # px of the frame around a crop, so a cut-off stroke at the ruling shows
CROP_SCALE = 0.4  # of a 300-dpi frame: ~120 dpi, print-size text on screen in every crop
CROP_MAX = (720, 260)  # and no larger: a goal paragraph must not fill the page
RULING_INSET = 10  # px inside a cell's box that may still hold its ruling lines
INK_LEVEL = 150  # grey below this is ink
RULING_COVER = 0.9  # share of a column's height that only a ruling line inks
TEXT_MARGIN = 30  # px kept left and right of a cell's text when its blank sides are trimmed
PAGE_WIDTH = 1200  # page images are scaled to this width
PAGE_QUALITY = 60  # WebP: a text-dense page at 1200 px is ~110 KB (JPEG at this look: ~190 KB)
GRID_COLOUR = (40, 110, 220)
LOW_COLOUR = (220, 30, 30)
WARNED_COLOUR = (240, 140, 0)
FRAME_NOTE = "declform-frame "  # EXIF ImageDescription: the frame size the bboxes refer to
IMAGE_DESCRIPTION = 0x010E
STYLE = "v2"  # in every image name: a change to how images are drawn must not reuse old ones


def crop_name(sha256: str, page: int, box: Box) -> str:
    x0, y0, x1, y1 = (round(v) for v in box)
    return f"{sha256[:16]}-p{page}-{x0}-{y0}-{x1}-{y1}-{STYLE}.png"


def page_name(
    sha256: str, page: int, cells: Sequence[CellRecord], flagged: Collection[tuple[int, int, int]]
) -> str:
    """Two forms may share a page, and a re-extraction may find another grid: the name carries
    a digest of what is drawn."""
    drawn = repr(
        sorted(
            (c.bbox, c.confidence < LOW_CONFIDENCE, (c.page, c.row, c.col) in flagged)
            for c in cells
        )
    )
    digest = hashlib.sha256(drawn.encode()).hexdigest()[:10]
    return f"{sha256[:16]}-p{page}-{digest}-{STYLE}.webp"


def _pil(image: NDArray[np.uint8]) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(image), "L" if image.ndim == 2 else "RGB")


def _text_columns(grey: NDArray[np.uint8]) -> tuple[int, int]:
    """The columns of a crop worth showing: a short text in a wide merged cell (a project name
    across the form) would shrink to nothing at the crop's width, so blank sides are cut off.
    A blank cell keeps its whole width."""
    height, width = grey.shape
    # the middle band only: a box drawn a little off lets a tilted top or bottom ruling in
    band = max(RULING_INSET, height // 5)
    inner = grey[band : height - band, RULING_INSET : width - RULING_INSET]
    if inner.size == 0:
        return 0, width
    ink = inner < INK_LEVEL
    # and a column inked top to bottom is a side ruling, not text
    inked = np.flatnonzero(ink.any(axis=0) & (ink.mean(axis=0) < RULING_COVER))
    if inked.size == 0:
        return 0, width
    left = max(0, int(inked[0]) + RULING_INSET - TEXT_MARGIN)
    right = min(width, int(inked[-1]) + RULING_INSET + 1 + TEXT_MARGIN)
    return left, right


def encode_crop(page: NDArray[np.uint8], box: Box) -> bytes:
    """The box plus a margin, clipped to the page, in grey, its blank sides trimmed, at
    `CROP_SCALE` (less when that exceeds `CROP_MAX`): one scale for all crops, so their text
    reads the same size."""
    height, width = page.shape[:2]
    x0, y0 = max(0, int(box[0]) - CROP_PAD), max(0, int(box[1]) - CROP_PAD)
    x1, y1 = min(width, int(box[2]) + CROP_PAD), min(height, int(box[3]) + CROP_PAD)
    if x1 <= x0 or y1 <= y0:
        x0, y0, x1, y1 = 0, 0, min(width, 8), min(height, 8)
    crop = _pil(page[y0:y1, x0:x1]).convert("L")
    left, right = _text_columns(np.asarray(crop))
    if right - left < crop.width:
        crop = crop.crop((left, 0, right, crop.height))
    scale = min(CROP_SCALE, CROP_MAX[0] / crop.width, CROP_MAX[1] / crop.height)
    size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
    crop = crop.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    crop.save(out, "PNG", optimize=True)
    return out.getvalue()


def encode_page(
    page: NDArray[np.uint8], cells: Sequence[CellRecord], flagged: Collection[tuple[int, int, int]]
) -> bytes:
    """The page scaled to `PAGE_WIDTH` with every cell outlined: low-confidence cells in red,
    cells a warning names in orange, the rest in blue. Its EXIF keeps the frame size."""
    height, width = page.shape[:2]
    scale = min(1.0, PAGE_WIDTH / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = _pil(page).resize(size, Image.Resampling.LANCZOS).convert("RGB")  # grey stays cheap
    draw = ImageDraw.Draw(image)
    ordered = sorted(
        cells, key=lambda c: (c.confidence < LOW_CONFIDENCE, (c.page, c.row, c.col) in flagged)
    )
    for cell in ordered:  # flagged last, so their outline is not painted over by a neighbour
        colour = GRID_COLOUR
        if (cell.page, cell.row, cell.col) in flagged:
            colour = WARNED_COLOUR
        if cell.confidence < LOW_CONFIDENCE:
            colour = LOW_COLOUR
        box = [v * scale for v in cell.bbox]
        draw.rectangle(box, outline=colour, width=2 if colour == GRID_COLOUR else 4)
    exif = Image.Exif()
    exif[IMAGE_DESCRIPTION] = f"{FRAME_NOTE}{width}x{height}"
    out = io.BytesIO()
    image.save(out, "WEBP", quality=PAGE_QUALITY, exif=exif.tobytes())
    return out.getvalue()


def frame_size(path: Path) -> tuple[int, int] | None:
    """The frame size a page image was drawn from, read back from its EXIF."""
    try:
        with Image.open(path) as image:
            note = image.getexif().get(IMAGE_DESCRIPTION)
    except (OSError, ValueError):
        return None
    if not isinstance(note, str) or not note.startswith(FRAME_NOTE):
        return None
    width, _, height = note[len(FRAME_NOTE) :].partition("x")
    return (int(width), int(height)) if width.isdigit() and height.isdigit() else None
