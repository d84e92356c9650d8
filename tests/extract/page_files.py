"""Page files that stand for pages of the born-digital samples: page sequences tested in
milliseconds, without scanning or OCR."""

from __future__ import annotations

from pathlib import Path

from declform.extract.page_sequence import renumbered
from declform.extract.pipeline import Extractor, PageRead


class PdfPagesAsImages(Extractor):
    """Reads each listed image file as a page of a born-digital sample PDF (same grids, no
    scan and no OCR), so page sequences are tested in milliseconds; other files as usual."""

    def __init__(self, pages: dict[str, tuple[Path, int]]) -> None:
        super().__init__()
        self.pages = pages  # image file name → (PDF, page)

    def page_count(self, path: Path) -> int:
        return 1 if path.name in self.pages else super().page_count(path)

    def read_page(self, path: Path, number: int) -> PageRead:
        if path.name not in self.pages:
            return super().read_page(path, number)
        pdf, page = self.pages[path.name]
        return renumbered(super().read_page(pdf, page), number)


def page_images(folder: Path, pages: dict[str, tuple[Path, int]]) -> dict[str, tuple[Path, int]]:
    """A small distinct PNG in `folder` for each name (its pixels name the page it stands
    for), so that each file has content of its own."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(pages):
        Image.new("L", (8 + index, 8), color=index * 7 % 256).save(folder / name)
    return pages
