"""`DIR/audit/report.html`: the audit report as a page — a chart of the error rate of every
field kind with its interval, and the table of counts behind it. Built with the review's
escaping builders (`markup`), so no text from a record or a verdict is ever markup."""

from __future__ import annotations

from declform.output.review.audit_report import AuditReport, DomainReport
from declform.output.review.markup import Html, document, el, join

_ROW_HEIGHT = 28
_LABEL_WIDTH = 150
_PLOT_WIDTH = 480
_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
svg text { font-size: 12px; }
"""


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _chart(rows: list[DomainReport]) -> Html:
    """One line per domain: the interval as a bar, the estimate as a dot, on a 0 to `top` axis
    (the largest upper bound, rounded up to 10 %)."""
    highs = [row.high for row in rows if row.high is not None]
    top = max(0.1, min(1.0, (int(max(highs, default=0.0) * 10) + 1) / 10))
    height = _ROW_HEIGHT * (len(rows) + 1)

    def x(value: float) -> float:
        return _LABEL_WIDTH + _PLOT_WIDTH * value / top

    step = 0.1 if top >= 0.5 else 0.05 if top >= 0.2 else 0.01
    parts: list[Html] = []
    for tick in range(round(top / step) + 1):
        value = tick * step
        parts.append(el("line", {"x1": x(value), "x2": x(value), "y1": 0,
                                 "y2": height - _ROW_HEIGHT, "stroke": "#eee"}))
        parts.append(el("text", {"x": x(value), "y": height - 8, "text-anchor": "middle"},
                        f"{100 * value:.0f}%"))
    for index, row in enumerate(rows):
        y = _ROW_HEIGHT * index + _ROW_HEIGHT / 2
        parts.append(el("text", {"x": 4, "y": y + 4}, row.domain))
        if row.rate is None or row.low is None or row.high is None:
            parts.append(el("text", {"x": x(0) + 4, "y": y + 4, "fill": "#888"}, "not reviewed"))
            continue
        parts.append(el("rect", {"x": x(row.low), "y": y - 5, "height": 10, "fill": "#9ecae1",
                                 "width": max(1.0, x(row.high) - x(row.low))}))
        parts.append(el("circle", {"cx": x(row.rate), "cy": y, "r": 4, "fill": "#08519c"}))
        parts.append(el("title", None, f"{row.domain}: {_percent(row.rate)} "
                                       f"({_percent(row.low)} – {_percent(row.high)})"))
    return el("svg", {"width": _LABEL_WIDTH + _PLOT_WIDTH + 30, "height": height,
                      "role": "img", "aria-label": "error rate per field kind"}, join(parts))


_COLUMNS = ("", "values", "sampled", "reviewed", "unreviewed", "accepted", "corrected",
            "flagged", "error rate", "interval")


def _table(rows: list[DomainReport]) -> Html:
    head = el("tr", None, join(el("th", None, name) for name in _COLUMNS))
    body = [
        el("tr", None, join(el("td", None, str(cell)) for cell in (
            row.domain, row.population, row.sampled, row.reviewed, row.unreviewed,
            row.accepted, row.corrected, row.flagged, _percent(row.rate),
            f"{_percent(row.low)} – {_percent(row.high)}",
        )))
        for row in rows
    ]
    return el("table", None, head, join(body))


def report_html(report: AuditReport, folder: str) -> str:
    method = "Wilson score" if report.method == "wilson" else "exact (Clopper-Pearson)"
    rows = [report.overall, *report.kinds]
    summary = (
        f"Error rate of the batch in {folder}, estimated from {report.overall.reviewed} "
        f"reviewed values of a sample of {report.overall.sampled} (seed {report.seed}, "
        f"stratified by {report.by}); {report.confidence:.0%} {method} intervals. An error is "
        "a value corrected or flagged; unreviewed values are left out."
    )
    body = [
        el("h1", None, "Audit report"),
        el("p", None, summary),
        _chart(rows),
        el("h2", None, "By field kind"),
        _table(rows),
        el("h2", None, f"By stratum ({report.by})"),
        _table(list(report.strata)),
    ]
    if report.gone:
        body.append(el("p", None, f"{report.gone} sampled value(s) are in no record any more "
                                  "(re-extracted since the sample was drawn) and are left out."))
    return document("Audit report", [el("style", None, Html(_STYLE))], body, {})
