"""Scan-path grid detector: a page image -> one `declform.layouts.grid.Grid` per ruled table.

The born-digital reader gets cell rectangles from the PDF's vector lines; here they come
from the pixels (`contrast` -> `bends` -> `segments` -> `tables` -> `boundaries` -> `slots`),
and from then on both paths share `declform.extract.structure.table_structure`, so rows,
columns and spans follow one rule. A folded page's lines are found on a flattened copy
(`bends`) and its cell boxes taken back to the page.

Input is the grey print layer of a page that is upright and deskewed (see
`declform.extract.scan.ink`); small residual skew and curl are tolerated. Cell text is left empty:
the pipeline OCRs each cell's bbox, and the text outside the tables, later.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.bends import Bends, measure_bends
from declform.extract.scan.ruling.contrast import page_scale
from declform.extract.scan.ruling.segments import page_lines
from declform.extract.scan.ruling.slots import BoolArray, TableSlots, build_slots
from declform.extract.scan.ruling.tables import group_tables
from declform.extract.structure import table_structure
from declform.layouts.grid import BBox, Cell, Grid
from declform.output.errors import InputError

# Slot indices are handed to `table_structure` as coordinates this far apart, well beyond
# its edge-snapping tolerance, so only boundaries that are some cell's edge survive.
_INDEX_SPACING = 10.0

# Lines are found on a copy of the page reduced to this short side (an A4 page at ~150 dpi):
# ruling is still >= 1 px there, and every step is 4x cheaper than at 300 dpi.
WORK_SHORT_SIDE = 1240


def _bbox(points: NDArray[np.float64]) -> BBox:
    xs, ys = points[..., 0], points[..., 1]
    return BBox(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def _working_copy(grey: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], float, float]:
    """The page reduced for line finding, and the x and y factors back to the input."""
    height, width = grey.shape
    factor = min(height, width) / WORK_SHORT_SIDE
    if factor <= 1.1:
        return grey, 1.0, 1.0
    size = (max(1, round(width / factor)), max(1, round(height / factor)))
    work = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return work, width / size[0], height / size[1]


def merge_slots(h_ruled: BoolArray, v_ruled: BoolArray) -> list[tuple[int, int, int, int]]:
    """Rectangles (row, col, rowspan, colspan) covering the slot grid, row-major: a slot
    joins its right (lower) neighbour where the boundary between them is not drawn. This
    is where merged cells come from.

    h_ruled has one row per row boundary (n_rows + 1), v_ruled one row per column boundary.
    """
    n_rows, n_cols = h_ruled.shape[0] - 1, v_ruled.shape[0] - 1
    taken = np.zeros((n_rows, n_cols), dtype=bool)
    rects: list[tuple[int, int, int, int]] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r, c]:
                continue
            width = 1
            while c + width < n_cols and not v_ruled[c + width, r] and not taken[r, c + width]:
                width += 1
            height = 1
            while r + height < n_rows:
                below = r + height
                open_above = not h_ruled[below, c : c + width].any()
                open_inside = not v_ruled[c + 1 : c + width, below].any()
                if open_above and open_inside and not taken[below, c : c + width].any():
                    height += 1
                else:
                    break
            taken[r : r + height, c : c + width] = True
            rects.append((r, c, height, width))
    return rects


def _to_input(box: BBox, factors: tuple[float, float]) -> BBox:
    fx, fy = factors
    return BBox(
        (box.x0 + 0.5) * fx - 0.5,
        (box.y0 + 0.5) * fy - 0.5,
        (box.x1 + 0.5) * fx - 0.5,
        (box.y1 + 0.5) * fy - 0.5,
    )


def slots_to_grid(
    slots: TableSlots,
    page_number: int,
    dpi: float,
    factors: tuple[float, float] = (1.0, 1.0),
    bends: Bends | None = None,
) -> Grid | None:
    """Merged rectangles of a table's slots -> Grid; None for a box or a single column.

    `factors` scale the slots' (working-copy) pixels back to the input image's; `bends`
    take boxes found on the flattened working copy back to the folded page (see `bends`).
    """
    corners = slots.corners

    def place(box: BBox) -> BBox:
        return _to_input(box if bends is None else bends.enclose(box), factors)

    rects = merge_slots(slots.h_ruled, slots.v_ruled)
    pixel_box: dict[tuple[float, float, float, float], BBox] = {}
    for row, col, rowspan, colspan in rects:
        key = (
            col * _INDEX_SPACING,
            row * _INDEX_SPACING,
            (col + colspan) * _INDEX_SPACING,
            (row + rowspan) * _INDEX_SPACING,
        )
        pixel_box[key] = place(
            _bbox(corners[[row, row, row + rowspan, row + rowspan], [col, col + colspan] * 2])
        )
    structure = table_structure(list(pixel_box))
    n_rows, n_cols = len(structure.y_bounds) - 1, len(structure.x_bounds) - 1
    # a lone box (a form number, a photo frame) or a single column of boxes (a page frame
    # around a ruled-off strip) is no table; a form's table has label and value columns
    if len(structure.spans) < 2 or n_cols < 2:
        return None
    cells = tuple(
        Cell(
            row=span.row,
            col=span.col,
            rowspan=span.rowspan,
            colspan=span.colspan,
            bbox=pixel_box[span.box],
            text="",
            page=page_number,
        )
        for span in structure.spans
    )
    return Grid(
        page=page_number,
        n_rows=n_rows,
        n_cols=n_cols,
        cells=cells,
        bbox=place(_bbox(corners)),
        dpi=dpi,
    )


@dataclass(frozen=True)
class PageGrids:
    """The ruled tables of a page, top to bottom, and where to read their cells.

    On a folded page (see `bends`) `flat` is the page with its folds flattened and
    `flat_grids` hold the same cells with their boxes on it, where the text runs straight;
    on a flat page `flat` is None and `flat_grids` are `grids`."""

    grids: tuple[Grid, ...]
    flat: NDArray[np.uint8] | None
    flat_grids: tuple[Grid, ...]


def image_to_grids(grey: NDArray[np.uint8], page_number: int, dpi: float) -> list[Grid]:
    """One Grid per ruled table on the page, top to bottom; [] when there is none.

    `grey` is a 2-D uint8 image, print dark on light; bboxes are in its pixel coordinates.
    """
    return list(find_grids(grey, page_number, dpi).grids)


def find_grids(grey: NDArray[np.uint8], page_number: int, dpi: float) -> PageGrids:
    """`image_to_grids`, with the flattened page a folded page's cells are read on."""
    if grey.ndim != 2 or grey.dtype != np.uint8 or min(grey.shape) < 16:
        raise InputError(
            f"expected a 2-D uint8 page image, got {grey.dtype} {grey.shape}", page=page_number
        )
    work, fx, fy = _working_copy(grey)
    scale = page_scale(work)
    bends = measure_bends(work, scale)
    lines = page_lines(bends.flatten(work), scale)
    found: list[tuple[Grid, Grid]] = []
    tables = group_tables(
        lines.horizontal, lines.vertical, scale.reach, scale.max_gap, 2 * scale.tolerance
    )
    for h_group, v_group in tables:
        slots = build_slots(h_group, v_group, lines.masks, lines.scale)
        grid = slots_to_grid(slots, page_number, dpi, (fx, fy), bends) if slots else None
        if slots is not None and grid is not None:
            flat = grid if bends.straight else slots_to_grid(slots, page_number, dpi, (fx, fy))
            found.append((grid, flat or grid))
    found.sort(key=lambda pair: (pair[0].bbox.y0, pair[0].bbox.x0))
    grids = tuple(grid for grid, _ in found)
    if bends.straight or not found:
        return PageGrids(grids, None, grids)
    flat_page = bends.resized(grey.shape[1], (fx, fy)).flatten(grey)
    return PageGrids(grids, flat_page, tuple(flat for _, flat in found))
