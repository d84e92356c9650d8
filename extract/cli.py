"""The `declform` command line. The only place exceptions become exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from declform.extract.batch.command import (
    BatchOptions,
    add_batch_arguments,
    batch_options,
    run_batch,
)
from declform.extract.ocr import DEFAULT_ENGINE, ENGINES
from declform.output.errors import DeclformError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="declform",
        description=(
            "Turn 绩效目标申报表 (performance-target declaration forms) in PDFs and images into "
            "canonical JSON records (schema perfform/1)."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser(
        "extract",
        help="extract forms from PDFs/images into one JSON record per form",
        description=(
            "Read every input (files, folders searched recursively, glob patterns) and write "
            "one record per form to OUT/<input stem>.json, or OUT/<input stem>-<k>.json "
            "(k = 1.. in page order) when an input holds several forms. Pages run in parallel "
            "worker processes. OUT/.declform/ keeps a manifest of every input and page: "
            "rerunning the same command skips what is done and retries what failed. Prints "
            "one summary line per input. Exit code 0: everything extracted; 1: some inputs or "
            "pages failed (see the lines marked FAILED); 2 or more: nothing could be extracted."
        ),
    )
    extract.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="PDF or image files, folders (recursed) or glob patterns",
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
    extract.add_argument(
        "--quiet", action="store_true", help="print only failures and the final total"
    )
    add_batch_arguments(extract)
    tables = commands.add_parser(
        "tables",
        help="rebuild the analysts' dataset (Parquet, CSV, DuckDB) from the records in DIR",
        description=(
            "Read every record DIR/*.json and rewrite DIR/tables/<table>.parquet and .csv "
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
    return parser


def run_extract(
    inputs: Sequence[str],
    out_dir: Path,
    quiet: bool = False,
    engine: str = DEFAULT_ENGINE,
    options: BatchOptions | None = None,
) -> int:
    """The batch (extract/batch/command.py); `options` beyond quiet/engine come from the flags."""
    options = replace(options or BatchOptions(), quiet=quiet, engine=engine)
    return run_batch(inputs, out_dir, options)


def run_tables(out_dir: Path, csv_bom: bool = False) -> int:
    from declform.output.dataset.build import (
        rebuild_dataset,  # pandas/duckdb: imported only for this command
    )

    if not out_dir.is_dir():
        print(f"FAILED {out_dir}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        dataset = rebuild_dataset(out_dir, csv_bom=csv_bom)
    except DeclformError as exc:
        print(f"FAILED {exc} — {exc.advice}", file=sys.stderr)
        return exc.exit_code
    counts = ", ".join(f"{rows} {name}" for name, rows in dataset.rows.items())
    print(f"declform: {counts} → {dataset.parquet['forms'].parent}, {dataset.duckdb}")
    return EXIT_OK


def run_review(out_dir: Path) -> int:
    from declform.extract.review_pages import write_review_site  # rendering: only for this command

    if not out_dir.is_dir():
        print(f"FAILED {out_dir}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    report = write_review_site(out_dir)
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(
        f"declform: {report.forms} form(s) → {report.index} ({report.images_written} images "
        f"written, {report.images_reused} reused, {report.seconds:.1f}s)"
    )
    return EXIT_OK if report.forms else EXIT_SOME_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    if args.command == "review":
        return run_review(args.dir)
    if args.command == "tables":
        return run_tables(args.dir, csv_bom=args.csv_bom)
    if args.command == "extract":
        return run_extract(
            args.inputs, args.out, args.quiet, args.engine, options=batch_options(args)
        )
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
