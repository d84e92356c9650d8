"""Where a record's values were read (part of the record, `declform.output.record`): the
table's cells, the lines printed outside it, and what the scan path did to each page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellRecord:
    page: int
    bbox: tuple[float, float, float, float]
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    confidence: float
    alternatives: tuple[str, ...] = ()  # the OCR's next readings, most likely first


@dataclass(frozen=True)
class PrintedLine:
    """A line printed outside the table (a title, 年度 or 填报人 line) a value was read from."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str


@dataclass(frozen=True)
class PageTransform:
    """What the scan path did to a scanned page before reading it: applied in this order to
    the page's print layer (the source page image with seals and specks taken out), they give
    the image the cell boxes are measured in, so crops are cut where the reader looked.

    1. `rotation`: quarter turns clockwise (0, 90, 180, 270);
    2. `homography`: the perspective warp of the turned image onto an image of the same size;
    3. `skew`: a turn by this many degrees about the image centre (OpenCV's sense), same size.
    `size` is the (width, height) of the result: a source rendered at another size since
    extraction is caught instead of cut in the wrong places. No crop or scale is applied.
    Born-digital and spreadsheet pages have none: their cells are in the rendered page.
    """

    page: int
    rotation: int  # quarter turns applied, in degrees clockwise
    skew: float  # degrees the page was turned back
    homography: tuple[float, ...] | None  # the perspective warp, 3×3 row by row
    size: tuple[int, int] | None = None  # (width, height) of the image the reader looked at
