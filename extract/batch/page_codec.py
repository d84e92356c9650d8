"""Page reads as JSON, kept in the manifest so that a resumed run does not read a page twice.

Lossless: floats survive a JSON round trip exactly, so a file assembled from saved reads gives
the same bytes as one assembled from fresh reads.
"""

from __future__ import annotations

import json
from typing import Any

from declform.extract.pipeline import PageRead
from declform.layouts.grid import BBox, Cell, Grid, TextLine
from declform.output import RecordWarning
from declform.output.record import PageTransform


def _bbox(data: list[float]) -> BBox:
    return BBox(float(data[0]), float(data[1]), float(data[2]), float(data[3]))


def _grid_to_dict(grid: Grid) -> dict[str, Any]:
    return {
        "page": grid.page,
        "n_rows": grid.n_rows,
        "n_cols": grid.n_cols,
        "bbox": list(grid.bbox.as_tuple()),
        "dpi": grid.dpi,
        "ocr": grid.ocr,
        "cells": [
            [c.row, c.col, c.rowspan, c.colspan, list(c.bbox.as_tuple()), c.text, c.confidence,
             c.page, list(c.alternatives)]
            for c in grid.cells
        ],
        "free_text": [
            [t.text, list(t.bbox.as_tuple()), t.confidence, t.page, list(t.alternatives)]
            for t in grid.free_text
        ],
    }


def _grid_from_dict(data: dict[str, Any]) -> Grid:
    # reads saved by an earlier version have no alternatives and no ocr flag: such a read
    # was repaired as an OCR reading, so it stays one
    cells = tuple(
        Cell(int(r), int(c), int(rs), int(cs), _bbox(box), str(text), float(conf), int(page),
             tuple(str(a) for a in (rest[0] if rest else ())))
        for r, c, rs, cs, box, text, conf, page, *rest in data["cells"]
    )
    free_text = tuple(
        TextLine(str(text), _bbox(box), float(conf), int(page),
                 tuple(str(a) for a in (rest[0] if rest else ())))
        for text, box, conf, page, *rest in data["free_text"]
    )
    return Grid(
        page=int(data["page"]),
        n_rows=int(data["n_rows"]),
        n_cols=int(data["n_cols"]),
        cells=cells,
        bbox=_bbox(data["bbox"]),
        free_text=free_text,
        dpi=float(data["dpi"]),
        ocr=bool(data.get("ocr", True)),
    )


def page_read_to_json(read: PageRead) -> str:
    return json.dumps(
        {
            "page": read.page,
            "grids": [_grid_to_dict(grid) for grid in read.grids],
            "warnings": [[w.code, w.message, w.where] for w in read.warnings],
            "failure": read.failure,
            "transform": None if read.transform is None else _transform_to_dict(read.transform),
        },
        ensure_ascii=False,
    )


def page_read_from_json(text: str) -> PageRead:
    data = json.loads(text)
    return PageRead(
        page=int(data["page"]),
        grids=tuple(_grid_from_dict(grid) for grid in data["grids"]),
        warnings=tuple(RecordWarning(code, text, where) for code, text, where in data["warnings"]),
        failure=data["failure"],
        # reads saved by an earlier version have no transform: their records get none
        transform=_transform_from_dict(data["transform"]) if data.get("transform") else None,
    )


def _transform_to_dict(transform: PageTransform) -> dict[str, Any]:
    return {
        "page": transform.page,
        "rotation": transform.rotation,
        "skew": transform.skew,
        "homography": None if transform.homography is None else list(transform.homography),
        "size": None if transform.size is None else list(transform.size),
    }


def _transform_from_dict(data: dict[str, Any]) -> PageTransform:
    homography, size = data["homography"], data["size"]
    return PageTransform(
        page=int(data["page"]),
        rotation=int(data["rotation"]),
        skew=float(data["skew"]),
        homography=None if homography is None else tuple(float(v) for v in homography),
        size=None if size is None else (int(size[0]), int(size[1])),
    )
