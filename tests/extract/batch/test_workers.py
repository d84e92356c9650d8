"""The local worker pool: a hung page times out, a dead worker fails its page alone, and in
both cases a fresh worker takes the rest of the batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from declform.extract.batch.command import run_batch
from declform.extract.batch.executors import ProcessExecutor
from declform.extract.batch.options import BatchOptions
from tests.extract.batch.kit import SAMPLES, die_on_page_two, hang_on_page_two

TWO_PAGES = SAMPLES / "jingkaiqu-2026-project.pdf"
ONE_PAGE = SAMPLES / "department-2023.pdf"


@pytest.mark.parametrize(
    ("function", "name", "timeout", "reason"),
    [
        # long enough for a fresh worker to start and load on a busy CI machine: the timeout
        # counts from a task's start, the replacement's imports included
        (hang_on_page_two, "hang.pdf", 12, "timed out after 12 s; its worker was stopped and replaced"),
        # a timeout far off, so that the death is what gets noticed
        (die_on_page_two, "die.pdf", 60, "the worker process died"),
    ],
)
def test_a_page_that_hangs_or_kills_its_worker_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], function: object, name: str,
    timeout: float, reason: str,
) -> None:
    bad = tmp_path / name
    shutil.copyfile(TWO_PAGES, bad)
    after = tmp_path / "zz-after.pdf"
    shutil.copyfile(ONE_PAGE, after)
    out = tmp_path / "out"
    # one worker: the file after the bad page can only run in the replacement worker
    executor = ProcessExecutor(1, timeout=timeout, function=function)  # type: ignore[arg-type]
    code = run_batch([str(bad), str(after)], out, BatchOptions(), executor)
    captured = capsys.readouterr()
    assert code == 1
    assert f"FAILED {bad} page 2: {bad} page 2: {reason}" in captured.err
    assert (out / "zz-after.json").is_file()  # the rest of the batch ran
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    pages = {Path(i["path"]).name: i["pages"] for i in manifest["inputs"]}
    assert [p["status"] for p in pages[name]] == ["done", "failed"]
    assert reason in pages[name][1]["reason"]
    assert [p["status"] for p in pages["zz-after.pdf"]] == ["done"]


def test_workers_are_capped_by_cores_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from declform.extract.batch import limits

    monkeypatch.setattr(limits.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(limits, "available_memory", lambda: 64 * 2**30)
    assert BatchOptions(workers=100).worker_count == 2 * limits.PER_CORE
    assert BatchOptions(workers=3).worker_count == 3
    monkeypatch.setattr(limits, "available_memory", lambda: limits.WORKER_MEMORY * 3 // 2)
    assert BatchOptions(workers=100).worker_count == 1
    monkeypatch.setattr(limits, "available_memory", lambda: 0)
    assert BatchOptions().worker_count == 1  # never fewer than one


@pytest.mark.parametrize("images", [True, False])
def test_a_batch_with_images_loads_the_ocr_engine_at_worker_start(images: bool) -> None:
    """The engine loads in the worker's initializer, which --page-timeout does not count;
    a batch of PDFs only (maybe all born-digital) does not pay for it."""
    from declform.extract.batch.command import make_executor
    from declform.extract.batch.tasks import ProbeTask
    from tests.extract.batch.kit import report_engine_loaded

    executor = make_executor(BatchOptions(workers=1), images=images)
    assert isinstance(executor, ProcessExecutor)
    executor._function = report_engine_loaded
    try:
        executor.submit(ProbeTask("any.png", "rapidocr"))
        [(_, result)] = executor.collect()
    finally:
        executor.close()
    assert result.reason == f"engine loaded before the task: {images}"  # type: ignore[union-attr]
