"""What a verdict does to a record, apart from the web app that receives it (pure but for the
journal and the record file): a typed correction checked (parsed by the field's normalizer,
the validation rules run on the record it makes) before it is saved, then saved to the
journal and applied to the record file, so the record shows it at once."""

from __future__ import annotations

from dataclasses import dataclass

from declform.output.corrections import (
    CorrectionTextError,
    apply_corrections,
    as_text,
    machine_record,
    parse_correction,
)
from declform.output.fields import field_kind, value_at, with_value
from declform.output.record import FormRecord, RecordWarning
from declform.output.review.folder import RecordFolder
from declform.output.review.model import show_parsed
from declform.output.review.verdicts import Verdict, VerdictKind, VerdictStore
from declform.output.rules import check_record


@dataclass(frozen=True)
class CheckedValue:
    """Typed text as the record would hold it, and what the rules say about it."""

    shown: str | None  # the value as parsed (an amount as a figure, a date as ISO)
    parsed: str | None  # an indicator value's parse
    failures: tuple[str, ...]  # rule findings about this value on the corrected record
    error: str | None = None  # the text cannot be read as this field's value


def _about(warning: RecordWarning, path: str) -> bool:
    anchor = warning.field or warning.where or ""
    if not anchor:
        return False
    return anchor == path or path.startswith(f"{anchor}.") or anchor.startswith(f"{path}.")


def check_value(record: FormRecord, path: str, text: str) -> CheckedValue:
    """The correction `text` of `path` checked; KeyError when the record has no such value."""
    value_at(record, path)
    try:
        new = parse_correction(path, text)
    except CorrectionTextError as exc:
        return CheckedValue(None, None, (), str(exc))
    corrected = with_value(record, path, new)
    parsed = None
    if field_kind(path) == "indicator_value":
        index = int(path[len("indicators[") : path.index("]")])
        parsed = show_parsed(corrected.indicators[index].parsed)
    failures = tuple(f"{w.code}: {w.message}" for w in check_record(corrected) if _about(w, path))
    return CheckedValue(as_text(new), parsed, failures)


@dataclass(frozen=True)
class Judged:
    verdict: Verdict
    checked: CheckedValue | None  # for a correction


class VerdictError(ValueError):
    """A verdict the app refuses (unknown record or field, unreadable correction)."""


def judge(
    folder: RecordFolder,
    store: VerdictStore,
    name: str,
    path: str,
    verdict: VerdictKind,
    *,
    who: str,
    new: str | None = None,
    comment: str | None = None,
) -> Judged:
    """Save a verdict on value `path` of record `name`; a correction is applied to the record
    file too. The journal's `old` is the machine's reading, `new` the correction as parsed."""
    record = folder.read(name)
    if record is None:
        raise VerdictError(f"no record {name!r}")
    try:
        old = as_text(value_at(machine_record(record), path))
    except KeyError as exc:
        raise VerdictError(f"no value {path!r} in {name!r}") from exc
    checked = None
    if verdict == "correct":
        checked = check_value(record, path, new or "")
        if checked.error is not None:
            raise VerdictError(checked.error)
        new = checked.shown or ""  # as parsed ("" : the value is blank)
    else:
        new = None
    saved = store.add(name, path, verdict, who=who, old=old, new=new, comment=comment or None)
    if store.status(name) == "unreviewed":
        store.set_status(name, "in_review", who=who)
    if verdict == "correct":
        folder.write(name, apply_corrections(record, store.corrections(name).values()))
    return Judged(saved, checked)
