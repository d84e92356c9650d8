"""The review app in headless Chromium, on records `declform extract` wrote from the samples:
correct a value with the keyboard, reload and see it kept; accept and flag; re-extract and
see the correction kept, in the record and in `declform tables`; the audit queue; a request
without the token refused; hostile texts and file names shown as text; no console errors.

Here and not under tests/output: it runs extract and the app with extract's page loader.
Needs Debian's chromium + chromium-driver and selenium (skipped without them, failed on CI).
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from declform.extract.cli import main
from declform.extract.review_app import review_app
from declform.output.json_writer import read_record, write_record
from declform.output.review.server import RunningApp
from declform.output.review.verdicts import VerdictStore
from scripts.tools.review_browser import console_errors, headless_chromium
from tests.extract.test_review_browser import _require_browser
from tests.paths import REPO

pytestmark = pytest.mark.slow
SCRIPT = "<script>alert(1)</script>"
HOSTILE = "<img src=x onerror=alert(2)>.pdf"
NORMAL = "lasa-2023-annual-project.pdf"


@dataclass
class Review:
    inputs: Path
    out: Path
    app: RunningApp
    driver: Any

    def get(self, path: str) -> None:
        self.driver.get(self.app.url.split("/?")[0] + path)

    def extract(self, *flags: str) -> int:
        return main(["extract", str(self.inputs), "--out", str(self.out), "-q", "-j", "1", *flags])


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Review]:
    _require_browser()
    base = tmp_path_factory.mktemp("app")
    inputs, out = base / "inputs", base / "out"
    inputs.mkdir()
    shutil.copy(REPO / "samples" / NORMAL, inputs / NORMAL)
    shutil.copy(REPO / "samples" / "department-2023.pdf", inputs / HOSTILE)
    running = Review(inputs, out, None, None)  # type: ignore[arg-type]
    assert running.extract() == 0
    hostile = next(p for p in out.glob("*.json") if not p.name.startswith("lasa"))
    record = read_record(hostile)
    write_record(replace(record, title=SCRIPT), hostile)  # a cell text a page might print
    running.app = review_app(out, who="tester")
    running.app.in_thread()
    with headless_chromium() as driver:
        running.driver = driver
        driver.get(running.app.url)
        yield running
    running.app.close()


def _wait(driver: Any, script: str, timeout: float = 10.0) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _keys(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def _current(driver: Any, selector: str) -> str:
    return str(driver.execute_script(f"return document.querySelector('tr.current {selector}')"
                                     ".textContent.trim()"))  # fmt: skip


def test_a_request_without_the_token_is_refused(review: Review) -> None:
    base = review.app.url.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base, timeout=10)
    assert refused.value.code == 403
    with urllib.request.urlopen(review.app.url, timeout=10) as answer:
        assert answer.status == 200


def test_hostile_texts_show_as_text(review: Review) -> None:
    review.get("/")
    body = review.driver.find_element("tag name", "body").text
    assert SCRIPT in body and HOSTILE in body  # shown as text, not run or parsed
    assert review.driver.execute_script("return document.querySelectorAll('script').length") == 1
    hostile = next(p for p in review.out.glob("*.json") if not p.name.startswith("lasa"))
    review.get(f"/form/{hostile.name}")
    assert SCRIPT in review.driver.find_element("tag name", "h1").text
    assert console_errors(review.driver) == []


def test_correct_accept_flag_with_the_keyboard_and_keep_them(review: Review) -> None:
    driver, name = review.driver, "lasa-2023-annual-project.json"
    review.get(f"/form/{name}?kind=indicator_value")
    _wait(driver, "return document.querySelector('tr.current')")
    machine = _current(driver, ".text")
    _wait(
        driver,
        "var i = document.querySelector('tr.current img');"
        "return i && i.complete && i.naturalWidth > 0",
    )  # the crop is shown
    _keys(driver, "e")
    _wait(driver, "return document.activeElement.classList.contains('new')")
    _keys(driver, "≥99%")
    _wait(driver, "return document.querySelector('tr.current .check').textContent.includes('99')")
    _keys(driver, "\ue007")  # Enter
    _wait(driver, "return document.querySelector('tr.current .editor').hidden")
    assert _current(driver, ".text") == "≥99%"
    _keys(driver, "j", "a")
    _wait(driver, "return document.querySelector('tr.current .verdict').textContent.trim()")
    _keys(driver, "j", "f")
    _wait(driver, "return document.activeElement.classList.contains('comment')")
    _keys(driver, "seal over it", "\ue007")
    _wait(driver, "return document.querySelector('tr.current .verdict').textContent"
                  ".includes('seal over it')")  # fmt: skip

    driver.refresh()
    _wait(driver, "return document.querySelector('tr.current')")
    assert _current(driver, ".text") == "≥99%"
    assert machine in _current(driver, ".machine")
    verdicts = {f: v.verdict for (_, f), v in VerdictStore(review.out).latest(name).items()}
    assert verdicts == {
        "indicators[0].value": "correct",
        "indicators[1].value": "accept",
        "indicators[2].value": "flag",
    }
    assert "审核中" in driver.find_element("id", "status").text
    assert console_errors(driver) == []

    # a forced re-extraction reads the page again and keeps the correction
    assert review.extract("--force") == 0
    record = json.loads((review.out / name).read_text(encoding="utf-8"))
    assert record["indicators"][0]["value"] == "≥99%"
    assert record["corrections"][0]["machine"] == machine
    assert main(["tables", str(review.out)]) == 0
    indicators = pd.read_parquet(review.out / "tables" / "indicators.parquet")
    pairs = zip(indicators["value"], indicators["value_machine"], strict=True)
    assert [old for value, old in pairs if str(value) == "≥99%"] == [machine]
    driver.refresh()
    _wait(driver, "return document.querySelector('tr.current')")
    assert _current(driver, ".text") == "≥99%"


def test_the_audit_queue_walks_the_sample(review: Review) -> None:
    name = "lasa-2023-annual-project.json"
    fields = ["project.name", "funding.annual.total", "goals.annual"]
    (review.out / "audit").mkdir(exist_ok=True)
    sample = {"seed": 1, "by": "field-kind", "values": [
        {"record": name, "field": field, "stratum": "header"} for field in fields]}  # fmt: skip
    (review.out / "audit" / "sample.json").write_text(json.dumps(sample), encoding="utf-8")
    review.get("/queue?at=0")
    _wait(review.driver, "return document.querySelector('tr.current')")
    assert "0 / 共 3" in review.driver.find_element("id", "progress").text
    _keys(review.driver, "a")
    _wait(review.driver, "return document.getElementById('progress').textContent.includes('1 /')")
    assert "funding.annual.total" in _current(review.driver, ".path")
    assert console_errors(review.driver) == []
