"""What a benchmark run was: the command, the machine (with its load before and after: other
work skews speed), the versions of every component, and each tool's speed entry. The run
(scripts/bench/run.py) puts these in the summary that the report (scripts/bench/report.py)
reads."""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import shlex
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts import REPO

DISTRIBUTIONS = (
    "declform",
    "img2table",
    "rapidocr-onnxruntime",
    "onnxruntime",
    "pytesseract",
    "opencv-contrib-python",
    "opencv-python-headless",
    "pdfplumber",
    "numpy",
    "matplotlib",
)
def speed_entry(
    pages: int, errors: Sequence[str], wall: float, workers: int, rss: Sequence[float]
) -> dict[str, Any]:
    """A tool's speed; pages that failed (`errors`, one per page) count in `pages`."""
    counts = Counter(error[:200] for error in errors)
    return {
        "pages": pages,
        "failed_pages": len(errors),
        "errors": [{"error": e, "pages": n} for e, n in counts.most_common(3)],
        "wall_seconds": round(wall, 2),
        "workers": workers,
        "pages_per_min_all": 60 * pages / wall if wall else None,
        "pages_per_min_1": None,
        "one_worker": "not measured",
        "peak_rss_mib": round(max(rss, default=0.0), 1),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in DISTRIBUTIONS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    try:
        import pytesseract

        versions["tesseract"] = str(pytesseract.get_tesseract_version())
    except Exception:  # no binary: the version table says so by leaving it out
        pass
    return versions


def summary_header(
    args: argparse.Namespace, corpus: Path, load_before: Sequence[float]
) -> dict[str, Any]:
    """What ran where: the command, the machine (with its load: other work skews speed)."""
    executable = Path(sys.executable)
    shown = executable.relative_to(REPO) if executable.is_relative_to(REPO) else executable
    return {
        "command": shlex.join([str(shown), *sys.argv]),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu": _cpu_model(),
            "platform": platform.platform(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": _versions(),
        "corpus": str(corpus),
        "engine": args.engine,
        "workers": args.workers,
    }
