#!/usr/bin/env python3
"""Generate a realistic corpus of scanned declaration forms with exact ground truth.

    .venv/bin/python -m scripts.corpus --out corpus/ --forms 20 --profiles all --seed 0

Ground truth is every golden record (tests/golden) plus every seed form that
scripts/seeds/truth.py converts cleanly, plus department forms synthesised from the seed
vocabulary (scripts/corpus/department.py). Forms are rendered born-digital with
scripts/render/form.py, grouped into documents and degraded under named profiles
(scripts/corpus/profiles.py has the table). The same arguments give the same bytes,
whatever --workers is. About 12 % of the forms are department forms; every layout, both
fonts and a table continued on a second page are included whenever --forms allows. When
--forms exceeds the pool, forms come round again in the other font (form id "<id>-r2").

Documents: "single" (one form, one page), "continuation" (one form whose indicator table
runs onto a second page) and "multi_form" (2–4 forms in a row, as a scanned stack); every
form is in exactly one document.

The files written and the manifest (read by the benchmark) are described in
scripts/corpus/write.py.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from declform.output.errors import DeclformError, InputError
from scripts import REPO
from scripts.corpus.department import synthesize_departments
from scripts.corpus.plan import (
    DEPARTMENT_SHARE,
    plan_documents,
    select_forms,
)
from scripts.corpus.profiles import KNOWN_PROFILES, PROFILES
from scripts.corpus.samples import write_samples
from scripts.corpus.truth import load_pool
from scripts.corpus.write import write_corpus

ROOT = REPO
DEFAULT_SEEDS = Path("/work/shared/seeds")


def parse_profiles(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if names == ("all",):
        return PROFILES
    if "all" in names:  # "all,aug_fax": the own profiles and the ones named
        names = (*PROFILES, *(name for name in names if name != "all"))
    unknown = [name for name in names if name not in KNOWN_PROFILES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown profile(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(KNOWN_PROFILES)} or 'all'"
        )
    return tuple(name for name in KNOWN_PROFILES if name in names)  # canonical order


def make_corpus(
    out: Path,
    n_forms: int,
    profiles: tuple[str, ...],
    seed: int,
    workers: int,
    *,
    golden: Path | None = ROOT / "tests" / "golden",
    seeds: Path | None = DEFAULT_SEEDS,
) -> list[dict[str, Any]]:
    """Write the corpus under `out` (replacing a previous one there); return the manifest."""
    pool = load_pool(golden, seeds)
    if not pool:
        raise InputError(f"no ground truth: no golden records in {golden}, no seeds in {seeds}")
    departments = synthesize_departments(pool, max(3, math.ceil(n_forms * DEPARTMENT_SHARE)), seed)
    rng = random.Random(seed)
    documents = plan_documents(select_forms(pool, departments, n_forms, rng), rng)
    return write_corpus(out, documents, profiles, seed, workers, rng)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="corpus folder")
    parser.add_argument("--forms", type=int, default=20, help="number of forms (default 20)")
    parser.add_argument(
        "--profiles",
        type=parse_profiles,
        default=PROFILES,
        help=f"comma-separated subset of {','.join(KNOWN_PROFILES)}, or 'all' (the own ones)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--golden", type=Path, default=ROOT / "tests" / "golden")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument(
        "--samples",
        type=Path,
        default=None,
        help="also write one small preview per profile into this folder",
    )
    args = parser.parse_args(argv)
    if args.forms < 1:
        parser.error("--forms must be at least 1")
    started = time.perf_counter()
    try:
        manifest = make_corpus(
            args.out,
            args.forms,
            args.profiles,
            args.seed,
            args.workers,
            golden=args.golden,
            seeds=args.seeds,
        )
    except DeclformError as exc:
        print(f"make_corpus: {exc}\n{exc.advice}", file=sys.stderr)
        return int(exc.exit_code)
    if args.samples is not None:
        write_samples(args.out, manifest, args.samples)
    n_pages = sum(len(entry["pages"]) for entry in manifest)
    n_forms = sum(len(entry["truth"]) for entry in manifest)
    print(
        f"{len(manifest)} documents, {n_forms} forms, {n_pages} pages × "
        f"{len(args.profiles)} profiles in {time.perf_counter() - started:.1f}s → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
