"""The batch's exit code, case by case, as the README's table says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from declform.extract.batch.command import exit_code
from declform.extract.batch.progress import FileReport, Reporter
from declform.extract.pipeline import PageOutcome
from declform.extract.sources.files import Refused
from declform.output.codes import ExitCode

FORM = FileReport(Path("form.pdf"), "done", forms=1, pages=(PageOutcome(1, "form"),))
COVER = PageOutcome(2, "not_a_form", "no ruled table on the page")
WITH_COVER = FileReport(Path("cover.pdf"), "done", forms=1,
                        pages=(PageOutcome(1, "form"), COVER))
DAMAGED = FileReport(Path("fax.pdf"), "done", forms=1,
                     pages=(PageOutcome(1, "form", "a form's title over 1 of the 4 …"),))
NO_FORM = FileReport(Path("letter.pdf"), "done", pages=(PageOutcome(1, "not_a_form", "x"),))
PAGE_FAILED = FileReport(Path("torn.pdf"), "failed", pages=(PageOutcome(1, "failed", "x"),))
UNREADABLE = FileReport(Path("bad.pdf"), "failed", error="not a PDF", exit_code=ExitCode.INPUT)
UNSUPPORTED = Refused(Path("a.heic"), "unsupported", "unsupported format (.heic)")
FIFO = Refused(Path("pipe.pdf"), "not-regular", "a FIFO, not read")


@pytest.mark.parametrize(("reports", "first_error", "expected"), [
    ([FORM], None, ExitCode.OK),
    ([FORM, UNSUPPORTED], None, ExitCode.OK),  # reported, not a failure
    ([WITH_COVER], None, ExitCode.SOME_FAILED),  # a page holds no form
    ([FORM, DAMAGED], None, ExitCode.SOME_FAILED),  # a form read only in part needs attention
    ([FORM, NO_FORM], None, ExitCode.SOME_FAILED),
    ([FORM, PAGE_FAILED], None, ExitCode.SOME_FAILED),
    ([NO_FORM], None, ExitCode.NOT_A_FORM),
    ([PAGE_FAILED], None, ExitCode.INPUT),  # nothing could be read
    ([UNREADABLE], ExitCode.INPUT, ExitCode.INPUT),
    ([FIFO], None, ExitCode.INPUT),
    ([NO_FORM, PAGE_FAILED], None, ExitCode.SOME_FAILED),
    ([UNSUPPORTED], None, ExitCode.USAGE),  # no PDF or image among the files found
])
def test_exit_codes_follow_the_readme(
    reports: list[FileReport | Refused], first_error: ExitCode | None, expected: ExitCode
) -> None:
    reporter = Reporter(len(reports), quiet=True, out=io.StringIO(), err=io.StringIO())
    for report in reports:
        if isinstance(report, Refused):
            reporter.refused(report)
        else:
            reporter.file(report)
    assert exit_code(reporter, 0, first_error) == expected


def test_a_form_read_in_part_is_named_on_its_own_line_and_in_the_summary() -> None:
    from declform.extract.batch.progress import summary_line

    assert summary_line(DAMAGED).splitlines()[1] == (
        "  incomplete fax.pdf page 1: a form's title over 1 of the 4 …")
    out = io.StringIO()
    reporter = Reporter(1, quiet=True, out=out, err=io.StringIO())
    reporter.file(DAMAGED)
    reporter.finish(Path("out"), ExitCode.SOME_FAILED)
    assert "1 form(s) → out, 1 form(s) read in part (a damaged page: flagged)" in out.getvalue()
