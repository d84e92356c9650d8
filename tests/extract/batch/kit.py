"""Helpers for the batch tests: small born-digital inputs, record comparison, and task
functions that misbehave on purpose (importable by name, so spawned workers can run them)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

from declform.extract.batch.executors import InlineExecutor
from declform.extract.batch.tasks import PageTask, Task, TaskFailure, TaskResult, run_task
from declform.extract.pipeline import Extractor
from declform.output.dataset.files import record_files
from scripts.render.form import render_record
from tests.extract.page_files import PdfPagesAsImages, page_images
from tests.paths import REPO

ROOT = REPO
SAMPLES = ROOT / "samples"
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def sample_inputs(folder: Path) -> Path:
    """The four bundled born-digital samples (one with three forms, two with a continued
    table) copied into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copyfile(pdf, folder / pdf.name)
    return folder


def golden_pdf(index: int, target: Path) -> Path:
    render_record(json.loads(GOLDEN[index].read_text(encoding="utf-8")), target)
    return target


def read_records(out: Path) -> dict[str, bytes]:
    """Every record file of an output folder (mirrored sub-folders too) by relative path, as
    bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in record_files(out)}


def inline() -> InlineExecutor:
    return InlineExecutor(Extractor())


def hang_on_page_two(task: Task) -> TaskResult:
    """Page 2 of a file whose name contains "hang" never finishes, like a stuck engine."""
    if isinstance(task, PageTask) and task.page == 2 and "hang" in Path(task.path).name:
        time.sleep(3600)
    return run_task(task)


def die_on_page_two(task: Task) -> TaskResult:
    """Page 2 of a file whose name contains "die" kills its worker (as the OOM killer would)."""
    if isinstance(task, PageTask) and task.page == 2 and "die" in Path(task.path).name:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_task(task)


class FailingPages(InlineExecutor):
    """Reports the listed (file name, page) tasks as failed instead of running them."""

    def __init__(self, failing: set[tuple[str, int]]) -> None:
        super().__init__(Extractor())
        self.failing = failing
        self.ran: list[Task] = []

    def collect(self) -> list[tuple[Task, TaskResult]]:
        done = super().collect() if not self._fails_next() else self._fail_next()
        self.ran.extend(task for task, _ in done)
        return done

    def _fails_next(self) -> bool:
        task = self._pending[0] if self._pending else None
        return isinstance(task, PageTask) and (Path(task.path).name, task.page) in self.failing

    def _fail_next(self) -> list[tuple[Task, TaskResult]]:
        task = self._pending.pop(0)
        return [(task, TaskFailure(f"{task.path}: injected failure"))]


class Crash(Exception):
    """Stands in for kill -9 in tests that stop a batch after some results."""


class CrashAfter(InlineExecutor):
    """Runs tasks in this process and raises `Crash` once `limit` results came back."""

    def __init__(self, limit: int, extractor: Extractor | None = None) -> None:
        super().__init__(extractor or Extractor())
        self.limit = limit
        self.ran: list[Task] = []

    def collect(self) -> list[tuple[Task, TaskResult]]:
        if len(self.ran) >= self.limit:
            raise Crash
        done = super().collect()
        self.ran.extend(task for task, _ in done)
        return done


def report_engine_loaded(task: Task) -> TaskResult:
    """Says whether this worker's OCR engine was loaded before the task began."""
    from declform.extract.batch import tasks

    extractors = tasks._LOCAL.__dict__.get("extractors", {})
    loaded = any(extractor._ocr is not None for extractor in extractors.values())
    return TaskFailure(f"engine loaded before the task: {loaded}")


__all__ = ["PdfPagesAsImages", "page_images"]


def sequence_executor(pages: dict[str, tuple[Path, int]]) -> InlineExecutor:
    return InlineExecutor(PdfPagesAsImages(pages))
