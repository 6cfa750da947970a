"""HashLife's successor on two threads sharing one node table.

Both threads run the ordinary memoised successor (``kernels._succ``) on the same root: one takes every frame's
squares in order, the other in reverse. Each finds the results the other has memoised, so in every subtree they
split the work and meet in the middle; only a square both reach at the same moment is computed twice. New
nodes go in lock-free (``table._make_shared``: an atomic row claim, a compare-and-swap on the hash slot), so
the table stays canonical: both threads end with the same root, and the cells are the serial successor's.
Node ids may differ from run to run, nothing else. A full table is collected in place with the other thread
stopped (``table._collect_shared``), so a run at its memory cap stays on two threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..atomics import compare_swap, fetch_add
from ..threads import on_two_threads
from .kernels import _succ
from .table import _CAP, _DONE, _GC_REQ, _META1, _NTHR, _PARKED, _ROWS, _S33, _SHARED, _SP, _hash

THREADS = 2    # a third thread would repeat one of the two orders


@njit(cache=True, nogil=True, _nrt=False)
def _race(nodes, htab, meta, pins, bmask, smask, code, work, out, root, j, rev, results):
    # pragma: no cover - compiled
    """One thread's successor of ``root``, in order ``rev`` (0 or 1, pin stack ``pins``), into
    ``results[rev]``; then counted done, so that a collection no longer waits for this thread. The result stays
    pinned: the other thread may still collect before it finishes too."""
    r = _succ(nodes, htab, meta, pins, bmask, smask, code, work, out, root, j, rev)
    if r >= 0:
        sp = pins[_SP]
        pins[sp] = r
        pins[_SP] = sp + 1
    results[rev] = r
    fetch_add(meta, _DONE, 1)


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
    on_two_threads(_rehash_rows, (nodes, 0, half, htab), (nodes, half, n, htab))


def parallel_successor(nodes, htab, meta, root: int, j: int, bmask, smask, code, work, out) -> int:
    """The centre of ``root`` 2^j generations on, computed by two threads; -1 when the table filled up and
    could not be collected. The caller (``store._Store.successor``) has pinned the roots in ``meta``'s first
    pin stack, which the first thread uses; the second uses ``meta[_META1:]``."""
    works = [work, work.copy()]        # the circuit leaf kernel's scratch
    results = np.full(2, -1, np.int64)
    meta[_DONE] = meta[_PARKED] = meta[_GC_REQ] = 0
    meta[_NTHR] = 2
    meta[_SHARED] = 1
    try:
        rest = (bmask, smask, code)
        on_two_threads(_race, (nodes, htab, meta, meta, *rest, works[0], out, root, j, 0, results),
                       (nodes, htab, meta, meta[_META1:], *rest, works[1], out, root, j, 1, results))
    finally:
        meta[_SHARED] = 0
        meta[_NTHR] = 1
        meta[_ROWS] = min(int(meta[_ROWS]), int(meta[_CAP]))   # claims past a full table made no row
    if results[0] >= 0 and results[1] >= 0 and results[0] != results[1]:
        raise AssertionError("the two threads' successors differ: the shared table is not canonical")
    return int(max(results[0], results[1]))
