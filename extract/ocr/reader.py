"""How a page's cells are read, whichever engine recognises the text.

Each cell's crop is cleaned (ruling stubs, specks) and, when it seems to carry a light layer
(a seal printed in grey or red over the text), also read without that layer; the more
confident reading wins, since faint print can look like such a layer too. Engines supply only
the recognition of a batch of cleaned crops, all of a page at once so that they can batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from declform.extract.ocr.cleaning import clean_crop, remove_light_layer
from declform.extract.ocr.engine import CellImage, OcrReading, as_grey
from declform.extract.timing import stage

# One reading per cleaned crop, in order (a crop keeps its cell's kind).
ReadVariants = Callable[[Sequence[CellImage]], list[OcrReading]]


def cell_variants(cell: CellImage) -> list[CellImage]:
    """The cell's cleaned crop, then the same without its light layer when it has one."""
    with stage("clean"):
        crop = clean_crop(as_grey(cell.image))
        without_layer = remove_light_layer(crop)
    return [
        CellImage(variant, cell.kind) for variant in (crop, without_layer) if variant is not None
    ]


def read_best_variant(cells: Sequence[CellImage], read_variants: ReadVariants) -> list[OcrReading]:
    """One reading per cell, in order: the most confident of its variants' readings (the
    first on a tie), all variants of the page read in one call of `read_variants`."""
    owners: list[int] = []
    variants: list[CellImage] = []
    for index, cell in enumerate(cells):
        for variant in cell_variants(cell):
            owners.append(index)
            variants.append(variant)
    best: dict[int, OcrReading] = {}
    for owner, reading in zip(owners, read_variants(variants), strict=True):
        if owner not in best or reading.confidence > best[owner].confidence:
            best[owner] = reading
    return [best[index] for index in range(len(cells))]
