"""Where an output folder's records are: every `*.json` under OUT, in the folders that mirror
the archive (`OUT/f01/0001.json`) as well as flat at the top (outputs of declform < 0.3),
never in what declform keeps beside them (`.declform/`, `tables/`, `review/`, staging
`.dataset-*` folders) and never through a symbolic link (it may lead out of OUT).

Light on purpose (no pandas): the review site and scripts import it too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

# Top-level folders of OUT that hold declform's own files, not records.
NOT_RECORDS = frozenset({".declform", "tables", "review", "audit"})
STAGING_PREFIX = ".dataset-"  # a dataset build's staging folder, renamed to tables/ when whole


def record_files(out_dir: Path) -> list[Path]:
    """Every candidate record file under `out_dir`, sorted by relative path."""
    out_dir = Path(out_dir)
    found: list[tuple[PurePosixPath, Path]] = []
    for folder, dirs, files in os.walk(out_dir, followlinks=False):
        here = Path(folder)
        top = here == out_dir
        # dot-folders: staging (.dataset-*), the manifest; pruned in place so walk skips them
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and not (top and d in NOT_RECORDS)
            and not (here / d).is_symlink()
        )
        for name in files:
            path = here / name
            if name.endswith(".json") and not name.startswith(".") and not path.is_symlink():
                found.append((PurePosixPath(path.relative_to(out_dir).as_posix()), path))
    return [path for _, path in sorted(found)]


def record_key(out_dir: Path, path: Path) -> str:
    """A flat, unique name for a record file: its relative path without `.json`, folders
    joined by `+` (a character sanitised record names never contain)."""
    relative = path.relative_to(out_dir).as_posix()
    return relative.removesuffix(".json").replace("/", "+")


def clean_staging(out_dir: Path) -> int:
    """Remove the staging folders of dataset builds that were killed (call it only while
    holding the output folder's lock, so that no live build owns one); how many."""
    leftovers = [p for p in Path(out_dir).glob(f"{STAGING_PREFIX}*") if p.is_dir()
                 and not p.is_symlink()]
    for folder in leftovers:
        shutil.rmtree(folder, ignore_errors=True)
    return len(leftovers)
