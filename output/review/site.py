"""Writing the review site for a folder of records: an index, one page per form, images.

The I/O around the pure parts (model, html, images). Page images come from
a loader the caller passes — extract re-renders the source pages, and output must not import
extract. Images are named by content, so a second run over the same records loads no source.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import numpy as np
from numpy.typing import NDArray

from declform.output.atomic import write_bytes_atomic
from declform.output.dataset.files import record_files, record_key
from declform.output.record import READABLE_SCHEMAS, SCHEMA_ID, CellRecord, FormRecord
from declform.output.review.html import FormLinks, PageView, render_form
from declform.output.review.images import (
    crop_name,
    encode_crop,
    encode_page,
    frame_size,
    page_name,
)
from declform.output.review.index import render_index, summarise
from declform.output.review.model import FormReview, review_form, union_box

SITE_FOLDER = "review"
ASSET_FILES = ("review.css", "review.js")


@dataclass(frozen=True)
class PageFrames:
    images: Mapping[int, NDArray[np.uint8]]  # page number → the page in its cells' frame
    notice: str | None = None  # why pages are missing (source gone or changed), shown on the page


PageLoader = Callable[[FormRecord], PageFrames]


@dataclass
class SiteReport:
    index: Path
    forms: int = 0
    skipped: list[str] = field(default_factory=list)  # "<file>: <why it is not a record>"
    images_written: int = 0
    images_reused: int = 0
    sources_loaded: int = 0
    seconds: float = 0.0


def read_records(records_dir: Path, report: SiteReport) -> list[tuple[str, FormRecord]]:
    """(record key, record) for every perfform/1 record under the folder (its mirrored
    sub-folders too, see output/dataset/files.py), in path order; the key names its page."""
    found = []
    for path in record_files(records_dir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMAS:
                report.skipped.append(f"{path.name}: not a {SCHEMA_ID} record")
                continue
            found.append((record_key(records_dir, path), FormRecord.from_dict(data)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            report.skipped.append(f"{path.name}: unreadable ({exc})")
    return found


def _copy_assets(assets_dir: Path) -> None:
    assets_dir.mkdir(parents=True, exist_ok=True)
    package = resources.files("declform.output.review") / "assets"
    for name in ASSET_FILES:
        (assets_dir / name).write_bytes(package.joinpath(name).read_bytes())


class _FormImages:
    """The crops and page images of one form: reused when present, drawn when not."""

    def __init__(
        self,
        img_dir: Path,
        review: FormReview,
        report: SiteReport,
        sizes: dict[str, tuple[int, int] | None],  # page image → frame size, shared by forms
    ) -> None:
        self.img_dir, self.review, self.report, self.sizes = img_dir, review, report, sizes
        record = review.record
        self.crops = {
            row.key: (
                row.crop[0].page,
                crop_name(record.source.sha256, row.crop[0].page, union_box(row.crop)),
            )
            for row in review.rows
            if row.crop
        }
        self.pages = {
            page: page_name(record.source.sha256, page, self._cells(page), review.flagged_places)
            for page in record.source.pages
        }

    def _cells(self, page: int) -> list[CellRecord]:
        return [c for c in self.review.record.cells if c.page == page]

    def names(self) -> set[str]:
        return {name for _, name in self.crops.values()} | set(self.pages.values())

    def missing(self) -> bool:
        return any(not (self.img_dir / name).exists() for name in self.names())

    def write(self, frames: PageFrames | None) -> tuple[dict[str, str], list[PageView]]:
        """Crop URLs by row key and page views, relative to a form page."""
        images = frames.images if frames is not None else {}
        crops: dict[str, str] = {}
        for row in self.review.rows:
            if row.key not in self.crops:
                continue
            page, name = self.crops[row.key]
            if self._reuse(name) or (
                page in images and self._store(name, encode_crop(images[page], union_box(row.crop)))
            ):
                crops[row.key] = f"../img/{quote(name)}"
        views = []
        for page, name in self.pages.items():
            flagged = self.review.flagged_places
            if self._reuse(name) or (
                page in images
                and self._store(name, encode_page(images[page], self._cells(page), flagged))
            ):
                if name not in self.sizes:
                    self.sizes[name] = frame_size(self.img_dir / name)
                size = self.sizes[name]
                if size is not None:
                    views.append(PageView(page, f"../img/{quote(name)}", *size))
        return crops, views

    def _reuse(self, name: str) -> bool:
        present = (self.img_dir / name).exists()
        self.report.images_reused += present
        return present

    def _store(self, name: str, data: bytes) -> bool:
        write_bytes_atomic(self.img_dir / name, data, durable=False)
        self.report.images_written += 1
        return True


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Pages and images of records no longer in the folder (or drawn in an older style)."""
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()


def write_site(
    records_dir: Path, load_pages: PageLoader, site_dir: Path | None = None
) -> SiteReport:
    """Write `site_dir` (default RECORDS_DIR/review): index.html, forms/<record stem>.html,
    img/ and assets/. Returns what was done; the index path is `report.index`."""
    started = time.perf_counter()
    site = site_dir if site_dir is not None else records_dir / SITE_FOLDER
    forms_dir, img_dir = site / "forms", site / "img"
    for folder in (forms_dir, img_dir):
        folder.mkdir(parents=True, exist_ok=True)
    _copy_assets(site / "assets")
    report = SiteReport(index=site / "index.html")
    records = read_records(records_dir, report)
    names = [name for name, _ in records]
    summaries = []
    images_used: set[str] = set()
    frame_sizes: dict[str, tuple[int, int] | None] = {}
    for position, (name, record) in enumerate(records):
        review = review_form(record)
        images = _FormImages(img_dir, review, report, frame_sizes)
        frames = None
        if images.missing():
            frames = load_pages(record)
            report.sources_loaded += 1
        crops, views = images.write(frames)
        images_used |= images.names()
        notice = frames.notice if frames is not None else None
        links = FormLinks(
            index="../index.html",
            previous=f"{quote(names[position - 1])}.html" if position > 0 else None,
            next=f"{quote(names[position + 1])}.html" if position + 1 < len(names) else None,
            assets="../assets",
        )
        page = render_form(review, crops, views, links, notice)
        (forms_dir / f"{name}.html").write_text(page, encoding="utf-8")
        summaries.append(summarise(name, review, notice))
    _remove_stale(forms_dir, {f"{name}.html" for name in names})
    _remove_stale(img_dir, images_used)
    heading = f"declform review — {records_dir.resolve().name}"
    report.index.write_text(render_index(summaries, heading), encoding="utf-8")
    report.forms = len(records)
    report.seconds = time.perf_counter() - started
    return report
