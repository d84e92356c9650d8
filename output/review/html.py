"""One form's review page as HTML text: values beside their crops, warnings, page images.

Pure: the caller passes what the page links to (crop and page-image URLs) and writes the text.
Every text taken from a record goes through `markup`, which escapes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from declform.output.review.markup import Html, document, el, join
from declform.output.review.model import (
    ABOVE_TABLE,
    CORRECTED_CODES,
    OUTSIDE_TABLE,
    FormReview,
    ReviewRow,
    show,
    union_box,
)

_ID_UNSAFE = re.compile(r"[^a-z0-9]+")
KEYS_HELP = "Keys: j or n — next flagged item, k or p — previous."


@dataclass(frozen=True)
class PageView:
    page: int
    src: str  # URL of the page image relative to the form page
    width: int  # the frame the cell bboxes refer to
    height: int


@dataclass(frozen=True)
class FormLinks:
    index: str
    previous: str | None
    next: str | None
    assets: str  # URL of the assets folder relative to the form page


def row_id(key: str) -> str:
    return "r-" + _ID_UNSAFE.sub("-", key.lower()).strip("-")


def stylesheet_and_script(assets: str) -> list[Html]:
    return [
        el("link", {"rel": "stylesheet", "href": f"{assets}/review.css"}),
        el("script", {"src": f"{assets}/review.js", "defer": True}),
    ]


def _issues(review: FormReview, row: ReviewRow) -> Html:
    badges = []
    if row.low_confidence is not None:
        badges.append(
            el("span", {"class": "badge low"}, f"low confidence {row.low_confidence:.2f}")
        )
    for index in row.warnings:
        warning = review.record.warnings[index]
        kind = "corr" if warning.code in CORRECTED_CODES else "warn"
        badges.append(
            el(
                "a",
                {"class": f"badge {kind}", "href": f"#w-{index}", "title": warning.message},
                warning.code,
            )
        )
    return el("td", {"class": "issues"}, join(badges, " "))


def _crop(src: str | None, row: ReviewRow) -> Html:
    if src is None or not row.crop:
        why = "above the table, no cell" if row.key in ABOVE_TABLE else "no crop"
        return el("td", {"class": "crop"}, el("span", {"class": "nocrop"}, why))
    first = row.crop[0]
    alt = (f"page {first.page} row {first.row} col {first.col}" if first.row != OUTSIDE_TABLE
           else f"page {first.page}, a line outside the table")
    return el("td", {"class": "crop"}, el("img", {"src": src, "alt": alt, "loading": "lazy"}))


def _value_row(review: FormReview, row: ReviewRow, crop_src: str | None) -> Html:
    classes = [
        "flagged" if row.flagged else "",
        "low" if row.low_confidence is not None else "",
        "corrected" if row.corrected else "",
    ]
    box = " ".join(f"{v:.0f}" for v in union_box(row.crop)) if row.crop else None
    attrs = {
        "id": row_id(row.key),
        "class": " ".join(c for c in classes if c) or None,
        "tabindex": "-1",
        "data-page": row.crop[0].page if row.crop else None,
        "data-box": box,
    }
    cells = [el("td", {"class": "text"}, text) for text in row.texts]
    return el("tr", attrs, join(cells), _crop(crop_src, row), _issues(review, row))


def _table(
    review: FormReview, rows: list[ReviewRow], headings: Sequence[str], crops: Mapping[str, str]
) -> Html:
    head = el("tr", None, join(el("th", None, h) for h in (*headings, "Crop", "Issues")))
    body = join(_value_row(review, row, crops.get(row.key)) for row in rows)
    section = rows[0].section if rows else "empty"
    return el(
        "table", {"class": f"values {section}"}, el("thead", None, head), el("tbody", None, body)
    )


def _warnings(review: FormReview) -> Html:
    shown_by = {index: row for row in review.rows for index in row.warnings}
    items = []
    for index, warning in enumerate(review.record.warnings):
        row = shown_by.get(index)
        link = el("a", {"href": f"#{row_id(row.key)}"}, "→ value") if row is not None else None
        loose = index in review.loose_warnings
        items.append(
            el(
                "li",
                {
                    "id": f"w-{index}",
                    "class": "warning flagged" if loose else "warning",
                    "tabindex": "-1",
                },
                el("code", None, warning.code),
                " ",
                warning.message,
                el("span", {"class": "where"}, f" ({warning.where})") if warning.where else None,
                " " if link else None,
                link,
            )
        )
    if not items:
        return el("p", None, "No warnings.")
    return el("ol", {"class": "warnings"}, join(items))


def _page_figure(view: PageView) -> Html:
    overlay = el(
        "svg",
        {
            "viewBox": f"0 0 {view.width} {view.height}",
            "preserveAspectRatio": "none",
            "aria-hidden": "true",
        },
        el("rect", {"class": "hl", "x": 0, "y": 0, "width": 0, "height": 0}),
    )
    return el(
        "figure",
        {"class": "page", "data-page": view.page},
        el(
            "div",
            {"class": "frame"},
            el("img", {"src": view.src, "alt": f"page {view.page} with the detected grid"}),
            overlay,
        ),
        el(
            "figcaption",
            None,
            f"page {view.page} — grid as detected; red: low confidence, orange: warned",
        ),
    )


def render_form(
    review: FormReview,
    crops: Mapping[str, str],
    pages: Sequence[PageView],
    links: FormLinks,
    notice: str | None,
) -> str:
    record = review.record
    nav = el(
        "nav",
        None,
        el("a", {"href": links.index}, "↑ all forms"),
        " ",
        el("a", {"href": links.previous, "rel": "prev"}, "← previous") if links.previous else None,
        " ",
        el("a", {"href": links.next, "rel": "next"}, "next →") if links.next else None,
    )
    pages_list = ", ".join(
        f"{page} ({Path(file.path).name})" if (file := record.source.file_of(page))
        else str(page)
        for page in record.source.pages
    )  # a page sequence's pages name their files
    source = f"{record.source.path} · pages {pages_list} · {record.form_type}"
    header = el(
        "header",
        None,
        nav,
        el("h1", None, show(record.title)),
        el("p", {"class": "source"}, source),
        el("p", {"class": "notice", "role": "status"}, notice) if notice else None,
        el(
            "p",
            {"class": "keys"},
            f"{review.flagged_count} flagged. {KEYS_HELP}",
            el("span", {"id": "flag-pos"}),
        ),
    )
    sections = [
        el("h2", None, "Header fields"),
        _table(review, review.section("header"), ("Field", "Value"), crops),
        el("h2", None, f"Indicators ({len(record.indicators)})"),
        _table(
            review,
            review.section("indicator"),
            ("Period", "Level 1", "Level 2", "Name", "Value", "Parsed"),
            crops,
        ),
    ]
    if record.tasks:
        sections += [
            el("h2", None, f"Tasks ({len(record.tasks)})"),
            _table(
                review,
                review.section("task"),
                ("Category", "Name", "Content", "Total", "Fiscal", "Transfer", "Goal"),
                crops,
            ),
        ]
    sections += [el("h2", None, f"Warnings ({len(record.warnings)})"), _warnings(review)]
    figures = [_page_figure(view) for view in pages]
    main = el(
        "main",
        None,
        el("section", {"class": "values-pane"}, join(sections)),
        el(
            "aside",
            {"class": "pages-pane"},
            join(figures) if figures else el("p", {"class": "nocrop"}, "no page images"),
        ),
    )
    return document(
        show(record.title), stylesheet_and_script(links.assets), [header, main], {"class": "form"}
    )
