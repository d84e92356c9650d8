"""The benchmark's outputs: report.md, accuracy.png, speed.png, results.json, the headline.

Everything here reads the summary dict that scripts/bench/run.py assembles (its header from
scripts/bench/run_info.py) and also writes as results.json, so a report can be redrawn from a
saved run with `write_all`; the figures are drawn by scripts/bench/plots.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scripts.bench.peers import RASTER_DPI, TESSERACT_PSM
from scripts.bench.plots import plot_accuracy, plot_speed

FORM_COLUMNS = (
    ("form_type", "form type"),
    ("header_exact", "header"),
    ("indicator_precision", "ind. P"),
    ("indicator_recall", "ind. R"),
    ("indicator_f1", "ind. F1"),
    ("value_exact", "value exact"),
    ("parsed_exact", "parsed exact"),
    ("cer", "CER"),
    ("cell_structure", "cells"),
)
TEXT_MEASURES = (
    ("value_recall", "Indicator value recall (higher is better)"),
    ("name_recall", "Indicator name recall (higher is better)"),
    ("cell_structure", "Cell structure: truth cells found with the same row, col, spans"),
    ("cell_cer", "Cell CER: truth names and values against the nearest cell (lower is better)"),
    ("failed_pages", "Pages the tool failed on (share)"),
    ("seconds_per_page", "Seconds per page (one worker thread)"),
)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def headline_rows(summary: Mapping[str, Any]) -> list[list[str]]:
    """One row per tool: the shared measures over every variant, then its speed."""
    rows = []
    for tool in summary["tools"]:
        text = summary["scores"]["text"][tool]["overall"]
        speed = summary["speed"][tool]
        rows.append(
            [
                tool,
                _rate(text["value_recall"]),
                _rate(text["name_recall"]),
                _rate(text["cell_structure"]),
                _number(speed["pages_per_min_1"]),
                _number(speed["pages_per_min_all"]),
                _number(speed["peak_rss_mib"], 0),
                f"{speed['failed_pages']} of {speed['pages']}",
            ]
        )
    return rows


HEADLINE_HEADER = (
    "tool",
    "value recall",
    "name recall",
    "cell structure",
    "pages/min (1 worker)",
    "pages/min (all workers)",
    "peak RSS MiB/worker",
    "failed pages",
)


def headline(summary: Mapping[str, Any]) -> str:
    lines = [
        f"bench: {summary['corpus_size']['forms']} forms × {len(summary['variants'])} variants, "
        f"tools {', '.join(summary['tools'])}, {summary['elapsed_seconds']:.0f} s",
        *_table(HEADLINE_HEADER, headline_rows(summary)),
    ]
    forms = summary["scores"]["forms"].get("declform")
    if forms:
        lines += ["", "declform on every form:"]
        lines += _table(
            ["variant", *(label for _, label in FORM_COLUMNS)],
            [[v, *(_rate(forms[v][k]) for k, _ in FORM_COLUMNS)] for v in [*forms]],
        )
    for tool, why in summary["skipped_tools"].items():
        lines.append(f"skipped {tool}: {why}")
    return "\n".join(lines)


def _notes(summary: Mapping[str, Any]) -> list[str]:
    subset = summary["subset"]
    size = summary["corpus_size"]
    notes = [
        f"- declform read all {size['documents']} documents ({size['forms']} forms, "
        f"{size['pages_per_variant']} pages) in every variant: the born-digital PDF, and the "
        "page image (PNG, or TIFF for several pages) of each profile. A record is assigned to "
        "the truth form on whose pages it starts (so the k-th record of a document goes with "
        "its k-th form when all were found); a form with no record scores as missing.",
        f"- Every tool read the same {subset['pages_per_variant']} pages per variant "
        f"({subset['forms']} forms spread evenly over the corpus): the text measures above. "
        f"Born-digital pages are rasterised at {RASTER_DPI} dpi for the peers. A subset, "
        "because the peers are too slow for the whole corpus within the 40-minute budget "
        "(RapidOCR's whole-page detection takes 7–22 s a page here); `--peer-pages 0` runs "
        "them on every page.",
        "- Value / name recall: share of truth indicator values (names) found, whitespace "
        "removed, as substrings of all the text the tool gave for the form's pages (for "
        "declform: its record's cell texts and indicators). CER of whole-page text against "
        "the truth is not meaningful and is not given.",
        "- img2table: `Image(detect_rotation=True)` (without it no table is found on a skewed "
        "scan) and `extract_tables(TesseractOCR(lang='chi_sim'), borderless_tables=False)`; "
        "its merged cells are mapped to row, col and spans. Tesseract: "
        f"`image_to_string(lang='chi_sim', config='--psm {TESSERACT_PSM}')`. RapidOCR: "
        "`RapidOCR()(image, use_cls=True)`: detection, direction classifier and recognition on "
        "the page; it finds no table, so its text boxes are its cells for the cell CER and "
        "it has no cell structure. Plain Tesseract does not turn a page a quarter "
        "turn (no OSD in psm 4), so it reads nothing of a page of the `rotated` profile that "
        "lies on its side; RapidOCR's detector finds the turned lines.",
        "- Speed: pages/min on all workers is the wall time of the whole run (a process pool; "
        "each worker limited to cores/workers threads). declform's 1-worker figure is measured "
        "in a single worker; the peers' is 60 / (their seconds per page). Worker start-up is "
        "the wall time until every worker has built its tool (declform: imports, OCR engine, "
        "word dictionary, and one born-digital file read to warm up): the time before a "
        "first page. Peak RSS is the largest resident set of one worker.",
    ]
    return notes + [f"- Skipped {t}: {why}." for t, why in summary["skipped_tools"].items()]


def _stage_tables(stages: Mapping[str, str]) -> list[str]:
    """declform's CPU-s per scanned page per stage (scripts.tools.profile_scan's table), of
    this tree and, when given, of an earlier checkout."""
    if not stages:
        return []
    lines = [
        "### declform: CPU-s per scanned page per stage",
        "",
        "One process, 3 stamped and 3 photocopy pages; CPU time does not depend on other work "
        "on the machine as wall time does. `pages/min, 2 workers` is 2 × 60 / CPU-s per page.",
        "",
    ]
    for name in ("before", "after"):
        if name in stages:
            lines += [f"**{name}**", "", "```", stages[name].rstrip(), "```", ""]
    return lines


def report_markdown(summary: Mapping[str, Any], samples: Sequence[str]) -> str:
    machine, variants = summary["machine"], [*summary["variants"], "overall"]
    lines = [
        "# declform benchmark",
        "",
        f"Run {summary['date']} on {machine['nproc']} cores ({machine['cpu']}, "
        f"{machine['platform']}), {summary['workers']} workers, declform engine "
        f"`{summary['engine']}`; took {summary['elapsed_seconds'] / 60:.1f} min. Load average "
        f"(1, 5, 15 min) {machine['load_before']} before, {machine['load_after']} after: "
        "other work on the machine slows every tool alike.",
        "",
        f"    {summary['command']}",
        "",
        "## Headline (every variant, the shared pages)",
        "",
        *_table(HEADLINE_HEADER, headline_rows(summary)),
        "",
        "![accuracy](accuracy.png)",
        "",
    ]
    forms = summary["scores"]["forms"].get("declform")
    if forms:
        lines += ["## declform on every form", ""]
        rows = [[v, *(_rate(forms[v][k]) for k, _ in FORM_COLUMNS)] for v in variants]
        lines += [*_table(["variant", *(label for _, label in FORM_COLUMNS)], rows), ""]
    lines += ["## Every tool on the same pages, per variant", ""]
    tools = summary["tools"]
    for key, title in TEXT_MEASURES:
        shown = [
            t
            for t in tools
            if any(summary["scores"]["text"][t][v][key] is not None for v in variants)
        ]
        if not shown:
            continue
        cell = _number if key == "seconds_per_page" else _rate
        rows = [[v, *(cell(summary["scores"]["text"][t][v][key]) for t in shown)] for v in variants]
        lines += [f"**{title}**", "", *_table(["variant", *shown], rows), ""]
    lines += ["## Speed", "", "![speed](speed.png)", ""]
    header = [
        "tool",
        "pages",
        "failed",
        "wall s",
        "pages/min (all)",
        "pages/min (1)",
        "1 worker",
        "worker start-up s",
        "peak RSS MiB",
    ]
    rows = [
        [
            tool,
            str(s["pages"]),
            str(s["failed_pages"]),
            _number(s["wall_seconds"]),
            _number(s["pages_per_min_all"]),
            _number(s["pages_per_min_1"]),
            s["one_worker"],
            _number(s.get("startup_seconds")),
            _number(s["peak_rss_mib"], 0),
        ]
        for tool, s in summary["speed"].items()
    ]
    lines += [*_table(header, rows), ""]
    lines += _stage_tables(summary.get("stages", {}))
    lines += ["## Samples (one page per profile)", ""]
    lines += [f"**{Path(s).stem}**\n\n![{Path(s).stem}]({s})\n" for s in samples]
    failures = [
        f"- {tool}: {e['pages']} pages: `{e['error']}`"
        for tool, speed in summary["speed"].items()
        for e in speed["errors"]
    ]
    if failures:
        lines += ["## Failures (the most frequent per tool)", "", *failures, ""]
    lines += ["## Notes", "", *_notes(summary), "", "## Versions", ""]
    lines += _table(["component", "version"], sorted(summary["versions"].items()))
    return "\n".join(lines) + "\n"


def write_all(
    out: Path, summary: Mapping[str, Any], corpus: Path, manifest: Sequence[Mapping[str, Any]]
) -> Path:
    """results.json, the plots, the sample previews (when missing) and report.md."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    plot_accuracy(summary, out / "accuracy.png")
    plot_speed(summary, out / "speed.png")
    profiles = [v for v in summary["variants"] if v != "born_digital"]
    if any(not (out / "samples" / f"{p}.png").is_file() for p in profiles):
        from scripts.corpus.samples import write_samples

        write_samples(corpus, list(manifest), out / "samples")  # type: ignore[arg-type]
    samples = [f"samples/{p}.png" for p in profiles if (out / "samples" / f"{p}.png").is_file()]
    report = out / "report.md"
    report.write_text(report_markdown(summary, samples), encoding="utf-8")
    return report
