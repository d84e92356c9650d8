"""How declform's own bookkeeping scales with the number of inputs: the time from the command
to the first page task (scanning the folders, hashing, naming, the manifest), the whole first
run, and a resume with nothing to do — on N generated small inputs in nested folders.

Pages are answered by a stub executor (every page "no form"), so what is timed is the batch
itself, not page reading (born-digital pages cost ~0.09 CPU-s each, see README).

    python -m scripts.tools.bench_scale --inputs 100000 [--folder /tmp/scale]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from declform.extract.batch.command import run_batch
from declform.extract.batch.executors import Done
from declform.extract.batch.options import BatchOptions
from declform.extract.batch.tasks import (
    Assembled,
    AssembledFile,
    AssembleTask,
    PageCount,
    PageTask,
    ProbeTask,
    Task,
    TaskResult,
)
from declform.extract.pipeline import PageOutcome, PageRead


class StubExecutor:
    """Answers at once: one page per file, and that page holds no form."""

    capacity = 64

    def __init__(self) -> None:
        self.pending: list[Task] = []
        self.first_page: float | None = None

    def submit(self, task: Task) -> None:
        if isinstance(task, PageTask) and self.first_page is None:
            self.first_page = time.perf_counter()
        self.pending.append(task)

    def collect(self) -> Done:
        done, self.pending = [(task, self._answer(task)) for task in self.pending], []
        return done

    def close(self) -> None:
        pass

    @staticmethod
    def _answer(task: Task) -> TaskResult:
        if isinstance(task, ProbeTask):
            return PageCount(1)
        if isinstance(task, PageTask):
            return PageRead(task.page)
        assert isinstance(task, AssembleTask)
        page = PageOutcome(1, "not_a_form", "stub: no page is read")
        return Assembled(tuple(
            AssembledFile(path, (page,), (), 0) for path in (task.path, *task.also)
        ))


def make_inputs(folder: Path, count: int, per_folder: int = 1000) -> None:
    """`count` distinct small PDFs-by-name in folders of `per_folder`."""
    for index in range(count):
        sub = folder / f"box{index // per_folder:04d}"
        if index % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{index:06d}.pdf").write_bytes(b"%%PDF-1.4\n%% input %d\n" % index)


def timed_run(inputs: Path, out: Path) -> tuple[float, float | None]:
    executor = StubExecutor()
    started = time.perf_counter()
    run_batch([str(inputs)], out, BatchOptions(quiet=True, tables=False), executor)
    first = None if executor.first_page is None else executor.first_page - started
    return time.perf_counter() - started, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    root = args.folder or Path(tempfile.mkdtemp(prefix="declform-scale-"))
    shutil.rmtree(root, ignore_errors=True)
    made = time.perf_counter()
    make_inputs(root / "in", args.inputs)
    print(f"{args.inputs} inputs made in {time.perf_counter() - made:.1f}s under {root}")
    total, first = timed_run(root / "in", root / "out")
    print(f"first run: {total:.1f}s, first page task after {first:.2f}s")
    again, _ = timed_run(root / "in", root / "out")
    print(f"resume with nothing to do: {again:.1f}s ({again / args.inputs * 1e6:.0f} µs/input)")
    if args.folder is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
