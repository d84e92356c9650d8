"""The batch with page sequences: numbered image files of one folder read as one document
(extract/batch/sequences.py), its pages read in parallel like a PDF's, then assembled at once,
so that a page continuing a form joins the form begun in an earlier file.

What the batch's words mean for a sequence:
- resume: the sequence is known by the digest of its name and its files' contents, in order;
  it is skipped when that digest is done, its records are there and every file is still
  recorded as read within it. A file added, removed or changed reads the sequence again (its
  page reads from a killed run are kept, by the same digest, so only a run over the same files
  reuses them).
- `--force`: the sequence is read again, like every input.
- `--pages`: pages of the sequence, counted through its files (3 is the third page image).
Each file keeps its own manifest entry and report line: its pages' outcomes, the forms it
begins, the records its pages went into, the file whose form it continues.
"""

from __future__ import annotations

import json
from pathlib import Path

from declform import __version__
from declform.extract.batch.executors import Executor
from declform.extract.batch.jobs import Job
from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_records import ContentKey, ContentState
from declform.extract.batch.manifest_views import entries_of, outcomes_of
from declform.extract.batch.page_codec import page_read_from_json
from declform.extract.batch.progress import FileReport, Reporter
from declform.extract.batch.scheduler import FileBatch
from declform.extract.batch.selection import PageSelection
from declform.extract.batch.sequence_jobs import (
    MemberResult,
    SequenceParts,
    continued_from,
    split_outcomes,
)
from declform.extract.batch.sequences import PageSequence, group_sequences, sequence_key
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
from declform.extract.batch.writer import write_failure
from declform.extract.page_sequence import renumbered
from declform.extract.pipeline import PageRead
from declform.extract.sources.files import InputFile
from declform.extract.sources.pdf import file_sha256
from declform.output.codes import ExitCode
from declform.output.errors import UsageError, describe


class Batch(FileBatch):
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
        join_pages: bool = True,
    ) -> None:
        super().__init__(files, out_dir, manifest, executor, reporter, engine, force, selection)
        units = group_sequences(files)
        sequences = [unit for unit in units if isinstance(unit, PageSequence)]
        if not join_pages:  # read file by file: what an earlier run joined goes
            for sequence in sequences:
                self._unjoin(sequence)
            return
        self._units = [u if isinstance(u, PageSequence) else u.path for u in units]
        for sequence in sequences:
            self.writer.name_after(sequence.name, sequence.relative)

    def _unjoin(self, sequence: PageSequence) -> None:
        """The records an earlier run wrote for these files joined, removed (each file now
        gets its own), and the sequence forgotten: none is left to count twice."""
        if self.manifest.input_entry(str(sequence.name)) is not None:
            self.writer.drop_stale(sequence.name, ())
            self.manifest.forget_input(str(sequence.name))

    def _start(self, unit: Path | PageSequence) -> list[Task]:
        if isinstance(unit, PageSequence):
            return self._admit_sequence(unit)
        return super()._start(unit)

    # -- admitting ------------------------------------------------------------------------

    def _admit_sequence(self, sequence: PageSequence) -> list[Task]:
        keys: dict[Path, ContentKey] = {}
        for path in sequence.paths:
            try:
                keys[path] = self.manifest.hashes.key(path, file_sha256, force=self._force)
            except OSError as exc:  # the file fails; the sequence is read without it
                reason = f"{path}: cannot read the file ({exc.strerror or describe(exc)})"
                self.manifest.put_input(str(path), None, "failed", reason, ())
                self._report_failure(path, reason, None, ExitCode.INPUT)
        if not keys:
            return []
        parts = SequenceParts(sequence, keys)
        key = sequence_key(sequence.name, [keys[path] for path in parts.paths])
        state = None if self._force else self.manifest.content(key)
        if state is not None and state.status == "done" and self._reuse_sequence(parts, key,
                                                                                  state):
            return []
        self._jobs[key] = Job(key, [sequence.name], sequence=parts)
        for path in (sequence.name, *parts.paths):  # the assembly's, the probes' and pages'
            self._job_of[str(path)] = key
        return [ProbeTask(str(path), self.engine) for path in parts.paths]

    def _reuse_sequence(self, parts: SequenceParts, key: ContentKey, state: ContentState
                        ) -> bool:  # fmt: skip
        """Skip a sequence read before with these very files: its records are there and each
        file is still recorded as read within it (not since alone, with the option off)."""
        name = parts.sequence.name
        names = self.writer.names(name, key, state.forms)
        entry = self.manifest.input_entry(str(name))
        if (
            entry is None or entry.key != key or entry.status != "done"
            or entry.outputs != names or not self.writer.matches(names, name, key[0])
        ):  # fmt: skip
            return False
        members = [self.manifest.content(parts.keys[path]) for path in parts.paths]
        if any(member is None or member.status != "joined" for member in members):
            return False
        for path, member in zip(parts.paths, members, strict=True):
            assert member is not None
            if state.version != __version__:
                self.older_reader[state.version or "< 0.3"] += 1
            outcomes = outcomes_of(member)
            listed = self.manifest.input_entry(str(path))
            self.reporter.file(FileReport(
                path=path, status="skipped", forms=sum(o.status == "form" for o in outcomes),
                pages=outcomes, continues=continued_from(member.page_entries),
                outputs=tuple(self.out_dir / n for n in (listed.outputs if listed else ())),
            ))  # fmt: skip
        return True

    # -- results --------------------------------------------------------------------------

    def _on_result(self, task: Task, result: TaskResult) -> list[Task]:
        job = self._jobs[self._job_of[task.path]]
        parts = job.sequence
        if parts is None:
            return super()._on_result(task, result)
        if isinstance(task, ProbeTask):
            failure = None if isinstance(result, PageCount) else as_failure(result).reason
            parts.probe(Path(task.path), result.pages if isinstance(result, PageCount) else None,
                        failure)  # fmt: skip
            return self._probed(job, parts) if parts.probed else []
        if isinstance(task, AssembleTask):
            if isinstance(result, Assembled):
                self._finish_sequence(job, parts, result)
            else:
                self._fail(job, as_failure(result))
            return []
        read = result if isinstance(result, PageRead) else PageRead(
            task.page, failure=as_failure(result).reason
        )
        page = parts.place(Path(task.path), task.page)
        return self._on_page(job, page, renumbered(read, page))

    def _probed(self, job: Job, parts: SequenceParts) -> list[Task]:
        """Every file's page count is in: the sequence's pages, those a killed run read, and
        the page tasks still to do."""
        total = sum(parts.counts[path] for path in parts.paths)
        known = None if self._force else self.manifest.content(job.key)
        saved = self.manifest.saved_reads(job.key) if known and known.pages == total else {}
        self._set_pages(job, total)
        self.manifest.start_content(job.key, total)
        job.reads = {
            page: page_read_from_json(data) for page, data in saved.items() if page in job.wanted
        }
        for path, reason in parts.failures.items():  # a file that cannot be opened: one page
            page = parts.place(path, 1)
            if page in job.wanted:
                job.reads[page] = PageRead(page, failure=reason)
        if not job.wanted:
            assert self._selection is not None  # every sequence has a page
            self._fail(job, TaskFailure(
                f"none of its {total} page(s) is in --pages {self._selection.text}",
                ExitCode.USAGE, UsageError.advice,
            ))  # fmt: skip
            return []
        return self._page_tasks(job, str(job.paths[0]))

    def _finish_sequence(self, job: Job, parts: SequenceParts, assembled: Assembled) -> None:
        name, file = job.paths[0], assembled.files[0]
        try:
            names = self.writer.write(name, job.key, file.records)
        except OSError as exc:  # a full or read-only disk raises: the batch stops
            self._fail(job, TaskFailure(write_failure(exc, self.out_dir)))
            return
        self.writer.drop_stale(name, names)
        records = [json.loads(record) for record in file.records]
        members = split_outcomes(parts, file.pages, [
            [page["path"] for page in record["source"].get("files", ())] for record in records
        ])
        for member in members:  # records it had when read alone, before it joined
            self.writer.drop_stale(member.path, ())
        self.manifest.finish_sequence(
            job.key, len(file.records), sum(p.status == "failed" for p in file.pages),
            [(str(m.path), m.key, parts.counts[m.path], entries_of(m.pages),
              tuple(names[i] for i in m.records)) for m in members],
            {str(name): names}, partial=len(job.wanted) < (job.pages or 0),
        )  # fmt: skip
        self._close(job)
        warnings = [len(record["warnings"]) for record in records]
        for index, member in enumerate(members):
            self.reporter.file(self._member_report(member, names, warnings,
                                                   job.pages_read if index == 0 else 0))

    def _member_report(self, member: MemberResult, names: tuple[str, ...],
                       warnings: list[int], pages_read: int) -> FileReport:  # fmt: skip
        failed = any(page.status == "failed" for page in member.pages)
        return FileReport(
            path=member.path, status="failed" if failed else "done", forms=len(member.begun),
            pages=member.pages, warnings=sum(warnings[i] for i in member.begun),
            outputs=tuple(self.out_dir / names[i] for i in member.records),
            pages_read=pages_read, continues=member.continues,
        )  # fmt: skip

    def _fail(self, job: Job, failure: TaskFailure) -> None:
        """A sequence that cannot be assembled or written fails every file of it."""
        parts = job.sequence
        if parts is None:
            super()._fail(job, failure)
            return
        name = job.paths[0]
        self.writer.drop_stale(name, ())
        self.manifest.fail_content(job.key, [str(name)], failure.reason, failure.exit_code)
        for path in parts.paths:
            self.manifest.put_input(str(path), parts.keys[path], "failed", failure.reason, ())
        self._close(job)
        for path in parts.paths:
            self._report_failure(path, failure.reason, failure.advice, failure.exit_code)
