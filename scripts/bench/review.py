"""Time the review site for a large batch: N records, copied from templates under new names.

Two batches: the golden records (their sources are seed texts, not files: every page says
"source not found", so this times the HTML alone) and the bundled samples extracted once
(real crops and page images: the first copy of each draws them, the other copies reuse them).
Each is built cold, then again warm. Prints seconds, forms per second, the index size and the
largest form page; fails when the index of N forms passes `INDEX_LIMIT` bytes per 500 forms.
Usage: python -m scripts.bench.review [--forms 500]
       python -m scripts.bench.review --app [--values 200]: the review app in a browser
       (scripts/bench/review_app.py), seconds per value of an auditor's queue
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from declform.extract import extract_file
from declform.extract.review_pages import write_review_site
from declform.output.json_writer import write_record
from declform.output.review.site import SiteReport
from scripts import REPO

INDEX_LIMIT = 1_000_000  # bytes of index.html for 500 forms: it must open at once


@dataclass(frozen=True)
class Figures:
    batch: str
    forms: int
    cold: SiteReport
    warm: SiteReport
    index_bytes: int
    largest_page_bytes: int
    image_bytes: int


def copy_records(templates: list[Path], target: Path, count: int) -> None:
    """`count` records named form-0001.json …, cycling through the templates."""
    target.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        shutil.copyfile(templates[number % len(templates)], target / f"form-{number + 1:04d}.json")


def sample_templates(folder: Path) -> list[Path]:
    """The bundled samples extracted once (sources as absolute paths, so crops can be drawn)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for pdf in sorted((REPO / "samples").glob("*.pdf")):
        for index, record in enumerate(extract_file(pdf).records, start=1):
            path = folder / f"{pdf.stem}-{index}.json"
            write_record(record, path)
            written.append(path)
    return written


def measure(batch: str, records: Path) -> Figures:
    cold = write_review_site(records)
    warm = write_review_site(records)
    site = cold.index.parent
    return Figures(
        batch=batch,
        forms=cold.forms,
        cold=cold,
        warm=warm,
        index_bytes=cold.index.stat().st_size,
        largest_page_bytes=max(p.stat().st_size for p in (site / "forms").iterdir()),
        image_bytes=sum(p.stat().st_size for p in (site / "img").iterdir()),
    )


def report(figures: Figures) -> str:
    f = figures
    return (
        f"{f.batch}: {f.forms} forms — cold {f.cold.seconds:.1f}s "
        f"({f.forms / f.cold.seconds:.0f} forms/s, {f.cold.sources_loaded} source loads, "
        f"{f.cold.images_written} images written), warm {f.warm.seconds:.1f}s "
        f"({f.warm.images_reused} images reused); index.html {f.index_bytes / 1024:.0f} KiB "
        f"({f.index_bytes / f.forms:.0f} B/form), largest form page "
        f"{f.largest_page_bytes / 1024:.0f} KiB, images {f.image_bytes / 1024 / 1024:.1f} MiB"
    )


def main() -> int:
    if "--app" in sys.argv[1:]:
        from scripts.bench.review_app import main as review_app

        return review_app([arg for arg in sys.argv[1:] if arg != "--app"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forms", type=int, default=500)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-review-") as temp:
        root = Path(temp)
        golden = sorted((REPO / "tests" / "golden").glob("*.json"))
        copy_records(golden, root / "golden", args.forms)
        results.append(measure("golden copies (no sources)", root / "golden"))
        copy_records(sample_templates(root / "templates"), root / "samples", args.forms)
        results.append(measure("sample copies (crops)", root / "samples"))
    for figures in results:
        print(report(figures))
    if args.json:
        rows = [
            {
                "batch": f.batch,
                "forms": f.forms,
                "cold_s": round(f.cold.seconds, 2),
                "warm_s": round(f.warm.seconds, 2),
                "index_bytes": f.index_bytes,
                "largest_page_bytes": f.largest_page_bytes,
                "image_bytes": f.image_bytes,
            }
            for f in results
        ]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    limit = INDEX_LIMIT * args.forms / 500
    too_big = [f for f in results if f.index_bytes > limit]
    for figures in too_big:
        print(f"FAILED {figures.batch}: index.html {figures.index_bytes} B > {limit:.0f} B")
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
