"""A resumable batch: inputs are hashed and checked against the manifest, then each goes to
the executor as tasks — a probe, one task per page, and an assembly once all its pages are in
(extract/batch/tasks.py) — while this process writes records and keeps the manifest.

Order of writes, so that a kill at any moment loses nothing finished and leaves nothing
half-written: each page read of a multi-page file is committed to the manifest as it arrives;
a file's records are written atomically (temp file + rename) before the manifest marks its
pages done in one commit. A rerun reuses what is committed and redoes the rest.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from declform.extract.batch.executors import Executor
from declform.extract.batch.manifest import ContentKey, ContentState, Manifest, PageEntry
from declform.extract.batch.naming import output_names, record_paths
from declform.extract.batch.page_codec import page_read_from_json, page_read_to_json
from declform.extract.batch.progress import FileReport, Reporter
from declform.extract.batch.selection import PageSelection
from declform.extract.batch.tasks import (
    Assembled,
    AssembleTask,
    PageCount,
    PageTask,
    ProbeTask,
    Task,
    TaskFailure,
    TaskResult,
)
from declform.extract.pipeline import PageOutcome, PageRead
from declform.extract.sources.pdf import file_sha256
from declform.output.atomic import write_text_atomic
from declform.output.codes import ExitCode
from declform.output.errors import DeclformError, UsageError
from declform.output.json_writer import read_record, write_record

log = logging.getLogger(__name__)
_MANIFEST_STATE = {"form": "done", "continuation": "done", "not_a_form": "not-a-form"}


@dataclass
class _Job:
    """One content (sha256, size) being extracted; `paths` are the inputs that hold it."""

    key: ContentKey
    paths: list[Path]
    pages: int | None = None
    wanted: tuple[int, ...] = ()  # the pages this run reads (all, unless --pages)
    reads: dict[int, PageRead] = field(default_factory=dict)
    pages_read: int = 0
    assembling: bool = False
    late: list[Path] = field(default_factory=list)  # same bytes, arrived during assembly


def _entries(pages: tuple[PageOutcome, ...]) -> list[PageEntry]:
    return [
        PageEntry(p.page, _MANIFEST_STATE.get(p.status, "failed"), p.status, p.reason)  # type: ignore[arg-type]
        for p in pages
    ]


def _outcomes(state: ContentState) -> tuple[PageOutcome, ...]:
    return tuple(PageOutcome(e.page, e.detail, e.reason) for e in state.page_entries)  # type: ignore[arg-type]


class Batch:
    def __init__(
        self,
        files: list[Path],
        out_dir: Path,
        manifest: Manifest,
        executor: Executor,
        reporter: Reporter,
        engine: str,
        force: bool = False,
        selection: PageSelection | None = None,
    ) -> None:
        self.out_dir, self.manifest, self.executor = out_dir, manifest, executor
        self.reporter, self.engine = reporter, engine
        self._force, self._selection = force, selection
        self._files = files
        self._names = output_names(files)
        self._jobs: dict[ContentKey, _Job] = {}
        self._job_of: dict[str, ContentKey] = {}  # the path a job's tasks read → its content
        self._in_flight = 0
        self._again: deque[Path] = deque()  # inputs to admit once more (see `_finish`)
        self.first_error: ExitCode | None = None  # of the first input that failed whole

    def run(self) -> None:
        pending: deque[Task] = deque()
        files: Iterator[Path] = iter(self._files)
        exhausted = False
        while True:
            while self._in_flight < self.executor.capacity:
                if pending:
                    self.executor.submit(pending.popleft())
                    self._in_flight += 1
                elif self._again:
                    pending.extend(self._admit(self._again.popleft()))
                elif not exhausted and (path := next(files, None)) is not None:
                    pending.extend(self._admit(path))
                else:
                    exhausted = True
                    break
            if self._in_flight == 0 and not pending and not self._again and exhausted:
                return
            for task, result in self.executor.collect():
                self._in_flight -= 1
                pending.extend(self._on_result(task, result))

    # -- inputs ---------------------------------------------------------------------------

    def _admit(self, path: Path) -> list[Task]:
        """The tasks an input needs: none when this or an earlier run already did its work."""
        try:
            key = (file_sha256(path), path.stat().st_size)
        except OSError as exc:
            reason = f"{path}: cannot read the file ({exc.strerror or exc})"
            self.manifest.put_input(str(path), None, "failed", reason, ())
            self._report_failure(path, reason, None, ExitCode.INPUT)
            return []
        if key in self._jobs:  # the same bytes under another name in this batch
            job = self._jobs[key]
            (job.late if job.assembling else job.paths).append(path)
            return []
        state = None if self._force else self.manifest.content(key)
        if state is not None and state.status == "done" and self._reuse(path, key, state):
            log.debug("%s: done by an earlier run, not read again", path)
            return []
        job = self._jobs[key] = _Job(key, [path])
        self._job_of[str(path)] = key
        if state is None or state.pages is None:
            return [ProbeTask(str(path), self.engine)]
        self._set_pages(job, state.pages)
        job.reads = {
            page: page_read_from_json(data)
            for page, data in self.manifest.saved_reads(key).items()
            if page in job.wanted
        }
        self.manifest.start_content(key, state.pages)
        log.info("%s: resuming, %d of %d page(s) already read", path, len(job.reads),
                 len(job.wanted))
        return self._page_tasks(job, str(path))

    def _set_pages(self, job: _Job, pages: int) -> None:
        job.pages = pages
        job.wanted = self._selection.pages_of(pages) if self._selection else tuple(
            range(1, pages + 1)
        )

    def _page_tasks(self, job: _Job, path: str) -> list[Task]:
        """The page reads still missing, or the assembly when none is."""
        missing = [n for n in job.wanted if n not in job.reads]
        if not missing:
            return [self._assembly(job)]
        return [PageTask(path, n, self.engine) for n in missing]

    def _assembly(self, job: _Job) -> AssembleTask:
        job.assembling = True
        return AssembleTask(
            path=str(job.paths[0]),
            sha256=job.key[0],
            reads=tuple(job.reads[n] for n in sorted(job.reads)),
            also=tuple(str(p) for p in job.paths[1:]),
        )

    def _reuse(self, path: Path, key: ContentKey, state: ContentState) -> bool:
        """Skip an input whose content is done: its records are there, or are copied from
        another input with the same bytes (a renamed or moved file). False: extract again."""
        targets = self._targets(path, state.forms)
        names = tuple(t.name for t in targets)
        entry = self.manifest.input_entry(str(path))
        if (
            entry is not None and entry.key == key and entry.status == "done"
            and entry.outputs == names and all(t.is_file() for t in targets)
        ):
            self._report_reused(path, state, targets)
            return True
        for donor in self.manifest.finished_inputs(key):
            sources = [self.out_dir / name for name in donor.outputs]
            if len(sources) != state.forms or not all(s.is_file() for s in sources):
                continue
            try:
                records = [read_record(source) for source in sources]
                for record, target in zip(records, targets, strict=True):
                    write_record(replace(record, source=replace(record.source, path=str(path))),
                                 target)
            except (DeclformError, OSError, ValueError, KeyError, TypeError):
                continue  # a damaged or edited donor: try the next, else extract again
            self._replace_outputs(path, key, "done", names)
            self._report_reused(path, state, targets)
            return True
        return False

    def _targets(self, path: Path, forms: int) -> list[Path]:
        return record_paths(self.out_dir, self._names[path], forms) if forms else []

    def _replace_outputs(
        self, path: Path, key: ContentKey | None, status: str, names: tuple[str, ...],
        reason: str | None = None,
    ) -> None:
        """Record this input's outputs, deleting the records an earlier run wrote for it that
        the new ones do not replace (the file changed, or holds fewer forms now)."""
        self._drop_stale(path, names)
        self.manifest.put_input(str(path), key, status, reason, names)

    def _drop_stale(self, path: Path, names: tuple[str, ...]) -> None:
        previous = self.manifest.input_entry(str(path))
        for name in previous.outputs if previous is not None else ():
            # names come from safe_stem; the check keeps a tampered manifest inside --out
            if name not in names and "/" not in name and not name.startswith("."):
                (self.out_dir / name).unlink(missing_ok=True)

    # -- results --------------------------------------------------------------------------

    def _on_result(self, task: Task, result: TaskResult) -> list[Task]:
        job = self._jobs[self._job_of[task.path]]
        if isinstance(task, ProbeTask):
            if isinstance(result, PageCount):
                self._set_pages(job, result.pages)
                self.manifest.start_content(job.key, result.pages)
                if not job.wanted:
                    assert self._selection is not None  # every file has a page
                    self._fail(job, TaskFailure(
                        f"none of its {result.pages} page(s) is in --pages "
                        f"{self._selection.text}", ExitCode.USAGE, UsageError.advice,
                    ))
                    return []
                return self._page_tasks(job, task.path)
            self._fail(job, _as_failure(result))
            return []
        if isinstance(task, AssembleTask):
            if isinstance(result, Assembled):
                self._finish(job, result)
            else:
                self._fail(job, _as_failure(result))
            return []
        read = result if isinstance(result, PageRead) else PageRead(
            task.page, failure=_as_failure(result).reason
        )
        job.reads[task.page] = read
        job.pages_read += 1
        assert job.pages is not None  # page tasks follow the probe
        if read.failure is None and job.pages > 1:  # a killed run need not read it again
            self.manifest.save_read(job.key, task.page, page_read_to_json(read))
        return [self._assembly(job)] if len(job.reads) == len(job.wanted) else []

    def _finish(self, job: _Job, assembled: Assembled) -> None:
        outputs: dict[str, tuple[str, ...]] = {}
        for file in assembled.files:
            targets = self._targets(Path(file.path), len(file.records))
            for text, target in zip(file.records, targets, strict=True):
                write_text_atomic(target, text)
            outputs[file.path] = tuple(t.name for t in targets)
            self._drop_stale(Path(file.path), outputs[file.path])
        first = assembled.files[0]
        partial = len(job.wanted) < (job.pages or 0)
        self.manifest.finish_content(
            job.key, len(first.records), _entries(first.pages), outputs, partial=partial
        )
        self._close(job)
        for index, file in enumerate(assembled.files):
            self.reporter.file(FileReport(
                path=Path(file.path),
                status="failed" if any(p.status == "failed" for p in file.pages) else "done",
                forms=len(file.records),
                pages=file.pages,
                warnings=file.warnings,
                outputs=tuple(self.out_dir / name for name in outputs[file.path]),
                pages_read=job.pages_read if index == 0 else 0,
            ))

    def _close(self, job: _Job) -> None:
        """Forget a finished job; inputs with its bytes that came during its assembly are
        admitted again, to be copied from the records just written."""
        del self._jobs[job.key]
        self._again.extend(job.late)

    def _fail(self, job: _Job, failure: TaskFailure) -> None:
        for path in job.paths:
            self._drop_stale(path, ())
        self.manifest.fail_content(job.key, [str(p) for p in job.paths], failure.reason,
                                   failure.exit_code)
        self._close(job)
        for path in job.paths:
            self._report_failure(path, failure.reason, failure.advice, failure.exit_code)

    def _report_failure(
        self, path: Path, reason: str, advice: str | None, code: ExitCode
    ) -> None:
        if self.first_error is None:
            self.first_error = code
        self.reporter.file(FileReport(path, "failed", error=reason, advice=advice, exit_code=code))

    def _report_reused(self, path: Path, state: ContentState, targets: list[Path]) -> None:
        self.reporter.file(FileReport(
            path=path, status="skipped", forms=state.forms, pages=_outcomes(state),
            outputs=tuple(targets),
        ))


def _as_failure(result: TaskResult) -> TaskFailure:
    """A task's result where another was due: a failure as it is, anything else is our bug."""
    if isinstance(result, TaskFailure):
        return result
    return TaskFailure(f"unexpected task result {type(result).__name__}")
