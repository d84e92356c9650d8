"""`declform review DIR --serve`: the review app (output/review/app.py) with the page loader
the static site uses (extract/review_pages.py), so the app's crops are cut from the same
frames; output may not import extract, so the loader is handed in from here."""

from __future__ import annotations

from pathlib import Path

from declform.extract.review_pages import SourcePages
from declform.output.errors import UsageError
from declform.output.review.app import create_app
from declform.output.review.messages import Language
from declform.output.review.server import RunningApp, bind


def review_app(
    out_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    lang: Language = "zh",
    who: str | None = None,
) -> RunningApp:
    """The app for DIR bound to host:port (0: a free one), not yet serving."""
    app = create_app(out_dir, SourcePages(out_dir), lang=lang, who=who)
    try:
        return bind(app, host, port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
