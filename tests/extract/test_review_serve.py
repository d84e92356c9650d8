"""`declform review DIR --serve` as a user runs it: it prints a URL on 127.0.0.1 with a token,
answers with the token and refuses without it, and stops on Ctrl-C (SIGINT), its normal end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from declform.output.json_writer import write_record
from tests.conftest import golden_record
from tests.paths import REPO


def test_serve_prints_a_local_url_with_a_token_and_refuses_without_it(tmp_path: Path) -> None:
    write_record(golden_record("000_9acdd438bb5be3a7-1"), tmp_path / "a.json")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "declform", "review", str(tmp_path), "--serve", "--lang", "en"]
    # Ctrl-C as at a terminal, even where this test runs in the background (a shell's
    # background job starts with SIGINT ignored, and a child would inherit that)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
                              preexec_fn=_interruptible)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        url = line.split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        with urllib.request.urlopen(url, timeout=20) as answer:
            assert answer.status == 200 and "Forms" in answer.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0] + "form/a.json", timeout=20)
        assert refused.value.code == 403
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=20)
    assert server.returncode == 0 and "stopped" in rest


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
