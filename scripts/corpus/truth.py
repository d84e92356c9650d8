"""The ground-truth pool of the corpus: golden records and every seed form that converts cleanly.

Golden records (tests/golden/*.json) are hand-checked, so when a seed form has a golden
counterpart (same `source.path`, "<seed file>#<k>") the golden one is kept. Records pass
through `FormRecord` so every truth file has the contract's key order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from declform.output.errors import InputError
from declform.output.record import READABLE_SCHEMAS, FormRecord
from declform.output.validate import validate_record
from scripts.seeds.split import SeedConversionError, split_forms
from scripts.seeds.truth import seed_form_to_record

Record = dict[str, Any]


@dataclass(frozen=True)
class TruthForm:
    """One ground-truth record and where it came from."""

    id: str  # file-name safe, unique in the pool
    origin: str  # "golden:<file>", "seed:<seed file>#<k>" or "synthetic:department-<k>"
    record: Mapping[str, Any]

    @property
    def form_type(self) -> str:
        return str(self.record["form_type"])


def canonical(record: Mapping[str, Any], *, validate: bool = True) -> Record:
    """The record in contract shape and key order (raises on a schema violation)."""
    document = FormRecord.from_dict(record).to_dict()
    if validate:
        validate_record(document)
    return document


def load_golden(folder: Path) -> list[TruthForm]:
    """Every record file in `folder` (a file may hold one record or a list)."""
    forms: list[TruthForm] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read a golden record ({exc})", path=str(path)) from exc
        records = data if isinstance(data, list) else [data]
        for n, record in enumerate(records, start=1):
            if not isinstance(record, Mapping) or record.get("schema") not in READABLE_SCHEMAS:
                continue
            suffix = "" if len(records) == 1 else f"-{n}"
            form_id, origin = f"golden-{path.stem}{suffix}", f"golden:{path.name}"
            forms.append(TruthForm(form_id, origin, canonical(record)))
    return forms


def convert_seeds(folder: Path) -> list[TruthForm]:
    """Seed forms that convert without guessing (the others are skipped, as in seed_truth)."""
    forms: list[TruthForm] = []
    for path in sorted(folder.glob("*.txt")):
        for seed_form in split_forms(path.read_text(encoding="utf-8"), path.name):
            try:
                record = seed_form_to_record(seed_form)
            except SeedConversionError:
                continue
            forms.append(
                TruthForm(
                    f"{path.stem}-{seed_form.index}",
                    f"seed:{path.name}#{seed_form.index}",
                    canonical(record, validate=False),  # seed_truth validated it
                )
            )
    return forms


def merge_pool(golden: Sequence[TruthForm], seeds: Iterable[TruthForm]) -> list[TruthForm]:
    """Golden records plus the seed records they do not already cover."""
    covered = {str(form.record["source"]["path"]) for form in golden}
    return [*golden, *(form for form in seeds if str(form.record["source"]["path"]) not in covered)]


def load_pool(golden_dir: Path | None, seeds_dir: Path | None) -> list[TruthForm]:
    golden = load_golden(golden_dir) if golden_dir and golden_dir.is_dir() else []
    seeds = convert_seeds(seeds_dir) if seeds_dir and seeds_dir.is_dir() else []
    return merge_pool(golden, seeds)
