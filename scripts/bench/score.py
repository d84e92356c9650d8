"""Scoring extracted records against truth records: the measures of scripts/bench/run.py.

Pure functions over record dicts (schema perfform/1), so they are tested on known answers.
- header fields: exact match rate of 12 fields (text compared without whitespace);
- indicators: rows match when period and canonical level2 agree and the names are close;
  precision, recall, F1; value and parsed exact-match on matched rows;
- character error rate of indicator names and values (unmatched truth rows count in full);
- text measures any tool can be scored on (`text_tally`): name / value recall in the text it
  gave for a form, and the CER of each truth name and value against its nearest cell text;
- cell structure: fraction of truth cells found with the same row, col and spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

Record = Mapping[str, Any]
NAME_SIMILARITY = 0.8
HEADER_FIELDS: tuple[tuple[str, ...], ...] = (
    ("project", "name"),
    ("project", "competent_department"),
    ("project", "implementing_unit"),
    ("project", "attribute"),
    ("project", "period"),
    ("fiscal_year",),
    *(("funding", p, k) for p in ("medium_term", "annual") for k in ("total", "fiscal", "other")),
)
_SPACE = re.compile(r"\s+")


def _squash(value: Any) -> Any:
    """Text as a reader compares it: no whitespace, and full-width forms as their ASCII twins
    (NFKC: "，" and "," print alike in CJK fonts, and the seeds' OCR chose either)."""
    return squash(value) if isinstance(value, str) else value


def _squashed(parsed: Any) -> Any:
    """A parsed value with its texts compared as the value is: without whitespace."""
    if isinstance(parsed, Mapping):
        return {key: _squash(value) for key, value in parsed.items()}
    return parsed


def _get(record: Record, path: Sequence[str]) -> Any:
    node: Any = record
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


@dataclass
class Tally:
    """Counts that add up over many forms before rates are taken."""

    forms: int = 0
    form_type_right: int = 0
    header_right: int = 0
    header_total: int = 0
    truth_rows: int = 0
    predicted_rows: int = 0
    matched_rows: int = 0
    value_exact: int = 0
    parsed_exact: int = 0
    char_errors: int = 0
    truth_chars: int = 0
    truth_cells: int = 0
    cells_found: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        precision = ratio(self.matched_rows, self.predicted_rows)
        recall = ratio(self.matched_rows, self.truth_rows)
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall > 0
            else (0.0 if self.truth_rows else None)
        )
        return {
            "form_type": ratio(self.form_type_right, self.forms),
            "header_exact": ratio(self.header_right, self.header_total),
            "indicator_precision": precision,
            "indicator_recall": recall,
            "indicator_f1": f1,
            "value_exact": ratio(self.value_exact, self.matched_rows),
            "parsed_exact": ratio(self.parsed_exact, self.matched_rows),
            "cer": ratio(self.char_errors, self.truth_chars),
            "cell_structure": ratio(self.cells_found, self.truth_cells),
        }


def match_indicators(
    truth: Sequence[Record], predicted: Sequence[Record]
) -> list[tuple[Record, Record | None]]:
    """Each truth row with its matching predicted row (or None), greedily by name similarity."""
    candidates = []
    for t_index, t_row in enumerate(truth):
        for p_index, p_row in enumerate(predicted):
            if t_row["period"] != p_row["period"] or t_row["level2"] != p_row["level2"]:
                continue
            similarity = Levenshtein.normalized_similarity(
                _squash(t_row["name"] or ""), _squash(p_row["name"] or "")
            )
            if similarity >= NAME_SIMILARITY:
                # prefer close names, then rows in the same position
                candidates.append((-similarity, abs(t_index - p_index), t_index, p_index))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, t_index, p_index in sorted(candidates):
        if t_index not in pairs and p_index not in used:
            pairs[t_index] = p_index
            used.add(p_index)
    return [(row, predicted[pairs[i]] if i in pairs else None) for i, row in enumerate(truth)]


def score_cells(
    truth_cells: Iterable[Record], predicted_cells: Iterable[Record]
) -> tuple[int, int]:
    """(truth cells, of which found with the same page, row, col and spans)."""
    key = ("page", "row", "col", "rowspan", "colspan")
    found = {tuple(cell[k] for k in key) for cell in predicted_cells}
    truth_keys = [tuple(cell[k] for k in key) for cell in truth_cells]
    return len(truth_keys), sum(1 for k in truth_keys if k in found)


def score_record(
    truth: Record, predicted: Record | None, truth_cells: Sequence[Record] = ()
) -> Tally:
    """Score one form; `predicted` None means the tool produced no record for it."""
    tally = Tally(forms=1, header_total=len(HEADER_FIELDS))
    truth_rows = list(truth["indicators"])
    tally.truth_rows = len(truth_rows)
    texts = [(r["name"] or "") + (r["value"] or "") for r in truth_rows]
    tally.truth_chars = sum(len(_squash(t)) for t in texts)
    tally.truth_cells = len(truth_cells)
    if predicted is None:
        tally.char_errors = tally.truth_chars
        return tally
    tally.form_type_right = int(truth["form_type"] == predicted["form_type"])
    tally.header_right = sum(
        _squash(_get(truth, path)) == _squash(_get(predicted, path)) for path in HEADER_FIELDS
    )
    predicted_rows = list(predicted["indicators"])
    tally.predicted_rows = len(predicted_rows)
    for t_row, p_row in match_indicators(truth_rows, predicted_rows):
        truth_text = _squash((t_row["name"] or "") + "\u0000" + (t_row["value"] or ""))
        if p_row is None:
            tally.char_errors += len(truth_text) - 1
            continue
        tally.matched_rows += 1
        tally.value_exact += int(_squash(t_row["value"]) == _squash(p_row["value"]))
        tally.parsed_exact += int(_squashed(t_row["parsed"]) == _squashed(p_row["parsed"]))
        got = _squash((p_row["name"] or "") + "\u0000" + (p_row["value"] or ""))
        tally.char_errors += Levenshtein.distance(truth_text, got)
    if truth_cells:
        _, tally.cells_found = score_cells(truth_cells, predicted.get("cells", ()))
    return tally


# --- text measures, for every tool (whole-page text or cells) ------------------------------


def squash(text: str | None) -> str:
    """Text without any whitespace and in NFKC form, as every text measure compares it."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass
class TextTally:
    """Counts behind the text measures, added up over forms before rates are taken."""

    names_found: int = 0
    names_total: int = 0
    values_found: int = 0
    values_total: int = 0
    cell_errors: int = 0
    cell_chars: int = 0
    truth_cells: int = 0
    cells_found: int = 0
    pages: int = 0
    failed_pages: int = 0
    seconds: float = 0.0

    def add(self, other: TextTally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self, with_cells: bool) -> dict[str, float | None]:
        def ratio(a: float, b: float) -> float | None:
            return a / b if b else None

        rates = {
            "name_recall": ratio(self.names_found, self.names_total),
            "value_recall": ratio(self.values_found, self.values_total),
            "cell_cer": ratio(self.cell_errors, self.cell_chars),
            "cell_structure": ratio(self.cells_found, self.truth_cells),
            "failed_pages": ratio(self.failed_pages, self.pages),
            "seconds_per_page": ratio(self.seconds, self.pages),
        }
        if not with_cells:  # whole-page text has no cells to measure
            rates["cell_cer"] = rates["cell_structure"] = None
        return rates


def found_count(truths: Iterable[str | None], text: str) -> tuple[int, int]:
    """(truth strings found in `text`, truth strings); empty truths are not counted."""
    haystack = squash(text)
    wanted = [s for s in (squash(t) for t in truths) if s]
    return sum(1 for s in wanted if s in haystack), len(wanted)


def nearest_cell_errors(truths: Iterable[str | None], cell_texts: Sequence[str]) -> tuple[int, int]:
    """(edit errors, truth characters): each truth against its nearest cell text."""
    choices = [s for s in (squash(t) for t in cell_texts) if s]
    errors = chars = 0
    for wanted in (squash(t) for t in truths):
        if wanted:
            best = process.extractOne(wanted, choices, scorer=Levenshtein.distance)
            chars += len(wanted)
            errors += min(len(wanted), int(best[1])) if best else len(wanted)
    return errors, chars


def text_tally(
    indicators: Sequence[Mapping[str, Any]], text: str, cell_texts: Sequence[str]
) -> TextTally:
    """The text measures of one form; `text` is all the tool gave for the form's pages."""
    tally = TextTally()
    names = [row.get("name") for row in indicators]
    values = [row.get("value") for row in indicators]
    tally.names_found, tally.names_total = found_count(names, text)
    tally.values_found, tally.values_total = found_count(values, text)
    tally.cell_errors, tally.cell_chars = nearest_cell_errors([*names, *values], cell_texts)
    return tally
