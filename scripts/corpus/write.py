"""Writing a planned corpus: every document rendered and degraded in worker processes
(scripts/corpus/documents.py), its truth records, a mixed batch folder and the manifest.

Output layout (read by the benchmark):

    corpus/manifest.json         a JSON list of documents, in document-id order
    corpus/truth/<form id>.json  one perfform/1 record per form; its `source` names the
                                 born-digital PDF, its sha256 and the form's pages there
    corpus/born_digital/<doc>.pdf
    corpus/<profile>/<doc>.pdf   image-only PDF, one image per page
    corpus/<profile>/<doc>.png   the page image; a multi-page document gets <doc>.tif instead
                                 (multi-page TIFF: G4 when 1-bit, JPEG when colour, else
                                 deflate); PNG and TIFF carry the dpi
    corpus/batch/<nnn>.<ext>     copies of one file per document (and more, until every
                                 variant appears): a folder mixing PDFs, PNGs and TIFFs
                                 of all profiles, as a user would drop it on the tool

Each manifest entry:

    {"id": "003-continuation",
     "kind": "single" | "continuation" | "multi_form",
     "files": {"born_digital": "born_digital/003-continuation.pdf",
               "<profile>": {"pdf": "<profile>/003-continuation.pdf",
                             "image": "<profile>/003-continuation.tif"}, ...},
     "pages": [{"page": 1, "form": 0, "part": 1}, {"page": 2, "form": 0, "part": 2}],
     "truth": ["truth/<form id>.json", ...],
     "forms": [{"id", "origin", "layout", "font", "pages": [1, 2]}, ...],
     "born_digital_sha256": "...",
     "profile_params": {"<profile>": {"dpi": 200, "pages": [{"page": 1,
                        "size_px": [w, h], "matrix": [[...], [...], [...]], ...}]}},
     "batch": [{"file": "batch/007.tif", "variant": "fax", "kind": "image"}]}
                 (variant "born_digital" has kind "pdf")

`pages[i].form` is a 0-based index into `truth` (and `forms`); `part` counts the pages of
that form (2 = its table continues). In `profile_params`, `matrix` maps pixels of the
born-digital page rasterised at `dpi` to pixels of the output image (skew, quarter turns);
photo pages have `homography`, `curl` and `corners` instead; rotated pages add
`rotation_deg`; stamped pages add `marks` (seals, signature, date; positions in PDF points,
top-left origin). Document-wide settings (`dpi`, photocopy's `binarized`) sit next to
`pages`; everything else a profile drew (noise, JPEG quality, …) is listed per page.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import random
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import cv2

from scripts.corpus.documents import DocumentJob, build_document
from scripts.corpus.plan import PlannedDocument
from scripts.corpus.profiles import KNOWN_PROFILES

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters
OWN_ENTRIES = ("manifest.json", "truth", "born_digital", "batch", *KNOWN_PROFILES)
def _init_worker() -> None:
    cv2.setNumThreads(1)  # the pool already uses every core
    # Keep freed page-sized arrays in the heap: glibc would otherwise return each one to
    # the kernel and fault it back in for the next page (a third of the run was system time).
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
        libc.mallopt(_M_MMAP_THRESHOLD, 1 << 30)
    except (OSError, AttributeError):  # not glibc: slower, same bytes
        pass


def build_all(jobs: Sequence[DocumentJob], workers: int) -> list[dict[str, Any]]:
    """Build every document; results come back in job order whatever the worker count."""
    if workers <= 1 or len(jobs) <= 1:
        threads = cv2.getNumThreads()
        _init_worker()
        try:
            return [build_document(job) for job in jobs]
        finally:
            cv2.setNumThreads(threads)
    # longest documents first, so that no worker is left with a long one at the end
    order = sorted(range(len(jobs)), key=lambda i: -_pages(jobs[i]))
    # spawned, not forked: a fork of a process whose OpenCV or pdfium threads are running
    # can deadlock (the tests run this inside pytest)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, initializer=_init_worker) as pool:
        futures = {i: pool.submit(build_document, jobs[i]) for i in order}
        return [futures[i].result() for i in range(len(jobs))]


def _pages(job: DocumentJob) -> int:
    return sum(form.n_pages for form in job.document.forms)


def write_truth(
    out: Path, documents: Sequence[PlannedDocument], entries: list[dict[str, Any]]
) -> None:
    """truth/<form id>.json; `source` points at the form inside its born-digital PDF."""
    folder = out / "truth"
    folder.mkdir(parents=True, exist_ok=True)
    for document, entry in zip(documents, entries, strict=True):
        entry["truth"] = []
        for form, listed in zip(document.forms, entry["forms"], strict=True):
            record = dict(form.record)
            record["source"] = {
                "path": entry["files"]["born_digital"],
                "sha256": entry["born_digital_sha256"],
                "pages": listed["pages"],
            }
            path = folder / f"{form.id}.json"
            path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
            entry["truth"].append(path.relative_to(out).as_posix())


def write_batch(out: Path, entries: list[dict[str, Any]], rng: random.Random) -> None:
    """One file per document, cycling through the variants so that every one appears."""
    variants = [("born_digital", "pdf")] + [
        (profile, kind)
        for profile in KNOWN_PROFILES
        if profile in entries[0]["files"]
        for kind in ("pdf", "image")
    ]
    rng.shuffle(variants)
    folder = out / "batch"
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        entry["batch"] = []
    for k in range(max(len(entries), len(variants))):
        entry = entries[k % len(entries)]
        variant, kind = variants[k % len(variants)]
        source = (
            entry["files"][variant] if variant == "born_digital" else entry["files"][variant][kind]
        )
        target = folder / f"{k + 1:03d}{Path(source).suffix}"
        shutil.copyfile(out / source, target)
        entry["batch"].append(
            {"file": target.relative_to(out).as_posix(), "variant": variant, "kind": kind}
        )


def write_corpus(
    out: Path,
    documents: Sequence[PlannedDocument],
    profiles: tuple[str, ...],
    seed: int,
    workers: int,
    rng: random.Random,
) -> list[dict[str, Any]]:
    """Render, degrade and write planned documents with their truth and manifest."""
    for name in OWN_ENTRIES:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for folder in ("born_digital", *profiles):
        (out / folder).mkdir(parents=True, exist_ok=True)
    jobs = [DocumentJob(document, out, profiles, seed) for document in documents]
    entries = build_all(jobs, workers)
    write_truth(out, documents, entries)
    write_batch(out, entries, rng)
    ordered = (
        "id",
        "kind",
        "files",
        "pages",
        "truth",
        "forms",
        "born_digital_sha256",
        "profile_params",
        "batch",
    )
    manifest = [{key: entry[key] for key in ordered} for entry in entries]
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return manifest
