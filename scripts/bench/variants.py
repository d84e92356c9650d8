#!/usr/bin/env python3
"""How far declform generalises: the three known layouts beside drawn variant layouts.

    .venv/bin/python -m scripts.bench.variants            # or: make bench-variants
    .venv/bin/python -m scripts.bench.variants --forms 4 --profiles clean   # a quick look

Three sets, each a corpus built under --work when missing (a corpus already there is read as
it is; --rebuild builds it again):
- known:    scripts/corpus (the three layouts), seed KNOWN_SEED;
- tuned:    scripts/corpus/variants, seed TUNED_SEED: variants anyone may look at and tune on;
- held_out: scripts/corpus/variants, seed HELD_OUT_SEED: never looked at while tuning.
- held_out_2: the same with HELD_OUT_2_SEED, drawn once held_out had been looked at.

declform reads every document as the born-digital PDF, under each profile, and (variable
`page_images`, scripts/bench/variant_reads.py) as one image file per page of the clean scan,
read as a batch reads a folder of them: numbered files are the pages of one document, a
continuation page joins the form of the file before it. Scored per form with
scripts/bench/score.py as in the main benchmark (header fields exact, indicator F1, value and
parsed exact), plus the share of forms that gave a record at all. Writes <out>/variants.md
and variants.json; prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from scripts.bench.corpus_forms import BORN, FormTruth, load_forms, records_of_forms
from scripts.bench.declform_worker import FileOutcome
from scripts.bench.score import Tally, score_record
from scripts.bench.variant_reads import PAGE_IMAGES, read_all
from scripts.corpus.augraphy_stage import AUGRAPHY_PROFILES
from scripts.corpus.profiles import KNOWN_PROFILES
from scripts.render.variant_department import DEPARTMENT_VARIANT

KNOWN_SEED = 0  # the main benchmark's corpus seed
TUNED_SEED = 1  # the variants the reader may be tuned on
# The held-out variants: seed fixed here on 2026-12-06, in this comment, before any run of
# this benchmark looked at their results. Never tune on them; report them as they come.
HELD_OUT_SEED = 90613
# 2026-12-06: one held_out form (006-continuation) was inspected after the set's first run
# (born-digital 95.8 / 93.5 / 100.0), so held_out is a development set from then on. This seed
# is fixed here, in this comment, before any run: the held-out set that was never looked at.
HELD_OUT_2_SEED = 27449
# 2026-12-06, later: a fresh draw to see what the augraphy profiles get wrong beyond the tuned
# set (tuned 95.2 / 87.8 / 90.2 %, held-out 2 80.4 / 75.9 / 79.8 % on aug_photocopy), looked at
# and tuned on from its first run: a development set, run only when asked for.
DEV_3_SEED = 5151
SETS = ("known", "tuned", "held_out", "held_out_2")
ALL_SETS = (*SETS, "dev_3")
_SEEDS = {"tuned": TUNED_SEED, "held_out": HELD_OUT_SEED, "held_out_2": HELD_OUT_2_SEED,
          "dev_3": DEV_3_SEED}
DEFAULT_PROFILES = ("clean", "office_scan", "photocopy", *AUGRAPHY_PROFILES)
MEASURES = ("header_exact", "indicator_f1", "value_exact", "parsed_exact")


def build_set(name: str, out: Path, forms: int, profiles: tuple[str, ...], workers: int) -> None:
    if name == "known":
        from scripts.corpus.build import make_corpus

        make_corpus(out, forms, profiles, KNOWN_SEED, workers)
    else:
        from scripts.corpus.variants import make_variant_corpus

        make_variant_corpus(out, forms, profiles, _SEEDS[name], workers)


def ensure_set(
    name: str, work: Path, forms: int, profiles: tuple[str, ...], workers: int, rebuild: bool
) -> tuple[Path, list[dict[str, Any]]]:
    out = work / name
    manifest_path = out / "manifest.json"
    if rebuild or not manifest_path.is_file():
        print(f"bench.variants: building the {name} corpus in {out}", flush=True)
        out.mkdir(parents=True, exist_ok=True)
        build_set(name, out, forms, profiles, workers)
    manifest: list[dict[str, Any]] = json.loads(manifest_path.read_text(encoding="utf-8"))
    return out, manifest


Scored = tuple[FormTruth, Tally, bool]  # the form, its tally, whether a record came for it


def per_form(
    forms: Sequence[FormTruth], outcomes: Mapping[tuple[str, str], FileOutcome], variant: str
) -> list[Scored]:
    """Each truth form with its own tally (the record assigned to it, as scripts.bench.run)."""
    return [
        (form, score_record(form.record, record, form.cells), record is not None)
        for _, assigned in records_of_forms(forms, outcomes, variant)
        for form, record in assigned
    ]


def form_line(form: FormTruth, tally: Tally, found: bool) -> dict[str, Any]:
    """One form's counts, named by its document and place (truth: <corpus>/truth/...)."""
    return {
        "doc": form.doc_id,
        "form": form.index,
        "record": found,
        "header_right": tally.header_right,
        "truth_rows": tally.truth_rows,
        "predicted_rows": tally.predicted_rows,
        "matched_rows": tally.matched_rows,
        "value_exact": tally.value_exact,
    }


def summarise(scored: Iterable[Scored]) -> dict[str, Any]:
    total, found, count = Tally(), 0, 0
    for _, tally, got in scored:
        total.add(tally)
        count += 1
        found += int(got)
    rates = {key: total.rates()[key] for key in MEASURES}
    return {"forms": count, "records": found, **rates}


def breakdown(
    scored: Sequence[Scored], spec_of: Callable[[FormTruth], Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Born-digital figures grouped by a few of the drawn degrees of freedom."""
    keys: dict[str, Callable[[Mapping[str, Any]], str]] = {
        "blocks": lambda s: str(s["blocks"]),
        "funding_unit": lambda s: str(s["funding_unit"]),
        "title_place": lambda s: str(s["title_place"]),
        "operator column": lambda s: "yes" if "op" in s["columns"] else "no",
        "unit column": lambda s: "yes" if "unit" in s["columns"] else "no",
        "level1 column": lambda s: "no" if s.get("level1_column") is False else "yes",
        "value_style": lambda s: str(s.get("value_style", "plain")),
        "header values below": lambda s: "yes" if s.get("header_values_below") else "no",
    }
    # department forms (scripts/render/variant_department.py): their budget block's draw
    department_keys: dict[str, Callable[[Mapping[str, Any]], str]] = {
        "department budget": lambda s: str(s["shape"]),
        "department budget unit": lambda s: str(s["unit"]),
        "department budget totals": lambda s: "+".join(
            name for name in ("kind_total", "source_total") if s[name]) or "none",
        "department task sums": lambda s: "yes" if s["task_sums"] else "no",
    }
    table: dict[str, dict[str, Any]] = {}
    for form, chosen in ((False, keys), (True, department_keys)):
        members_of = [item for item in scored
                      if (spec_of(item[0]).get("form") == DEPARTMENT_VARIANT) == form]
        for name, key in chosen.items():
            groups: dict[str, list[Scored]] = {}
            for item in members_of:
                groups.setdefault(key(spec_of(item[0])), []).append(item)
            for value, members in sorted(groups.items()):
                table[f"{name}={value}"] = summarise(members)
    return table


def _spec_of(specs: Mapping[tuple[str, int], Mapping[str, Any]], form: FormTruth) -> Any:
    return specs[(form.doc_id, form.index)]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def markdown(results: Mapping[str, Any]) -> str:
    lines = [
        "# declform on known and variant layouts",
        "",
        f"Command: `{results['command']}`; seeds: known {KNOWN_SEED}, tuned {TUNED_SEED}, "
        f"held-out {HELD_OUT_SEED} (a development set since), held-out 2 {HELD_OUT_2_SEED}; "
        f"{results['elapsed_seconds']:.0f} s.",
        "",
        "| set | variant | forms | records | header fields exact | indicator F1 | value exact "
        "| parsed exact | files raised |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, by_variant in results["sets"].items():
        for variant, row in by_variant.items():
            lines.append(
                f"| {name} | {variant} | {row['forms']} | {row['records']} | "
                + " | ".join(_pct(row[m]) for m in MEASURES)
                + f" | {row.get('files_raised', 0)} |"
            )
    for name, table in results["breakdown"].items():
        lines += [
            "",
            f"Born-digital {name} variants by degree of freedom:",
            "",
            "| drawn | forms | records | header | F1 | value |",
            "|---|---|---|---|---|---|",
        ]
        for key, row in table.items():
            lines.append(
                f"| {key} | {row['forms']} | {row['records']} | {_pct(row['header_exact'])} | "
                f"{_pct(row['indicator_f1'])} | {_pct(row['value_exact'])} |"
            )
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/declform-variants"),
                        help="where the three corpora live (built when missing)")  # fmt: skip
    parser.add_argument("--forms", type=int, default=12, help="forms per set (default 12)")
    parser.add_argument("--profiles", default=",".join(DEFAULT_PROFILES))
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--no-page-images", action="store_true")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", default="rapidocr")
    parser.add_argument("--rebuild", action="store_true", help="build the corpora again")
    parser.add_argument("--out", type=Path, default=Path("/tmp/declform-variants/report"))
    args = parser.parse_args(argv)
    args.profiles = tuple(p.strip() for p in args.profiles.split(",") if p.strip())
    args.sets = tuple(s.strip() for s in args.sets.split(",") if s.strip())
    if unknown := [p for p in args.profiles if p not in KNOWN_PROFILES]:
        parser.error(f"unknown profile(s) {', '.join(unknown)}")
    if unknown := [s for s in args.sets if s not in ALL_SETS]:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(ALL_SETS)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": "python -m scripts.bench.variants " + " ".join(argv or sys.argv[1:]),
        "seeds": {"known": KNOWN_SEED, **_SEEDS},
        "forms_per_set": args.forms,
        "sets": {},
        "errors": {},  # the exceptions declform raised, per set and variant
        "forms": {},  # per set and variant, one line per form: where to look first
        "breakdown": {},
    }
    for name in args.sets:
        corpus, manifest = ensure_set(
            name, args.work, args.forms, args.profiles, args.workers, args.rebuild
        )
        present = set(manifest[0]["files"])
        variants = [BORN, *(p for p in args.profiles if p in present)]
        if not args.no_page_images and "clean" in present:
            variants.append(PAGE_IMAGES)
        forms = load_forms(corpus, manifest)
        outcomes = read_all(corpus, manifest, variants, args.workers, args.engine)
        results["sets"][name] = {}
        results["errors"][name] = {}
        for variant in variants:
            scored = per_form(forms, outcomes, variant)
            raised = [o.error for (_, v), o in outcomes.items() if v == variant and o.error]
            results["sets"][name][variant] = {**summarise(scored), "files_raised": len(raised)}
            results["errors"][name][variant] = sorted(set(raised))
            results["forms"].setdefault(name, {})[variant] = [form_line(*item) for item in scored]
            if variant == BORN and name != "known":
                specs = {
                    (entry["id"], index): listed.get("variant") or {}
                    for entry in manifest
                    for index, listed in enumerate(entry["forms"])
                }
                results["breakdown"][name] = breakdown(scored, partial(_spec_of, specs))
        print(f"bench.variants: {name} read ({time.perf_counter() - started:.0f} s)", flush=True)
    results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "variants.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    text = markdown(results)
    (args.out / "variants.md").write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
