"""What RapidOCR's CTC decoder gives, and what declform adds to it: each character's next
choices (for the word model and the value grammar, `lexicon`) and its place on the line (for
the speck check, `marks`), read from the frame that emitted it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from declform.extract.ocr.lexicon import DOUBT, CharChoices
from declform.extract.ocr.marks import speck_marks, without

MODEL_HEIGHT = 48  # PP-OCR's recogniser reads lines scaled to 48 px high
# The recogniser's output has a frame for every 8 px of the line it reads.
_FRAME_PX = 8
# A character the greedy decode lost to a blank frame is kept as a candidate from this
# probability (the blank then had at most 0.9), at most this many per gap.
LOST = 0.1
_MAX_LOST = 2
# A line's reading: text, confidence, each character's choices and its place on the line.
Recognised = tuple[str, float, list[CharChoices], list[float]]


def _emitted(frames: np.ndarray) -> np.ndarray:
    """The frames of a greedy CTC reading that emit a character (not blank, not a repeat)."""
    best = frames.argmax(axis=1)
    return np.flatnonzero((best != 0) & np.concatenate(([True], best[1:] != best[:-1])))


def char_choices(frames: np.ndarray, charset: Sequence[str], top: int = 4) -> list[CharChoices]:
    """Per character of the greedy CTC reading of `frames` (time × classes, class 0 the
    blank), the model's `top` choices at the frame that emitted it; a character read without
    doubt (`lexicon.DOUBT`) has its first choice only. Each also carries the characters the
    model nearly emitted before it, in frames where the blank won (`_lost`)."""
    best = frames.argmax(axis=1)
    choices = []
    after = 0
    for frame in _emitted(frames):
        scores = frames[frame]
        if scores[best[frame]] >= DOUBT:
            ranked = best[frame : frame + 1]
        else:
            ranked = np.argpartition(-scores, top)[:top]
            ranked = ranked[np.argsort(-scores[ranked])]
        options = tuple((charset[k], float(scores[k])) for k in ranked if k != 0)
        beside = (best[after - 1] if after else 0, best[frame])
        lost = _lost(frames[after:frame][best[after:frame] == 0], charset, beside)
        choices.append(CharChoices(options, lost))
        after = frame + 1
    return choices


def _lost(
    blank: np.ndarray, charset: Sequence[str], beside: tuple[int, int]
) -> tuple[tuple[str, float], ...]:
    """The characters the `blank` frames of a gap give at least `LOST` (the likeliest first):
    on a heavy photocopy the model hesitates between a blank and a one-stroke character at a
    line's start (一级指标 read 级指标, 二 at 0.45 against the blank's 0.53). The characters
    emitted `beside` the gap are none: their probability smears into the frames next to them."""
    if not len(blank):
        return ()
    peak = blank.max(axis=0)
    peak[[0, *beside]] = 0.0
    found = np.flatnonzero(peak >= LOST)
    return tuple(
        (charset[k], float(peak[k])) for k in found[np.argsort(-peak[found])][:_MAX_LOST]
    )


def char_places(frames: np.ndarray, wh_ratio: float, max_wh_ratio: float) -> list[float]:
    """Per character of the greedy CTC reading of `frames`, the centre of the frame that
    emitted it as a share of the line's width. The recogniser scales each line of a batch to
    48 px high and pads it on the right to the batch's widest (`max_wh_ratio`); a frame
    covers 8 px of that."""
    padded = int(MODEL_HEIGHT * max_wh_ratio)
    width = min(padded, int(np.ceil(MODEL_HEIGHT * wh_ratio)))
    px_per_frame = padded / len(frames) if len(frames) else _FRAME_PX
    return [float((frame + 0.5) * px_per_frame / width) for frame in _emitted(frames)]


class WithChoices:
    """RapidOCR's CTC decoder, its (text, confidence) readings extended by each character's
    choices (`char_choices`) for the lexicon to weigh and its place (`char_places`) for the
    speck check."""

    def __init__(self, decode: Any) -> None:
        self._decode = decode
        self.character = decode.character

    def __call__(
        self, preds: np.ndarray, return_word_box: bool = False, **kwargs: Any
    ) -> list[Recognised]:
        readings = self._decode(preds, return_word_box, **kwargs)
        ratios = kwargs.get("wh_ratio_list") or [preds.shape[1] * _FRAME_PX / MODEL_HEIGHT]
        widest = float(kwargs.get("max_wh_ratio") or max(ratios))
        return [
            (
                reading[0],
                reading[1],
                char_choices(frames, self.character),
                char_places(frames, ratio, widest),
            )
            for reading, frames, ratio in zip(readings, preds, ratios, strict=True)
        ]


def without_specks(line: np.ndarray, result: Recognised) -> tuple[Recognised, str]:
    """The reading without the marks the line's ink shows to be specks (`marks`), and the
    raw reading when any was dropped ('' otherwise)."""
    text, confidence, choices, places = result
    if "".join(c.first for c in choices) != text:
        return result, ""
    specks = speck_marks(line, text, places)
    if not specks:
        return result, ""
    kept = [index for index in range(len(text)) if index not in specks]
    return (
        without(text, specks),
        confidence,
        [choices[index] for index in kept],
        [places[index] for index in kept],
    ), text
