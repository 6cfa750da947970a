"""One helper thread, shared by the engines that run a kernel on two threads at once (HashLife's successor, the
tiled plane's team loop). The kernels release the GIL (``nogil``), so the two run side by side."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numba

_pool_lock = threading.Lock()
_pool = None


def _helper() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(1, thread_name_prefix="life-helper")
        return _pool


def thread_count(setting: int | None) -> int:
    """The threads an engine may use: its own ``threads`` setting, or when that is None Numba's thread count
    (``NUMBA_NUM_THREADS``)."""
    return int(setting) if setting is not None else numba.config.NUMBA_NUM_THREADS


def on_two_threads(kernel, here: tuple, there: tuple):
    """``kernel(*there)`` on the helper thread while ``kernel(*here)`` runs on this one; returns this one's
    result once both have ended (the helper's exception, if any, is raised)."""
    other = _helper().submit(kernel, *there)
    try:
        mine = kernel(*here)
    finally:
        theirs = other.exception()
    if theirs is not None:
        raise theirs
    return mine
