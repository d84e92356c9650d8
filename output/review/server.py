"""Serving the review app: waitress, a production WSGI server in pure Python (threads, no
"development server" warning, a free port with port 0), bound to 127.0.0.1 unless asked."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask
from waitress import create_server

THREADS = 8  # crops of one page arrive together; a page rebuild must not block the rest
# waitress warns whenever a request waits for a thread: here that is the crops of a page
# waiting for its one rebuild (~1 s), which is by design, not an overload
logging.getLogger("waitress.queue").setLevel(logging.ERROR)


@dataclass
class RunningApp:
    """A server bound and ready: `url` (with the access token) to open, `serve()` to block,
    `close()` to stop."""

    server: Any
    url: str

    def serve(self) -> None:
        self.server.run()

    def close(self) -> None:
        self.server.close()

    def in_thread(self) -> threading.Thread:
        """Serve from a daemon thread (tests, the benchmark)."""
        thread = threading.Thread(target=self.serve, name="declform-review", daemon=True)
        thread.start()
        return thread


def bind(app: Flask, host: str = "127.0.0.1", port: int = 0) -> RunningApp:
    """Bind the app (port 0: a free port); OSError when the address is taken."""
    server = create_server(app, host=host, port=port, threads=THREADS, ident="declform")
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/?token={app.config['TOKEN']}"
    return RunningApp(server, url)
