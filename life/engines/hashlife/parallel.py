"""HashLife's successor on two threads sharing one node table.

Both threads run the ordinary memoised successor (``kernels._succ``) on the same root: one takes every frame's
squares in order, the other in reverse. Each finds the results the other has memoised, so in every subtree they
split the work and meet in the middle; only a square both reach at the same moment is computed twice. New
nodes go in lock-free (``table._make_shared``: an atomic row claim, a compare-and-swap on the hash slot), so
the table stays canonical: both threads end with the same root, and the cells are the serial successor's.
Node ids may differ from run to run, nothing else.

While threads share the table it neither collects nor uses its free list: a full table makes the jump return
-1, and the universe grows the table, or runs this jump serially (which may collect in place).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from .atomics import compare_swap
from .kernels import _succ
from .table import _CAP, _FREE, _GC_OK, _META, _PIN0, _ROWS, _S33, _SHARED, _SP, _hash

THREADS = 2    # a third thread would repeat one of the two orders


@njit(cache=True, nogil=True, _nrt=False)
def _race(nodes, htab, meta, pins, bmask, smask, code, work, out, root, j, rev, results):
    # pragma: no cover - compiled
    """One thread's successor of ``root``, in order ``rev`` (0 or 1), into ``results[rev]``."""
    pins[_SP] = _PIN0
    results[rev] = _succ(nodes, htab, meta, pins, bmask, smask, code, work, out, root, j, rev)


@njit(cache=True, nogil=True, _nrt=False)
def _rehash_rows(nodes, lo, hi, htab):  # pragma: no cover - compiled
    """Put rows lo..hi-1 in the (empty, shared) hash slots, claiming each slot by compare-and-swap."""
    mask = htab.shape[0] - 1
    for i in range(lo, hi):
        if nodes[i, 4] < 0:
            continue
        hh = _hash(nodes[i, 4], nodes[i, 0], nodes[i, 1], nodes[i, 2], nodes[i, 3])
        h = np.int64(hh & np.uint64(mask))
        entry = (np.int64(hh >> _S33) << 32) | i
        while compare_swap(htab, h, -1, entry) != -1:
            h = (h + 1) & mask


def parallel_rehash(nodes: np.ndarray, n: int, htab: np.ndarray) -> None:
    """``table._rehash`` on two threads: rows 0..n-1 into ``htab``, which must hold only empty slots (-1)."""
    half = n // 2
    other = _helper().submit(_rehash_rows, nodes, half, n, htab)
    try:
        _rehash_rows(nodes, 0, half, htab)
    finally:
        other.result()


_pool_lock = threading.Lock()
_pool = None


def _helper() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(1, thread_name_prefix="hashlife")
        return _pool


def parallel_successor(store, root: int, j: int, bmask, smask, code, work, out) -> int:
    """The centre of ``root`` 2^j generations on, computed by two threads; -1 when the table filled up (it is
    then consistent: no collection ran, no free row was used). The table must have no free rows."""
    meta = store.meta
    if meta[_FREE] >= 0:
        raise ValueError("the parallel successor needs a table without free rows")
    pins = [np.zeros(_META, np.int64) for _ in range(2)]
    works = [work, work.copy()]        # the circuit leaf kernel's scratch
    results = np.full(2, -1, np.int64)
    meta[_GC_OK] = 0
    meta[_SHARED] = 1
    try:
        args = (store.nodes, store.htab, meta)
        other = _helper().submit(_race, *args, pins[1], bmask, smask, code, works[1], out, root, j, 1, results)
        try:
            _race(*args, pins[0], bmask, smask, code, works[0], out, root, j, 0, results)
        finally:
            other.result()
    finally:
        meta[_SHARED] = 0
        meta[_ROWS] = min(int(meta[_ROWS]), int(meta[_CAP]))   # claims past a full table made no row
    if results[0] >= 0 and results[1] >= 0 and results[0] != results[1]:
        raise AssertionError("the two threads' successors differ: the shared table is not canonical")
    return int(max(results[0], results[1]))
