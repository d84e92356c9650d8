"""The verdict journal: append-only rows, the latest per value wins, safe across processes."""

from __future__ import annotations

import sqlite3
from multiprocessing import get_context
from pathlib import Path

import pytest

from declform.output.review.verdicts import VERDICTS_FILE, Verdict, VerdictStore


def test_latest_verdict_per_value_wins_and_history_keeps_every_row(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path)
    store.add("a.json", "project.name", "accept", who="li", old="道路", at="2026-01-01T00:00:00Z")
    store.add("a.json", "project.name", "correct", who="wang", old="道路", new="道路工程")
    store.add("a.json", "indicators[3].value", "flag", who="li", comment="seal over it")
    store.add("b.json", "project.name", "accept", who="li")

    latest = store.latest()
    assert set(latest) == {
        ("a.json", "project.name"),
        ("a.json", "indicators[3].value"),
        ("b.json", "project.name"),
    }
    name = latest[("a.json", "project.name")]
    assert isinstance(name, Verdict)
    assert (name.verdict, name.old, name.new, name.who) == ("correct", "道路", "道路工程", "wang")
    assert name.at.endswith("Z")
    assert len(store.history("a.json")) == 3
    assert set(store.latest("b.json")) == {("b.json", "project.name")}


def test_the_table_refuses_an_unknown_verdict(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path)
    with pytest.raises(ValueError):
        store.add("a.json", "project.name", "maybe", who="li")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.add("a.json", "project.name", "correct", who="li")
    with sqlite3.connect(tmp_path / VERDICTS_FILE) as raw, pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO verdicts (record, field, verdict, who, at) VALUES ('a','b','nope','c','d')"
        )


def test_form_status_defaults_to_unreviewed_and_is_replaced(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path)
    assert store.status("a.json") == "unreviewed"
    store.set_status("a.json", "in_review", who="li")
    store.set_status("a.json", "done", who="wang")
    entry = store.statuses()["a.json"]
    assert (entry.status, entry.who) == ("done", "wang")
    with pytest.raises(ValueError):
        store.set_status("a.json", "finished", who="li")  # type: ignore[arg-type]


def test_the_journal_is_in_wal_mode(tmp_path: Path) -> None:
    VerdictStore(tmp_path)
    with sqlite3.connect(tmp_path / VERDICTS_FILE) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _write_many(out_dir: str, who: str) -> None:
    store = VerdictStore(out_dir)
    for index in range(40):
        store.add("a.json", f"indicators[{index}].value", "accept", who=who)
        store.set_status("a.json", "in_review", who=who)


def test_two_processes_write_at_once_without_losing_a_row(tmp_path: Path) -> None:
    VerdictStore(tmp_path)
    context = get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(tmp_path), who)) for who in "xy"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert len(VerdictStore(tmp_path).history()) == 80
