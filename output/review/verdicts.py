"""The auditors' verdict journal: DIR/verdicts.sqlite, one row per verdict, never rewritten.

A verdict is about one value of one record: `accept` (the machine read it right), `correct`
(the value is `new`; `old` keeps the machine's reading) or `flag` (something is wrong, the
comment says what). The table is append-only, so the journal is also the audit trail: the
latest row per (record, field) is the current verdict, earlier rows say who changed their
mind and when. `form_status` holds one row per record: unreviewed, in review or done.

Records are named by their path relative to DIR (`f01/0001.json`), fields by the review's
field paths, one per value (`project.name`, `funding.annual.total`, `indicators[3].value`,
`tasks[0].name`). SQLite in WAL mode with a busy timeout: the review app and the audit
command may use one DIR at the same time, each from its own process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, cast, get_args

from declform.output.errors import OutputError

VERDICTS_FILE = "verdicts.sqlite"
VerdictKind = Literal["accept", "correct", "flag"]
FormStatus = Literal["unreviewed", "in_review", "done"]
VERDICT_KINDS: tuple[VerdictKind, ...] = get_args(VerdictKind)
FORM_STATUSES: tuple[FormStatus, ...] = get_args(FormStatus)
_BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    record TEXT NOT NULL,   -- record file path relative to DIR
    field TEXT NOT NULL,    -- field path: project.name, indicators[3].value, ...
    verdict TEXT NOT NULL CHECK (verdict IN ('accept','correct','flag')),
    old TEXT,               -- the machine's reading
    new TEXT,               -- the correction
    comment TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL);      -- ISO 8601 UTC
CREATE INDEX IF NOT EXISTS verdicts_by_value ON verdicts (record, field, id);
CREATE TABLE IF NOT EXISTS form_status (
    record TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('unreviewed','in_review','done')),
    who TEXT,
    at TEXT);
"""


@dataclass(frozen=True)
class Verdict:
    """One row of the journal."""

    id: int
    record: str
    field: str
    verdict: VerdictKind
    old: str | None
    new: str | None
    comment: str | None
    who: str
    at: str


@dataclass(frozen=True)
class FormStatusEntry:
    record: str
    status: FormStatus
    who: str | None
    at: str | None


def utc_now() -> str:
    """Now as ISO 8601 UTC to the second (`2026-12-06T14:50:16Z`), as the journal stores it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class VerdictStore:
    """The journal of one output folder. Each call opens its own connection, so one store may
    be shared by a web server's threads; SQLite's locking keeps two processes apart."""

    def __init__(self, out_dir: Path | str) -> None:
        self.path = Path(out_dir) / VERDICTS_FILE
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            raw = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as error:
            raise OutputError(
                f"cannot open the verdict journal: {error}", path=str(self.path)
            ) from error
        with closing(raw) as connection:
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            with connection:  # one transaction, committed on leaving
                yield connection

    def add(
        self,
        record: str,
        field: str,
        verdict: VerdictKind,
        *,
        who: str,
        old: str | None = None,
        new: str | None = None,
        comment: str | None = None,
        at: str | None = None,
    ) -> Verdict:
        """Append a verdict and return it as stored (with its id and time)."""
        if verdict not in VERDICT_KINDS:
            raise ValueError(f"unknown verdict {verdict!r}; one of {', '.join(VERDICT_KINDS)}")
        if verdict == "correct" and new is None:
            raise ValueError("a correction needs the new value")
        stamp = at or utc_now()
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT INTO verdicts (record, field, verdict, old, new, comment, who, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record, field, verdict, old, new, comment, who, stamp),
            )
            row_id = cursor.lastrowid
        assert row_id is not None
        return Verdict(row_id, record, field, verdict, old, new, comment, who, stamp)

    def set_status(
        self, record: str, status: FormStatus, *, who: str | None, at: str | None = None
    ) -> FormStatusEntry:
        if status not in FORM_STATUSES:
            raise ValueError(f"unknown form status {status!r}; one of {', '.join(FORM_STATUSES)}")
        stamp = at or utc_now()
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO form_status (record, status, who, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (record) DO UPDATE SET status = excluded.status,"
                " who = excluded.who, at = excluded.at",
                (record, status, who, stamp),
            )
        return FormStatusEntry(record, status, who, stamp)

    def history(self, record: str | None = None) -> list[Verdict]:
        """Every verdict in the order given, optionally of one record only."""
        query = "SELECT * FROM verdicts"
        args: tuple[str, ...] = ()
        if record is not None:
            query, args = query + " WHERE record = ?", (record,)
        with self._connect() as connection:
            rows = connection.execute(query + " ORDER BY id", args).fetchall()
        return [_verdict(row) for row in rows]

    def latest(self, record: str | None = None) -> dict[tuple[str, str], Verdict]:
        """The current verdict of every reviewed value, keyed by (record, field)."""
        query = (
            "SELECT * FROM verdicts WHERE id IN"
            " (SELECT MAX(id) FROM verdicts {where} GROUP BY record, field) ORDER BY id"
        )
        args: tuple[str, ...] = ()
        where = ""
        if record is not None:
            where, args = "WHERE record = ?", (record,)
        with self._connect() as connection:
            rows = connection.execute(query.format(where=where), args).fetchall()
        return {(row[1], row[2]): _verdict(row) for row in rows}

    def corrections(self, record: str | None = None) -> dict[tuple[str, str], Verdict]:
        """The correction in force for every corrected value: its latest `correct` verdict (a
        later accept or flag judges the corrected value, it does not undo it)."""
        query = (
            "SELECT * FROM verdicts WHERE id IN (SELECT MAX(id) FROM verdicts"
            " WHERE verdict = 'correct' {also} GROUP BY record, field) ORDER BY id"
        )
        args: tuple[str, ...] = ()
        also = ""
        if record is not None:
            also, args = "AND record = ?", (record,)
        with self._connect() as connection:
            rows = connection.execute(query.format(also=also), args).fetchall()
        return {(row[1], row[2]): _verdict(row) for row in rows}

    def statuses(self) -> dict[str, FormStatusEntry]:
        """Every form's status that was ever set; a record missing here is unreviewed."""
        with self._connect() as connection:
            rows = connection.execute("SELECT record, status, who, at FROM form_status").fetchall()
        return {
            row[0]: FormStatusEntry(row[0], cast(FormStatus, row[1]), row[2], row[3])
            for row in rows
        }

    def status(self, record: str) -> FormStatus:
        entry = self.statuses().get(record)
        return entry.status if entry else "unreviewed"


def _verdict(row: tuple[object, ...]) -> Verdict:
    row_id, record, field, verdict, old, new, comment, who, at = row
    return Verdict(
        int(cast(int, row_id)),
        str(record),
        str(field),
        cast(VerdictKind, verdict),
        cast("str | None", old),
        cast("str | None", new),
        cast("str | None", comment),
        str(who),
        str(at),
    )
