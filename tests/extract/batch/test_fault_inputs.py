"""Fault injection, inputs: a FIFO, a link loop, a dangling link, unsupported files, the same
file twice and --out inside the input folder are each accounted for — on the console, in the
manifest and in the dataset's pages table — and the summary adds up."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.extract.batch.faults import assert_nothing_mixed_up, records, run, summary
from tests.extract.batch.kit import golden_pdf


def _box(tmp_path: Path) -> tuple[Path, dict[Path, int]]:
    box = tmp_path / "box"
    (box / "sub").mkdir(parents=True)
    inputs = {golden_pdf(0, box / "a.pdf"): 1, golden_pdf(1, box / "sub" / "b.pdf"): 1}
    (box / "notes.txt").write_text("not a form", encoding="utf-8")
    (box / "photo.heic").write_bytes(b"PK\x03\x04")
    os.mkfifo(box / "pipe.pdf")  # opening it would block forever
    (box / "loop").symlink_to(box, target_is_directory=True)
    (box / "self.pdf").symlink_to(box / "self.pdf")  # a link to itself: ELOOP
    (box / "gone.pdf").symlink_to(box / "missing.pdf")
    (box / "again.pdf").symlink_to(box / "a.pdf")  # the same file twice
    return box, inputs


def test_every_file_under_a_folder_is_read_or_refused_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    box, inputs = _box(tmp_path)
    out = box / "out"  # --out inside the input folder
    assert run([box], out) == 1  # the FIFO, the loop and the dangling link failed
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    files = {Path(e["path"]).name: e for e in events if e["event"] == "file"}
    assert {name: e["status"] for name, e in files.items()} == {
        "a.pdf": "done", "b.pdf": "done", "notes.txt": "unsupported",
        "photo.heic": "unsupported", "pipe.pdf": "not-regular", "loop": "link-loop",
        "self.pdf": "link-loop", "gone.pdf": "dangling-link", "again.pdf": "duplicate",
    }
    assert "FIFO" in files["pipe.pdf"]["error"] and "a.pdf" in files["again.pdf"]["error"]
    total = events[-1]
    assert total["inputs"] == len(files) == (
        total["with_forms"] + total["no_form"] + total["failed"] + total["unsupported"]
        + total["duplicates"]
    )
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    assert {Path(e["path"]).name for e in manifest["inputs"]} == set(files)
    with duckdb.connect(str(out / "declform.duckdb"), read_only=True) as con:
        problems = dict(con.execute(
            "SELECT source_path, status FROM problem_pages WHERE page IS NULL").fetchall())
    assert {Path(p).name for p in problems} == set(files) - {"a.pdf", "b.pdf"}
    assert_nothing_mixed_up(out, inputs)


def test_out_inside_the_input_folder_is_never_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    box = tmp_path / "box"
    box.mkdir()
    inputs = {golden_pdf(0, box / "a.pdf"): 1, golden_pdf(2, box / "b.pdf"): 1}
    out = box / "out"
    options_review = run([box], out)
    assert options_review == 0
    shutil.copyfile(box / "a.pdf", out / "planted.pdf")  # a file in OUT is not an input
    for _ in range(2):
        assert run([box], out) == 0
        assert summary(capsys)["inputs"] == 2
    assert_nothing_mixed_up(out, inputs)
    assert sorted(records(out)) == ["a.json", "b.json"]


def test_a_fifo_named_on_the_command_line_does_not_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    good = golden_pdf(0, tmp_path / "good.pdf")
    out = tmp_path / "out"
    assert run([fifo, good], out) == 1
    assert summary(capsys)["failed"] == 1
    assert_nothing_mixed_up(out, {good: 1})


def test_copies_of_one_file_are_read_once_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = golden_pdf(0, folder / "a.pdf")
    copy = Path(shutil.copyfile(first, folder / "b.pdf"))
    out = tmp_path / "out"
    assert run([folder], out) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    files = {Path(e["path"]).name: e for e in events if e["event"] == "file"}
    assert files["b.pdf"]["same_as"] == str(first) and files["a.pdf"]["same_as"] is None
    assert events[-1]["pages_read"] == files["a.pdf"]["pages"]  # read once
    assert_nothing_mixed_up(out, {first: 1, copy: 1})


def test_failure_reasons_are_the_same_in_identical_runs(tmp_path: Path) -> None:
    """No memory address (`<PDFObjRef at 0x7f…>`) in a reason: the tables of two runs on the
    same files are the same."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = golden_pdf(0, folder / "good.pdf")
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:2000])
    (folder / "fake.png").write_text("not an image", encoding="utf-8")
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Length 9 >> stream\nx")
    reasons = []
    for out in (tmp_path / "one", tmp_path / "two"):
        assert run([folder], out) == 1
        manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
        reasons.append({e["path"]: e["reason"] for e in manifest["inputs"]})
    assert reasons[0] == reasons[1]
    assert not any("0x" in (reason or "") for reason in reasons[0].values())
