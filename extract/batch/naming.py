"""Naming a batch's records after its inputs: `OUT/<stem>.json`, `OUT/<stem>-<k>.json`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_stem(path: Path) -> str:
    """A file-name stem that cannot escape the output folder or clash with dot-files."""
    stem = _UNSAFE.sub("_", path.stem).strip("._") or "input"
    return stem[:120]


def output_names(files: list[Path]) -> dict[Path, str]:
    """Unique output stems; inputs sharing a stem get a short hash of their path."""
    stems = [safe_stem(p) for p in files]
    names: dict[Path, str] = {}
    for path, stem in zip(files, stems, strict=True):
        if stems.count(stem) > 1:
            digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        names[path] = stem
    return names


def record_paths(out_dir: Path, stem: str, count: int) -> list[Path]:
    """`<stem>.json` for one form, `<stem>-<k>.json` (k = 1.. in page order) for several."""
    if count == 1:
        return [out_dir / f"{stem}.json"]
    return [out_dir / f"{stem}-{k}.json" for k in range(1, count + 1)]
