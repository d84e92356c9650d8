"""Tesseract (chi_sim) on cell crops: one process per page rather than one per cell.

Each crop is cleaned (ruling stubs; a grey seal, read both with and without it: `reader`),
cut to its ink, scaled so that a line is `line_px` high and padded. All crops of a page then
go through one `tesseract` process (`tesseract_exec`) per page segmentation mode, reading a
list file of the crops, each crop a page of its own: `--psm 7` (one line) and `--psm 6` (a
block) apply per crop and nothing has to be mapped back by position. (Measured against
stacking the crops into one composite image, and against the in-process tesserocr API: see
scripts/bench/cell_ocr.py.)
chi_sim does not know ≥ and ≤ (it reads 之, 二, 字, 乏): the first glyph of a value-like
cell is checked by shape (`signs.leading_sign`) and put right. A mark a line holds is checked
against the line's ink (`marks`), its place on the line spread evenly across its word's box.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from declform.extract import timing
from declform.extract.ocr import tesseract_exec
from declform.extract.ocr.engine import CellImage, OcrLine, OcrReading
from declform.extract.ocr.marks import speck_marks, without
from declform.extract.ocr.reader import read_best_variant
from declform.extract.ocr.signs import leading_sign
from declform.extract.ocr.text import looks_like_value, remove_cjk_spaces, with_leading_sign
from declform.extract.ocr.textlines import crop_line, split_lines
from declform.extract.timing import stage

PSM_LINE, PSM_BLOCK = 7, 6
# A word of Tesseract's TSV: page (1-based), (block, paragraph, line), text with box.
Word = tuple[int, tuple[int, int, int], OcrLine]
# chi_sim's confusions that no form text contains.
_LOOKALIKES = str.maketrans({"〈": "(", "〉": ")"})
_LINE_MARGIN = 3  # px of paper kept round a line's words for the speck check


@dataclass(frozen=True)
class Prepared:
    """A crop as Tesseract gets it, and how to map its pixels back to the cell crop."""

    image: np.ndarray | None  # None: the crop holds no ink
    psm: int
    scale: float
    offset: tuple[int, int]
    first_line: np.ndarray | None  # for the leading-sign check
    lines: int = 0  # text lines the crop holds


def prepare(grey: np.ndarray, kind: str, line_px: int, pad_ratio: float) -> Prepared:
    with stage("split"):
        boxes = split_lines(grey)
        first_line = crop_line(grey, boxes[0]) if boxes else None
    if not boxes:
        return Prepared(None, PSM_LINE, 1.0, (0, 0), None)
    with stage("prepare"):
        line_height = float(np.median([b.height for b in boxes]))
        scale = float(np.clip(line_px / max(1.0, line_height), 0.5, 4.0))
        x0, y0 = min(b.x0 for b in boxes), min(b.y0 for b in boxes)
        x1, y1 = max(b.x1 for b in boxes), max(b.y1 for b in boxes)
        ink = grey[y0:y1, x0:x1]
        if abs(scale - 1.0) > 0.05:
            size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
            interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
            ink = cv2.resize(ink, size, interpolation=interpolation)
        pad = max(4, round(line_px * pad_ratio))
        paper = max(128, int(np.median(ink)))
        padded = cv2.copyMakeBorder(ink, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
    psm = PSM_BLOCK if kind == "block" or len(boxes) > 1 else PSM_LINE
    offset = (x0 - round(pad / scale), y0 - round(pad / scale))
    return Prepared(padded, psm, scale, offset, first_line, len(boxes))


def _to_cell(line: OcrLine, prepared: Prepared, first: bool, fix_signs: bool) -> OcrLine:
    """The line in crop pixels, its text cleaned and its leading sign checked."""
    x0, y0, x1, y1 = line.bbox
    s, (ox, oy) = prepared.scale, prepared.offset
    box = (ox + round(x0 / s), oy + round(y0 / s), ox + round(x1 / s), oy + round(y1 / s))
    text = remove_cjk_spaces(line.text).translate(_LOOKALIKES)
    if first and fix_signs and prepared.first_line is not None and looks_like_value(text):
        text = with_leading_sign(text, leading_sign(prepared.first_line, text))
    return OcrLine(text, box, line.confidence, raw=line.raw)


def parse_tsv(tsv: str) -> list[Word]:
    """Tesseract's TSV words as (page, (block, paragraph, line), word) with 0..1 confidence."""
    words = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = (int(v) for v in fields[6:10])
        word = OcrLine(
            fields[11].strip(),
            (left, top, left + width, top + height),
            max(0.0, float(fields[10])) / 100,
        )
        words.append((int(fields[1]), (int(fields[2]), int(fields[3]), int(fields[4])), word))
    return words


def _without_specks(words: Sequence[OcrLine], image: np.ndarray | None) -> tuple[str, str]:
    """The line's text (words joined by spaces) without the marks its ink shows to be specks
    (`marks`; each character placed evenly across its word's box), and the raw text when any
    was dropped ("" otherwise)."""
    raw = " ".join(w.text for w in words)
    if image is None:
        return raw, ""
    x0 = max(0, min(w.bbox[0] for w in words) - _LINE_MARGIN)
    x1 = min(image.shape[1], max(w.bbox[2] for w in words) + _LINE_MARGIN)
    y0 = max(0, min(w.bbox[1] for w in words) - _LINE_MARGIN)
    y1 = min(image.shape[0], max(w.bbox[3] for w in words) + _LINE_MARGIN)
    places = [
        (w.bbox[0] + (w.bbox[2] - w.bbox[0]) * (k + 0.5) / len(w.text) - x0) / max(1, x1 - x0)
        for w in words
        for k in range(len(w.text))
    ]
    specks = speck_marks(image[y0:y1, x0:x1], "".join(w.text for w in words), places)
    if not specks:
        return raw, ""
    kept, start = [], 0
    for word in words:
        kept.append(without(word.text, frozenset(i - start for i in specks)))
        start += len(word.text)
    return " ".join(text for text in kept if text), raw


def tsv_lines(
    words: Sequence[Word], images: Sequence[np.ndarray | None] = ()
) -> dict[int, list[OcrLine]]:
    """Words grouped into lines, top to bottom, per page (1-based, in list-file order); with
    the pages' `images`, marks their ink does not show are dropped as specks."""
    grouped: dict[tuple[int, tuple[int, int, int]], list[OcrLine]] = {}
    for page, line, word in words:
        grouped.setdefault((page, line), []).append(word)
    pages: dict[int, list[OcrLine]] = {}
    for (page, _), members in grouped.items():
        box = (
            min(w.bbox[0] for w in members),
            min(w.bbox[1] for w in members),
            max(w.bbox[2] for w in members),
            max(w.bbox[3] for w in members),
        )
        chars = sum(len(w.text) for w in members)
        confidence = sum(w.confidence * len(w.text) for w in members) / chars
        image = images[page - 1] if page <= len(images) else None
        text, raw = _without_specks(members, image)
        pages.setdefault(page, []).append(OcrLine(text, box, confidence, raw=raw))
    for page_lines in pages.values():
        page_lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]))
    return pages


class TesseractEngine:
    name = "tesseract"

    def __init__(
        self,
        line_px: int = 40,
        pad_ratio: float = 0.3,
        fix_signs: bool = True,
        binary: str = tesseract_exec.BINARY,
    ) -> None:
        self._line_px = line_px
        self._pad_ratio = pad_ratio
        self._fix_signs = fix_signs
        self._binary = binary
        tesseract_exec.check(binary)

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        return read_best_variant(cells, self._read_crops)

    def _read_crops(self, crops: Sequence[CellImage]) -> list[OcrReading]:
        prepared = [prepare(c.image, c.kind, self._line_px, self._pad_ratio) for c in crops]
        return [
            OcrReading.from_lines(
                [_to_cell(line, p, i == 0, self._fix_signs) for i, line in enumerate(found)]
            )
            for p, found in zip(prepared, self._read_batch(prepared), strict=True)
        ]

    def _read_batch(self, prepared: Sequence[Prepared]) -> list[list[OcrLine]]:
        lines: list[list[OcrLine]] = [[] for _ in prepared]
        timing.count("lines", sum(p.lines for p in prepared if p.image is not None))
        with tempfile.TemporaryDirectory(prefix="declform-tess-") as tmp:
            for psm in (PSM_LINE, PSM_BLOCK):
                members = [
                    i for i, p in enumerate(prepared) if p.image is not None and p.psm == psm
                ]
                if not members:
                    continue
                paths = [Path(tmp, f"{i}.png") for i in members]
                with stage("prepare"):
                    for i, path in zip(members, paths, strict=True):
                        cv2.imwrite(str(path), np.asarray(prepared[i].image))
                with stage("recognise"):
                    tsv = tesseract_exec.read_tsv(self._binary, paths, psm, Path(tmp))
                images = [prepared[i].image for i in members]
                for page, page_lines in tsv_lines(parse_tsv(tsv), images).items():
                    lines[members[page - 1]] = page_lines
        return lines
