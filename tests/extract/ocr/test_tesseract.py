"""Tesseract's words into lines, with the speck check on the line's ink (no binary needed)."""

from __future__ import annotations

import numpy as np
from PIL import ImageFont

from declform.extract.ocr.tesseract import parse_tsv, tsv_lines
from tests.extract.ocr.render import SANS, render

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _word(left: int, top: int, width: int, height: int, text: str) -> str:
    return f"5\t1\t1\t1\t1\t1\t{left}\t{top}\t{width}\t{height}\t90\t{text}"


def test_a_mark_over_blank_paper_is_dropped_and_a_printed_one_kept() -> None:
    size, margin = 29, 6
    image = render(["目标：≥95%"], size=size, margin=margin)
    image = np.hstack((image, np.full((image.shape[0], size), 255, np.uint8)))
    face = ImageFont.truetype(str(SANS), size)
    printed = round(face.getlength("目标："))
    value = round(face.getlength("≥95%"))
    top, height = margin, size
    tsv = "\n".join(
        [
            HEADER,
            _word(margin, top, printed, height, "目标："),
            # the value, and a colon read over the blank paper after it
            _word(margin + printed, top, value + size // 2, height, "≥95%:"),
        ]
    )
    (line,) = tsv_lines(parse_tsv(tsv), [image])[1]
    assert (line.text, line.raw) == ("目标： ≥95%", "目标： ≥95%:")
    (unchecked,) = tsv_lines(parse_tsv(tsv))[1]  # without the page image nothing is judged
    assert (unchecked.text, unchecked.raw) == ("目标： ≥95%:", "")
