"""Folds: a drawn table whose columns a crease moved up and down (as augraphy's Folding does)
is found whole, its cells taken back to the folded page; a straight page is left alone."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from declform.extract.scan.ink import separate_ink
from declform.extract.scan.ruling import bends as bends_module
from declform.extract.scan.ruling import grid as grid_module
from declform.extract.scan.ruling.bends import Bends, measure_bends
from declform.extract.scan.ruling.contrast import page_scale
from declform.extract.scan.ruling.grid import image_to_grids
from tests.extract.scan.ruling.test_damage import labelled_cells, ruled

Grey = NDArray[np.uint8]
FOLD_X, FLANK, DEPTH = 360, 40, 24  # the crease, its half-width and how far it moves the print


def tent(width: int) -> NDArray[np.float64]:
    """How far each column of the page moves down: nothing, up to DEPTH at the crease, back."""
    x = np.arange(width, dtype=np.float64)
    return np.clip(DEPTH * (1 - np.abs(x - FOLD_X) / FLANK), 0, None)


def folded(page: Grey) -> Grey:
    """The page creased, then copied: the copier's optics soften every edge a little."""
    height, width = page.shape
    map_x = np.broadcast_to(np.arange(width, dtype=np.float32), (height, width))
    map_y = (np.arange(height)[:, None] - tent(width)[None, :]).astype(np.float32)
    out = cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(cv2.GaussianBlur(out, (0, 0), 0.8), dtype=np.uint8)


def table() -> Grey:
    return labelled_cells(ruled(np.full((500, 760), 255, np.uint8)))


def grey_of(image: Grey) -> Grey:
    return separate_ink(image)[0]


def test_a_straight_page_has_no_bends() -> None:
    grey = grey_of(table())
    bends = measure_bends(grey, page_scale(grey))
    assert bends.straight
    assert bends.flatten(grey) is grey


def test_a_fold_is_measured_where_it_moves_the_print() -> None:
    grey = grey_of(folded(table()))
    bends = measure_bends(grey, page_scale(grey))
    assert not bends.straight
    truth = tent(grey.shape[1])
    inside = slice(80, 640)  # the table's columns: the margins carry no print to follow
    assert np.abs(bends.dy[inside] - truth[inside]).max() <= 3
    assert abs(bends.dy[FOLD_X] - DEPTH) <= 3


def test_a_folded_table_is_found_whole() -> None:
    grids = image_to_grids(grey_of(folded(table())), 1, 150)
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(3, 3, 9)]
    # the cell under the crease reaches down to where the fold moved its print
    middle = next(c for c in grids[0].cells if c.row == 0 and c.col == 1)
    assert middle.bbox.y1 >= 160 + DEPTH - 3


def test_without_flattening_the_fold_splits_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # the remedy's witness: the same page, the fold not flattened, comes apart at the crease
    def straight(grey: Grey, scale: object) -> Bends:
        return Bends(np.zeros(grey.shape[1]))

    monkeypatch.setattr(grid_module, "measure_bends", straight)
    grids = image_to_grids(grey_of(folded(table())), 1, 150)
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] != [(3, 3, 9)]


def test_enclose_grows_a_box_by_the_fold_under_it() -> None:
    bends = Bends(tent(760))
    box = bends.enclose(grid_module.BBox(300.0, 100.0, 420.0, 160.0))
    assert (box.x0, box.y0, box.x1) == (300.0, 100.0, 420.0)
    assert box.y1 == pytest.approx(160.0 + DEPTH)


def speckled(page: Grey) -> Grey:
    """Streaks of grey toner specks down the sheet, as a dirty drum leaves them."""
    rng = np.random.default_rng(5)
    out = page.copy()
    for x0 in (120, 300, 420, 560):
        band = out[:, x0 : x0 + 30]
        specks = rng.random(band.shape) < 0.35
        band[specks] = np.minimum(band[specks], 160)
    return out


def course_error(grey: Grey) -> float:
    bends = measure_bends(grey, page_scale(grey))
    assert not bends.straight
    inside = slice(80, 640)
    return float(np.abs(bends.dy[inside] - tent(grey.shape[1])[inside]).max())


def test_grey_specks_do_not_steer_the_fold_course(monkeypatch: pytest.MonkeyPatch) -> None:
    grey = grey_of(speckled(folded(table())))
    assert course_error(grey) <= 2.5
    # the remedy's witness: with the specks counted as print the course strays further
    monkeypatch.setattr(bends_module, "PRINT_SHARE", 0.0)
    assert course_error(grey) > 2.5


def test_resized_bends_move_the_larger_page_alike() -> None:
    small = Bends(tent(760))
    large = small.resized(1520, (2.0, 2.0))
    assert len(large.dy) == 1520
    assert large.dy[2 * FOLD_X] == pytest.approx(2 * DEPTH, abs=1.0)
    assert large.dy[2 * (FOLD_X - FLANK) - 4] == pytest.approx(0.0, abs=0.5)
    assert Bends(np.zeros(760)).resized(1520, (2.0, 2.0)).straight


def test_a_folded_page_is_read_flattened_where_its_cells_keep_their_place() -> None:
    grey = grey_of(folded(table()))
    found = grid_module.find_grids(grey, 1, 150)
    assert found.flat is not None and found.flat.shape == grey.shape
    page_cell, flat_cell = (
        next(c for c in g.cells if c.row == 0 and c.col == 1)
        for g in (found.grids[0], found.flat_grids[0])
    )
    assert page_cell.bbox.y1 >= 160 + DEPTH - 3  # on the page: grown to the moved print
    assert abs(flat_cell.bbox.y1 - 160) <= 3  # flattened: the cell as drawn
    # and its rule under the crease runs straight along the cell's bottom there
    rule = found.flat[150:172, FOLD_X - 20 : FOLD_X + 20]
    assert (rule.min(axis=1) < 128).sum() <= 5


def test_a_straight_page_is_read_as_it_is() -> None:
    found = grid_module.find_grids(grey_of(table()), 1, 150)
    assert found.flat is None and found.flat_grids == found.grids
