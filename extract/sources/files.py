"""Expanding the command line's inputs (files, folders, globs) and naming their outputs."""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from declform.extract.sources.pdf import SUPPORTED_SUFFIXES

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def expand_inputs(arguments: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files in argument order (folders recursed, globs expanded, duplicates dropped) and the
    arguments that matched nothing."""
    files: list[Path] = []
    unmatched: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            files.append(path)

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            for p in found:
                add(p)
            if not found:
                unmatched.append(argument)
        elif path.exists():
            add(path)
        elif matches := sorted(glob.glob(argument, recursive=True)):
            for match in matches:
                if Path(match).is_file():
                    add(Path(match))
        else:
            unmatched.append(argument)
    return files, unmatched


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
