"""HashLife's node store: the tables of one universe (nodes, populations, hash slots, the empty node of each
level), their growth by doubling up to a cap, and the policy for collecting garbage when the cap is reached
(in place during a step, compacting between steps)."""

from __future__ import annotations

import numpy as np

from ..base import EngineError
from .kernels import _succ
from .parallel import parallel_rehash, parallel_successor
from .table import (
    _CAP,
    _GC_OK,
    _GC_RUNS,
    _LOST,
    _MAX_IDS,
    _MAXLEV,
    _META1,
    _NCOL,
    _NFREE,
    _PIN0,
    _ROWS,
    _SP,
    _START_NODES,
    _empties,
    _gc,
    _new_meta,
    _rehash,
)

_PARALLEL_REHASH = 1 << 16     # rows from which growing rebuilds the hash slots on two threads
_ROW_BYTES = _NCOL * 8 + 2 * 8  # a node's row and its two population slots (hash slots are counted apart)


class _Full(Exception):
    """The node table is at its cap."""


class _Store:
    """The node table of one universe and the policy for when it fills up."""

    def __init__(self, max_nodes: int):
        self.max_nodes = min(max(int(max_nodes), 1024), _MAX_IDS)
        cap = min(_START_NODES, self.max_nodes)
        self._alloc(cap)
        self.empt = np.full(_MAXLEV + 1, -1, np.int64)
        self.gcs = 0
        try:
            self.ensure_empty(8)
        except _Full:
            raise EngineError("HashLife memory limit too small for even an empty tree") from None

    def _alloc(self, cap):
        self.nodes = _reserve_rows(self.max_nodes, cap)
        self.pops = np.full(cap, -1, np.int64)
        self.popf = np.full(cap, np.nan)
        self.htab = np.full(_hash_slots(cap), -1, np.int64)
        self.meta = _new_meta(cap)

    @property
    def count(self) -> int:
        """Nodes in the table (rows in use less the free ones and those lost to another thread's insert)."""
        return int(self.meta[_ROWS] - self.meta[_NFREE] - self.meta[_LOST])

    @property
    def rows(self) -> int:
        """Rows in use, free ones (left by a collection in the middle of a step) included."""
        return int(self.meta[_ROWS])

    def grow(self, threads: int = 1) -> bool:
        """Double the table if the cap allows (rebuilding its hash slots on ``threads`` threads, 1 or 2); False
        when already at the cap."""
        cap = int(self.meta[_CAP])
        if cap >= self.max_nodes:
            return False
        self.resize(min(2 * cap, self.max_nodes), threads)
        return True

    def resize(self, new: int, threads: int = 1) -> None:
        """Reallocate the table for ``new`` nodes (at least the nodes it holds). One array at a time, the old
        hash slots dropped first (they are rebuilt), so that the peak is what ``_peak_bytes`` counts. The node
        rows are reserved up to the cap once (``_reserve_rows``) and only copied when the cap moves."""
        n = self.rows
        self.htab = None
        if not new <= len(self.nodes) <= max(self.max_nodes, new):
            nodes = _reserve_rows(max(self.max_nodes, new), new)
            nodes[:n] = self.nodes[:n]
            self.nodes = nodes
            del nodes
        pops = np.full(new, -1, np.int64)
        pops[:n] = self.pops[:n]
        self.pops = pops
        popf = np.full(new, np.nan)
        popf[:n] = self.popf[:n]
        self.popf = popf
        del pops, popf
        self.htab = np.full(_hash_slots(new), -1, np.int64)
        self.meta[_CAP] = new
        if threads > 1 and n >= _PARALLEL_REHASH:
            parallel_rehash(self.nodes, n, self.htab)
        else:
            _rehash(self.nodes, n, self.htab)

    def gc(self, keep, results=True):
        """Drop everything not reachable from the ids in ``keep``, compacting the table; returns their new ids.
        With ``results``, what their memoised results reach survives too, unless that fills more than half the
        cap (then a second pass keeps only the trees, so that a collection always frees room)."""
        self.gcs += 1
        for plain in ((False, True) if results else (True,)):
            k = np.array([r for r in keep if r is not None] + [e for e in self.empt if e >= 0], dtype=np.int64)
            newid = _gc(self.nodes, self.htab, self.meta, k, self.pops, self.popf, not plain)
            live = self.empt >= 0
            self.empt[live] = newid[self.empt[live]]
            keep = [None if r is None else int(newid[r]) for r in keep]
            del newid
            if self.count <= self.max_nodes // 2:
                break
        return keep

    def successor(self, root, j, *rule, threads=1):
        """Run the successor (``kernels._succ``, rule arguments ``rule``) on ``root`` for 2^j generations, on one
        thread or, with ``threads`` 2, on two (``parallel.py``). At the cap the table may collect in place while
        it runs, keeping the empty nodes, the root and what the recursion holds. -1 when it still does not
        fit."""
        meta = self.meta
        empt = self.empt[self.empt >= 0]
        meta[_PIN0:_PIN0 + len(empt)] = empt
        meta[_PIN0 + len(empt)] = root
        meta[_SP] = _PIN0 + len(empt) + 1
        meta[_META1 + _SP] = _PIN0
        meta[_GC_OK] = int(meta[_CAP] >= self.max_nodes)
        runs = int(meta[_GC_RUNS])
        try:
            if threads > 1:
                r = parallel_successor(self.nodes, self.htab, meta, root, j, *rule)
            else:
                r = _succ(self.nodes, self.htab, meta, meta, *rule, root, j, 0)
        finally:
            meta[_GC_OK] = 0
        if meta[_GC_RUNS] != runs:   # rows were reused: the population memo no longer matches them
            self.gcs += int(meta[_GC_RUNS]) - runs
            self.pops[:] = -1
            self.popf[:] = np.nan
        return r

    def ensure_empty(self, level: int):
        """Make the empty nodes of levels up to ``level``; _Full when the table is at its cap."""
        if level > _MAXLEV:
            raise EngineError(f"the pattern needs a tree deeper than {_MAXLEV} levels")
        while not _empties(self.nodes, self.htab, self.meta, self.empt, level):
            if not self.grow():
                raise _Full

    def retry(self, fn, *args):
        """Run a kernel that returns -1 (or False) when full, growing the table until it fits; _Full at the cap."""
        while True:
            r = fn(*[self._refresh(a) for a in args])
            if isinstance(r, (bool, np.bool_)):
                if r:
                    return r
            elif r != -1:
                return r
            if not self.grow():
                raise _Full

    def _refresh(self, a):
        # after growing, the arrays passed to a kernel are the new ones
        if isinstance(a, _Arr):
            return getattr(self, a.name)
        return a


class _Arr:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


_N, _H, _M, _E = _Arr("nodes"), _Arr("htab"), _Arr("meta"), _Arr("empt")


def _reserve_rows(rows: int, least: int) -> np.ndarray:
    """Uninitialised node rows for up to ``rows`` nodes. Only the pages that rows are written to become resident,
    so a table reserved at its cap grows without copying; ``least`` rows when the address space refuses."""
    try:
        return np.empty((rows, _NCOL), np.int64)
    except MemoryError:
        return np.empty((least, _NCOL), np.int64)


def _hash_slots(cap: int) -> int:
    """Hash slots for a table of ``cap`` nodes: a power of two, at least twice the nodes."""
    return 1 << max(4, (2 * cap - 1).bit_length())


def _previous_cap(cap: int) -> int:
    """The table size the store grows to ``cap`` from (sizes double from _START_NODES)."""
    prev = _START_NODES
    while 2 * prev < cap:
        prev *= 2
    return min(prev, cap)


def _peak_bytes(cap: int) -> int:
    """Most bytes a store capped at ``cap`` nodes holds at once: the full table plus garbage collection's mark
    and id map (9 bytes a node), or its last growth, when the new node rows sit beside the old table."""
    full = cap * _ROW_BYTES + 8 * _hash_slots(cap) + 9 * cap
    prev = _previous_cap(cap)
    growing = cap * _NCOL * 8 + prev * _ROW_BYTES
    return max(full, growing)


def _max_nodes_for(mb: float) -> int:
    """The largest node cap whose peak memory (``_peak_bytes``) stays within ``mb`` MiB."""
    budget = int(mb * 2 ** 20)
    lo, hi = 1024, max(1024, budget // _ROW_BYTES)
    while lo < hi:  # _peak_bytes grows with the cap, in steps where the hash slots double
        mid = (lo + hi + 1) // 2
        if _peak_bytes(mid) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo
