#!/usr/bin/env python3
"""Seed text → perfform/1 records: ground truth from ~170 real forms another OCR system read.

    .venv/bin/python -m scripts.seeds.truth --seeds /work/shared/seeds --out DIR [--report]

Writes `<seed stem>-<k>.json` (k = 1-based form index in its seed file) for every form that
converts cleanly and prints how many forms were found, converted and rejected per seed file;
`--report` also lists every rejected form with its reason. Forms are only converted when every
value can be placed without guessing (see seed_layout / seed_header); the rest are rejected.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from declform.normalize.dates import parse_date, parse_fiscal_year
from declform.normalize.labels import canonical_label
from declform.normalize.parties import parse_filler
from declform.normalize.text import clean_text
from declform.output.record import Filler, FormRecord, Source
from declform.output.validate import validate_record
from scripts.seeds.cells import Row, parse_row
from scripts.seeds.header import HeaderPart, parse_header_rows
from scripts.seeds.indicators import parse_indicators
from scripts.seeds.split import (
    SeedConversionError,
    SeedForm,
    split_forms,
    strip_markdown,
    title_and_year_note,
)
from scripts.seeds.table import IndicatorHeader, read_indicator_header

__all__ = ["SeedConversionError", "SeedForm", "seed_form_to_record", "split_forms"]

_YEAR_LINE = re.compile(r"[(（]\s*\d{4}\s*年度\s*[)）]")
_FILLER_LABEL = re.compile(r"填报[^\s:：\d]*")


def _filler(preamble: Sequence[str]) -> Filler:
    """填报人及联系电话 / 填报日期 lines; both may share one line."""
    values: dict[str, str | None] = {}
    for line in preamble:
        labels = list(_FILLER_LABEL.finditer(line))
        for position, label in enumerate(labels):
            end = labels[position + 1].start() if position + 1 < len(labels) else len(line)
            match = canonical_label(label.group(0))
            if match is not None and match.key in ("filler", "fill_date"):
                values[match.key] = clean_text(line[label.end() : end].lstrip(" :："))
    name, phone = parse_filler(values.get("filler"))
    return Filler(name=name, phone=phone, date=parse_date(values.get("fill_date")))


def _split_table(form: SeedForm) -> tuple[list[str], list[Row]]:
    """Lines between title and table (preamble), and the table rows (first tabbed line on)."""
    body = list(enumerate(form.lines[1:], start=form.first_line + 1))
    start = next((i for i, (_, line) in enumerate(body) if "\t" in line), None)
    if start is None:
        raise SeedConversionError("no table rows (the OCR did not keep the table layout)")
    preamble = [line for _, line in body[:start]]
    rows = [parse_row(number, line) for number, line in body[start:] if line.strip()]
    return preamble, rows


def _find_header(rows: Sequence[Row]) -> tuple[int, IndicatorHeader]:
    for position, row in enumerate(rows):
        header = read_indicator_header(row)
        if header is not None:
            return position, header
    raise SeedConversionError("no indicator table header (一级指标 | 二级指标 | …)")


def _check_funding_present(top: HeaderPart, periods: set[str]) -> None:
    """A filled period whose funding is empty and whose total label ends its row: the amount
    may just as well have been cut off at the page edge as left blank."""
    for period in periods & top.open_ended_totals:
        amounts = top.funding.medium_term if period == "medium_term" else top.funding.annual
        if amounts.total is None and amounts.fiscal is None and amounts.other is None:
            raise SeedConversionError(
                f"{period} funding blank or cut off at the row end, while its indicators are filled"
            )


def seed_form_to_record(form: SeedForm) -> dict[str, Any]:
    """The perfform/1 record of one seed form; SeedConversionError when it is not reliable."""
    try:
        return _convert(form)
    except SeedConversionError as error:
        raise SeedConversionError(str(error), path=form.where) from None


def _convert(form: SeedForm) -> dict[str, Any]:
    title, year_note = title_and_year_note(form.lines[0])
    preamble, rows = _split_table(form)
    year_lines = [strip_markdown(line) for line in preamble if _YEAR_LINE.search(line)]
    fiscal_year = parse_fiscal_year(year_note or (year_lines[0] if year_lines else None))
    position, header = _find_header(rows)
    top = parse_header_rows(rows[:position], annual_only=len(header.periods) == 1)
    indicators = parse_indicators(rows[position + 1 :], header)
    if not indicators:
        raise SeedConversionError("no indicator rows")
    _check_funding_present(top, {indicator.period for indicator in indicators})
    record = FormRecord(
        source=Source(
            path=f"{form.seed_name}#{form.index}",
            sha256=hashlib.sha256(form.text.encode("utf-8")).hexdigest(),
            pages=(1,),
        ),
        form_type="project",
        title=clean_text(title),
        fiscal_year=fiscal_year or parse_fiscal_year(title),
        project=top.project,
        filler=_filler(preamble),
        funding=top.funding,
        goals=top.goals,
        indicators=indicators,
    ).to_dict()
    validate_record(record, path=form.where)
    return record


@dataclass
class SeedReport:
    seed_name: str
    found: int = 0
    converted: list[str] = field(default_factory=list)
    rejected: list[tuple[SeedForm, str]] = field(default_factory=list)


def reason_kind(message: str) -> str:
    """A rejection message without its line number and quoted cell texts, for grouping."""
    message = re.sub(r"^.*?\): ", "", message)
    message = re.sub(r"^line \d+: ", "", message)
    return re.sub(r"'[^']*'", "'…'", message)


def convert_seed_file(path: Path, out: Path) -> SeedReport:
    report = SeedReport(path.name)
    forms = split_forms(path.read_text(encoding="utf-8"), path.name)
    report.found = len(forms)
    for form in forms:
        try:
            record = seed_form_to_record(form)
        except SeedConversionError as error:
            report.rejected.append((form, str(error)))
            continue
        target = out / f"{path.stem}-{form.index}.json"
        target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        report.converted.append(target.name)
    return report


def print_report(reports: Sequence[SeedReport], seconds: float, detailed: bool) -> None:
    for report in reports:
        print(
            f"{report.seed_name}: {report.found} forms found, {len(report.converted)} "
            f"converted cleanly, {len(report.rejected)} rejected"
        )
        kinds = Counter(reason_kind(message) for _, message in report.rejected)
        for kind, count in kinds.most_common():
            print(f"  {count:3d} × {kind}")
        if detailed:
            for _form, message in report.rejected:
                print(f"  rejected {message}")
    total = sum(r.found for r in reports)
    converted = sum(len(r.converted) for r in reports)
    print(f"total: {total} forms, {converted} converted, {total - converted} rejected "
          f"in {seconds:.2f}s")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, required=True, help="folder of seed *.txt files")
    parser.add_argument("--out", type=Path, required=True, help="folder for the JSON records")
    parser.add_argument("--report", action="store_true", help="list every rejected form")
    args = parser.parse_args(argv)
    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        print(f"no seed files (*.txt) in {args.seeds}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    reports = [convert_seed_file(path, args.out) for path in seeds]
    print_report(reports, time.perf_counter() - started, args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
