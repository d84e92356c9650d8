#!/usr/bin/env python3
"""A corpus of variant layouts: the seed forms' content drawn into layouts the reader was
never built on (scripts/render/variants.py has the degrees of freedom), with the truth the
reader should give for each, in the same folder shape as scripts/corpus/build.py.

    .venv/bin/python -m scripts.corpus.variants --out /tmp/variants --forms 24 --seed 1 \\
        --profiles clean,office_scan,photocopy,aug_photocopy,aug_fax

Every form is a project form of the truth pool (golden records and converted seeds) in a
layout drawn for it; forms are grouped into documents as in the main corpus (one form, a form
whose table continues, several forms in one file). Besides them, department forms
(scripts/corpus/department.py) with a budget block drawn for each (scripts/render/
variant_department.py) follow as documents of their own (`NNN-department`), drawn from a
generator of their own: the project forms' draws and documents are those of a corpus without
them. Besides the scanned PDF and the PNG or
multi-page TIFF, each profile of a multi-page document gets its pages as separate images
(`<profile>/<doc>-pages/page-<n>.png`, listed in the manifest as `files[profile]["pages"]`),
as a user who scans one image per page holds them.

Each manifest form entry carries its layout draw: `"layout": "variant"`, `"variant": {...}`
(`VariantSpec.to_dict()`). The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from declform.output.errors import DeclformError, InputError
from scripts import REPO
from scripts.corpus.build import DEFAULT_SEEDS, parse_profiles
from scripts.corpus.department import synthesize_departments
from scripts.corpus.plan import FONTS, DocumentKind, PlannedDocument, PlannedForm, plan_documents
from scripts.corpus.truth import TruthForm, canonical, load_pool
from scripts.corpus.write import write_corpus
from scripts.render.pdf_plan import plan_form
from scripts.render.variant_department import build_department_table, draw_department_spec
from scripts.render.variant_plan import VARIANT, build_variant_table
from scripts.render.variant_truth import variant_truth
from scripts.render.variants import draw_spec

DEFAULT_PROFILES = ("clean", "office_scan", "photocopy", "aug_photocopy", "aug_fax")


def plan_variant_forms(
    pool: Sequence[TruthForm], count: int, rng: random.Random
) -> list[PlannedForm]:
    """`count` project forms of the pool, each in a layout drawn for it (forms come round
    again, in a new draw, when `count` exceeds the pool)."""
    projects = [form for form in pool if form.form_type == "project"]
    if not projects:
        raise InputError("no project forms in the truth pool to draw variants of")
    order = list(projects)
    rng.shuffle(order)
    planned = []
    for k in range(count):
        form = order[k % len(order)]
        source = dict(form.record)
        spec = draw_spec(source, rng)
        font = rng.choice(FONTS)
        truth = canonical(variant_truth(source, spec))
        pages = len(plan_form(build_variant_table(source, spec), font).slices)
        planned.append(
            PlannedForm(
                f"{form.id}-v{k + 1:03d}",
                form.origin,
                truth,
                font,
                VARIANT,
                pages,
                variant=spec.to_dict(),
                variant_source=source,
            )
        )
    return planned


DEPARTMENT_SHARE = 0.4  # department forms per project form drawn


def plan_department_documents(
    pool: Sequence[TruthForm], count: int, seed: int, first_number: int
) -> list[PlannedDocument]:
    """`count` synthetic department forms, each in a document of its own with a budget block
    drawn for it; numbered on from `first_number`."""
    rng = random.Random(f"department-variants-{seed}")
    documents = []
    for k, form in enumerate(synthesize_departments(pool, count, seed)):
        spec = draw_department_spec(rng)
        font = rng.choice(FONTS)
        record = dict(form.record)
        pages = len(plan_form(build_department_table(record, spec), font).slices)
        planned = PlannedForm(
            f"{form.id}-v{k + 1:03d}", form.origin, canonical(record), font, VARIANT, pages,
            variant=spec.to_dict(), variant_source=record,
        )  # fmt: skip
        number = first_number + k
        kind: DocumentKind = "continuation" if pages > 1 else "single"
        documents.append(PlannedDocument(f"{number:03d}-department", kind, (planned,)))
    return documents


def write_page_images(out: Path, manifest: list[dict[str, Any]]) -> None:
    """Each page of a multi-page scan also as an image file of its own."""
    for entry in manifest:
        if len(entry["pages"]) < 2:
            continue
        for profile, files in entry["files"].items():
            if not isinstance(files, dict):
                continue
            folder = out / profile / f"{entry['id']}-pages"
            folder.mkdir(parents=True, exist_ok=True)
            names = []
            with Image.open(out / files["image"]) as stack:
                dpi = stack.info.get("dpi", (200, 200))
                for index in range(getattr(stack, "n_frames", 1)):
                    stack.seek(index)
                    target = folder / f"page-{index + 1}.png"
                    stack.copy().save(target, "PNG", dpi=dpi, compress_level=1)
                    names.append(target.relative_to(out).as_posix())
            files["pages"] = names


def make_variant_corpus(
    out: Path,
    n_forms: int,
    profiles: tuple[str, ...],
    seed: int,
    workers: int,
    *,
    golden: Path | None = REPO / "tests" / "golden",
    seeds: Path | None = DEFAULT_SEEDS,
) -> list[dict[str, Any]]:
    pool = load_pool(golden, seeds)
    rng = random.Random(seed)
    documents = plan_documents(plan_variant_forms(pool, n_forms, rng), rng)
    if departments := math.ceil(n_forms * DEPARTMENT_SHARE):
        documents += plan_department_documents(pool, departments, seed, len(documents) + 1)
    manifest = write_corpus(out, documents, profiles, seed, workers, rng)
    write_page_images(out, manifest)
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--forms", type=int, default=24)
    parser.add_argument(
        "--profiles", type=parse_profiles, default=DEFAULT_PROFILES, help="as scripts.corpus"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--golden", type=Path, default=REPO / "tests" / "golden")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = parser.parse_args(argv)
    if args.forms < 1:
        parser.error("--forms must be at least 1")
    started = time.perf_counter()
    try:
        manifest = make_variant_corpus(
            args.out, args.forms, args.profiles, args.seed, args.workers,
            golden=args.golden, seeds=args.seeds,
        )  # fmt: skip
    except DeclformError as exc:
        print(f"variants: {exc}\n{exc.advice}", file=sys.stderr)
        return int(exc.exit_code)
    n_pages = sum(len(entry["pages"]) for entry in manifest)
    print(
        f"{len(manifest)} documents, {sum(len(e['truth']) for e in manifest)} variant forms, "
        f"{n_pages} pages × {len(args.profiles)} profiles in "
        f"{time.perf_counter() - started:.1f}s → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
