"""Screenshots of the review site for the README: docs/review-index.png and docs/review-form.png.

Builds a site from the bundled samples plus two scanned corpus forms (profile "stamped", so the
crops show real scans with seals), read with the default OCR engine, then photographs the index
and a scanned form's page with a flagged item selected, in headless Chromium.
Usage: python -m scripts.tools.review_screenshots [--out docs] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from declform.extract.batch.naming import output_names, record_paths
from declform.extract.pipeline import Extractor
from declform.extract.review_pages import write_review_site
from declform.extract.sources.files import expand_inputs
from declform.output.json_writer import write_record
from scripts import REPO
from scripts.corpus.build import main as make_corpus
from scripts.tools.review_browser import browser_missing, file_url, headless_chromium

MAX_BYTES = 300_000  # the README's images stay small


def build_site(work: Path) -> Path:
    make_corpus(
        ["--out", str(work / "corpus"), "--forms", "2", "--profiles", "stamped", "--seed", "1"]
    )
    stamped = work / "corpus" / "stamped"
    scans = sorted([*stamped.glob("*.png"), *stamped.glob("*.tif")])  # a photo-like scan, a TIFF
    files, _ = expand_inputs([str(REPO / "samples"), *map(str, scans)])
    names = output_names(files)
    records = work / "records"
    extractor = Extractor()
    for path in files:
        result = extractor.extract_file(path)
        for record, target in zip(
            result.records, record_paths(records, names[path], len(result.records)), strict=True
        ):
            write_record(record, target)
    return write_review_site(records).index


def save_small(png: bytes, target: Path) -> int:
    """The screenshot as PNG, palette-reduced when the full colour one is too large."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in (None, 256, 128, 64):
        out = io.BytesIO()
        reduced = image if colours is None else image.quantize(colours, dither=Image.Dither.NONE)
        reduced.save(out, "PNG", optimize=True)
        if out.tell() <= MAX_BYTES:
            break
    target.write_bytes(out.getvalue())
    return out.tell()


def photograph(index: Path, out: Path) -> None:
    with headless_chromium(width=1600, height=1000) as driver:
        driver.get(file_url(index))
        driver.find_element("id", "only-warnings").click()
        driver.find_element("id", "only-warnings").click()  # shown unchecked, all forms listed
        driver.find_element("xpath", "//th[button[text()='Warnings']]/button").click()
        driver.find_element("xpath", "//th[button[text()='Warnings']]/button").click()
        time.sleep(0.3)
        print(
            "review-index.png", save_small(driver.get_screenshot_as_png(), out / "review-index.png")
        )
        scanned = driver.find_element("css selector", "#forms tbody tr a")  # most warnings first
        scanned.click()
        driver.execute_script(
            "document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });"
        )
        time.sleep(1.0)
        # select the first flagged item: its row outlined, its cell marked on the page
        driver.find_element("tag name", "body").send_keys("j")
        driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        print(
            "review-form.png", save_small(driver.get_screenshot_as_png(), out / "review-form.png")
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    args = parser.parse_args()
    if (reason := browser_missing()) is not None:
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    if args.keep:
        photograph(build_site(args.keep), args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="review-shots-") as temp:
        photograph(build_site(Path(temp)), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
