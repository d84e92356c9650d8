"""Which input owns which record stem: kept in the manifest, so names stay unique across the
inputs of a run and across runs, never by luck.

Two stems clash when their record names can meet: `a` writes `a.json` or `a-1.json`, …, so
`a` clashes with `a` and with `a-<k>` (`report.pdf` with three forms and `report-1.pdf`),
compared case-folded for case-insensitive file systems. An input keeps the stem it was given
for good (its records are where the last run put them); a newcomer whose natural stem is taken
gets `stem~2`, `stem~3`, ….
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from declform.extract.batch.naming import variant

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stems (
    path TEXT PRIMARY KEY, stem TEXT NOT NULL, key TEXT NOT NULL UNIQUE);
"""
_NUMBERED = re.compile(r"^(.*)-\d+$", re.DOTALL)


class StemClaims:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.executescript(_SCHEMA)

    def stem_of(self, path: str) -> str | None:
        row = self._db.execute("SELECT stem FROM stems WHERE path = ?", (path,)).fetchone()
        return None if row is None else str(row[0])

    def claim(
        self, path: str, wanted: str, busy: Callable[[str], bool],
        moved_from: Callable[[str], bool] = lambda owner: False,
    ) -> str:
        """The stem of input `path`: the one it holds, else `wanted` or its first free variant
        (`busy`: a candidate's files are taken on disk by someone else). A stem is taken over
        from its owner only when `moved_from(owner)`: the owner is gone and held the same
        content (a moved or renamed file keeps its records' names; nothing is lost)."""
        held = self.stem_of(path)
        if held is not None:
            return held
        candidate, n = wanted, 1
        while True:
            owners = self._owners(candidate, path)
            if not owners and not busy(candidate):
                break
            if owners == {self._holder(candidate)} and moved_from(next(iter(owners))):
                self._db.execute("UPDATE stems SET path = ? WHERE key = ?",
                                 (path, candidate.casefold()))
                return candidate
            n += 1
            candidate = variant(wanted, n)
        self._db.execute(
            "INSERT INTO stems VALUES (?, ?, ?)", (path, candidate, candidate.casefold())
        )
        return candidate

    def _holder(self, stem: str) -> str | None:
        row = self._db.execute("SELECT path FROM stems WHERE key = ?", (stem.casefold(),))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def release(self, path: str) -> None:
        """Forget an input's stem (its records were found taken over; it claims anew)."""
        self._db.execute("DELETE FROM stems WHERE path = ?", (path,))

    def _owners(self, stem: str, path: str) -> set[str]:
        """The other inputs whose stems clash with `stem`."""
        key = stem.casefold()
        keys = [key]
        if (numbered := _NUMBERED.match(key)) is not None:
            keys.append(numbered[1])  # `a-1` against `a`'s `a-1.json`
        owners = {
            str(owner) for (owner,) in self._db.execute(
                f"SELECT path FROM stems WHERE key IN ({', '.join('?' * len(keys))})", keys
            )
        }
        # keys starting with "<key>-" sort between "<key>-" and "<key>." ("." follows "-")
        for other, owner in self._db.execute(
            "SELECT key, path FROM stems WHERE key >= ? AND key < ?", (key + "-", key + ".")
        ):
            if other[len(key) + 1:].isdigit():
                owners.add(str(owner))  # `a` against `a-1`'s `a-1.json`
        owners.discard(path)
        return owners
