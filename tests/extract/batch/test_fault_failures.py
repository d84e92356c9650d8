"""Fault injection, failures: a record that cannot be written, a full disk, a damaged or
tampered manifest, a killed dataset build, Ctrl-C in each phase. The batch stops or goes on as
the README says, and a rerun ends with every record, none lost or mixed up."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from declform.extract.batch import command, scheduler, writer
from declform.output.codes import ExitCode
from declform.output.errors import ManifestError
from tests.extract.batch.faults import assert_nothing_mixed_up, records, run, run_cli
from tests.extract.batch.kit import golden_pdf


def _inputs(tmp_path: Path, count: int = 3) -> tuple[Path, dict[Path, int]]:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder, {golden_pdf(i, folder / f"form{i}.pdf"): 1 for i in range(count)}


def _failing_write(monkeypatch: pytest.MonkeyPatch, code: int, name: str) -> None:
    """Writing the record whose file name contains `name` fails with `code`."""
    real = writer.write_text_atomic

    def write(path: Path, text: str) -> None:
        if name in path.name:
            raise OSError(code, "injected: " + errno.errorcode[code], str(path))
        real(path, text)

    monkeypatch.setattr(writer, "write_text_atomic", write)


def test_a_record_that_cannot_be_written_fails_its_input_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _failing_write(patch, errno.ENAMETOOLONG, "form1")
        assert run([folder], out) == ExitCode.SOME_FAILED
    assert sorted(records(out)) == ["form0.json", "form2.json"]
    assert run([folder], out) == ExitCode.OK
    assert_nothing_mixed_up(out, inputs)


def test_a_full_disk_stops_with_one_message_and_the_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _failing_write(patch, errno.ENOSPC, "form1")
        assert run_cli(patch, str(folder), "--out", str(out), "-q") == ExitCode.OUTPUT
    err = capsys.readouterr().err
    assert err.count("FAILED") == 1 and "Traceback" not in err and "rerun" in err
    assert "form1.json" not in records(out)
    assert run([folder], out) == ExitCode.OK
    assert_nothing_mixed_up(out, inputs)


@pytest.mark.parametrize("damage", ["garbage", "page_count", "record_name", "forms"])
def test_a_damaged_manifest_stops_with_advice_and_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    folder, inputs = _inputs(tmp_path, 2)
    out = tmp_path / "out"
    assert run([folder], out) == ExitCode.OK
    before = records(out)
    database = out / ".declform" / "manifest.sqlite"
    if damage == "garbage":
        for name in ("manifest.sqlite-wal", "manifest.sqlite-shm"):
            (out / ".declform" / name).unlink(missing_ok=True)
        database.write_bytes(b"\x00garbage" * 512)
    else:
        query = {
            "page_count": "UPDATE contents SET pages = 0",
            "record_name": "UPDATE inputs SET outputs = '[\"../../victim.json\"]'",
            "forms": "UPDATE contents SET forms = 0",
        }[damage]
        with sqlite3.connect(database) as db:
            db.execute(query)
    capsys.readouterr()
    assert run_cli(monkeypatch, str(folder), "--out", str(out)) == ExitCode.OUTPUT
    err = capsys.readouterr().err
    assert "manifest" in err and ManifestError.advice in err and "Traceback" not in err
    assert records(out) == before
    shutil.move(out / ".declform", tmp_path / "old-manifest")  # the advice, followed
    assert run([folder], out) == ExitCode.OK
    assert records(out) == before
    assert_nothing_mixed_up(out, inputs)


def test_a_killed_dataset_build_leaves_nothing_behind(tmp_path: Path) -> None:
    folder, inputs = _inputs(tmp_path, 1)
    out = tmp_path / "out"
    (out / ".dataset-k1ll3d").mkdir(parents=True)
    (out / ".dataset-k1ll3d" / "forms.parquet").write_bytes(b"half")
    assert run([folder], out) == ExitCode.OK
    assert not list(out.glob(".dataset-*"))
    assert_nothing_mixed_up(out, inputs)


def test_cleaning_up_before_work_loads_no_dataframe_library(tmp_path: Path) -> None:
    (tmp_path / ".dataset-k1ll3d").mkdir()
    code = (
        "import sys; from pathlib import Path; from declform.extract.batch import command; "
        f"command._clean_leftovers(Path({str(tmp_path)!r})); "
        "print(sorted({'pandas', 'duckdb'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # pandas costs the first page 0.3 s
    assert not list(tmp_path.glob(".dataset-*"))


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


PHASES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "start-up": lambda p: p.setattr(command, "scan_inputs", _interrupt),
    "hashing": lambda p: p.setattr(scheduler, "file_sha256", _interrupt),
    "writing": lambda p: p.setattr(writer, "write_text_atomic", _interrupt),
    "tables": lambda p: p.setattr("declform.output.dataset.build.rebuild_dataset", _interrupt),
    "review": lambda p: p.setattr("declform.extract.review_pages.write_review_site", _interrupt),
}


@pytest.mark.parametrize("phase", list(PHASES))
def test_ctrl_c_in_each_phase_exits_130_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    phase: str,
) -> None:
    folder, inputs = _inputs(tmp_path, 2)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        PHASES[phase](patch)
        code = run_cli(patch, str(folder), "--out", str(out), "--review")
    assert code == ExitCode.INTERRUPTED
    err = capsys.readouterr().err
    assert "Traceback" not in err and "rerun the same command" in err
    assert run([folder], out) == ExitCode.OK
    assert_nothing_mixed_up(out, inputs)


def test_a_full_disk_under_the_manifest_stops_with_exit_8_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from declform.extract.batch.manifest import Manifest

    folder, inputs = _inputs(tmp_path, 2)
    out = tmp_path / "out"

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(Manifest, "finish_content", full)
        assert run_cli(patch, str(folder), "--out", str(out), "-q") == ExitCode.OUTPUT
    err = capsys.readouterr().err
    assert err.count("FAILED") == 1 and "disk is full" in err and "Traceback" not in err
    assert run([folder], out) == ExitCode.OK
    assert_nothing_mixed_up(out, inputs)
