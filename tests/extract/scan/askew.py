"""A scan fed askew: the fixture the page-transform tests share."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from scripts.render.form import render_record
from tests.paths import GOLDEN

DPI = 150.0
SKEW_DEG = 1.5


def turned_and_skewed_scan(tmp_path: Path) -> np.ndarray:
    """A golden form rendered at 150 dpi, lying on its side (90° anticlockwise) and then
    turned 1.5° more, as a page fed askew into a scanner (BGR)."""
    pdf = tmp_path / "form.pdf"
    render_record(json.loads((GOLDEN / "003_27ce3556bcc24381-1.json").read_text("utf-8")), pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    image = np.asarray(document[0].render(scale=DPI / 72).to_pil().convert("RGB"))[:, :, ::-1]
    document.close()
    sideways = np.ascontiguousarray(np.rot90(image, k=1))
    height, width = sideways.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), SKEW_DEG, 1.0)
    skewed = cv2.warpAffine(sideways, matrix, (width, height), borderValue=(255, 255, 255))
    return np.ascontiguousarray(skewed, dtype=np.uint8)
