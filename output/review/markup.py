"""Building HTML that escapes by default: every plain `str` is text, only `Html` is markup.

Texts on the review page come from scanned pages and OCR; a cell may read anything, markup
included. Builders here escape every string child and attribute value, so the page code never
decides case by case what to escape.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

_VOID = frozenset({"img", "meta", "link", "input", "br", "rect"})
Attributes = Mapping[str, object]


class Html(str):
    """Markup built by this module (safe to insert as is)."""

    __slots__ = ()


def text(value: object) -> Html:
    return Html(html.escape(str(value), quote=True))


def _attributes(attrs: Attributes | None) -> str:
    parts = []
    for name, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{text(value)}"')
    return "".join(parts)


def el(tag: str, attrs: Attributes | None = None, *children: str | None) -> Html:
    """`<tag attrs>children</tag>`; `Html` children are kept, other strings escaped, None
    skipped. Tag and attribute names are the page code's constants, never page text."""
    opening = f"<{tag}{_attributes(attrs)}"
    if tag in _VOID:
        return Html(opening + (" />" if tag == "rect" else ">"))
    inner = "".join(
        child if isinstance(child, Html) else text(child) for child in children if child is not None
    )
    return Html(f"{opening}>{inner}</{tag}>")


def join(parts: Iterable[Html], separator: str = "") -> Html:
    return Html(text(separator).join(parts))


def document(title: str, head: Iterable[Html], body: Iterable[Html], body_attrs: Attributes) -> str:
    """A whole page: UTF-8, an empty favicon (a file:// page must not ask for one)."""
    return (
        "<!DOCTYPE html>\n"
        + el(
            "html",
            {"lang": "zh"},
            el(
                "head",
                None,
                el("meta", {"charset": "utf-8"}),
                el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
                el("link", {"rel": "icon", "href": "data:,"}),
                el("title", None, title),
                join(head),
            ),
            el("body", body_attrs, join(body)),
        )
        + "\n"
    )
