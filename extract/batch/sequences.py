"""Page sequences: image files of one folder whose names differ only in a trailing page number
(page-1.png page-2.png; scan_001.jpg scan_002.jpg; IMG_0001.JPG …) are the pages of one
document, read in numeric order (page-2 before page-10) the way a multi-page TIFF is read.

A sequence is one unit of the batch: its content is the digest of its files' contents in order
(`sequence_key`), so a file added to it later, or changed, makes it read again. It is known in
the manifest by a name that no file has — the shared name with `{n}` for the number
(`scans/scan_{n}.jpg`) — and its records are named after it (`OUT/scans/scan.json`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from declform.extract.sources.files import InputFile
from declform.extract.sources.pdf import IMAGE_SUFFIXES

_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$", re.DOTALL)
NUMBER_MARK = "{n}"  # stands for the page number in a sequence's name
_DIGEST_FORMAT = "declform-sequence/1"


@dataclass(frozen=True)
class PageSequence:
    """Image files read as the pages of one document, in page order."""

    name: Path  # `folder/scan_{n}.jpg`: the sequence's path in the manifest and its records
    relative: PurePosixPath  # where its records go under --out: `folder/scan.jpg`
    files: tuple[InputFile, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(f.path for f in self.files)


Unit = InputFile | PageSequence  # what a batch reads as one document


def _sequence_stem(prefix: str, folder: Path) -> str:
    """The name a sequence's records take: the shared name without its separator, else the
    folder's name (files named 1.png, 2.png, …)."""
    return prefix.rstrip(" _-.") or folder.name or folder.resolve().name or "pages"


def group_sequences(files: Sequence[InputFile]) -> list[Unit]:
    """The batch's units: each run of numbered image files of one folder (two or more) as one
    sequence, in numeric order, every other file alone. A unit stands where its first file
    stood in `files`."""
    groups: dict[tuple[Path, str, str], list[tuple[int, InputFile]]] = {}
    for file in files:
        suffix = file.path.suffix
        match = _NUMBERED.match(file.path.stem)
        if suffix.lower() not in IMAGE_SUFFIXES or match is None:
            continue
        key = (file.path.parent, match["prefix"], suffix.lower())
        groups.setdefault(key, []).append((int(match["number"]), file))
    position = {file.path: index for index, file in enumerate(files)}
    first_of: dict[Path, PageSequence] = {}
    member: set[Path] = set()
    for (parent, prefix, _), numbered in groups.items():
        numbers = [number for number, _ in numbered]
        if len(numbered) < 2 or len(set(numbers)) < len(numbers):
            continue  # one file, or two files with one number (page-1.png, page-01.png)
        ordered = tuple(file for _, file in sorted(numbered, key=lambda n: (n[0], n[1].path)))
        head = ordered[0]
        suffix = head.path.suffix
        stem = _sequence_stem(prefix, parent)
        sequence = PageSequence(
            name=parent / f"{prefix}{NUMBER_MARK}{suffix}",
            relative=head.relative.parent / f"{stem}{suffix}",
            files=ordered,
        )
        first_of[min(ordered, key=lambda f: position[f.path]).path] = sequence
        member.update(file.path for file in ordered)
    units: list[Unit] = []
    for file in files:
        if file.path in first_of:
            units.append(first_of[file.path])
        elif file.path not in member:
            units.append(file)
    return units


def sequence_key(name: Path, keys: Sequence[tuple[str, int]]) -> tuple[str, int]:
    """A sequence's content key: the digest of its name and its files' (sha256, size) in
    order, and their total size. The name is part of it: two folders holding the same scans
    are two documents, each read with its own files."""
    text = "\n".join([_DIGEST_FORMAT, str(name), *(f"{sha} {size}" for sha, size in keys)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), sum(size for _, size in keys)
