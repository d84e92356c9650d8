"""The batch manifest: what became of every input and every page, kept in OUT/.declform/.

The journal is SQLite in WAL mode: each finished page or file is one transaction, so a run
killed at any moment (kill -9) loses nothing it finished, and a rerun knows what is left.
Contents are keyed by (sha256, size): a renamed or moved file is not read again, a changed
file is. `manifest.json` next to it is a readable snapshot, rewritten atomically after a run.
The folder's name starts with a dot, so no record name (`safe_stem`) can collide with it and
`OUT/*.json` globs see records only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from declform import __version__
from declform.extract.batch.claims import StemClaims
from declform.extract.batch.hashes import HashCache
from declform.extract.batch.manifest_check import check_manifest, database_error
from declform.extract.batch.manifest_records import (
    MANIFEST_FORMAT,
    SCHEMA,
    ContentKey,
    ContentState,
    InputEntry,
    PageEntry,
)
from declform.output.codes import ExitCode
from declform.output.errors import OutputLockedError

MANIFEST_FOLDER = ".declform"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Manifest:
    """One batch's journal. Holds an exclusive lock on the folder while open."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / MANIFEST_FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        # filelock: flock on POSIX, msvcrt locking on Windows; released by the OS if we die
        self._lock = FileLock(self.folder / "lock", timeout=0)
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise OutputLockedError(
                "another declform extract is writing to this folder", path=str(out_dir)
            ) from exc
        try:
            self._db = sqlite3.connect(self.folder / "manifest.sqlite", isolation_level=None)
            # WAL: a commit is in the log before it returns, so a killed process loses nothing
            # committed; NORMAL skips the fsync per commit (a power cut drops the last few).
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(contents)")}
            if "version" not in columns:  # a manifest written before declform 0.3
                self._db.execute("ALTER TABLE contents ADD COLUMN version TEXT")
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('format', ?)", (MANIFEST_FORMAT,)
            )
            check_manifest(self._db)
            self.claims = StemClaims(self._db)
            self.hashes = HashCache(self._db)
        except sqlite3.Error as exc:
            self._lock.release()
            raise database_error(exc, self.folder) from exc
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        self._db.close()
        self._lock.release()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One commit: everything inside it is written, or (on any exception) nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:  # the body failed, or the COMMIT did
            self._db.execute("ROLLBACK")
            raise

    def content(self, key: ContentKey) -> ContentState | None:
        row = self._db.execute(
            "SELECT status, pages, forms, reason, exit_code, version FROM contents "
            "WHERE sha256 = ? AND size = ?",
            key,
        ).fetchone()
        if row is None:
            return None
        status, pages, forms, reason, code, version = row
        return ContentState(
            status, pages, forms, reason, None if code is None else ExitCode(code),
            tuple(self.pages(key)), version,
        )

    @property
    def db(self) -> sqlite3.Connection:
        """The journal, for the read-only views in extract/batch/manifest_views.py."""
        return self._db

    def pages(self, key: ContentKey) -> Iterator[PageEntry]:
        for page, status, detail, reason in self._db.execute(
            "SELECT page, status, detail, reason FROM pages WHERE sha256 = ? AND size = ? "
            "ORDER BY page",
            key,
        ):
            yield PageEntry(page, status, detail, reason)

    def input_entry(self, path: str) -> InputEntry | None:
        row = self._db.execute(
            "SELECT sha256, size, status, outputs FROM inputs WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return None
        key = (row[0], row[1]) if row[0] is not None else None
        return InputEntry(path, key, row[2], tuple(json.loads(row[3])))

    def finished_inputs(self, key: ContentKey) -> list[InputEntry]:
        """Inputs with this content whose records were written (candidates to copy from)."""
        rows = self._db.execute(
            "SELECT path, outputs FROM inputs WHERE sha256 = ? AND size = ? AND status = 'done'",
            key,
        ).fetchall()
        return [InputEntry(path, key, "done", tuple(json.loads(out))) for path, out in rows]

    def start_content(self, key: ContentKey, pages: int) -> None:
        self._db.execute(
            "INSERT INTO contents (sha256, size, status, pages) VALUES (?, ?, 'pending', ?) "
            "ON CONFLICT DO UPDATE SET status = 'pending', pages = excluded.pages, "
            "reason = NULL, exit_code = NULL",
            (*key, pages),
        )

    def save_read(self, key: ContentKey, page: int, data: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO page_reads VALUES (?, ?, ?, ?)", (*key, page, data)
        )

    def saved_reads(self, key: ContentKey) -> dict[int, str]:
        rows = self._db.execute(
            "SELECT page, data FROM page_reads WHERE sha256 = ? AND size = ?", key
        )
        return {page: data for page, data in rows}

    def finish_content(
        self,
        key: ContentKey,
        forms: int,
        pages: Sequence[PageEntry],
        outputs: Mapping[str, Sequence[str]],
        partial: bool = False,
    ) -> None:
        """A file's pages and the records written for each of its paths, in one commit.

        Saved page reads are dropped once every page was read and none failed; otherwise they
        stay, so that a rerun only reads the failed pages, or (after --pages) the rest."""
        failed = sum(entry.status == "failed" for entry in pages)
        with self._transaction() as db:
            status = _settle_content(db, key, forms, failed, partial)
            _replace_pages(db, key, pages, partial)
            for path, written in outputs.items():
                self.put_input(path, key, status, None, written)

    def finish_sequence(
        self,
        key: ContentKey,
        forms: int,
        failed: int,
        members: Sequence[tuple[str, ContentKey, int, Sequence[PageEntry], Sequence[str]]],
        outputs: Mapping[str, Sequence[str]],
        partial: bool = False,
    ) -> None:
        """A page sequence in one commit: its own content (status, forms) and records under its
        name; for each file (path, content, pages, page entries, records its pages went into)
        its pages and an input entry. A file's content is `joined`: read as part of a sequence,
        it is never taken for done when read alone."""
        with self._transaction() as db:
            status = _settle_content(db, key, forms, failed, partial)
            for path, member, pages, entries, written in members:
                db.execute(
                    "INSERT INTO contents (sha256, size, status, pages, version) "
                    "VALUES (?, ?, 'joined', ?, ?) ON CONFLICT DO UPDATE SET status = 'joined', "
                    "pages = excluded.pages, forms = 0, reason = NULL, exit_code = NULL, "
                    "version = excluded.version",
                    (*member, pages, __version__),
                )
                _replace_pages(db, member, entries, partial)
                failed_here = any(e.status == "failed" for e in entries)
                self.put_input(path, member, "failed" if failed_here else status,
                               None, written)
            for path, written in outputs.items():
                self.put_input(path, key, status, None, written)

    def fail_content(
        self, key: ContentKey, paths: Sequence[str], reason: str, code: ExitCode
    ) -> None:
        """A file that cannot be opened at all (or no longer read)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO contents (sha256, size, status, reason, exit_code) "
                "VALUES (?, ?, 'failed', ?, ?) ON CONFLICT DO UPDATE SET status = 'failed', "
                "reason = excluded.reason, exit_code = excluded.exit_code",
                (*key, reason, code),
            )
            for path in paths:
                self.put_input(path, key, "failed", reason, ())

    def forget_input(self, path: str) -> None:
        """An input that is no longer one (a page sequence now read file by file)."""
        self._db.execute("DELETE FROM inputs WHERE path = ?", (path,))
        self.claims.release(path)

    def put_input(
        self, path: str, key: ContentKey | None, status: str, reason: str | None,
        outputs: Sequence[str],
    ) -> None:
        """What became of one input path: its content, status and the record names written."""
        sha256, size = key if key is not None else (None, None)
        self._db.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, size, status, reason, json.dumps(list(outputs), ensure_ascii=False),
             _now()),
        )


def _settle_content(
    db: sqlite3.Connection, key: ContentKey, forms: int, failed: int, partial: bool
) -> str:
    """A read content's status (failed, partial or done) and form count, by this declform;
    its saved page reads are dropped once it is done. Returns the status."""
    status = "failed" if failed else ("partial" if partial else "done")
    db.execute(
        "UPDATE contents SET status = ?, forms = ?, reason = ?, exit_code = NULL, "
        "version = ? WHERE sha256 = ? AND size = ?",
        (status, forms, f"{failed} page(s) failed" if failed else None, __version__, *key),
    )
    if status == "done":
        db.execute("DELETE FROM page_reads WHERE sha256 = ? AND size = ?", key)
    return status


def _replace_pages(
    db: sqlite3.Connection, key: ContentKey, entries: Sequence[PageEntry], partial: bool
) -> None:
    """A content's page entries as this read found them; with `partial` (--pages) the pages
    outside the range keep what an earlier run found."""
    if partial:
        db.executemany(
            "DELETE FROM pages WHERE sha256 = ? AND size = ? AND page = ?",
            [(*key, e.page) for e in entries],
        )
    else:
        db.execute("DELETE FROM pages WHERE sha256 = ? AND size = ?", key)
    db.executemany(
        "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?)",
        [(*key, e.page, e.status, e.detail, e.reason) for e in entries],
    )
