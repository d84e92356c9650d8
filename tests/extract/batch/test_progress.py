"""What the user sees: lines, the progress bar (terminals only), JSON events for scripts."""

from __future__ import annotations

import io
import json
from pathlib import Path

from declform.extract.batch.progress import FileReport, Reporter
from declform.extract.pipeline import PageOutcome

DONE = FileReport(
    Path("in/a.pdf"), "done", forms=1, warnings=2, outputs=(Path("out/a.json"),), pages_read=2,
    pages=(PageOutcome(1, "form"), PageOutcome(2, "not_a_form", "no ruled table on the page")),
)
BROKEN = FileReport(Path("in/b.pdf"), "failed", error="in/b.pdf: file is empty (0 bytes)",
                    advice="Check the file.", exit_code=2)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_name_file_and_page_and_failures_go_to_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    reporter = Reporter(2, out=out, err=err)
    reporter.file(DONE)
    reporter.file(BROKEN)
    reporter.finish(Path("out"), 1)
    assert "in/a.pdf: 1 form, 2 pages, 2 warnings → out/a.json" in out.getvalue()
    assert "skipped in/a.pdf page 2: no ruled table on the page" in out.getvalue()
    assert err.getvalue() == "FAILED in/b.pdf: in/b.pdf: file is empty (0 bytes) — Check the file.\n"
    assert "2 input(s) = 1 with forms + 0 without a form + 1 failed + 0 unsupported" in out.getvalue()
    assert "1 form(s) → out" in out.getvalue()


def test_json_log_prints_one_object_per_event_and_nothing_else() -> None:
    out, err = io.StringIO(), Terminal()
    reporter = Reporter(2, json_log=True, out=out, err=err)
    reporter.file(DONE)
    reporter.file(BROKEN)
    reporter.finish(Path("out"), 1)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["page", "file", "file", "summary"]
    assert events[0] == {"event": "page", "path": "in/a.pdf", "page": 2, "status": "not-a-form",
                         "reason": "no ruled table on the page"}
    assert events[2]["status"] == "failed" and "file is empty" in events[2]["error"]
    assert events[3]["exit_code"] == 1 and events[3]["pages_read"] == 2
    assert err.getvalue() == ""  # no bar, even on a terminal


def test_the_bar_shows_on_a_terminal_only() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for err in (terminal, pipe):
        reporter = Reporter(2, out=io.StringIO(), err=err)
        reporter.file(DONE)
        reporter.finish(Path("out"), 0)
    assert "pages/min" in terminal.getvalue() and "1/2" in terminal.getvalue()
    assert pipe.getvalue() == ""
    quiet = Terminal()
    Reporter(2, quiet=True, out=io.StringIO(), err=quiet).finish(Path("out"), 0)
    assert quiet.getvalue() == ""


def test_the_bar_counts_pages_as_they_arrive_within_a_long_file() -> None:
    terminal = Terminal()
    reporter = Reporter(1, out=io.StringIO(), err=terminal)
    for _ in range(3):
        reporter.page()
    assert "3 pages read" in terminal.getvalue() and "0/1" in terminal.getvalue()
    reporter.finish(Path("out"), 0)


def test_a_copy_is_named_even_when_its_records_were_copied() -> None:
    out = io.StringIO()
    reporter = Reporter(2, out=out, err=io.StringIO())
    copy = FileReport(Path("in/b.pdf"), "skipped", forms=1, same_as=Path("in/a.pdf"))
    reporter.file(FileReport(Path("in/c.pdf"), "skipped", forms=1))  # done before: silent
    reporter.file(copy)
    assert out.getvalue() == "in/b.pdf: 1 form, 0 pages, 0 warnings (the same bytes as " \
        "in/a.pdf: read once; one form_id in the dataset)\n"
