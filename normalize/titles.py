"""Form titles are a closed set of wordings: `<office><year>年<kind>绩效目标<申报表|填报表|表>`.

An OCR reading of the wording's last characters ("…绩效目标日报表": 申 read as 日) is snapped to
the nearest known ending, one character apart at most; where two endings are as near, the
family's canonical 申报表 wins. The office and year before it are left as read: they are not a
closed set. Callers keep the raw title in a warning.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

_STEM = "绩效目标"
# words a title line of the family holds (the line that starts the title)
TITLE_WORDS = ("绩效目标", "申报表", "目标表")
# forms of the same family that are not declarations: named, never read as one
RELATED_FORMS = {
    "自评表": "a performance self-evaluation (绩效自评表)",
    "评价表": "a performance evaluation (绩效评价表)",
}
# known endings after 绩效目标, the canonical wording first (it wins a tie)
ENDINGS = ("申报表", "填报表", "表", "(申报)表", "（申报）表")


def snap_title(title: str | None) -> str | None:
    """The title with its ending put right, or None when it needs nothing (or is no title of
    the family's wording)."""
    if not title:
        return None
    stem = title.rfind(_STEM)
    if stem < 0:
        return None
    head, tail = title[: stem + len(_STEM)], title[stem + len(_STEM) :]
    if not tail or tail in ENDINGS:
        return None
    best = min(ENDINGS, key=lambda ending: Levenshtein.distance(tail, ending))
    if len(tail) != len(best) or Levenshtein.distance(tail, best) != 1:
        return None  # a character exchanged, none lost or added: else it is not this ending
    return head + best
