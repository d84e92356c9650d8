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
NO_FORM = FileReport(Path("letter.pdf"), "done", pages=(PageOutcome(1, "not_a_form", "x"),))
PAGE_FAILED = FileReport(Path("torn.pdf"), "failed", pages=(PageOutcome(1, "failed", "x"),))
UNREADABLE = FileReport(Path("bad.pdf"), "failed", error="not a PDF", exit_code=ExitCode.INPUT)
UNSUPPORTED = Refused(Path("a.heic"), "unsupported", "unsupported format (.heic)")
FIFO = Refused(Path("pipe.pdf"), "not-regular", "a FIFO, not read")


@pytest.mark.parametrize(("reports", "first_error", "expected"), [
    ([FORM], None, ExitCode.OK),
    ([FORM, UNSUPPORTED], None, ExitCode.OK),  # reported, not a failure
    ([WITH_COVER], None, ExitCode.SOME_FAILED),  # a page holds no form
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
