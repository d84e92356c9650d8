"""The cells the OCR benchmark reads (scripts/bench/cell_ocr.py): real cell strings from the
seeds, drawn stratified (values weigh most), and rendered as crops in a serif and a sans font
in four conditions: clean 300 dpi; degraded (150 dpi, blur, noise, JPEG, slight rotation,
ruling stubs); a red seal over the text read as grey (luminance); the same read through the
red channel."""

from __future__ import annotations

import io
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from declform.extract.ocr import CellImage, CellKind

SERIF = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
SANS = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CONDITIONS = ("clean", "degraded", "seal_grey", "seal_red")
VALUE_SIGNS = re.compile(r"[≥≤<>%]")
_MARKUP = re.compile(r"[$\\<>*#|]|\{|\}")
_AMOUNT = re.compile(r"^\d[\d,]*(\.\d+)?(万元|元)?$")
_SEAL_TEXT = "拉萨市财政局预算管理专用章"
@dataclass(frozen=True)
class Sample:
    text: str
    category: str  # label | name | value | amount | goal
    kind: CellKind


# ---------------------------------------------------------------- cell strings from the seeds
def seed_cells(seeds_dir: Path) -> list[str]:
    cells: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells.extend(" ".join(cell.split()) for cell in line.split("\t"))
    return [c for c in cells if c and not _MARKUP.search(c)]


def seed_forms(seeds_dir: Path) -> list[list[str]]:
    """The non-blank cells of each seed form (a form starts at its 申报表/目标表 title)."""
    forms: list[list[str]] = [[]]
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if ("申报表" in line or "目标表" in line) and forms[-1]:
                forms.append([])
            forms[-1].extend(" ".join(cell.split()) for cell in line.split("\t"))
    return [[c for c in form if c and not _MARKUP.search(c)] for form in forms]


def pick_samples(cells: list[str], rng: random.Random, total: int) -> list[Sample]:
    """A stratified draw: values weigh most, because signs are where engines differ."""
    counts: dict[str, int] = {}
    for cell in cells:
        counts[cell] = counts.get(cell, 0) + 1
    pools: dict[str, list[str]] = {k: [] for k in ("value", "amount", "label", "name", "goal")}
    for cell in sorted(counts):
        if len(cell) > 25 and len(cell) <= 140:
            pools["goal"].append(cell)
        elif len(cell) > 25:
            continue
        elif VALUE_SIGNS.search(cell) and len(cell) <= 16:
            pools["value"].append(cell)
        elif _AMOUNT.match(cell):
            pools["amount"].append(cell)
        elif counts[cell] >= 8 and len(cell) <= 12:
            pools["label"].append(cell)
        elif len(cell) >= 4 and re.search(r"[\u4e00-\u9fff]", cell):
            pools["name"].append(cell)
    shares = {"value": 0.35, "amount": 0.1, "label": 0.15, "name": 0.28, "goal": 0.12}
    samples: list[Sample] = []
    for category, share in shares.items():
        pool = pools[category]
        for text in rng.sample(pool, min(len(pool), round(total * share))):
            wrapped = category == "goal" or (category == "name" and len(text) > 14)
            samples.append(Sample(text, category, "block" if wrapped else "line"))
    return samples


# ---------------------------------------------------------------- rendering
def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and font.getlength(current + char) > width:
            lines.append(current)
            current = char.lstrip()
        else:
            current += char
    return [*lines, current] if current else lines


def render_cell(
    text: str, font_path: Path, kind: str, dpi: int = 300, rng: random.Random | None = None
) -> Image.Image:
    """An RGB cell crop: `line` text centred in a cell, `block` text wrapped left-aligned."""
    rng = rng or random.Random(0)
    size = round(rng.choice((10.5, 12.0)) / 72 * dpi)
    font = ImageFont.truetype(str(font_path), size)
    lines = _wrap(text, font, rng.uniform(14, 22) * size) if kind == "block" else [text]
    leading = round(size * rng.uniform(1.25, 1.6))
    text_w = max(font.getlength(line) for line in lines)
    width = round(text_w + rng.uniform(0.4, 3.0) * size)
    height = round(leading * len(lines) + rng.uniform(0.4, 1.5) * size)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = (height - leading * len(lines)) / 2 + (leading - size) / 2
    for line in lines:
        x = (width - font.getlength(line)) / 2 if kind == "line" else (width - text_w) / 2
        draw.text((x, y), line, font=font, fill=(15, 15, 15))
        y += leading
    return image


def degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    """Photocopy-grade scan damage on a 150 dpi crop; returns grey."""
    grey = image.convert("L")
    if rng.random() < 0.3:  # a stub of the table's ruling left by the cell cropper
        draw = ImageDraw.Draw(grey)
        y = rng.choice((0, grey.height - 2))
        draw.line((0, y, grey.width, y), fill=30, width=2)
    grey = grey.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    pixels = np.asarray(grey, dtype=np.float32) * rng.uniform(0.9, 0.97)
    pixels += np.random.default_rng(rng.randrange(1 << 30)).normal(
        0, rng.uniform(5, 11), pixels.shape
    )
    grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    grey.save(buffer, format="JPEG", quality=rng.randrange(30, 60))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _seal_layer(size: tuple[int, int], dpi: int, rng: random.Random) -> Image.Image:
    """A red round seal (ring, star, arc text) placed so that a ring, text or star crosses
    the middle of the crop; returned as an alpha mask."""
    radius = round(2.1 / 2.54 * dpi)  # a 4.2 cm official seal
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    feature = rng.choice((radius, 0.72 * radius, 0.0))
    theta = rng.uniform(0, 2 * math.pi)
    px, py = rng.uniform(0.2, 0.8) * size[0], rng.uniform(0.35, 0.65) * size[1]
    cx, cy = px - feature * math.cos(theta), py - feature * math.sin(theta)
    ring = max(4, radius // 28)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255, width=ring)
    star = [
        (
            cx + (0.2 if k % 2 == 0 else 0.08) * radius * math.sin(k * math.pi / 5),
            cy - (0.2 if k % 2 == 0 else 0.08) * radius * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=255)
    glyph_px = round(radius * 0.2)
    font = ImageFont.truetype(str(SANS), glyph_px)
    for index, char in enumerate(_SEAL_TEXT):
        angle = math.radians(150 + index * 240 / (len(_SEAL_TEXT) - 1))
        glyph = Image.new("L", (glyph_px * 2, glyph_px * 2), 0)
        ImageDraw.Draw(glyph).text((glyph_px / 2, glyph_px / 2), char, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        gx = cx + 0.74 * radius * math.cos(angle) - glyph_px
        gy = cy + 0.74 * radius * math.sin(angle) - glyph_px
        mask.paste(255, (round(gx), round(gy)), glyph)
    return mask


def add_seal(image: Image.Image, dpi: int, rng: random.Random) -> Image.Image:
    """Multiply a semi-transparent red seal over the crop (ink under it stays dark)."""
    alpha = np.asarray(_seal_layer(image.size, dpi, rng), dtype=np.float32)[..., None] / 255
    alpha *= rng.uniform(0.55, 0.8)
    red = np.array([222, 36, 44], dtype=np.float32) / 255
    pixels = np.asarray(image, dtype=np.float32) * (1 - alpha + alpha * red)
    return Image.fromarray(pixels.astype(np.uint8))


def make_crops(samples: Sequence[Sample], seed: int = 7) -> dict[str, list[CellImage]]:
    rng = random.Random(seed)
    crops: dict[str, list[CellImage]] = {c: [] for c in CONDITIONS}
    for index, sample in enumerate(samples):
        font = SERIF if index % 2 else SANS
        clean = render_cell(sample.text, font, sample.kind, 300, rng)
        sealed = add_seal(clean, 300, rng)
        low = render_cell(sample.text, font, sample.kind, 150, rng)
        for condition, grey in (
            ("clean", clean.convert("L")),
            ("degraded", degrade(low, rng)),
            ("seal_grey", sealed.convert("L")),
            ("seal_red", sealed.getchannel("R")),
        ):
            crops[condition].append(CellImage(np.asarray(grey), sample.kind))
    return crops
