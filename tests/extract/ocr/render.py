"""Tiny deterministic cell crops for the OCR tests: Pillow text on white, grey uint8."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SANS = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
SERIF = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


def render(
    lines: Sequence[str],
    font: Path = SANS,
    size: int = 44,
    leading: float = 1.5,
    margin: int = 30,
    width: int | None = None,
) -> np.ndarray:
    """Lines of text, left-aligned, `size` px glyphs (10.5 pt at 300 dpi ≈ 44 px)."""
    face = ImageFont.truetype(str(font), size)
    pitch = round(size * leading)
    text_width = max(round(face.getlength(line)) for line in lines)
    image = Image.new("L", (width or text_width + 2 * margin, pitch * len(lines) + 2 * margin), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((margin, margin + index * pitch), line, font=face, fill=10)
    return np.asarray(image)
