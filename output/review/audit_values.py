"""The values an audit samples from: every value of every record in an output folder (as
`output/fields.value_paths` lists a record's values: the one list the review app shows too),
each with its field path (as the verdict journal names it), its field kind and the record's
profile and department, the three ways a sample can be stratified.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from declform.output.dataset.files import record_files
from declform.output.fields import FieldKind, field_kind, value_paths
from declform.output.record import READABLE_SCHEMAS, FormRecord

Stratification = Literal["field-kind", "profile", "department"]
STRATIFICATIONS: tuple[Stratification, ...] = ("field-kind", "profile", "department")
NO_DEPARTMENT = "(no department)"


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
        AuditValue(name, path, field_kind(path), profile, department)
        for path in value_paths(record)
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
