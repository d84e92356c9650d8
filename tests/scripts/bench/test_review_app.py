"""The review app's benchmark runs end to end on a short queue (its timings are printed, not
checked here)."""

from __future__ import annotations

import pytest

from scripts.bench.review_app import main
from tests.extract.test_review_browser import _require_browser

pytestmark = pytest.mark.slow


def test_the_benchmark_walks_a_short_queue(capsys: pytest.CaptureFixture[str]) -> None:
    _require_browser()
    # no time target here: the walk's figures depend on the machine's load
    assert main(["--values", "3", "--target", "inf"]) == 0
    printed = capsys.readouterr().out
    assert "cold: 3 values of 6 forms" in printed and "warm: 3 values" in printed
    assert "0 console errors" in printed
