"""Read-only views of a manifest: what the dataset's `pages` table and `manifest.json` show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from declform.extract.batch.manifest import MANIFEST_FORMAT, ContentState, Manifest, PageEntry
from declform.extract.pipeline import PageOutcome
from declform.output.atomic import write_text_atomic

_STATE = {"form": "done", "continuation": "done", "not_a_form": "not-a-form"}


def entries_of(pages: tuple[PageOutcome, ...]) -> list[PageEntry]:
    """The pipeline's page outcomes as the manifest keeps them."""
    return [
        PageEntry(p.page, _STATE.get(p.status, "failed"), p.status, p.reason)  # type: ignore[arg-type]
        for p in pages
    ]


def outcomes_of(state: ContentState) -> tuple[PageOutcome, ...]:
    """A finished content's pages as the pipeline's outcomes (a reused input's report)."""
    return tuple(PageOutcome(e.page, e.detail, e.reason) for e in state.page_entries)  # type: ignore[arg-type]


def page_outcomes(manifest: Manifest) -> Iterator[tuple[str, str, PageEntry]]:
    """(input path, sha256, page) for every page of every input read: the dataset's
    `pages` table."""
    inputs = manifest.db.execute(
        "SELECT path, sha256, size FROM inputs WHERE sha256 IS NOT NULL ORDER BY path"
    ).fetchall()
    for path, sha256, size in inputs:
        for entry in manifest.pages((sha256, size)):
            yield path, sha256, entry


def input_outcomes(manifest: Manifest) -> Iterator[tuple[str, str | None, str, str | None]]:
    """(path, sha256, status, reason) of every input no page of which is known — could not
    be opened, refused (unsupported, duplicate, …): the dataset's whole-input rows."""
    yield from manifest.db.execute(
        "SELECT i.path, i.sha256, i.status, coalesce(i.reason, c.reason) FROM inputs i "
        "LEFT JOIN contents c USING (sha256, size) WHERE i.status != 'done' AND NOT EXISTS "
        "(SELECT 1 FROM pages p WHERE p.sha256 = i.sha256 AND p.size = i.size) "
        "ORDER BY i.path"
    )


def snapshot(manifest: Manifest) -> dict[str, Any]:
    """Every input with its content's pages, as written to manifest.json."""
    inputs = []
    for path, sha256, size, status, reason, outputs in manifest.db.execute(
        "SELECT path, sha256, size, status, reason, outputs FROM inputs ORDER BY path"
    ).fetchall():
        key = (sha256, size)
        state = manifest.content(key) if sha256 is not None else None
        inputs.append({
            "path": path, "size": size, "sha256": sha256, "status": status,
            "reason": reason or (state.reason if state else None),
            "outputs": json.loads(outputs),
            "pages": [
                {"page": e.page, "status": e.status, "reason": e.reason}
                for e in (state.page_entries if state else ())
            ],
        })
    return {"format": MANIFEST_FORMAT, "inputs": inputs}


def write_snapshot(manifest: Manifest) -> Path:
    """manifest.json, rewritten atomically (a reader never sees half of it)."""
    target = manifest.folder / "manifest.json"
    text = json.dumps(snapshot(manifest), ensure_ascii=False, indent=1) + "\n"
    write_text_atomic(target, text)
    return target
