#!/usr/bin/env python3
"""The declform benchmark: accuracy per scan profile and speed, next to peer tools.

    .venv/bin/python -m scripts.bench              # corpus/ (built when missing) -> bench/
    .venv/bin/python -m scripts.bench --quick      # a few forms and profiles, < 3 minutes

declform reads every document of the corpus in every variant (the born-digital PDF, and the
page image of each profile) and is scored on every form with scripts/bench/score.py. The
peers (scripts/bench/peers.py) read the pages of a deterministic subset of forms, and every
tool, declform included, is scored there on the same text measures:
- name / value recall: the fraction of truth indicator names (values) found, whitespace
  removed, as substrings of all the text the tool gave for the form's pages;
- cell CER (table tools): each truth name and value against its nearest cell text, the edit
  distance capped at the truth's length, over the truth's characters;
- cell structure: truth cells found with the same page, row, column and spans.
Writes <out>/report.md, accuracy.png, speed.png and results.json; prints the headline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scripts import REPO
from scripts.bench import report as bench_report
from scripts.bench import run_info
from scripts.bench.corpus_forms import (
    BORN,
    FormTruth,
    choose_subset,
    ensure_corpus,
    first_documents,
    load_forms,
    variant_path,
)
from scripts.bench.declform_worker import (
    FileJob,
    FileOutcome,
    declform_ready,
    extract_one,
    init_declform_worker,
)
from scripts.bench.peers import (
    PEER_TOOLS,
    PageJob,
    PeerReading,
    init_peer_worker,
    read_page,
    run_pool,
    tool_available,
    worker_ready,
)
from scripts.bench.score import Tally, TextTally
from scripts.bench.speed import stage_table
from scripts.bench.tool_scores import score_declform, score_peer
from scripts.corpus.profiles import KNOWN_PROFILES, PROFILES

ROOT = REPO
TOOLS = ("declform", *PEER_TOOLS)
CELL_TOOLS = ("img2table", "rapidocr")  # peers that give cells (or text boxes) to measure
STAGE_PROFILES = ("stamped", "photocopy")  # CPU-s per page per stage measured on these
STAGE_PAGES = 3  # pages per profile
QUICK: dict[str, Any] = {
    "forms": 2,
    "profiles": "clean,photocopy",
    "peer_pages": 1,
    "speed_pages": 1,
}


# --- running ------------------------------------------------------------------------------


def run_declform(
    corpus: Path,
    documents: Sequence[dict[str, Any]],
    variants: Sequence[str],
    args: argparse.Namespace,
    speed_docs: set[str],
) -> tuple[dict[tuple[str, str], FileOutcome], dict[str, Any]]:
    """Every document in every variant on all workers; then, for the pages/min of one
    worker, the speed subset again in a single worker with every core to itself."""
    jobs = [
        FileJob(e["id"], v, variant_path(corpus, e, v), len(e["pages"]))
        for v in variants
        for e in documents
    ]
    warm = variant_path(corpus, documents[0], BORN)
    cores = os.cpu_count() or 1
    threads = max(1, cores // args.workers)
    results, wall, startup = run_pool(
        extract_one,
        jobs,
        args.workers,
        init_declform_worker,
        (args.engine, threads, warm),
        declform_ready,
    )
    speed = run_info.speed_entry(
        sum(r.pages for r in results),
        [reason for r in results for reason in r.page_errors],
        wall,
        args.workers,
        [r.peak_rss_mib for r in results],
    )
    speed["startup_seconds"] = startup
    single = [job for job in jobs if job.doc_id in speed_docs]
    if args.workers == 1:
        speed["pages_per_min_1"], speed["one_worker"] = speed["pages_per_min_all"], "measured"
    elif single:
        alone, alone_wall, _ = run_pool(
            extract_one, single, 1, init_declform_worker, (args.engine, cores, warm), declform_ready
        )
        pages = sum(r.pages for r in alone)
        speed["pages_per_min_1"] = 60 * pages / alone_wall if alone_wall else None
        speed["one_worker"] = f"measured on {pages} pages"
    return {(r.doc_id, r.variant): r for r in results}, speed


def run_peer(
    tool: str,
    corpus: Path,
    by_id: Mapping[str, Mapping[str, Any]],
    subset: Sequence[FormTruth],
    variants: Sequence[str],
    workers: int,
) -> tuple[dict[tuple[str, str, int], PeerReading], dict[str, Any]]:
    jobs = [
        PageJob(form.doc_id, variant, variant_path(corpus, by_id[form.doc_id], variant), page)
        for variant in variants
        for form in subset
        for page in form.pages
    ]
    threads = max(1, (os.cpu_count() or 1) // workers)
    results, wall, startup = run_pool(
        read_page, jobs, workers, init_peer_worker, (tool, threads), worker_ready
    )
    errors = [r.error for r in results if r.error]
    speed = run_info.speed_entry(
        len(results), errors, wall, workers, [r.peak_rss_mib for r in results]
    )
    speed["startup_seconds"] = startup
    busy = sum(r.seconds for r in results)
    # each worker runs one thread on a core of its own: its page time is the 1-worker time
    speed["pages_per_min_1"] = 60 * len(results) / busy if busy else None
    speed["one_worker"] = "from the time per page"
    return {(r.doc_id, r.variant, r.page): r for r in results}, speed


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="existing corpus (default: corpus/, built)")
    parser.add_argument("--forms", type=int, default=20, help="forms to score (default 20)")
    parser.add_argument("--profiles", default="all", help="comma-separated profiles, or all")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"subset of {','.join(TOOLS)}")
    parser.add_argument("--engine", default="rapidocr", help="declform's OCR engine")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--peer-pages",
        type=int,
        default=4,
        help="pages per variant that every tool reads (default 4; 0: all)",
    )
    parser.add_argument(
        "--speed-pages",
        type=int,
        default=2,
        help="pages per variant that declform reads again in 1 worker (default 2; 0: none)",
    )
    parser.add_argument(
        "--stages-before",
        type=Path,
        help="a checkout of declform before a change: its CPU-s per page per stage is "
        "reported beside this tree's (scripts.tools.profile_scan on stamped and photocopy pages)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed when building")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a few forms and profiles, one page per variant for peers: < 3 minutes",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    args = parser.parse_args(argv)
    if args.quick:
        vars(args).update(QUICK)
    names = [p.strip() for p in args.profiles.split(",") if p.strip()]
    args.profiles = list(PROFILES) if args.profiles == "all" else names
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for kind, given, known in (
        ("profile", args.profiles, KNOWN_PROFILES),
        ("tool", args.tools, TOOLS),
    ):
        if unknown := [name for name in given if name not in known]:
            parser.error(f"unknown {kind}(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    if args.forms < 1 or args.workers < 1:
        parser.error("--forms and --workers must be at least 1")
    return args


def _progress(tool: str, speed: Mapping[str, Any]) -> None:
    print(
        f"bench: {tool} read {speed['pages']} pages ({speed['failed_pages']} failed) "
        f"in {speed['wall_seconds']:.0f} s",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started, load_before = time.perf_counter(), os.getloadavg()
    corpus, manifest = ensure_corpus(
        args.corpus, args.forms, args.profiles, args.seed, args.workers
    )
    documents = first_documents(manifest, args.forms)
    if not documents:
        print(f"bench: no documents in {corpus}", file=sys.stderr)
        return 2
    present = set(documents[0]["files"])
    variants = [BORN, *(p for p in args.profiles if p in present)]
    forms = load_forms(corpus, documents)
    subset = list(forms) if args.peer_pages == 0 else choose_subset(forms, args.peer_pages)
    speed_docs = {form.doc_id for form in choose_subset(forms, args.speed_pages)}
    skipped = {t: why for t in args.tools if t != "declform" and (why := tool_available(t))}
    tools = [t for t in args.tools if t not in skipped]
    scores: dict[str, dict[str, dict[str, dict[str, float | None]]]] = {"forms": {}, "text": {}}
    speed: dict[str, dict[str, Any]] = {}
    if "declform" in tools:
        outcomes, speed["declform"] = run_declform(corpus, documents, variants, args, speed_docs)
        _progress("declform", speed["declform"])
        overall, overall_text = Tally(), TextTally()
        scores["forms"]["declform"], scores["text"]["declform"] = {}, {}
        for variant in variants:
            tally, text = score_declform(forms, outcomes, subset, variant)
            scores["forms"]["declform"][variant] = tally.rates()
            scores["text"]["declform"][variant] = text.rates(with_cells=True)
            overall.add(tally)
            overall_text.add(text)
        scores["forms"]["declform"]["overall"] = overall.rates()
        scores["text"]["declform"]["overall"] = overall_text.rates(with_cells=True)
    stages: dict[str, str] = {}  # CPU-s per page per stage, this tree's and an earlier one's
    if "declform" in tools and not args.quick:
        scans = [p for p in STAGE_PROFILES if p in present]
        trees = {"after": ROOT, "before": args.stages_before}
        stages = {
            name: stage_table(tree, corpus, scans, STAGE_PAGES)
            for name, tree in trees.items()
            if tree is not None and scans
        }
    by_id = {entry["id"]: entry for entry in documents}
    for tool in (t for t in tools if t != "declform"):
        readings, speed[tool] = run_peer(tool, corpus, by_id, subset, variants, args.workers)
        _progress(tool, speed[tool])
        total = TextTally()
        scores["text"][tool] = {}
        for variant in variants:
            text = score_peer(subset, readings, variant)
            scores["text"][tool][variant] = text.rates(with_cells=tool in CELL_TOOLS)
            total.add(text)
        scores["text"][tool]["overall"] = total.rates(with_cells=tool in CELL_TOOLS)
    summary = run_info.summary_header(args, corpus, load_before)
    summary.update(
        stages=stages,
        variants=variants,
        tools=tools,
        skipped_tools=skipped,
        corpus_size={
            "documents": len(documents),
            "forms": len(forms),
            "pages_per_variant": sum(len(e["pages"]) for e in documents),
        },
        subset={"forms": len(subset), "pages_per_variant": sum(len(f.pages) for f in subset)},
        scores=scores,
        speed=speed,
        elapsed_seconds=round(time.perf_counter() - started, 1),
    )
    bench_report.write_all(args.out, summary, corpus, documents)
    print(bench_report.headline(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
