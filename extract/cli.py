"""The `declform` command line. The only place exceptions become exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from declform import __version__
from declform.extract.ocr import DEFAULT_ENGINE, ENGINES
from declform.output.codes import ExitCode
from declform.output.errors import DeclformError, UsageError
from declform.output.record import SCHEMA_ID

if TYPE_CHECKING:
    from declform.extract.batch.options import BatchOptions

# The batch (and through it OpenCV, pdfplumber) is imported inside main(), so that a Ctrl-C
# while the command starts is one "interrupted" line and exit 130, never an import traceback.


def _verbosity(inner: bool) -> argparse.ArgumentParser:
    """-v/-q, accepted before or after the command (declform -v extract … or extract -v);
    the command's copy has no defaults, so it never resets what was given before it."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS if inner else 0,
        help="log what each stage does (-v: info, -vv: debug with per-page stage timings)",
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS if inner else False,
        help="print only failures and the final total; log errors only",
    )
    return common


def _build_parser() -> argparse.ArgumentParser:
    common = _verbosity(inner=True)
    parser = argparse.ArgumentParser(
        prog="declform",
        parents=[_verbosity(inner=False)],
        description=(
            "Turn 绩效目标申报表 (performance-target declaration forms) in PDFs and images into "
            f"canonical JSON records (schema {SCHEMA_ID})."
        ),
    )
    parser.add_argument("--version", action="version", version=f"declform {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser(
        "extract",
        parents=[common],
        help="extract forms from PDFs/images into one JSON record per form",
        description=(
            "Read every input (files, folders searched recursively, glob patterns) and write "
            "one record per form to OUT/<folders>/<stem>.json, or OUT/<folders>/<stem>-<k>.json "
            "(k = 1.. in page order) when an input holds several forms, <folders> mirroring "
            "where the input sits under its folder argument. Every other file found is "
            "reported with the reason it is not read (unsupported, FIFO, link loop, …). Pages "
            "run in parallel worker processes. OUT/.declform/ keeps a manifest of every input "
            "and page: rerunning the same command skips what is done and retries what failed. "
            "Prints one summary line per input. Exit codes: 0 everything extracted; 1 some "
            "inputs or pages failed or hold no form (the lines marked FAILED / skipped); 2 "
            "usage; 3 no input readable; 4 no form "
            "in any input; 5 bad layout file; 6 OCR engine missing; 7 output folder locked by "
            "another run; 8 output folder not writable; 130 interrupted (rerun to resume)."
        ),
    )
    extract.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="PDF, OFD, image, .xlsx or .docx files, folders (recursed) or glob patterns",
    )
    extract.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="output folder for the JSON records (created if missing)",
    )
    extract.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"OCR engine for scanned pages and images (default: {DEFAULT_ENGINE}, the most "
        "accurate in our cell benchmark); born-digital PDFs need no OCR",
    )
    from declform.extract.batch.options import add_batch_arguments

    add_batch_arguments(extract)
    tables = commands.add_parser(
        "tables",
        parents=[common],
        help="rebuild the analysts' dataset (Parquet, CSV, DuckDB) from the records in DIR",
        description=(
            "Read every record under DIR (DIR/**/*.json) and rewrite "
            "DIR/tables/<table>.parquet and .csv "
            "(forms, indicators, tasks, cells, warnings, pages) and DIR/declform.duckdb (the "
            "same tables plus ready views). Rebuilt from all records each time, so re-running "
            "updates rows and never duplicates them."
        ),
    )
    tables.add_argument(
        "dir", type=Path, metavar="DIR", help="folder of JSON records (declform extract --out)"
    )
    tables.add_argument(
        "--csv-bom", action="store_true", help="write the CSV files with a UTF-8 BOM (for Excel)"
    )
    review = commands.add_parser(
        "review",
        parents=[common],
        help="write the auditors' review site (static HTML) for the records in DIR",
        description=(
            "Write DIR/review/index.html (every form with its warning counts, sortable, "
            "filterable) and one page per form: each value beside the crop of the cell it came "
            "from, the page with the detected grid, flagged values highlighted (keys j/k). "
            "Opens from the file system, no server. Crops and pages are re-rendered from the "
            "source files named in the records, once: a rerun reuses them."
        ),
    )
    review.add_argument(
        "dir", type=Path, metavar="DIR", help="folder of JSON records (declform extract --out)"
    )
    review.add_argument(
        "--serve", action="store_true",
        help="start the review app instead: accept, correct or flag each value (verdicts are "
        "kept in DIR/verdicts.sqlite); prints a URL with an access token",
    )
    review.add_argument("--host", default="127.0.0.1",
                        help="address the app listens on (default: 127.0.0.1, this machine only)")
    review.add_argument("--port", type=int, default=0,
                        help="port of the app (default 0: any free port)")
    review.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="language of the app (default: zh; switchable in the app)")
    review.add_argument("--who", default=None,
                        help="reviewer name kept with every verdict (default: your login)")
    explain = commands.add_parser(
        "explain",
        parents=[common],
        help="show what the reader finds on a page (labels, blocks, periods, unplaced cells)",
        description=(
            "Read one file's pages and print, per table: the evidence that it is a form, the "
            "layout taken (a shipped one or worked out from the page), every label found, "
            "what each field was read from, the indicator periods and the cells nothing "
            "claimed — to see why a field is missing."
        ),
    )
    explain.add_argument("file", type=Path, metavar="FILE", help="a PDF, image or .xlsx")
    explain.add_argument(
        "--page", type=int, default=None, metavar="N", help="only this page (default: all)"
    )
    explain.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                         help=f"OCR engine for scanned pages (default: {DEFAULT_ENGINE})")
    from declform.extract.audit_command import add_audit_parser

    add_audit_parser(commands, common)
    for command in (extract, explain):
        command.add_argument(
            "--layouts", type=Path, default=None, metavar="DIR",
            help="your own layout hint files (*.yaml, as layouts/data/) for a variant the reader "
            "cannot handle alone; tried before the shipped ones, checked at start",
        )
    return parser


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
    pages = [page] if page is not None else range(1, extractor.page_count(path) + 1)
    reads = [extractor.read_page(path, number) for number in pages]
    # read whole, a page that continues a form says so (alone, it would be judged by itself)
    records = assemble(path, "", reads).records if page is None else ()
    continued = {p: r for r in records for p in r.source.pages if p != r.source.pages[0]}
    for read in reads:
        if read.failure is not None:
            print(f"page {read.page}: FAILED {read.failure}")
        elif not read.grids:
            print(f"page {read.page}: no ruled table on the page")
        for grid in read.grids:
            explanation = explain_grid(grid)
            if read.page in continued and explanation.layout is None:
                explanation = as_continuation(explanation, continued[read.page])
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
        args = _build_parser().parse_args(argv)
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
