"""Numba kernels of the tiled plane's tile table: the hash of tile coordinates, allocating and freeing tiles,
setting cells, and the bit-sliced helpers the generation loop (``step.py``) shares. Private to the tiled engine."""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.cpython.unsafe.numbers import leading_zeros, trailing_zeros

from ...rules import Topology
from ..bitpack import popcnt as _popcnt

# Neighbour slots: N, S, W, E, NW, NE, SW, SE; _OPP[d] is the slot pointing back.
_DX = np.array([0, 0, -1, 1, -1, 1, -1, 1], np.int64)
_DY = np.array([-1, 1, 0, 0, -1, -1, 1, 1], np.int64)
_OPP = np.array([1, 0, 3, 2, 7, 6, 5, 4], np.int64)
# meta slots
_M_TOP, _M_NFREE, _M_PAR, _M_FULL, _M_STAMP, _M_NACT, _M_SINCE, _M_POP, _M_POP1, _M_PSINCE = range(10)
# generations stepped so far (by every loop), gliders lifted out of the tiles now (``gliders.py``), and ever
_M_GEN, _M_NGL, _M_LIFTS = 10, 11, 12
_META_LEN = 13
# why _run stopped
DONE, GROW, STABLE, EXTENT, SWITCH = 0, 1, 2, 3, 4   # SWITCH: the other loop (serial/parallel) should go on
_REASONS = {DONE: "max_gens", STABLE: "stable", EXTENT: "extent"}
_NO_HIST = np.zeros(2, np.int64)
_PLANE = Topology("plane")
_FREE_EVERY = 32      # generations between passes that free empty tiles
_ONE = np.uint64(1)
_TWO = np.uint64(2)
_S63 = np.uint64(63)
_ZERO = np.uint64(0)
_S27 = np.uint64(27)
_S30 = np.uint64(30)
_S31 = np.uint64(31)
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)   # SplitMix64's finaliser, for shape hashes
_MIX2 = np.uint64(0x94D049BB133111EB)


# --------------------------------------------------------------------------------------------------------------
# Numba kernels
# --------------------------------------------------------------------------------------------------------------

@njit(cache=True, inline="always")
def _hslot(x, y, mask):  # pragma: no cover - compiled
    h = np.uint64(x) * _K1 ^ np.uint64(y) * _K2
    h ^= h >> np.uint64(31)
    return np.int64(h & np.uint64(mask))


@njit(cache=True)
def _lookup(hkx, hky, hv, x, y):  # pragma: no cover - compiled
    mask = hv.shape[0] - 1
    h = _hslot(x, y, mask)
    while hv[h] >= 0:
        if hkx[h] == x and hky[h] == y:
            return hv[h]
        h = (h + 1) & mask
    return -1


@njit(cache=True)
def _insert(hkx, hky, hv, x, y, t):  # pragma: no cover - compiled
    mask = hv.shape[0] - 1
    h = _hslot(x, y, mask)
    while hv[h] >= 0:
        h = (h + 1) & mask
    hkx[h] = x
    hky[h] = y
    hv[h] = t


@njit(cache=True)
def _remove(hkx, hky, hv, x, y):  # pragma: no cover - compiled
    """Drop the key (x, y), if there, from the hash, moving later keys of its probe run back into the gap (linear
    probing's deletion, which keeps every remaining key reachable without tombstones)."""
    mask = hv.shape[0] - 1
    i = _hslot(x, y, mask)
    while hv[i] >= 0 and not (hkx[i] == x and hky[i] == y):
        i = (i + 1) & mask
    if hv[i] < 0:
        return
    j = i
    while True:
        j = (j + 1) & mask
        if hv[j] < 0:
            break
        home = _hslot(hkx[j], hky[j], mask)
        # the key at j stays if its home lies cyclically in (i, j]: it is still found from there
        if (home > i and home <= j) if i <= j else (home > i or home <= j):
            continue
        hkx[i], hky[i], hv[i] = hkx[j], hky[j], hv[j]
        i = j
    hv[i] = -1


@njit(cache=True)
def _rehash(tx, ty, used, top, hkx, hky, hv):  # pragma: no cover - compiled
    hv[:] = -1
    for t in range(top):
        if used[t]:
            _insert(hkx, hky, hv, tx[t], ty[t], t)


@njit(cache=True)
def _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, x, y):
    # pragma: no cover - compiled
    """A new empty tile at tile coordinates (x, y), linked to its neighbours. -1 when the table is full."""
    if meta[_M_NFREE] > 0:
        meta[_M_NFREE] -= 1
        t = free[meta[_M_NFREE]]
    elif meta[_M_TOP] < used.shape[0]:
        t = meta[_M_TOP]
        meta[_M_TOP] += 1
    else:
        return -1
    used[t] = 1
    tx[t] = x
    ty[t] = y
    for b in range(2):
        for r in range(64):
            cells[t, b, r] = _ZERO
        rlo[t, b] = 64
        rhi[t, b] = -1
        emask[t, b, 0] = _ZERO
        emask[t, b, 1] = _ZERO
        tpop[t, b] = 0
        tor[t, b] = _ZERO
    _insert(hkx, hky, hv, x, y, t)
    for d in range(8):
        m = _lookup(hkx, hky, hv, x + _DX[d], y + _DY[d])
        nb[t, d] = m
        if m >= 0:
            nb[m, _OPP[d]] = t
    return t


@njit(cache=True, inline="always")
def _hsum(mid, west, east):  # pragma: no cover - compiled
    """Bit-planes (ones, twos) of left + self + right for each cell of a row."""
    lw = (mid << _ONE) | (west >> _S63)
    r = (mid >> _ONE) | (east << _S63)
    lm = lw ^ mid
    return lm ^ r, (lw & mid) | (r & lm)


@njit(cache=True, inline="always")
def _rule9(s0, s1, s2, s3, alive, bm, sm):  # pragma: no cover - compiled
    """Next state, for any rule, from the bit-sliced count s3..s0 of the 3×3 block (the cell included)."""
    out = _ZERO
    for t in range(10):
        want_dead = t <= 8 and (bm >> t) & 1
        want_live = t >= 1 and (sm >> (t - 1)) & 1
        if not want_dead and not want_live:
            continue
        e = (s0 if t & 1 else ~s0) & (s1 if t & 2 else ~s1) & (s2 if t & 4 else ~s2) & (s3 if t & 8 else ~s3)
        if want_dead and want_live:
            out |= e
        elif want_dead:
            out |= e & ~alive
        else:
            out |= e & alive
    return out


@njit(cache=True, inline="always")
def _low_bit(m):  # pragma: no cover - compiled
    """Index of the lowest set bit of a non-zero uint64."""
    return np.int64(trailing_zeros(m))


@njit(cache=True, inline="always")
def _high_bit(m):  # pragma: no cover - compiled
    """Index of the highest set bit of a non-zero uint64."""
    return 63 - np.int64(leading_zeros(m))


@njit(cache=True)
def _edge_clear(cells, emask, m, d):  # pragma: no cover - compiled
    """True when tile m's cells touching its neighbour in slot _OPP[d] (m is in slot d) are dead in both
    buffers."""
    if m < 0:
        return True
    for b in range(2):
        if d == 0:      # m is north: its bottom row
            if cells[m, b, 63] != _ZERO:
                return False
        elif d == 1:
            if cells[m, b, 0] != _ZERO:
                return False
        elif d == 2:    # m is west: its east column
            if emask[m, b, 1] != _ZERO:
                return False
        elif d == 3:
            if emask[m, b, 0] != _ZERO:
                return False
        elif d == 4:
            if (cells[m, b, 63] >> _S63) != _ZERO:
                return False
        elif d == 5:
            if (cells[m, b, 63] & _ONE) != _ZERO:
                return False
        elif d == 6:
            if (cells[m, b, 0] >> _S63) != _ZERO:
                return False
        else:
            if (cells[m, b, 0] & _ONE) != _ZERO:
                return False
    return True


@njit(cache=True)
def _free_pass(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv):
    # pragma: no cover - compiled
    """Free the tiles that are empty in both buffers and whose neighbours' facing edges are empty too."""
    freed = 0
    for t in range(1, meta[_M_TOP]):
        if not used[t] or rlo[t, 0] <= rhi[t, 0] or rlo[t, 1] <= rhi[t, 1]:
            continue
        ok = True
        for d in range(8):
            if not _edge_clear(cells, emask, nb[t, d], d):
                ok = False
                break
        if not ok:
            continue
        for d in range(8):
            m = nb[t, d]
            if m >= 0:
                nb[m, _OPP[d]] = -1
            nb[t, d] = -1
        used[t] = 0
        free[meta[_M_NFREE]] = t
        meta[_M_NFREE] += 1
        freed += 1
        _remove(hkx, hky, hv, tx[t], ty[t])
    return freed


@njit(cache=True)
def _bounds(cells, t, b, rlo, rhi, emask, tpop, tor):  # pragma: no cover - compiled
    """Recompute the live-row range, edge-column masks, population and column mask of tile t's buffer b."""
    lo, hi = 64, -1
    lm = _ZERO
    rm = _ZERO
    n = 0
    cols = _ZERO
    for r in range(64):
        v = cells[t, b, r]
        if v != _ZERO:
            if lo == 64:
                lo = r
            hi = r
            lm |= (v & _ONE) << np.uint64(r)
            rm |= (v >> _S63) << np.uint64(r)
            n += np.int64(_popcnt(v))
            cols |= v
    rlo[t, b] = lo
    rhi[t, b] = hi
    emask[t, b, 0] = lm
    emask[t, b, 1] = rm
    tpop[t, b] = n
    tor[t, b] = cols


@njit(cache=True, inline="always")
def _edge_live(cells, emask, t, p, d):  # pragma: no cover - compiled
    """Whether tile t's buffer p has a live cell on the edge (or corner) facing its neighbour slot d."""
    if d == 0:
        return cells[t, p, 0] != _ZERO
    if d == 1:
        return cells[t, p, 63] != _ZERO
    if d == 2:
        return emask[t, p, 0] != _ZERO
    if d == 3:
        return emask[t, p, 1] != _ZERO
    if d == 4:
        return (cells[t, p, 0] & _ONE) != _ZERO
    if d == 5:
        return (cells[t, p, 0] >> _S63) != _ZERO
    if d == 6:
        return (cells[t, p, 63] & _ONE) != _ZERO
    return (cells[t, p, 63] >> _S63) != _ZERO


@njit(cache=True)
def _set(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, xs, ys, alive):
    # pragma: no cover - compiled
    """Set (or clear) cells; makes their tiles and the frontier tiles around them. False when the table is full
    (nothing is left half-done that matters: call again after growing)."""
    p = meta[_M_PAR]
    for i in range(xs.shape[0]):
        x, y = xs[i], ys[i]
        X, Y = x >> 6, y >> 6
        t = _lookup(hkx, hky, hv, X, Y)
        if t < 0:
            if not alive:
                continue
            t = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, X, Y)
            if t < 0:
                return False
        r = y & 63
        bit = _ONE << np.uint64(x & 63)
        if alive:
            cells[t, p, r] |= bit
        else:
            cells[t, p, r] &= ~bit
    total = 0
    for t in range(1, meta[_M_TOP]):
        if used[t]:
            _bounds(cells, t, p, rlo, rhi, emask, tpop, tor)
            total += tpop[t, p]
    meta[_M_POP + p] = total
    if not alive:
        return True
    # the frontier: every tile with a live edge cell gets the neighbour beyond that edge
    for t in range(1, meta[_M_TOP]):
        if not used[t] or rlo[t, p] > rhi[t, p]:
            continue
        for d in range(8):
            if nb[t, d] < 0 and _edge_live(cells, emask, t, p, d):
                if _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                          tx[t] + _DX[d], ty[t] + _DY[d]) < 0:
                    return False
    return True
