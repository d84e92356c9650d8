"""`--pages`: which pages of each input a run reads, as OCRmyPDF and qpdf spell ranges.

"1-3,7" reads pages 1, 2, 3 and 7 of every input; "5-" from page 5 to the end. Pages beyond an
input's end are simply absent from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$")


@dataclass(frozen=True)
class PageSelection:
    """Inclusive (first, last) spans; last None means to the end of the input."""

    spans: tuple[tuple[int, int | None], ...]
    text: str

    def pages_of(self, count: int) -> tuple[int, ...]:
        """The selected pages of an input with `count` pages, in order."""
        return tuple(
            page
            for page in range(1, count + 1)
            if any(first <= page and (last is None or page <= last) for first, last in self.spans)
        )


def parse_pages(text: str) -> PageSelection:
    """A selection from "1-3,7,10-"; ValueError naming the part that is not a page range."""
    spans: list[tuple[int, int | None]] = []
    for part in text.split(","):
        match = _PART.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a page or a range such as 2-5 or 7-")
        first = int(match[1])
        last = first if match[2] is None else (int(match[3]) if match[3] else None)
        if first < 1 or (last is not None and last < first):
            raise ValueError(f"{part.strip()!r} is not a range of pages counted from 1")
        spans.append((first, last))
    return PageSelection(tuple(spans), text)
