"""The units of work a batch hands to workers: picklable tasks and their results.

A file goes through three kinds of task: a probe (open it, count its pages), one task per
page (read its grids), and, once all its pages are in, an assembly (group the pages into
forms, build and validate the records as JSON). Assembly runs in a worker too: record
validation costs more than reading a born-digital page, and the parent must stay free to
hand out work.

`run_task` is what a worker process (local pool or Dask) executes. Each worker builds one
`Extractor` per engine name on first use and keeps it, so an OCR engine loads once per
worker, not once per page.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from declform.extract.page_sequence import assemble_sequence
from declform.extract.pipeline import Extractor, PageOutcome, PageRead, assemble
from declform.output.codes import ExitCode
from declform.output.errors import DeclformError, describe
from declform.output.json_writer import record_json
from declform.output.record import SourceFile


@dataclass(frozen=True)
class ProbeTask:
    """Open a file and count its pages: the first thing a batch does with an input."""

    path: str
    engine: str


@dataclass(frozen=True)
class PageTask:
    path: str
    page: int
    engine: str


@dataclass(frozen=True)
class AssembleTask:
    """Build the records of one file from its page reads, for each path holding its bytes."""

    path: str
    sha256: str
    reads: tuple[PageRead, ...]
    also: tuple[str, ...] = ()  # other inputs with the same bytes
    files: tuple[SourceFile, ...] = ()  # a page sequence's: the file of each page

    @property
    def engine(self) -> str:
        return "none"  # no OCR: assembly works on page reads


Task = ProbeTask | PageTask | AssembleTask


@dataclass(frozen=True)
class PageCount:
    pages: int


@dataclass(frozen=True)
class TaskFailure:
    """A file that cannot be opened, or a task that died or timed out in its worker."""

    reason: str
    exit_code: ExitCode = ExitCode.SOME_FAILED
    advice: str | None = None


@dataclass(frozen=True)
class AssembledFile:
    """One input's records as validated JSON, and the outcome of every page."""

    path: str
    pages: tuple[PageOutcome, ...]
    records: tuple[str, ...]
    warnings: int


@dataclass(frozen=True)
class Assembled:
    files: tuple[AssembledFile, ...]


TaskResult = PageCount | PageRead | Assembled | TaskFailure


def as_failure(result: TaskResult) -> TaskFailure:
    """A task's result where another was due: a failure as it is, anything else is our bug."""
    if isinstance(result, TaskFailure):
        return result
    return TaskFailure(f"unexpected task result {type(result).__name__}")

# Per thread: a Dask worker may run tasks in several threads, and OCR engines are not
# guaranteed to be thread-safe. A process pool worker has one thread, hence one extractor.
_LOCAL = threading.local()


def worker_extractor(engine: str) -> Extractor:
    """This thread's extractor for `engine`, built once (the OCR engine inside it lazily)."""
    extractors: dict[str, Extractor] = _LOCAL.__dict__.setdefault("extractors", {})
    if engine not in extractors:
        import cv2

        cv2.setNumThreads(1)  # workers run one per core (a Dask worker has no initializer)
        extractors[engine] = Extractor(engine)
    return extractors[engine]


def run_task(task: Task) -> TaskResult:
    """Execute one task in this process with its cached extractor."""
    return execute(task, worker_extractor(task.engine))


def execute(task: Task, extractor: Extractor) -> TaskResult:
    if isinstance(task, PageTask):
        return extractor.read_page(Path(task.path), task.page)
    if isinstance(task, AssembleTask):
        return _assemble(task)
    try:
        count = extractor.page_count(Path(task.path))
    except DeclformError as exc:
        return TaskFailure(str(exc), exc.exit_code, exc.advice)
    except Exception as exc:  # pdfminer and Pillow raise bare exceptions on hostile files
        return TaskFailure(f"{task.path}: cannot open the file ({describe(exc)})", ExitCode.INPUT)
    if count < 1:
        return TaskFailure(f"{task.path}: the file has no pages", ExitCode.INPUT)
    return PageCount(count)


def init_worker(engine: str | None = None) -> None:
    """Run once in every worker process: one OpenCV thread, since each core has a worker.

    Start-up work is done here, where --page-timeout does not count it (the pool times a
    task from its start): the pipeline's modules, and, when `engine` is given (the batch
    holds image files, so every worker will OCR), the OCR engine (~1 s, more with its word
    dictionary) — otherwise the first page of each worker paid for it."""
    import signal

    import cv2

    cv2.setNumThreads(1)
    # Ctrl-C goes to the whole process group: the parent alone decides what to stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import declform.extract.scan.page  # noqa: F401  (imported here, not in the first page)

    if engine is not None:
        # a missing engine is not reported here: its pages fail with the engine's advice
        with contextlib.suppress(Exception):
            _ = worker_extractor(engine).ocr


def _assemble(task: AssembleTask) -> Assembled | TaskFailure:
    files = []
    paths = (task.path, *task.also)
    for path in paths:
        result = (
            assemble_sequence(Path(path), task.sha256, task.reads, task.files)
            if task.files else assemble(Path(path), task.sha256, task.reads)
        )
        others = tuple(other for other in paths if other != path)
        try:
            records = tuple(
                record_json(replace(record, source=replace(record.source, same_bytes=others)))
                for record in result.records
            )
        except DeclformError as exc:  # a record the schema refuses: our bug, reported
            return TaskFailure(str(exc), exc.exit_code, exc.advice)
        warnings = sum(len(record.warnings) for record in result.records)
        files.append(AssembledFile(path, result.pages, records, warnings))
    return Assembled(tuple(files))
