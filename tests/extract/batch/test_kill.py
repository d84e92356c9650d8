"""kill -9 in the middle of a batch, then the same command again: the outputs are exactly those
of an uninterrupted run, and nothing half-written was ever visible."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from declform.output import schema_errors
from tests.extract.batch.kit import ROOT, golden_pdf, read_records, sample_inputs


def _command(inputs: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "declform", "extract", str(inputs), "--out", str(out),
            "--workers", str(workers), "--quiet"]


def _kill_after_first_record(inputs: Path, out: Path) -> None:
    process = subprocess.Popen(
        _command(inputs, out, 1), cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(out.glob("*.json")) and time.monotonic() < deadline:
            assert process.poll() is None, "the batch ended before the first record"
            time.sleep(0.005)
        assert process.poll() is None, "the batch ended before it could be killed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its workers, like kill -9
        process.wait()


def test_a_killed_batch_resumes_to_the_same_outputs(tmp_path: Path) -> None:
    inputs = sample_inputs(tmp_path / "in")
    for index in range(10):
        golden_pdf(index, inputs / f"golden-{index:02d}.pdf")
    reference, out = tmp_path / "reference", tmp_path / "out"
    subprocess.run(_command(inputs, reference, 2), cwd=ROOT, check=True, capture_output=True)
    expected = read_records(reference)

    _kill_after_first_record(inputs, out)
    partial = read_records(out)
    assert 0 < len(partial) < len(expected)
    for name, data in partial.items():  # whatever was written is whole
        assert schema_errors(json.loads(data)) == [] and data == expected[name]

    done = subprocess.run(_command(inputs, out, 2), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert read_records(out) == expected
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".declform"]
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    assert {i["status"] for i in manifest["inputs"]} == {"done"}
    assert len(manifest["inputs"]) == len(list(inputs.iterdir()))
