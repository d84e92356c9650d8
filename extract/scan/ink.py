"""Ink separation: a colour page -> its black print layer, without seals, signatures and
specks of dust; 1-bit faxes descreened.

In the scan walk (`declform.extract.scan.page`) geometry comes first (`orientation`,
`perspective`, `skew` on the colour image), then this module, then the ruling-line grid
(`declform.extract.scan.ruling`) on the print layer.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.layouts.grid import BBox
from declform.output.errors import InputError

Grey = NDArray[np.uint8]

# Chroma (max - min channel) below LOW is paper tint or grey print, above HIGH it is ink that
# has a colour; in between the print layer blends, so anti-aliased seal edges leave no ghost.
_CHROMA_LOW = 12
_CHROMA_HIGH = 40
# Pale seal ink is a little darker than the paper even in its own channel: lifting past the
# brightest channel by this gain takes it to paper white, while black print under a seal
# (dark in every channel) stays dark.
_LIFT_GAIN = 1.5
# An ink colour is a hue cluster of the coloured-ink mask: 10-unit bins of OpenCV's 0–180
# hue, holding at least this many pixels and this share of all coloured ink.
_HUE_BIN = 10
_MIN_INK_PIXELS = 200
_MIN_INK_SHARE = 0.05
_INK_SATURATION = 0.65  # an ink's weakest channel is at most this share of its strongest
_UNMIX_CHROMA = 6  # chroma of JPEG noise on grey print stays below this
_NO_INK = 0.05  # an ink amount below this leaves the pixel as it is
# Ink laid on thicker than its typical colour (a stamp's filled star, a retraced stroke) is
# still ink up to this many times that colour's density.
_MOST_INK = 3.0
_DARK_INK = 160  # an ink whose brightest channel is below this is as dark as print
_EDGE_MARGIN = 10  # grey levels a stroke's edge may fall below its ink's colour (JPEG ringing)
_FILLED = 200  # grey level below which saturated pixels are ink even without local contrast
DESCREEN_SIGMA = 1.0
# Above this share of coloured pixels among all ink the form itself is printed in colour.
COLOUR_PRINTED_SHARE = 0.5
# A speck is at most 1/250 of the page's short side across (a 2 mm dust dot on A4; body
# text's characters are ~1/56) and lies further than 3.5 times that from any character (a
# full-width colon's dots are closer to their characters, about half a character away).
SPECK_SHARE = 1 / 250
SPECK_CLEARANCE = 3.5


def _coloured_lines(coloured: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Long straight runs inside the coloured ink: ruling printed in colour, not a seal.

    The kernel is longer than the flattest stretch of a seal's rim (a 42 mm seal at any
    resolution is ~1/6 of an A4 page's width; its rim runs flat for ~1/14 of it). Found on
    a copy reduced 4x (long kernels are slow at full size), then grown back.
    """
    small = _shrunk_mask(coloured, 4)
    length = max(7, min(small.shape) // 10)
    rows = cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    cols = cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    lines = cv2.dilate(cv2.bitwise_or(rows, cols), np.ones((3, 3), np.uint8))
    full = cv2.resize(
        lines, (coloured.shape[1], coloured.shape[0]), interpolation=cv2.INTER_NEAREST
    )
    return cv2.bitwise_and(full, coloured)


def _shrunk_mask(mask: NDArray[np.uint8], factor: int, share: float = 0.0) -> NDArray[np.uint8]:
    """A 0/255 mask reduced by `factor`, a pixel set where more than `share` of its block was."""
    size = (max(1, mask.shape[1] // factor), max(1, mask.shape[0] // factor))
    small = cv2.resize(mask, size, interpolation=cv2.INTER_AREA)
    return np.where(small > 255 * share, 255, 0).astype(np.uint8)


def seal_boxes(coloured: NDArray[np.uint8]) -> list[BBox]:
    """Compact clusters of coloured ink about the size of a seal (round or oval stamps),
    found on a copy reduced 4x; boxes in `coloured`'s pixels."""
    factor = 4
    # a block must be a quarter inked: the coloured fringes of anti-aliased print are not
    small = _shrunk_mask(coloured, factor, 0.25)
    short = min(small.shape)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, short // 60) | 1,) * 2)
    joined = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes: list[BBox] = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if not short / 20 <= min(w, h) <= max(w, h) <= short / 2.5:
            continue
        if not 0.5 <= w / h <= 2.0 or area < 0.05 * w * h:
            continue
        boxes.append(
            BBox(
                float(x * factor),
                float(y * factor),
                float((x + w) * factor),
                float((y + h) * factor),
            )
        )
    return boxes


def _ink(grey: Grey) -> NDArray[np.bool_]:
    """Pixels darker than their surroundings (print, seal and pen strokes)."""
    block = max(15, (min(grey.shape[:2]) // 50) | 1)
    return np.asarray(
        cv2.adaptiveThreshold(
            grey, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12
        ),
        dtype=bool,
    )


def is_bilevel(grey: Grey) -> bool:
    """Whether (nearly) every pixel is pure black or pure white, judged on a sample."""
    sample = grey[:: max(1, grey.shape[0] // 300), :: max(1, grey.shape[1] // 300)]
    return bool(np.mean((sample > 0) & (sample < 255)) < 0.01)


def descreen(grey: Grey) -> Grey:
    """A 1-bit page (fax, binarized copy) blurred back into grey; other pages unchanged.

    Fax machines dither: a thin grey line arrives as a zigzag of dots, which no straight
    run of pixels follows. The blur turns it into a solid (grey) line again. It must happen
    before any rotation or warp, which would hide that the page was 1-bit.
    """
    if not is_bilevel(grey):
        return grey
    return np.asarray(cv2.GaussianBlur(grey, (0, 0), DESCREEN_SIGMA), dtype=np.uint8)


def despeckle(grey: Grey) -> Grey:
    """The page with specks (toner dust, dirt on the glass) painted over in the paper's
    grey; a page without any is returned as it is.

    A speck is a tiny mark with no character near it. Hundreds of them on a photocopy
    outnumber the characters: every size measured from the marks (the character height
    that the orientation check and the line finder scale by) would come out as a speck's.
    A full stop, a decimal point or a colon's dots sit next to their characters and stay.
    """
    speck = max(3, round(min(grey.shape[:2]) * SPECK_SHARE))
    ink = _ink(grey).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    small = size <= speck
    small[0] = False  # the background
    if not small.any():
        return grey
    # characters, not ruling or a copier's dark margin: dust beside a line is still dust
    glyphs = (size > speck) & (size <= min(grey.shape[:2]) / 15)
    glyphs[0] = False
    reach = 2 * round(SPECK_CLEARANCE * speck) + 1
    near_print = cv2.dilate(glyphs[labels].astype(np.uint8), np.ones((reach, reach), np.uint8))
    tiny = small[labels]
    beside_print = np.zeros(count, dtype=bool)
    beside_print[labels[tiny & (near_print > 0)]] = True
    isolated = small & ~beside_print
    if not isolated.any():
        return grey
    # a ring of one pixel takes the speck's blurred fringe as well
    specks = cv2.dilate(isolated[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    paper = cv2.dilate(grey, np.ones((speck + 4, speck + 4), np.uint8))
    cleaned = grey.copy()
    cleaned[specks] = paper[specks]
    return cleaned


def separate_ink(image: NDArray[np.uint8]) -> tuple[Grey, NDArray[np.uint8], list[BBox]]:
    """(black-print grey layer, coloured-ink mask 0/255, seal-like blob bboxes).

    Red and blue ink (seals, signatures, ballpoint) is taken out of the print layer: a bright
    ink is lifted to its brightest channel (a red seal turns near-white, black print under it
    stays black), and an ink as dark as print (a navy pen) is unmixed from black by optical
    density (`ink_colours`, `without_inks`), as lifting would leave it grey. Long
    straight coloured runs (ruling printed in colour) are kept. A page whose print itself is
    mostly coloured (an invoice printed in red-brown) is left as it is: removing its colour
    would remove the form. Grey images pass through with an empty mask (1-bit ones
    descreened, see `descreen`). Every print layer is cleared of specks (see `despeckle`).
    """
    if image.dtype == np.bool_:
        image = image.astype(np.uint8) * 255
    if image.ndim == 2:
        return despeckle(descreen(image)), np.zeros(image.shape, np.uint8), []
    if image.ndim != 3 or image.shape[2] != 3:
        raise InputError(f"expected a grey or BGR page image, got shape {image.shape}")
    blue, green, red = cv2.split(image)
    brightest = cv2.max(cv2.max(blue, green), red)
    chroma = cv2.subtract(brightest, cv2.min(cv2.min(blue, green), red))
    del blue, green, red
    luminance = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = _ink(luminance)
    saturated = chroma >= (_CHROMA_LOW + _CHROMA_HIGH) // 2
    # coloured ink: saturated and either darker than its surroundings (strokes) or clearly
    # darker than paper (the inside of a filled stamp, where the local contrast is gone)
    coloured = (saturated & (ink | (luminance < _FILLED))).astype(np.uint8) * 255
    inked = max(1, int(np.count_nonzero(ink)))
    if int(np.count_nonzero(saturated & ink)) > COLOUR_PRINTED_SHARE * inked:
        return despeckle(luminance), np.zeros(image.shape[:2], np.uint8), seal_boxes(coloured)
    del ink, saturated
    keep = _coloured_lines(coloured) > 0
    coloured[keep] = 0
    weight = np.clip((chroma.astype(np.float32) - _CHROMA_LOW) / (_CHROMA_HIGH - _CHROMA_LOW), 0, 1)
    weight[keep] = 0
    lifted = luminance + weight * _LIFT_GAIN * (brightest.astype(np.float32) - luminance)
    # A bright ink (a red seal) turns to paper by lifting, and where a stamp lies opaquely
    # over a ruling, lifting leaves a trace of the ruling that the grid still follows. An
    # ink as dark as print (a navy pen) stays grey when lifted: it is unmixed instead.
    dark_inks = [ink for ink in ink_colours(image, coloured) if ink.max() < _DARK_INK]
    if dark_inks:
        unmixed, under_ink = without_inks(image, dark_inks, (chroma >= _UNMIX_CHROMA) & ~keep)
        lifted[under_ink] = unmixed
    del chroma, keep
    print_layer = despeckle(np.clip(lifted, 0, 255).astype(np.uint8))
    return print_layer, coloured, seal_boxes(coloured)


def ink_colours(image: NDArray[np.uint8], coloured: NDArray[np.uint8]) -> list[NDArray[np.float32]]:
    """The full-strength BGR colour of each coloured ink on the page (a red seal, a blue or
    black-blue pen), one per hue cluster of the coloured-ink mask: the median of the cluster's
    most saturated pixels, which are its strokes' cores rather than their paper-mixed edges."""
    pixels = image[coloured > 0]
    if len(pixels) < _MIN_INK_PIXELS:
        return []
    bins = cv2.cvtColor(pixels.reshape(-1, 1, 3), cv2.COLOR_BGR2HSV)[:, 0, 0] // _HUE_BIN
    chroma = pixels.max(axis=1).astype(np.int32) - pixels.min(axis=1)
    counts = np.bincount(bins, minlength=180 // _HUE_BIN)
    peaks: list[int] = []
    inks: list[NDArray[np.float32]] = []
    for peak in np.argsort(counts)[::-1]:
        if counts[peak] < max(_MIN_INK_PIXELS, _MIN_INK_SHARE * len(pixels)):
            break
        # a cluster is its peak bin and the bins on either side, hue being circular
        if any(_bins_apart(peak, other, len(counts)) <= 2 for other in peaks):
            continue
        peaks.append(int(peak))
        near = np.array([_bins_apart(peak, b, len(counts)) <= 1 for b in range(len(counts))])[bins]
        strongest = chroma[near] >= np.percentile(chroma[near], 90)
        ink = np.median(pixels[near][strongest], axis=0).astype(np.float32)
        # a pale or greyish cluster is tinted paper or a photo's shadow, not an ink: taken
        # for one, it would explain away black print with a colour cast
        if ink.max() - ink.min() >= _CHROMA_HIGH and ink.min() <= _INK_SATURATION * ink.max():
            inks.append(ink)
    return inks


def _bins_apart(a: int, b: int, count: int) -> int:
    return int(min((a - b) % count, (b - a) % count))


def _density(pixels: NDArray[np.uint8] | NDArray[np.float32]) -> NDArray[np.float32]:
    """Optical density per channel: inks printed over one another add up in it."""
    return -np.log(np.maximum(pixels.astype(np.float32), 1.0) / 255.0)


def without_inks(
    image: NDArray[np.uint8], inks: list[NDArray[np.float32]], tinted: NDArray[np.bool_]
) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
    """(grey levels, where): the page with the coloured inks taken away, black print kept,
    at the pixels where any of the inks lies.

    Each tinted pixel's optical density is split by least squares into an amount of its
    best-fitting ink and a neutral (black) density; densities add where inks overlap, so
    black print crossing a navy pen stroke or under a red seal keeps its own darkness. A
    navy stroke is as dark as print, so lifting it by its brightest channel left it grey;
    unmixed, it turns to paper. A scan's JPEG keeps colour at half the resolution of
    brightness, so a stroke's edge looks neutral: a pixel no darker than the ink takes the
    largest ink amount found around it (3×3) before its black density is worked out.
    """
    height, width = image.shape[:2]
    luminance = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink_densities = [_density(ink.reshape(1, 3))[0] for ink in inks]
    amounts = [np.zeros((height, width), np.float32) for _ in inks]
    density = _density(image[tinted])
    best = np.full(len(density), np.inf, dtype=np.float32)
    chosen = np.full(len(density), -1)
    fitted = np.zeros(len(density), np.float32)
    neutral = np.ones(3, dtype=np.float32)
    for index, ink_density in enumerate(ink_densities):
        basis = np.stack([ink_density, neutral], axis=1)
        amount = np.clip((density @ np.linalg.pinv(basis).T)[:, 0], 0.0, _MOST_INK)
        black = np.clip((density - amount[:, None] * ink_density).mean(axis=1), 0.0, None)
        residual = np.abs(density - amount[:, None] * ink_density - black[:, None]).sum(axis=1)
        closer = residual < best
        best[closer], chosen[closer], fitted[closer] = residual[closer], index, amount[closer]
    for index, (ink, amount_map) in enumerate(zip(inks, amounts, strict=True)):
        amount_map[tinted] = np.where(chosen == index, fitted, 0.0)
        # A neighbour lends its ink only to a pixel no darker than that ink: a stroke's edge
        # is paler than its core, while black print crossing or beside the ink (a ruling
        # under a stamp) is darker and keeps its own fit. It lends at most one full ink's
        # worth, so a stamp's filled core does not wipe out what lies beside it.
        spread = cv2.dilate(np.minimum(amount_map, 1.0), np.ones((3, 3), np.uint8))
        ink_grey = float(
            cv2.cvtColor(ink.astype(np.uint8).reshape(1, 1, 3), cv2.COLOR_BGR2GRAY)[0, 0]
        )
        pale = luminance >= ink_grey - _EDGE_MARGIN
        amounts[index] = np.where(pale, np.maximum(amount_map, spread), amount_map)
    inked = np.zeros((height, width), dtype=bool)
    for amount_map in amounts:
        inked |= amount_map > _NO_INK
    remaining = _density(image[inked])
    for ink_density, amount_map in zip(ink_densities, amounts, strict=True):
        remaining -= amount_map[inked][:, None] * ink_density
    black = np.clip(remaining.mean(axis=1), 0.0, None)
    return np.minimum(255.0 * np.exp(-black), 255.0), inked
