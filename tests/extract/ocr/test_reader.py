"""The cell-reading policy the engines share: cleaned crops, a seal's layer read both ways,
the more confident reading kept, a page's crops recognised in one call."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from declform.extract.ocr.cleaning import clean_crop
from declform.extract.ocr.engine import CellImage, OcrReading
from declform.extract.ocr.reader import cell_variants, read_best_variant
from tests.extract.ocr.render import render


def _sealed(crop: np.ndarray) -> np.ndarray:
    """The crop under a seal's ring printed in grey (as test_textlines draws it)."""
    height, width = crop.shape
    ring = np.full_like(crop, 255)
    cv2.circle(ring, (width // 2, height + 60), 150, 150, 8)
    cv2.circle(ring, (width // 2 - 40, -40), 90, 150, 8)
    return np.asarray(np.minimum(crop, ring))


class Recogniser:
    """Reads crop number i (in call order) with confidence `confidences[i]`; records calls."""

    def __init__(self, confidences: Sequence[float]) -> None:
        self.confidences = list(confidences)
        self.calls: list[list[CellImage]] = []

    def __call__(self, crops: Sequence[CellImage]) -> list[OcrReading]:
        start = sum(len(call) for call in self.calls)
        self.calls.append(list(crops))
        return [
            OcrReading(f"crop{start + i}", self.confidences[start + i]) for i in range(len(crops))
        ]


def test_plain_crops_are_cleaned_and_read_once_in_one_call() -> None:
    plain = render(["项目名称"])
    colour = cv2.cvtColor(render(["150.00"]), cv2.COLOR_GRAY2BGR)
    cells = [CellImage(plain, "line"), CellImage(colour, "block")]
    recogniser = Recogniser([0.9, 0.8])
    readings = read_best_variant(cells, recogniser)
    assert [r.text for r in readings] == ["crop0", "crop1"]
    (call,) = recogniser.calls
    assert [crop.kind for crop in call] == ["line", "block"]
    assert np.array_equal(call[0].image, clean_crop(plain))
    assert call[1].image.ndim == 2  # turned grey before cleaning


def test_a_sealed_crop_is_read_with_and_without_its_layer_and_the_surer_reading_wins() -> None:
    sealed = CellImage(_sealed(render(["社会宣传的覆盖率"])), "block")
    variants = cell_variants(sealed)
    assert len(variants) == 2 and all(v.kind == "block" for v in variants)
    assert not np.array_equal(variants[0].image, variants[1].image)
    plain = CellImage(render(["≥95%"]))
    # cells: sealed (crops 0, 1), plain (crop 2), sealed (crops 3, 4)
    recogniser = Recogniser([0.5, 0.7, 0.9, 0.6, 0.6])
    readings = read_best_variant([sealed, plain, sealed], recogniser)
    assert [r.text for r in readings] == ["crop1", "crop2", "crop3"]  # a tie keeps the first
    assert len(recogniser.calls) == 1


def test_no_cells_no_readings() -> None:
    assert read_best_variant([], Recogniser([])) == []
