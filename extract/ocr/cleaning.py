"""Clean a cell crop for the recogniser: ruling stubs and isolated specks painted out, the
paper made white, and a light second ink layer (a seal scanned in grey) taken off as a second
variant of the crop. Left in, all of them make recognisers invent characters.
"""

from __future__ import annotations

import cv2
import numpy as np

from declform.extract.ocr.textlines import (
    Components,
    components,
    glyph_height,
    ink_mask,
    otsu_threshold,
    rule_mask,
)

# A seal in grey is a mid-grey layer, much of it far from any dark stroke; the mid-grey rim
# of blurred print always hugs its dark core.
_LAYER_GAP = 3
_LAYER_FAR_SHARE = 0.3
# Photocopy and fax specks: marks smaller than this share of a character, farther than
# _SPECK_REACH characters from any character-sized mark (a full stop or decimal point sits
# next to its text; a speck lies anywhere).
_SPECK_SIZE = 0.3
_SPECK_REACH = 0.6


def light_layer(grey: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """Pixels of a light second ink layer over dark print (a red seal scanned in grey).

    The ink splits in two by Otsu again; the lighter part is a layer of its own when much of
    it lies away from the darker part. Lighter pixels next to dark strokes are the print's
    own anti-aliased rim and stay.
    """
    ink = grey[mask]
    if ink.size < 50:
        return None
    dark = (grey < otsu_threshold(ink)) & mask
    lighter = mask & ~dark
    if not dark.any() or lighter.sum() < 50:
        return None
    size = 2 * _LAYER_GAP + 1
    far = lighter & ~cv2.dilate(dark.astype(np.uint8), np.ones((size, size), np.uint8)).astype(bool)
    if far.sum() < _LAYER_FAR_SHARE * lighter.sum():
        return None
    rim = cv2.dilate(dark.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return np.asarray(lighter & ~rim, dtype=bool)


def remove_rules(grey: np.ndarray) -> np.ndarray:
    """The crop with ruling stubs painted paper-white."""
    mask = ink_mask(grey)
    rules = rule_mask(mask) if mask.any() else mask
    if not rules.any():
        return grey
    out = grey.copy()
    out[cv2.dilate(rules.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)] = _paper(
        grey, mask
    )
    return out


def speck_mask(mask: np.ndarray, found: Components | None = None) -> np.ndarray:
    """The isolated specks among the ink of a crop (see _SPECK_SIZE); `found`: the mask's
    `components`, when the caller has them."""
    count, labels, stats = found or components(mask)
    glyph = glyph_height(stats, extent=True)
    if count <= 2 or glyph < 6:
        return np.zeros_like(mask, dtype=bool)
    sizes = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    small = sizes < _SPECK_SIZE * glyph
    small[0] = False  # the background
    if not small.any():
        return np.zeros_like(mask, dtype=bool)
    large = mask & ~small[labels]
    reach = max(2, round(_SPECK_REACH * glyph))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
    near = cv2.dilate(large.astype(np.uint8), kernel).astype(bool)
    touches = np.bincount(labels[near & mask], minlength=count) > 0
    return np.asarray(small[labels] & ~touches[labels] & mask, dtype=bool)


def clean_crop(grey: np.ndarray) -> np.ndarray:
    """The crop as recognisers read it best: ruling stubs and isolated specks painted out,
    and the paper made white: away from the print (a photocopy's grey texture, stretched
    for contrast, is read as characters) and, with the print's shades scaled to match,
    around it."""
    mask = ink_mask(grey)
    if not mask.any():
        return grey
    found = components(mask)
    stray = rule_mask(mask, found)
    stray = cv2.dilate(stray.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    text = mask & ~stray
    # without stubs the text is the whole mask, its components those already found
    stray |= speck_mask(text, None if stray.any() else found)
    text &= ~stray
    near_print = cv2.dilate(text.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    out = grey.copy()
    out[~near_print] = 255
    # Near the print the paper's own grey is lifted to white as well, the print's shades
    # in proportion: left grey, it rings every glyph with a halo on the white, which the
    # next ink threshold takes for ink, joining a wrapped line to the one above.
    paper = _paper(grey, mask)
    if 0 < paper < 255:
        lifted = grey[near_print].astype(np.float32) * (255.0 / paper)
        out[near_print] = np.clip(lifted, 0, 255).astype(np.uint8)
    return out


def remove_light_layer(grey: np.ndarray) -> np.ndarray | None:
    """The crop with a light overlaid layer (a seal in grey) painted paper-white, or None
    when it has none. Faint print can pass for such a layer, so callers read both."""
    mask = ink_mask(grey)
    layer = light_layer(grey, mask) if mask.any() else None
    if layer is None or not layer.any():
        return None
    out = grey.copy()
    out[layer] = _paper(grey, mask)
    return out


def _paper(grey: np.ndarray, mask: np.ndarray) -> int:
    return int(np.median(grey[~mask])) if (~mask).any() else 255
