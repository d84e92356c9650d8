#!/usr/bin/env python3
"""declform's speed in one command, to rerun at a quiet moment: python -m scripts.bench.speed

    .venv/bin/python -m scripts.bench.speed --corpus /work/corpus0
    .venv/bin/python -m scripts.bench.speed --corpus /work/corpus0 --skip stages
    .venv/bin/python -m scripts.bench.speed --corpus /work/corpus0 --code ../before  # a checkout

Prints, each beside the load average (other work on a shared machine slows every figure;
CPU seconds are the steadier measure):
- CPU-s per scanned page per stage, in one process (`scripts.tools.profile_scan`'s table,
  run from the `--code` tree);
- scanned pages/min with 1 and 2 workers: `declform extract` on single-page scans, the wall
  time of the whole command and after its first page, and the CPU seconds per page of the
  command and its workers together (start-up included);
- time to first page: from the command's start to its first record (imports, the workers'
  start-up with their OCR engine and word dictionary, the page itself: the scans are
  single-page files, so a record is a page);
- born-digital pages/min: `declform extract -j 2` on one PDF of the corpus's born-digital
  pages repeated (`--born-pages`), start-up included.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import REPO

SCANNED = ("stamped", "photocopy")


@dataclass(frozen=True)
class Run:
    """One `declform extract` command: what it read and what it cost."""

    pages: int
    wall: float  # seconds, the whole command
    first: float  # seconds from the start to its first record
    last: float  # ... to its last record
    cpu: float  # CPU seconds of the command and its workers
    load: tuple[float, float, float]  # the load average when it ended

    @property
    def pages_per_min(self) -> float:
        return 60 * self.pages / self.wall

    @property
    def steady_pages_per_min(self) -> float | None:
        """Pages/min after the first record: start-up left out."""
        return 60 * (self.pages - 1) / (self.last - self.first) if self.last > self.first else None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_extract(code: Path, inputs: Sequence[Path], workers: int, out: Path) -> Run:
    """`declform extract` of the source tree `code` in a fresh process, timed from outside;
    records go to `out`."""
    command = [sys.executable, "-m", "declform", "extract", *map(str, inputs), "--out", str(out)]
    command += ["-j", str(workers), "--force", "--no-tables", "--json-log"]
    env = {**os.environ, "PYTHONPATH": str(code)}
    cpu_before, started = _children_cpu(), time.perf_counter()
    stamps: list[float] = []
    pages = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=code) as process:
        assert process.stdout is not None
        for line in process.stdout:
            event: dict[str, Any] = json.loads(line)
            if event.get("event") == "file":
                stamps.append(time.perf_counter() - started)
                pages += int(event.get("pages") or 0)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"declform extract exited {process.returncode}: {' '.join(command)}")
    cpu = _children_cpu() - cpu_before
    first, last = (stamps[0], stamps[-1]) if stamps else (wall, wall)
    return Run(pages, wall, first, last, cpu, os.getloadavg())


def _load(load: Sequence[float]) -> str:
    return "load " + "/".join(f"{v:.1f}" for v in load)


def print_run(label: str, run: Run, workers: int) -> None:
    """One line per run; `on idle cores` is what its CPU seconds allow `workers` cores."""
    steady = run.steady_pages_per_min
    cpu = run.cpu / max(1, run.pages)
    print(
        f"{label:<26} {run.pages:>4} pages {run.wall:6.1f} s {run.pages_per_min:6.1f} pages/min "
        f"({f'{steady:.1f}' if steady else '-'} after the first record; on idle cores "
        f"{60 * workers / cpu if cpu else 0:.1f} by CPU time)  {cpu:5.2f} CPU-s/page  "
        f"first record {run.first:5.1f} s  [{_load(run.load)}]",
        flush=True,
    )


def scanned_inputs(corpus: Path, profiles: Sequence[str], files: int) -> list[Path]:
    """The first `files` single-page scans of each profile (a record each: first-page time)."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    singles = [e for e in manifest if len(e["pages"]) == 1][:files]
    return [corpus / entry["files"][profile]["image"] for profile in profiles for entry in singles]


def born_digital_pdf(corpus: Path, pages: int, out: Path) -> Path:
    """One PDF of the corpus's born-digital pages, repeated until it holds `pages` pages."""
    import pypdfium2

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    merged = pypdfium2.PdfDocument.new()
    sources = [pypdfium2.PdfDocument(corpus / e["files"]["born_digital"]) for e in manifest]
    while len(merged) < pages:
        for source in sources:
            if len(merged) >= pages:
                break
            merged.import_pages(source, list(range(min(len(source), pages - len(merged)))))
    merged.save(out)
    for document in (*sources, merged):
        document.close()
    return out


def stage_table(code: Path, corpus: Path, profiles: Sequence[str], pages: int) -> str:
    """CPU-s per page per stage: profile_scan's table, run on the source tree `code`."""
    command = [sys.executable, "-m", "scripts.tools.profile_scan", "--corpus", str(corpus)]
    command += ["--profiles", ",".join(profiles), "--pages", str(pages), "--inputs", "image"]
    env = {**os.environ, "PYTHONPATH": str(code)}
    # run from `code`: `python -m` puts the working folder ahead of PYTHONPATH
    done = subprocess.run(
        command, env=env, cwd=code, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    return done.stdout.decode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument(
        "--code",
        type=Path,
        default=REPO,
        help="the declform source tree to time (default: this one; another checkout, such "
        "as a worktree of an earlier commit, gives the figures before a change)",
    )
    parser.add_argument("--profiles", default=",".join(SCANNED), help="scan profiles to read")
    parser.add_argument("--stage-pages", type=int, default=3, help="pages per profile, stages")
    parser.add_argument("--files", type=int, default=8, help="single-page scans per profile")
    parser.add_argument("--workers", default="1,2", help="worker counts to time")
    parser.add_argument("--born-pages", type=int, default=400)
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to leave out: stages, scanned, born"
    )
    args = parser.parse_args(argv)
    profiles = [p for p in args.profiles.split(",") if p]
    skip = set(args.skip.split(","))
    print(
        f"declform speed of {args.code}, {os.cpu_count()} cores, "
        f"{_load(os.getloadavg())} at the start"
    )
    if "stages" not in skip:
        print(f"\nCPU-s per scanned page per stage (one process, {_load(os.getloadavg())}):")
        print(stage_table(args.code, args.corpus, profiles, args.stage_pages), end="")
        print(f"[{_load(os.getloadavg())} at the end]")
    with tempfile.TemporaryDirectory(prefix="declform-speed-") as folder:
        if "scanned" not in skip:
            inputs = scanned_inputs(args.corpus, profiles, args.files)
            print(f"\nscanned: declform extract on {len(inputs)} single-page scans")
            for workers in (int(w) for w in args.workers.split(",")):
                run = run_extract(args.code, inputs, workers, Path(folder) / f"scanned-{workers}")
                print_run(f"scanned, {workers} worker(s)", run, workers)
        if "born" not in skip:
            pdf = born_digital_pdf(args.corpus, args.born_pages, Path(folder) / "born.pdf")
            print(f"\nborn-digital: declform extract -j 2 on one PDF of {args.born_pages} pages")
            run = run_extract(args.code, [pdf], 2, Path(folder) / "born")
            print_run("born-digital, 2 workers", run, 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
