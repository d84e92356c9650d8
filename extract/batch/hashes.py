"""Knowing an input unchanged without reading it: its sha256 is kept in the manifest with the
size, mtime (ns), inode and device it had when hashed, and a resume hashes again only a file
whose stat differs. A 100,000-file archive resumes without reading 100,000 files. `--force`
hashes everything again (a tool that rewrites a file in place and restores its mtime would
otherwise go unseen).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stats (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, device INTEGER NOT NULL, sha256 TEXT NOT NULL);
"""


class HashCache:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.executescript(_SCHEMA)

    def key(
        self, path: Path, hasher: Callable[[Path], str], force: bool = False
    ) -> tuple[str, int]:
        """(sha256, size) of the file: from the manifest when its stat is unchanged, else
        hashed (and remembered, unless it changed while being read). OSError as os.stat."""
        info = os.stat(path)
        stat_key = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)
        if not force:
            row = self._db.execute(
                "SELECT size, mtime_ns, inode, device, sha256 FROM stats WHERE path = ?",
                (str(path),),
            ).fetchone()
            if row is not None and tuple(row[:4]) == stat_key:
                return str(row[4]), info.st_size
        sha256 = hasher(path)
        after = os.stat(path)
        if (after.st_size, after.st_mtime_ns, after.st_ino, after.st_dev) == stat_key:
            self._db.execute(
                "INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?)",
                (str(path), *stat_key, sha256),
            )
        return sha256, info.st_size
