"""One corpus document: the born-digital PDF and, per profile, its scanned pages as an
image-only PDF plus a PNG (one page) or a multi-page TIFF.

Runs in a worker process. Every random draw comes from a generator seeded by (corpus seed,
document id, profile, page), so a document's bytes do not depend on which worker made it
or in which order. reportlab runs with `invariant=1` (no timestamp, fixed document ID) and
Pillow's PDF writer is given no dates, so the files carry no clock.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from numpy.typing import NDArray
from PIL import Image as PILImage
from pypdf import PdfWriter
from reportlab import rl_config

from scripts.corpus.marks import Box, PageContext
from scripts.corpus.plan import PlannedDocument, PlannedForm
from scripts.corpus.profiles import degrade, document_settings
from scripts.render.form import render_record, render_variant

DEFAULT_UNIT = "拉萨经济技术开发区管理委员会"
JPEG_QUALITY = {"clean": 92}
PNG_LEVEL = 1  # noisy scans barely compress better at level 6, which takes 3× as long


@dataclass(frozen=True)
class DocumentJob:
    document: PlannedDocument
    out: Path
    profiles: tuple[str, ...]
    seed: int


def rng_for(seed: int, *labels: str | int) -> np.random.Generator:
    """An independent generator per (seed, labels…), the same in every process."""
    digest = hashlib.sha256(json.dumps([seed, *labels]).encode("utf-8")).digest()
    return np.random.default_rng(
        [int.from_bytes(digest[i : i + 4], "big") for i in range(0, 16, 4)]
    )


def _render_born_digital(forms: tuple[PlannedForm, ...], target: Path) -> list[int]:
    """Render each form, join them into `target`; return each form's page count."""
    rl_config.invariant = 1
    counts = []
    with tempfile.TemporaryDirectory() as tmp:
        parts = [Path(tmp) / f"{n}.pdf" for n in range(len(forms))]
        for form, part in zip(forms, parts, strict=True):
            if form.variant is not None:
                render_variant(
                    form.variant_source or form.record, form.variant, part, font=form.font
                )
            else:
                render_record(form.record, part, font=form.font, layout=form.layout)
            rendered = pdfium.PdfDocument(part)
            counts.append(len(rendered))
            rendered.close()
        if len(parts) == 1:
            shutil.copyfile(parts[0], target)
        else:
            writer = PdfWriter()
            for part in parts:
                writer.append(str(part))
            with target.open("wb") as handle:
                writer.write(handle)
    return counts


def _table_box(page: pdfium.PdfPage, height: float) -> Box | None:
    boxes = [obj.get_bounds() for obj in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,))]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        height - max(b[3] for b in boxes),
        max(b[2] for b in boxes),
        height - min(b[1] for b in boxes),
    )


def _find_text(page: pdfium.PdfPage, text: str, height: float, within: Box | None) -> Box | None:
    """Where `text` (its first few characters: cells wrap long names) is printed inside
    the table (`within`); the title above the table often names the unit too."""
    needle = text.split()[0][:6] if text.split() else ""
    if not needle or within is None:
        return None
    textpage = page.get_textpage()
    searcher = textpage.search(needle)
    while (found := searcher.get_next()) is not None:
        first, count = found
        boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
        box = (
            min(b[0] for b in boxes),
            height - max(b[3] for b in boxes),
            max(b[2] for b in boxes),
            height - min(b[1] for b in boxes),
        )
        if within[0] <= box[0] and box[2] <= within[2] and within[1] <= box[1] <= within[3]:
            return box
    return None


def _sign_date(record: dict[str, Any], rng: np.random.Generator) -> date:
    filled = (record.get("filler") or {}).get("date")
    if filled:
        return date.fromisoformat(str(filled))
    year = int(record.get("fiscal_year") or 2026)
    if rng.random() < 0.5:
        return date(year - 1, int(rng.integers(10, 13)), int(rng.integers(1, 29)))
    return date(year, int(rng.integers(1, 4)), int(rng.integers(1, 29)))


def page_contexts(
    pdf: pdfium.PdfDocument, forms: tuple[PlannedForm, ...], counts: list[int], job: DocumentJob
) -> list[PageContext]:
    rng = rng_for(job.seed, job.document.id, "context")
    contexts = []
    total = sum(counts)
    page_index = 0
    for form, count in zip(forms, counts, strict=True):
        project = form.record.get("project") or {}
        unit = project.get("competent_department") or project.get("implementing_unit")
        signed = _sign_date(form.record, rng)
        hand = f"{signed.year}.{signed.month}.{signed.day}"
        if rng.random() < 0.5:
            hand = f"{signed.year}年{signed.month}月{signed.day}日"
        phone = (form.record.get("filler") or {}).get("phone") or "0891-6" + "".join(
            str(d) for d in rng.integers(0, 10, 6)
        )
        clock = f"{int(rng.integers(8, 19)):02d}:{int(rng.integers(0, 60)):02d}"
        for part in range(count):
            page = pdf[page_index]
            width, height = page.get_size()
            table = _table_box(page, height)
            page_index += 1
            header = f"{signed.isoformat()} {clock}  FROM: {phone}  P.{page_index:03d}/{total:03d}"
            contexts.append(
                PageContext(
                    width_pt=width,
                    height_pt=height,
                    table_pt=table,
                    anchor_pt=_find_text(page, str(unit), height, table) if unit else None,
                    first_of_form=part == 0,
                    last_of_form=part == count - 1,
                    unit_name=str(unit or DEFAULT_UNIT),
                    date_text=hand,
                    fax_header=header,
                )
            )
    return contexts


def _pil(image: NDArray[Any]) -> PILImage.Image:
    if image.dtype == np.bool_:
        return PILImage.fromarray(image).convert("1")
    return PILImage.fromarray(image)


def save_scans(
    pages: list[NDArray[Any]], dpi: int, pdf_path: Path, image_stem: Path, quality: int
) -> Path:
    """Write the image-only PDF and the PNG (one page) or multi-page TIFF; return the image path."""
    images = [_pil(page) for page in pages]
    first, rest = images[0], images[1:]
    if len(images) == 1:
        image_path = image_stem.with_suffix(".png")
        first.save(image_path, "PNG", dpi=(dpi, dpi), compress_level=PNG_LEVEL)
    else:
        image_path = image_stem.with_suffix(".tif")
        # what scanners write: G4 for 1-bit, JPEG for colour, deflate for grey
        compression = {"1": "group4", "RGB": "jpeg"}.get(first.mode, "tiff_deflate")
        extra = {"quality": quality} if compression == "jpeg" else {}
        first.save(
            image_path,
            "TIFF",
            save_all=True,
            append_images=rest,
            dpi=(dpi, dpi),
            compression=compression,
            **extra,
        )
    # The PDF goes last because Pillow leaves its encoder options (quality) on the appended
    # frames, which the TIFF writer would reject. No dates: same pages, same bytes.
    first.save(
        pdf_path,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        creationDate=None,
        modDate=None,
        # 1-bit pages go in as CCITT G4 through the TIFF encoder, which rejects a quality
        **({} if first.mode == "1" else {"quality": quality}),
    )
    return image_path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_document(job: DocumentJob) -> dict[str, Any]:
    """Write every file of one document; return its manifest entry (truth paths excluded)."""
    doc = job.document
    born = job.out / "born_digital" / f"{doc.id}.pdf"
    counts = _render_born_digital(doc.forms, born)
    pages: list[dict[str, int]] = []
    for index, count in enumerate(counts):
        pages += [
            {"page": len(pages) + part + 1, "form": index, "part": part + 1}
            for part in range(count)
        ]
    files: dict[str, Any] = {"born_digital": born.relative_to(job.out).as_posix()}
    params: dict[str, Any] = {}
    pdf = pdfium.PdfDocument(born)
    contexts = page_contexts(pdf, doc.forms, counts, job)
    rasters: dict[tuple[int, int], NDArray[np.uint8]] = {}
    for profile in job.profiles:
        settings = document_settings(profile, rng_for(job.seed, doc.id, profile))
        dpi = int(settings["dpi"])
        scanned, page_params = [], []
        for number, ctx in enumerate(contexts, start=1):
            raster = rasters.get((number, dpi))
            if raster is None:  # several profiles scan at 200 dpi: render once
                raster = np.asarray(pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil())
                rasters[(number, dpi)] = raster
            image, drawn = degrade(
                profile, raster, rng_for(job.seed, doc.id, profile, number), ctx, settings
            )
            scanned.append(image)
            page_params.append(
                {"page": number, "size_px": [image.shape[1], image.shape[0]], **drawn}
            )
        folder = job.out / profile
        image_path = save_scans(
            scanned, dpi, folder / f"{doc.id}.pdf", folder / doc.id, JPEG_QUALITY.get(profile, 85)
        )
        files[profile] = {
            "pdf": f"{profile}/{doc.id}.pdf",
            "image": image_path.relative_to(job.out).as_posix(),
        }
        params[profile] = {**settings, "pages": page_params}
    pdf.close()
    first_page = {
        index: next(p["page"] for p in pages if p["form"] == index)
        for index in range(len(doc.forms))
    }
    return {
        "id": doc.id,
        "kind": doc.kind,
        "files": files,
        "pages": pages,
        "forms": [
            {
                "id": form.id,
                "origin": form.origin,
                "layout": form.layout,
                "font": form.font,
                **({"variant": form.variant} if form.variant is not None else {}),
                "pages": list(range(first_page[i], first_page[i] + counts[i])),
            }
            for i, form in enumerate(doc.forms)
        ],
        "born_digital_sha256": _sha256(born),
        "profile_params": params,
    }
