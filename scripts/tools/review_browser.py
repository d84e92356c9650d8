"""Headless Chromium for the review site: Debian's chromium and chromium-driver through selenium.

Shared by the review page's browser test and `scripts/tools/review_screenshots.py`. No download:
selenium is pointed at the system binaries (scripts/bootstrap.sh installs them).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)


def _which(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def browser_missing() -> str | None:
    """Why a headless browser cannot run here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if _which(CHROMIUM_NAMES) is None:
        return "chromium is not installed (scripts/bootstrap.sh installs it)"
    if _which(DRIVER_NAMES) is None:
        return "chromedriver is not installed (apt package chromium-driver)"
    return None


@contextmanager
def headless_chromium(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A selenium WebDriver on headless Chromium that keeps the browser console log."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="declform-chromium-")  # a fresh profile every time
    options = webdriver.ChromeOptions()
    options.binary_location = _which(CHROMIUM_NAMES) or "chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        # no traffic of its own: the machine has no network beyond the package mirrors
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        "--lang=zh-CN",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_which(DRIVER_NAMES) or "chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def console_errors(driver: Any) -> list[str]:
    """Messages of level SEVERE the page logged since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
