#!/usr/bin/env python3
"""Where the scan path spends its CPU time: seconds per page and stage, per scan profile.

    .venv/bin/python -m scripts.tools.profile_scan              # 3 pages × 5 profiles × PNG+PDF
    .venv/bin/python -m scripts.tools.profile_scan --profiles fax --pages 1 --inputs image
    .venv/bin/python -m scripts.tools.profile_scan --cprofile 30  # plus cProfile's top 30

Reads the first `--pages` pages of the corpus (manifest order) of each profile in one process
(the engine built and warmed on one page first) and times every stage with
time.process_time, plus the CPU time of child processes (Tesseract's OSD), exclusive of the
stages inside it: a stage is a function of the pipeline wrapped for the run, and time inside
a stage nested in another is charged to the inner one under the outer one ("orientation /
recognise" is the recogniser called by the upside-down test). Also counts the text lines
the recogniser read per page. `pages/min, 2 workers` is 2 × 60 / CPU s per page.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2

import declform.extract.ocr.rapid as rapid
import declform.extract.pipeline as pipeline
import declform.extract.scan.page as scan
from declform.extract.pipeline import Extractor
from scripts import REPO

ROOT = REPO
DEFAULT_PROFILES = "office_scan,stamped,photocopy,fax,photo"
# The major stages, in pipeline order, and the functions charged to each (module, name).
MAJOR: dict[str, tuple[tuple[Any, str], ...]] = {
    "load": (
        (pipeline, "read_image_page"),
        (pipeline, "render_page"),
        (pipeline, "born_digital_grids"),
    ),
    "ink": ((scan, "separate_ink"),),
    "orientation": ((scan, "detect_orientation"),),
    "deskew": ((scan, "correct_perspective"), (scan, "deskew"), (scan, "seal_boxes")),
    "grid": ((scan, "image_to_grids"),),
    "cells": ((scan, "read_cells"), (scan, "read_text_above")),
    "layout": ((pipeline, "assemble"),),
}
# Work inside the major stages, charged under the major stage it happens in.
MINOR: dict[str, tuple[tuple[Any, str], ...]] = {
    "clean": ((rapid, "clean_crop"), (rapid, "remove_light_layer")),
    "split": ((rapid, "split_lines"), (rapid, "crop_line"), (scan, "split_lines")),
    "prepare": ((rapid, "_prepare_line"),),
}


def cpu_seconds() -> float:
    """This process's CPU time and that of its finished children (Tesseract OSD runs as one)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


@dataclass
class StageClock:
    """Exclusive process time per stack of stages, and lines read per major stage."""

    seconds: dict[tuple[str, ...], float] = field(default_factory=lambda: defaultdict(float))
    lines: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stack: list[str] = field(default_factory=list)
    mark: float = 0.0

    def _charge(self) -> None:
        now = cpu_seconds()
        self.seconds[tuple(self.stack)] += now - self.mark
        self.mark = now

    def enter(self, stage: str) -> None:
        self._charge()
        self.stack.append(stage)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def wrap(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def count_lines(self, images: Any) -> None:
        major = next((s for s in self.stack if s in MAJOR), "?")
        self.lines[major] += len(images)

    def reset(self) -> None:
        self.seconds.clear()
        self.lines.clear()


def instrument(clock: StageClock, extractor: Extractor) -> None:
    """Wrap the pipeline's stage functions (module attributes) and the engine's recogniser."""
    for table in (MAJOR, MINOR):
        for stage, functions in table.items():
            for module, name in functions:
                setattr(module, name, clock.wrap(getattr(module, name), stage))
    engine = extractor.ocr
    recognize = getattr(engine, "_recognize", None)
    if recognize is not None:
        timed = clock.wrap(recognize, "recognise")

        def counted(images: Any, *args: Any, **kwargs: Any) -> Any:
            clock.count_lines(images)
            return timed(images, *args, **kwargs)

        engine._recognize = counted  # type: ignore[attr-defined]


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
    pipeline.assemble(job.path, "", [read])


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
    clock = StageClock()
    instrument(clock, extractor)
    jobs = list(
        page_jobs(args.corpus, args.profiles.split(","), args.pages, args.inputs.split(","))
    )
    run_page(extractor, jobs[0])  # warm-up: model load, first-call allocations
    results: dict[str, dict[tuple[str, ...], float]] = {}
    pages: dict[str, int] = defaultdict(int)
    lines: dict[str, dict[str, int]] = {}
    profiler = cProfile.Profile() if args.cprofile else None
    for job in jobs:
        column = f"{job.profile}:{'png' if job.kind == 'image' else 'pdf'}"
        clock.reset()
        clock.mark = cpu_seconds()
        if profiler is not None:
            profiler.enable()
        run_page(extractor, job)
        if profiler is not None:
            profiler.disable()
        clock._charge()
        spent = sum(clock.seconds.values())
        print(
            f"  {job.label} ({job.kind}): {spent:.2f} CPU s, {clock.lines.get('cells', 0)} lines",
            file=sys.stderr,
        )
        for key in (column, "ALL"):
            bucket = results.setdefault(key, defaultdict(float))
            for stack, seconds in clock.seconds.items():
                bucket[stack] += seconds
            pages[key] += 1
            counted = lines.setdefault(key, defaultdict(int))
            for major, n in clock.lines.items():
                counted[major] += n
    results["ALL"] = results.pop("ALL")  # the last column
    print_table(results, pages, lines)
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
