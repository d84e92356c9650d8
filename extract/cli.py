"""The `declform` command line. The only place exceptions become exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from extract.inputs import expand_inputs, output_names, record_paths
from extract.ocr import DEFAULT_ENGINE, ENGINES
from extract.pipeline import Extractor, FileResult
from output.errors import DeclformError
from output.json_writer import write_record

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
            "(k = 1.. in page order) when an input holds several forms. Prints one summary "
            "line per input. Exit code 0: everything extracted; 1: some inputs or pages "
            "failed (see the lines marked FAILED); 2 or more: nothing could be extracted."
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
    return parser


def _summary_line(result: FileResult, written: list[Path]) -> str:
    if result.error is not None:
        return f"FAILED {result.path}: {result.error} — {result.error.advice}"
    pages = len(result.pages)
    warnings = sum(len(r.warnings) for r in result.records)
    failed = [p for p in result.pages if p.status == "failed"]
    parts = [
        f"{len(result.records)} form{'s' if len(result.records) != 1 else ''}",
        f"{pages} page{'s' if pages != 1 else ''}",
        f"{warnings} warning{'s' if warnings != 1 else ''}",
    ]
    line = f"{result.path}: {', '.join(parts)}"
    if written:
        line += " → " + ", ".join(str(p) for p in written)
    for page in result.pages:
        if page.status == "failed":
            line += f"\n  FAILED {result.path} page {page.page}: {page.reason}"
        elif page.status == "not_a_form":
            line += f"\n  skipped {result.path} page {page.page}: {page.reason}"
    if failed:
        line = "FAILED " + line
    return line


def run_extract(
    inputs: Sequence[str], out_dir: Path, quiet: bool = False, engine: str = DEFAULT_ENGINE
) -> int:
    files, unmatched = expand_inputs(inputs)
    for argument in unmatched:
        print(f"FAILED {argument}: no such file, or no PDF/image inside", file=sys.stderr)
    if not files:
        return EXIT_USAGE
    names = output_names(files)
    extractor = Extractor(engine)
    forms = failures = 0
    first_error: DeclformError | None = None
    for path in files:
        result = extractor.extract_file(path)
        written = record_paths(out_dir, names[path], len(result.records)) if result.records else []
        try:
            for record, target in zip(result.records, written, strict=True):
                write_record(record, target)
        except DeclformError as exc:  # a schema violation is our bug: report it, keep the batch
            result = replace(result, records=(), error=exc)
            written = []
        forms += len(result.records)
        if not result.ok:
            failures += 1
            first_error = first_error or result.error
        line = _summary_line(result, written)
        if not quiet or not result.ok:
            print(line, file=sys.stdout if result.ok else sys.stderr)
    print(f"declform: {len(files)} input(s), {forms} form(s) → {out_dir}, {failures} with failures")
    if failures == 0 and not unmatched:
        return EXIT_OK
    if forms == 0:
        return first_error.exit_code if first_error is not None else EXIT_SOME_FAILED
    return EXIT_SOME_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args.inputs, args.out, quiet=args.quiet, engine=args.engine)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
