"""The review site's page images: a record's source pages rebuilt in the frame its cell boxes
refer to, and `write_review_site`, the entry point of `declform review` and `extract --review`.

Born-digital PDF pages (as the pipeline decides: `born_digital_grids`) are rendered at 300 dpi
like the pipeline renders them. A scanned page (PDF page or image file) is loaded as the
pipeline loads it and the page transform its record saved is replayed on its print layer
(`replay_page`): the frame the scan path measured its cells in, with nothing measured again.
Only a record written before transforms were saved has a scanned page without one; that page
goes through `upright_page` again (orientation, perspective, skew, with the default engine).
A vector OFD page is drawn from its rulings and glyphs (`render_ofd_page`), a scanned one is
loaded and replayed as any scan.
A source that is gone or changed since extraction gives a notice instead of images. A record
of a page sequence (scan_001.jpg, scan_002.jpg, …) takes each page from the file its
`source.files` names.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from declform.extract.pdf_page import born_digital_grids, render_page
from declform.extract.sources.images import read_image_page
from declform.extract.sources.pdf import IMAGE_SUFFIXES, file_sha256, open_pdf
from declform.output import FormRecord
from declform.output.atomic import ensure_folder
from declform.output.errors import DeclformError, InputError, OutputError, describe
from declform.output.record import PageTransform
from declform.output.review.site import PageFrames, SiteReport, write_site

if TYPE_CHECKING:
    from declform.extract.ocr import OcrEngine


def resolve_source(recorded: str, records_dir: Path) -> Path | None:
    """A record's source file: its path as recorded (absolute, or relative to the folder the
    extraction ran in, usually the current one), else relative to the records folder or its
    parent (a records folder moved together with its inputs)."""
    path = Path(recorded)
    if path.is_absolute():
        return path if path.is_file() else None
    candidates = (path, records_dir / path, records_dir.parent / path)
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def page_frame(
    path: Path, page: int, transform: PageTransform | None = None
) -> NDArray[np.uint8]:
    """One page (1-based) of a source file in its record's cell frame: RGB for a born-digital
    page, the grey print layer for a scan (`transform`: the one its record saved)."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return _scanned(read_image_page(path, page).image, transform)
    if path.suffix.lower() == ".ofd":
        return _ofd_page(path, page, transform)
    with open_pdf(path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise InputError(f"no page {page} (the PDF has {len(pdf.pages)})", path=str(path))
        pdf_page = pdf.pages[page - 1]
        try:
            rendered = render_page(pdf_page, page, path)
            if transform is None and born_digital_grids(pdf_page, page) is not None:
                return np.ascontiguousarray(rendered.image[:, :, ::-1])  # BGR → RGB
            return _scanned(rendered.image, transform)
        finally:
            pdf_page.close()


def _ofd_page(path: Path, page: int, transform: PageTransform | None) -> NDArray[np.uint8]:
    """An OFD page: a scanned one as the scan path read it, a vector one drawn (ofd_render)."""
    from declform.extract.sources.ofd import read_ofd_page
    from declform.extract.sources.ofd_render import render_ofd_page

    read = read_ofd_page(path, page)
    if read.scan is not None:
        return _scanned(read.scan.image, transform)
    return render_ofd_page(path, page)


def _scanned(image: NDArray[np.uint8], transform: PageTransform | None) -> NDArray[np.uint8]:
    from declform.extract.scan.transform import replay_page  # OpenCV: only for scans

    return _upright(image) if transform is None else replay_page(image, transform)


@cache
def _judge() -> OcrEngine:
    """For a record without page transforms (written before they were saved): the engine
    whose reading of a few lines tells upside-down pages, as in extraction."""
    from declform.extract.ocr import DEFAULT_ENGINE, build_engine

    return build_engine(DEFAULT_ENGINE)


def _upright(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    from declform.extract.scan.page import (
        upright_page,  # OpenCV and the preprocessors: only for scans
    )

    return upright_page(image, _judge())[0]


class SourcePages:
    """The page loader `write_site` calls for a record whose images are missing.
    Each source file is hashed once per run, however many records it holds."""

    def __init__(self, records_dir: Path) -> None:
        self.records_dir = records_dir
        self._hashes: dict[Path, str] = {}

    def __call__(self, record: FormRecord) -> PageFrames:
        """Each page of the record from its file: the source file's page, or, for a record
        of a page sequence, the page of the file `source.files` names for it."""
        sources = {page: (record.source.path, record.source.sha256, page)
                   for page in record.source.pages}  # fmt: skip
        sources.update({f.page: (f.path, f.sha256, f.file_page) for f in record.source.files})
        images: dict[int, NDArray[np.uint8]] = {}
        problems: list[str] = []
        failures: list[str] = []
        transforms = {transform.page: transform for transform in record.page_transforms}
        for page in record.source.pages:
            recorded, sha256, file_page = sources[page]
            path, problem = self._source(recorded, sha256)
            if path is None:
                problems.append(problem)
                continue
            try:
                images[page] = page_frame(path, file_page, transforms.get(page))
            except DeclformError as exc:
                failures.append(f"page {page}: {exc}")
            except Exception as exc:  # one broken page must not stop the site for 500 forms
                failures.append(f"page {page}: {describe(exc)}")
        notices = [*dict.fromkeys(problems)]
        if failures:
            notices.append(f"Cannot rebuild {'; '.join(failures)}.")
        return PageFrames(images, " ".join(notices) or None)

    def _source(self, recorded: str, sha256: str) -> tuple[Path | None, str]:
        """The source file as extracted, or why there is none (gone or changed)."""
        path = resolve_source(recorded, self.records_dir)
        if path is None:
            return None, f"Source file {recorded} not found: values shown without crops."
        if path not in self._hashes:
            self._hashes[path] = file_sha256(path)
        if self._hashes[path] != sha256:
            return None, (f"Source file {path} has changed since extraction (its sha256 "
                          "differs): values shown without crops.")
        return path, ""


def write_review_site(records_dir: Path, site_dir: Path | None = None) -> SiteReport:
    """Write the review site for the records in `records_dir` (default site folder:
    RECORDS_DIR/review; the index is `report.index`). OutputError when RECORDS_DIR/review is
    a symbolic link or a file: the site is never written through a link out of the folder."""
    if site_dir is None:
        try:
            for part in ("review", "review/forms", "review/img", "review/assets"):
                ensure_folder(records_dir, part)
        except OSError as exc:
            raise OutputError(f"cannot write the review site ({exc.strerror})",
                              path=exc.filename or str(records_dir)) from exc
    return write_site(records_dir, SourcePages(records_dir), site_dir)
