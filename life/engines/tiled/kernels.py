"""Numba kernels of the tiled plane: the tile hash table, the generation loop, periodicity and shape checks,
and the read-outs (bounding box, cells, regions). Private to the tiled engine: ``universe.py`` is their only caller."""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.cpython.unsafe.numbers import leading_zeros, trailing_zeros

from ...rules import Topology
from ..bitpack import popcnt as _popcnt
from ..circuit import FIRST_SLOT, _run_program

# Neighbour slots: N, S, W, E, NW, NE, SW, SE; _OPP[d] is the slot pointing back.
_DX = np.array([0, 0, -1, 1, -1, 1, -1, 1], np.int64)
_DY = np.array([-1, 1, 0, 0, -1, -1, 1, 1], np.int64)
_OPP = np.array([1, 0, 3, 2, 7, 6, 5, 4], np.int64)
# meta slots
_M_TOP, _M_NFREE, _M_PAR, _M_FULL, _M_STAMP, _M_NACT, _M_SINCE, _M_POP, _M_POP1, _M_PSINCE = range(10)
_META_LEN = 10
# why _run stopped
DONE, GROW, STABLE, EXTENT = 0, 1, 2, 3
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
def _run(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched, ngens, bm, sm,
         code, out, detect, maxp, window, stop_extent, hist, gbase):  # pragma: no cover - compiled
    """Advance up to ``ngens`` generations. Returns (generations done, reason, period): reason GROW when the
    tile table must grow first, else DONE. With ``detect``, also stops on STABLE (the population, logged in
    ``hist`` at generation ``gbase`` + done, has repeated with a period <= ``maxp`` for max(``window``, 2p)
    generations, or the pattern died) or EXTENT (the live cells span more than ``stop_extent`` > 0 cells);
    both are checked every 4th generation. The rule is ``bm``/``sm`` (birth/survival masks of a Life-like
    rule), or the circuit ``code`` (``circuit.Program``) whose result is slot ``out`` when ``out`` >= 0."""
    life = bm == 8 and sm == 12
    table = out >= 0                  # a rule given as a circuit (``circuit.Program``), not by bm/sm
    hu = np.zeros(66, np.uint64)      # horizontal sums (ones, twos) of rows -1..64 of the tile being computed
    hv2 = np.zeros(66, np.uint64)
    # circuit rules: each row's west, own and east neighbour planes (rows -1..64), the program's value slots
    pl = np.zeros(66, np.uint64)
    pm = np.zeros(66, np.uint64)
    pr = np.zeros(66, np.uint64)
    vals = np.zeros((FIRST_SLOT + code.shape[0], 64), np.uint64)
    for gi in range(ngens):
        if meta[_M_FULL] > 0:
            n = 0
            for t in range(1, meta[_M_TOP]):
                if used[t]:
                    act[n] = t
                    n += 1
            meta[_M_NACT] = n
        nact = meta[_M_NACT]
        # every active tile may create up to 8 neighbours this generation
        if used.shape[0] - meta[_M_TOP] + meta[_M_NFREE] < 8 * nact + 8:
            return gi, GROW, 0
        if meta[_M_FULL] > 0:
            meta[_M_FULL] -= 1
        p = meta[_M_PAR]
        q = 1 - p
        meta[_M_STAMP] += 1
        stamp = meta[_M_STAMP]
        nn = 0
        for i in range(nact):
            t = act[i]
            if not used[t]:
                continue
            # missing neighbours read as tile 0, which is always empty
            tn, ts, tw, te = max(nb[t, 0], 0), max(nb[t, 1], 0), max(nb[t, 2], 0), max(nb[t, 3], 0)
            tnw, tne, tsw, tse = max(nb[t, 4], 0), max(nb[t, 5], 0), max(nb[t, 6], 0), max(nb[t, 7], 0)
            # rows that can be live next generation, plus rows live in the buffer about to be overwritten
            a = min(rlo[t, p] - 1, rlo[t, q])
            b = max(rhi[t, p] + 1, rhi[t, q])
            up_n = cells[tn, p, 63]
            up_w = cells[tnw, p, 63]
            up_e = cells[tne, p, 63]
            if (up_n | (up_w >> _S63) | (up_e & _ONE)) != _ZERO:
                a = 0
            dn_n = cells[ts, p, 0]
            dn_w = cells[tsw, p, 0]
            dn_e = cells[tse, p, 0]
            if (dn_n | (dn_w >> _S63) | (dn_e & _ONE)) != _ZERO:
                b = 63
            m = emask[tw, p, 1]          # rows of the west tile with a live cell in its east column
            if m != _ZERO:
                a = min(a, _low_bit(m) - 1)
                b = max(b, _high_bit(m) + 1)
            m = emask[te, p, 0]
            if m != _ZERO:
                a = min(a, _low_bit(m) - 1)
                b = max(b, _high_bit(m) + 1)
            if a < 0:
                a = 0
            if b > 63:
                b = 63
            if a > b:
                continue
            # pass 1: horizontal sums (ones hu, twos hv2) of rows a-1 .. b+1; slot r+1 holds row r. Unsigned
            # indices keep Numba's negative-index checks out of the loops, so LLVM vectorises them.
            ut = np.uint64(t)
            up = np.uint64(p)
            uq = np.uint64(q)
            uw = np.uint64(tw)
            ue = np.uint64(te)
            if table:
                for r in range(np.uint64(max(a - 1, 0)), np.uint64(min(b + 1, 63) + 1)):
                    mid = cells[ut, up, r]
                    pl[r + _ONE] = (mid << _ONE) | (cells[uw, up, r] >> _S63)
                    pm[r + _ONE] = mid
                    pr[r + _ONE] = (mid >> _ONE) | (cells[ue, up, r] << _S63)
                if a == 0:
                    pl[0], pm[0], pr[0] = (up_n << _ONE) | (up_w >> _S63), up_n, (up_n >> _ONE) | (up_e << _S63)
                if b == 63:
                    pl[65], pm[65], pr[65] = (dn_n << _ONE) | (dn_w >> _S63), dn_n, (dn_n >> _ONE) | (dn_e << _S63)
                for i in range(b - a + 1):
                    r = a + i
                    vals[0, i], vals[1, i], vals[2, i] = pl[r], pm[r], pr[r]
                    vals[3, i], vals[4, i], vals[5, i] = pl[r + 1], pm[r + 1], pr[r + 1]
                    vals[6, i], vals[7, i], vals[8, i] = pl[r + 2], pm[r + 2], pr[r + 2]
                _run_program(code, vals, b - a + 1)
            else:
                for r in range(np.uint64(max(a - 1, 0)), np.uint64(min(b + 1, 63) + 1)):
                    mid = cells[ut, up, r]
                    lw = (mid << _ONE) | (cells[uw, up, r] >> _S63)
                    rr = (mid >> _ONE) | (cells[ue, up, r] << _S63)
                    lm = lw ^ mid
                    hu[r + _ONE] = lm ^ rr
                    hv2[r + _ONE] = (lw & mid) | (rr & lm)
                if a == 0:
                    hu[0], hv2[0] = _hsum(up_n, up_w, up_e)
                if b == 63:
                    hu[65], hv2[65] = _hsum(dn_n, dn_w, dn_e)
            # pass 2: add the three rows' sums and apply the rule
            old0 = cells[t, q, 0]
            old63 = cells[t, q, 63]
            anyd = _ZERO
            nz = _ZERO
            npop = _ZERO
            cols = _ZERO
            lmask = _ZERO
            rmask = _ZERO
            # separate copies of the loop on purpose: one loop with the rule test inside ran Lidka 40% slower and
            # other rules 2x slower (LLVM does not unswitch it)
            if table:
                for r in range(np.uint64(a), np.uint64(b + 1)):
                    new = vals[out, r - np.uint64(a)]
                    anyd |= new ^ cells[ut, uq, r]
                    cells[ut, uq, r] = new
                    npop += _popcnt(new)
                    cols |= new
                    nz |= np.uint64(new != _ZERO) << r
                    lmask |= (new & _ONE) << r
                    rmask |= (new >> _S63) << r
            elif life:
                for r in range(np.uint64(a), np.uint64(b + 1)):
                    u0, u1, u2 = hu[r], hu[r + _ONE], hu[r + _TWO]
                    v0, v1, v2 = hv2[r], hv2[r + _ONE], hv2[r + _TWO]
                    s0 = u0 ^ u1 ^ u2
                    c0 = (u0 & u1) | (u2 & (u0 ^ u1))
                    x = v0 ^ v1 ^ v2
                    y = (v0 & v1) | (v2 & (v0 ^ v1))
                    s1 = x ^ c0
                    c1 = x & c0
                    s2 = y ^ c1
                    s3 = y & c1
                    alive = cells[ut, up, r]
                    new = ~s3 & ((s0 & s1 & ~s2) | (alive & s2 & ~s0 & ~s1))
                    anyd |= new ^ cells[ut, uq, r]
                    cells[ut, uq, r] = new
                    npop += _popcnt(new)
                    cols |= new
                    nz |= np.uint64(new != _ZERO) << r
                    lmask |= (new & _ONE) << r
                    rmask |= (new >> _S63) << r
            else:
                for r in range(np.uint64(a), np.uint64(b + 1)):
                    u0, u1, u2 = hu[r], hu[r + _ONE], hu[r + _TWO]
                    v0, v1, v2 = hv2[r], hv2[r + _ONE], hv2[r + _TWO]
                    s0 = u0 ^ u1 ^ u2
                    c0 = (u0 & u1) | (u2 & (u0 ^ u1))
                    x = v0 ^ v1 ^ v2
                    y = (v0 & v1) | (v2 & (v0 ^ v1))
                    s1 = x ^ c0
                    c1 = x & c0
                    s2 = y ^ c1
                    s3 = y & c1
                    new = _rule9(s0, s1, s2, s3, cells[ut, up, r], bm, sm)
                    anyd |= new ^ cells[ut, uq, r]
                    cells[ut, uq, r] = new
                    npop += _popcnt(new)
                    cols |= new
                    nz |= np.uint64(new != _ZERO) << r
                    lmask |= (new & _ONE) << r
                    rmask |= (new >> _S63) << r
            emask[t, q, 0] = lmask
            emask[t, q, 1] = rmask
            meta[_M_POP + q] += np.int64(npop) - tpop[t, q]
            tpop[t, q] = np.int64(npop)
            tor[t, q] = cols
            if nz == _ZERO:
                rlo[t, q] = 64
                rhi[t, q] = -1
            else:
                rlo[t, q] = _low_bit(nz)
                rhi[t, q] = _high_bit(nz)
            if anyd == _ZERO:
                continue
            # schedule this tile and the neighbours whose facing edge changed
            if sched[t] != stamp:
                sched[t] = stamp
                nxt[nn] = t
                nn += 1
            top = cells[t, q, 0]
            bot = cells[t, q, 63]
            topd = top ^ old0
            botd = bot ^ old63
            for dd in range(8):
                if dd == 0:
                    changed, live = topd != _ZERO, top != _ZERO
                elif dd == 1:
                    changed, live = botd != _ZERO, bot != _ZERO
                elif dd == 2:
                    changed, live = (anyd & _ONE) != _ZERO, lmask != _ZERO
                elif dd == 3:
                    changed, live = (anyd >> _S63) != _ZERO, rmask != _ZERO
                elif dd == 4:
                    changed, live = (topd & _ONE) != _ZERO, (top & _ONE) != _ZERO
                elif dd == 5:
                    changed, live = (topd >> _S63) != _ZERO, (top >> _S63) != _ZERO
                elif dd == 6:
                    changed, live = (botd & _ONE) != _ZERO, (bot & _ONE) != _ZERO
                else:
                    changed, live = (botd >> _S63) != _ZERO, (bot >> _S63) != _ZERO
                if not changed:
                    continue
                m2 = nb[t, dd]
                if m2 < 0:
                    if not live:
                        continue
                    m2 = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                                tx[t] + _DX[dd], ty[t] + _DY[dd])
                if sched[m2] != stamp:
                    sched[m2] = stamp
                    nxt[nn] = m2
                    nn += 1
        meta[_M_PAR] = q
        meta[_M_NACT] = nn
        for i in range(nn):
            act[i] = nxt[i]
        meta[_M_SINCE] += 1
        if meta[_M_SINCE] >= _FREE_EVERY:
            meta[_M_SINCE] = 0
            _free_pass(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv)
        if detect:
            g = gbase + gi + 1
            pop = meta[_M_POP + q]
            hist[g & (hist.shape[0] - 1)] = pop
            if pop == 0:
                meta[_M_PSINCE] = 0
                return gi + 1, STABLE, 1
            if g & 3 == 0:
                period = _periodic(hist, g, maxp, window, meta)
                if period:
                    return gi + 1, STABLE, period
                if stop_extent > 0:
                    x0, y0, x1, y1 = _bbox(tx, ty, rlo, rhi, tor, used, meta[_M_TOP], q)
                    if x1 - x0 >= stop_extent or y1 - y0 >= stop_extent:
                        return gi + 1, EXTENT, 0
    return ngens, DONE, 0


@njit(cache=True)
def _periodic(hist, g, maxp, window, meta):  # pragma: no cover - compiled
    """The least p <= ``maxp`` such that the population log ``hist`` (a ring; generation g last) has repeated
    with period p for the last max(``window``, 2p) generations, else 0. On success meta[_M_PSINCE] says for how
    many generations it has (as far as the ring reaches)."""
    hmask = hist.shape[0] - 1
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
            i = need
            while i + p < hmask and g - i - p >= 1 and hist[(g - i) & hmask] == hist[(g - i - p) & hmask]:
                i += 1
            meta[_M_PSINCE] = i
            return p
    return 0


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
    if freed:
        _rehash(tx, ty, used, meta[_M_TOP], hkx, hky, hv)
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
        top = cells[t, p, 0]
        bot = cells[t, p, 63]
        for d in range(8):
            if d == 0:
                live = top != _ZERO
            elif d == 1:
                live = bot != _ZERO
            elif d == 2:
                live = emask[t, p, 0] != _ZERO
            elif d == 3:
                live = emask[t, p, 1] != _ZERO
            elif d == 4:
                live = (top & _ONE) != _ZERO
            elif d == 5:
                live = (top >> _S63) != _ZERO
            elif d == 6:
                live = (bot & _ONE) != _ZERO
            else:
                live = (bot >> _S63) != _ZERO
            if live and nb[t, d] < 0:
                if _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                          tx[t] + _DX[d], ty[t] + _DY[d]) < 0:
                    return False
    return True


@njit(cache=True)
def _bbox(tx, ty, rlo, rhi, tor, used, top, p):  # pragma: no cover - compiled
    """(x0, y0, x1, y1) of the live cells in buffer p (x0 > x1 when there are none), from per-tile summaries."""
    big = np.int64(2) ** 62
    x0, y0, x1, y1 = big, big, -big, -big
    for t in range(1, top):
        if not used[t] or rlo[t, p] > rhi[t, p]:
            continue
        c = tor[t, p]
        x0 = min(x0, tx[t] * 64 + _low_bit(c))
        x1 = max(x1, tx[t] * 64 + _high_bit(c))
        y0 = min(y0, ty[t] * 64 + rlo[t, p])
        y1 = max(y1, ty[t] * 64 + rhi[t, p])
    return x0, y0, x1, y1


@njit(cache=True)
def _collect(cells, tx, ty, used, top, p, out):  # pragma: no cover - compiled
    n = 0
    for t in range(top):
        if not used[t]:
            continue
        for r in range(64):
            v = cells[t, p, r]
            while v != _ZERO:
                out[n, 0] = tx[t] * 64 + _low_bit(v)
                out[n, 1] = ty[t] * 64 + r
                n += 1
                v &= v - _ONE
    return n


@njit(cache=True)
def _region(cells, tx, ty, used, top, p, x0, y0, out):  # pragma: no cover - compiled
    h, w = out.shape
    for t in range(top):
        if not used[t]:
            continue
        ox = tx[t] * 64 - x0
        oy = ty[t] * 64 - y0
        if ox >= w or oy >= h or ox + 64 <= 0 or oy + 64 <= 0:
            continue
        for r in range(64):
            yy = oy + r
            if yy < 0 or yy >= h:
                continue
            v = cells[t, p, r]
            if v == _ZERO:
                continue
            for i in range(64):
                xx = ox + i
                if 0 <= xx < w and (v >> np.uint64(i)) & _ONE:
                    out[yy, xx] = True


@njit(cache=True)
def _shape_hash(cells, tx, ty, rlo, rhi, used, top, p, x0, y0):  # pragma: no cover - compiled
    """Hash of the live cells of buffer p relative to (x0, y0) (the bounding box's corner: equal shapes anywhere
    hash alike). Cells are summed, so the order tiles are visited in does not matter."""
    acc = _ZERO
    for t in range(1, top):
        if not used[t]:
            continue
        for r in range(rlo[t, p], rhi[t, p] + 1):
            w = cells[t, p, r]
            while w != _ZERO:
                b = _low_bit(w)
                z = np.uint64(tx[t] * 64 + b - x0) * _K1 + np.uint64(ty[t] * 64 + r - y0) * _K2 + _K3
                z = (z ^ (z >> _S30)) * _MIX1
                z = (z ^ (z >> _S27)) * _MIX2
                acc += z ^ (z >> _S31)
                w &= w - _ONE
    return acc


@njit(cache=True)
def _until_shape(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched,
                 bm, sm, code, out, gfrom, gto, pop0, w0, h0, hash0, scratch):  # pragma: no cover - compiled
    """Step generations gfrom+1..gto, stopping at the first whose shape (relative to its bounding box) equals
    the reference (population, width, height, hash). Returns (generation reached, status, x0, y0): status 0
    found (x0, y0: the bounding box's corner), 1 not found by gto, 2 the tile table must grow, 3 died.
    ``scratch``: any int64 array (no population log is kept)."""
    g = gfrom
    while g < gto:
        done, reason, _ = _run(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                               act, nxt, sched, 1, bm, sm, code, out, False, 1, 1, 0, scratch, 0)
        if reason == GROW:
            return g, 2, 0, 0
        g += 1
        p = meta[_M_PAR]
        if meta[_M_POP + p] == 0:
            return g, 3, 0, 0
        if meta[_M_POP + p] == pop0:
            x0, y0, x1, y1 = _bbox(tx, ty, rlo, rhi, tor, used, meta[_M_TOP], p)
            if x1 - x0 + 1 == w0 and y1 - y0 + 1 == h0 and \
                    _shape_hash(cells, tx, ty, rlo, rhi, used, meta[_M_TOP], p, x0, y0) == hash0:
                return g, 0, x0, y0
    return g, 1, 0, 0


# --------------------------------------------------------------------------------------------------------------
# The universe
# --------------------------------------------------------------------------------------------------------------
