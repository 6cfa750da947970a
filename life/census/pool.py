"""Run independent tasks in this process, on a pool of worker processes or on a Dask cluster.

``run_tasks(fn, tasks, workers, scheduler, deadline)`` calls ``fn(task)`` for every task and yields the results
as they complete — in completion order, so a caller whose answer must not depend on the worker count merges
them order-independently (sums, minima) or sorts them. ``fn`` must be a module-level function and the tasks
picklable (a frozen dataclass, say): they travel to worker processes and to Dask workers. The census
(``soups.census_soups``) and the emergence sweep (``emerge.sweep``) both run their soups through it.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["WORKER_WAIT_S", "TaskPool", "default_workers", "run_tasks"]

WORKER_WAIT_S = 30.0  # how long a Dask census waits for a worker to join (or come back) before giving up


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_tasks(fn, tasks, workers: int | None = None, scheduler: str | None = None,
              deadline: float | None = None):
    """Yield ``fn(task)`` for each of ``tasks`` as it completes.

    ``workers``: processes to run on (default: every core; 1 or a single task: this process);
    ``scheduler``: the address of a Dask scheduler to run on instead. After ``deadline`` (a ``time.monotonic()``
    value) no new task starts; the results of those already running still come. Raises RuntimeError when Dask
    is needed but missing, the scheduler cannot be reached, or its cluster has no worker for ``WORKER_WAIT_S``
    seconds (``LIFE_DASK_WORKER_WAIT`` overrides), at the start or later; an exception raised by ``fn`` comes
    through.
    """
    with TaskPool(workers, scheduler) as pool:
        yield from pool.run(fn, tasks, deadline)


class TaskPool:
    """``run_tasks`` for a caller that runs tasks in several rounds (the sweep): the worker processes or the
    Dask client are started once, on the first round that needs them, and kept until ``close`` (or the end of
    a ``with`` block), so later rounds start at once and the workers keep what they have loaded and cached."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        self.scheduler = scheduler
        self.workers = default_workers() if workers is None else int(workers)
        self._executor = None
        self._client = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Stop the worker processes (or disconnect from the Dask scheduler)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def run(self, fn, tasks, deadline: float | None = None):
        """Yield ``fn(task)`` for each of ``tasks`` as it completes (see ``run_tasks``)."""
        tasks = list(tasks)
        if self.scheduler:
            yield from self._run_dask(fn, tasks, deadline)
            return
        if self.workers <= 1 or (len(tasks) <= 1 and self._executor is None):
            for t in tasks:
                if deadline is not None and time.monotonic() > deadline:
                    return
                yield fn(t)
            return
        yield from self._run_processes(fn, tasks, deadline)

    def _start_processes(self):
        import concurrent.futures as cf
        import multiprocessing as mp

        # fork starts workers at once with the kernels already loaded, but is only safe without other threads
        # (a Dask client, say); otherwise use forkserver
        methods = mp.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            ctx = mp.get_context("fork")
        else:
            ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._executor = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def _run_processes(self, fn, tasks, deadline):
        import concurrent.futures as cf

        if self._executor is None and tasks:
            # the first task runs here: forked workers then start with what it loaded (compiled kernels, caches)
            yield fn(tasks[0])
            tasks = tasks[1:]
            self._start_processes()
        if deadline is not None and time.monotonic() > deadline:
            return
        pool = self._executor
        pending = set()
        queue = iter(tasks)
        try:
            # keep a short queue per worker so that a deadline stops quickly and work stays balanced
            for t in queue:
                pending.add(pool.submit(fn, t))
                if len(pending) >= 2 * self.workers:
                    break
            while pending:
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for f in done:
                    yield f.result()
                if deadline is not None and time.monotonic() > deadline:
                    for f in pending:
                        f.cancel()
                    pending = {f for f in pending if not f.cancelled()}
                    continue
                for t in queue:
                    pending.add(pool.submit(fn, t))
                    if len(pending) >= 2 * self.workers:
                        break
        finally:
            for f in pending:  # a caller that stops early (an error, Ctrl-C) leaves no task queued
                f.cancel()

    def _connect(self):
        try:
            from distributed import Client
        except ImportError:
            raise RuntimeError("--scheduler needs Dask: pip install 'life[dask]' (dask and distributed)") from None
        try:
            self._client = Client(self.scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise RuntimeError(f"cannot reach the Dask scheduler at {self.scheduler}: {e}") from None

    def _run_dask(self, fn, tasks, deadline):
        if self._client is None:
            self._connect()
        from distributed import wait

        client, scheduler = self._client, self.scheduler
        patience = _worker_wait()
        try:
            client.wait_for_workers(1, timeout=patience)
        except TimeoutError:
            raise RuntimeError(f"the Dask cluster at {scheduler} has no workers (waited {patience:g} s): start "
                               f"one with `dask worker {scheduler}`") from None
        pending = set(client.map(fn, tasks, pure=False))
        alone_since = None  # when the cluster was first seen without a worker while tasks were left
        try:
            while pending:
                try:
                    done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                for f in done:
                    yield f.result()
                if deadline is not None and time.monotonic() > deadline:
                    break
                if done:
                    alone_since = None
                elif not client.scheduler_info().get("workers"):
                    alone_since = alone_since or time.monotonic()
                    if time.monotonic() - alone_since > patience:
                        raise RuntimeError(f"the Dask cluster at {scheduler} lost every worker, {len(pending)} "
                                           f"tasks unfinished (waited {patience:g} s for one to come back)")
                else:
                    alone_since = None
        finally:
            for g in pending:
                g.cancel()


def _worker_wait() -> float:
    """Seconds a Dask census waits for a worker (``LIFE_DASK_WORKER_WAIT``, default WORKER_WAIT_S)."""
    try:
        return max(0.0, float(os.environ.get("LIFE_DASK_WORKER_WAIT", WORKER_WAIT_S)))
    except ValueError:
        return WORKER_WAIT_S
