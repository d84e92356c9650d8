"""Time the review app in headless Chromium: an auditor's walk through a queue of N values.

The born-digital samples are extracted into a fresh folder, N values that have a cell are drawn
(seeded) into DIR/audit/sample.json (the audit sampler's shape), and the browser walks the
queue as an auditor does: the value's page opens, its crop is shown, `a` saves the verdict and
the next value opens. Two walks: cold (every form's page rebuilt from its PDF the first time
one of its values shows, all its crops cut then) and warm (the same queue again, crops on
disk). Prints seconds per value of tool time; fails when the cold walk is over the target.
Usage: python -m scripts.bench.review --app [--values 200]  (or python -m scripts.bench.review_app)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from declform.extract.cli import main as declform
from declform.extract.review_app import review_app
from declform.output.review.folder import RecordFolder
from declform.output.review.values import value_lines
from declform.output.review.verdicts import VerdictStore
from scripts import REPO
from scripts.tools.review_browser import browser_missing, console_errors, headless_chromium

TARGET_SECONDS = 2.0  # per value, issue 14
BORN_DIGITAL = ("lasa-2023-annual-project.pdf", "department-2023.pdf",
                "jingkaiqu-2026-project.pdf", "batch-three-forms.pdf")  # fmt: skip


@dataclass(frozen=True)
class Walk:
    name: str
    values: int
    seconds: float
    console_errors: int

    @property
    def per_value(self) -> float:
        return self.seconds / self.values


def review_folder(root: Path, values: int, seed: int = 14) -> Path:
    """A folder of records from the born-digital samples with a queue of `values` values
    (drawn again from the start when the samples hold fewer)."""
    out = root / "out"
    inputs = [str(REPO / "samples" / name) for name in BORN_DIGITAL]
    code = declform(["extract", *inputs, "--out", str(out), "-q", "-j", "1", "--no-tables"])
    if code != 0:
        raise SystemExit(f"extract failed with {code}")
    pool = [
        {"record": name, "field": line.field, "stratum": line.kind}
        for name, record in RecordFolder(out).all()
        for line in value_lines(name, record, {})
        if line.cell is not None
    ]
    random.Random(seed).shuffle(pool)
    chosen = [pool[i % len(pool)] for i in range(values)]
    (out / "audit").mkdir()
    sample = {"seed": seed, "by": "field-kind", "values": chosen}
    (out / "audit" / "sample.json").write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
    return out


def _wait(driver: Any, script: str, *args: object, timeout: float = 30.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.01).until(
        lambda d: d.execute_script(script, *args)
    )


_SHOWN = (
    "var b = document.body; if (b.getAttribute('data-at') !== String(arguments[0])) return false;"
    "var i = document.querySelector('tr.current img');"
    "return Boolean(i && i.complete && i.naturalWidth > 0);"
)


def walk(driver: Any, base: str, total: int, name: str, store: VerdictStore) -> Walk:
    """Accept every value of the queue from the first; the clock runs from opening the first
    value until the last verdict is in the journal."""
    from selenium.webdriver.common.action_chains import ActionChains

    before = len(store.history())
    started = time.perf_counter()
    driver.get(f"{base}/queue?at=0")
    for at in range(total):
        _wait(driver, _SHOWN, at)  # the value's page is open and its crop shown
        if at == total - 1:
            driver.execute_script("window.benchLastPage = true")
        ActionChains(driver).send_keys("a").perform()
    while len(store.history()) < before + total:
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    # the last verdict reloads its page: let that land before anything else navigates, or the
    # reload wins over the next walk's first page on a loaded machine
    _wait(driver, "return !window.benchLastPage && document.readyState === 'complete'")
    return Walk(name, total, seconds, len(console_errors(driver)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", type=int, default=200)
    parser.add_argument("--target", type=float, default=TARGET_SECONDS,
                        help=f"cold walk seconds per value to keep under ({TARGET_SECONDS})")
    args = parser.parse_args(argv)
    missing = browser_missing()
    if missing:
        print(f"FAILED {missing}")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-review-app-") as temp:
        out = review_folder(Path(temp), args.values)
        running = review_app(out, who="bench")
        running.in_thread()
        base = running.url.split("/?")[0]
        store = VerdictStore(out)
        try:
            with headless_chromium() as driver:
                driver.get(running.url)  # the token, once
                walks = [walk(driver, base, args.values, name, store) for name in ("cold", "warm")]
        finally:
            running.close()
        forms = len(RecordFolder(out).names())
    for result in walks:
        print(
            f"{result.name}: {result.values} values of {forms} forms in {result.seconds:.1f}s"
            f" — {result.per_value:.2f} s per value (page open, crop shown, verdict saved),"
            f" {result.console_errors} console errors"
        )
    slow = walks[0].per_value > args.target
    if slow:
        print(f"FAILED {walks[0].per_value:.2f} s per value > {args.target} s")
    return 1 if slow or any(w.console_errors for w in walks) else 0


if __name__ == "__main__":
    sys.exit(main())
