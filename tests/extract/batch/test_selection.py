"""`--pages` ranges: parsed as OCRmyPDF spells them, cut to each input's length."""

from __future__ import annotations

import pytest

from declform.extract.batch.selection import parse_pages


@pytest.mark.parametrize(
    ("text", "count", "pages"),
    [
        ("1-3,7", 10, (1, 2, 3, 7)),
        ("5-", 7, (5, 6, 7)),
        ("2", 1, ()),
        (" 3 - 4 , 1", 5, (1, 3, 4)),
        ("1-2,2-3", 3, (1, 2, 3)),
    ],
)
def test_a_range_selects_the_pages_an_input_has(text: str, count: int, pages: tuple[int, ...]) -> None:
    assert parse_pages(text).pages_of(count) == pages


@pytest.mark.parametrize("text", ["", "0", "3-1", "a-b", "1-2-3", "-4"])
def test_what_is_not_a_range_is_refused_with_the_part_named(text: str) -> None:
    with pytest.raises(ValueError, match="range"):
        parse_pages(text)
