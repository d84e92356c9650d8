"""Time the born-digital path: golden records rendered as PDFs, then `extract_file` on each.

Prints seconds per page, pages per minute with 1 worker and with all cores, and peak memory
(RSS) per worker. Usage: python -m scripts.bench.born_digital [--repeat N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from declform.extract.pipeline import extract_file
from scripts import REPO
from scripts.render.form import render_record


def _extract_pages(path: str) -> tuple[int, int, float]:
    """(pages, forms, peak RSS MiB of this worker) for one file."""
    result = extract_file(path)
    if not result.ok:
        raise SystemExit(f"bench input failed: {path}: {result.error or result.pages}")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return len(result.pages), len(result.records), peak_mib


def _run(paths: list[str], workers: int) -> tuple[int, float, float]:
    start = time.perf_counter()
    if workers == 1:
        outcomes = [_extract_pages(p) for p in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_extract_pages, paths, chunksize=4))
    elapsed = time.perf_counter() - start
    pages = sum(o[0] for o in outcomes)
    peak = max(o[2] for o in outcomes)
    return pages, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=4, help="copies of each golden PDF")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    goldens = sorted((REPO / "tests" / "golden").glob("*.json"))
    with tempfile.TemporaryDirectory() as folder:
        paths: list[str] = []
        for index, golden in enumerate(goldens):
            record = json.loads(golden.read_text(encoding="utf-8"))
            pdf = Path(folder) / f"{golden.stem}.pdf"
            render_record(record, pdf, font="serif" if index % 2 else "sans")
            paths.extend([str(pdf)] * args.repeat)
        _extract_pages(paths[0])  # warm imports and jieba's dictionary outside the timing
        print(f"born-digital benchmark: {len(paths)} files ({len(goldens)} forms × {args.repeat})")
        for workers in sorted({1, args.workers}):
            pages, elapsed, peak = _run(paths, workers)
            print(
                f"  workers={workers}: {pages} pages in {elapsed:.2f}s = "
                f"{elapsed / pages * 1000:.1f} ms/page, {pages / elapsed * 60:.0f} pages/min, "
                f"peak RSS {peak:.0f} MiB per worker"
            )


if __name__ == "__main__":
    main()
