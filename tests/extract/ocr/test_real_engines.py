"""The real engines on a few rendered crops: exact text from RapidOCR, close text from
Tesseract. Both engines are built once; the whole module runs in a few seconds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from declform.extract.ocr import CellImage, OcrEngine, build_engine
from tests.extract.ocr.render import SANS, SERIF, render

pytestmark = pytest.mark.tesseract

GOAL = ("保障禁毒工作正常开展", "进行法制宣传教育活动")
CELLS: list[tuple[str, CellImage]] = [
    (text, CellImage(render([text], font=font), "line"))
    for font in (SANS, SERIF)
    for text in ("≥95%", "项目名称", "150.00", "≤150万元")
] + [("".join(GOAL), CellImage(render(list(GOAL), font=font), "block")) for font in (SANS, SERIF)]


def _scanned(image: np.ndarray) -> np.ndarray:
    """A 150 dpi, blurred copy."""
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return np.asarray(cv2.GaussianBlur(small, (0, 0), 0.5))


@pytest.fixture(scope="module")
def rapid(rapid_engine: OcrEngine) -> OcrEngine:
    return rapid_engine


@pytest.fixture(scope="module")
def tesseract() -> Iterator[OcrEngine]:
    yield build_engine("tesseract")


def test_rapidocr_reads_labels_values_amounts_and_goals_exactly(rapid: OcrEngine) -> None:
    readings = rapid.read([cell for _, cell in CELLS])
    assert [r.text for r in readings] == [text for text, _ in CELLS]
    assert all(0.5 < r.confidence <= 1.0 for r in readings)
    goal = readings[-1]
    assert len(goal.lines) == 2
    assert goal.lines[0].bbox[3] <= goal.lines[1].bbox[1]


def test_rapidocr_keeps_the_signs_of_a_low_resolution_scan(rapid: OcrEngine) -> None:
    values = [(text, cell) for text, cell in CELLS if text[0] in "≥≤"]
    readings = rapid.read([CellImage(_scanned(cell.image), "line") for _, cell in values])
    assert [r.text for r in readings] == [text for text, _ in values]


FAX_LINES = {  # 108 dpi fax lines whose dense characters closed up when thickened
    "line_fax7_dense_project": "检测中心运营经费",
    "line_fax7_dense_level": "数量指标",
    "line_fax7_dense_name": "突发重大事件发生率",
    "line_fax7_dense_goal": "和睦、邻里团结、遵纪守法、群防群治的良好",
}


def test_rapidocr_reads_the_dense_characters_of_a_fax(rapid: OcrEngine) -> None:
    fixtures = Path(__file__).parent / "fixtures"
    cells = [
        CellImage(cv2.imread(str(fixtures / f"{name}.png"), cv2.IMREAD_GRAYSCALE), "line")
        for name in FAX_LINES
    ]
    assert [r.text for r in rapid.read(cells)] == list(FAX_LINES.values())


PHOTOCOPY_CELLS = {  # 200 dpi heavy photocopy: toner turned 宣 into 宜, 覆 into 疆, 警 into 普
    "cell_photocopy11_publicity_people": ("参加宜传的人数", "参加宣传的人数"),
    "cell_photocopy11_publicity_coverage": ("社会宜传的疆盖率", "社会宣传的覆盖率"),
    "cell_photocopy11_police_satisfaction": ("民普滴意度", "民警滴意度"),
}


def test_rapidocr_takes_the_characters_that_make_words_where_it_doubts(
    rapid: OcrEngine,
) -> None:
    from declform.extract.ocr.rapid import RapidEngine

    fixtures = Path(__file__).parent / "fixtures"
    cells = [
        CellImage(cv2.imread(str(fixtures / f"{name}.png"), cv2.IMREAD_GRAYSCALE), "line")
        for name in PHOTOCOPY_CELLS
    ]
    assert [r.text for r in rapid.read(cells)] == [
        with_words for _, with_words in PHOTOCOPY_CELLS.values()
    ]
    without = RapidEngine(lexicon=False)
    assert [r.text for r in without.read(cells)] == [first for first, _ in PHOTOCOPY_CELLS.values()]


def test_tesseract_reads_close_to_the_truth_and_gets_the_signs(tesseract: OcrEngine) -> None:
    readings = tesseract.read([cell for _, cell in CELLS])
    errors = sum(
        Levenshtein.distance(text, r.text) for (text, _), r in zip(CELLS, readings, strict=True)
    )
    assert errors / sum(len(text) for text, _ in CELLS) < 0.1
    signs = [r.text[0] for (text, _), r in zip(CELLS, readings, strict=True) if text[0] in "≥≤"]
    assert signs == ["≥", "≤", "≥", "≤"]


def test_engines_give_an_empty_reading_for_a_blank_cell(
    rapid: OcrEngine, tesseract: OcrEngine
) -> None:
    blank = CellImage(np.full((90, 300), 255, dtype=np.uint8), "line")
    for engine in (rapid, tesseract):
        (reading,) = engine.read([blank])
        assert reading.text == "" and reading.lines == ()
        assert engine.read([]) == []


def test_rapidocr_loads_its_models_from_the_wheel(rapid: OcrEngine) -> None:
    from declform.extract.ocr.rapid import rec_model_path

    model = rec_model_path()
    assert model.is_file() and "rapidocr_onnxruntime" in model.parts
    assert Path(model).stat().st_size > 1_000_000
