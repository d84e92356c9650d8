"""The named degradation profiles: from a born-digital page raster to a scanned page.

| profile     | dpi      | image  | what happens                                               |
|-------------|----------|--------|------------------------------------------------------------|
| clean       | 300      | grey   | rasterised as is: a perfect straight scan                  |
| office_scan | 200      | grey   | paper and toner, skew ±2°, blur, sensor noise, JPEG         |
| stamped     | 200      | RGB    | red seals, signature and date in pen, then office_scan     |
| photocopy   | 200      | grey/1 | toner spread, filled or broken; toner scatter; streaks; lid |
| fax         | 100–150  | 1 bit  | dithered (of a copy half the time), TTI line, lost lines   |
| photo       | 150–180  | RGB    | phone photo: perspective, curl, uneven light, desk around  |
| rotated     | 200      | grey   | office_scan (skew ≤1°), then turned by 90°, 180° or 270°   |
| aug_*       | 200      | grey   | augraphy's photocopy / fax (scripts/corpus/augraphy_stage.py) |

`PROFILES` ("all") are the corpus's own; `AUGRAPHY_PROFILES` come from a third-party library
and are asked for by name (`KNOWN_PROFILES` holds both).

Every page's parameters carry `matrix` (3×3, born-digital raster pixels at the profile's
dpi → output pixels) except photo, which has `homography` and `curl` instead (see
corpus_photo). `rotation_deg` is counter-clockwise as displayed: turning the image
clockwise by that angle makes the page upright again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from scripts.corpus.augraphy_stage import AUGRAPHY_PROFILES, augraphy_degrade
from scripts.corpus.imaging import matrix_list, rotate_quarter, to_uint8
from scripts.corpus.marks import PageContext, stamp_page
from scripts.corpus.photo import photograph
from scripts.corpus.scan import fax, photocopy, printed_page, scan

PROFILES = ("clean", "office_scan", "stamped", "photocopy", "fax", "photo", "rotated")
KNOWN_PROFILES = (*PROFILES, *AUGRAPHY_PROFILES)
RIGHT_ANGLES = (90, 180, 270)
Params = dict[str, Any]


def document_settings(profile: str, rng: np.random.Generator) -> Params:
    """What stays the same on every page of a document: the machine's resolution and mode."""
    if profile not in KNOWN_PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(KNOWN_PROFILES)}")
    settings: Params = {"dpi": 200}
    if profile == "clean":
        settings["dpi"] = 300
    elif profile == "fax":
        settings["dpi"] = int(rng.integers(100, 151))
    elif profile == "photo":
        settings["dpi"] = int(rng.integers(150, 181))
    if profile == "photocopy":
        settings["binarized"] = bool(rng.random() < 0.5)
    return settings


def _quarter_turn(image: NDArray[np.uint8], params: Params, rng: np.random.Generator) -> Any:
    angle = RIGHT_ANGLES[int(rng.integers(0, len(RIGHT_ANGLES)))]
    turned, turn = rotate_quarter(image, angle)
    params["rotation_deg"] = angle
    params["matrix"] = matrix_list(turn @ np.asarray(params["matrix"]))
    return turned


def degrade(
    profile: str,
    raster: NDArray[np.uint8],
    rng: np.random.Generator,
    ctx: PageContext,
    settings: Params,
) -> tuple[NDArray[Any], Params]:
    """The scanned page (uint8 grey / RGB, or bool for 1-bit) and what was done to it.

    `raster` is the born-digital page rendered at `settings["dpi"]`.
    """
    if profile == "clean":
        return raster, {"matrix": matrix_list(np.eye(3))}
    if profile == "office_scan":
        image, params = scan(printed_page(raster, rng, colour=False), rng)
        return to_uint8(image), params
    if profile == "stamped":
        page = printed_page(raster, rng, colour=True)
        marks = stamp_page(page, rng, ctx, int(settings["dpi"]))
        image, params = scan(page, rng)
        return to_uint8(image), {**params, "marks": marks}
    if profile == "photocopy":
        return photocopy(raster, rng, binarized=bool(settings["binarized"]))
    if profile == "fax":
        return fax(raster, rng, ctx.fax_header)
    if profile == "photo":
        return photograph(raster, rng)
    if profile in AUGRAPHY_PROFILES:
        return augraphy_degrade(profile, raster, rng)
    if profile == "rotated":
        image, params = scan(printed_page(raster, rng, colour=False), rng, max_skew=1.0)
        return _quarter_turn(to_uint8(image), params, rng), params
    raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
