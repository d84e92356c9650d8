"""The review site's index page as HTML text: one sortable, filterable line per form.

Pure; every text from a record goes through `markup`, which escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from declform.output.review.html import stylesheet_and_script
from declform.output.review.markup import Html, document, el, join
from declform.output.review.model import FormReview, show


@dataclass(frozen=True)
class FormSummary:
    """One line of the index."""

    name: str
    href: str
    title: str | None
    form_type: str
    fiscal_year: int | None
    subject: str | None  # project name, or the department of a department form
    source: str
    pages: int
    indicators: int
    warnings: int
    flagged: int
    low_confidence: int
    notice: str | None


def summarise(name: str, review: FormReview, notice: str | None) -> FormSummary:
    record = review.record
    return FormSummary(
        name=name,
        href=f"forms/{quote(name)}.html",
        title=record.title,
        form_type=record.form_type,
        fiscal_year=record.fiscal_year,
        subject=record.project.name or record.project.competent_department,
        source=record.source.path,
        pages=len(record.source.pages),
        indicators=len(record.indicators),
        warnings=len(record.warnings),
        flagged=review.flagged_count,
        low_confidence=review.low_confidence_count,
        notice=notice,
    )


def _th(label: str, kind: str = "text") -> Html:
    return el("th", {"data-type": kind}, el("button", {"type": "button"}, label))


def _td_number(value: int | None) -> Html:
    return el("td", {"class": "num", "data-sort": value if value is not None else -1}, show(value))


def render_index(forms: Sequence[FormSummary], heading: str) -> str:
    head = [
        _th("Form"),
        _th("Title"),
        _th("Type"),
        _th("Year", "number"),
        _th("Project / department"),
        _th("Pages", "number"),
        _th("Indicators", "number"),
        _th("Warnings", "number"),
        _th("Flagged", "number"),
        _th("Low conf.", "number"),
        _th("Source"),
    ]
    rows = [
        el(
            "tr",
            {"data-warnings": form.warnings, "class": "has-warnings" if form.warnings else None},
            el("td", None, el("a", {"href": form.href}, form.name)),
            el("td", None, show(form.title)),
            el("td", None, form.form_type),
            _td_number(form.fiscal_year),
            el("td", None, show(form.subject)),
            _td_number(form.pages),
            _td_number(form.indicators),
            _td_number(form.warnings),
            _td_number(form.flagged),
            _td_number(form.low_confidence),
            el(
                "td",
                {"class": "source"},
                form.source,
                el("span", {"class": "notice"}, form.notice) if form.notice else None,
            ),
        )
        for form in forms
    ]
    with_warnings = sum(1 for form in forms if form.warnings)
    controls = el(
        "p",
        {"class": "controls"},
        el(
            "label",
            None,
            el("input", {"type": "checkbox", "id": "only-warnings"}),
            " only forms with warnings",
        ),
        el(
            "input",
            {
                "type": "search",
                "id": "filter-text",
                "placeholder": "filter by any text",
                "aria-label": "filter",
            },
        ),
        el("span", {"id": "shown-count", "aria-live": "polite"}, f"{len(forms)} forms"),
    )
    body = [
        el("h1", None, heading),
        el(
            "p",
            None,
            f"{len(forms)} forms, {with_warnings} with warnings. Click a column heading to sort.",
        ),
        controls,
        el(
            "table",
            {"id": "forms", "class": "sortable"},
            el("thead", None, el("tr", None, join(head))),
            el("tbody", None, join(rows)),
        ),
    ]
    return document(heading, stylesheet_and_script("assets"), body, {"class": "index"})
