"""Crops and page images: one scale for all crops, blank sides trimmed, frame size kept."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from declform.output import CellRecord
from declform.output.review.images import (
    CROP_PAD,
    CROP_SCALE,
    crop_name,
    encode_crop,
    encode_page,
    frame_size,
)


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _page_with_text_at(x0: int, x1: int) -> np.ndarray:
    page = np.full((400, 2000), 255, dtype=np.uint8)
    page[100:102, :] = page[200:202, :] = 0  # the cell's top and bottom rulings
    page[130:170, x0:x1] = 0  # a short word
    return page


def test_a_short_text_in_a_wide_cell_is_cropped_to_the_text() -> None:
    box = (0.0, 100.0, 2000.0, 202.0)
    width, height = _size(encode_crop(_page_with_text_at(900, 1000), box))
    assert width < 0.2 * 2000 * CROP_SCALE  # the word and a margin, not the 2000 px cell
    assert height == round((102 + 2 * CROP_PAD) * CROP_SCALE)


def test_a_ruling_inside_the_box_is_not_taken_for_text() -> None:
    page = _page_with_text_at(900, 1000)
    page[100:202, 1900:1903] = 0  # the cell's right ruling, found a little left of its box edge
    page[190:193, 1700:1900] = 0  # and the bottom ruling's tilted end, inside the box
    trimmed = _size(encode_crop(_page_with_text_at(900, 1000), (0.0, 100.0, 2000.0, 202.0)))
    assert _size(encode_crop(page, (0.0, 100.0, 2000.0, 202.0))) == trimmed


def test_a_blank_cell_keeps_its_width_and_crops_share_one_scale() -> None:
    blank = encode_crop(_page_with_text_at(0, 0), (100.0, 100.0, 600.0, 202.0))
    assert _size(blank)[0] == round((500 + 2 * CROP_PAD) * CROP_SCALE)
    wide_text = encode_crop(_page_with_text_at(120, 580), (100.0, 100.0, 600.0, 202.0))
    assert _size(wide_text) == _size(blank)


def test_page_image_is_small_and_remembers_its_frame(tmp_path: Path) -> None:
    page = np.full((3508, 2480, 3), 255, dtype=np.uint8)
    cell = CellRecord(1, (100.0, 100.0, 900.0, 300.0), 0, 0, 1, 1, "x", 0.3)
    path = tmp_path / "page.webp"
    path.write_bytes(encode_page(page, [cell], flagged=set()))
    assert frame_size(path) == (2480, 3508)
    with Image.open(path) as image:
        assert image.width == 1200
        red = np.asarray(image.convert("RGB"))[int(100 * 1200 / 2480), 300]
    assert red[0] > 180 and red[1] < 100  # a low-confidence cell is outlined in red


def test_names_are_content_keys() -> None:
    a = crop_name("ab" * 32, 1, (1.2, 2.0, 30.4, 40.0))
    assert a == crop_name("ab" * 32, 1, (1.0, 2.0, 30.0, 40.0))  # same pixels, same file
    assert a != crop_name("ab" * 32, 2, (1.0, 2.0, 30.0, 40.0))
    assert a != crop_name("cd" * 32, 1, (1.0, 2.0, 30.0, 40.0))
