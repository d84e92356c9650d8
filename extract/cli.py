"""The `declform` command line: what each command does (its parser is extract/cli_parser.py).
The only place exceptions become exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from declform.extract.cli_parser import build_parser
from declform.extract.ocr import DEFAULT_ENGINE
from declform.output.codes import ExitCode
from declform.output.errors import DeclformError, UsageError

if TYPE_CHECKING:
    from declform.extract.batch.options import BatchOptions

# The batch (and through it OpenCV, pdfplumber) is imported inside main(), so that a Ctrl-C
# while the command starts is one "interrupted" line and exit 130, never an import traceback.


def run_extract(
    inputs: Sequence[str],
    out_dir: Path,
    quiet: bool = False,
    engine: str = DEFAULT_ENGINE,
    options: BatchOptions | None = None,
) -> ExitCode:
    """The batch (extract/batch/command.py); `options` beyond quiet/engine come from the flags."""
    from declform.extract.batch.command import run_batch
    from declform.extract.batch.options import BatchOptions

    options = replace(options or BatchOptions(), quiet=quiet, engine=engine)
    return run_batch(inputs, out_dir, options)


def run_tables(out_dir: Path, csv_bom: bool = False) -> ExitCode:
    # pandas and duckdb: imported only for this command
    from declform.output.dataset.build import rebuild_dataset

    _existing_folder(out_dir)
    dataset = rebuild_dataset(out_dir, csv_bom=csv_bom)
    counts = ", ".join(f"{rows} {name}" for name, rows in dataset.rows.items())
    print(f"declform: {counts} → {dataset.parquet['forms'].parent}, {dataset.duckdb}")
    return ExitCode.OK


def _existing_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise UsageError("no such folder", path=str(folder))


def run_review(out_dir: Path) -> ExitCode:
    from declform.extract.review_pages import write_review_site  # rendering: only for this command

    _existing_folder(out_dir)
    report = write_review_site(out_dir)
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(
        f"declform: {report.forms} form(s) → {report.index} ({report.images_written} images "
        f"written, {report.images_reused} reused, {report.seconds:.1f}s)"
    )
    return ExitCode.OK if report.forms else ExitCode.SOME_FAILED


def run_review_app(
    out_dir: Path, host: str, port: int, lang: Literal["zh", "en"], who: str | None
) -> ExitCode:
    from declform.extract.review_app import review_app  # Flask: only for this command

    _existing_folder(out_dir)
    running = review_app(out_dir, host=host, port=port, lang=lang, who=who)
    print(f"declform: review app for {out_dir} at {running.url}  (Ctrl-C stops it)", flush=True)
    try:
        running.serve()  # until Ctrl-C: waitress ends its loop on it, the normal way to stop
    finally:
        running.close()
    print("declform: review app stopped", flush=True)
    return ExitCode.OK


def run_explain(path: Path, page: int | None, engine: str = DEFAULT_ENGINE) -> ExitCode:
    from declform.extract.pipeline import Extractor, assemble
    from declform.layouts.explain import as_continuation, explain_grid, render

    if not path.is_file():
        raise UsageError("no such file", path=str(path))
    extractor = Extractor(engine)
    wanted = [page] if page is not None else list(range(1, extractor.page_count(path) + 1))
    reads = {number: extractor.read_page(path, number) for number in wanted}
    explained = {n: [explain_grid(grid) for grid in read.grids] for n, read in reads.items()}
    if page is not None and any(e.layout is None for e in explained[page]):
        # no form alone, it may continue one begun earlier: read as the form reads it
        reads |= {number: extractor.read_page(path, number) for number in range(1, page)}
    records = assemble(path, "", [reads[n] for n in sorted(reads)]).records
    continued = {p: r for r in records for p in r.source.pages if p != r.source.pages[0]}
    for number in wanted:
        read = reads[number]
        if read.failure is not None:
            print(f"page {read.page}: FAILED {read.failure}")
        elif not read.grids:
            print(f"page {read.page}: no ruled table on the page")
        for explanation in explained[number]:
            if number in continued and explanation.layout is None:
                explanation = as_continuation(explanation, continued[number])
            print(render(explanation))
    return ExitCode.OK


def configure_logging(verbose: int, quiet: bool) -> None:
    """Log records to stderr; progress lines and the bar are the reporter's, not logging's."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[
        min(verbose, 2)
    ]
    logging.basicConfig(
        level=level, format="declform %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("declform").setLevel(level)


def use_layouts(folder: Path) -> None:
    """Check a user's layout folder now (a bad file stops the run, naming file and key) and
    hand it to every worker through the environment."""
    import os

    from declform.layouts.spec import USER_LAYOUTS_ENV, user_layouts

    user_layouts(folder)
    os.environ[USER_LAYOUTS_ENV] = str(folder.resolve())


def _run(args: argparse.Namespace) -> ExitCode:
    if getattr(args, "layouts", None) is not None:
        use_layouts(args.layouts)
    if args.command == "review" and args.serve:
        return run_review_app(args.dir, args.host, args.port, args.lang, args.who)
    if args.command == "review":
        return run_review(args.dir)
    if args.command == "tables":
        return run_tables(args.dir, csv_bom=args.csv_bom)
    if args.command == "explain":
        return run_explain(args.file, args.page, args.engine)
    if args.command == "audit":
        from declform.extract.audit_command import run_audit

        return run_audit(args)
    from declform.extract.batch.options import batch_options

    return run_extract(args.inputs, args.out, args.quiet, args.engine, batch_options(args))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        configure_logging(args.verbose, args.quiet)
        return int(_run(args))
    except DeclformError as exc:
        print(f"FAILED {exc} — {exc.advice}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("declform: interrupted; rerun the same command to resume", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
