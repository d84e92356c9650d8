"""Expanding the command line's inputs (files, folders, globs) into the files to read."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from declform.extract.sources.pdf import SUPPORTED_SUFFIXES


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
