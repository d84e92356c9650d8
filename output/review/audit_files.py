"""The audit's files in an output folder: `DIR/audit/sample.json` (the sample, which the review
app walks as a queue), `DIR/audit/report.json` and `DIR/audit/report.html`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from declform.output.atomic import ensure_folder, write_text_atomic
from declform.output.errors import OutputError, UsageError
from declform.output.review.audit_html import report_html
from declform.output.review.audit_report import AuditReport, audit_report
from declform.output.review.audit_sample import Sample, draw_sample
from declform.output.review.audit_stats import IntervalMethod
from declform.output.review.audit_values import Stratification, read_population
from declform.output.review.verdicts import VerdictStore

AUDIT_FOLDER = "audit"
SAMPLE_FILE = "sample.json"


def _audit_folder(out_dir: Path) -> Path:
    try:
        return ensure_folder(out_dir, AUDIT_FOLDER)
    except OSError as exc:
        raise OutputError(f"cannot write the audit files ({exc.strerror})",
                          path=exc.filename or str(out_dir)) from exc


def _write(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write ({exc.strerror})", path=str(path)) from exc


def write_sample(
    out_dir: Path, size: int, by: Stratification, seed: int
) -> tuple[Path, Sample, int]:
    """Draw the sample from every value under `out_dir` and write it: (file, sample,
    number of values in the batch)."""
    population = read_population(out_dir)
    sample = draw_sample(population, size, by, seed)
    path = _audit_folder(out_dir) / SAMPLE_FILE
    _write(path, json.dumps(sample.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return path, sample, len(population)


def read_sample(out_dir: Path) -> Sample:
    path = out_dir / AUDIT_FOLDER / SAMPLE_FILE
    if not path.is_file():
        raise UsageError("no audit sample: draw one first (declform audit sample DIR --size N)",
                         path=str(path))
    try:
        return Sample.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"not an audit sample ({exc})", path=str(path)) from exc


@dataclass(frozen=True)
class ReportFiles:
    report: AuditReport
    json: Path
    html: Path


def write_report(out_dir: Path, method: IntervalMethod = "wilson") -> ReportFiles:
    """Estimate the batch's error rates from the sample's verdicts and write them."""
    sample = read_sample(out_dir)
    verdicts = VerdictStore(out_dir).latest()
    report = audit_report(read_population(out_dir), sample, verdicts, method)
    folder = _audit_folder(out_dir)
    json_path, html_path = folder / "report.json", folder / "report.html"
    _write(json_path, json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    _write(html_path, report_html(report, str(out_dir)))
    return ReportFiles(report, json_path, html_path)
