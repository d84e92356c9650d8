"""Human corrections, from the verdict journal into records: the one place they are applied.

`declform extract` (writing a record), `declform tables` (reading records for the dataset) and
the review app (after a correction) all call `apply_corrections`, so a correction survives a
re-extraction and shows the same everywhere. It is idempotent: the record's own `corrections`
are first undone (the machine's readings put back), then the journal's current ones applied,
so a record corrected before, or a fresh machine record, end the same.

A correction in force is the latest `correct` verdict of a value: a later accept or flag judges
the corrected value and leaves it in place; correcting back to the machine's reading withdraws
it. Typed text becomes the field's value through the normalizer the reader uses
(`parse_correction`), and the validation rules' warnings are recomputed for the new values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from declform.normalize import (
    canonical_level1,
    canonical_level2,
    clean_text,
    parse_amount,
    parse_date,
    parse_fiscal_year,
    strip_indicator_prefix,
)
from declform.output.fields import Value, field_kind, value_at, with_value
from declform.output.record import Correction, FormRecord
from declform.output.review.verdicts import VERDICTS_FILE, Verdict, VerdictStore
from declform.output.rules import check_record


class CorrectionTextError(ValueError):
    """Typed text the field's parser cannot read (an amount with no figure, a date that is
    none); the message says what the field expects."""


def parse_correction(path: str, text: str) -> Value:
    """The value an auditor's typed text stands for at `path`, parsed as the reader parses
    that field: amounts to 万元 figures, dates to ISO, levels to the canonical names, an
    indicator's name without its "指标1：" prefix. Blank text is a blank value (None)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    kind = field_kind(path)
    if kind == "amount" or path.endswith((".total", ".fiscal", ".transfer")):
        try:
            amount = parse_amount(cleaned)
        except ValueError:
            amount = None
        if amount is None:
            raise CorrectionTextError(f"not an amount: {cleaned!r} (a figure in 万元, e.g. 45.5)")
        return amount
    if path == "fiscal_year":
        year = parse_fiscal_year(cleaned)
        if year is None:
            raise CorrectionTextError(f"not a year: {cleaned!r} (e.g. 2026)")
        return year
    if path == "filler.date":
        date = parse_date(cleaned)
        if date is None:
            raise CorrectionTextError(f"not a date: {cleaned!r} (e.g. 2026-03-01)")
        return date
    if kind == "indicator_level":
        level = (canonical_level1 if path.endswith("level1") else canonical_level2)(cleaned)
        return level.canonical if level is not None else cleaned
    if kind == "indicator_name":
        return strip_indicator_prefix(cleaned)
    return cleaned


def as_text(value: Value) -> str | None:
    """A value as the journal and the app show it: figures without float noise."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value).removesuffix(".0")
    return str(value)


def machine_record(record: FormRecord) -> FormRecord:
    """The record as the reader wrote it: every correction it carries undone."""
    machine = record
    for correction in reversed(record.corrections):
        machine = with_value(machine, correction.field, correction.machine)
    return replace(machine, corrections=())


def _with_rules(before: FormRecord, after: FormRecord) -> FormRecord:
    """`after` with the rule warnings of `before`'s values replaced by those of its own."""
    stale = set(check_record(before))
    kept = tuple(w for w in after.warnings if w not in stale)
    return replace(after, warnings=(*kept, *check_record(after)))


def apply_corrections(record: FormRecord, corrections: Iterable[Verdict]) -> FormRecord:
    """The record with these `correct` verdicts in force (see the module docstring); a
    verdict naming no value of this record (an indicator the reader no longer finds) is
    skipped. The record's earlier corrections are undone first."""
    machine = machine_record(record)
    corrected, applied = machine, []
    for verdict in corrections:
        if verdict.verdict != "correct":
            continue
        try:
            old = value_at(machine, verdict.field)
            new = parse_correction(verdict.field, verdict.new or "")
        except (KeyError, CorrectionTextError):
            continue
        if new == old:
            continue  # corrected back to the reading: withdrawn
        corrected = with_value(corrected, verdict.field, new)
        applied.append(Correction(verdict.field, old, new, verdict.who, verdict.at))
    if not applied and not record.corrections:
        return record
    if not applied:
        return _with_rules(record, machine)
    return _with_rules(record, replace(corrected, corrections=tuple(applied)))


@dataclass(frozen=True)
class FolderCorrections:
    """The corrections in force for the records of one output folder, read once."""

    by_record: Mapping[str, tuple[Verdict, ...]]

    @classmethod
    def load(cls, out_dir: Path) -> FolderCorrections:
        """The folder's journal when it has one (nothing is created when it has none)."""
        if not (Path(out_dir) / VERDICTS_FILE).is_file():
            return cls({})
        grouped: dict[str, list[Verdict]] = {}
        for verdict in VerdictStore(out_dir).corrections().values():
            grouped.setdefault(verdict.record, []).append(verdict)
        return cls({record: tuple(verdicts) for record, verdicts in grouped.items()})

    def apply(self, name: str, record: FormRecord) -> FormRecord:
        """Record file `name` (relative to the folder, `f01/0001.json`) with its corrections;
        a record with none comes back as it is (also one corrected before and since withdrawn
        only by a journal that is gone: its corrections are kept)."""
        verdicts = self.by_record.get(name)
        if verdicts is None:
            return record
        return apply_corrections(record, verdicts)
