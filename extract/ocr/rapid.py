"""PP-OCR text recognition (RapidOCR's ONNX models) on cell crops, without text detection.

The grid already says where text is, so detection would only add time and errors: each cell is
cleaned (ruling stubs, a seal read as grey), split into lines by its projection profile, and
every line of the page goes through the recogniser in one call. A leading ≥ / ≤ the model
reads as > / < on low-resolution scans is put right by its shape (`signs.leading_sign`); one
it dropped or read as a digit is found the same way, and the line is read again without the
sign's glyph to tell which (`text.sign_over_digit`).
The CTC decoder keeps each character's next choices: a doubtful Han character is settled with a
word dictionary (`lexicon.choose_reading`), and short lines carry their next readings with one
doubted figure or sign exchanged, for the value grammar downstream (`lexicon.next_readings`).
The models ship inside the rapidocr-onnxruntime wheel: nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from declform.extract import timing
from declform.extract.ocr.ctc import MODEL_HEIGHT, Recognised, WithChoices, without_specks
from declform.extract.ocr.engine import CellImage, OcrLine, OcrReading
from declform.extract.ocr.lexicon import (
    WordModel,
    choose_reading,
    jieba_words,
    next_readings,
)
from declform.extract.ocr.reader import read_best_variant
from declform.extract.ocr.signs import leading_sign, without_first_glyph
from declform.extract.ocr.text import (
    lacks_figure,
    looks_like_value,
    remove_cjk_spaces,
    sign_over_digit,
    with_leading_sign,
)
from declform.extract.ocr.textlines import crop_line, percentile, split_lines
from declform.extract.timing import stage
from declform.output.errors import EngineError

INSTALL_HINT = (
    "pip install rapidocr-onnxruntime (it ships the PP-OCR models), or run scripts/bootstrap.sh"
)
# Stroke width (px at the model's scale) from which print is not thickened: 200–300 dpi office
# scans measure ~3, 100–150 dpi faxes 4.5–6 (corpus seeds 0 and 7; 3.6–4.5 measured alike).
_THICK_STROKE = 4.0
# One line at a time measured fastest on CPU: a batch is padded to its widest line, and the
# padding changes the readings (issue 17: width-bucketed batches of 8 lines within 1.3× of
# each other's width, 17.3 ms a line against 16.2, and 10 of 400 lines read differently).
_BATCH = 1
# A reading that is a comparison sign alone: printed alone (an operator column) or with the
# figures after it lost.
_LONE_SIGNS = frozenset("≥≤≧≦><＞＜")


def rec_model_path() -> Path:
    """Where the installed rapidocr-onnxruntime keeps its recognition model."""
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    if spec is None or spec.origin is None:
        raise EngineError(f"RapidOCR is not installed: {INSTALL_HINT}")
    model = Path(spec.origin).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    if not model.is_file():
        raise EngineError(f"RapidOCR's recognition model is missing ({model}): {INSTALL_HINT}")
    return model


def _rec_session(model: Path, threads: int) -> Any:
    """The recogniser's ONNX Runtime session, its options set for one worker on a shared core.

    RapidOCR's own session turns the CPU memory arena off, so every line's tensors are
    allocated afresh: with the arena on a line reads in 16.0 ms of CPU instead of 17.0, the
    same outputs (issue 17, 400 lines of stamped, photocopy, fax and photo pages). Operators
    run one after another (the model is a chain) on `threads` threads; threads that wait do
    not spin, which would burn CPU another worker could use.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = True
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


def _load_recognizer(threads: int, min_width: int) -> Any:
    model = rec_model_path()
    try:
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
    except ImportError as error:
        raise EngineError(f"RapidOCR cannot be imported ({error}): {INSTALL_HINT}") from error
    config = {
        "model_path": str(model),
        "rec_img_shape": [3, MODEL_HEIGHT, min_width],
        "rec_batch_num": _BATCH,
        "intra_op_num_threads": threads,
        "inter_op_num_threads": 1,
        "use_cuda": False,
        "use_dml": False,
    }
    try:
        recognizer = TextRecognizer(config)
        recognizer.session.session = _rec_session(model, threads)
    except (OSError, RuntimeError, ValueError) as error:  # ONNX Runtime's load failures
        raise EngineError(f"RapidOCR's model does not load ({error}): {INSTALL_HINT}") from error
    recognizer.postprocess_op = WithChoices(recognizer.postprocess_op)
    return recognizer


def _read_line(reading: Recognised, words: WordModel | None) -> tuple[str, tuple[str, ...]]:
    """The line's text and its next readings (see `lexicon`), both cleaned up."""
    text, _, choices, _ = reading
    if "".join(c.first for c in choices) != text:
        return _fix_text(text), ()
    if words is not None:
        text = choose_reading(choices, words)
    return _fix_text(text), tuple(_fix_text(other) for other in next_readings(choices, text))


def stroke_width(line: np.ndarray) -> float:
    """The print's mean stroke width in pixels: for strokes much longer than wide, twice the
    ink's area over its outline. 0 for a line without ink."""
    ink = (line < 128).astype(np.uint8)
    outline = int((ink & (1 - cv2.erode(ink, np.ones((3, 3), np.uint8)))).sum())
    return 2 * int(ink.sum()) / outline if outline else 0.0


def _prepare_line(line: np.ndarray) -> np.ndarray:
    """A line as the recogniser reads it best: low-resolution lines (100–200 dpi scans) are
    contrast-stretched and scaled up to the model's 48 px. Thin strokes are thickened, which
    keeps the thin lower bar of ≥ / ≤ from fading into > / < in the model's resize; strokes
    already heavy at that scale (faxes, dark photocopies) are not, as thickening them closes
    the gaps inside dense characters (藏 read as 蒙, 测 as 侧)."""
    if line.shape[0] >= MODEL_HEIGHT:
        return cv2.cvtColor(line, cv2.COLOR_GRAY2BGR)
    # np.float64, as np.percentile gave: the stretch below computes in float64 with them
    low, high = np.float64(percentile(line, 2)), np.float64(percentile(line, 90))
    if high - low >= 30:
        line = np.clip((line.astype(np.float32) - low) * (255 / (high - low)), 0, 255)
        line = line.astype(np.uint8)
    scale = MODEL_HEIGHT / line.shape[0]
    size = (max(1, round(line.shape[1] * scale)), MODEL_HEIGHT)
    line = cv2.resize(line, size, interpolation=cv2.INTER_CUBIC)
    if stroke_width(line) < _THICK_STROKE:
        line = cv2.erode(line, np.ones((2, 2)))
    return cv2.cvtColor(line, cv2.COLOR_GRAY2BGR)


def _fix_text(text: str) -> str:
    # PP-OCR reads the enumeration comma 、 as the radical 丶, which no form text uses.
    return remove_cjk_spaces(text).replace("丶", "、")


class RapidEngine:
    """Cells → cleaned crops → lines (projection profile) → PP-OCRv4 recognition."""

    name = "rapidocr"

    def __init__(
        self,
        threads: int = 1,
        pad_ratio: float = 0.2,
        min_width: int = 192,
        lexicon: bool = True,
    ) -> None:
        # One thread: pages go to one engine per core, and on two shared cores a second
        # ONNX Runtime thread measured no faster (scripts/bench/cell_ocr.py).
        # `min_width` pads short lines to 4× their height: 320 (PaddleOCR's) read no better.
        # `lexicon`: doubtful characters are chosen with a word dictionary (see lexicon.py).
        self._recognize = _load_recognizer(threads, min_width)
        self._pad_ratio = pad_ratio
        self._words: WordModel | None = jieba_words() if lexicon else None

    def read(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        return read_best_variant(cells, self._read_crops)

    def _recognise(self, lines: Sequence[np.ndarray]) -> list[Recognised]:
        """The recogniser's readings of line crops, in one call (none for no lines)."""
        if not lines:
            return []
        with stage("prepare"):
            images = [_prepare_line(line) for line in lines]
        timing.count("lines", len(images))
        with stage("recognise"):
            results: list[Recognised] = self._recognize(images)[0]
        return results

    def _read_crops(self, cells: Sequence[CellImage]) -> list[OcrReading]:
        with stage("split"):
            boxes = [split_lines(cell.image) for cell in cells]
            lines = [
                crop_line(cell.image, box, self._pad_ratio)
                for cell, cell_boxes in zip(cells, boxes, strict=True)
                for box in cell_boxes
            ]
        results = self._recognise(lines)
        with stage("specks"):
            checked = [
                without_specks(line, result) for line, result in zip(lines, results, strict=True)
            ]
        results = [result for result, _ in checked]
        read = [_read_line(result, self._words) for result in results]
        texts = [text for text, _ in read]
        alternatives = [others for _, others in read]
        starts = np.cumsum([0] + [len(cell_boxes) for cell_boxes in boxes])[:-1]
        firsts = [int(start) for start, cell_boxes in zip(starts, boxes, strict=True) if cell_boxes]
        self._fix_leading_signs(lines, firsts, texts, alternatives)
        readings: list[OcrReading] = []
        position = 0
        for cell_boxes in boxes:
            cell_lines = []
            for box in cell_boxes:
                confidence = float(np.clip(results[position][1], 0, 1))
                bbox = (box.x0, box.y0, box.x1, box.y1)
                cell_lines.append(
                    OcrLine(
                        texts[position],
                        bbox,
                        confidence,
                        alternatives[position],
                        raw=checked[position][1],
                    )
                )
                position += 1
            readings.append(OcrReading.from_lines(cell_lines))
        return readings

    def _fix_leading_signs(
        self,
        lines: Sequence[np.ndarray],
        firsts: Sequence[int],
        texts: list[str],
        alternatives: list[tuple[str, ...]],
    ) -> None:
        """Put right, in place, the leading sign of each cell's first line (`firsts`, positions
        in `lines`) where the glyph check sees one the recogniser misread or lost, and the
        figure after a sign it lost ("≥家", "人%" for ≤0%): such lines are read again without
        the sign's glyph, all in one call."""
        rereads: dict[int, tuple[str, np.ndarray]] = {}
        figureless: dict[int, tuple[str, np.ndarray]] = {}
        for position in firsts:
            figureless_reading = lacks_figure(texts[position])
            if figureless_reading or texts[position] in _LONE_SIGNS:
                # a sign the recogniser read right or as a Han glyph ("人%" for ≤0%, "≥" for
                # ≥90) while it lost the figure after it: the line without the sign's glyph
                # may hold one (a sign alone in its cell has no rest, and is judged below);
                # a sign the recogniser read is its reading where blur hides its shape
                if figureless_reading:
                    sign = leading_sign(lines[position])
                else:
                    sign = leading_sign(lines[position], texts[position]) or texts[position]
                rest = without_first_glyph(lines[position]) if sign is not None else None
                if sign is not None and rest is not None:
                    figureless[position] = (sign, rest)
                    continue
                if figureless_reading:
                    continue
            if not looks_like_value(texts[position]):
                continue
            sign = leading_sign(lines[position], texts[position])
            rest = without_first_glyph(lines[position]) if sign is not None else None
            if sign is not None and rest is not None and texts[position][:1].isdigit():
                # dropped or read as a digit: the line read without the sign's glyph tells
                rereads[position] = (sign, rest)
            else:
                texts[position] = with_leading_sign(texts[position], sign)
                alternatives[position] = tuple(
                    with_leading_sign(other, sign) for other in alternatives[position]
                )
        again = self._recognise([rest for _, rest in (*rereads.values(), *figureless.values())])
        for (position, (sign, _)), result in zip(
            (*rereads.items(), *figureless.items()), again, strict=True
        ):
            rest_text, _ = _read_line(result, self._words)
            if position in rereads:
                texts[position] = sign_over_digit(texts[position], sign, rest_text)
            elif rest_text[:1].isdigit():
                texts[position] = sign + rest_text
            else:
                continue
            alternatives[position] = ()
