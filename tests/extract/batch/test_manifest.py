"""The manifest journal: what it keeps across runs, what it drops, the snapshot, the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declform.extract.batch.manifest import MANIFEST_FOLDER, Manifest
from declform.extract.batch.manifest_records import PageEntry
from declform.extract.batch.manifest_views import write_snapshot
from declform.output.errors import OutputLockedError

KEY = ("ab" * 32, 1234)


def _pages(*states: str) -> list[PageEntry]:
    detail = {"done": "form", "not-a-form": "not_a_form", "failed": "failed"}
    return [
        PageEntry(n, s, detail[s], None if s == "done" else f"why {n}")  # type: ignore[arg-type]
        for n, s in enumerate(states, start=1)
    ]


def test_finished_content_survives_reopening(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.start_content(KEY, 2)
        manifest.save_read(KEY, 1, '{"page": 1}')
        manifest.finish_content(KEY, 1, _pages("done", "not-a-form"), {"in/a.pdf": ("a.json",)})
    with Manifest(tmp_path) as manifest:
        state = manifest.content(KEY)
        assert state is not None and state.status == "done" and state.forms == 1
        assert [(e.page, e.status, e.reason) for e in state.page_entries] == [
            (1, "done", None), (2, "not-a-form", "why 2")
        ]
        assert manifest.saved_reads(KEY) == {}  # dropped once the file is done
        entry = manifest.input_entry("in/a.pdf")
        assert entry is not None and entry.key == KEY and entry.outputs == ("a.json",)


def test_page_reads_stay_while_a_page_failed(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.start_content(KEY, 2)
        manifest.save_read(KEY, 1, '{"page": 1}')
        manifest.finish_content(KEY, 0, _pages("done", "failed"), {"a.pdf": ()})
        state = manifest.content(KEY)
        assert state is not None and state.status == "failed"
        assert manifest.saved_reads(KEY) == {1: '{"page": 1}'}
        assert manifest.finished_inputs(KEY) == []  # nothing to copy from


def test_a_file_that_cannot_be_opened_is_recorded_with_its_reason(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.fail_content(KEY, ["bad.pdf"], "bad.pdf: not a readable PDF", 2)
        state = manifest.content(KEY)
        assert state is not None and (state.status, state.exit_code) == ("failed", 2)
        path = write_snapshot(manifest)
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = snapshot["inputs"]
    assert entry == {
        "path": "bad.pdf", "size": 1234, "sha256": KEY[0], "status": "failed",
        "reason": "bad.pdf: not a readable PDF", "outputs": [], "pages": [],
    }
    assert path == tmp_path / MANIFEST_FOLDER / "manifest.json"


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    with Manifest(tmp_path), pytest.raises(OutputLockedError, match="another declform extract"):
        Manifest(tmp_path)
    Manifest(tmp_path).close()  # free again once the first is closed
