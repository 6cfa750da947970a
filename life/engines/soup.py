"""A plane engine tuned for small random soups and their ash, with cheap stabilisation detection.

One bit-packed board (64 cells per uint64, bit j of word k is column 64k + j) that grows when the live cells come
near its edge. A generation only visits the rows and words that can hold live cells, and skips every row whose
three source rows did not change in the previous generation: once a soup has mostly decayed to still lifes, only
the rows crossed by oscillators and moving objects cost anything. Many generations run inside one Numba call.

Extra capabilities (beyond the Universe interface), used by the census:

* ``run_until_stable(max_gens, max_period, window, stop_extent)`` steps until the population sequence has been
  periodic for a while, the live cells spread wider than a given extent, or a generation budget runs out —
  whichever comes first — and says which. Population periodicity is only a cheap *hint* that the pattern may have
  settled; the census confirms it object by object.
* ``find_period(max_period)`` steps until the live cells repeat their shape (possibly moved): the period and
  displacement of an oscillator or spaceship, in one Numba call.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ..pattern import Pattern
from ..rules import Topology
from .base import EngineError, Universe

__all__ = ["SoupUniverse", "StableHint"]

_U1 = np.uint64(1)
_U2 = np.uint64(2)
_U4 = np.uint64(4)
_U8 = np.uint64(8)
_U16 = np.uint64(16)
_U32 = np.uint64(32)
_U56 = np.uint64(56)
_U63 = np.uint64(63)
_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)
_ZERO = np.uint64(0)
_U27 = np.uint64(27)
_U30 = np.uint64(30)
_U31 = np.uint64(31)
_HK1 = np.uint64(0x9E3779B97F4A7C15)
_HK2 = np.uint64(0xC2B2AE3D27D4EB4F)
_HK3 = np.uint64(0x165667B19E3779F9)
_HM1 = np.uint64(0xBF58476D1CE4E5B9)
_HM2 = np.uint64(0x94D049BB133111EB)

# reasons returned by the kernel
DONE, GROW, STABLE, EXTENT = 0, 1, 2, 3
_REASONS = {DONE: "max_gens", STABLE: "stable", EXTENT: "extent"}

# st[] slots: bounding box of the current state (rows, bit columns), of the previous state, population
_RMIN, _RMAX, _XMIN, _XMAX, _PRMIN, _PRMAX, _PXMIN, _PXMAX, _POP, _SINCE = range(10)
_ST_LEN = 10
_NO_HIST = np.zeros(2, dtype=np.int64)
_PLANE = Topology("plane")


class StableHint(NamedTuple):
    """What ``SoupUniverse.run_until_stable`` stopped on.

    ``reason``: ``"stable"`` (the population has repeated with period ``period`` for ``window`` generations, or
    the pattern died), ``"extent"`` (the live cells span more than ``stop_extent`` cells in x or y) or
    ``"max_gens"``. ``generations``: how many generations this call stepped. ``since``: for ``"stable"``, for how
    many generations (at least; as far as the kept history reaches) the population has been periodic.
    """

    reason: str
    generations: int
    period: int
    since: int = 0


@numba.njit(cache=True, inline="always")
def _popcount(x):
    x = x - ((x >> _U1) & _M1)
    x = (x & _M2) + ((x >> _U2) & _M2)
    x = (x + (x >> _U4)) & _M4
    return (x * _H01) >> _U56


@numba.njit(cache=True, inline="always")
def _low_bit(x):
    return _popcount((x & (~x + _U1)) - _U1)


@numba.njit(cache=True, inline="always")
def _high_bit(x):
    x |= x >> _U1
    x |= x >> _U2
    x |= x >> _U4
    x |= x >> _U8
    x |= x >> _U16
    x |= x >> _U32
    return _popcount(x) - _U1


@numba.njit(cache=True, inline="always")
def _hsums(a, r, k0, k1, s0, s1, m0, m1):  # pragma: no cover - compiled
    """Horizontal sums of row ``r`` over words k0..k1: s = left + self + right, m = left + right (bit-planes)."""
    for k in range(k0, k1 + 1):
        c = a[r, k]
        L = (c << _U1) | (a[r, k - 1] >> _U63)
        R = (c >> _U1) | (a[r, k + 1] << _U63)
        t = L ^ R
        u = L & R
        m0[k] = t
        m1[k] = u
        s0[k] = t ^ c
        s1[k] = u | (t & c)


@numba.njit(cache=True, boundscheck=False)
def _evolve(cur, nxt, chg, chg2, rowpop, rxmin, rxmax, st, bmask, smask, ngens, detect, maxp, window,
            stop_extent, hist, gbase):  # pragma: no cover - compiled
    """Step up to ``ngens`` generations, alternating between ``cur`` and ``nxt``.

    Row 0, row H-1, word 0 and word NW-1 are a dead guard band that is never computed: the kernel stops (GROW)
    as soon as a live cell comes next to it, before a birth could be lost. Returns (generations done, reason,
    period); after an odd number of generations the new state is in ``nxt`` (the caller swaps). ``chg``/``chg2`` flag the rows that changed in the last generation.
    """
    H, NW = cur.shape
    life = bmask == 8 and smask == 12
    hmask = hist.shape[0] - 1
    s0 = np.zeros((3, NW), dtype=np.uint64)
    s1 = np.zeros((3, NW), dtype=np.uint64)
    m0 = np.zeros((3, NW), dtype=np.uint64)
    m1 = np.zeros((3, NW), dtype=np.uint64)
    tag = np.full(3, -1, dtype=np.int64)
    a = cur
    b = nxt
    ca = chg
    cb = chg2
    done = 0
    while done < ngens:
        pop = st[_POP]
        if pop == 0:
            if detect:
                return done, STABLE, 1
            return ngens, DONE, 0
        rmin, rmax, xmin, xmax = st[_RMIN], st[_RMAX], st[_XMIN], st[_XMAX]
        prmin, prmax, pxmin, pxmax = st[_PRMIN], st[_PRMAX], st[_PXMIN], st[_PXMAX]
        r0 = rmin - 1
        r1 = rmax + 1
        k0 = (xmin - 1) >> 6
        k1 = (xmax + 1) >> 6
        if prmin <= prmax:
            r0 = min(r0, prmin)
            r1 = max(r1, prmax)
            k0 = min(k0, pxmin >> 6)
            k1 = max(k1, pxmax >> 6)
        r0 = max(r0, 1)
        r1 = min(r1, H - 2)
        k0 = max(k0, 1)
        k1 = min(k1, NW - 2)
        tag[0] = -1
        tag[1] = -1
        tag[2] = -1
        nrmin = H
        nrmax = -1
        nxmin = NW * 64
        nxmax = -1
        for r in range(r0, r1 + 1):
            if (ca[r - 1] | ca[r] | ca[r + 1]) == 0:
                cb[r] = 0
            else:
                for rr in range(r - 1, r + 2):
                    j = rr % 3
                    if tag[j] != rr:
                        _hsums(a, rr, k0, k1, s0[j], s1[j], m0[j], m1[j])
                        tag[j] = rr
                ju = (r - 1) % 3
                jm = r % 3
                jd = (r + 1) % 3
                rp = 0
                changed = _ZERO
                first = -1
                last = -1
                for k in range(k0, k1 + 1):
                    c = a[r, k]
                    u0 = s0[ju, k]
                    d0 = s0[jd, k]
                    e0 = m0[jm, k]
                    # ones: u0 + e0 + d0 -> bit 0 and a carry of weight 2
                    t = u0 ^ e0
                    b0 = t ^ d0
                    e = (u0 & e0) | (t & d0)
                    # twos: u1 + m1 + d1 + carry -> bits 1, 2, 3
                    u1 = s1[ju, k]
                    d1 = s1[jd, k]
                    e1 = m1[jm, k]
                    t = u1 ^ e1
                    x2 = t ^ d1
                    y4 = (u1 & e1) | (t & d1)
                    b1 = x2 ^ e
                    z4 = x2 & e
                    b2 = y4 ^ z4
                    if life:
                        w = b1 & ~b2 & (b0 | c)
                    else:
                        b3 = y4 & z4
                        w = _ZERO
                        for n in range(9):
                            inb = (bmask >> n) & 1
                            ins = (smask >> n) & 1
                            if inb == 0 and ins == 0:
                                continue
                            eq = (b0 if n & 1 else ~b0) & (b1 if n & 2 else ~b1) & \
                                (b2 if n & 4 else ~b2) & (b3 if n & 8 else ~b3)
                            if inb and ins:
                                w |= eq
                            elif inb:
                                w |= eq & ~c
                            else:
                                w |= eq & c
                    changed |= w ^ c
                    b[r, k] = w
                    if w != _ZERO:
                        rp += np.int64(_popcount(w))
                        if first < 0:
                            first = k
                        last = k
                cb[r] = 1 if changed != _ZERO else 0
                st[_POP] += rp - rowpop[r]
                rowpop[r] = rp
                if rp > 0:
                    rxmin[r] = first * 64 + np.int64(_low_bit(b[r, first]))
                    rxmax[r] = last * 64 + np.int64(_high_bit(b[r, last]))
            if rowpop[r] > 0:
                if r < nrmin:
                    nrmin = r
                nrmax = r
                if rxmin[r] < nxmin:
                    nxmin = rxmin[r]
                if rxmax[r] > nxmax:
                    nxmax = rxmax[r]
        # rows just outside this generation's range did not change (stale flags further out only cost time)
        cb[r0 - 1] = 0
        cb[r1 + 1] = 0
        st[_PRMIN], st[_PRMAX], st[_PXMIN], st[_PXMAX] = rmin, rmax, xmin, xmax
        st[_RMIN], st[_RMAX], st[_XMIN], st[_XMAX] = nrmin, nrmax, nxmin, nxmax
        a, b = b, a
        ca, cb = cb, ca
        done += 1
        pop = st[_POP]
        if pop > 0 and (nrmin <= 1 or nrmax >= H - 2 or nxmin <= 64 or nxmax >= 64 * NW - 65):
            return done, GROW, 0
        if detect:
            g = gbase + done
            hist[g & hmask] = pop
            if pop == 0:
                st[_SINCE] = 0
                return done, STABLE, 1
            # every 4th generation: has the population repeated with some period p for max(window, 2p) gens?
            if g & 3 == 0:
                for p in range(1, maxp + 1):
                    need = max(window, 2 * p)
                    if g - p - need + 1 < 1:
                        break
                    ok = True
                    for i in range(need):
                        if hist[(g - i) & hmask] != hist[(g - i - p) & hmask]:
                            ok = False
                            break
                    if ok:
                        # how long has it been periodic (as far as the history reaches)?
                        i = need
                        while i + p < hmask and g - i - p >= 1 and hist[(g - i) & hmask] == hist[(g - i - p) & hmask]:
                            i += 1
                        st[_SINCE] = i
                        return done, STABLE, p
            if stop_extent > 0 and (nrmax - nrmin + 1 > stop_extent or nxmax - nxmin + 1 > stop_extent):
                return done, EXTENT, 0
    return done, DONE, 0


@numba.njit(cache=True)
def _scan(cur, chg, rowpop, rxmin, rxmax, st):  # pragma: no cover - compiled
    """Recompute row populations, row extents and the bounding box of ``cur``; flag every live row changed."""
    H, NW = cur.shape
    rmin = H
    rmax = -1
    xmin = NW * 64
    xmax = -1
    pop = 0
    for r in range(H):
        rp = 0
        first = -1
        last = -1
        for k in range(NW):
            w = cur[r, k]
            if w != _ZERO:
                rp += np.int64(_popcount(w))
                if first < 0:
                    first = k
                last = k
        rowpop[r] = rp
        chg[r] = 1 if rp > 0 else 0
        if rp > 0:
            rxmin[r] = first * 64 + np.int64(_low_bit(cur[r, first]))
            rxmax[r] = last * 64 + np.int64(_high_bit(cur[r, last]))
            rmin = min(rmin, r)
            rmax = r
            xmin = min(xmin, rxmin[r])
            xmax = max(xmax, rxmax[r])
        pop += rp
    st[_RMIN] = rmin
    st[_PRMIN] = rmin
    st[_RMAX] = rmax
    st[_PRMAX] = rmax
    st[_XMIN] = xmin
    st[_PXMIN] = xmin
    st[_XMAX] = xmax
    st[_PXMAX] = xmax
    st[_POP] = pop


@numba.njit(cache=True)
def _cells(cur, st, x0, y0):  # pragma: no cover - compiled
    """Live cells as N×2 (x, y) sorted by y then x."""
    out = np.empty((st[_POP], 2), dtype=np.int64)
    n = 0
    if st[_POP] == 0:
        return out
    for r in range(st[_RMIN], st[_RMAX] + 1):
        for k in range(st[_XMIN] >> 6, (st[_XMAX] >> 6) + 1):
            w = cur[r, k]
            while w != _ZERO:
                low = w & (~w + _U1)
                b = np.int64(_popcount(low - _U1))
                out[n, 0] = x0 + k * 64 + b
                out[n, 1] = y0 + r
                n += 1
                w ^= low
    return out


@numba.njit(cache=True)
def _shape_hash(cur, st):  # pragma: no cover - compiled
    """Hash of the live cells relative to their bounding box (equal shapes anywhere hash alike)."""
    acc = _ZERO
    x0 = st[_XMIN]
    y0 = st[_RMIN]
    for r in range(st[_RMIN], st[_RMAX] + 1):
        for k in range(st[_XMIN] >> 6, (st[_XMAX] >> 6) + 1):
            w = cur[r, k]
            while w != _ZERO:
                low = w & (~w + _U1)
                b = np.int64(_popcount(low - _U1))
                z = np.uint64(k * 64 + b - x0) * _HK1 + np.uint64(r - y0) * _HK2 + _HK3
                z = (z ^ (z >> _U30)) * _HM1
                z = (z ^ (z >> _U27)) * _HM2
                acc += z ^ (z >> _U31)
                w ^= low
    return acc


@numba.njit(cache=True)
def _find_period(cur, nxt, chg, chg2, rowpop, rxmin, rxmax, st, bmask, smask, gfrom, gto, pop0, w0, h0,
                 hash0, hist):  # pragma: no cover - compiled
    """Step generations gfrom+1..gto, stopping at the first whose shape (relative to its bounding box) equals
    the reference (population, width, height, hash). Returns (generation reached, status): status 0 found,
    1 not found by gto, 2 board must grow, 3 died. The state ends in ``cur`` when the generations stepped are
    even, else in ``nxt``."""
    g = gfrom
    a = cur
    b = nxt
    ca = chg
    cb = chg2
    while g < gto:
        done, reason, _ = _evolve(a, b, ca, cb, rowpop, rxmin, rxmax, st, bmask, smask, 1, False, 1, 1, 0,
                                  hist, 0)
        a, b = b, a
        ca, cb = cb, ca
        g += 1
        if reason == GROW:
            return g, 2
        if st[_POP] == 0:
            return g, 3
        if st[_POP] == pop0 and st[_XMAX] - st[_XMIN] + 1 == w0 and st[_RMAX] - st[_RMIN] + 1 == h0:
            if _shape_hash(a, st) == hash0:
                return g, 0
    return g, 1


class SoupUniverse(Universe):
    """The unbounded plane on one growing bit-packed board that only visits rows that can change.

    Fast for small, compact patterns (soups and their ash); for big or sparse patterns use the ``plane`` engine.
    Besides the Universe interface it offers ``run_until_stable`` (see there). B0 rules are refused.
    """

    name = "soup"
    topologies = ("plane",)
    max_side = 1 << 15  # largest board side (cells)

    def __init__(self, pattern: Pattern, topology: Topology = Topology("plane")):
        super().__init__(pattern.rule, topology)
        if pattern.rule.has_b0:
            raise EngineError(f"rule {pattern.rule.bs} has B0 (empty space gives birth), which flips the whole "
                              "infinite plane every generation; run it on a torus or bounded grid instead")
        self._generation = pattern.generation
        self._bmask = pattern.rule.birth_mask
        self._smask = pattern.rule.survival_mask
        self._x0 = 0
        self._y0 = 0
        grid, gx, gy = pattern.to_array()
        self._load(grid, gx, gy)

    @classmethod
    def from_grid(cls, grid: np.ndarray, x0: int, y0: int, rule, generation: int = 0) -> "SoupUniverse":
        """A soup universe holding bool ``grid`` (rows y, columns x) with its top-left cell at (x0, y0): the
        census's fast path, skipping Pattern normalisation. Raises EngineError for a B0 rule."""
        self = cls.__new__(cls)
        Universe.__init__(self, rule, _PLANE)
        if rule.has_b0:
            raise EngineError(f"rule {rule.bs} has B0 (empty space gives birth), which flips the whole "
                              "infinite plane every generation; run it on a torus or bounded grid instead")
        self._generation = generation
        self._bmask = rule.birth_mask
        self._smask = rule.survival_mask
        self._load(np.asarray(grid, dtype=bool), int(x0), int(y0))
        return self

    @classmethod
    def from_cells(cls, cells: np.ndarray, rule) -> "SoupUniverse":
        """A soup universe holding the N×2 (x, y) ``cells`` (any order, no duplicates needed)."""
        cells = np.asarray(cells, dtype=np.int64)
        if len(cells) == 0:
            return cls.from_grid(np.zeros((0, 0), dtype=bool), 0, 0, rule)
        lo = cells.min(axis=0)
        hi = cells.max(axis=0)
        grid = np.zeros((int(hi[1] - lo[1] + 1), int(hi[0] - lo[0] + 1)), dtype=bool)
        grid[cells[:, 1] - lo[1], cells[:, 0] - lo[0]] = True
        return cls.from_grid(grid, int(lo[0]), int(lo[1]), rule)

    # -- board management ------------------------------------------------------------------------------------
    def _alloc(self, h: int, nw: int) -> None:
        self._cur = np.zeros((h, nw), dtype=np.uint64)
        self._nxt = np.zeros((h, nw), dtype=np.uint64)
        self._chg = np.zeros(h, dtype=np.uint8)
        self._chg2 = np.zeros(h, dtype=np.uint8)
        self._rowpop = np.zeros(h, dtype=np.int64)
        self._rxmin = np.zeros(h, dtype=np.int64)
        self._rxmax = np.zeros(h, dtype=np.int64)
        self._st = np.zeros(_ST_LEN, dtype=np.int64)
        self._st[[_RMIN, _PRMIN]] = h
        self._st[[_RMAX, _PRMAX]] = -1

    def _grid(self):
        """bool[h, w] of the live cells' bounding box and its absolute top-left (x, y); None when empty."""
        st = self._st
        if st[_POP] == 0:
            return None
        r0, r1, c0, c1 = int(st[_RMIN]), int(st[_RMAX]), int(st[_XMIN]), int(st[_XMAX])
        k0, k1 = c0 >> 6, c1 >> 6
        words = np.ascontiguousarray(self._cur[r0:r1 + 1, k0:k1 + 1])
        bits = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little").astype(bool)
        grid = bits[:, c0 - 64 * k0:c1 - 64 * k0 + 1]
        return grid, self._x0 + c0, self._y0 + r0

    def _load(self, grid: np.ndarray, gx: int, gy: int) -> None:
        """Replace the board by one holding bool ``grid`` with top-left at absolute (gx, gy), with room to grow."""
        h, w = grid.shape
        margin_r = max(32, h)
        margin_c = max(64, w)
        # words cover absolute columns 64k - 32 .. 64k + 31, so a small soup around x = 0 fits in one word
        x0 = (gx - margin_c + 32) // 64 * 64 - 32 - 64  # word 0 is the dead guard band
        y0 = gy - margin_r
        nw = -(-(gx + w + margin_c - x0) // 64) + 1
        H = h + 2 * margin_r
        if nw * 64 > self.max_side or H > self.max_side:
            raise EngineError(f"the pattern spans {w}x{h} cells, too large for the soup engine's "
                              f"{self.max_side}-cell board; use algo='plane'")
        self._alloc(H, nw)
        self._x0, self._y0 = x0, y0
        if h and w:
            full = np.zeros((h, nw * 64), dtype=bool)
            full[:, gx - x0:gx - x0 + w] = grid
            packed = np.packbits(full, axis=1, bitorder="little").view(np.uint64)
            self._cur[margin_r:margin_r + h] = packed
        self._reset()

    def _reset(self) -> None:
        """Recompute the bookkeeping from ``_cur`` and forget the previous generation (after an edit)."""
        self._nxt[:] = self._cur
        self._chg2[:] = 0
        _scan(self._cur, self._chg, self._rowpop, self._rxmin, self._rxmax, self._st)

    def _regrow(self) -> None:
        g = self._grid()
        if g is None:
            self._load(np.zeros((0, 0), dtype=bool), 0, 0)
        else:
            self._load(*g)

    def _run(self, n: int, detect: bool, maxp: int = 1, window: int = 1, stop_extent: int = 0):
        evolve = _evolve
        if detect:
            hsize = 1
            while hsize <= 3 * maxp + window + 8:
                hsize *= 2
            hist = np.zeros(hsize, dtype=np.int64)
        else:
            hist = _NO_HIST
        total = 0
        while True:
            done, reason, period = evolve(self._cur, self._nxt, self._chg, self._chg2, self._rowpop, self._rxmin,
                                          self._rxmax, self._st, self._bmask, self._smask, n - total,
                                          detect, maxp, window, stop_extent, hist, total)
            if done % 2:
                self._cur, self._nxt = self._nxt, self._cur
                self._chg, self._chg2 = self._chg2, self._chg
            total += done
            self._generation += done
            if reason != GROW:
                return total, reason, period
            self._regrow()
            # the history of populations is still valid: growing changes no cell
            if total >= n:
                return total, DONE, 0

    # -- Universe interface ----------------------------------------------------------------------------------
    @property
    def population(self) -> int:
        return int(self._st[_POP])

    @property
    def bbox(self):
        st = self._st
        if st[_POP] == 0:
            return None
        return (int(self._x0 + st[_XMIN]), int(self._y0 + st[_RMIN]),
                int(st[_XMAX] - st[_XMIN] + 1), int(st[_RMAX] - st[_RMIN] + 1))

    def step(self, n: int = 1):
        n = self._check_n(n)
        if n:
            self._run(n, False)
        return self

    def run_until_stable(self, max_gens: int, max_period: int = 60, window: int = 48,
                         stop_extent: int = 0) -> StableHint:
        """Step until the population looks periodic, the pattern spreads too wide, or ``max_gens`` generations.

        Stops once the population sequence has repeated with some period p (1 <= p <= ``max_period``) for at
        least max(``window``, 2p) consecutive generations (checked every 4th generation; ``"stable"``; an
        empty pattern is stable at once), or the live cells span more than ``stop_extent`` cells in x or y
        (``"extent"``; 0 = no limit), or after ``max_gens`` generations (``"max_gens"``). The population
        history starts afresh with each call. Population periodicity is necessary but not sufficient for a
        settled pattern (a glider on its way to a block keeps it constant): callers confirm it.
        """
        max_gens = self._check_n(max_gens)
        if max_period < 1 or window < 1:
            raise EngineError("max_period and window must be at least 1")
        if self.population == 0:
            return StableHint("stable", 0, 1)
        if max_gens == 0:
            return StableHint("max_gens", 0, 0)
        self._st[_SINCE] = 0
        done, reason, period = self._run(max_gens, True, int(max_period), int(window), int(stop_extent))
        return StableHint(_REASONS[reason], done, int(period), int(self._st[_SINCE]) if reason == STABLE else 0)

    def find_period(self, max_period: int):
        """Step until the live cells repeat their current shape, at most ``max_period`` generations.

        Returns (period, dx, dy) — the pattern after ``period`` generations is the current one moved by
        (dx, dy) — or None when the shape did not come back (the pattern is then ``max_period`` generations on,
        or fewer if it died). Like ``run_until_stable``, an extra capability of this engine.
        """
        max_period = self._check_n(max_period)
        st = self._st
        if st[_POP] == 0:
            return None
        pop0 = int(st[_POP])
        w0 = int(st[_XMAX] - st[_XMIN] + 1)
        h0 = int(st[_RMAX] - st[_RMIN] + 1)
        hash0 = np.uint64(_shape_hash(self._cur, st))
        ox, oy = self._x0 + int(st[_XMIN]), self._y0 + int(st[_RMIN])
        g = 0
        while g < max_period:
            g1, status = _find_period(self._cur, self._nxt, self._chg, self._chg2, self._rowpop, self._rxmin,
                                      self._rxmax, st, self._bmask, self._smask, g, max_period, pop0, w0, h0,
                                      hash0, _NO_HIST)
            if (g1 - g) % 2:
                self._cur, self._nxt = self._nxt, self._cur
                self._chg, self._chg2 = self._chg2, self._chg
            self._generation += g1 - g
            g = g1
            if status == 0:
                return g, self._x0 + int(st[_XMIN]) - ox, self._y0 + int(st[_RMIN]) - oy
            if status == 2:
                self._regrow()
                continue
            return None
        return None

    def cells(self) -> np.ndarray:
        return _cells(self._cur, self._st, self._x0, self._y0)

    def region(self, x0, y0, w, h):
        self._check_region(w, h)
        out = np.zeros((h, w), dtype=bool)
        g = self._grid()
        if g is None:
            return out
        grid, gx, gy = g
        gh, gw = grid.shape
        ax0, ay0 = max(x0, gx), max(y0, gy)
        ax1, ay1 = min(x0 + w, gx + gw), min(y0 + h, gy + gh)
        if ax0 < ax1 and ay0 < ay1:
            out[ay0 - y0:ay1 - y0, ax0 - x0:ax1 - x0] = grid[ay0 - gy:ay1 - gy, ax0 - gx:ax1 - gx]
        return out

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        g = self._grid()
        if g is None:
            if not alive:
                return
            lo = c.min(axis=0)
            hi = c.max(axis=0)
            grid = np.zeros((int(hi[1] - lo[1] + 1), int(hi[0] - lo[0] + 1)), dtype=bool)
            grid[c[:, 1] - lo[1], c[:, 0] - lo[0]] = True
            self._load(grid, int(lo[0]), int(lo[1]))
            return
        grid, gx, gy = g
        gh, gw = grid.shape
        if alive:
            lo = np.minimum(c.min(axis=0), [gx, gy])
            hi = np.maximum(c.max(axis=0), [gx + gw - 1, gy + gh - 1])
        else:
            lo, hi = np.array([gx, gy]), np.array([gx + gw - 1, gy + gh - 1])
            inside = (c[:, 0] >= lo[0]) & (c[:, 0] <= hi[0]) & (c[:, 1] >= lo[1]) & (c[:, 1] <= hi[1])
            c = c[inside]
        new = np.zeros((int(hi[1] - lo[1] + 1), int(hi[0] - lo[0] + 1)), dtype=bool)
        new[gy - lo[1]:gy - lo[1] + gh, gx - lo[0]:gx - lo[0] + gw] = grid
        new[c[:, 1] - lo[1], c[:, 0] - lo[0]] = alive
        self._load(new, int(lo[0]), int(lo[1]))
