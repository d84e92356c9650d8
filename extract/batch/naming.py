"""Naming a batch's records after its inputs, mirroring the archive's folders:
`OUT/<folders of the input>/<stem>.json`, or `<stem>-<k>.json` (k = 1.. in page order) when
an input holds several forms.

Names are sanitised per path component and cut in bytes, not characters: a 79-character CJK
name is 237 bytes in UTF-8, and most file systems refuse a component over 255 bytes (the
atomic writer adds a dot, a random part and `.tmp` to it as well). Uniqueness is not decided
here but by the manifest's stem claims (extract/batch/claims.py), which add `~2`, `~3`, … —
a `~` never survives sanitising, so a claimed variant cannot equal another input's own name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
# A component of at most this many bytes leaves room for "-<k>.json", "~<n>" and the temp
# file's ".<name>.<8 random>.tmp" under the usual 255-byte limit.
MAX_COMPONENT_BYTES = 160
# The whole relative stem; deeper archives keep their innermost folders (PATH_MAX is 4096).
MAX_STEM_BYTES = 1200
# Top-level folders of OUT that declform writes itself: a record folder never takes their name.
RESERVED_FOLDERS = frozenset({"tables", "review", "audit"})


def cut_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 form fits in `limit` bytes (never half a
    character)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def safe_component(text: str) -> str:
    """One path component that cannot climb out (`..`), hide (`.x`) or overflow the file
    system's limit."""
    part = _UNSAFE.sub("_", text).strip("._") or "input"
    return cut_bytes(part, MAX_COMPONENT_BYTES).rstrip(".") or "input"


def safe_stem(path: Path) -> str:
    """A file-name stem that cannot escape the output folder or clash with dot-files."""
    return safe_component(path.stem)


def relative_stem(relative: PurePosixPath) -> str:
    """The record stem (`folder/sub/name`, no suffix) of an input at `relative` under the
    argument that found it: every component sanitised, reserved top folders renamed, and the
    outer folders dropped when the whole would be too long."""
    folders = [safe_component(part) for part in relative.parent.parts if part not in ("", "/")]
    # a folder `x.json` would stand where the record of an input `x.pdf` goes
    folders = [f"{f}_" if f.casefold().endswith(".json") else f for f in folders]
    parts = [*folders, safe_component(relative.stem)]
    while len(parts) > 1 and len("/".join(parts).encode("utf-8")) > MAX_STEM_BYTES:
        parts.pop(0)
    if len(parts) > 1 and parts[0].casefold() in RESERVED_FOLDERS:
        parts[0] += "_"
    return "/".join(parts)


def variant(stem: str, n: int) -> str:
    """The n-th alternative of a stem already claimed by another input: `stem~n`."""
    head, _, last = stem.rpartition("/")
    suffix = f"~{n}"
    last = cut_bytes(last, MAX_COMPONENT_BYTES - len(suffix)) + suffix
    return f"{head}/{last}" if head else last


def record_names(stem: str, count: int) -> tuple[str, ...]:
    """`<stem>.json` for one form, `<stem>-<k>.json` (k = 1.. in page order) for several."""
    if count == 1:
        return (f"{stem}.json",)
    return tuple(f"{stem}-{k}.json" for k in range(1, count + 1))


def record_paths(out_dir: Path, stem: str, count: int) -> list[Path]:
    return [out_dir / name for name in record_names(stem, count)]


def output_names(files: list[Path]) -> dict[Path, str]:
    """Flat stems for a list of files (scripts that write records without a manifest):
    inputs sharing a stem get a short hash of their path."""
    stems = [safe_stem(p) for p in files]
    seen: dict[str, int] = {}
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1  # linear: one pass to count, one to name
    names: dict[Path, str] = {}
    for path, stem in zip(files, stems, strict=True):
        if seen[stem] > 1:
            digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        names[path] = stem
    return names
