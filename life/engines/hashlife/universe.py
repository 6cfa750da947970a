"""HashLifeUniverse: the Universe interface over the node store. Building from cells or from a macrocell node
table, stepping by powers of two, inspection at any scale, and macrocell output straight from the tree."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from ...limits import COORD_MAX
from ...pattern import Pattern
from ...rules import Rule, Topology
from ..base import EngineError, Universe
from ..circuit import program_for
from ..threads import thread_count
from .kernels import (
    _NO_CODE,
    _POP_EXACT,
    _TOP,
    _build_level,
    _centre,
    _expand,
    _mc_build,
    _only_centre,
    _pop,
    _popf,
    _set_cells,
    _vshift,
    leaf_work,
)
from .parallel import THREADS
from .readout import _collect, _density, _extent, _extent_memo, _postorder, _region, _split_count, _split_memo
from .store import _E, _H, _M, _N, _Full, _max_nodes_for, _Store
from .table import _LEV, _MAX_IDS, _RJ, _RNAT, _make

__all__ = ["HashLifeUniverse"]


class HashLifeUniverse(Universe):
    """HashLife on the unbounded plane for any 3×3 rule; B0 rules are emulated one generation at a time.

    ``step(n)`` advances exactly n generations for any n >= 0 (as jumps of powers of two). ``max_memory_mb``
    (default ``DEFAULT_MAX_MEMORY_MB``) or ``max_nodes`` caps the node table; at the cap the memo cache is
    garbage-collected and the run carries on. ``population``, ``bbox`` and coordinates are Python ints.
    Jumps of 2^``parallel_min_jump`` generations or more run on two threads sharing the node table
    (``parallel.py``) unless ``threads`` (default: Numba's thread count) is 1; ``parallel_jumps`` counts them.
    """

    name = "hashlife"
    topologies = ("plane",)
    any_rule = True
    b0_plane = True
    jumps = True
    fast_density = True
    writes_macrocell = True
    DEFAULT_MAX_MEMORY_MB = 1024
    max_cells = 20_000_000   # most cells ``cells()`` materialises
    threads: int | None = None     # threads a big jump runs on; None: Numba's thread count
    parallel_min_jump = 8          # jumps of fewer than 2^this generations run on one thread

    def __init__(self, pattern: Pattern, topology: Topology | None = None, *,
                 max_memory_mb: float | None = None, max_nodes: int | None = None):
        if topology is None:
            topology = Topology("plane")
        super().__init__(pattern.rule, topology)
        if topology.kind != "plane":
            raise EngineError("the hashlife engine runs only on the unbounded plane")
        self._generation = pattern.generation
        if max_nodes is None:
            max_nodes = _max_nodes_for(self.DEFAULT_MAX_MEMORY_MB if max_memory_mb is None else max_memory_mb)
        self._s = _Store(max_nodes)
        self.parallel_jumps = 0        # jumps that ran on two threads
        self._use_rule(self._rule)
        self._root = int(self._s.empt[6])
        self._level = 6
        self.set_cells(pattern.cells)

    def _use_rule(self, rule: Rule) -> None:
        """Make ``rule`` the one the kernels step with: masks for Life-like rules, else its circuit."""
        self._kernel_rule = rule
        if rule.is_life_like:
            self._bm, self._sm = rule.birth_mask, rule.survival_mask
            self._code, self._out = _NO_CODE, -1
            self._work = leaf_work(_NO_CODE)
        else:  # any other 3×3 rule runs as its circuit in the leaf kernel
            prog = program_for(rule)
            self._bm = self._sm = 0
            self._code, self._out = prog.code, prog.out
            self._work = leaf_work(prog.code)

    # -- memory ------------------------------------------------------------------------------------------------
    @property
    def node_count(self) -> int:
        """Nodes in the table (live tree plus memoised results)."""
        return self._s.count

    @property
    def max_nodes(self) -> int:
        """Cap on the node table; reaching it triggers garbage collection."""
        return self._s.max_nodes

    def set_memory_limit(self, mb: float | None = None, nodes: int | None = None) -> None:
        """Change the cap on the node table, in MiB (peak memory, the hash slots, growth and garbage collection
        counted) or in nodes (80 bytes each plus 16 to 32 of hash slots)."""
        s = self._s
        s.max_nodes = min(max(1024, int(nodes) if nodes is not None else _max_nodes_for(mb)), _MAX_IDS)
        if s.rows > s.max_nodes:
            self._collect()
            if s.count > s.max_nodes:
                raise EngineError(f"the pattern alone needs {s.count} nodes, more than the new limit of "
                                  f"{s.max_nodes}")
        if int(s.meta[1]) > s.max_nodes:
            s.resize(s.max_nodes)

    @property
    def gc_count(self) -> int:
        """How many times the cache was garbage-collected."""
        return self._s.gcs

    def _collect(self):
        (self._root,) = self._s.gc([self._root])

    # -- properties --------------------------------------------------------------------------------------------
    @property
    def population(self) -> int:
        self._finite("population")
        return self._node_pop(self._root)

    def _node_pop(self, n) -> int:
        s = self._s
        if int(s.nodes[n, _LEV]) <= _POP_EXACT:
            return int(_pop(s.nodes, s.pops, n))
        memo = {}

        def pop(n):
            r = memo.get(n)
            if r is None:
                if int(s.nodes[n, _LEV]) <= _POP_EXACT:
                    r = int(_pop(s.nodes, s.pops, n))
                else:
                    r = pop(int(s.nodes[n, 0])) + pop(int(s.nodes[n, 1])) + pop(int(s.nodes[n, 2])) + \
                        pop(int(s.nodes[n, 3]))
                memo[n] = r
            return r

        return pop(n)

    @property
    def bbox(self):
        s = self._s
        root, L = self._root, self._level
        if root == s.empt[L]:
            return None
        half = 1 << (L - 1)
        ext = []
        for side in range(4):
            memo = _extent_memo()
            ext.append(self._extent(root, L, side, memo))
        x0, y0, x1, y1 = ext[0] - half, ext[1] - half, ext[2] - half, ext[3] - half
        return (x0, y0, x1 - x0 + 1, y1 - y0 + 1)

    def _extent(self, n, k, side, memo, pymemo=None):
        s = self._s
        if k <= _TOP:
            return int(_extent(s.nodes, s.empt, n, side, memo))
        if pymemo is None:
            pymemo = {}
        if n in pymemo:
            return pymemo[n]
        half = 1 << (k - 1)
        e = s.empt[k - 1]
        near, far = {0: ((0, 2), (1, 3)), 1: ((0, 1), (2, 3)), 2: ((1, 3), (0, 2)), 3: ((2, 3), (0, 1))}[side]
        offs = (0, half) if side < 2 else (half, 0)
        best = None
        for pair, off in zip((near, far), offs, strict=True):
            for q in pair:
                c = int(s.nodes[n, q])
                if c == e:
                    continue
                v = self._extent(c, k - 1, side, memo, pymemo) + off
                if best is None or (v < best if side < 2 else v > best):
                    best = v
            if best is not None:
                break
        pymemo[n] = best
        return best

    # -- building ----------------------------------------------------------------------------------------------
    def _grow_root_to(self, level):
        s = self._s
        while self._level < level:
            self._guarded(lambda: s.ensure_empty(self._level + 1))
            self._root = self._guarded(lambda: int(s.retry(_expand, _N, _H, _M, _E, self._root)))
            self._level += 1

    def _guarded(self, fn):
        """fn(), after a garbage collection if the table is full; EngineError if it still does not fit."""
        try:
            return fn()
        except _Full:
            self._collect()
        try:
            return fn()
        except _Full:
            raise EngineError(f"HashLife memory limit ({self._s.max_nodes} nodes) too small for this "
                              "pattern") from None

    def _fit_coords(self, lo, hi):
        """Grow the root until tree coordinates lo..hi (inclusive, both axes) lie inside it."""
        need = self._level
        while not (-(1 << (need - 1)) <= lo and hi < (1 << (need - 1))):
            need += 1
        self._grow_root_to(need)

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        s = self._s
        alive = bool(alive) != bool(self._background)  # over a live background the tree holds the dead cells
        if alive:
            self._fit_coords(int(c.min()), int(c.max()))
        else:
            half = 1 << (self._level - 1)
            keep = np.all((c >= -half) & (c < half), axis=1) if self._level < 64 else np.ones(len(c), bool)
            c = c[keep]
            if len(c) == 0:
                return
        if alive and self._root == s.empt[self._level] and len(c) > 64:
            self._root = self._bulk_build(c)
            return
        for _attempt in range(2):
            try:
                self._root = self._set_rec(self._root, self._level, -(1 << (self._level - 1)),
                                           -(1 << (self._level - 1)), c, alive)
                return
            except _Full:
                self._collect()
        raise EngineError("HashLife memory limit too small to hold the pattern")

    def _set_rec(self, n, k, ox, oy, c, alive):
        s = self._s
        if k <= 62:
            xs = np.ascontiguousarray(c[:, 0] - ox)
            ys = np.ascontiguousarray(c[:, 1] - oy)
            return int(s.retry(_set_cells, _N, _H, _M, _E, n, xs, ys, alive))
        half = 1 << (k - 1)
        right = _ge(c[:, 0], ox + half)
        down = _ge(c[:, 1], oy + half)
        kids = [int(s.nodes[n, q]) for q in range(4)]
        for q in range(4):
            sel = ((right if q & 1 else ~right) & (down if q & 2 else ~down))
            if sel.any():
                kids[q] = self._set_rec(kids[q], k - 1, ox + (half if q & 1 else 0), oy + (half if q & 2 else 0),
                                        c[sel], alive)
        return int(s.retry(_make, _N, _H, _M, k, *kids))

    def _bulk_build(self, c):
        """Build the tree for cells ``c`` (all inside the current, empty root) bottom-up, level by level."""
        s = self._s
        L = self._level
        half = 1 << (L - 1)
        if L > 62:
            return self._set_rec(self._root, L, -half, -half, c, True)
        rx = c[:, 0] + half
        ry = c[:, 1] + half
        kx, ky = rx >> 3, ry >> 3
        key = kx * (1 << (L - 3)) + ky
        order = np.argsort(key, kind="stable")
        key, rx, ry = key[order], rx[order], ry[order]
        uniq, start = np.unique(key, return_index=True)
        bit = np.left_shift(np.int64(1), ((ry & 7) * 8 + (rx & 7))).astype(np.int64)
        bits = np.bitwise_or.reduceat(bit, start)
        bx, by = uniq // (1 << (L - 3)), uniq % (1 << (L - 3))
        ids = np.empty(len(uniq), np.int64)
        zero = np.zeros(len(uniq), np.int64)
        try:
            s.retry(_build_level, _N, _H, _M, 3, bits, zero, zero, zero, ids)
            for k in range(4, L + 1):
                px, py = bx >> 1, by >> 1
                pkey = px * (1 << (L - k)) + py
                order = np.argsort(pkey, kind="stable")
                pkey, bx, by, ids = pkey[order], bx[order], by[order], ids[order]
                puniq, inv = np.unique(pkey, return_inverse=True)
                kids = np.full((4, len(puniq)), s.empt[k - 1], np.int64)
                q = (bx & 1) + 2 * (by & 1)
                kids[q, inv] = ids
                new = np.empty(len(puniq), np.int64)
                s.retry(_build_level, _N, _H, _M, k, kids[0].copy(), kids[1].copy(), kids[2].copy(),
                        kids[3].copy(), new)
                ids = new
                bx, by = puniq // (1 << (L - k)), puniq % (1 << (L - k))
        except _Full:
            raise EngineError("HashLife memory limit too small to hold the pattern") from None
        return int(ids[0])

    # -- dynamics ----------------------------------------------------------------------------------------------
    def step(self, n: int = 1):
        n = self._check_n(n)
        if n == 0:
            return self
        if self._rule.has_b0:
            for _ in range(n):
                self._step_b0()
            return self
        s = self._s
        if self._root == s.empt[self._level]:
            self._generation += n
            return self
        j = n.bit_length() - 1
        while n:
            if n >> j & 1:
                self._advance(j)
                n -= 1 << j
            j -= 1
        return self

    def _step_b0(self):
        """One generation of a B0 rule: the stored cells step with the phase rule for the current background.
        Memoised successors belong to one rule, so switching rules forgets them (B0 runs go one generation at a
        time and reuse little of the tree's memo)."""
        rule, after = self._phase_rule()
        if rule != self._kernel_rule:
            self._use_rule(rule)
            s = self._s
            s.nodes[:s.rows, _RNAT] = -1
            s.nodes[:s.rows, _RJ] = -1
        if self._root != self._s.empt[self._level]:
            self._advance(0)
        else:
            self._generation += 1
        self._background = after

    def _advance(self, j: int):
        """Advance exactly 2^j generations."""
        s = self._s
        while True:
            self._grow_root_to(max(self._level, j + 3, 6))
            if _only_centre(s.nodes, s.empt, self._root, 2):
                break
            self._grow_root_to(self._level + 1)
        collected = False
        threads = self._threads_for(j)
        while True:
            rule = (self._bm, self._sm, self._code, self._work, self._out)
            r = s.successor(self._root, j, *rule, threads=threads)
            if r >= 0:
                self.parallel_jumps += int(threads > 1)
                break
            if s.grow(threads):
                continue
            if not collected:
                self._collect()
                collected = True
                continue
            # one jump of 2^j does not fit under the cap: two of 2^(j-1) each need fewer nodes
            if j == 0:
                raise EngineError(f"HashLife memory limit ({s.max_nodes} nodes) too small to step this pattern")
            self._advance(j - 1)
            self._advance(j - 1)
            return
        self._root = int(r)
        self._level -= 1
        self._generation += 1 << j
        self._shrink()

    def _threads_for(self, j: int) -> int:
        """Threads for a jump of 2^j: two (``parallel.THREADS``) for jumps of at least 2^``parallel_min_jump``
        when ``threads`` (default: Numba's thread count, ``NUMBA_NUM_THREADS``) allows more than one, else 1."""
        return min(thread_count(self.threads), THREADS) if j >= self.parallel_min_jump else 1

    def _shrink(self):
        s = self._s
        while self._level > 6 and _only_centre(s.nodes, s.empt, self._root, 1):
            c = _centre(s.nodes, s.htab, s.meta, self._root)
            if c < 0:
                break
            self._root = int(c)
            self._level -= 1

    # -- inspection --------------------------------------------------------------------------------------------
    def _windows(self, x0, y0, x1, y1, stop=None):
        """Non-empty nodes of level <= _TOP (or where ``stop`` says so) overlapping [x0, x1) × [y0, y1):
        yields (node, level, ox, oy) with Python-int corners."""
        s = self._s
        half = 1 << (self._level - 1)
        stack = [(self._root, self._level, -half, -half)]
        while stack:
            n, k, ox, oy = stack.pop()
            size = 1 << k
            if n == s.empt[k] or ox >= x1 or oy >= y1 or ox + size <= x0 or oy + size <= y0:
                continue
            if (stop(n, k, ox, oy) if stop is not None else k <= _TOP):
                yield n, k, ox, oy
                continue
            h = size >> 1
            for q in range(4):
                stack.append((int(s.nodes[n, q]), k - 1, ox + (h if q & 1 else 0), oy + (h if q & 2 else 0)))

    def region(self, x0, y0, w, h):
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        out = np.zeros((h, w), dtype=bool)
        if w == 0 or h == 0:
            return out
        for n, _k, ox, oy in self._windows(x0, y0, x0 + w, y0 + h):
            _region(self._s.nodes, self._s.empt, n, ox - x0, oy - y0, out)
        return out ^ bool(self._background)

    def density(self, x0, y0, w, h, scale):
        """float64[h, w]: the fraction of live cells in each scale × scale block, block (i, j) covering
        x0 + j*scale <= x < x0 + (j+1)*scale and likewise in y (any block with a live cell is > 0, even at
        scales of 2^100). Cheap at any zoom: whole nodes inside one block count by their memoised population,
        and nodes straddling block edges are split with a memo, so repetitive patterns stay cheap too. Fastest
        when ``scale`` is a power of two and x0, y0 are multiples of it (tree nodes then never straddle)."""
        x0, y0, w, h, scale = self._check_region(w, h, x0, y0, scale=scale, itemsize=8)
        out = np.zeros((h, w), dtype=np.float64)
        if w == 0 or h == 0:
            return out
        s = self._s
        x1, y1 = x0 + w * scale, y0 + h * scale
        memo = _split_memo()
        if max(w, h) * scale <= (1 << 61):
            for n, _k, ox, oy in self._windows(x0, y0, x1, y1):
                _density(s.nodes, s.pops, s.popf, s.empt, n, ox - x0, oy - y0, out, scale, memo)
        else:
            # Astronomical scales: whole nodes inside one block add their population; nodes no bigger than a
            # block that straddle block edges (2 × 2 blocks at most) are split exactly, memoised on the node
            # and the split offsets so that regular patterns along an edge cost a few nodes per level.
            pymemo = {}

            def split(n, k, sx, sy):
                size = 1 << k
                if n == s.empt[k]:
                    return (0.0, 0.0, 0.0, 0.0)
                if sx in (0, size) and sy in (0, size):
                    res = [0.0, 0.0, 0.0, 0.0]
                    res[(2 if sy == 0 else 0) + (1 if sx == 0 else 0)] = _popf(s.nodes, s.pops, s.popf, n)
                    return tuple(res)
                key = (n, sx, sy)
                res = pymemo.get(key)
                if res is None:
                    if k <= _TOP:
                        res = _split_count(s.nodes, s.pops, s.popf, s.empt, n, sx, sy, memo)
                    else:
                        h2 = size >> 1
                        acc = [0.0, 0.0, 0.0, 0.0]
                        for q in range(4):
                            dx, dy = (h2 if q & 1 else 0), (h2 if q & 2 else 0)
                            part = split(int(s.nodes[n, q]), k - 1, min(max(sx - dx, 0), h2),
                                         min(max(sy - dy, 0), h2))
                            for i in range(4):
                                acc[i] += part[i]
                        res = tuple(acc)
                    pymemo[key] = res
                return res

            def stop(n, k, ox, oy):
                return (1 << k) <= scale or ((ox - x0) // scale == (ox + (1 << k) - 1 - x0) // scale and
                                             (oy - y0) // scale == (oy + (1 << k) - 1 - y0) // scale)

            for n, k, ox, oy in self._windows(x0, y0, x1, y1, stop):
                bx, by = (ox - x0) // scale, (oy - y0) // scale
                size = 1 << k
                sx = min(x0 + (bx + 1) * scale - ox, size)
                sy = min(y0 + (by + 1) * scale - oy, size)
                counts = split(n, k, sx, sy)
                for i in range(2):
                    for j in range(2):
                        c = counts[2 * i + j]
                        if c and 0 <= by + i < h and 0 <= bx + j < w:
                            out[by + i, bx + j] += c
        out /= float(scale) * float(scale)
        return 1.0 - out if self._background else out  # over a live background the tree holds the dead cells

    def cells(self) -> np.ndarray:
        self._finite("set of live cells")
        pop = self.population
        if pop > self.max_cells:
            raise EngineError(f"the pattern has {pop} live cells, more than the {self.max_cells} that cells() "
                              "materialises; use region() or density() to look at part of it")
        out = np.empty((pop, 2), dtype=np.int64)
        if pop == 0:
            return out
        bx, by, bw, bh = self.bbox
        if min(bx, by) < -COORD_MAX or max(bx + bw - 1, by + bh - 1) > COORD_MAX:
            raise EngineError(f"live cells lie beyond ±(2^62 - 1) (bbox {self.bbox}); cells() returns int64 "
                              "coordinates, use region() or density() instead")
        count = 0
        for n, _k, ox, oy in self._windows(bx, by, bx + bw, by + bh):
            count = _collect(self._s.nodes, self._s.empt, n, ox, oy, out, count)
        out = out[:count]
        order = np.lexsort((out[:, 0], out[:, 1]))
        return out[order]

    # -- macrocell ---------------------------------------------------------------------------------------------
    @classmethod
    def from_tree(cls, rule: Rule, generation: int, levels, children, leaves, *,
                  max_memory_mb: float | None = None, max_nodes: int | None = None) -> "HashLifeUniverse":
        """A universe made node by node from a macrocell node table (``life.formats.macrocell.MacrocellTree``'s
        arrays): node i has level ``levels[i]``, leaf bits ``leaves[i]`` (level 3) or children ``children[i]``
        (0 = empty); the last node is the root, placed as Golly places it. No cell is materialised. Raises
        EngineError for a rule HashLife cannot run or a tree larger than the memory cap."""
        levels = np.ascontiguousarray(levels, dtype=np.int64)
        kids = np.ascontiguousarray(children, dtype=np.int64).reshape(-1, 4)
        bits = np.ascontiguousarray(leaves, dtype=np.int64)
        self = cls(Pattern(rule=rule.with_topology(None), generation=generation), max_memory_mb=max_memory_mb,
                   max_nodes=max_nodes)
        s = self._s
        if len(levels) == 1:
            return self
        try:
            top = int(levels.max())
            s.ensure_empty(top + 2)
            ids = np.zeros(len(levels), np.int64)
            s.retry(_mc_build, _N, _H, _M, _E, levels, kids, bits, ids)
            g, L = int(ids[-1]), int(levels[-1])
            if L == 3:   # a lone leaf as root: split its quadrants round the centre of a level-4 node
                v = int(s.nodes[g, 0]) & ((1 << 64) - 1)
                parts = [(v & 0x0F0F0F0F) << 36, (v & 0xF0F0F0F0) << 28, (v & 0x0F0F0F0F00000000) >> 28,
                         (v & 0xF0F0F0F000000000) >> 36]
                quads = [s.retry(_make, _N, _H, _M, 3, _i64(p), 0, 0, 0) for p in parts]
                g, L = int(s.retry(_make, _N, _H, _M, 4, *quads)), 4
            # Golly's root of level L sits one row lower than ours: expand once, then shift the tree down a row.
            groot = g
            while L < 6:
                groot = int(s.retry(_expand, _N, _H, _M, _E, groot))
                L += 1
            groot = int(s.retry(_expand, _N, _H, _M, _E, groot))
            L += 1
            s.ensure_empty(L + 1)
            self._root = self._shift(s.empt[L], groot, True)
            self._level = L
        except _Full:
            raise EngineError(f"more nodes than the HashLife memory limit ({s.max_nodes} nodes) allows; "
                              "raise it") from None
        self._shrink()
        return self

    def _shift(self, a, b, down):
        s = self._s
        size = 1 << max(12, min(22, (4 * s.count).bit_length()))
        while True:
            mkeys = np.full((size, 2), -1, np.int64)
            mvals = np.empty(size, np.int64)
            mcount = np.zeros(1, np.int64)
            r = _vshift(s.nodes, s.htab, s.meta, s.empt, a, b, down, mkeys, mvals, mcount)
            if r >= 0:
                return int(r)
            if r == -2:
                size *= 4
            elif not s.grow():
                raise _Full

    def to_macrocell(self) -> str:
        """The pattern as Golly macrocell text (``[M2]``), written node by node from the tree."""
        self._finite("pattern")
        s = self._s
        for attempt in range(2):
            try:
                s.ensure_empty(self._level + 2)
                root = int(s.retry(_expand, _N, _H, _M, _E, self._root))
                L = self._level + 1
                g = self._shift(root, s.empt[L], False)
                while L > 4 and _only_centre(s.nodes, s.empt, g, 1):
                    g = int(s.retry(_centre, _N, _H, _M, g))
                    L -= 1
                break
            except _Full:
                if attempt:
                    raise EngineError("HashLife memory limit too small to write the macrocell tree") from None
                self._collect()
        lines = ["[M2] (life)", f"#R {self._rule.bs}"]
        if self._generation:
            lines.append(f"#G {self._generation}")
        order = _postorder(s.nodes[:s.rows], s.empt, g)
        number = {}
        nodes = s.nodes
        for i, n in enumerate(order.tolist(), start=1):
            number[n] = i
            k = int(nodes[n, _LEV])
            if k == 3:
                lines.append(_leaf_text(int(nodes[n, 0])))
            else:
                lines.append(f"{k} " + " ".join(str(number.get(int(nodes[n, q]), 0)) for q in range(4)))
        if not len(order):      # an empty pattern: one empty leaf-level node keeps the file valid
            lines.append("4 0 0 0 0")
        return "\n".join(lines) + "\n"

    def write_macrocell(self, path) -> None:
        """Write ``to_macrocell()`` to ``path`` atomically (gzip-compressed when it ends in ``.gz``). Raises
        OSError."""
        from ...atomic import write_bytes

        path = Path(path)
        data = self.to_macrocell().encode()
        if path.suffix.lower() == ".gz":
            data = gzip.compress(data, mtime=0)
        write_bytes(path, data)


def _ge(a: np.ndarray, v: int) -> np.ndarray:
    """a >= v for an int64 array and any Python int."""
    if v > np.iinfo(np.int64).max:
        return np.zeros(a.shape, bool)
    if v < np.iinfo(np.int64).min:
        return np.ones(a.shape, bool)
    return a >= v


def _i64(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


def _leaf_text(bits: int) -> str:
    if bits < 0:
        bits += 1 << 64
    rows = []
    for y in range(8):
        row = (bits >> (8 * y)) & 0xFF
        rows.append(format(row, "08b")[::-1].rstrip("0").replace("0", ".").replace("1", "*"))
    while rows and not rows[-1]:
        rows.pop()
    return "".join(r + "$" for r in rows)
