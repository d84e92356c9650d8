"""The scan-path grid detector: drawn tables, our rendered forms (clean and degraded, checked
against the born-digital reader on the same PDF) and, when present, real paper."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from declform.extract.scan.ink import separate_ink
from declform.extract.scan.perspective import correct_perspective
from declform.extract.scan.ruling.grid import image_to_grids, merge_slots
from declform.extract.scan.skew import deskew
from declform.extract.vector.grid import pdf_to_grids
from declform.layouts.grid import Grid
from declform.output.errors import InputError
from tests.paths import EXTRACT_FIXTURES, REPO

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FIXTURES = EXTRACT_FIXTURES / "raster"
Grey = NDArray[np.uint8]
Spans = tuple[int, int, tuple[tuple[int, int, int, int], ...]]


def spans(grid: Grid) -> Spans:
    cells = tuple(sorted((c.row, c.col, c.rowspan, c.colspan) for c in grid.cells))
    return grid.n_rows, grid.n_cols, cells


# --- drawn tables -------------------------------------------------------------------------

XS = (100, 300, 450, 700)
YS = (120, 200, 280, 360)
# (row, col, rowspan, colspan): r0 c1-2 merged across, c0 r1-2 merged down
MERGED = (
    (0, 0, 1, 1),
    (0, 1, 1, 2),
    (1, 0, 2, 1),
    (1, 1, 1, 1),
    (1, 2, 1, 1),
    (2, 1, 1, 1),
    (2, 2, 1, 1),
)


def blank(width: int = 800, height: int = 500) -> Grey:
    return np.full((height, width), 255, np.uint8)


def draw_table(
    page: Grey,
    cells: Sequence[tuple[int, int, int, int]],
    xs: Sequence[int],
    ys: Sequence[int],
    thickness: int = 2,
) -> Grey:
    for row, col, rowspan, colspan in cells:
        top_left = (xs[col], ys[row])
        bottom_right = (xs[col + colspan], ys[row + rowspan])
        cv2.rectangle(page, top_left, bottom_right, 0, thickness)
    return page


def draw_text(page: Grey, items: Sequence[tuple[int, int, str]], size: int = 26) -> Grey:
    if not FONT.exists():
        pytest.skip("wqy-zenhei font not installed (scripts/bootstrap.sh installs it)")
    image = Image.fromarray(page)
    font = ImageFont.truetype(str(FONT), size)
    draw = ImageDraw.Draw(image)
    for x, y, text in items:
        draw.text((x, y), text, font=font, fill=0)
    return np.asarray(image, dtype=np.uint8).copy()


def test_merge_slots_joins_slots_across_unruled_sides() -> None:
    # 2 x 2 slots; the top row's middle side is not ruled, nor is the left column's middle
    h_ruled = np.array([[True, True], [False, True], [True, True]])
    v_ruled = np.array([[True, True], [False, True], [True, True]])
    assert merge_slots(h_ruled, v_ruled) == [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1)]


def test_merge_slots_keeps_rectangles_when_the_open_sides_form_an_l() -> None:
    # the bottom-left slot is open above and to the right: one rectangle cannot cover the L
    h_ruled = np.array([[True, True], [False, True], [True, True]])
    v_ruled = np.array([[True, True], [True, False], [True, True]])
    rects = merge_slots(h_ruled, v_ruled)
    covered = sorted((r + i, c + j) for r, c, h, w in rects for i in range(h) for j in range(w))
    assert covered == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_drawn_table_gives_rows_columns_spans_and_pixel_bboxes() -> None:
    page = draw_table(blank(), MERGED, XS, YS)
    grids = image_to_grids(page, page_number=3, dpi=150)
    assert len(grids) == 1
    grid = grids[0]
    assert spans(grid) == (3, 3, tuple(sorted(MERGED)))
    assert (grid.page, grid.dpi, grid.free_text) == (3, 150, ())
    assert all(cell.text == "" and cell.page == 3 for cell in grid.cells)
    merged_down = next(c for c in grid.cells if (c.row, c.col) == (1, 0))
    assert merged_down.bbox.as_tuple() == pytest.approx((XS[0], YS[1], XS[1], YS[3]), abs=2)
    assert grid.bbox.as_tuple() == pytest.approx((XS[0], YS[0], XS[3], YS[3]), abs=2)


def test_text_strokes_inside_and_touching_cells_are_not_ruling() -> None:
    page = draw_table(blank(), MERGED, XS, YS)
    page = draw_text(
        page,
        [
            (310, 130, "一二三 十 二〇二三"),  # long strokes in the merged cell
            (104, 216, "目田口"),  # boxy characters touching the left frame
            (305, 226, "———"),  # dashes
            (455, 285, "三三三三三三"),  # touching the top line of its cell
        ],
    )
    grids = image_to_grids(page, 1, 150)
    assert [spans(g) for g in grids] == [(3, 3, tuple(sorted(MERGED)))]


def test_a_page_without_a_table_gives_no_grid() -> None:
    text_only = draw_text(
        blank(), [(60, 60 + 40 * i, "绩效目标申报表 一二三 田口目") for i in range(8)]
    )
    assert image_to_grids(text_only, 1, 150) == []
    one_box = cv2.rectangle(blank(), (50, 50), (300, 120), 0, 2)
    assert image_to_grids(one_box, 1, 150) == []  # a form-number box is not a table
    underline = cv2.line(blank(), (50, 300), (700, 300), 0, 2)
    assert image_to_grids(underline, 1, 150) == []


def test_two_tables_give_two_grids_top_to_bottom() -> None:
    page = blank(800, 900)
    draw_table(
        page,
        [(r, c, 1, 1) for r in range(2) for c in range(4)],
        (80, 240, 400, 560, 720),
        (520, 600, 680),
    )
    draw_table(
        page,
        [(r, c, 1, 1) for r in range(3) for c in range(2)],
        (80, 400, 720),
        (80, 160, 240, 320),
    )
    grids = image_to_grids(page, 1, 150)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(3, 2), (2, 4)]
    assert grids[0].bbox.y1 < grids[1].bbox.y0


def test_open_sided_table_gets_its_outer_columns_from_where_the_lines_end() -> None:
    page = blank()
    for y in YS:
        cv2.line(page, (XS[0], y), (XS[3], y), 0, 2)
    for x in XS[1:3]:  # no left or right frame
        cv2.line(page, (x, YS[0]), (x, YS[3]), 0, 2)
    grids = image_to_grids(page, 1, 150)
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in grids] == [(3, 3, 9)]


def test_input_must_be_a_2d_uint8_page() -> None:
    with pytest.raises(InputError):
        image_to_grids(np.zeros((100, 100, 3), np.uint8), 1, 150)
    with pytest.raises(InputError):
        image_to_grids(np.zeros((100, 100), np.float32), 1, 150)


# --- our rendered forms --------------------------------------------------------------------


def _records() -> dict[str, dict[str, Any]]:
    module = importlib.import_module("tests.scripts.render.test_form")
    return {name: getattr(module, name) for name in ("MEDIUM_ANNUAL", "ANNUAL", "DEPARTMENT")}


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[list[Spans], list[Grid], Grey]]:
    """name -> (born-digital structure, born-digital grids, 300-dpi grey page)."""
    pdfium = pytest.importorskip("pypdfium2")
    if not FONT.exists():
        pytest.skip("CJK fonts missing (scripts/bootstrap.sh)")
    render_form = importlib.import_module("scripts.render.form")
    out = tmp_path_factory.mktemp("forms")
    pages: dict[str, tuple[list[Spans], list[Grid], Grey]] = {}
    for name, record in _records().items():
        pdf = out / f"{name}.pdf"
        render_form.render_record(record, pdf)
        reference = pdf_to_grids(pdf, dpi=300)
        bitmap = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil().convert("L")
        pages[name] = (
            [spans(g) for g in reference],
            reference,
            np.asarray(bitmap, np.uint8).copy(),
        )
    return pages


FORMS = ("MEDIUM_ANNUAL", "ANNUAL", "DEPARTMENT")


def scan_path(image: NDArray[np.uint8], dpi: float) -> list[Grid]:
    grey, _, _ = separate_ink(image)
    grey, _ = correct_perspective(grey)
    grey, _ = deskew(grey)
    return image_to_grids(grey, 1, dpi)


@pytest.mark.parametrize("name", FORMS)
def test_rendered_form_matches_the_born_digital_grid(
    rendered: dict[str, tuple[list[Spans], list[Grid], Grey]], name: str
) -> None:
    want, reference, page = rendered[name]
    grids = image_to_grids(page, 1, 300)
    assert [spans(g) for g in grids] == want
    for got, ref in zip(grids, reference, strict=True):
        by_slot = {(c.row, c.col): c.bbox.as_tuple() for c in ref.cells}
        for cell in got.cells:
            assert cell.bbox.as_tuple() == pytest.approx(by_slot[(cell.row, cell.col)], abs=3)


def _rotate(angle: float) -> Callable[[Grey, np.random.Generator], tuple[NDArray[np.uint8], float]]:
    def apply(page: Grey, rng: np.random.Generator) -> tuple[NDArray[np.uint8], float]:
        height, width = page.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        return cv2.warpAffine(page, matrix, (width, height), borderValue=255), 300

    return apply


def _office_scan(page: Grey, rng: np.random.Generator) -> tuple[NDArray[np.uint8], float]:
    blurred = cv2.GaussianBlur(page.astype(np.float32), (0, 0), 0.8) * 0.85 + 25
    noisy = np.clip(blurred + rng.normal(0, 4, page.shape), 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 60])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), 300


def _red_seal(page: Grey, rng: np.random.Generator) -> tuple[NDArray[np.uint8], float]:
    """A semi-transparent red seal (rim, star, text) printed over lines and cells."""
    height, width = page.shape
    centre = (int(width * rng.uniform(0.35, 0.65)), int(height * rng.uniform(0.3, 0.6)))
    ink = np.zeros(page.shape, np.uint8)
    cv2.circle(ink, centre, 240, 255, 18)
    cv2.circle(ink, centre, 70, 255, -1)
    for dy, text in ((-110, "OFFICIAL SEAL"), (150, "2023 05 28")):
        cv2.putText(
            ink, text, (centre[0] - 200, centre[1] + dy), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 8
        )
    alpha = (ink.astype(np.float32) / 255 * 0.75)[..., None]
    colour = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR).astype(np.float32)
    red = np.array([40, 30, 220], np.float32) / 255  # BGR; multiplied: black print stays black
    return np.clip(colour * (1 - alpha) + colour * red * alpha, 0, 255).astype(np.uint8), 300


def _broken_lines(page: Grey, rng: np.random.Generator) -> tuple[NDArray[np.uint8], float]:
    """40 short pieces (6-16 px) erased from the ruling in each direction."""
    out = page.copy()
    dark = (page < 128).astype(np.uint8)
    for kernel, horizontal in (((1, 200), True), ((200, 1), False)):
        ys, xs = np.nonzero(cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones(kernel, np.uint8)))
        for k in rng.choice(len(ys), 40, replace=False):
            y, x, length = int(ys[k]), int(xs[k]), int(rng.integers(6, 16))
            if horizontal:
                out[max(0, y - 3) : y + 4, x : x + length] = 255
            else:
                out[y : y + length, max(0, x - 3) : x + 4] = 255
    return out, 300


def _fax(page: Grey, rng: np.random.Generator) -> tuple[NDArray[np.uint8], float]:
    """150 dpi, noisy, thresholded to 1 bit."""
    small = cv2.resize(page, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA).astype(np.float32)
    return np.where(small + rng.normal(0, 6, small.shape) < 150, 0, 255).astype(np.uint8), 150


DEGRADATIONS = {
    "skew+1.5": _rotate(1.5),
    "skew-2": _rotate(-2.0),
    "office_scan": _office_scan,
    "red_seal": _red_seal,
    "broken_lines": _broken_lines,
    "fax": _fax,
}


@pytest.mark.parametrize("degradation", sorted(DEGRADATIONS))
@pytest.mark.parametrize("name", FORMS)
def test_degraded_form_keeps_its_structure(
    rendered: dict[str, tuple[list[Spans], list[Grid], Grey]], name: str, degradation: str
) -> None:
    want, _, page = rendered[name]
    image, dpi = DEGRADATIONS[degradation](page, np.random.default_rng(7))
    assert [spans(g) for g in scan_path(image, dpi)] == want


# --- real paper ----------------------------------------------------------------------------


def _real_tables_dir() -> Path | None:
    for candidate in (Path("/work/shared/real-tables"), REPO.parent / "shared" / "real-tables"):
        if candidate.is_dir():
            return candidate
    return None


EXPECTED = json.loads((FIXTURES / "real_tables_expected.json").read_text(encoding="utf-8"))


def _real_cases() -> list[Any]:
    cases = []
    for entry in EXPECTED["images"]:
        marks = []
        if entry.get("known_gap"):
            marks.append(pytest.mark.xfail(reason=entry["known_gap"], strict=True))
        cases.append(pytest.param(entry, id=entry["file"], marks=marks))
    return cases


@pytest.mark.parametrize("entry", _real_cases())
def test_real_table_matches_the_hand_count(entry: dict[str, Any]) -> None:
    folder = _real_tables_dir()
    if folder is None:
        pytest.skip("real-tables folder not present (../shared/real-tables)")
    image = cv2.imread(str(folder / entry["file"]), cv2.IMREAD_COLOR)
    assert image is not None
    grids = scan_path(image, 300)
    assert len(grids) == len(entry["tables"])
    for grid, want in zip(grids, entry["tables"], strict=True):
        merged = sum(1 for c in grid.cells if c.rowspan > 1 or c.colspan > 1)
        got = {"rows": grid.n_rows, "cols": grid.n_cols, "cells": len(grid.cells), "merged": merged}
        assert {k: got[k] for k in want} == want
