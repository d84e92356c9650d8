"""What the benchmark reads: the corpus (built when missing), the documents a run takes, the
file a tool reads for each variant, and the truth forms with the cells of their born-digital
PDF, which every tool's output is scored against (scripts/bench/tool_scores.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import REPO
from scripts.bench.declform_worker import FileOutcome

BORN = "born_digital"
Cells = tuple[dict[str, Any], ...]
@dataclass(frozen=True)
class FormTruth:
    doc_id: str
    index: int  # the form's place in its document
    pages: tuple[int, ...]
    record: dict[str, Any]
    cells: Cells


def assign_records(
    form_pages: Sequence[Sequence[int]], record_pages: Sequence[Sequence[int]]
) -> list[int | None]:
    """For each truth form of a document (in page order), the index of its record or None.

    The k-th record goes with the k-th form when every form was found; a form gets the first
    unused record that starts on one of its pages, so one missed form does not shift the rest.
    """
    starts = [min(pages, default=0) for pages in record_pages]
    order = sorted(range(len(record_pages)), key=lambda i: (starts[i], i))
    used: set[int] = set()
    assigned: list[int | None] = []
    for pages in form_pages:
        pick = next((i for i in order if i not in used and starts[i] in pages), None)
        if pick is not None:
            used.add(pick)
        assigned.append(pick)
    return assigned


def records_of_forms(
    forms: Sequence[FormTruth], outcomes: Mapping[tuple[str, str], FileOutcome], variant: str
) -> Iterator[tuple[FileOutcome, list[tuple[FormTruth, dict[str, Any] | None]]]]:
    """Per document, its outcome in `variant` and each of its truth forms with the record
    assigned to it (None: no record came for the form)."""
    by_doc: dict[str, list[FormTruth]] = {}
    for form in forms:
        by_doc.setdefault(form.doc_id, []).append(form)
    for doc_id, doc_forms in by_doc.items():
        outcome = outcomes[(doc_id, variant)]
        record_pages = [record["source"]["pages"] for record in outcome.records]
        picks = assign_records([form.pages for form in doc_forms], record_pages)
        yield outcome, [
            (form, outcome.records[pick] if pick is not None else None)
            for form, pick in zip(doc_forms, picks, strict=True)
        ]


def load_forms(corpus: Path, manifest: Sequence[Mapping[str, Any]]) -> list[FormTruth]:
    """Every truth form, with its cells read from the born-digital PDF (exact structure)."""
    from declform.extract.vector.grid import pdf_to_grids

    keys = ("row", "col", "rowspan", "colspan")
    forms = []
    for entry in manifest:
        grids = pdf_to_grids(corpus / entry["files"][BORN])
        for index, (truth, listed) in enumerate(zip(entry["truth"], entry["forms"], strict=True)):
            pages = tuple(listed["pages"])
            cells = tuple(
                {"page": grid.page, **{k: getattr(cell, k) for k in keys}}
                for grid in grids
                if grid.page in pages
                for cell in grid.cells
            )
            record = json.loads((corpus / truth).read_text(encoding="utf-8"))
            forms.append(FormTruth(entry["id"], index, pages, record, cells))
    return forms


def choose_subset(forms: Sequence[FormTruth], pages_wanted: int) -> list[FormTruth]:
    """Forms spread evenly over the corpus until they hold `pages_wanted` pages (0: none)."""
    if pages_wanted <= 0:
        return []
    for count in range(1, len(forms) + 1):
        chosen = [forms[j * len(forms) // count] for j in range(count)]
        if sum(len(form.pages) for form in chosen) >= pages_wanted:
            return chosen
    return list(forms)


def ensure_corpus(
    given: Path | None, forms: int, profiles: Sequence[str], seed: int, workers: int
) -> tuple[Path, list[dict[str, Any]]]:
    """The corpus to read: a given folder as it is (built there only when empty); the
    default corpus/ is (re)built when it is missing or smaller than asked."""
    corpus = given or REPO / "corpus"
    manifest_path = corpus / "manifest.json"
    if manifest_path.is_file():
        manifest: list[dict[str, Any]] = json.loads(manifest_path.read_text(encoding="utf-8"))
        have = set(manifest[0]["files"]) if manifest else set()
        big_enough = sum(len(entry["truth"]) for entry in manifest) >= forms
        if given is not None or (big_enough and set(profiles) <= have):
            return corpus, manifest
    from scripts.corpus.build import make_corpus

    print(
        f"bench: building the corpus ({forms} forms, {','.join(profiles)}) in {corpus}", flush=True
    )
    return corpus, make_corpus(corpus, forms, tuple(profiles), seed, workers)


def first_documents(manifest: Sequence[dict[str, Any]], forms: int) -> list[dict[str, Any]]:
    """Whole documents, in manifest order, holding `forms` forms: a document that would go
    past the count is passed over while later ones still fit (keeps --quick small)."""
    taken: set[int] = set()
    held = 0
    for fits_only in (True, False):  # then, if still short, whatever comes first
        for index, entry in enumerate(manifest):
            size = len(entry["truth"])
            if index not in taken and held < forms and (held + size <= forms or not fits_only):
                taken.add(index)
                held += size
    return [entry for index, entry in enumerate(manifest) if index in taken]


def variant_path(corpus: Path, entry: Mapping[str, Any], variant: str) -> str:
    """The file a tool reads: the born-digital PDF, else the profile's page image."""
    files = entry["files"]
    return str(corpus / (files[BORN] if variant == BORN else files[variant]["image"]))
