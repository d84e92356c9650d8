"""What every OCR engine takes and gives: cell crops in, readings out, one batched call a page.

A reading is spelled the same way whichever engine made it: its lines are joined and cleaned
with `text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

import cv2
import numpy as np

from declform.extract.ocr.text import join_lines, strip_stray_marks

CellKind = Literal["line", "block"]


# eq=False: a crop is compared (and hashed) by identity; comparing pixel arrays is ambiguous.
@dataclass(frozen=True, eq=False)
class CellImage:
    """A crop of one cell: grey uint8, print dark on white, and the kind of text it holds.

    `line` cells hold one line (labels, values, amounts) though a narrow column may still wrap
    them; `block` cells hold a wrapped paragraph (goals, long names).
    """

    image: np.ndarray
    kind: CellKind = "line"


@dataclass(frozen=True)
class OcrLine:
    text: str
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in crop pixels
    confidence: float  # 0..1
    # the engine's next readings of the line, most likely first (a figure or sign it doubted
    # read as its second choice: "≥98%" beside "≥98\""); () when it had no doubt or no way
    # to tell
    alternatives: tuple[str, ...] = ()
    # the recogniser's reading before the marks the ink showed to be specks were dropped
    # (`marks`); "" when none was
    raw: str = ""


@dataclass(frozen=True)
class OcrReading:
    text: str
    confidence: float  # 0..1
    lines: tuple[OcrLine, ...] = ()
    alternatives: tuple[str, ...] = ()  # the cell's next readings, most likely first
    raw: str = ""  # the cell's reading with its specks, when any were dropped (see OcrLine)

    @classmethod
    def from_lines(cls, lines: Sequence[OcrLine]) -> OcrReading:
        """Join the lines of one cell; empty lines are dropped, confidence is length-weighted."""
        cleaned = (replace(line, text=strip_stray_marks(line.text)) for line in lines)
        kept = tuple(line for line in cleaned if line.text)
        if not kept:
            return EMPTY_READING
        weights = [len(line.text) for line in kept]
        confidence = sum(w * line.confidence for w, line in zip(weights, kept, strict=True))
        texts = [line.text for line in kept]
        alternatives = [
            join_lines([*texts[:index], strip_stray_marks(other), *texts[index + 1 :]])
            for index, line in enumerate(kept)
            for other in line.alternatives
        ]
        text = strip_stray_marks(join_lines(texts), whole_cell=True)
        others = (strip_stray_marks(other, whole_cell=True) for other in alternatives)
        specked = any(line.raw for line in lines)
        return cls(
            text=text,
            confidence=confidence / sum(weights),
            lines=kept,
            alternatives=tuple(dict.fromkeys(o for o in others if o and o != text)),
            raw=join_lines([line.raw or line.text for line in lines]) if specked else "",
        )


EMPTY_READING = OcrReading(text="", confidence=0.0, lines=())


class OcrEngine(Protocol):
    name: str

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        """One reading per cell, in order; called once per page so engines can batch."""
        ...


def as_grey(image: np.ndarray) -> np.ndarray:
    """Crops are grey by contract; a colour crop (BGR) is converted rather than refused."""
    if image.ndim == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return image
