"""Where batch tasks run: in this process, in a local pool of worker processes, or on a Dask
cluster. All three take tasks one by one and hand back results as they finish.

The local pool is pebble's `ProcessPool`: unlike the standard library's pool it stops a task
that runs past its timeout by killing its worker and starts a fresh worker in its place, and a
worker that dies (out of memory, a crash inside a native library) fails that task alone.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Protocol

from declform.extract.batch.tasks import (
    PageTask,
    Task,
    TaskFailure,
    TaskResult,
    execute,
    init_worker,
    run_task,
)
from declform.extract.pipeline import Extractor
from declform.output.errors import describe

Done = list[tuple[Task, TaskResult]]
DEFAULT_PAGE_TIMEOUT = 300.0


class Executor(Protocol):
    capacity: int  # how many tasks to keep submitted so that no worker waits

    def submit(self, task: Task) -> None: ...

    def collect(self) -> Done:
        """Block until at least one submitted task is done; [] when none is pending."""
        ...

    def close(self) -> None: ...


def _where(task: Task) -> str:
    return f"{task.path} page {task.page}" if isinstance(task, PageTask) else task.path


def _failure(task: Task, error: BaseException, timeout: float | None) -> TaskFailure:
    """A task that did not come back: why, in words that name the file and page."""
    from pebble import ProcessExpired

    if isinstance(error, FutureTimeout):
        return TaskFailure(
            f"{_where(task)}: timed out after {timeout:g} s; its worker was stopped and "
            "replaced (raise --page-timeout if such pages are expected)"
        )
    if isinstance(error, ProcessExpired):
        return TaskFailure(
            f"{_where(task)}: the worker process died ({error}); the page may need more memory "
            "than is available"
        )
    return TaskFailure(f"{_where(task)}: the task failed in its worker ({describe(error)})")


class InlineExecutor:
    """Runs each task in this process when collected: for tests and debugging (no timeout)."""

    capacity = 1

    def __init__(self, extractor: Extractor) -> None:
        self._extractor = extractor
        self._pending: list[Task] = []

    def submit(self, task: Task) -> None:
        self._pending.append(task)

    def collect(self) -> Done:
        if not self._pending:
            return []
        task = self._pending.pop(0)
        return [(task, execute(task, self._extractor))]

    def close(self) -> None:
        self._pending.clear()


class ProcessExecutor:
    """A pool of worker processes with a per-task timeout; each worker keeps its OCR engine."""

    def __init__(
        self,
        workers: int,
        timeout: float = DEFAULT_PAGE_TIMEOUT,
        function: Callable[[Task], TaskResult] = run_task,
        initializer: Callable[[], None] | None = init_worker,
    ) -> None:
        from pebble import ProcessPool

        self.capacity = 2 * workers
        self._timeout = timeout
        self._function = function
        # spawned, not forked: forking a parent whose threads (the progress bar, OpenCV) run
        # can deadlock the child
        self._pool = ProcessPool(
            max_workers=workers,
            initializer=initializer,
            context=multiprocessing.get_context("spawn"),
        )
        self._futures: dict[Future[TaskResult], Task] = {}

    def submit(self, task: Task) -> None:
        future = self._pool.schedule(self._function, args=(task,), timeout=self._timeout)
        self._futures[future] = task

    def collect(self) -> Done:
        if not self._futures:
            return []
        finished, _ = wait(self._futures, return_when=FIRST_COMPLETED)
        done: Done = []
        for future in finished:
            task = self._futures.pop(future)
            try:
                done.append((task, future.result()))
            except BaseException as error:
                done.append((task, _failure(task, error, self._timeout)))
        return done

    def close(self) -> None:
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()


class DaskExecutor:
    """Tasks as Dask futures on a distributed cluster, results streamed back as they finish.

    Workers read the inputs by path: they must see the same files (a shared file system).
    There is no per-task timeout: Dask cannot stop a running task.
    """

    def __init__(self, scheduler: str | None = None, client: Any = None, workers: int = 1) -> None:
        # distributed is an optional extra (and untyped): imported only when asked for
        distributed: Any = importlib.import_module("distributed")

        self._owned: list[Any] = []
        if client is None:
            if scheduler is None:  # no address: a cluster of local processes, for trying it out
                cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1)
                self._owned.append(cluster)
                client = distributed.Client(cluster)
            else:
                client = distributed.Client(scheduler)
            self._owned.insert(0, client)
        self._client = client
        self.capacity = max(2, 2 * sum(client.nthreads().values()))
        self._completed: Any = distributed.as_completed()
        self._futures: dict[str, Task] = {}

    def submit(self, task: Task) -> None:
        future = self._client.submit(run_task, task, pure=False)
        self._futures[future.key] = task
        self._completed.add(future)

    def collect(self) -> Done:
        if not self._futures:
            return []
        finished = [next(self._completed), *self._completed.next_batch(block=False)]
        done: Done = []
        for future in finished:
            task = self._futures.pop(future.key)
            try:
                done.append((task, future.result()))
            except Exception as error:  # KilledWorker, or an error raised outside run_task
                done.append((task, _failure(task, error, None)))
            future.release()
        return done

    def close(self) -> None:
        for owned in self._owned:
            owned.close()
