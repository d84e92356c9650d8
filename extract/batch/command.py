"""`declform extract` as a whole: inputs → executor → batch → manifest snapshot → exit code."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from declform import __version__
from declform.extract.batch.executors import (
    DaskExecutor,
    Executor,
    ProcessExecutor,
)
from declform.extract.batch.limits import worker_cap
from declform.extract.batch.manifest import MANIFEST_FOLDER, Manifest
from declform.extract.batch.manifest_check import database_error
from declform.extract.batch.manifest_views import input_outcomes, page_outcomes, write_snapshot
from declform.extract.batch.options import BatchOptions
from declform.extract.batch.progress import FAILED_KINDS, Reporter
from declform.extract.batch.sequence_batch import Batch
from declform.extract.batch.tasks import init_worker
from declform.extract.sources.files import Refused, scan_inputs
from declform.extract.sources.pdf import IMAGE_SUFFIXES
from declform.output.codes import ExitCode
from declform.output.dataset.page_rows import PageRow
from declform.output.errors import DeclformError, OutputError, UsageError, describe

log = logging.getLogger(__name__)


def make_executor(options: BatchOptions, images: bool = False) -> Executor:
    """`images`: the batch holds image files, so workers load their OCR engine at start-up,
    outside --page-timeout (scanned PDFs are only known page by page)."""
    if options.executor == "dask":
        return DaskExecutor(options.scheduler, workers=options.worker_count)
    warm = partial(init_worker, options.engine) if images else init_worker
    return ProcessExecutor(options.worker_count, options.page_timeout, initializer=warm)


def _clean_leftovers(out_dir: Path) -> None:
    """Temp files of atomic writes and staging folders of dataset builds a killed run left
    behind (the lock says no run is live), in the mirrored sub-folders too."""
    from declform.output.dataset.files import clean_staging  # light: no pandas before work

    for temp in out_dir.rglob(".*.json.*.tmp"):
        if MANIFEST_FOLDER not in temp.relative_to(out_dir).parts:
            temp.unlink(missing_ok=True)
    clean_staging(out_dir)


def exit_code(reporter: Reporter, unmatched: int, first_error: ExitCode | None) -> ExitCode:
    """The batch's outcome, as the README's table says:

    - forms extracted: OK, or SOME_FAILED when an input or page failed or holds no form, a form
      could be read only in part (or an argument matched nothing); unsupported files and
      duplicates are reported, not failures;
    - nothing extracted: USAGE when no file found is a PDF or image (each was reported as
      unsupported or a duplicate); NOT_A_FORM when every input was read and none holds a
      form; the first failed input's error (else INPUT) when every input failed; SOME_FAILED
      when some inputs hold no form and others failed (both kinds of line are shown)."""
    t = reporter.totals
    if t.forms:
        problems = t.failed or unmatched or t.no_form or t.pages_not_a_form or t.forms_incomplete
        return ExitCode.SOME_FAILED if problems else ExitCode.OK
    if not t.failed:  # nothing failed: were any inputs read at all, or only unsupported?
        return ExitCode.NOT_A_FORM if t.no_form else ExitCode.USAGE
    if t.no_form:
        return ExitCode.SOME_FAILED
    return first_error if first_error is not None else ExitCode.INPUT


def run_batch(
    inputs: Sequence[str],
    out_dir: Path,
    options: BatchOptions | None = None,
    executor: Executor | None = None,
) -> ExitCode:
    """Extract every input into `out_dir`, resuming what an earlier run left; the batch's
    outcome. Raises DeclformError when no batch can run (locked or unwritable folder), and
    lets KeyboardInterrupt through once the manifest is safe."""
    options = options or BatchOptions()
    # the output folder is never walked as input, even when it lies inside an input folder
    found = scan_inputs(inputs, exclude=out_dir)
    files, unmatched = found.files, found.unmatched
    reporter = Reporter(len(files) + len(found.refused), quiet=options.quiet,
                        json_log=options.json_log)
    for argument in unmatched:
        reporter.unmatched(argument)
    if not files and not found.refused:
        raise UsageError("no input file matched (PDF, PNG, JPEG or TIFF)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        manifest = Manifest(out_dir)
    except OSError as exc:
        raise OutputError(
            f"cannot write the output folder ({exc.strerror or describe(exc)})",
            path=str(out_dir),
        ) from exc
    if options.workers and options.executor == "local" and options.worker_count < options.workers:
        cap = worker_cap()
        log.warning("--workers %d capped at %d (%s)", options.workers, cap.workers, cap.why())
    log.info("%d input(s) → %s, %s", len(files), out_dir,
             "reading everything again" if options.force else "resuming")
    first_error: ExitCode | None = None
    try:
        _clean_leftovers(out_dir)
        _account_refused(found.refused, manifest, reporter)
        images = any(f.path.suffix.lower() in IMAGE_SUFFIXES for f in files)
        executor = executor or make_executor(options, images)
        batch = Batch(list(files), out_dir, manifest, executor, reporter, options.engine,
                      force=options.force, selection=options.pages,
                      join_pages=options.join_pages)
        try:
            batch.run()
        finally:
            first_error = batch.first_error
            executor.close()
        reporter.older_records(batch.older_reader, __version__)
    except KeyboardInterrupt:
        reporter.finish(out_dir, ExitCode.INTERRUPTED, interrupted=True)
        raise
    except OSError as exc:  # the disk filled up or went read-only under the manifest
        raise OutputError(f"cannot write to the output folder ({exc.strerror or describe(exc)})"
                          "; rerun the same command once it is writable", path=str(out_dir)
                          ) from None
    except sqlite3.Error as exc:
        raise database_error(exc, manifest.folder) from None
    finally:
        pages = _close_manifest(manifest)
    code = exit_code(reporter, len(unmatched), first_error)
    reporter.finish(out_dir, code)
    return max(code, _after_batch(out_dir, pages, options))


def _account_refused(refused: Sequence[Refused], manifest: Manifest, reporter: Reporter) -> None:
    """Files found but not read: a line each and a manifest entry (their records, if an
    earlier run wrote some, stay listed)."""
    for item in refused:
        status = "failed" if item.kind in FAILED_KINDS else item.kind
        previous = manifest.input_entry(str(item.path))
        manifest.put_input(str(item.path), previous.key if previous else None, status,
                           item.reason, previous.outputs if previous else ())
        reporter.refused(item)


def _close_manifest(manifest: Manifest) -> list[PageRow]:
    """The snapshot and the dataset's page rows, then the lock released — whatever happened
    (a full disk only costs the readable snapshot, the journal holds everything)."""
    rows: list[PageRow] = []
    try:
        write_snapshot(manifest)
    except (OSError, sqlite3.Error) as exc:
        log.error("cannot write the manifest snapshot (%s)", describe(exc))
    try:
        rows = [PageRow(path, e.page, e.detail, e.reason, sha)
                for path, sha, e in page_outcomes(manifest)]
        rows += [PageRow(path, None, status, reason, sha)
                 for path, sha, status, reason in input_outcomes(manifest)]
    except sqlite3.Error as exc:
        log.error("cannot read the manifest's page outcomes (%s)", describe(exc))
    finally:
        manifest.close()
    return rows


def _after_batch(out_dir: Path, pages: Sequence[PageRow], options: BatchOptions) -> ExitCode:
    """The dataset and the review site, from every record now in DIR (so a rerun updates
    them, never duplicates); a failure here is reported and leaves the records as they are."""
    say = not options.quiet and not options.json_log
    try:
        if options.tables:
            if say:  # the dataset takes seconds on a large folder: say what is going on
                print("declform: building the dataset …", flush=True)
            from declform.output.dataset.build import (
                rebuild_dataset,  # pandas/duckdb: only when writing
            )
            dataset = rebuild_dataset(out_dir, pages=pages)
            if say:
                print(f"declform: dataset → {dataset.duckdb} and {dataset.parquet['forms'].parent}")
        if options.review:
            from declform.extract.review_pages import (
                write_review_site,  # rendering: only when asked
            )

            if say:
                print("declform: writing the review site (page images, crops) …", flush=True)
            report = write_review_site(out_dir)
            if not options.json_log:
                print(f"declform: review site → {report.index}")
    except DeclformError as exc:  # the records stand; the dataset or site can be rebuilt
        log.error("%s — %s", exc, exc.advice)
        return max(ExitCode.SOME_FAILED, exc.exit_code)
    return ExitCode.OK
