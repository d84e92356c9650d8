"""What the review app shows of one record: one line per value an auditor judges, with the cell
its crop is cut from, the lowest confidence among its cells, the warning codes about it and
its current verdict. Pure: records and verdicts in, frozen lines out; filters over them.

Cells come from `locate_fields` (the record's own provenance; the text guess only for
perfform/1 records), exactly as the static site cuts its crops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from declform.output.corrections import as_text, machine_record
from declform.output.fields import FieldKind, field_kind, value_at, value_paths
from declform.output.record import CellRecord, FormRecord
from declform.output.review.model import place_of, show_parsed, warning_places
from declform.output.review.provenance import locate_fields
from declform.output.review.verdicts import Verdict


@dataclass(frozen=True)
class ValueLine:
    record: str  # record file path relative to DIR
    field: str  # field path
    kind: FieldKind
    shown: str | None  # the value as the record holds it now (corrected where corrected)
    machine: str | None  # the machine's reading
    parsed: str | None  # an indicator value's parse, as the static site prints it
    cell: CellRecord | None  # the crop's cell; None → no crop
    confidence: float | None  # the lowest confidence among the value's cells
    codes: tuple[str, ...]  # warning codes about the value
    verdict: Verdict | None  # the current verdict

    @property
    def corrected(self) -> bool:
        return self.shown != self.machine


@dataclass(frozen=True)
class ValueFilter:
    code: str | None = None  # a warning code about the value
    below: float | None = None  # confidence below this
    kind: str | None = None  # a FieldKind
    open_only: bool = False  # values with no verdict yet

    def keeps(self, line: ValueLine) -> bool:
        if self.code and self.code not in line.codes:
            return False
        if self.below is not None and (line.confidence is None or line.confidence >= self.below):
            return False
        if self.kind and line.kind != self.kind:
            return False
        return not (self.open_only and line.verdict is not None)


class _Cells:
    """A value's cells: the record's provenance; the text guess (`locate_fields`, the costly
    part: ~15 ms a form) only for a value that has none, and only once per record."""

    def __init__(self, record: FormRecord) -> None:
        self.record = record
        self._located: Mapping[str, CellRecord] | None = None

    def of(self, path: str, value: object) -> list[CellRecord]:
        cells = self.record.cells
        found = [cells[i] for i in self.record.provenance.get(path, ()) if i < len(cells)]
        if found or value is None:  # a blank the reader tied to no cell has none to guess
            return found
        if self._located is None:
            self._located = locate_fields(self.record).values
        return [self._located[path]] if path in self._located else []


def _codes(record: FormRecord, path: str, cells: Sequence[CellRecord]) -> tuple[str, ...]:
    """Codes of the warnings naming this field, or one of its cells (by box or by place)."""
    places = {place_of(cell) for cell in cells}
    boxes = {(cell.page, cell.bbox) for cell in cells}
    codes = []
    for warning in record.warnings:
        about = (
            warning.field == path
            or (warning.page, warning.bbox) in boxes
            or (warning.field is None and bool(places.intersection(warning_places(warning))))
        )
        if about and warning.code not in codes:
            codes.append(warning.code)
    return tuple(codes)


def value_lines(
    name: str, record: FormRecord, verdicts: Mapping[tuple[str, str], Verdict]
) -> list[ValueLine]:
    """Every value of record file `name`, in page order, with its verdict from `verdicts`
    (the journal's latest, keyed by (record, field))."""
    finder = _Cells(record)
    machine = machine_record(record)
    lines = []
    for path in value_paths(record):
        value = value_at(record, path)
        cells = finder.of(path, value)
        parsed = None
        if field_kind(path) == "indicator_value":
            index = int(path[len("indicators[") : path.index("]")])
            parsed = show_parsed(record.indicators[index].parsed)
        lines.append(
            ValueLine(
                record=name,
                field=path,
                kind=field_kind(path),
                shown=as_text(value),
                machine=as_text(value_at(machine, path)),
                parsed=parsed,
                cell=cells[0] if cells else None,
                confidence=min((cell.confidence for cell in cells), default=None),
                codes=_codes(record, path, cells),
                verdict=verdicts.get((name, path)),
            )
        )
    return lines


class LineCache:
    """`value_lines` of records the app reads again and again: the lines of a record object
    are worked out once (the folder hands out the same object until its file changes), the
    verdicts attached fresh each time. Thread-safe enough: a race computes a line list twice."""

    def __init__(self) -> None:
        self._lines: dict[str, tuple[FormRecord, list[ValueLine]]] = {}

    def lines(
        self, name: str, record: FormRecord, verdicts: Mapping[tuple[str, str], Verdict]
    ) -> list[ValueLine]:
        cached = self._lines.get(name)
        if cached is None or cached[0] is not record:
            cached = (record, value_lines(name, record, {}))
            self._lines[name] = cached
        return [replace(line, verdict=verdicts.get((name, line.field))) for line in cached[1]]


def filtered(lines: Iterable[ValueLine], keep: ValueFilter) -> list[ValueLine]:
    return [line for line in lines if keep.keeps(line)]
