"""Read-only views of a manifest: what the dataset's `pages` table and `manifest.json` show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_records import MANIFEST_FORMAT, ContentState, PageEntry
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
    `pages` table (one query)."""
    for path, sha256, page, status, detail, reason in manifest.db.execute(
        "SELECT i.path, i.sha256, p.page, p.status, p.detail, p.reason FROM inputs i "
        "JOIN pages p USING (sha256, size) ORDER BY i.path, p.page"
    ):
        yield path, sha256, PageEntry(page, status, detail, reason)


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
    """Every input with its content's pages, as written to manifest.json (three queries,
    whatever the number of inputs)."""
    db = manifest.db
    pages: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for sha256, size, page, status, reason in db.execute(
        "SELECT sha256, size, page, status, reason FROM pages ORDER BY sha256, size, page"
    ):
        pages.setdefault((sha256, size), []).append(
            {"page": page, "status": status, "reason": reason}
        )
    content_reasons = {
        (sha256, size): reason
        for sha256, size, reason in db.execute("SELECT sha256, size, reason FROM contents")
    }
    inputs = []
    for path, sha256, size, status, reason, outputs in db.execute(
        "SELECT path, sha256, size, status, reason, outputs FROM inputs ORDER BY path"
    ):
        key = (sha256, size)
        inputs.append({
            "path": path, "size": size, "sha256": sha256, "status": status,
            "reason": reason or content_reasons.get(key),
            "outputs": json.loads(outputs),
            "pages": pages.get(key, []) if sha256 is not None else [],
        })
    return {"format": MANIFEST_FORMAT, "inputs": inputs}


def write_snapshot(manifest: Manifest) -> Path:
    """manifest.json, rewritten atomically (a reader never sees half of it): one input per
    line, which reads well and is written by json's C encoder (an indented dump of 100,000
    inputs took 5 s)."""
    data = snapshot(manifest)
    lines = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in data["inputs"])
    text = f'{{"format": {json.dumps(data["format"])}, "inputs": [\n{lines}\n]}}\n'
    target = manifest.folder / "manifest.json"
    write_text_atomic(target, text)
    return target
