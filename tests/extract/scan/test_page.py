"""The scan path: cell reading with a replayed engine, and scanned pages end to end."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytest

from declform.extract.ocr import OcrReading
from declform.extract.pipeline import Extractor
from declform.extract.scan.page import read_cells
from scripts.bench.score import score_record
from scripts.render.form import render_record
from tests.fakes import FakeEngine
from tests.layouts.gridkit import COL_WIDTH, ROW_HEIGHT, make_grid
from tests.paths import GOLDEN


def _page_with_ink(grid_rows: int, grid_cols: int, inked: list[tuple[int, int]]) -> np.ndarray:
    image = np.full((200 + int(ROW_HEIGHT) * (grid_rows + 1), int(COL_WIDTH) * grid_cols), 255, np.uint8)
    for row, col in inked:
        x, y = int(col * COL_WIDTH) + 20, 200 + int(row * ROW_HEIGHT) + 22
        cv2.putText(image, "AB8", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
    return image


def test_read_cells_keeps_doubts_visible() -> None:
    grid = make_grid([(0, 0, 1, 1, ""), (0, 1, 1, 1, ""), (0, 2, 1, 1, ""), (0, 3, 1, 1, "")])
    image = _page_with_ink(1, 4, [(0, 0), (0, 1), (0, 2)])
    engine = FakeEngine(in_order=[
        OcrReading("项目名称", 0.95), OcrReading("≥95%", 0.45), OcrReading("之乏", 0.1),
    ])
    filled, warnings = read_cells(image, grid, engine, dpi=300)
    assert engine.calls == 1  # one batched call for the page
    assert [c.text for c in filled.cells] == ["项目名称", "≥95%", "", ""]
    assert filled.cells[3].confidence == 1.0  # blank cells are not sent to the engine
    codes = {w.where: w.code for w in warnings}
    assert codes == {"page 1 row 0 col 1": "low_confidence", "page 1 row 0 col 2": "unreadable_cell"}
    assert "之乏" in next(w.message for w in warnings if w.code == "unreadable_cell")


def test_a_cell_holding_only_specks_is_left_blank_unread() -> None:
    grid = make_grid([(0, 0, 1, 1, ""), (0, 1, 1, 1, ""), (0, 2, 1, 1, "")])
    image = _page_with_ink(1, 3, [(0, 0), (0, 1)])
    x, y = int(2 * COL_WIDTH) + 40, 200 + 20
    image[y : y + 3, x : x + 3] = 0  # toner dust in the third cell: 3 px, the print 12
    image[y : y + 3, x + 9 : x + 12] = 0
    engine = FakeEngine(in_order=[OcrReading("AB8", 0.95), OcrReading("AB8", 0.95)])
    filled, warnings = read_cells(image, grid, engine, dpi=200)
    assert [c.text for c in filled.cells] == ["AB8", "AB8", ""]
    assert filled.cells[2].confidence == 1.0 and warnings == []  # blank, not unreadable


def test_a_cell_under_a_toner_cloud_is_left_blank_unread() -> None:
    # a photocopy's noise over a blank level cell (it continues the level above): read, the
    # cloud came back as "dt38:43家" and the rows under it lost their level
    grid = make_grid([(0, col, 1, 1, "") for col in range(4)] + [(1, 0, 3, 1, "")])
    image = _page_with_ink(4, 4, [(0, col) for col in range(4)])
    rng = np.random.default_rng(7)
    y0, y1 = 200 + int(ROW_HEIGHT) + 6, 200 + int(4 * ROW_HEIGHT) - 6
    for y in range(y0, y1):  # specks 2 px apart on every row: no two touch
        for x in range(6 + 2 * (y % 2), int(COL_WIDTH) - 6, 4):
            if rng.random() < 0.8:
                image[y, x] = 0
    image[y0 + 40 : y0 + 44, 30:36] = 0  # and a blot or two among the specks
    ys, xs = rng.integers(y0, y1, 60), rng.integers(6, int(COL_WIDTH) - 6, 60)
    engine = FakeEngine(in_order=[OcrReading("AB8", 0.95)] * 4)
    filled, warnings = read_cells(image, grid, engine, dpi=200)
    assert [c.text for c in filled.cells] == ["AB8"] * 4 + [""]
    assert warnings == []
    # print among specks is print: the cell is read
    image[y0:y1, 6 : int(COL_WIDTH) - 6] = 255
    image[ys, xs] = 0
    cv2.putText(image, "AB8", (24, y0 + 52), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
    engine = FakeEngine(in_order=[OcrReading("AB8", 0.95)] * 5)
    filled, _ = read_cells(image, grid, engine, dpi=200)
    assert filled.cells[4].text == "AB8"


def test_marks_dropped_as_specks_leave_the_raw_reading_in_a_warning() -> None:
    grid = make_grid([(0, 0, 1, 1, ""), (0, 1, 1, 1, "")])
    image = _page_with_ink(1, 2, [(0, 0), (0, 1)])
    engine = FakeEngine(in_order=[OcrReading("≥95%", 0.95, raw="≥95%:"), OcrReading("项目", 0.9)])
    filled, warnings = read_cells(image, grid, engine, dpi=200)
    assert [c.text for c in filled.cells] == ["≥95%", "项目"]
    [warning] = warnings
    assert (warning.code, warning.where) == ("speck_dropped", "page 1 row 0 col 0")
    assert "'≥95%:'" in warning.message


def _scan_of(golden: str, tmp_path: Path, quarter_turns: int = 0) -> tuple[dict, Path]:  # type: ignore[type-arg]
    truth = json.loads((GOLDEN / f"{golden}.json").read_text(encoding="utf-8"))
    pdf = tmp_path / "form.pdf"
    render_record(truth, pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[0].render(scale=300 / 72).to_pil()
    document.close()
    pixels = np.rot90(np.asarray(image.convert("RGB")), k=quarter_turns)
    png = tmp_path / "scan.png"
    cv2.imwrite(str(png), np.ascontiguousarray(pixels[:, :, ::-1]))
    return truth, png


@pytest.mark.parametrize("quarter_turns", [0, 1])
def test_scanned_page_reads_like_the_born_digital_one(tmp_path: Path, quarter_turns: int) -> None:
    truth, png = _scan_of("003_27ce3556bcc24381-1", tmp_path, quarter_turns)
    result = Extractor("rapidocr").extract_file(png)
    assert result.ok, result.pages
    (record,) = result.records
    got = record.to_dict()
    rates = score_record(truth, got).rates()
    assert rates["header_exact"] is not None and rates["header_exact"] >= 11 / 12
    assert rates["indicator_f1"] is not None and rates["indicator_f1"] >= 0.9
    assert rates["value_exact"] is not None and rates["value_exact"] >= 0.9
    assert got["cells"] and all(0 <= c["confidence"] <= 1 for c in got["cells"])
    turned = [w for w in got["warnings"] if w["code"] == "page_rotated"]
    assert bool(turned) == bool(quarter_turns)
    (transform,) = record.page_transforms  # saved with the record: the review replays it
    assert transform.page == 1 and transform.rotation == 90 * quarter_turns
