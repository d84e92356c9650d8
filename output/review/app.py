"""The review app behind `declform review DIR --serve`: Flask with Jinja2 templates (autoescaped:
no HTML is built by hand here), the verdict journal in DIR, crops cut from the record's
provenance. Every request carries the access token (in the query once, then in a cookie set
from it) or is refused with 403; pages allow scripts and images from the app only (CSP).

Routes: `/` the forms with their status and the inputs not read; `/form/<record>` one form's
values with filters; `/queue` the audit sample one value at a time; `/crop/<record>?field=`
a value's crop; `POST /api/verdict`, `/api/status`, `/api/check` (JSON) for the page script.
"""

from __future__ import annotations

import getpass
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, jsonify, render_template, request

from declform.output.codes import WarningCode
from declform.output.fields import FIELD_KINDS
from declform.output.review.crops import CropMaker
from declform.output.review.folder import RecordFolder, problems, read_sample
from declform.output.review.judging import VerdictError, check_value, judge
from declform.output.review.messages import CATALOGUE, Language, language, translate
from declform.output.review.model import HEADER_FIELDS
from declform.output.review.site import PageLoader
from declform.output.review.values import LineCache, ValueFilter, ValueLine, filtered
from declform.output.review.verdicts import FORM_STATUSES, VERDICT_KINDS, VerdictStore

TOKEN_COOKIE = "declform_token"
LANG_COOKIE = "declform_lang"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADER_LABELS = dict(HEADER_FIELDS)


def field_label(line: ValueLine, lang: Language) -> str:
    if line.field in _HEADER_LABELS:
        return _HEADER_LABELS[line.field]
    number = int(line.field[line.field.index("[") + 1 : line.field.index("]")]) + 1
    return f"#{number} {translate(lang, f'kind_{line.kind}')}"


def _value_filter() -> ValueFilter:
    below = request.args.get("below", "")
    try:
        threshold = float(below) if below else None
    except ValueError:
        threshold = None
    return ValueFilter(
        code=request.args.get("code") or None,
        below=threshold,
        kind=request.args.get("kind") or None,
        open_only=request.args.get("open") == "1",
    )


def create_app(
    out_dir: Path,
    load_pages: PageLoader,
    *,
    token: str | None = None,
    lang: Language = "zh",
    who: str | None = None,
) -> Flask:
    """The app for output folder `out_dir`; `app.config["TOKEN"]` is the access token."""
    out_dir = Path(out_dir)
    app = Flask(__name__, static_folder="assets", static_url_path="/assets")
    app.config.update(TOKEN=token or secrets.token_urlsafe(24), LANG=lang)
    reviewer = who or getpass.getuser()
    folder, store, crops = (
        RecordFolder(out_dir),
        VerdictStore(out_dir),
        CropMaker(out_dir, load_pages),
    )
    cache = LineCache()

    @app.before_request
    def require_token() -> None:
        expected = app.config["TOKEN"]
        given = request.args.get("token")
        if given is not None and secrets.compare_digest(given, expected):
            g.set_token = True
            return
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not secrets.compare_digest(cookie, expected):
            abort(403)
        if request.method == "POST" and not request.is_json:
            abort(415)  # JSON only: a cross-site form post cannot send it without a preflight

    @app.before_request
    def choose_language() -> None:
        g.lang = language(request.args.get("lang") or request.cookies.get(LANG_COOKIE), lang)

    @app.after_request
    def harden(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaves in a link
        response.headers["Cache-Control"] = "no-store"
        if g.get("set_token"):
            response.set_cookie(TOKEN_COOKIE, app.config["TOKEN"], httponly=True, samesite="Strict")
        if request.args.get("lang"):
            response.set_cookie(LANG_COOKIE, g.lang, samesite="Strict")
        return response

    @app.context_processor
    def words() -> dict[str, Any]:
        current: Language = g.get("lang", lang)
        return {
            "t": lambda key, **values: translate(current, key, **values),
            "lang": current,
            "other_lang": "en" if current == "zh" else "zh",
            "label": lambda line: field_label(line, current),
            "messages": CATALOGUE[current],
            "who": reviewer,
            "warning_codes": [code.value for code in WarningCode],
            "field_kinds": FIELD_KINDS,
            "statuses": FORM_STATUSES,
        }

    @app.get("/")
    def index() -> str:
        keep = _value_filter()
        latest, statuses = store.latest(), store.statuses()
        forms = []
        for name, record in folder.all():
            lines = cache.lines(name, record, latest)
            status = statuses[name].status if name in statuses else "unreviewed"
            wanted = request.args.get("status")
            matching = filtered(lines, keep)
            if (wanted and status != wanted) or (keep != ValueFilter() and not matching):
                continue
            reviewed = sum(line.verdict is not None for line in lines)
            forms.append((name, record, status, len(lines), reviewed, len(matching)))
        return render_template(
            "index.html", forms=forms, problems=problems(out_dir), keep=keep,
            sample=read_sample(out_dir), status_filter=request.args.get("status", ""),
        )  # fmt: skip

    @app.get("/form/<path:name>")
    def form(name: str) -> str:
        record = folder.read(name)
        if record is None:
            abort(404)
        keep = _value_filter()
        lines = filtered(cache.lines(name, record, store.latest(name)), keep)
        return render_template(
            "form.html", name=name, record=record, lines=lines, keep=keep,
            status=store.status(name),
        )  # fmt: skip

    @app.get("/queue")
    def queue() -> str:
        sample = read_sample(out_dir)
        if sample is None or not sample.values:
            return render_template("queue.html", sample=None, line=None)
        latest = store.latest()
        done = sum((item.record, item.field) in latest for item in sample.values)
        at = request.args.get("at", type=int)
        if at is None:  # the first value nobody judged yet
            at = next(
                (i for i, it in enumerate(sample.values) if (it.record, it.field) not in latest),
                len(sample.values) - 1,
            )
        at = max(0, min(at, len(sample.values) - 1))
        item = sample.values[at]
        record = folder.read(item.record)
        line = None
        if record is not None:
            lines = cache.lines(item.record, record, latest)
            line = next((candidate for candidate in lines if candidate.field == item.field), None)
        return render_template(
            "queue.html", sample=sample, item=item, at=at, line=line, done=done,
            total=len(sample.values),
        )  # fmt: skip

    @app.get("/crop/<path:name>")
    def crop(name: str) -> Response:
        record = folder.read(name)
        field = request.args.get("field", "")
        if record is None:
            abort(404)
        lines = cache.lines(name, record, {})
        line = next((ln for ln in lines if ln.field == field), None)
        if line is None or line.cell is None:
            abort(404)
        others = [ln.cell for ln in lines if ln.cell is not None and ln is not line]
        data = crops.crop(record, line.cell, others)
        if data is None:
            abort(404)
        return Response(data, mimetype="image/png")

    def _payload() -> dict[str, Any]:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            abort(400)
        return data

    @app.post("/api/verdict")
    def verdict() -> tuple[Response, int] | Response:
        data = _payload()
        kind = data.get("verdict")
        if kind not in VERDICT_KINDS:
            return jsonify(error=f"unknown verdict {kind!r}"), 400
        try:
            judged = judge(
                folder, store, str(data.get("record", "")), str(data.get("field", "")), kind,
                who=reviewer, new=data.get("new"), comment=data.get("comment"),
            )  # fmt: skip
        except VerdictError as exc:
            return jsonify(error=str(exc)), 400
        checked = judged.checked
        return jsonify(
            verdict=judged.verdict.verdict, at=judged.verdict.at,
            shown=checked.shown if checked else None, parsed=checked.parsed if checked else None,
            failures=list(checked.failures) if checked else [],
            status=store.status(judged.verdict.record),
        )  # fmt: skip

    @app.post("/api/check")
    def check() -> tuple[Response, int] | Response:
        data = _payload()
        record = folder.read(str(data.get("record", "")))
        if record is None:
            return jsonify(error="no such record"), 400
        try:
            checked = check_value(record, str(data.get("field", "")), str(data.get("new", "")))
        except KeyError:
            return jsonify(error="no such field"), 400
        return jsonify(
            shown=checked.shown, parsed=checked.parsed, failures=list(checked.failures),
            error=checked.error,
        )  # fmt: skip

    @app.post("/api/status")
    def status() -> tuple[Response, int] | Response:
        data = _payload()
        name, wanted = str(data.get("record", "")), data.get("status")
        if folder.path_of(name) is None or wanted not in FORM_STATUSES:
            return jsonify(error="unknown record or status"), 400
        entry = store.set_status(name, wanted, who=reviewer)
        return jsonify(status=entry.status)

    return app
