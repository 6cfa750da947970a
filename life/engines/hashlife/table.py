"""HashLife's node table: the layout of a node's row, the hash, canonical nodes (``_make``), the rebuild of the
hash slots, and the two garbage collectors: one that compacts the table between steps (``_gc``) and one that
frees rows in place in the middle of a step (``_free_unreachable``), keeping every node a running step holds.

``meta`` holds the table's counters followed by the pin stack: the ids the running successor holds (the empty
nodes and the root at its bottom, then a fixed block of slots per recursion frame), which the in-step collector
treats as roots; then a second pin stack (``meta[_META1:]``, laid out the same) for the second thread of a
two-thread step (``parallel.py``). While two threads share the table, a thread that finds it full collects
with the other one stopped at a safe point: the start of a ``_make``, where everything it holds is pinned.
All compile lazily on first use and are cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..atomics import backoff, compare_swap, fetch_add, load, store

# Columns of the node table: one 64-byte row per node. _RJ packs (j << 40) | result for the last j < level - 2.
# A free row (after an in-step collection) has level -1 and the next free row's id in column 0. _MARK is 0
# but while the in-step collector marks.
_NW, _NE, _SW, _SE, _LEV, _RNAT, _RJ, _MARK = range(8)
_NCOL = 8
_ID_MASK = (1 << 40) - 1
_MAXLEV = 900                                # deepest tree (Python recursion walks its top levels)
_START_NODES = 1 << 14
_MAX_IDS = (1 << 32) - 1                     # hash slots keep ids in 32 bits

# meta: rows in use (free ones included), rows allocated, pin stack top, free list head, free rows, whether a
# full table may collect in place, in-place collections so far, whether several threads insert at once (then
# _make claims rows atomically), rows lost to another thread's insert of the same node, a thread's request to
# collect (the others stop), threads stopped for it, threads done with their step, threads in the step; the pin
# stack from _PIN0.
_ROWS, _CAP, _SP, _FREE, _NFREE, _GC_OK, _GC_RUNS, _SHARED, _LOST, _GC_REQ, _PARKED, _DONE, _NTHR = range(13)
_PIN0 = 14
_FRAME = 26                                  # pin slots per successor frame
_META1 = _PIN0 + _MAXLEV + 2 + _FRAME * (_MAXLEV + 1)   # the second thread's pin stack is meta[_META1:]
_META = 2 * _META1
_AGAIN = -2                                  # _make_shared: the table was collected, look the node up again
_KEEP_SHARE = 0.5                            # most of the cap an in-step collection may keep results in
_MIN_FREED = 0.125                           # an in-step collection that frees less gives up

_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_K4 = np.uint64(0xD6E8FEB86659FD93)
_K5 = np.uint64(0xFF51AFD7ED558CCD)
_S32 = np.uint64(32)
_S29 = np.uint64(29)
_S33 = np.uint64(33)


def _new_meta(cap: int) -> np.ndarray:
    meta = np.zeros(_META, np.int64)
    meta[_CAP] = cap
    meta[_FREE] = -1
    meta[_SP] = meta[_META1 + _SP] = _PIN0
    meta[_NTHR] = 1
    return meta


@njit(cache=True, _nrt=False)
def _hash(level, a, b, c, d):  # pragma: no cover - compiled
    h = np.uint64(a) * _K1 + np.uint64(b) * _K2 + np.uint64(c) * _K3 + np.uint64(d) * _K4 + np.uint64(level)
    h ^= h >> _S32
    h *= _K5
    h ^= h >> _S29
    return h


@njit(cache=True, _nrt=False)
def _slot(level, a, b, c, d, mask):  # pragma: no cover - compiled
    return np.int64(_hash(level, a, b, c, d) & np.uint64(mask))


@njit(cache=True, _nrt=False)
def _find(nodes, htab, level, a, b, c, d, hh):  # pragma: no cover - compiled
    """The id of node (level, a, b, c, d) with hash ``hh``, or -(free slot) - 1 where it would go."""
    fp = np.int64(hh >> _S33)
    mask = htab.shape[0] - 1
    h = np.int64(hh & np.uint64(mask))
    while True:
        e = htab[h]
        if e < 0:
            return -h - 1
        if (e >> 32) == fp:
            i = e & 0xFFFFFFFF
            if nodes[i, 0] == a and nodes[i, 1] == b and nodes[i, 2] == c and nodes[i, 3] == d \
                    and nodes[i, 4] == level:
                return i
        h = (h + 1) & mask


@njit(cache=True, _nrt=False)
def _row(nodes, n, level, a, b, c, d):  # pragma: no cover - compiled
    nodes[n, 0] = a
    nodes[n, 1] = b
    nodes[n, 2] = c
    nodes[n, 3] = d
    nodes[n, 4] = level
    nodes[n, 5] = -1
    nodes[n, 6] = -1
    nodes[n, 7] = 0


@njit(cache=True, _nrt=False)
def _put(nodes, htab, n, h, hh, level, a, b, c, d):  # pragma: no cover - compiled
    _row(nodes, n, level, a, b, c, d)
    htab[h] = (np.int64(hh >> _S33) << 32) | n
    return n


@njit(cache=True, _nrt=False)
def _make(nodes, htab, meta, level, a, b, c, d):  # pragma: no cover - compiled
    """The canonical node (level, a, b, c, d): leaves are (3, bits, 0, 0, 0). -1 when the table is full (and
    may not, or could not, collect in place).

    Hash slots hold (fingerprint << 32) | id, so a probe only reads a node row when the fingerprints match.
    Kept small: the common case (found, or a fresh row at the end) is all it holds; the rest is ``_make_slow``
    (free rows, a full table) or, while two threads share the table, ``_make_shared``.
    """
    hh = _hash(level, a, b, c, d)
    while True:
        # Another thread collects: wait here, where all this one holds is pinned. Checked again after every
        # wait, right before the table is read: the collector may have started its next round meanwhile.
        while load(meta, _GC_REQ):
            _park(meta)
        i = _find(nodes, htab, level, a, b, c, d, hh)
        if i >= 0:
            return i
        if not meta[_SHARED]:
            break
        r = _make_shared(nodes, htab, meta, level, a, b, c, d, hh, -i - 1)
        if r != _AGAIN:   # else the table was collected (its hash slots rebuilt): look again
            return r
    n = meta[_ROWS]
    if meta[_FREE] < 0 and n < meta[_CAP]:
        meta[_ROWS] = n + 1
        return _put(nodes, htab, n, -i - 1, hh, level, a, b, c, d)
    return _make_slow(nodes, htab, meta, level, a, b, c, d, hh, -i - 1)


@njit(cache=True, _nrt=False)
def _park(meta):  # pragma: no cover - compiled
    """Wait while another thread collects (``_collect_shared``). The caller must check ``_GC_REQ`` again before
    it reads the table: the collector may count this thread as stopped until the decrement below."""
    fetch_add(meta, _PARKED, 1)
    spins = 0
    while load(meta, _GC_REQ):
        spins = backoff(spins)
    fetch_add(meta, _PARKED, -1)


@njit(cache=True, _nrt=False)
def _claim_row(nodes, meta):  # pragma: no cover - compiled
    """A free row for a new node while threads share the table: from the free list (a compare-and-swap pop:
    nothing is pushed while they run, so it cannot mistake one head for another), else the next unused row;
    -1 when full (``_ROWS`` may then pass the cap: whoever collects or the store puts it back)."""
    while True:
        head = load(meta, _FREE)
        if head < 0:
            break
        if compare_swap(meta, _FREE, head, nodes[head, 0]) == head:
            fetch_add(meta, _NFREE, -1)
            return head
    n = fetch_add(meta, _ROWS, 1)
    return n if n < meta[_CAP] else -1


@njit(cache=True, _nrt=False)
def _collect_shared(nodes, htab, meta):  # pragma: no cover - compiled
    """The table is full while threads share it: collect in place with the others stopped (``_park``), or wait
    for the thread that already is. True when the caller may look again, False when nothing could be freed."""
    if meta[_GC_OK] == 0:
        return False
    if compare_swap(meta, _GC_REQ, 0, 1) != 0:
        _park(meta)
        return True
    spins = 0
    while load(meta, _PARKED) + load(meta, _DONE) < meta[_NTHR] - 1:
        spins = backoff(spins)
    meta[_ROWS] = min(meta[_ROWS], meta[_CAP])
    ok = _free_unreachable(nodes, htab, meta)
    store(meta, _GC_REQ, 0)
    return ok


@njit(cache=True, _nrt=False)
def _make_shared(nodes, htab, meta, level, a, b, c, d, hh, h):  # pragma: no cover - compiled
    """``_make`` for a new node while several threads insert (``meta[_SHARED]``): the row is claimed
    atomically (``_claim_row``) and published with a compare-and-swap on hash slot ``h``. A thread whose slot
    another took looks again, and drops its row when the other inserted this very node. When the table is
    full it collects in place (``_collect_shared``) and returns _AGAIN; -1 when that cannot free room."""
    n = _claim_row(nodes, meta)
    if n < 0:
        return _AGAIN if _collect_shared(nodes, htab, meta) else -1
    _row(nodes, n, level, a, b, c, d)
    entry = (np.int64(hh >> _S33) << 32) | n
    while compare_swap(htab, h, -1, entry) != -1:
        i = _find(nodes, htab, level, a, b, c, d, hh)
        if i >= 0:
            nodes[n, 4] = -1      # never published: the collectors and counts treat it as free
            fetch_add(meta, _LOST, 1)
            return i
        h = -i - 1
    return n


@njit(cache=True, _nrt=False)
def _make_slow(nodes, htab, meta, level, a, b, c, d, hh, h):  # pragma: no cover - compiled
    """``_make`` for a new node when the free list has rows or the table is full (then it may collect)."""
    while True:
        n = meta[_FREE]
        if n >= 0:
            meta[_FREE] = nodes[n, 0]
            meta[_NFREE] -= 1
            return _put(nodes, htab, n, h, hh, level, a, b, c, d)
        n = meta[_ROWS]
        if n < meta[_CAP]:
            meta[_ROWS] = n + 1
            return _put(nodes, htab, n, h, hh, level, a, b, c, d)
        if meta[_GC_OK] == 0 or not _free_unreachable(nodes, htab, meta):
            return -1
        h = -_find(nodes, htab, level, a, b, c, d, hh) - 1   # the hash slots were rebuilt


@njit(cache=True, _nrt=False)
def _rehash(nodes, n, htab):  # pragma: no cover - compiled
    htab[:] = -1
    mask = htab.shape[0] - 1
    for i in range(n):
        if nodes[i, 4] < 0:
            continue
        hh = _hash(nodes[i, 4], nodes[i, 0], nodes[i, 1], nodes[i, 2], nodes[i, 3])
        h = np.int64(hh & np.uint64(mask))
        while htab[h] >= 0:
            h = (h + 1) & mask
        htab[h] = (np.int64(hh >> _S33) << 32) | i


@njit(cache=True, _nrt=False)
def _mark(nodes, n, roots, results, mark, stack):  # pragma: no cover - compiled
    """Mark every node reachable from ``roots`` (ids; those out of range or free are skipped) through children,
    and through memoised results when ``results`` is set. ``stack`` has room for n ids. Returns the count."""
    sp = 0
    live = 0
    for r in roots:
        if 0 <= r < n and nodes[r, 4] >= 0 and not mark[r]:
            mark[r] = True
            stack[sp] = r
            sp += 1
    while sp > 0:
        sp -= 1
        i = stack[sp]
        live += 1
        if nodes[i, 4] > 3:
            for q in range(4):
                c = nodes[i, q]
                if not mark[c]:
                    mark[c] = True
                    stack[sp] = c
                    sp += 1
            if results:
                for col in range(5, 7):
                    c = nodes[i, col]
                    if c >= 0:
                        c &= _ID_MASK
                        if not mark[c]:
                            mark[c] = True
                            stack[sp] = c
                            sp += 1
    return live


@njit(cache=True, _nrt=False)
def _drop_dead_results(nodes, i, mark):  # pragma: no cover - compiled
    r = nodes[i, 5]
    if r >= 0 and not mark[r]:
        nodes[i, 5] = -1
    r = nodes[i, 6]
    if r >= 0 and not mark[r & _ID_MASK]:
        nodes[i, 6] = -1


@njit(cache=True, _nrt=False)
def _free_unreachable(nodes, htab, meta):  # pragma: no cover - compiled
    """Collect in the middle of a step, without moving a node: keep what the pin stack reaches (with the
    memoised results it reaches, unless they fill more than _KEEP_SHARE of the table), put every other row on
    the free list and rebuild the hash slots. False (nothing changed) when that would free too little."""
    n = meta[_ROWS]
    # It runs inside the successor, which may not allocate: node rows' spare column is the mark, and the hash
    # slots (at least twice the rows, rebuilt at the end) are the marking stack.
    mark = nodes[:n, _MARK]
    stack = htab[:n]
    roots = meta[_PIN0:meta[_SP]]
    roots1 = meta[_META1 + _PIN0:_META1 + meta[_META1 + _SP]]   # the second thread's, empty but in a shared step
    live = _mark(nodes, n, roots, True, mark, stack) + _mark(nodes, n, roots1, True, mark, stack)
    results = True
    if live > _KEEP_SHARE * meta[_CAP]:
        mark[:] = 0
        live = _mark(nodes, n, roots, False, mark, stack) + _mark(nodes, n, roots1, False, mark, stack)
        results = False
    if meta[_CAP] - live < _MIN_FREED * meta[_CAP]:
        mark[:] = 0
        _rehash(nodes, n, htab)
        meta[_GC_OK] = 0   # the rest of this step fails fast; the store then compacts, or splits the jump
        return False
    head = -1
    for i in range(n - 1, -1, -1):
        if mark[i]:
            if not results:
                _drop_dead_results(nodes, i, mark)
        else:
            nodes[i, 4] = -1
            nodes[i, 0] = head
            head = i
    mark[:] = 0
    meta[_FREE] = head
    meta[_NFREE] = n - live
    meta[_LOST] = 0
    meta[_GC_RUNS] += 1
    _rehash(nodes, n, htab)
    return True


@njit(cache=True)
def _gc(nodes, htab, meta, keep, pops, popf, results):  # pragma: no cover - compiled
    """Compact the table to the nodes reachable from ``keep`` (ids; -1 ignored), through memoised results too
    when ``results`` is set. Results survive when their node does. Returns the old -> new id map (-1 for dropped
    nodes)."""
    n = meta[_ROWS]
    mark = np.zeros(n, np.bool_)
    newid = np.empty(n, np.int64)
    _mark(nodes, n, keep, results, mark, newid)   # the id map's array is the marking stack first
    newid[:] = -1
    m = 0
    for i in range(n):
        if mark[i]:
            newid[i] = m
            m += 1
    for i in range(n):   # rows only move down, so copying in order never overwrites a row still to copy
        j = newid[i]
        if j >= 0:
            for c in range(_NCOL):
                nodes[j, c] = nodes[i, c]
            pops[j] = pops[i]
            popf[j] = popf[i]
    for i in range(m):
        if nodes[i, 4] > 3:
            for q in range(4):
                nodes[i, q] = newid[nodes[i, q]]
        r = nodes[i, 5]
        nodes[i, 5] = newid[r] if r >= 0 and mark[r] else -1
        r = nodes[i, 6]
        if r >= 0 and mark[r & _ID_MASK]:
            nodes[i, 6] = ((r >> 40) << 40) | newid[r & _ID_MASK]
        else:
            nodes[i, 6] = -1
    pops[m:n] = -1
    popf[m:n] = np.nan
    meta[_ROWS] = m
    meta[_FREE] = -1
    meta[_NFREE] = 0
    meta[_LOST] = 0
    _rehash(nodes, m, htab)
    return newid


@njit(cache=True)
def _empties(nodes, htab, meta, empt, upto):  # pragma: no cover - compiled
    """Make sure the empty node of every level 3..upto exists. False when the table is full."""
    for k in range(3, upto + 1):
        if empt[k] >= 0:
            continue
        if k == 3:
            e = _make(nodes, htab, meta, 3, 0, 0, 0, 0)
        else:
            c = empt[k - 1]
            e = _make(nodes, htab, meta, k, c, c, c, c)
        if e < 0:
            return False
        empt[k] = e
    return True
