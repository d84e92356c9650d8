"""What the review app reads from an output folder DIR, as it is now: the records (read again
only when their file changed: a re-extraction may rewrite them while the app runs), the inputs
the batch could not read (DIR/.declform/manifest.json) and the audit sample
(DIR/audit/sample.json, written by `declform audit sample`)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from declform.output.atomic import write_text_atomic
from declform.output.dataset.files import record_files
from declform.output.errors import UsageError
from declform.output.json_writer import record_json
from declform.output.record import READABLE_SCHEMAS, FormRecord
from declform.output.review import audit_files
from declform.output.review.audit_sample import Sample

MANIFEST_SNAPSHOT = Path(".declform") / "manifest.json"


@dataclass(frozen=True)
class Problem:
    """An input, or a page of one, that gave no record."""

    path: str
    page: int | None
    status: str
    reason: str | None


class RecordFolder:
    """The records of DIR by their path relative to it (`f01/0001.json`). Thread-safe."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self._cache: dict[str, tuple[tuple[int, int], FormRecord]] = {}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        return [path.relative_to(self.out_dir).as_posix() for path in record_files(self.out_dir)]

    def path_of(self, name: str) -> Path | None:
        """The file of record `name`, None when no record of the folder has that name (a
        name from a request is never joined blindly: `../x.json` is not a record)."""
        return self.out_dir / name if name in set(self.names()) else None

    def read(self, name: str) -> FormRecord | None:
        path = self.path_of(name)
        return self._read(name, path) if path is not None else None

    def _read(self, name: str, path: Path) -> FormRecord | None:
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            with self._lock:
                cached = self._cache.get(name)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMAS:
            return None
        try:
            record = FormRecord.from_dict(data)
        except (KeyError, TypeError, ValueError):
            return None
        with self._lock:
            self._cache[name] = (stamp, record)
        return record

    def all(self) -> list[tuple[str, FormRecord]]:
        found = [(name, self._read(name, self.out_dir / name)) for name in self.names()]
        return [(name, record) for name, record in found if record is not None]

    def write(self, name: str, record: FormRecord) -> None:
        """Rewrite record `name` (validated, atomically)."""
        path = self.path_of(name)
        if path is None:
            raise KeyError(name)
        write_text_atomic(path, record_json(record))


def problems(out_dir: Path) -> list[Problem]:
    """Inputs and pages the last batch could not read, from the manifest's snapshot."""
    try:
        snapshot: Any = json.loads((out_dir / MANIFEST_SNAPSHOT).read_text(encoding="utf-8"))
        inputs = snapshot["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    found = []
    for entry in inputs:
        if entry.get("status") != "done":
            found.append(
                Problem(entry["path"], None, entry.get("status", "?"), entry.get("reason"))
            )
        for page in entry.get("pages") or ():
            if page.get("status") != "done":
                found.append(
                    Problem(entry["path"], page["page"], page["status"], page.get("reason"))
                )
    return found


def read_sample(out_dir: Path) -> Sample | None:
    """The audit sample (`declform audit sample`), None when there is none or it is damaged."""
    try:
        return audit_files.read_sample(out_dir)
    except UsageError:
        return None
