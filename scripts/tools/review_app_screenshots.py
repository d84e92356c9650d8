"""Screenshots of the review app for the README: docs/review-app-form.png (a form's values with
their crops, one accepted, one flagged), docs/review-app-edit.png (a correction being typed,
with its parse and a rule failure) and docs/review-app-queue.png (the audit queue).

Runs on the born-digital samples with a queue drawn as the benchmark draws it.
Usage: python -m scripts.tools.review_app_screenshots [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from declform.extract.review_app import review_app
from scripts import REPO
from scripts.bench.review_app import review_folder
from scripts.tools.review_browser import browser_missing, headless_chromium
from scripts.tools.review_screenshots import save_small

FORM = "jingkaiqu-2026-project.json"


def _wait(driver: Any, script: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.execute_script(script))


def _keys(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


_CROPS_SHOWN = (
    "return Array.from(document.querySelectorAll('tr.value img')).slice(0, 6)"
    ".every(function (i) { return i.complete && i.naturalWidth > 0; })"
)


def photograph(driver: Any, base: str, out: Path) -> None:
    driver.get(f"{base}/form/{FORM}?kind=indicator_value")
    _wait(driver, _CROPS_SHOWN)
    _keys(driver, "a")
    _wait(driver, "return document.querySelector('tr.current .verdict').textContent.trim()")
    _keys(driver, "j", "f")
    _wait(driver, "return document.activeElement.classList.contains('comment')")
    _keys(driver, "印章遮挡，需核对原件", "\ue007")
    _wait(driver, "return document.querySelector('tr.current .editor').hidden")
    _keys(driver, "j")
    print(
        "review-app-form.png",
        save_small(driver.get_screenshot_as_png(), out / "review-app-form.png"),
    )
    driver.get(f"{base}/form/{FORM}?kind=amount")
    _wait(driver, _CROPS_SHOWN)
    _keys(driver, "e")
    _wait(driver, "return document.activeElement.classList.contains('new')")
    _keys(driver, "1,234.5万元")
    _wait(driver, "return document.querySelector('tr.current .check').textContent.length > 0")
    print(
        "review-app-edit.png",
        save_small(driver.get_screenshot_as_png(), out / "review-app-edit.png"),
    )
    driver.get(f"{base}/queue?at=3")
    _wait(driver, _CROPS_SHOWN)
    print(
        "review-app-queue.png",
        save_small(driver.get_screenshot_as_png(), out / "review-app-queue.png"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    reason = browser_missing()
    if reason:
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="review-app-shots-") as temp:
        out = review_folder(Path(temp), 20)
        running = review_app(out, who="审核员")
        running.in_thread()
        try:
            with headless_chromium(1300, 860) as driver:
                driver.get(running.url)
                photograph(driver, running.url.split("/?")[0], args.out)
        finally:
            running.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
