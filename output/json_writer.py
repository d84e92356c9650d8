"""Writing records as JSON: validated first, written atomically (never a half-written file)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from declform.output.record import FormRecord
from declform.output.validate import validate_record


def record_json(record: FormRecord) -> str:
    document = record.to_dict()
    validate_record(document, path=record.source.path)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_record(record: FormRecord, path: Path) -> None:
    write_text_atomic(path, record_json(record))


def read_record(path: Path) -> FormRecord:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return FormRecord.from_dict(data)
