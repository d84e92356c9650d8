"""The review site in a real browser: headless Chromium opens it from file://, without a server.

Needs Debian's chromium + chromium-driver (scripts/bootstrap.sh installs them) and selenium (dev
extra). Skipped when they are missing on a developer's machine; on CI (CI=true) that fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from declform.extract import extract_file
from declform.extract.review_pages import write_review_site
from declform.output import FormRecord, RecordWarning
from declform.output.json_writer import write_record
from scripts.tools.review_browser import (
    browser_missing,
    console_errors,
    file_url,
    headless_chromium,
)
from tests.paths import REPO

SCRIPT = "<script>alert(1)</script>"
pytestmark = pytest.mark.slow


def _require_browser() -> None:
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the review page's browser test must run on CI: {reason}")
    pytest.skip(reason)


def _hostile(record: FormRecord) -> FormRecord:
    """A page whose cells read markup, one of them with low confidence, and two warnings."""
    first, second = record.cells[1], record.cells[3]
    cells = tuple(
        replace(c, text=SCRIPT) if c is first else replace(c, confidence=0.3) if c is second else c
        for c in record.cells
    )
    where = f"page {second.page} row {second.row} col {second.col}"
    warnings = (
        RecordWarning("low_confidence", f"cell read as {SCRIPT!r} with confidence 0.30", where),
        RecordWarning("page_rotated", "page was turned 90° to read it", f"page {second.page}"),
    )
    indicators = (replace(record.indicators[0], name=SCRIPT), *record.indicators[1:])
    return replace(record, title=SCRIPT, cells=cells, warnings=warnings, indicators=indicators)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_browser()
    records = tmp_path_factory.mktemp("review")
    for name in ("department-2023.pdf", "lasa-2023-annual-project.pdf"):
        (record,) = extract_file(REPO / "samples" / name).records
        write_record(record, records / f"{Path(name).stem}.json")
    (department,) = extract_file(REPO / "samples" / "department-2023.pdf").records
    write_record(_hostile(department), records / "hostile.json")
    return write_review_site(records).index


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Any]:
    with headless_chromium() as driver:
        yield driver


def _no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # noqa: B018 — raises when there is none
    except NoAlertPresentException:
        return True
    return False


def _visible_rows(driver: Any) -> list[str]:
    rows = driver.find_elements("css selector", "#forms tbody tr")
    return [row.find_element("css selector", "a").text for row in rows if row.is_displayed()]


def test_index_sorts_and_filters_forms_with_warnings(site: Path, browser: Any) -> None:
    browser.get(file_url(site))
    assert console_errors(browser) == []
    assert sorted(_visible_rows(browser)) == ["department-2023", "hostile", "lasa-2023-annual-project"]
    browser.find_element("id", "only-warnings").click()
    assert _visible_rows(browser) == ["hostile"]
    browser.find_element("id", "only-warnings").click()
    indicators = browser.find_element("xpath", "//th[button[text()='Indicators']]/button")
    indicators.click()
    counts = [int(td.text) for td in browser.find_elements("css selector", "#forms tbody td:nth-child(7)")]
    assert counts == sorted(counts) and len(counts) == 3
    indicators.click()
    counts = [int(td.text) for td in browser.find_elements("css selector", "#forms tbody td:nth-child(7)")]
    assert counts == sorted(counts, reverse=True)


def test_form_page_shows_crops_and_page_text_as_text(site: Path, browser: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(file_url(site))
    browser.find_element("link text", "hostile").click()
    assert browser.current_url.endswith("/forms/hostile.html")
    assert _no_alert(browser)
    assert SCRIPT in browser.find_element("tag name", "h1").text  # shown, not run
    browser.execute_script("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });")
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return [...document.images].every(i => i.complete)")
    )
    widths = browser.execute_script("return [...document.images].map(i => i.naturalWidth)")
    crops = browser.find_elements("css selector", "td.crop img")
    assert len(crops) >= 10 and all(width > 0 for width in widths)
    assert browser.find_elements("css selector", "figure.page img")  # the page with its grid
    assert console_errors(browser) == []
    assert _no_alert(browser)


def test_keys_move_between_flagged_items(site: Path, browser: Any) -> None:
    browser.get(file_url(site.parent / "forms" / "hostile.html"))
    flagged = browser.execute_script("return [...document.querySelectorAll('.flagged')].map(e => e.id)")
    assert len(flagged) >= 2
    body = browser.find_element("tag name", "body")
    focused = []
    for key in ("j", "j", "k", "n", "p"):
        body.send_keys(key)
        focused.append(browser.execute_script("return document.activeElement.id"))
    assert focused == [flagged[0], flagged[1], flagged[0], flagged[1], flagged[0]]
    outline = browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"  # the focus is visible
    assert console_errors(browser) == []
