"""Small previews of one page under every profile (bench/samples/<profile>.png), to look at.

The page is the first page of the first document holding a landscape 8-column form (the
most intricate layout), else of the first document. Previews are 1000 px wide (narrower
when needed) and kept under 150 KB: grey or 1-bit like the scan, or with a reduced palette.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image

WIDTH = 1000
MAX_BYTES = 150_000


def _choose(manifest: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A one-page 8-column form if there is one (its page shows every mark), else the first
    document starting with an 8-column form, else the first document."""

    def first_form(entry: dict[str, Any]) -> dict[str, Any]:
        form: dict[str, Any] = entry["forms"][entry["pages"][0]["form"]]
        return form

    wide = [e for e in manifest if first_form(e)["layout"] == "project_medium_annual"]
    single = [e for e in wide if first_form(e)["pages"] == [1]]
    return (single or wide or list(manifest))[0]


def _encode(page: Image.Image, bilevel: bool) -> bytes:
    """PNG bytes of the preview, 1000 px wide if it fits MAX_BYTES (all shades, then fewer,
    then thresholded for 1-bit scans), else narrower."""
    data = b""
    for width in (WIDTH, 900, 800, 700, 600):
        resized = page.resize(
            (width, round(page.height * width / page.width)), Image.Resampling.LANCZOS
        )
        if resized.mode == "RGB":
            # octree keeps rare hues (a seal's red) that median cut merges into the greys;
            # dithering hides the banding of smooth light gradients in photos
            octree = Image.Quantize.FASTOCTREE
            palettes = [resized.quantize(256, octree, dither=Image.Dither.FLOYDSTEINBERG)]
        else:
            palettes = [resized.quantize(n, dither=Image.Dither.NONE) for n in (64, 16)]
        candidates = [resized, *palettes]
        if bilevel:
            candidates.append(resized.point(lambda v: 255 if v >= 128 else 0).convert("1"))
        for candidate in candidates:
            buffer = io.BytesIO()
            candidate.save(buffer, "PNG", optimize=True)
            data = buffer.getvalue()
            if len(data) <= MAX_BYTES:
                return data
    return data


def write_samples(out: Path, manifest: Sequence[dict[str, Any]], folder: Path) -> list[Path]:
    """One preview per profile present in the corpus; returns the files written."""
    entry = _choose(manifest)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for profile, files in entry["files"].items():
        if profile == "born_digital":
            continue
        with Image.open(out / files["image"]) as source:
            source.seek(0)
            bilevel = source.mode == "1"
            page = source.convert("RGB" if source.mode in ("RGB", "P") else "L")
        target = folder / f"{profile}.png"
        target.write_bytes(_encode(page, bilevel))
        written.append(target)
    return written
