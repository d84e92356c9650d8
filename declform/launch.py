"""The `declform` command's entry point (and `python -m declform`'s): Ctrl-C while the
modules load ends as quietly as Ctrl-C during a run, without a traceback."""

from __future__ import annotations

INTERRUPTED = 130  # ExitCode.INTERRUPTED, spelled out: the codes may not have loaded yet


def main() -> int:
    try:
        from declform.extract.cli import main as run
    except KeyboardInterrupt:  # nothing started, nothing to say
        return INTERRUPTED
    return run()
