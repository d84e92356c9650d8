#!/usr/bin/env python3
"""Where the scan path spends its CPU time: seconds per page and stage, per scan profile.

    .venv/bin/python -m scripts.tools.profile_scan              # 3 pages × 5 profiles × PNG+PDF
    .venv/bin/python -m scripts.tools.profile_scan --profiles fax --pages 1 --inputs image
    .venv/bin/python -m scripts.tools.profile_scan --cprofile 30  # plus cProfile's top 30

Reads the first `--pages` pages of the corpus (manifest order) of each profile in one process
(the engine built and warmed on one page first) and records the stages the pipeline marks
itself (`declform.extract.timing`): CPU time of this process and of its finished children
(Tesseract's OSD), exclusive of the stages inside a stage, so that time in a stage nested in
another is charged to the inner one under the outer one ("orientation / recognise" is the
recogniser called by the upside-down test). Also counts the text lines the recogniser read per
page. `pages/min, 2 workers` is 2 × 60 / CPU s per page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import cv2

from declform.extract.pipeline import Extractor, assemble
from declform.extract.timing import recording
from scripts import REPO

ROOT = REPO
DEFAULT_PROFILES = "office_scan,stamped,photocopy,fax,photo"
# The stages the pipeline marks on every page, in pipeline order; the OCR's own stages (clean,
# split, prepare, recognise) are shown beneath the one they ran in.
MAJOR = ("load", "ink", "orientation", "deskew", "grid", "cells", "layout")


@dataclass(frozen=True)
class PageJob:
    profile: str
    kind: str  # "image" or "pdf"
    path: Path
    page: int

    @property
    def label(self) -> str:
        return f"{self.profile}/{self.path.name}#{self.page}"


def page_jobs(corpus: Path, profiles: list[str], pages: int, kinds: list[str]) -> Iterator[PageJob]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    for profile in profiles:
        chosen = [(entry, p["page"]) for entry in manifest for p in entry["pages"]][:pages]
        for entry, page in chosen:
            for kind in kinds:
                yield PageJob(profile, kind, corpus / entry["files"][profile][kind], page)


def run_page(extractor: Extractor, job: PageJob) -> None:
    read = extractor.read_page(job.path, job.page)
    if read.failure is not None:
        print(f"  {job.label}: failed: {read.failure}", file=sys.stderr)
    assemble(job.path, "", [read])


def lines_by_major(counts: Mapping[tuple[str, ...], int]) -> dict[str, int]:
    """Text lines sent to the recogniser, per major stage they were read in."""
    totals: dict[str, int] = defaultdict(int)
    for stack, n in counts.items():
        if stack[-1] == "lines":
            totals[next((s for s in stack if s in MAJOR), "?")] += n
    return dict(totals)


def _row(name: str, values: list[float], width: int) -> str:
    return f"{name:<24}" + "".join(f"{v:>{width}.2f}" for v in values)


def print_table(
    results: dict[str, dict[tuple[str, ...], float]],
    pages: dict[str, int],
    lines: dict[str, dict[str, int]],
) -> None:
    columns = list(results)
    width = max(10, *(len(c) + 2 for c in columns))
    print(f"{'CPU s / page':<24}" + "".join(f"{c:>{width}}" for c in columns))

    def per_page(column: str, match: Callable[[tuple[str, ...]], bool]) -> float:
        total = sum(s for stack, s in results[column].items() if match(stack))
        return total / max(1, pages[column])

    for major in MAJOR:
        inside = [per_page(c, lambda st, m=major: m in st) for c in columns]  # type: ignore[misc]
        print(_row(major, inside, width))
        minors = sorted({st[-1] for c in columns for st in results[c] if major in st} - {major})
        for minor in minors:
            values = [
                per_page(c, lambda st, m=major, n=minor: m in st and st[-1] == n)  # type: ignore[misc]
                for c in columns
            ]
            if max(values) >= 0.005:
                print(_row(f"  {minor}", values, width))
    other = [per_page(c, lambda st: not set(st) & set(MAJOR)) for c in columns]
    print(_row("other", other, width))
    total = [per_page(c, lambda st: True) for c in columns]
    print(_row("TOTAL", total, width))
    for major in ("orientation", "cells"):
        counts = [lines[c].get(major, 0) / max(1, pages[c]) for c in columns]
        print(f"{'lines read: ' + major:<24}" + "".join(f"{v:>{width}.1f}" for v in counts))
    print(f"{'pages':<24}" + "".join(f"{pages[c]:>{width}d}" for c in columns))
    print(
        f"{'pages/min, 2 workers':<24}"
        + "".join(f"{2 * 60 / t:>{width}.1f}" if t else f"{'-':>{width}}" for t in total)
    )


Table = tuple[dict[str, dict[tuple[str, ...], float]], dict[str, int], dict[str, dict[str, int]]]


def profile_jobs(
    extractor: Extractor,
    jobs: list[PageJob],
    column: Callable[[PageJob], str],
    profiler: cProfile.Profile | None = None,
) -> Table:
    """Read every job, recording its stages: (CPU s per stage stack, pages, lines read per
    major stage), each per `column` of the job and over "ALL" (the last column)."""
    results: dict[str, dict[tuple[str, ...], float]] = {}
    pages: dict[str, int] = defaultdict(int)
    lines: dict[str, dict[str, int]] = {}
    for job in jobs:
        with recording() as times:
            if profiler is not None:
                profiler.enable()
            run_page(extractor, job)
            if profiler is not None:
                profiler.disable()
        read = lines_by_major(times.counts)
        spent = sum(times.seconds.values())
        print(
            f"  {job.label} ({job.kind}): {spent:.2f} CPU s, {read.get('cells', 0)} lines",
            file=sys.stderr,
        )
        for key in (column(job), "ALL"):
            bucket = results.setdefault(key, defaultdict(float))
            for stack, seconds in times.seconds.items():
                bucket[stack] += seconds
            pages[key] += 1
            counted = lines.setdefault(key, defaultdict(int))
            for major, n in read.items():
                counted[major] += n
    results["ALL"] = results.pop("ALL")  # the last column
    return results, pages, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--profiles", default=DEFAULT_PROFILES)
    parser.add_argument("--pages", type=int, default=3, help="pages per profile")
    parser.add_argument("--inputs", default="image,pdf", help="image, pdf or both")
    parser.add_argument(
        "--cprofile",
        type=int,
        nargs="?",
        const=40,
        default=0,
        help="also print cProfile's top N functions by own time",
    )
    args = parser.parse_args()
    cv2.setNumThreads(1)  # as a batch worker runs: one core each
    extractor = Extractor("rapidocr")
    jobs = list(
        page_jobs(args.corpus, args.profiles.split(","), args.pages, args.inputs.split(","))
    )
    run_page(extractor, jobs[0])  # warm-up: model load, first-call allocations
    profiler = cProfile.Profile() if args.cprofile else None

    def column(job: PageJob) -> str:
        return f"{job.profile}:{'png' if job.kind == 'image' else 'pdf'}"

    print_table(*profile_jobs(extractor, jobs, column, profiler))
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
