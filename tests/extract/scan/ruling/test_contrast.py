"""Ink masks for the line finder: contrast against the paper right around each mark."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.contrast import LineScale, line_ink, mean_mask, print_ink

Grey = NDArray[np.uint8]


def faint_rule_between_bold_blocks() -> Grey:
    """A light grey rule (contrast 50) five pixels below and above solid black blocks, as
    a fax's descreened dotted rule runs between two rows of bold text."""
    page = np.full((200, 400), 255, np.uint8)
    page[100:102, 20:380] = 205
    for x in range(30, 370, 40):
        page[75:95, x : x + 30] = 0
        page[107:127, x : x + 30] = 0
    return page


def test_a_faint_rule_between_bold_text_is_line_ink_across_its_length() -> None:
    page = faint_rule_between_bold_blocks()
    lines = line_ink(page, "h", 9)
    assert (lines.mask[100, 20:380] > 0).all()
    assert lines.contrast[100, 200] == 50
    # the mean threshold, pulled down by the blocks, loses it where they crowd it
    assert (mean_mask(page)[100:102, 20:380] == 0).all(axis=0).mean() > 0.5


def test_horizontal_line_ink_leaves_out_vertical_strokes() -> None:
    page = np.full((200, 200), 255, np.uint8)
    page[50:150, 100:103] = 0  # a tall vertical stroke
    page[40:43, 20:180] = 0  # a horizontal line
    mask = line_ink(page, "h", 9).mask
    assert (mask[41, 20:180] > 0).all()
    assert not mask[60:140, 100:103].any()
    assert (line_ink(page, "v", 9).mask[60:140, 101] > 0).all()


def test_shading_and_dark_margins_are_not_ink_nor_their_edges() -> None:
    page = np.full((300, 300), 255, np.uint8)
    page[:40, :] = 30  # a copier lid's black band along the top
    page[100:200, 50:150] = 204  # a grey-shaded cell
    page[100:200, 150:152] = 80  # its ruled side
    page[140:150, 70:100] = 0  # a word in it
    ink = print_ink(page, 23)
    assert not ink[:60].any()
    assert not ink[100:200, 50:68].any()  # along the fill's left edge
    assert (ink[120, 150:152] > 0).all() and (ink[145, 70:100] > 0).all()
    assert not line_ink(page, "h", 9).mask[30:50].any()


def test_glyph_size_is_capped_on_a_page_with_few_marks() -> None:
    # thirty marks 41 px tall (a seal's ring text, a big handwritten date) and nothing else
    sparse = np.zeros((1240, 1754), np.uint8)
    for k in range(30):
        cv2.rectangle(sparse, (40 + 50 * k, 600), (60 + 50 * k, 640), 255, -1)
    assert LineScale.measure(sparse).glyph == round(1240 / 56)
    # among three hundred print-sized marks they are the few large ones they are
    print_height = 30
    busy = sparse.copy()
    for k in range(300):
        x, y = 40 + 50 * (k % 30), 100 + 40 * (k // 30)
        cv2.rectangle(busy, (x, y), (x + 20, y + print_height - 1), 255, -1)
    assert LineScale.measure(busy).glyph == print_height
