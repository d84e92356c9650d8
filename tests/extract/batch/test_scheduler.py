"""The batch: same records as the one-file API, resume, reuse by content, retries, names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from declform.extract.batch.command import run_batch
from declform.extract.batch.executors import Executor
from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_views import snapshot as manifest_snapshot
from declform.extract.batch.options import BatchOptions
from declform.extract.batch.tasks import PageTask
from declform.extract.cli import main
from declform.extract.pipeline import extract_file
from declform.output.codes import ExitCode
from declform.output.errors import OutputLockedError
from declform.output.json_writer import record_json
from tests.extract.batch.kit import (
    Crash,
    CrashAfter,
    FailingPages,
    golden_pdf,
    inline,
    read_records,
    sample_inputs,
)

JSON_LOG = BatchOptions(json_log=True)


def _run(inputs: list[Path], out: Path, executor: Executor | None = None) -> int:
    return run_batch([str(p) for p in inputs], out, JSON_LOG, executor or inline())


def _summary(capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary: dict = events[-1]  # type: ignore[type-arg]
    assert summary["event"] == "summary"
    return summary


def test_batch_writes_what_the_one_file_api_gives(tmp_path: Path) -> None:
    folder = sample_inputs(tmp_path / "in")
    assert _run([folder], tmp_path / "out") == 0
    written = read_records(tmp_path / "out")
    expected = {}
    for pdf in sorted(folder.glob("*.pdf")):
        records = extract_file(pdf).records
        names = [f"{pdf.stem}.json"] if len(records) == 1 else [
            f"{pdf.stem}-{k}.json" for k in range(1, len(records) + 1)
        ]
        expected.update({n: record_json(r).encode() for n, r in zip(names, records, strict=True)})
    assert written == expected


def test_rerun_skips_done_inputs_and_a_moved_file_is_not_read_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert _run([folder], out) == 0
    first = _summary(capsys)
    assert first["pages_read"] == 9 and first["forms"] == 6
    assert _run([folder], out) == 0
    again = _summary(capsys)
    assert again["pages_read"] == 0 and again["skipped"] == 4 and again["forms"] == 6

    moved = tmp_path / "elsewhere"
    shutil.move(folder, moved)
    assert _run([moved], out) == 0
    assert _summary(capsys)["pages_read"] == 0
    record = json.loads((out / "department-2023.json").read_text(encoding="utf-8"))
    assert record["source"]["path"] == str(moved / "department-2023.pdf")


def test_a_changed_file_is_read_again_and_its_stale_records_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_inputs(tmp_path / "in")
    out = tmp_path / "out"
    _run([folder], out)
    capsys.readouterr()
    three = folder / "batch-three-forms.pdf"
    golden_pdf(0, three)  # now one form, bytes never seen
    assert _run([folder], out) == 0
    assert _summary(capsys)["pages_read"] == len(extract_file(three).pages)  # that file alone
    names = set(read_records(out))
    assert "batch-three-forms.json" in names
    assert not any(name.startswith("batch-three-forms-") for name in names)


def test_same_bytes_under_two_names_are_read_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = golden_pdf(0, folder / "a.pdf")
    shutil.copyfile(first, folder / "b.pdf")
    assert _run([folder], tmp_path / "out") == 0
    summary = _summary(capsys)
    assert summary["pages_read"] == len(extract_file(first).pages) and summary["forms"] == 2
    a, b = (json.loads((tmp_path / "out" / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    assert a["source"]["path"].endswith("a.pdf") and b["source"]["path"].endswith("b.pdf")
    # both names kept: each record names the other input its bytes were read for
    assert a["source"]["same_bytes"] == [b["source"]["path"]]
    assert b["source"]["same_bytes"] == [a["source"]["path"]]
    assert {**a, "source": None} == {**b, "source": None}


def test_a_rerun_retries_only_the_failed_pages(tmp_path: Path) -> None:
    folder = sample_inputs(tmp_path / "in")
    out, clean = tmp_path / "out", tmp_path / "clean"
    _run([folder], clean)
    flaky = FailingPages({("jingkaiqu-2026-project.pdf", 2)})
    assert _run([folder], out, flaky) == 1
    with Manifest(out) as manifest:
        snapshot = manifest_snapshot(manifest)
    entry = next(i for i in snapshot["inputs"] if i["path"].endswith("jingkaiqu-2026-project.pdf"))
    assert [p["status"] for p in entry["pages"]] == ["done", "failed"]
    assert "injected failure" in entry["pages"][1]["reason"]

    retry = FailingPages(set())
    assert _run([folder], out, retry) == 0
    pages = [(Path(t.path).name, t.page) for t in retry.ran if isinstance(t, PageTask)]
    assert pages == [("jingkaiqu-2026-project.pdf", 2)]
    assert read_records(out) == read_records(clean)


def test_a_crash_mid_file_keeps_the_pages_already_read(tmp_path: Path) -> None:
    folder = sample_inputs(tmp_path / "in")
    out, clean = tmp_path / "out", tmp_path / "clean"
    _run([folder], clean)
    # the first file holds 4 pages: its probe and two pages come back, then the "kill"
    with pytest.raises(Crash):
        _run([folder], out, CrashAfter(3))
    resumed = CrashAfter(100)
    assert _run([folder], out, resumed) == 0
    pages_of_first = [t.page for t in resumed.ran
                      if isinstance(t, PageTask) and t.path.endswith("batch-three-forms.pdf")]
    assert pages_of_first == [3, 4]
    assert read_records(out) == read_records(clean)


def test_output_names_from_hostile_input_names_stay_inside_out(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["..pdf", ".hidden.pdf", "-rf ;$(reboot).pdf", "名 称?*.pdf", "a" * 240 + ".pdf"]
    for index, name in enumerate(names):
        golden_pdf(index % 3, folder / name)
    out = tmp_path / "out"
    assert _run([folder], out) == 0
    dataset = {"tables", "declform.duckdb"}
    written = sorted(p for p in out.iterdir() if p.name not in dataset)
    assert len(written) == len(names) + 1  # the records and the manifest folder
    for path in written:
        assert path.parent == out and path.resolve().is_relative_to(out.resolve())
        assert path.name == ".declform" or (path.suffix == ".json" and path.name[0] not in "._")


def test_a_second_run_on_the_same_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    with Manifest(out):
        assert main(["extract", str(folder), "--out", str(out)]) == ExitCode.OUTPUT_LOCKED
    err = capsys.readouterr().err
    assert "another declform extract is writing to this folder" in err
    assert OutputLockedError.advice in err and "unencrypted" not in err


def _events(capsys: pytest.CaptureFixture[str], name: str) -> list[dict]:  # type: ignore[type-arg]
    lines = capsys.readouterr().out.splitlines()
    return [event for event in map(json.loads, lines) if event["event"] == name]


def test_records_an_older_declform_made_are_kept_and_said_to_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from declform import __version__

    folder = tmp_path / "in"
    folder.mkdir()
    golden_pdf(0, folder / "a.pdf")
    out = tmp_path / "out"
    assert _run([folder], out) == 0
    assert _run([folder], out) == 0  # read by this version: nothing to say
    assert _events(capsys, "older_records") == []
    with sqlite3.connect(out / ".declform" / "manifest.sqlite") as db:
        db.execute("UPDATE contents SET version = '0.2.9'")
    assert _run([folder], out) == 0
    [said] = _events(capsys, "older_records")
    assert (said["inputs"], said["versions"]) == (1, {"0.2.9": 1})
    # a manifest from before the column existed opens, and its contents count as older
    with sqlite3.connect(out / ".declform" / "manifest.sqlite") as db:
        db.execute("ALTER TABLE contents DROP COLUMN version")
    assert _run([folder], out) == 0
    [said] = _events(capsys, "older_records")
    assert said["versions"] == {"< 0.3": 1}
    # --force reads them with this version, which the manifest then remembers
    assert run_batch([str(folder)], out, BatchOptions(json_log=True, force=True)) == 0
    capsys.readouterr()
    assert _run([folder], out) == 0
    assert _events(capsys, "older_records") == []
    with sqlite3.connect(out / ".declform" / "manifest.sqlite") as db:
        assert db.execute("SELECT DISTINCT version FROM contents").fetchall() == [(__version__,)]
