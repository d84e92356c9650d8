"""Time OFD reading beside the PDFs it was written from: the OFD fixtures (the born-digital
samples written as OFD by tests/fixtures/ofd/make.py) and their sample PDFs, `extract_file`
on each in one process, and a check that both give the same records.

Prints ms per page and pages per minute for each format.
Usage: python -m scripts.bench.ofd [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from declform.extract.pipeline import extract_file
from scripts import REPO

FIXTURES = REPO / "tests" / "fixtures" / "ofd"
PAIRS = [
    (FIXTURES / f"{stem}.ofd", REPO / "samples" / f"{pdf}.pdf")
    for stem, pdf in (
        ("lasa-2023-annual-project", "lasa-2023-annual-project"),
        ("department-2023", "department-2023"),
        ("jingkaiqu-2026-project", "jingkaiqu-2026-project"),
        ("lasa-2023-annual-project-template-ctm", "lasa-2023-annual-project"),
        ("jingkaiqu-2026-project-glyphs-rects", "jingkaiqu-2026-project"),
    )
]


def _timed(paths: list[Path], repeat: int) -> tuple[int, float]:
    start = time.perf_counter()
    pages = 0
    for _ in range(repeat):
        for path in paths:
            result = extract_file(path)
            if not result.ok or not result.records:
                raise SystemExit(f"bench input failed: {path}: {result.error or result.pages}")
            pages += len(result.pages)
    return pages, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10, help="reads of each file")
    args = parser.parse_args()
    for ofd, pdf in PAIRS:
        same = [r.to_dict()["indicators"] for r in extract_file(ofd).records] == [
            r.to_dict()["indicators"] for r in extract_file(pdf).records
        ]
        print(f"{ofd.name}: indicators {'the same as' if same else 'DIFFER from'} {pdf.name}")
    for name, paths in (("ofd", [o for o, _ in PAIRS]), ("pdf", [p for _, p in PAIRS])):
        pages, elapsed = _timed(paths, args.repeat)
        print(
            f"{name}: {pages} pages in {elapsed:.2f}s = {elapsed / pages * 1000:.1f} ms/page, "
            f"{pages / elapsed * 60:.0f} pages/min (1 process)"
        )


if __name__ == "__main__":
    main()
