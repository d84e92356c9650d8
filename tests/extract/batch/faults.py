"""Helpers for the fault-injection tests: run a batch in-process and check that every record
under OUT belongs to the input it names, with that input's bytes (no record lost or mixed up).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from declform.extract.batch import command
from declform.extract.batch.command import run_batch
from declform.extract.batch.options import BatchOptions
from declform.extract.cli import main
from declform.output.dataset.files import record_files
from tests.extract.batch.kit import inline

JSON_LOG = BatchOptions(json_log=True)


def run(inputs: list[Path], out: Path, options: BatchOptions = JSON_LOG) -> int:
    return run_batch([str(p) for p in inputs], out, options, inline())


def run_cli(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """The command line in this process, pages read inline (no worker pool to start)."""
    monkeypatch.setattr(command, "make_executor", lambda options, images=False: inline())
    return main(["extract", *argv])


def summary(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events[-1]["event"] == "summary"
    return events[-1]  # type: ignore[no-any-return]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records(out: Path) -> dict[str, dict[str, Any]]:
    """Every record under OUT by relative path (other JSON files left out)."""
    found = {
        p.relative_to(out).as_posix(): json.loads(p.read_text(encoding="utf-8"))
        for p in record_files(out)
    }
    return {name: data for name, data in found.items() if "source" in data}


def manifest_outputs(out: Path) -> dict[str, list[str]]:
    with sqlite3.connect(out / ".declform" / "manifest.sqlite") as db:
        rows = db.execute("SELECT path, outputs FROM inputs WHERE status = 'done'").fetchall()
    return {path: json.loads(outputs) for path, outputs in rows}


def assert_nothing_mixed_up(out: Path, forms: dict[Path, int]) -> None:
    """Each input has exactly its number of records, each names it and holds its sha256, and
    the manifest lists exactly those files."""
    found = records(out)
    by_source: dict[str, list[str]] = {}
    for name, record in found.items():
        source = Path(record["source"]["path"])
        assert record["source"]["sha256"] == sha256(source), name
        by_source.setdefault(str(source), []).append(name)
    assert {path: len(names) for path, names in by_source.items()} == {
        str(path): count for path, count in forms.items() if count
    }
    listed = manifest_outputs(out)
    for path, names in by_source.items():
        assert sorted(listed[path]) == sorted(names)
