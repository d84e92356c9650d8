"""The scan path for one page image: upright and flat page → print layer → grids → cell text.

Geometry is corrected on the colour image first, so the seal boxes and the grid share the
coordinates of the corrected page; then ink separation removes seals and signatures, the grid
is found on the print layer and every cell crop is read in one batched engine call.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.ocr import CellImage, OcrEngine, OcrReading
from declform.extract.ocr.textlines import components, crop_line, ink_mask, rule_mask, split_lines
from declform.extract.scan.dropouts import restore_dropout_lines
from declform.extract.scan.ink import seal_boxes, separate_ink
from declform.extract.scan.orientation import Legibility, detect_orientation, rotate_upright
from declform.extract.scan.perspective import correct_perspective, page_edges
from declform.extract.scan.ruling.grid import find_grids
from declform.extract.scan.skew import deskew, rotate_by
from declform.extract.scan.transform import page_transform
from declform.extract.sources.images import PageImage
from declform.extract.timing import stage
from declform.layouts.grid import BBox, Cell, Grid, TextLine
from declform.output import RecordWarning
from declform.output.codes import WarningCode
from declform.output.record import PageTransform
from declform.output.thresholds import LOW_CONFIDENCE, UNREADABLE

log = logging.getLogger(__name__)
BLOCK_LINES = 2.2  # a crop taller than this many body lines is read as a paragraph
BODY_LINE_PT = 14.0  # line pitch of 10.5–12 pt print
# Ink in a cell no taller than this share of the page's median line of print is not read: a
# lone digit stands at 0.7 of a line, a dash or full stop alone at 0.1-0.2 (left blank alike).
SPECKS_ONLY = 0.3
# A cell filled with a toner cloud (a photocopy's noise over a blank cell) holds hundreds of
# specks: at least this many marks per square of a line's height (print, specks around it
# included, has a few), and little of its ink in marks of a glyph's size (over CLOUD_MARK of
# a line; a dense cloud's specks touch and make a few such marks too).
CLOUD_DENSITY = 10.0
CLOUD_MARK = 0.6
CLOUD_PRINT_SHARE = 0.25


@dataclass(frozen=True)
class ScannedPage:
    grids: tuple[Grid, ...]
    warnings: tuple[RecordWarning, ...]
    image: NDArray[np.uint8]  # the corrected print layer the grids' bboxes refer to
    transform: PageTransform  # what turned the source page into `image`, kept for the review

    @property
    def rotation(self) -> int:
        return self.transform.rotation

    @property
    def skew(self) -> float:
        return self.transform.skew


def _where(page: int, cell: Cell | None = None) -> str:
    return f"page {page}" + (f" row {cell.row} col {cell.col}" if cell is not None else "")


def legibility(engine: OcrEngine) -> Legibility:
    """How confidently `engine` reads each of a few text-line crops: the upside-down test."""

    def judge(crops: Sequence[NDArray[np.uint8]]) -> list[float]:
        return [reading.confidence for reading in engine.read([CellImage(c) for c in crops])]

    return judge


def upright_page(
    image: NDArray[np.uint8], engine: OcrEngine | None = None
) -> tuple[NDArray[np.uint8], list[BBox], int, float, NDArray[np.float64] | None]:
    """The print layer turned upright, flattened and deskewed, and the seal boxes in its
    coordinates: (print layer, seals, quarter turn, skew in degrees, perspective homography
    or None); `transform.page_transform` keeps the three steps for the review.

    With an `engine`, whether the page is upside down is judged by how well it reads a few
    text lines each way up (see `orientation`); without one, Tesseract OSD decides.

    Ink is separated first (a 1-bit fax must be descreened before any warp); the coloured-ink
    mask then follows every geometric step so that seal boxes and the grid share coordinates.
    """
    with stage("ink"):
        # a toner dropout streak is filled in first: it cuts every line of text it crosses
        grey, ink, _ = separate_ink(restore_dropout_lines(image))
    with stage("orientation"):
        rotation = detect_orientation(grey, None if engine is None else legibility(engine))
    with stage("deskew"):
        if rotation:
            grey, ink = rotate_upright(grey, rotation), rotate_upright(ink, rotation)
        edges = page_edges(grey)  # found once: a page the frame leaves flat reuses them
        grey, homography = correct_perspective(grey, edges)
        if homography is not None:
            height, width = grey.shape[:2]
            ink = np.asarray(cv2.warpPerspective(ink, homography, (width, height)), np.uint8)
        grey, skew = deskew(grey, edges if homography is None else None)
        if skew:
            ink = rotate_by(ink, skew)
        seals = seal_boxes(ink)
    log.debug("turned %d°, perspective %s, skew %.2f°, %d seal(s)", rotation,
              "warped" if homography is not None else "flat", skew, len(seals))
    return grey, seals, rotation, skew, homography


def _cell_crop(grey: NDArray[np.uint8], bbox: BBox, inset: int) -> NDArray[np.uint8]:
    height, width = grey.shape
    x0, y0 = max(0, int(bbox.x0) + inset), max(0, int(bbox.y0) + inset)
    x1, y1 = min(width, int(bbox.x1) - inset), min(height, int(bbox.y1) - inset)
    if x1 <= x0 or y1 <= y0:
        return np.full((4, 4), 255, dtype=np.uint8)
    return grey[y0:y1, x0:x1]


def _tallest_line(crop: NDArray[np.uint8]) -> int:
    """The height of the crop's tallest band of ink (0: no ink)."""
    return max((box.height for box in split_lines(crop)), default=0)


def toner_cloud(crop: NDArray[np.uint8], line_height: float) -> bool:
    """Whether the crop's ink is a cloud of specks with no print in it (read, it comes back
    as a string of marks, "dt38:43家" in a blank level cell that continues the one above)."""
    mask = ink_mask(crop)
    found = components(mask)
    mask &= ~rule_mask(mask, found)
    count, _, stats = components(mask)
    if count <= 1 or line_height <= 0:
        return False
    extent = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    area = stats[1:, cv2.CC_STAT_AREA]
    print_share = area[extent >= CLOUD_MARK * line_height].sum() / max(1, int(area.sum()))
    squares = crop.size / line_height**2
    return print_share < CLOUD_PRINT_SHARE and count - 1 >= CLOUD_DENSITY * squares


def read_cells(
    grey: NDArray[np.uint8], grid: Grid, engine: OcrEngine, dpi: float
) -> tuple[Grid, list[RecordWarning]]:
    """The grid with every cell's text and confidence filled in by one engine call."""
    inset = max(3, round(dpi / 60))
    block_height = BLOCK_LINES * BODY_LINE_PT * dpi / 72
    all_crops = [_cell_crop(grey, cell.bbox, inset) for cell in grid.cells]
    tallest = [_tallest_line(crop) for crop in all_crops]
    # a cell whose ink stands far lower than the page's print holds toner specks or dust, no
    # text: read, it comes back as a figure or a mark in a blank cell ("6." for an amount)
    printed = [height for height in tallest if height]
    text_height = float(np.median(printed)) if printed else 0.0
    crops: list[CellImage] = []
    targets: list[int] = []
    for index, (crop, height) in enumerate(zip(all_crops, tallest, strict=True)):
        if height == 0 or height < SPECKS_ONLY * text_height:
            continue
        # a band unlike a line of print (taller: several lines or a cloud of specks over
        # the crop; shorter: the few clumps of a cloud the line splitter kept) may be specks
        unlike_a_line = not 0.7 * text_height <= height <= 1.5 * text_height
        if unlike_a_line and toner_cloud(crop, text_height):
            continue
        crops.append(CellImage(crop, "block" if crop.shape[0] > block_height else "line"))
        targets.append(index)
    readings: dict[int, OcrReading] = dict(zip(targets, engine.read(crops), strict=True))
    warnings: list[RecordWarning] = []
    cells: list[Cell] = []
    for index, cell in enumerate(grid.cells):
        reading = readings.get(index)
        if reading is None:
            cells.append(replace(cell, text="", confidence=1.0))
            continue
        text, confidence = reading.text, reading.confidence
        if text and confidence < UNREADABLE:
            warnings.append(
                RecordWarning(
                    WarningCode.UNREADABLE_CELL,
                    f"cell could not be read (confidence {confidence:.2f}, "
                    f"raw {text!r}); left empty",
                    _where(grid.page, cell),
                )
            )
            text = ""
        elif text and confidence < LOW_CONFIDENCE:
            warnings.append(
                RecordWarning(
                    WarningCode.LOW_CONFIDENCE,
                    f"cell read as {text!r} with confidence {confidence:.2f}",
                    _where(grid.page, cell),
                )
            )
        if text and reading.raw:
            warnings.append(
                RecordWarning(
                    WarningCode.SPECK_DROPPED,
                    f"read as {reading.raw!r}; marks without ink of their shape dropped "
                    f"as toner specks: {text!r}",
                    _where(grid.page, cell),
                )
            )
        alternatives = reading.alternatives if text else ()
        cells.append(replace(cell, text=text, confidence=confidence, alternatives=alternatives))
    return replace(grid, cells=tuple(cells)), warnings


def read_text_above(
    grey: NDArray[np.uint8], top: float, engine: OcrEngine, page: int
) -> tuple[TextLine, ...]:
    """The printed lines between the page top and the table (title, 年度, 填报人, 填报日期)."""
    region = grey[: max(0, int(top) - 2), :]
    if region.shape[0] < 8:
        return ()
    boxes = split_lines(region)
    if not boxes:
        return ()
    readings = engine.read([CellImage(crop_line(region, box), "line") for box in boxes])
    return tuple(
        TextLine(
            reading.text,
            BBox(box.x0, box.y0, box.x1, box.y1),
            reading.confidence,
            page,
            reading.alternatives,
        )
        for box, reading in zip(boxes, readings, strict=True)
        if reading.text
    )


def _seal_warnings(seals: list[BBox], grids: list[Grid], page: int) -> list[RecordWarning]:
    warnings = []
    for seal in seals:
        covered = [
            c
            for g in grids
            for c in g.cells
            if c.text and seal.x_overlap(c.bbox) > 0 and seal.y_overlap(c.bbox) > 0
        ]
        if covered:
            where = ", ".join(f"row {c.row} col {c.col}" for c in covered[:8])
            warnings.append(
                RecordWarning(
                    WarningCode.SEAL_OVER_CELLS,
                    f"a seal at {tuple(round(v) for v in seal.as_tuple())} covers {len(covered)} "
                    f"cell(s): {where}",
                    _where(page),
                )
            )
    return warnings


def scan_page(page: PageImage, engine: OcrEngine) -> ScannedPage:
    """Grids with text for one scanned page, plus the page's warnings."""
    grey, seals, rotation, skew, homography = upright_page(page.image, engine)
    warnings: list[RecordWarning] = []
    if rotation:
        warnings.append(
            RecordWarning(
                WarningCode.PAGE_ROTATED,
                f"page was turned {rotation}° to read it",
                _where(page.page),
            )
        )
    grids: list[Grid] = []
    with stage("grid"):
        found = find_grids(grey, page.page, page.dpi)
    with stage("cells"):
        # a folded page's cells are read where the fold is flattened; they keep their
        # place on the page, which holds the same print
        reading = grey if found.flat is None else found.flat
        for grid, flat in zip(found.grids, found.flat_grids, strict=True):
            filled, cell_warnings = read_cells(reading, flat, engine, page.dpi)
            placed = tuple(
                replace(cell, bbox=on_page.bbox)
                for cell, on_page in zip(filled.cells, grid.cells, strict=True)
            )
            grids.append(replace(filled, cells=placed, bbox=grid.bbox, ocr=True))
            warnings.extend(cell_warnings)
        if grids:
            above = read_text_above(grey, grids[0].bbox.y0, engine, page.page)
            grids[0] = replace(grids[0], free_text=above)
    warnings.extend(_seal_warnings(seals, grids, page.page))
    transform = page_transform(page.page, rotation, homography, skew, grey)
    return ScannedPage(tuple(grids), tuple(warnings), grey, transform)
