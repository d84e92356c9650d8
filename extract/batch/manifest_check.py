"""Checking a manifest before a batch trusts it: a damaged file or impossible values (a page
count of 0, a page beyond the file's end, a record name outside OUT) stop the run with advice
instead of a raw sqlite traceback — and, above all, before a tampered manifest could make the
batch delete records it believes stale.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path, PurePosixPath

from declform.extract.batch.naming import RESERVED_FOLDERS
from declform.output.errors import DeclformError, ManifestError, OutputError

MAX_PAGES = 1_000_000  # far above any real input: a larger count is damage, not a document
_STATUSES = ("done", "partial", "failed", "unsupported", "duplicate", "own-output")
_CHECKS = {
    "a content with an impossible page or form count": f"""
        SELECT count(*) FROM contents
        WHERE status NOT IN ('pending', 'done', 'partial', 'failed', 'joined')
        OR (pages IS NOT NULL AND (pages < 1 OR pages > {MAX_PAGES}))
        OR forms < 0 OR (pages IS NOT NULL AND forms > pages)""",
    "a page beyond its file's page count": """
        SELECT count(*) FROM pages p JOIN contents c USING (sha256, size)
        WHERE p.page < 1 OR c.pages IS NULL OR p.page > c.pages
        OR p.status NOT IN ('done', 'not-a-form', 'failed')""",
    "a saved page read beyond its file's page count": """
        SELECT count(*) FROM page_reads p JOIN contents c USING (sha256, size)
        WHERE p.page < 1 OR c.pages IS NULL OR p.page > c.pages""",
    "an input with an unknown status": f"""
        SELECT count(*) FROM inputs WHERE status NOT IN ({", ".join(map(repr, _STATUSES))})""",
    "a finished input whose record count differs from its content's": """
        SELECT count(*) FROM inputs i JOIN contents c USING (sha256, size)
        WHERE i.status = 'done' AND c.status = 'done' AND json_valid(i.outputs)
        AND json_array_length(i.outputs) != c.forms""",
}


def confined(name: str) -> bool:
    """Whether a record name from the manifest stays inside OUT, clear of declform's own
    folders: relative, no `..`, no hidden or reserved top component."""
    path = PurePosixPath(name)
    parts = path.parts
    return (
        bool(parts) and not path.is_absolute() and name.endswith(".json")
        and all(part not in ("..", ".") and not part.startswith(".") for part in parts)
        and (len(parts) == 1 or parts[0] not in RESERVED_FOLDERS)
    )


def check_manifest(db: sqlite3.Connection) -> None:
    """ManifestError when the journal is damaged or holds values no run could write."""
    result = db.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise ManifestError(f"the manifest database is damaged ({result[0] if result else '?'})")
    fmt = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    if fmt is None or fmt[0] != "declform-manifest/1":
        raise ManifestError(f"the manifest has an unknown format ({fmt[0] if fmt else 'none'})")
    for problem, query in _CHECKS.items():
        (count,) = db.execute(query).fetchone()
        if count:
            raise ManifestError(f"the manifest holds {problem} ({count} row(s)): it was edited "
                                "or damaged")
    for path, outputs in db.execute("SELECT path, outputs FROM inputs"):
        try:
            names = json.loads(outputs)
        except ValueError:
            names = None
        if not isinstance(names, list) or not all(
            isinstance(n, str) and confined(n) for n in names
        ):
            raise ManifestError(f"the manifest's record names for {path} are damaged or lead "
                                "outside the output folder")


def database_error(exc: sqlite3.Error, folder: Path) -> DeclformError:
    """What a sqlite failure means for the user: a full or read-only disk, or damage."""
    text = str(exc)
    where = str(folder / "manifest.sqlite")
    if "full" in text or "readonly" in text or "read-only" in text or "disk I/O" in text:
        return OutputError(f"cannot write the manifest ({text})", path=where)
    return ManifestError(f"the manifest cannot be read ({text})", path=where)
