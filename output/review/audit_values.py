"""The values an audit samples from: every value of every record in an output folder, each
with its field path (as the verdict journal names it), its field kind and the record's
profile and department, the three ways a sample can be stratified.

A value is a header field, an amount, a goal, an indicator cell (level1, level2, name, value,
weight, note) or a task cell that the record fills or ties to a table cell: a blank the
reader never tied to any cell is not a reading an auditor can judge against a crop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from declform.output.dataset.files import record_files
from declform.output.record import READABLE_SCHEMAS, FormRecord
from declform.output.review.model import HEADER_FIELDS

FieldKind = Literal[
    "header", "amount", "goal", "indicator_level", "indicator_name", "indicator_value",
    "indicator_other", "task",
]
FIELD_KINDS: tuple[FieldKind, ...] = (
    "header", "amount", "goal", "indicator_level", "indicator_name", "indicator_value",
    "indicator_other", "task",
)
Stratification = Literal["field-kind", "profile", "department"]
STRATIFICATIONS: tuple[Stratification, ...] = ("field-kind", "profile", "department")
NO_DEPARTMENT = "(no department)"
_INDICATOR_KINDS: dict[str, FieldKind] = {
    "level1": "indicator_level", "level2": "indicator_level", "name": "indicator_name",
    "value": "indicator_value", "weight": "indicator_other", "note": "indicator_other",
}
_TASK_CELLS = ("category", "name", "content", "total", "fiscal", "transfer")


@dataclass(frozen=True)
class AuditValue:
    record: str  # the record file's path relative to the output folder (posix)
    field: str  # project.name, funding.annual.total, indicators[3].value, tasks[0].name …
    kind: FieldKind
    profile: str
    department: str

    def stratum(self, by: Stratification) -> str:
        if by == "field-kind":
            return self.kind
        return self.profile if by == "profile" else self.department


def header_kind(path: str) -> FieldKind:
    if path.startswith("funding."):
        return "amount"
    return "goal" if path.startswith("goals.") else "header"


_ITEM = re.compile(r"^(indicators|tasks)\[(\d+)\]\.(\w+)$")


def field_value(record: FormRecord, path: str) -> object:
    """The value a field path names: `project.name`, `indicators[3].value`, `tasks[0].name`."""
    item = _ITEM.match(path)
    if item is not None:
        rows = record.indicators if item.group(1) == "indicators" else record.tasks
        return getattr(rows[int(item.group(2))], item.group(3))
    value: object = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def record_fields(record: FormRecord) -> Iterator[tuple[str, FieldKind]]:
    """(field path, kind) of every value of a record, in the order the form prints them."""
    tied = record.provenance
    for path, _ in HEADER_FIELDS:
        if field_value(record, path) is not None or path in tied:
            yield path, header_kind(path)
    for index, indicator in enumerate(record.indicators):
        for part, kind in _INDICATOR_KINDS.items():
            path = f"indicators[{index}].{part}"
            if getattr(indicator, part) is not None or path in tied:
                yield path, kind
    for index, task in enumerate(record.tasks):
        for part in _TASK_CELLS:
            path = f"tasks[{index}].{part}"
            if getattr(task, part) is not None or path in tied:
                yield path, "task"


def record_profile(record: FormRecord) -> str:
    """How the record's pages were read, as far as the record knows: born-digital (a text
    layer or a spreadsheet: no OCR), or a scan (turned, photographed and flattened, or
    straight; a record written before page transforms were saved: any OCR'd cell)."""
    transforms = record.page_transforms
    if any(t.rotation for t in transforms):
        return "scan-rotated"
    if any(t.homography is not None for t in transforms):
        return "scan-perspective"
    if transforms or any(cell.confidence < 1.0 for cell in record.cells):
        return "scan"
    return "born-digital"


def record_values(record: FormRecord, name: str) -> list[AuditValue]:
    profile = record_profile(record)
    department = (record.project.competent_department or "").strip() or NO_DEPARTMENT
    return [
        AuditValue(name, path, kind, profile, department) for path, kind in record_fields(record)
    ]


def read_population(out_dir: Path) -> list[AuditValue]:
    """Every value of every record under `out_dir` (files that are no record are passed
    over, as `declform tables` does), records in path order."""
    values: list[AuditValue] = []
    for path in record_files(out_dir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMAS:
                continue
            record = FormRecord.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        values.extend(record_values(record, path.relative_to(out_dir).as_posix()))
    return values
