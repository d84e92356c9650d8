"""What a batch tells its user: one line per input, a progress bar on a terminal, or one JSON
object per event (`--json-log`) for scripts.

Lines go through the bar's `write` so that they never tear it; the bar only appears when
stderr is a terminal, so logs and pipes get plain lines.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from declform.extract.pipeline import PageOutcome
from declform.extract.sources.files import Refused
from declform.output.codes import ExitCode

FileStatus = Literal["done", "failed", "skipped"]


@dataclass(frozen=True)
class FileReport:
    """What became of one input in this run ("skipped": done by an earlier run)."""

    path: Path
    status: FileStatus
    forms: int = 0
    pages: tuple[PageOutcome, ...] = ()
    warnings: int = 0
    outputs: tuple[Path, ...] = ()
    error: str | None = None
    advice: str | None = None
    exit_code: ExitCode = ExitCode.SOME_FAILED
    pages_read: int = 0  # pages read in this run (not taken from the manifest)
    same_as: Path | None = None  # an input with the same bytes in this batch (read once)
    continues: str | None = None  # a page file whose first page continues this file's form

    @property
    def joined(self) -> bool:
        """Whether its pages went into forms: it begins one, or continues another file's."""
        return self.forms > 0 or self.continues is not None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


# Refused files that count as failures (the user gave or keeps something declform cannot
# open); unsupported formats, duplicates and declform's own files are only reported.
FAILED_KINDS = frozenset({"not-regular", "unreadable", "link-loop", "dangling-link"})


@dataclass
class Totals:
    """Every input lands in exactly one of with_forms, no_form, failed, unsupported,
    duplicates (own output files count as duplicates of nothing: "not read"), so they add up
    to `inputs`."""

    inputs: int = 0
    forms: int = 0
    failed: int = 0
    skipped: int = 0
    with_forms: int = 0
    no_form: int = 0
    unsupported: int = 0
    duplicates: int = 0
    pages_not_a_form: int = 0  # pages read that hold no form (a cover letter, a blank page)
    forms_incomplete: int = 0  # forms a damaged page let the reader read only in part
    copied_forms: int = 0  # forms of inputs with the same bytes as another (one dataset row)
    pages: int = 0
    pages_read: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def minutes(self) -> float:
        return (time.monotonic() - self.started) / 60

    @property
    def pages_per_minute(self) -> float:
        return self.pages_read / self.minutes if self.minutes > 0 else 0.0


def incomplete(page: PageOutcome) -> bool:
    """A page that begins a form the reader could read only in part (its reason says why)."""
    return page.status == "form" and page.reason is not None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def summary_line(report: FileReport) -> str:
    if report.error is not None and not report.pages:
        advice = f" — {report.advice}" if report.advice else ""
        return f"FAILED {report.path}: {report.error}{advice}"
    parts = [_plural(report.forms, "form"), _plural(len(report.pages), "page"),
             _plural(report.warnings, "warning")]
    line = f"{report.path}: {', '.join(parts)}"
    if report.same_as is not None:
        line += f" (the same bytes as {report.same_as}: read once; one form_id in the dataset)"
    if report.continues is not None:
        line += f" (continues the form of {report.continues})"
    if report.outputs:
        line += " → " + ", ".join(str(p) for p in report.outputs)
    if report.error is not None:
        line += f"\n  FAILED {report.path}: {report.error}"
    for page in report.pages:
        if page.status == "failed":
            line += f"\n  FAILED {report.path} page {page.page}: {page.reason}"
        elif page.status == "not_a_form":
            line += f"\n  skipped {report.path} page {page.page}: {page.reason}"
        elif incomplete(page):
            line += f"\n  incomplete {report.path} page {page.page}: {page.reason}"
    return ("FAILED " + line) if not report.ok else line


class Reporter:
    def __init__(
        self,
        total_files: int,
        quiet: bool = False,
        json_log: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.totals = Totals()
        self._live_pages = 0  # pages read so far, counted as they arrive (not per file)
        self._quiet, self._json = quiet, json_log
        self._out, self._err = out or sys.stdout, err or sys.stderr
        self._bar: Any = None
        if not quiet and not json_log and self._err.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total_files, unit="file", file=self._err, dynamic_ncols=True)

    def _emit(self, text: str, stream: TextIO) -> None:
        if self._bar is not None:
            self._bar.write(text, file=stream)
        else:
            print(text, file=stream, flush=True)

    def _event(self, **fields: Any) -> None:
        print(json.dumps(fields, ensure_ascii=False), file=self._out, flush=True)

    def older_records(self, counts: Mapping[str, int], current: str) -> None:
        """Inputs not read again whose records an older declform made: said once, with the
        way to read them with this one."""
        if not counts:
            return
        total = sum(counts.values())
        if self._json:
            self._event(event="older_records", inputs=total, versions=dict(counts))
            return
        versions = ", ".join(f"{version} ({n})" for version, n in sorted(counts.items()))
        self._emit(
            f"note: {total} input(s) not read again keep the records of an older declform "
            f"({versions}); --force reads them again with {current}",
            self._err,
        )

    def unmatched(self, argument: str) -> None:
        if self._json:
            self._event(event="unmatched", argument=argument)
        else:
            self._emit(f"FAILED {argument}: no such file, or no PDF/image inside", self._err)

    def refused(self, refused: Refused) -> None:
        """A file found but not read: a failure (FIFO, loop, dangling link, unreadable) or a
        note (unsupported format, the same file twice, declform's own output)."""
        totals = self.totals
        totals.inputs += 1
        failed = refused.kind in FAILED_KINDS
        totals.failed += failed
        totals.unsupported += refused.kind == "unsupported"
        totals.duplicates += refused.kind in ("duplicate", "own-output")
        if self._json:
            self._event(event="file", path=str(refused.path), status=refused.kind, forms=0,
                        pages=0, warnings=0, outputs=[], error=refused.reason)
        elif failed:
            self._emit(f"FAILED {refused.path}: {refused.reason}", self._err)
        elif not self._quiet:
            self._emit(f"skipped {refused.path}: {refused.reason}", self._out)
        if self._bar is not None:
            self._bar.update(1)

    def file(self, report: FileReport) -> None:
        totals = self.totals
        totals.inputs += 1
        totals.forms += report.forms
        totals.failed += not report.ok
        totals.with_forms += report.ok and report.joined
        totals.no_form += report.ok and not report.joined
        totals.pages_not_a_form += sum(page.status == "not_a_form" for page in report.pages)
        totals.forms_incomplete += sum(incomplete(page) for page in report.pages)
        totals.skipped += report.status == "skipped"
        totals.pages += len(report.pages)
        totals.pages_read += report.pages_read
        totals.copied_forms += report.forms if report.same_as is not None else 0
        if self._json:
            self._json_file(report)
        elif not report.ok or not (
            self._quiet or (report.status == "skipped" and report.same_as is None)
        ):  # a copy of another input is named even when its records were copied
            self._emit(summary_line(report), self._out if report.ok else self._err)
        if self._bar is not None:
            self._postfix(refresh=False)
            self._bar.update(1)

    def page(self) -> None:
        """A page read (in this run): the bar moves within a long multi-page file too."""
        self._live_pages += 1
        if self._bar is not None:
            self._postfix(refresh=True)

    def _postfix(self, refresh: bool) -> None:
        t = self.totals
        rate = self._live_pages / t.minutes if t.minutes > 0 else 0.0
        self._bar.set_postfix_str(
            f"{self._live_pages} pages read, {t.forms} forms, {t.failed} failed, "
            f"{rate:.0f} pages/min",
            refresh=refresh,
        )

    def _json_file(self, report: FileReport) -> None:
        for page in report.pages:
            if page.status in ("failed", "not_a_form") or incomplete(page):
                status = {"failed": "failed", "not_a_form": "not-a-form"}.get(
                    page.status, "incomplete-form")
                self._event(event="page", path=str(report.path), page=page.page,
                            status=status, reason=page.reason)
        self._event(
            event="file", path=str(report.path), status=report.status, forms=report.forms,
            pages=len(report.pages), warnings=report.warnings,
            outputs=[str(p) for p in report.outputs], error=report.error,
            same_as=None if report.same_as is None else str(report.same_as),
            continues=report.continues,
        )

    def finish(self, out_dir: Path, exit_code: ExitCode, interrupted: bool = False) -> None:
        if self._bar is not None:
            self._bar.close()
        t = self.totals
        if self._json:
            self._event(event="summary", inputs=t.inputs, forms=t.forms, failed=t.failed,
                        with_forms=t.with_forms, no_form=t.no_form, unsupported=t.unsupported,
                        duplicates=t.duplicates, skipped=t.skipped, pages=t.pages,
                        forms_incomplete=t.forms_incomplete,
                        pages_read=t.pages_read,
                        pages_per_minute=round(t.pages_per_minute, 1),
                        seconds=round(t.minutes * 60, 2), interrupted=interrupted,
                        exit_code=int(exit_code))
            return
        skipped = f", {t.skipped} not read again (done before, or same bytes)" if t.skipped else ""
        if t.copied_forms:
            skipped += (f", {t.copied_forms} of the forms in copies of another input's bytes "
                        "(one form_id each in the dataset)")
        if t.forms_incomplete:
            skipped += f", {t.forms_incomplete} form(s) read in part (a damaged page: flagged)"
        stop = "; interrupted: rerun the same command to resume" if interrupted else ""
        print(
            f"declform: {t.inputs} input(s) = {t.with_forms} with forms + {t.no_form} without "
            f"a form + {t.failed} failed + {t.unsupported} unsupported + {t.duplicates} "
            f"duplicate(s) or not read; {t.forms} form(s) → {out_dir}{skipped}; "
            f"{t.pages_read} pages read in "
            f"{t.minutes * 60:.1f}s ({t.pages_per_minute:.0f} pages/min){stop}",
            file=self._out, flush=True,
        )
