"""Cell crops for the review app, cut as the static site cuts them and kept in the same place
(DIR/review/img/, named by content: `crop_name`), so the app and the site share them and a
crop is drawn once. A page is rebuilt from its source (the loader extract passes in) at most
once at a time per record, however many crop requests arrive together; a rebuild cuts every
crop of the record at once (encoding a crop costs milliseconds, rebuilding a page a second),
so a queue that comes back to a form later finds its crops on disk."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from declform.output.atomic import ensure_folder, write_bytes_atomic
from declform.output.record import CellRecord, FormRecord
from declform.output.review.images import crop_name, encode_crop
from declform.output.review.site import SITE_FOLDER, PageFrames, PageLoader

KEPT_RECORDS = 2  # page frames in memory (a 300-dpi page is ~26 MB)


class CropMaker:
    def __init__(self, out_dir: Path, load_pages: PageLoader) -> None:
        self.out_dir, self.load_pages = Path(out_dir), load_pages
        self._frames: OrderedDict[tuple[str, tuple[int, ...]], PageFrames] = OrderedDict()
        self._locks: dict[tuple[str, tuple[int, ...]], threading.Lock] = {}
        self._guard = threading.Lock()

    def _img_dir(self) -> Path:
        return ensure_folder(self.out_dir, f"{SITE_FOLDER}/img")

    def crop(
        self, record: FormRecord, cell: CellRecord, others: Sequence[CellRecord] = ()
    ) -> bytes | None:
        """The PNG of the cell's crop; None when its page cannot be rebuilt (source gone or
        changed since extraction). When the page is rebuilt, the crops of `others` (the
        record's other values) are cut too."""
        img_dir = self._img_dir()
        stored = img_dir / crop_name(record.source.sha256, cell.page, cell.bbox)
        if stored.is_file():
            return stored.read_bytes()
        frames = self._page_frames(record)
        if cell.page not in frames.images:
            return None
        for wanted in (cell, *others):
            target = img_dir / crop_name(record.source.sha256, wanted.page, wanted.bbox)
            page = frames.images.get(wanted.page)
            if page is not None and not target.is_file():
                write_bytes_atomic(target, encode_crop(page, wanted.bbox), durable=False)
        return stored.read_bytes()

    def _page_frames(self, record: FormRecord) -> PageFrames:
        key = (record.source.sha256, record.source.pages)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one rebuild per record at a time; the others wait and reuse it
            with self._guard:
                if key in self._frames:
                    self._frames.move_to_end(key)
                    return self._frames[key]
            frames = self.load_pages(record)
            with self._guard:
                self._frames[key] = frames
                while len(self._frames) > KEPT_RECORDS:
                    self._frames.popitem(last=False)
            return frames
