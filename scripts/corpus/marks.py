"""Where the seals, the signature and the handwritten date land on a page, and inking them.

Placement follows how these forms come back from the departments: the unit's seal is pressed
over its own name in the table on the form's first page, and on the form's last page a
second impression sits on the bottom edge of the table next to the signature and the date.
Positions are chosen in PDF points (top-left origin, as pdfplumber reports them) and
recorded that way, so they do not depend on the dpi of any profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scripts.corpus.hand import handwritten_text, pen_colour, render_strokes, signature
from scripts.corpus.imaging import Image, multiply
from scripts.corpus.seal import LABELS, SealSpec, inked_seal, seal_colour

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points
MM = 72 / 25.4


@dataclass(frozen=True)
class PageContext:
    """What the profiles need to know about one page of the born-digital PDF."""

    width_pt: float
    height_pt: float
    table_pt: Box | None  # union of the ruled lines
    anchor_pt: Box | None  # the unit's name in the table, when it is on this page
    first_of_form: bool
    last_of_form: bool
    unit_name: str  # the name around the seal
    date_text: str  # the handwritten date, e.g. "2026.1.28"
    fax_header: str  # the sending fax machine's line at the top of the page


def _paste(page: Image, mask: Image, left: float, top: float, colour: Any) -> Box | None:
    """Multiply-blend `mask` with its top-left corner at pixel (left, top); clipped."""
    x0, y0 = round(left), round(top)
    height, width = page.shape[:2]
    mx0, my0 = max(0, -x0), max(0, -y0)
    mx1, my1 = min(mask.shape[1], width - x0), min(mask.shape[0], height - y0)
    if mx1 <= mx0 or my1 <= my0:
        return None
    region = (slice(y0 + my0, y0 + my1), slice(x0 + mx0, x0 + mx1))
    page[region] = multiply(page[region], mask[my0:my1, mx0:mx1], colour)
    return (x0 + mx0, y0 + my0, x0 + mx1, y0 + my1)


def _seal(
    page: Image, rng: np.random.Generator, ctx: PageContext, centre: tuple[float, float], dpi: int
) -> dict[str, Any]:
    diameter = float(rng.uniform(38, 45)) * MM
    serial = "".join(str(d) for d in rng.integers(0, 10, 13)) if rng.random() < 0.4 else None
    label = LABELS[int(rng.integers(0, len(LABELS)))] if rng.random() < 0.3 else None
    spec = SealSpec(
        ctx.unit_name, round(diameter * dpi / 72), float(rng.uniform(-30, 30)), label, serial
    )
    mask = inked_seal(spec, rng)
    colour = seal_colour(rng)
    scale = dpi / 72
    side = mask.shape[0]
    _paste(page, mask, centre[0] * scale - side / 2, centre[1] * scale - side / 2, colour)
    return {
        "kind": "seal",
        "text": spec.name,
        "label": label,
        "serial": serial,
        "center_pt": [round(centre[0], 2), round(centre[1], 2)],
        "diameter_pt": round(diameter, 2),
        "rotation_deg": round(spec.rotation_deg, 3),
        "colour": [round(c) for c in colour],
    }


def _handwriting(
    page: Image, mask: Image, left_pt: float, top_pt: float, dpi: int, kind: str, colour: Any
) -> dict[str, Any]:
    scale = dpi / 72
    box = _paste(page, mask, left_pt * scale, top_pt * scale, colour)
    mark: dict[str, Any] = {"kind": kind, "colour": [round(c) for c in colour]}
    mark["bbox_pt"] = [round(v / scale, 2) for v in box] if box else None
    return mark


def _first_page_centre(ctx: PageContext, rng: np.random.Generator) -> tuple[float, float]:
    radius = 20 * MM
    if ctx.anchor_pt is not None:
        x0, top, x1, bottom = ctx.anchor_pt
        return (
            (x0 + x1) / 2 + rng.uniform(-0.35, 0.35) * radius,
            (top + bottom) / 2 + rng.uniform(-0.25, 0.25) * radius,
        )
    x0, top, x1, bottom = ctx.table_pt or (0.0, 0.0, ctx.width_pt, ctx.height_pt)
    return (x0 + rng.uniform(0.3, 0.8) * (x1 - x0), top + rng.uniform(0.05, 0.3) * (bottom - top))


def stamp_page(
    page: Image, rng: np.random.Generator, ctx: PageContext, dpi: int
) -> list[dict[str, Any]]:
    """Ink the page (an RGB float image at `dpi`) in place; return the marks made."""
    marks: list[dict[str, Any]] = []
    if ctx.first_of_form:
        marks.append(_seal(page, rng, ctx, _first_page_centre(ctx, rng), dpi))
    if not ctx.last_of_form:
        return marks
    x0, _, x1, bottom = ctx.table_pt or (0.0, 0.0, ctx.width_pt, ctx.height_pt * 0.8)
    radius = 20 * MM
    # below the table when there is room for seal, signature and date; else over its last rows
    room = ctx.height_pt - bottom > 1.4 * radius
    below = rng.uniform(-0.35, 0.45) if room else rng.uniform(-1.1, -0.6)
    centre = (x1 - rng.uniform(0.12, 0.3) * (x1 - x0), bottom + below * radius)
    scale = dpi / 72
    ink = pen_colour(rng)
    name = render_strokes(signature(rng.uniform(8, 11) * MM * scale, rng), 0.5 * MM * scale, rng)
    left = centre[0] - radius * rng.uniform(1.6, 2.6)
    name_top = centre[1] - radius * rng.uniform(0.1, 0.5)
    # the whole signature block stays on the sheet
    name_top = min(name_top, ctx.height_pt - 18 * MM - name.shape[0] / scale)
    marks.append(_handwriting(page, name, left, name_top, dpi, "signature", ink))
    date = render_strokes(
        handwritten_text(ctx.date_text, rng.uniform(4.5, 6.0) * MM * scale, rng),
        0.42 * MM * scale,
        rng,
    )
    date_top = name_top + name.shape[0] / scale + rng.uniform(1, 4) * MM
    marks.append(
        _handwriting(page, date, left + rng.uniform(-4, 10) * MM, date_top, dpi, "date", ink)
    )
    marks[-1]["text"] = ctx.date_text
    marks.append(_seal(page, rng, ctx, centre, dpi))
    return marks
