"""Born-digital grid reader: a pdfplumber page with ruled tables -> `declform.layouts.grid.Grid`s.

The ruled lines give the cells (pdfplumber's own table finder); this module turns the cell
rectangles into row/column indices with spans, and puts every character into the cell that
contains its centre through a boundary index (bisect), not a chars x cells scan.

Coordinates: PDF points are converted to page pixels at `dpi` (scale = dpi / 72), origin at
the page's top-left corner, y growing downwards, exactly as the scan path delivers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils.geometry import filter_edges

from declform.extract.structure import Box, table_structure
from declform.extract.vector.text import (
    Char,
    block_text,
    bounds,
    clean,
    dedupe_overprints,
    group_lines,
    line_text,
    split_on_gaps,
)
from declform.layouts.grid import BBox, Cell, Grid, TextLine
from declform.output.errors import InputError

Edge = dict[str, Any]  # pdfplumber's edge: x0, x1, top, bottom, width, height, orientation

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


class _Scaler:
    """PDF points relative to the page's top-left corner -> pixels at the target dpi."""

    def __init__(self, origin: tuple[float, float], dpi: float) -> None:
        self.ox, self.oy = origin
        self.scale = dpi / 72.0

    def bbox(self, box: Box) -> BBox:
        x0, y0, x1, y1 = box
        s = self.scale
        return BBox((x0 - self.ox) * s, (y0 - self.oy) * s, (x1 - self.ox) * s, (y1 - self.oy) * s)


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _free_text_lines(chars: Sequence[Char], scaler: _Scaler, page: int) -> list[TextLine]:
    lines: list[TextLine] = []
    for line in group_lines(chars):
        for piece in split_on_gaps(line):
            text = clean(line_text(piece))
            if text:
                lines.append(TextLine(text=text, bbox=scaler.bbox(bounds(piece)), page=page))
    return lines


def build_grids(
    boxes_per_table: Sequence[Sequence[Box]],
    chars: Sequence[Char],
    *,
    page: int,
    dpi: float = 300.0,
    origin: tuple[float, float] = (0.0, 0.0),
) -> list[Grid]:
    """Pure core of `page_to_grids`: cell rectangles (points) and chars -> Grids.

    Free text (chars outside every table) goes to the largest table's Grid.
    """
    structures = [table_structure(boxes) for boxes in boxes_per_table if boxes]
    if not structures:
        return []
    cell_chars: list[list[list[Char]]] = [[[] for _ in s.spans] for s in structures]
    free: list[Char] = []
    for char in chars:
        cx = (float(char["x0"]) + float(char["x1"])) / 2
        cy = (float(char["top"]) + float(char["bottom"])) / 2
        table = next((i for i, s in enumerate(structures) if s.contains(cx, cy)), None)
        if table is None:
            free.append(char)
            continue
        slot = structures[table].locate(cx, cy)
        if slot is not None:
            cell_chars[table][slot].append(char)

    scaler = _Scaler(origin, dpi)
    largest = max(range(len(structures)), key=lambda i: _area(structures[i].bbox))
    free_text = tuple(_free_text_lines(free, scaler, page))
    grids: list[Grid] = []
    for i, structure in enumerate(structures):
        cells = tuple(
            Cell(
                row=span.row,
                col=span.col,
                rowspan=span.rowspan,
                colspan=span.colspan,
                bbox=scaler.bbox(span.box),
                text=block_text(cell_chars[i][j]),
                confidence=1.0,
                page=page,
            )
            for j, span in enumerate(structure.spans)
        )
        grids.append(
            Grid(
                page=page,
                n_rows=len(structure.y_bounds) - 1,
                n_cols=len(structure.x_bounds) - 1,
                cells=cells,
                bbox=scaler.bbox(structure.bbox),
                free_text=free_text if i == largest else (),
                dpi=dpi,
            )
        )
    return grids


def edges_to_tables(edges: Sequence[Edge]) -> list[list[Box]]:
    """Ruling segments (pdfplumber edge dicts, points) -> each table's cell rectangles, top to
    bottom: pdfplumber's own "lines" table finder (snap, join, intersections, cells, tables),
    run on segments from any source so that a PDF and an OFD page give the same cells."""
    settings = TableSettings.resolve(TABLE_SETTINGS)
    candidates = filter_edges(edges, min_length=settings.edge_min_length_prefilter)
    merged = merge_edges(
        candidates,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    kept = filter_edges(merged, min_length=settings.edge_min_length)
    intersections = edges_to_intersections(
        kept, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    return [
        [(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in table]
        for table in cells_to_tables(intersections_to_cells(intersections))
    ]


def vector_grids(
    chars: Sequence[Char],
    edges: Sequence[Edge],
    *,
    page: int,
    dpi: float = 300.0,
    origin: tuple[float, float] = (0.0, 0.0),
) -> list[Grid]:
    """A born-digital page's grids from its positioned glyphs and ruling segments, in points
    from the page's top-left corner (`origin`: the corner's own coordinates). The seam every
    vector source (PDF, OFD) feeds."""
    boxes = edges_to_tables(edges)
    if not boxes:
        return []
    return build_grids(boxes, dedupe_overprints(chars), page=page, dpi=dpi, origin=origin)


def page_to_grids(page: Page, page_number: int, dpi: float = 300.0) -> list[Grid]:
    """One Grid per ruled table on the page, top to bottom; [] when the page has none."""
    origin = (float(page.bbox[0]), float(page.bbox[1]))
    return vector_grids(page.chars, page.edges, page=page_number, dpi=dpi, origin=origin)


def pdf_to_grids(path: str | Path, dpi: float = 300.0) -> list[Grid]:
    """All Grids of a born-digital PDF as one flat list; `Grid.page` is the 1-based page."""
    try:
        pdf = pdfplumber.open(path)
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise InputError(f"cannot open as PDF ({exc.__class__.__name__})", path=str(path)) from exc
    with pdf:
        grids: list[Grid] = []
        for number, page in enumerate(pdf.pages, start=1):
            grids.extend(page_to_grids(page, number, dpi))
        return grids
