#!/usr/bin/env python3
"""Benchmark `declform extract` as a batch tool on a corpus with bad inputs mixed in.

    .venv/bin/python -m scripts.bench.batch                     # ~10 min on 2 cores
    .venv/bin/python -m scripts.bench.batch --born-digital-forms 2000 --scan-forms 60

Builds (once, cached under --work) born-digital PDFs and office scans / rotated scans from
scripts/corpus/build.py, adds bad inputs of every kind in scripts/corpus/bad_inputs.py (10 % of the
batch by default), runs the real command line with 1 worker and with all cores, and checks:
every page of every input is in the manifest, every page of a good input was extracted with
the forms its ground truth holds, every bad input failed or was skipped as expected, and
both runs wrote the same bytes. Prints pages/min and the peak memory of the process tree;
a third run on the finished folder times a resume that has nothing left to do.
Exit code 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from declform.output.dataset.files import record_files, record_key
from scripts import REPO
from scripts.corpus.bad_inputs import BAD_INPUTS, make_bad_input
from scripts.corpus.build import make_corpus

ROOT = REPO
SCAN_PROFILES = ("office_scan", "rotated")
# what each bad kind must end as in the manifest
BAD_STATUS = {kind: "failed" for kind in BAD_INPUTS} | {"no_table_pdf": "done",
                                                       "rotated_scan": "done"}


def build_inputs(work: Path, bd_forms: int, scan_forms: int, bad_share: float, seed: int,
                 workers: int) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The batch folder and what each of its files must give: {path: expectation}."""
    key = f"bd{bd_forms}-scan{scan_forms}-bad{bad_share:g}-seed{seed}"
    inputs, expected_file = work / f"inputs-{key}", work / f"inputs-{key}.json"
    if expected_file.is_file():
        return inputs, json.loads(expected_file.read_text(encoding="utf-8"))
    shutil.rmtree(inputs, ignore_errors=True)
    expected: dict[str, dict[str, Any]] = {}
    corpora: list[tuple[Path, int, tuple[str, ...]]] = [
        (work / f"corpus-bd-{bd_forms}-{seed}", bd_forms, ())
    ]
    if scan_forms:
        corpora.append((work / f"corpus-scan-{scan_forms}-{seed}", scan_forms, SCAN_PROFILES))
    for folder, forms, profiles in corpora:
        print(f"corpus: {forms} forms, profiles {profiles or '(born-digital only)'} → {folder}")
        manifest = make_corpus(folder, forms, profiles, seed, workers)
        for entry in manifest:
            files = [entry["files"]["born_digital"]] if not profiles else [
                entry["files"][p][kind] for p in profiles for kind in ("pdf", "image")
            ]
            for relative in files:
                source = folder / relative
                target = inputs / folder.name / relative.replace("/", "_")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                expected[str(target)] = {"kind": "good", "status": "done",
                                         "pages": len(entry["pages"]), "forms": len(entry["truth"])}
    good = sorted(p for p in expected if p.endswith(".pdf") and "corpus-bd" in p)
    scans = sorted(p for p in expected if p.endswith(".png"))
    per_kind = math.ceil(bad_share * len(expected) / (1 - bad_share) / len(BAD_INPUTS))
    for kind in BAD_INPUTS:
        for k in range(per_kind):  # each from another good file: distinct bytes
            made = make_bad_input(kind, inputs / "bad", f"{kind}-{k:02d}",
                                  Path(good[k % len(good)]), Path(scans[k % len(scans)]))
            expected[str(made)] = {"kind": kind, "status": BAD_STATUS[kind]}
    expected_file.write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    return inputs, expected


def run_cli(inputs: Path, out: Path, workers: int, engine: str) -> dict[str, Any]:
    """Run the command line; wall time, its summary event, peak memory of its process tree."""
    import psutil

    command = [sys.executable, "-m", "declform", "extract", str(inputs), "--out", str(out),
               "--workers", str(workers), "--engine", engine, "--json-log"]
    log = out.with_name(f"{out.name}.log.jsonl")  # a file, not a pipe nobody reads meanwhile
    load = os.getloadavg()[0]  # other work on the machine skews the figures: say how much
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stream, text=True)
        root, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before  # the command and its workers, once all are reaped
    lines = log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines if line.strip()]
    return {"seconds": seconds, "exit_code": process.returncode, "peak_rss_mib": peak / 2**20,
            "cpu": cpu, "load": load, "summary": events[-1] if events else {}}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(out: Path, expected: dict[str, dict[str, Any]]) -> list[str]:
    """Every input and page accounted for, every good page extracted, every bad one named."""
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in manifest["inputs"]}
    problems = []
    for path, want in expected.items():
        entry = entries.get(path)
        if entry is None:
            problems.append(f"{path}: missing from the manifest")
            continue
        if entry["status"] != want["status"]:
            problems.append(f"{path} ({want['kind']}): {entry['status']}, expected "
                            f"{want['status']}: {entry['reason']}")
        if entry["status"] == "failed" and not entry["reason"] and not any(
            page["reason"] for page in entry["pages"]
        ):
            problems.append(f"{path}: failed without a reason")
        if want["kind"] != "good":
            continue
        states = [page["status"] for page in entry["pages"]]
        if states != ["done"] * want["pages"]:
            problems.append(f"{path}: pages {states}, expected {want['pages']} done")
        if len(entry["outputs"]) != want["forms"]:
            problems.append(f"{path}: {len(entry['outputs'])} forms, truth has {want['forms']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/declform-bench-batch"),
                        help="corpus cache and output folders (default: %(default)s)")
    parser.add_argument("--born-digital-forms", type=int, default=300,
                        help="forms rendered born-digital (grouped into ~0.55 files per form)")
    parser.add_argument("--scan-forms", type=int, default=6,
                        help=f"forms scanned under {', '.join(SCAN_PROFILES)} (PDF + image each)")
    parser.add_argument("--bad-share", type=float, default=0.10,
                        help="share of the batch that is bad input (every kind, equally)")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}",
                        help="comma-separated worker counts to time (default: 1 and all cores)")
    parser.add_argument("--engine", default="rapidocr")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    inputs, expected = build_inputs(args.work, args.born_digital_forms, args.scan_forms,
                                    args.bad_share, args.seed, max(counts))
    bad = sum(1 for want in expected.values() if want["kind"] != "good")
    good_pages = sum(want.get("pages", 0) for want in expected.values())
    print(f"batch: {len(expected)} files ({bad} bad, {bad / len(expected):.0%}), "
          f"{good_pages} pages in good files")
    problems: list[str] = []
    outputs: list[dict[str, bytes]] = []
    rows = []
    for workers in counts:
        out = args.work / f"out-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        run = run_cli(inputs, out, workers, args.engine)
        problems += [f"[{workers} workers] {p}" for p in check(out, expected)]
        outputs.append({record_key(out, p): p.read_bytes() for p in record_files(out)})
        rows.append((f"{workers} worker(s)", run))
    resume = run_cli(inputs, args.work / f"out-{counts[-1]}", counts[-1], args.engine)
    rows.append(("rerun (resume, all done)", resume))
    if resume["summary"].get("pages_read") != 0:
        problems.append("the rerun read pages again")
    if any(o != outputs[0] for o in outputs[1:]):
        problems.append("runs with different worker counts wrote different records")
    print(f"\n{'run':<26}{'wall s':>8}{'CPU s':>8}{'pages':>7}{'pages/min':>11}{'forms':>7}"
          f"{'failed':>8}{'exit':>6}{'peak RSS MiB':>14}{'load before':>13}")
    for label, run in rows:
        s = run["summary"]
        rate = s.get("pages_read", 0) / run["seconds"] * 60
        print(f"{label:<26}{run['seconds']:>8.1f}{run['cpu']:>8.1f}{s.get('pages_read', 0):>7}"
              f"{rate:>11.0f}{s.get('forms', 0):>7}{s.get('failed', 0):>8}{run['exit_code']:>6}"
              f"{run['peak_rss_mib']:>14.0f}{run['load']:>13.2f}")
    print("\npages/min: pages read over the wall time of the whole command (worker start-up "
          "included); CPU s: the command and its workers; peak RSS: their sum, sampled every "
          "0.1 s; load before: the machine's 1-minute load average as the run started.")
    for problem in problems:
        print(f"CHECK FAILED {problem}")
    print("checks: " + ("all passed" if not problems else f"{len(problems)} failed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
