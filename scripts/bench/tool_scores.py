"""Each tool scored on the truth forms: declform on every form (the record assigned to it) and,
with the peers, on the text measures of the subset every tool reads (scripts/bench/score.py
holds the measures, scripts/bench/corpus_forms.py the forms)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scripts.bench.corpus_forms import FormTruth, records_of_forms
from scripts.bench.declform_worker import FileOutcome
from scripts.bench.peers import PeerReading
from scripts.bench.score import Tally, TextTally, score_cells, score_record, text_tally


def declform_text(record: Mapping[str, Any] | None) -> tuple[str, list[str]]:
    """All the text declform gave for a form (cells and indicators), and its cell texts."""
    if record is None:
        return "", []
    cells = [str(cell.get("text") or "") for cell in record.get("cells", ())]
    rows = [f"{row.get('name') or ''}\n{row.get('value') or ''}" for row in record["indicators"]]
    return "\n".join([*cells, *rows]), cells


def score_declform(
    forms: Sequence[FormTruth],
    outcomes: Mapping[tuple[str, str], FileOutcome],
    subset: Sequence[FormTruth],
    variant: str,
) -> tuple[Tally, TextTally]:
    """Every form scored on the record assigned to it; the subset also on the text measures."""
    tally, text = Tally(), TextTally()
    in_subset = {(form.doc_id, form.index) for form in subset}
    for outcome, assigned in records_of_forms(forms, outcomes, variant):
        for form, record in assigned:
            tally.add(score_record(form.record, record, form.cells))
            if (form.doc_id, form.index) not in in_subset:
                continue
            joined, cell_texts = declform_text(record)
            part = text_tally(form.record["indicators"], joined, cell_texts)
            predicted = record["cells"] if record else ()
            part.truth_cells, part.cells_found = score_cells(form.cells, predicted)
            text.add(part)
        text.pages += outcome.pages
        text.failed_pages += outcome.failed_pages
        text.seconds += outcome.seconds
    return tally, text


def score_peer(
    subset: Sequence[FormTruth], readings: Mapping[tuple[str, str, int], PeerReading], variant: str
) -> TextTally:
    total = TextTally()
    for form in subset:
        got = [readings[(form.doc_id, variant, page)] for page in form.pages]
        cells = [cell for reading in got for cell in reading.cells]
        joined = "\n".join(reading.text for reading in got)
        part = text_tally(form.record["indicators"], joined, [str(c["text"]) for c in cells])
        if all("row" in cell for cell in cells):  # a table's cells, not text boxes
            part.truth_cells, part.cells_found = score_cells(form.cells, cells)
        part.pages = len(got)
        part.failed_pages = sum(1 for reading in got if reading.error)
        part.seconds = sum(reading.seconds for reading in got)
        total.add(part)
    return total
