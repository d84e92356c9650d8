"""Stage timing: where a page's CPU time goes, measured by the pipeline itself.

The stages mark themselves (`with stage("grid"): ...`); nothing is recorded, and a mark costs
one global lookup, until a caller asks with `recording()`. Time is exclusive: a stage nested in
another (the recogniser inside the orientation test) is charged to the inner one under the
outer one, keyed by the stack of stage names. CPU time includes finished child processes
(Tesseract runs as one), so it adds up across engines. `scripts/tools/profile_scan.py`
prints these figures per scan profile; profiling needs no monkeypatching.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def cpu_seconds() -> float:
    """This process's CPU time and that of its finished children."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


@dataclass
class StageTimes:
    """Exclusive CPU seconds per stack of stage names, and counted items per stage stack."""

    seconds: dict[tuple[str, ...], float] = field(default_factory=lambda: defaultdict(float))
    counts: dict[tuple[str, ...], int] = field(default_factory=lambda: defaultdict(int))
    _stack: list[str] = field(default_factory=list)
    _mark: float = 0.0

    def _charge(self) -> None:
        now = cpu_seconds()
        self.seconds[tuple(self._stack)] += now - self._mark
        self._mark = now

    def enter(self, name: str) -> None:
        self._charge()
        self._stack.append(name)

    def leave(self) -> None:
        self._charge()
        self._stack.pop()

    def count(self, name: str, items: int) -> None:
        self.counts[(*self._stack, name)] += items

    def clear(self) -> None:
        self.seconds.clear()
        self.counts.clear()

    def by_stage(self) -> dict[str, float]:
        """Seconds per innermost stage name, whatever it ran under."""
        totals: dict[str, float] = defaultdict(float)
        for stack, seconds in self.seconds.items():
            totals[stack[-1] if stack else "(outside)"] += seconds
        return dict(totals)


_active: StageTimes | None = None


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Charge the block's CPU time to `name` while a recording is on."""
    clock = _active
    if clock is None:
        yield
        return
    clock.enter(name)
    try:
        yield
    finally:
        clock.leave()


def count(name: str, items: int) -> None:
    """Count `items` (text lines read, cells cropped) under the current stages."""
    if _active is not None:
        _active.count(name, items)


@contextmanager
def recording() -> Iterator[StageTimes]:
    """Record every stage run inside the block (in this process) into the times given."""
    global _active
    outer = _active
    clock = StageTimes()
    clock._mark = cpu_seconds()
    _active = clock
    try:
        yield clock
    finally:
        clock._charge()
        _active = outer
