"""A folded page's cells are read on the page with its folds flattened (see `ruling.bends`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from declform.extract.ocr import CellImage, OcrReading
from declform.extract.scan.page import scan_page
from declform.extract.sources.images import PageImage
from tests.extract.scan.ruling.test_bends import DEPTH, folded, table
from tests.fakes import FakeEngine


class Recorder(FakeEngine):
    """Reads every crop as one word, and keeps the crops."""

    def __init__(self) -> None:
        super().__init__(default=OcrReading("项目名称", 0.95))
        self.crops: list[np.ndarray] = []

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        self.crops.extend(cell.image for cell in cells)
        return super().read(cells)


def widest_dark_row(crop: np.ndarray) -> float:
    """The largest share of a crop's width that one of its rows has dark."""
    return float((crop < 128).mean(axis=1).max())


def test_cells_under_a_fold_are_read_without_the_bent_rule_in_them() -> None:
    engine = Recorder()
    page = np.full((1100, 760), 255, np.uint8)  # upright: a portrait sheet
    page[:500] = folded(table())
    scanned = scan_page(PageImage(1, page, 150.0), engine)
    (grid,) = scanned.grids
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    middle = next(c for c in grid.cells if c.row == 0 and c.col == 1)
    assert middle.bbox.y1 >= 160 + DEPTH - 3  # its place on the page holds the moved print
    # read on the page as it is, that box also holds the rule the fold bent into the cell
    # (a row dark across the crop); flattened, the crops hold words (at most ~half dark)
    assert max(widest_dark_row(crop) for crop in engine.crops) < 0.6
