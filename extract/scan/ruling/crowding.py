"""Text strokes told from ruling by what lies beside them: a ruled line has blank cell
padding on both sides, a stroke has the rest of its character right next to it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from declform.extract.scan.ruling.contrast import ContrastInk

# Share of a piece's length with ink right beside it above which the piece is text.
CROWDED = 0.5
# Beside a piece, only ink at least this share as dark as the piece is print (see `crowding`).
CROWD_SHARE = 0.5


def is_text_like(crowded: tuple[float, float]) -> bool:
    """Other ink crowds a piece on a side, as the rest of a character crowds its strokes."""
    before, after = crowded
    return max(before, after) > CROWDED or before + after > 1.4 * CROWDED


def crowding(
    piece: NDArray[np.bool_], ink: ContrastInk, y: int, x: int, band: int, ruling: float
) -> tuple[float, float]:
    """Shares of the piece's columns with ink in a thin band just before / just after it.

    A ruled line has blank cell padding on both sides; a run of text strokes has the rest
    of its characters right next to it, printed as dark as the strokes. A side that is
    solid ink in this band and the next one is a shaded cell (or the dark margin of a
    photo), not text: it counts as clear. Ink far fainter than the piece itself and than
    the page's `ruling` (below CROWD_SHARE of the fainter of the two contrasts) is no part
    of the same print: a copier's speckled streak or toner dust lying grey along a black
    rule. (A faint text stroke still counts the rest of its faint characters.)
    """
    columns = np.flatnonzero(piece.any(axis=0))
    if len(columns) == 0:
        return 0.0, 0.0
    own = ink.contrast[y : y + piece.shape[0], x : x + piece.shape[1]][piece]
    limit = CROWD_SHARE * min(float(np.median(own)), ruling) if len(own) else 0.0
    first = piece[:, columns].argmax(axis=0) + y
    last = piece.shape[0] - 1 - piece[::-1, columns].argmax(axis=0) + y
    cols = (columns + x)[None, :]

    def share(edge: NDArray[np.int64], offsets: NDArray[np.int64]) -> float:
        rows = edge[None, :] + offsets[:, None]
        inside = (rows >= 0) & (rows < ink.mask.shape[0])
        hit = np.zeros(rows.shape, dtype=bool)
        at = rows[inside], np.broadcast_to(cols, rows.shape)[inside]
        hit[inside] = (ink.mask[at] > 0) & (ink.contrast[at] >= limit)
        return float(hit.any(axis=0).mean())

    near = np.arange(2, 2 + band)
    far = np.arange(2 + band, 2 + 2 * band)
    shares = []
    for edge, sign in ((first, -1), (last, 1)):
        close = share(edge, sign * near)
        solid = close >= 0.9 and share(edge, sign * far) >= 0.9
        shares.append(0.0 if solid else close)
    return shares[0], shares[1]
