"""One background thread that runs the window's slow work (stepping, compiling a rule, loading, soups).

The window submits one job at a time and polls for its result once per frame, so a job that takes seconds
(compiling a new rule's kernel, building a universe from a huge soup) never freezes the event loop. With
``threaded=False`` jobs run inline at submission (deterministic, for tests).
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass

__all__ = ["Worker", "Result"]


@dataclass
class Result:
    """What a finished job left: its ``kind`` and ``info`` as submitted, its return ``value`` or the ``error``
    it raised, and the wall ``seconds`` it took."""

    kind: str
    info: object
    value: object = None
    error: BaseException | None = None
    seconds: float = 0.0


def _run(kind, info, fn, args) -> Result:
    t0 = time.perf_counter()
    try:
        value = fn(*args)
    except Exception as e:  # reported to the window, which shows it and keeps its state
        return Result(kind, info, error=e, seconds=time.perf_counter() - t0)
    return Result(kind, info, value=value, seconds=time.perf_counter() - t0)


class Worker:
    """Runs submitted jobs one at a time, on a daemon thread (or inline with ``threaded=False``)."""

    def __init__(self, threaded: bool = True):
        self.threaded = threaded
        self._job = None  # (kind, info, started) of the job in flight
        self._done: queue.Queue = queue.Queue()
        if threaded:
            self._todo: queue.Queue = queue.Queue()
            self._thread = threading.Thread(target=self._loop, name="life-ui-worker", daemon=True)
            self._thread.start()

    def _loop(self):
        while True:
            item = self._todo.get()
            if item is None:
                return
            self._done.put(_run(*item))

    @property
    def busy(self) -> bool:
        """True while a submitted job has not been collected with ``poll``/``wait``."""
        return self._job is not None

    @property
    def current(self):
        """(kind, info, seconds running) of the job in flight, or None."""
        if self._job is None:
            return None
        kind, info, t0 = self._job
        return kind, info, time.perf_counter() - t0

    def submit(self, kind: str, info, fn, *args) -> None:
        """Start ``fn(*args)``; ``kind``/``info`` come back in its Result. Raises RuntimeError when busy."""
        if self._job is not None:
            raise RuntimeError("the worker is busy")
        self._job = (kind, info, time.perf_counter())
        if self.threaded:
            self._todo.put((kind, info, fn, args))
        else:
            self._done.put(_run(kind, info, fn, args))

    def poll(self):
        """The finished job's Result, or None while it runs (or when nothing was submitted)."""
        try:
            res = self._done.get_nowait()
        except queue.Empty:
            return None
        self._job = None
        return res

    def wait(self, timeout: float | None = None):
        """Block until the job in flight finishes (at most ``timeout`` seconds); its Result or None."""
        if self._job is None:
            return None
        try:
            res = self._done.get(timeout=timeout)
        except queue.Empty:
            return None
        self._job = None
        return res

    def close(self) -> None:
        """Stop the thread once its current job ends (a daemon thread: exiting never waits for it)."""
        if self.threaded:
            self._todo.put(None)
