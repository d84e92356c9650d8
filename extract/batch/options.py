"""The `extract` options that run a batch: the flags the CLI adds to its parser, and the
frozen BatchOptions they become (extract/batch/command.py runs a batch with them)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from declform.extract.batch.executors import DEFAULT_PAGE_TIMEOUT
from declform.extract.batch.limits import worker_cap
from declform.extract.batch.selection import PageSelection, parse_pages
from declform.extract.ocr import DEFAULT_ENGINE


@dataclass(frozen=True)
class BatchOptions:
    engine: str = DEFAULT_ENGINE
    workers: int | None = None  # None: one per core
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None  # Dask scheduler address; None starts a local cluster
    quiet: bool = False
    json_log: bool = False
    force: bool = False  # read every input again, whatever the manifest says
    pages: PageSelection | None = None  # None: every page
    tables: bool = True  # rebuild the analysts' dataset from DIR's records after the run
    review: bool = False  # write the auditors' review site after the run
    join_pages: bool = True  # numbered image files of a folder are the pages of one document

    @property
    def worker_count(self) -> int:
        """The workers asked for (default one per core), capped by cores and memory."""
        return max(1, min(self.workers or os.cpu_count() or 1, worker_cap().workers))


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    return parse


def _page_range(text: str) -> PageSelection:
    try:
        return parse_pages(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """The `extract` options for running a batch (the CLI owns the rest)."""
    parser.add_argument(
        "-j", "--jobs", "--workers", dest="workers", type=_positive(int), default=None,
        metavar="N", help="worker processes reading pages in parallel (default: one per core)",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="read every input again, even those an earlier run finished (default: resume)",
    )
    parser.add_argument(
        "--pages", type=_page_range, default=None, metavar="RANGE",
        help="read only these pages of each input, e.g. 1-3,7 or 5- (an input read in part "
        "is finished by a later run without --pages, which reads only the rest)",
    )
    parser.add_argument(
        "--no-join-pages", action="store_true",
        help="read every image file alone (default: numbered image files of one folder, "
        "scan_001.jpg scan_002.jpg …, are the pages of one document, and a page continuing a "
        "form joins the form of the file before it)",
    )
    parser.add_argument(
        "--page-timeout", type=_positive(float), default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
        help=f"a page still running after this long fails and its worker is replaced "
        f"(default: {DEFAULT_PAGE_TIMEOUT:g})",
    )
    parser.add_argument(
        "--json-log", action="store_true",
        help="print one JSON object per event (file done, page failed, summary) to stdout "
        "instead of lines and the progress bar",
    )
    parser.add_argument(
        "--no-tables", action="store_true",
        help="skip rebuilding the dataset (DIR/tables/*.parquet|csv, DIR/declform.duckdb) "
        "after the run; `declform tables DIR` builds it later",
    )
    parser.add_argument(
        "--review", action="store_true",
        help="also write the review site DIR/review/ (as `declform review DIR`)",
    )
    parser.add_argument(
        "--executor", choices=("local", "dask"), default="local",
        help="local: a pool of processes on this machine (default); dask: tasks on a Dask "
        "distributed cluster (pip install 'declform[dask]')",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; "
        "without it a local Dask cluster is started)",
    )


def batch_options(args: argparse.Namespace) -> BatchOptions:
    return BatchOptions(
        engine=args.engine, workers=args.workers and int(args.workers),
        page_timeout=args.page_timeout,
        executor=args.executor, scheduler=args.scheduler, quiet=args.quiet,
        json_log=args.json_log, tables=not args.no_tables, review=args.review,
        force=args.force, pages=args.pages, join_pages=not args.no_join_pages,
    )
