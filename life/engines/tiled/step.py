"""The tiled plane's generation loop (Numba), and the loops built on it: until the population is periodic,
until a shape comes back. Private to the tiled engine: ``universe.py`` is its only caller."""

from __future__ import annotations

import os

import numpy as np
from numba import njit, prange

from ..bitpack import popcnt as _popcnt
from ..circuit import FIRST_SLOT, _run_program
from .kernels import (
    _DX,
    _DY,
    _FREE_EVERY,
    _M_FULL,
    _M_NACT,
    _M_NFREE,
    _M_PAR,
    _M_POP,
    _M_PSINCE,
    _M_SINCE,
    _M_STAMP,
    _M_TOP,
    _ONE,
    _S63,
    _TWO,
    _ZERO,
    DONE,
    EXTENT,
    GROW,
    STABLE,
    SWITCH,
    _alloc,
    _free_pass,
    _high_bit,
    _hsum,
    _low_bit,
    _rule9,
)
from .readout import _bbox, _shape_hash

# spin-waiting OpenMP threads would take the second core from whoever else runs on a small machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

RES_LEN = 5   # per active tile: changed words' OR, changed top row, changed bottom row, new and old population


def _make_run(parallel):
    """The generation loop; the variant with ``parallel`` steps each generation's tiles on Numba's threads.
    Both variants come from this one source, so their results are the same."""

    def run(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched, res,
            ngens, bm, sm, code, out, detect, maxp, window, stop_extent, hist, gbase,
            nchunks, switch):  # pragma: no cover - compiled
        """Advance up to ``ngens`` generations. Returns (generations done, reason, period): reason GROW when
        the tile table must grow first, else DONE. With ``detect``, also stops on STABLE (the population,
        logged in ``hist`` at generation ``gbase`` + done, has repeated with a period <= ``maxp`` for
        max(``window``, 2p) generations, or the pattern died) or EXTENT (the live cells span more than
        ``stop_extent`` > 0 cells); both are checked every 4th generation. The rule is ``bm``/``sm``
        (birth/survival masks of a Life-like rule), or the circuit ``code`` (``circuit.Program``) whose result
        is slot ``out`` when ``out`` >= 0. ``res``: RES_LEN words per active tile; the parallel variant splits
        a generation's active tiles into min(active tiles, ``nchunks``) chunks. Both stop with SWITCH before a
        generation that should take the other loop: the serial one when at least ``switch`` > 0 tiles are
        active, the parallel one when fewer than ``switch`` are.

        A generation has two phases. *Compute*: each active tile steps from buffer p into buffer q. It writes
        only its own buffer q, its own summaries and ``res[i]``, and reads its neighbours' buffer p, so tiles
        step in any order, in parallel. *Schedule*: serially, in the active list's order, add up the
        population, list the tiles that changed and the neighbours whose facing edge changed for the next
        generation, and allocate the neighbours that live edge cells reach. The tile's code is written out in
        the loop rather than in a helper: Numba reference-counts every array passed to a function, which costs
        more than stepping a small tile."""
        life = bm == 8 and sm == 12
        table = out >= 0                  # a rule given as a circuit (``circuit.Program``), not by bm/sm
        nscr = max(nchunks, 1)
        # per chunk: horizontal sums (ones, twos) of rows -1..64 of the tile being computed; for circuit rules
        # each row's west, own and east neighbour planes (rows -1..64) and the program's value slots
        scratch = np.zeros((nscr, 5, 66), np.uint64)
        slots = np.zeros((nscr, FIRST_SLOT + code.shape[0], 64), np.uint64)
        hu, hv2, pl, pm, pr, vals = scratch[0, 0], scratch[0, 1], scratch[0, 2], scratch[0, 3], scratch[0, 4], \
            slots[0]
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
            if (nact < switch) if parallel else (0 < switch <= nact):
                return gi, SWITCH, 0
            if meta[_M_FULL] > 0:
                meta[_M_FULL] -= 1
            p = meta[_M_PAR]
            q = 1 - p
            meta[_M_STAMP] += 1
            stamp = meta[_M_STAMP]
            nn = 0
            # the parallel loop steps all active tiles, then schedules them; the serial one steps and schedules
            # one tile at a time, which keeps its data in cache between the two
            block = max(nact, 1) if parallel else 1
            for base in range(0, nact, block):
                cnt = nact - base if parallel else 1
                nch = min(cnt, nscr) if parallel else 1
                for c in prange(nch):
                    if parallel:    # (the serial loop keeps chunk 0's scratch, set once per call)
                        hu, hv2, pl, pm, pr, vals = scratch[c, 0], scratch[c, 1], scratch[c, 2], scratch[c, 3], \
                            scratch[c, 4], slots[c]
                        lo, hi = base + c * cnt // nch, base + (c + 1) * cnt // nch
                    else:
                        lo, hi = base, base + 1
                    for i in range(lo, hi):
                        t = act[i]
                        res[i, 0] = _ZERO     # unchanged, unless stepped below
                        res[i, 3] = _ZERO
                        res[i, 4] = _ZERO
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
                                pl[0], pm[0], pr[0] = (up_n << _ONE) | (up_w >> _S63), up_n, \
                                    (up_n >> _ONE) | (up_e << _S63)
                            if b == 63:
                                pl[65], pm[65], pr[65] = (dn_n << _ONE) | (dn_w >> _S63), dn_n, \
                                    (dn_n >> _ONE) | (dn_e << _S63)
                            for j in range(b - a + 1):
                                r = a + j
                                vals[0, j], vals[1, j], vals[2, j] = pl[r], pm[r], pr[r]
                                vals[3, j], vals[4, j], vals[5, j] = pl[r + 1], pm[r + 1], pr[r + 1]
                                vals[6, j], vals[7, j], vals[8, j] = pl[r + 2], pm[r + 2], pr[r + 2]
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
                        # separate copies of the loop on purpose: one loop with the rule test inside ran Lidka 40%
                        # slower and other rules 2x slower (LLVM does not unswitch it)
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
                        res[i, 3] = npop
                        res[i, 4] = np.uint64(tpop[t, q])
                        tpop[t, q] = np.int64(npop)
                        tor[t, q] = cols
                        if nz == _ZERO:
                            rlo[t, q] = 64
                            rhi[t, q] = -1
                        else:
                            rlo[t, q] = _low_bit(nz)
                            rhi[t, q] = _high_bit(nz)
                        res[i, 0] = anyd
                        res[i, 1] = cells[t, q, 0] ^ old0
                        res[i, 2] = cells[t, q, 63] ^ old63
                for i in range(base, base + cnt):
                    t = act[i]
                    meta[_M_POP + q] += np.int64(res[i, 3]) - np.int64(res[i, 4])
                    anyd = res[i, 0]
                    if anyd == _ZERO:
                        continue
                    lmask = emask[t, q, 0]
                    rmask = emask[t, q, 1]
                    # schedule this tile and the neighbours whose facing edge changed
                    if sched[t] != stamp:
                        sched[t] = stamp
                        nxt[nn] = t
                        nn += 1
                    top = cells[t, q, 0]
                    bot = cells[t, q, 63]
                    topd = res[i, 1]
                    botd = res[i, 2]
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

    # Numba names a function's on-disk cache after its qualified name: one per variant
    run.__qualname__ = run.__name__ = "_run_parallel" if parallel else "_run_serial"
    return njit(cache=True, parallel=parallel)(run)


_run_serial = _make_run(False)
_run_parallel = _make_run(True)


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
def _until_shape(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched,
                 res, bm, sm, code, out, gfrom, gto, pop0, w0, h0, hash0, scratch):  # pragma: no cover - compiled
    """Step generations gfrom+1..gto, stopping at the first whose shape (relative to its bounding box) equals
    the reference (population, width, height, hash). Returns (generation reached, status, x0, y0): status 0
    found (x0, y0: the bounding box's corner), 1 not found by gto, 2 the tile table must grow, 3 died.
    ``scratch``: any int64 array (no population log is kept)."""
    g = gfrom
    while g < gto:
        done, reason, _ = _run_serial(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky,
                                      hv, act, nxt, sched, res, 1, bm, sm, code, out, False, 1, 1, 0, scratch, 0, 1,
                                      0)
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
