"""The `declform` command line's parser: its commands, their arguments and help texts.

What each command does, and the mapping of exceptions to exit codes, is extract/cli.py's; the
batch's own flags are extract/batch/options.py's, the audit's extract/audit_command.py's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from declform import __version__
from declform.extract.ocr import DEFAULT_ENGINE, ENGINES
from declform.output.record import SCHEMA_ID


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


def build_parser() -> argparse.ArgumentParser:
    """`declform` and its commands: extract, tables, review, explain, audit."""
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
