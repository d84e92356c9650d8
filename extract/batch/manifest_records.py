"""The manifest's record format: the journal's tables and the entries read back from them.

What a batch remembers of a content (keyed by sha256 and size), its pages and its input paths;
the store that writes and reads them is extract/batch/manifest.py, the checks that refuse a
damaged journal are extract/batch/manifest_check.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from declform.output.codes import ExitCode

MANIFEST_FORMAT = "declform-manifest/1"
ContentKey = tuple[str, int]  # (sha256, size in bytes)
PageState = Literal["done", "not-a-form", "failed"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contents (
    sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    status TEXT NOT NULL,              -- pending | done | partial (--pages) | failed
                                       -- | joined (a file read in a page sequence)
    pages INTEGER, forms INTEGER NOT NULL DEFAULT 0,
    reason TEXT, exit_code INTEGER,
    version TEXT,                      -- the declform that finished it (NULL: before 0.3)
    PRIMARY KEY (sha256, size));
CREATE TABLE IF NOT EXISTS pages (
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, page INTEGER NOT NULL,
    status TEXT NOT NULL,              -- done | not-a-form | failed
    detail TEXT NOT NULL,              -- the pipeline's outcome: form, continuation, ...
    reason TEXT,
    PRIMARY KEY (sha256, size, page));
CREATE TABLE IF NOT EXISTS page_reads (
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, page INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (sha256, size, page));
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER,
    status TEXT NOT NULL,              -- done | partial | failed
    reason TEXT, outputs TEXT NOT NULL DEFAULT '[]', updated TEXT NOT NULL);
"""


@dataclass(frozen=True)
class PageEntry:
    page: int
    status: PageState
    detail: str
    reason: str | None = None


@dataclass(frozen=True)
class ContentState:
    status: str
    pages: int | None
    forms: int
    reason: str | None
    exit_code: ExitCode | None
    page_entries: tuple[PageEntry, ...]
    version: str | None = None  # the declform that finished it (None: before 0.3)


@dataclass(frozen=True)
class InputEntry:
    path: str
    key: ContentKey | None
    status: str
    outputs: tuple[str, ...]
