"""`declform audit sample|report DIR`: the command line of the audit (output/review/audit_*).
Errors are raised as they are; extract/cli.py turns them into exit codes."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path
from typing import Any

from declform.output.codes import ExitCode
from declform.output.errors import UsageError
from declform.output.review.audit_stats import INTERVAL_METHODS
from declform.output.review.audit_values import STRATIFICATIONS


def add_audit_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """`audit` with its two subcommands, on the command line's subparsers."""
    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="draw a sample of values to review, and estimate the batch's error rate from it",
        description=(
            "sample: draw a stratified random sample of the values of the records in DIR "
            "(DIR/audit/sample.json, the review app's queue). report: estimate the error rate "
            "of the whole batch per field kind and overall from the auditors' verdicts on the "
            "sampled values (DIR/verdicts.sqlite), with 95 %% intervals "
            "(DIR/audit/report.json and report.html)."
        ),
    )
    actions = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    sample = actions.add_parser("sample", parents=[common], help="draw the sample to review")
    sample.add_argument("dir", type=Path, metavar="DIR", help="folder of JSON records")
    sample.add_argument("--size", type=int, required=True, metavar="N",
                        help="values to draw (each stratum gets its share, at least 5)")
    sample.add_argument("--by", choices=STRATIFICATIONS, default="field-kind",
                        help="strata: the field kind (default), the record's profile (born-"
                        "digital, scan, …) or its competent department")
    sample.add_argument("--seed", type=int, default=None, metavar="S",
                        help="random seed (default: a new one, written to sample.json)")
    report = actions.add_parser("report", parents=[common],
                                help="estimate the error rates from the verdicts")
    report.add_argument("dir", type=Path, metavar="DIR", help="folder of JSON records")
    report.add_argument("--interval", choices=INTERVAL_METHODS, default="wilson",
                        help="wilson (default) or exact (Clopper-Pearson)")


def run_audit(args: argparse.Namespace) -> ExitCode:
    from declform.output.review.audit_files import write_report, write_sample

    folder: Path = args.dir
    if not folder.is_dir():
        raise UsageError("no such folder", path=str(folder))
    if args.audit_command == "sample":
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        path, sample, population = write_sample(folder, args.size, args.by, seed)
        print(f"declform: {len(sample.values)} of {population} values sampled by {args.by} "
              f"(seed {seed}) → {path}")
        return ExitCode.OK
    files = write_report(folder, args.interval)
    overall = files.report.overall
    rate = "no value reviewed yet" if overall.rate is None or overall.low is None or \
        overall.high is None else (f"error rate {100 * overall.rate:.1f} % "
                                   f"({100 * overall.low:.1f}–{100 * overall.high:.1f} %)")
    print(f"declform: {overall.reviewed} of {overall.sampled} sampled values reviewed, {rate} "
          f"→ {files.html}")
    return ExitCode.OK
