"""declform as a benchmark tool: one worker process reads one whole document per job (a FileJob)
with an extractor built once per worker, limited to `threads` native threads and warmed up on
one file before the timed run (peers.run_pool times it)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from scripts.bench.peers import rss_mib


@dataclass(frozen=True)
class FileJob:
    doc_id: str
    variant: str
    path: str
    pages: int  # in the corpus manifest: a file that fails whole fails on all of them


@dataclass(frozen=True)
class FileOutcome:
    doc_id: str
    variant: str
    records: tuple[dict[str, Any], ...]
    pages: int
    failed_pages: int
    seconds: float
    peak_rss_mib: float
    error: str | None = None  # the file failed whole
    page_errors: tuple[str, ...] = ()  # one reason per failed page


_EXTRACTOR: Any = None
def init_declform_worker(engine: str, threads: int, warm_path: str) -> None:
    """Build the extractor once, limit native threads, and read one file to warm caches."""
    global _EXTRACTOR
    os.environ["OMP_THREAD_LIMIT"] = str(threads)
    import cv2

    from declform.extract.pipeline import Extractor

    cv2.setNumThreads(threads)
    _EXTRACTOR = Extractor(engine=engine)
    if engine == "rapidocr":  # ONNX Runtime would otherwise start a thread per core
        try:
            from declform.extract.ocr.rapid import RapidEngine

            _EXTRACTOR = Extractor(engine=engine, ocr=RapidEngine(threads=threads))
        except Exception:  # engine missing or its API moved: time it as the CLI runs it
            pass
    try:
        _EXTRACTOR.extract_file(warm_path)  # imports, dictionaries, layouts
        _ = _EXTRACTOR.ocr  # the OCR models load here, not in the first timed scan
    except Exception:  # a broken engine shows up as failed pages in the timed run
        pass


def declform_ready(_: int) -> bool:
    return _EXTRACTOR is not None


def extract_one(job: FileJob) -> FileOutcome:
    started = time.perf_counter()
    try:
        result = _EXTRACTOR.extract_file(job.path)
        records = tuple(r.to_dict() for r in result.records)
        error = str(result.error) if result.error else None
        reasons = tuple(p.reason or "failed" for p in result.pages if p.status == "failed")
    except Exception as exc:  # the scan path may be unfinished: score as missing, go on
        records, error = (), f"{exc!r}"[:300]
    seconds = time.perf_counter() - started
    reasons = (error,) * job.pages if error else reasons[: job.pages]
    return FileOutcome(
        job.doc_id,
        job.variant,
        records,
        job.pages,
        len(reasons),
        seconds,
        rss_mib(),
        error,
        reasons,
    )
