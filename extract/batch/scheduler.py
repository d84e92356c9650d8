"""A resumable batch: inputs are hashed and checked against the manifest, then each goes to
the executor as tasks — a probe, one task per page, and an assembly once all its pages are in
(extract/batch/tasks.py) — while this process writes records and keeps the manifest.

Order of writes, so that a kill at any moment loses nothing finished and leaves nothing
half-written: each page read of a multi-page file is committed to the manifest as it arrives;
a file's records are written atomically (temp file + rename) before the manifest marks its
pages done in one commit. A rerun reuses what is committed and redoes the rest."""

from __future__ import annotations

import logging
import os
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path

from declform import __version__
from declform.extract.batch.executors import Executor
from declform.extract.batch.jobs import Job
from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_records import ContentKey, ContentState
from declform.extract.batch.manifest_views import entries_of, outcomes_of
from declform.extract.batch.page_codec import page_read_from_json, page_read_to_json
from declform.extract.batch.progress import FileReport, Reporter
from declform.extract.batch.selection import PageSelection
from declform.extract.batch.sequences import PageSequence
from declform.extract.batch.tasks import (
    Assembled,
    AssembleTask,
    PageCount,
    ProbeTask,
    Task,
    TaskFailure,
    TaskResult,
    as_failure,
)
from declform.extract.batch.writer import STOP_ERRNOS, RecordWriter, write_failure
from declform.extract.pipeline import PageRead
from declform.extract.sources.files import InputFile
from declform.extract.sources.pdf import file_sha256
from declform.output.codes import ExitCode
from declform.output.errors import UsageError, describe

log = logging.getLogger(__name__)


class FileBatch:
    """The batch of inputs read one file each (extract/batch/sequence_batch.py adds page
    sequences)."""

    def __init__(
        self,
        files: list[InputFile],
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
        self._units: list[Path | PageSequence] = [f.path for f in files]
        self.writer = RecordWriter(out_dir, manifest, {f.path: f.relative for f in files})
        self._jobs: dict[ContentKey, Job] = {}
        self._job_of: dict[str, ContentKey] = {}  # the path a job's tasks read → its content
        self._in_flight = 0
        # inputs not read again whose records an older declform made: version → how many
        self.older_reader: Counter[str] = Counter()
        self._again: deque[Path] = deque()  # inputs to admit once more (see `_finish`)
        self.first_error: ExitCode | None = None  # of the first input that failed whole

    def run(self) -> None:
        pending: deque[Task] = deque()
        files: Iterator[Path | PageSequence] = iter(self._units)
        exhausted = False
        while True:
            while self._in_flight < self.executor.capacity:
                if pending:
                    self.executor.submit(pending.popleft())
                    self._in_flight += 1
                elif self._again:
                    pending.extend(self._admit(self._again.popleft()))
                elif not exhausted and (unit := next(files, None)) is not None:
                    pending.extend(self._start(unit))
                else:
                    exhausted = True
                    break
            if self._in_flight == 0 and not pending and not self._again and exhausted:
                return
            for task, result in self.executor.collect():
                self._in_flight -= 1
                pending.extend(self._on_result(task, result))

    # -- inputs ---------------------------------------------------------------------------

    def _start(self, unit: Path | PageSequence) -> list[Task]:
        """An input's tasks (page sequences are sequence_batch.Batch's)."""
        assert isinstance(unit, Path), "page sequences are read by sequence_batch.Batch"
        return self._admit(unit)

    def _admit(self, path: Path) -> list[Task]:
        """The tasks an input needs: none when this or an earlier run already did its work."""
        try:
            key = self.manifest.hashes.key(path, file_sha256, force=self._force)
        except OSError as exc:
            reason = f"{path}: cannot read the file ({exc.strerror or describe(exc)})"
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
        job = self._jobs[key] = Job(key, [path])
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

    def _set_pages(self, job: Job, pages: int) -> None:
        job.plan(pages, self._selection)

    def _page_tasks(self, job: Job, path: str) -> list[Task]:
        return job.page_tasks(path, self.engine)

    def _reuse(self, path: Path, key: ContentKey, state: ContentState) -> bool:
        """Skip an input whose content is done: its records are there, or are copied from
        another input with the same bytes (a renamed or moved file). False: extract again."""
        names = self.writer.names(path, key, state.forms)
        entry = self.manifest.input_entry(str(path))
        if (
            entry is not None and entry.key == key and entry.status == "done"
            and entry.outputs == names and self.writer.matches(names, path, key[0])
        ):
            self._report_reused(path, state, names)
            return True
        try:
            copied = self.writer.copy_from(self.manifest.finished_inputs(key), path, key,
                                           state.forms)
        except OSError as exc:
            self._write_failed(path, key, exc)
            return True
        if copied is None:
            return False
        self._replace_outputs(path, key, "done", copied[0])
        donor = Path(copied[1])  # a copy beside this input, unless the file was moved
        self._report_reused(path, state, copied[0], donor if os.path.lexists(donor) else None)
        return True

    def _replace_outputs(
        self, path: Path, key: ContentKey | None, status: str, names: tuple[str, ...],
        reason: str | None = None,
    ) -> None:
        """Record this input's outputs, deleting the records an earlier run wrote for it that
        the new ones do not replace (the file changed, or holds fewer forms now)."""
        self.writer.drop_stale(path, names)
        self.manifest.put_input(str(path), key, status, reason, names)

    def _write_failed(self, path: Path, key: ContentKey, exc: OSError) -> None:
        """A record of this input cannot be written: the input fails, the batch goes on (a
        full or read-only disk raises OutputError instead: every next write would fail)."""
        reason = write_failure(exc, self.out_dir)
        self.manifest.put_input(str(path), key, "failed", reason, ())
        self._report_failure(path, reason, None, ExitCode.SOME_FAILED)

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
            self._fail(job, as_failure(result))
            return []
        if isinstance(task, AssembleTask):
            if isinstance(result, Assembled):
                self._finish(job, result)
            else:
                self._fail(job, as_failure(result))
            return []
        read = result if isinstance(result, PageRead) else PageRead(
            task.page, failure=as_failure(result).reason
        )
        return self._on_page(job, task.page, read)

    def _on_page(self, job: Job, page: int, read: PageRead) -> list[Task]:
        """Page `page` of the job's document read: kept, and the assembly once all are in."""
        job.reads[page] = read
        job.pages_read += 1
        self.reporter.page()
        assert job.pages is not None  # page tasks follow the probe
        if read.failure is None and job.pages > 1:  # a killed run need not read it again
            self.manifest.save_read(job.key, page, page_read_to_json(read))
        return [job.assembly()] if len(job.reads) == len(job.wanted) else []

    def _finish(self, job: Job, assembled: Assembled) -> None:
        outputs: dict[str, tuple[str, ...]] = {}
        failed: dict[str, OSError] = {}
        for file in assembled.files:
            try:
                outputs[file.path] = self.writer.write(Path(file.path), job.key, file.records)
            except OSError as exc:
                if exc.errno in STOP_ERRNOS:
                    self._write_failed(Path(file.path), job.key, exc)  # raises: batch stops
                failed[file.path] = exc
                continue
            self.writer.drop_stale(Path(file.path), outputs[file.path])
        first = assembled.files[0]
        partial = len(job.wanted) < (job.pages or 0)
        self.manifest.finish_content(
            job.key, len(first.records), entries_of(first.pages), outputs, partial=partial
        )
        self._close(job)
        for index, file in enumerate(assembled.files):
            if file.path in failed:
                self._write_failed(Path(file.path), job.key, failed[file.path])
                continue
            self.reporter.file(FileReport(
                path=Path(file.path),
                status="failed" if any(p.status == "failed" for p in file.pages) else "done",
                forms=len(file.records),
                pages=file.pages,
                warnings=file.warnings,
                outputs=tuple(self.out_dir / name for name in outputs[file.path]),
                pages_read=job.pages_read if index == 0 else 0,
                same_as=Path(assembled.files[0].path) if index else None,
            ))

    def _close(self, job: Job) -> None:
        """Forget a finished job; inputs with its bytes that came during its assembly are
        admitted again, to be copied from the records just written."""
        del self._jobs[job.key]
        self._again.extend(job.late)

    def _fail(self, job: Job, failure: TaskFailure) -> None:
        for path in job.paths:
            self.writer.drop_stale(path, ())
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

    def _report_reused(self, path: Path, state: ContentState, names: tuple[str, ...],
                       same_as: Path | None = None) -> None:
        if state.version != __version__:  # kept as an older reader read it
            self.older_reader[state.version or "< 0.3"] += 1
        self.reporter.file(FileReport(
            path=path, status="skipped", forms=state.forms, pages=outcomes_of(state),
            outputs=tuple(self.out_dir / name for name in names), same_as=same_as,
        ))

