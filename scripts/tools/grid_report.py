"""Run the scan-path grid detector on a folder of images and draw what it found.

    python -m scripts.tools.grid_report [IMAGE_OR_DIR...] --out /tmp/grid_report [--no-orientation]

For every image: ink separation, orientation (Tesseract OSD), perspective, deskew, then
`image_to_grids`. Writes `<stem>.png` overlays (each cell filled in its own colour, merged
cells labelled with their spans) and prints one line per image: the preprocessing applied,
and rows x cols, cell count and merged-cell count per table, with the detection time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ink import separate_ink
from declform.extract.scan.orientation import detect_orientation, rotate_upright
from declform.extract.scan.perspective import correct_perspective
from declform.extract.scan.ruling.grid import image_to_grids
from declform.extract.scan.skew import deskew
from declform.layouts.grid import Grid
from scripts import REPO

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
DEFAULT_DIR = REPO.parent / "shared" / "real-tables"


@dataclass(frozen=True)
class PageResult:
    name: str
    grids: list[Grid]
    steps: list[str]
    seals: int
    seconds: float  # grid detection only


def analyse(
    image: NDArray[np.uint8], orientation: bool = True
) -> tuple[NDArray[np.uint8], PageResult]:
    """The preprocessed print layer and the detector's result for one page image."""
    grey, _, seals = separate_ink(image)
    steps: list[str] = []
    if orientation:
        angle = detect_orientation(grey)
        if angle:
            grey = rotate_upright(grey, angle)
            steps.append(f"rotate {angle}")
    grey, homography = correct_perspective(grey)
    if homography is not None:
        steps.append("perspective")
    grey, skew = deskew(grey)
    if skew:
        steps.append(f"deskew {skew:+.2f}")
    start = time.perf_counter()
    grids = image_to_grids(grey, 1, 300.0)
    seconds = time.perf_counter() - start
    return grey, PageResult("", grids, steps, len(seals), seconds)


def overlay(grey: NDArray[np.uint8], grids: Sequence[Grid]) -> NDArray[np.uint8]:
    canvas = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    fill = canvas.copy()
    rng = np.random.default_rng(7)
    scale = max(0.4, min(grey.shape) / 1600)
    for grid in grids:
        for cell in grid.cells:
            colour = tuple(int(c) for c in rng.integers(60, 230, 3))
            p0 = (round(cell.bbox.x0), round(cell.bbox.y0))
            p1 = (round(cell.bbox.x1), round(cell.bbox.y1))
            cv2.rectangle(fill, p0, p1, colour, -1)
            cv2.rectangle(canvas, p0, p1, (0, 0, 255), max(1, round(2 * scale)))
    blended = cv2.addWeighted(fill, 0.35, canvas, 0.65, 0)
    for grid in grids:
        for cell in grid.cells:
            label = f"{cell.row},{cell.col}"
            if cell.rowspan > 1 or cell.colspan > 1:
                label += f" {cell.rowspan}x{cell.colspan}"
            origin = (round(cell.bbox.x0) + 3, round(cell.bbox.y0 + 14 * scale))
            cv2.putText(
                blended, label, origin, cv2.FONT_HERSHEY_SIMPLEX, 0.4 * scale, (160, 0, 0), 1
            )
    return np.asarray(blended, dtype=np.uint8)


def describe(result: PageResult) -> str:
    tables = [
        f"{g.n_rows}x{g.n_cols} cells={len(g.cells)} "
        f"merged={sum(1 for c in g.cells if c.rowspan > 1 or c.colspan > 1)}"
        for g in result.grids
    ]
    steps = ", ".join(result.steps) or "-"
    found = "; ".join(tables) or "no table"
    return f"{result.name}: [{steps}] seals={result.seals} {found} ({result.seconds:.3f}s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "images", nargs="*", type=Path, default=[DEFAULT_DIR], help="image files or folders"
    )
    parser.add_argument("--out", type=Path, default=Path("/tmp/grid_report"))
    parser.add_argument("--no-orientation", action="store_true", help="skip Tesseract OSD")
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)  # report single-core timings
    paths = sorted(
        p
        for given in args.images
        for p in (given.iterdir() if given.is_dir() else [given])
        if p.suffix.lower() in IMAGE_SUFFIXES
    )
    if not paths:
        print("grid_report: no images found", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            print(f"{path.name}: unreadable", file=sys.stderr)
            continue
        grey, result = analyse(image, orientation=not args.no_orientation)
        result = PageResult(path.name, result.grids, result.steps, result.seals, result.seconds)
        cv2.imwrite(
            str(args.out / f"{path.stem}{path.suffix.replace('.', '_')}.png"),
            overlay(grey, result.grids),
        )
        print(describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
