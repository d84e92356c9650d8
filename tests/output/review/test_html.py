"""The review pages as HTML: page text is always text, never markup."""

from __future__ import annotations

import re

from declform.output import Project, RecordWarning
from declform.output.review.html import FormLinks, PageView, render_form, row_id
from declform.output.review.index import render_index, summarise
from declform.output.review.markup import Html, el
from declform.output.review.model import review_form
from tests.output.review.kit import ANNUAL_FORM, cells, indicator, record

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(2)>'
LINKS = FormLinks(index="../index.html", previous=None, next="b.html", assets="../assets")


def _hostile_review():  # type: ignore[no-untyped-def]
    table = [(r, c, rs, cs, SCRIPT if text == "百家科技" else text) for r, c, rs, cs, text in ANNUAL_FORM]
    form = record(
        cells(table),
        path=f"forms/{SCRIPT}.pdf",
        title=SCRIPT,
        project=Project(name=SCRIPT),
        indicators=(indicator(SCRIPT, ATTRIBUTE_BREAK),),
        warnings=(RecordWarning("low_confidence", f"cell read as {ATTRIBUTE_BREAK}", "page 1 row 0 col 1"),),
    )
    return review_form(form)


def _tags(page: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", page)


def test_a_cell_reading_a_script_shows_as_text_on_the_form_page() -> None:
    review = _hostile_review()
    crops = {"project.name": "../img/x.png"}
    page = render_form(review, crops, [PageView(1, "../img/p.webp", 500, 700)], LINKS, notice=SCRIPT)
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert _tags(page, "script") == ['<script src="../assets/review.js" defer>']
    assert "onerror=alert(2)>" not in page  # broke out of neither an attribute nor text
    assert [tag for tag in _tags(page, "img") if "onerror" in tag] == []


def test_the_index_escapes_page_text_too() -> None:
    page = render_index([summarise(SCRIPT, _hostile_review(), notice=ATTRIBUTE_BREAK)], heading=SCRIPT)
    assert SCRIPT not in page
    assert _tags(page, "script") == ['<script src="assets/review.js" defer>']
    assert "onerror=alert(2)>" not in page
    assert 'href="forms/%3Cscript%3Ealert%281%29%3C/script%3E.html"' in page


def test_flagged_rows_are_focusable_and_point_at_their_cell() -> None:
    page = render_form(_hostile_review(), {}, [], LINKS, notice=None)
    row = re.search(rf'<tr id="{row_id("project.name")}"[^>]*>', page)
    assert row is not None
    assert 'class="flagged"' in row.group(0) and 'tabindex="-1"' in row.group(0)
    (name_cell,) = [c for c in cells(ANNUAL_FORM) if (c.row, c.col) == (0, 1)]
    box = " ".join(f"{v:.0f}" for v in name_cell.bbox)
    assert 'data-page="1"' in row.group(0) and f'data-box="{box}"' in row.group(0)
    assert "no crop" in page  # no crop URL given


def test_markup_builder_escapes_strings_and_keeps_markup() -> None:
    built = el("p", {"title": '"x"', "hidden": True, "id": None}, "<b>", Html("<i>ok</i>"))
    assert built == '<p title="&quot;x&quot;" hidden>&lt;b&gt;<i>ok</i></p>'


def test_a_page_sequence_form_names_the_file_of_each_page() -> None:
    from dataclasses import replace

    from declform.output.record import SourceFile

    form = record(cells(ANNUAL_FORM), path="scans/scan_{n}.jpg", pages=(1, 2))
    files = (SourceFile(1, "scans/scan_001.jpg", "a" * 64, 1),
             SourceFile(2, "scans/scan_002.jpg", "b" * 64, 1))
    form = replace(form, source=replace(form.source, files=files))
    page = render_form(review_form(form), {}, [], LINKS, notice=None)
    assert "pages 1 (scan_001.jpg), 2 (scan_002.jpg)" in page
