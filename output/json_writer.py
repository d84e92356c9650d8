"""Records as JSON: validated first, written atomically (never a half-written file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from declform.output.atomic import write_text_atomic
from declform.output.record import FormRecord
from declform.output.validate import validate_record


def record_json(record: FormRecord) -> str:
    document = record.to_dict()
    validate_record(document, path=record.source.path)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_record(record: FormRecord, path: Path) -> None:
    write_text_atomic(path, record_json(record))


def read_record(path: Path) -> FormRecord:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return FormRecord.from_dict(data)
