"""The batch's view of its sources for the dataset's `pages` table (light: no pandas, so the
batch command can build rows without loading the dataset's dependencies)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRow:
    """One page of a source as the batch saw it (status: one of tables.PAGE_STATUSES), or,
    with `page` None, a whole input no page of which was read: failed to open, unsupported,
    a duplicate, declform's own output."""

    source_path: str
    page: int | None
    status: str
    reason: str | None = None
    sha256: str | None = None  # taken from the source's records when not given
