"""declform reading the documents of a variants set (scripts/bench/variants.py) in worker
processes: each as the born-digital PDF or a profile's scan (declform_worker.extract_one),
or, as the variant `page_images`, as one image file per page of the clean scan, read as a batch
reads a folder of them (numbered files are the pages of one document)."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from scripts.bench import declform_worker
from scripts.bench.corpus_forms import BORN, variant_path
from scripts.bench.declform_worker import FileJob, FileOutcome
from scripts.bench.peers import rss_mib, run_pool

PAGE_IMAGES = "page_images"  # the clean scan as one image file per page
@dataclass(frozen=True)
class PagesJob:
    """One document read as separate page images, as a batch reads a folder of them."""

    doc_id: str
    variant: str
    paths: tuple[str, ...]


def extract_pages(job: PagesJob) -> FileOutcome:
    """The page files grouped as a batch groups them (numbered files of a folder are one
    document: declform.extract.batch.sequences) and each unit read as the batch reads it;
    records' pages counted on from the place of the unit's first file."""
    from declform.extract.batch.sequences import PageSequence, group_sequences, sequence_key
    from declform.extract.page_sequence import read_sequence
    from declform.extract.sources.files import InputFile
    from declform.extract.sources.pdf import file_sha256

    extractor = declform_worker._EXTRACTOR  # the worker's (init_declform_worker)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    failed, errors, raised = 0, [], None
    files = [InputFile(Path(p), PurePosixPath(Path(p).name)) for p in job.paths]
    for unit in group_sequences(files):
        first = unit.paths[0] if isinstance(unit, PageSequence) else unit.path
        offset = job.paths.index(str(first))
        try:
            if isinstance(unit, PageSequence):
                keys = [(file_sha256(p), p.stat().st_size) for p in unit.paths]
                result = read_sequence(
                    extractor, unit.paths, str(unit.name), sequence_key(unit.name, keys)[0]
                )
            else:
                result = extractor.extract_file(unit.path)
        except Exception as exc:  # scored as missing, as extract_one does
            raised = raised or f"{exc!r}"[:300]
            continue
        for record in (r.to_dict() for r in result.records):
            source = dict(record["source"])
            source["pages"] = [page + offset for page in source["pages"]]
            records.append({**record, "source": source})
        reasons = [p.reason or "failed" for p in result.pages if p.status == "failed"]
        failed += len(reasons)
        errors += reasons
    return FileOutcome(
        job.doc_id, job.variant, tuple(records), len(job.paths), failed,
        time.perf_counter() - started, rss_mib(), raised, tuple(errors),
    )  # fmt: skip


def _job(corpus: Path, entry: Mapping[str, Any], variant: str) -> FileJob | PagesJob:
    if variant == PAGE_IMAGES:
        files = entry["files"]["clean"]
        paths = files.get("pages") or [files["image"]]
        return PagesJob(entry["id"], variant, tuple(str(corpus / p) for p in paths))
    return FileJob(entry["id"], variant, variant_path(corpus, entry, variant), len(entry["pages"]))


def _run(job: FileJob | PagesJob) -> FileOutcome:
    return extract_pages(job) if isinstance(job, PagesJob) else declform_worker.extract_one(job)


def read_all(
    corpus: Path, manifest: Sequence[Mapping[str, Any]], variants: Sequence[str], workers: int,
    engine: str,
) -> dict[tuple[str, str], FileOutcome]:  # fmt: skip
    jobs = [_job(corpus, entry, variant) for variant in variants for entry in manifest]
    threads = max(1, (os.cpu_count() or 1) // workers)
    warm = variant_path(corpus, manifest[0], BORN)
    results, _, _ = run_pool(
        _run, jobs, workers, declform_worker.init_declform_worker, (engine, threads, warm),
        declform_worker.declform_ready,
    )  # fmt: skip
    return {(r.doc_id, r.variant): r for r in results}
