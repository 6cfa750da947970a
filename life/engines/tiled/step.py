"""The tiled plane's generation loop (Numba), and the loops built on it: until the population is periodic,
until a shape comes back. Private to the tiled engine: ``universe.py`` is its only caller."""

from __future__ import annotations

import os

import numpy as np
from numba import njit, prange

from ..atomics import arrive_and_wait, load, store
from ..bitpack import popcnt as _popcnt
from ..circuit import FIRST_SLOT, _run_program
from .gliders import _LANDING_TILES, GLIDER_EVERY, _glider_pass
from .kernels import (
    _DX,
    _DY,
    _FREE_EVERY,
    _M_FULL,
    _M_GEN,
    _M_NACT,
    _M_NFREE,
    _M_NGL,
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
TEAM = 2      # threads of the team loop (one tile column divides the plane between them)
# slots of the team loop's ``sync`` array, each thread's on a cache line of its own
_Y_COUNT, _Y_STOP, _Y_DONE, _Y_PERIOD, _Y_SPLIT = 0, 8, 9, 10, 11
# + 8 * thread; a thread's list counts by parity (rows c*TEAM + thread of nxt: _Y_LISTED + c), so that one
# thread can write its next count while another still reads the current one
_Y_LISTED, _Y_ASKED, _Y_DPOP, _Y_STEPPED = 16, 18, 19, 20
SYNC_LEN = 16 + 8 * TEAM


def _make_run(mode):
    """The generation loop in one of three variants from this one source, so their results are the same:
    ``serial``; ``parallel``, which steps each generation's tiles on Numba's threads; ``team``, one of two
    threads that each run it on the tiles on their side of a tile column, meeting at barriers."""
    parallel = mode == "parallel"
    team = mode == "team"

    def run(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched, res,
            ngens, bm, sm, code, out, detect, maxp, window, stop_extent, hist, gbase,
            nchunks, switch_lo, switch_hi, me, sync, asks, gliders, glid):  # pragma: no cover - compiled
        """Advance up to ``ngens`` generations. Returns (generations done, reason, period): reason GROW when
        the tile table must grow first, else DONE. With ``detect``, also stops on STABLE (the population,
        logged in ``hist`` at generation ``gbase`` + done, has repeated with a period <= ``maxp`` for
        max(``window``, 2p) generations, or the pattern died) or EXTENT (the live cells span more than
        ``stop_extent`` > 0 cells); both are checked every 4th generation. The rule is ``bm``/``sm``
        (birth/survival masks of a Life-like rule), or the circuit ``code`` (``circuit.Program``) whose result
        is slot ``out`` when ``out`` >= 0. ``res``: RES_LEN words per active tile; the parallel variant splits
        a generation's active tiles into min(active tiles, ``nchunks``) chunks. Every variant stops with
        SWITCH before a generation that should take another loop: when fewer than ``switch_lo`` tiles are
        active, or at least ``switch_hi`` > 0. ``nxt`` (2*TEAM rows): lists of tiles to step, the next
        generation's in row 0, a team's two generations' in rows c*TEAM + thread; ``sched`` (2*TEAM rows): per
        thread the generation that last listed each tile, then a team's that last stepped it. With ``gliders``
        (B3/S23, serial loop only), every GLIDER_EVERY generations ``gliders._glider_pass`` lifts the gliders
        that fly alone out of the tiles into ``glid`` and lands those that something may reach; the caller
        lands the rest afterwards.

        The team variant is called by TEAM threads at once, ``me`` = 0..TEAM-1, with ``sync`` (SYNC_LEN
        int64, its first zeroed) and ``asks`` (TEAM rows like ``nxt``) shared; thread 0's return value is the
        one that counts.

        A generation has two phases. *Compute*: each active tile steps from buffer p into buffer q. It writes
        only its own buffer q, its own summaries and ``res[i]``, and reads its neighbours' buffer p, so tiles
        step in any order, in parallel. *Schedule*: add up the population, list the tiles that changed and the
        neighbours whose facing edge changed for the next generation, and allocate the neighbours that live
        edge cells reach. The serial loop steps and schedules one tile at a time; the parallel one steps every
        tile, then schedules them serially in the active list's order. A team's threads each step the tiles
        on both threads' lists that lie on their side of tile column ``split`` (once: a tile may be on both),
        list the next generation's on their own list, and ask for new tiles; after a barrier, thread 0 alone
        makes those, frees tiles, moves the column when one thread stepped more than its share, and checks
        for a stop, while the other waits at the next generation's barrier. On a stop the lists are joined
        into one active list, without repeats, for the other loops. So the tiles a generation steps are the
        same in every variant, only their order differs. The tile's code is written out in the loop rather
        than in a helper: Numba reference-counts every array passed to a function, which costs more than
        stepping a small tile."""
        life = bm == 8 and sm == 12
        table = out >= 0                  # a rule given as a circuit (``circuit.Program``), not by bm/sm
        nscr = max(nchunks, 1)
        # per chunk: horizontal sums (ones, twos) of rows -1..64 of the tile being computed; for circuit rules
        # each row's west, own and east neighbour planes (rows -1..64) and the program's value slots
        scratch = np.zeros((nscr, 5, 66), np.uint64)
        slots = np.zeros((nscr, FIRST_SLOT + code.shape[0], 64), np.uint64)
        hu, hv2, pl, pm, pr, vals = scratch[0, 0], scratch[0, 1], scratch[0, 2], scratch[0, 3], scratch[0, 4], \
            slots[0]
        barriers = 0
        cur = 0        # a team's lists of this generation's tiles are nxt rows cur*TEAM .. cur*TEAM+TEAM-1
        stop, done, period = -1, 0, 0    # why, after how many generations, and the period, the loop ends
        for gi in range(ngens + 1):
            # whether to go on (decided by thread 0 alone in a team, which waits for it)
            if me == 0 and stop < 0:
                done = gi
                if meta[_M_FULL] > 0:
                    n = 0
                    for t in range(1, meta[_M_TOP]):
                        if used[t]:
                            act[n] = t
                            n += 1
                    meta[_M_NACT] = n
                if team and (gi == 0 or meta[_M_FULL] > 0):
                    # the active list becomes thread 0's list (either thread steps each tile on its side)
                    for i in range(meta[_M_NACT]):
                        nxt[cur * TEAM, i] = act[i]
                    sync[_Y_LISTED + cur] = meta[_M_NACT]
                    for w in range(1, TEAM):
                        sync[_Y_LISTED + 8 * w + cur] = 0
                nact = meta[_M_NACT]
                if gi == ngens:
                    stop = DONE
                # every active tile may create up to 8 neighbours this generation, and there is to be room to
                # land every lifted glider
                elif used.shape[0] - meta[_M_TOP] + meta[_M_NFREE] < 8 * nact + 8 + _LANDING_TILES * meta[_M_NGL]:
                    stop = GROW
                elif nact < switch_lo or 0 < switch_hi <= nact:
                    stop = SWITCH
                elif gliders and meta[_M_GEN] & (GLIDER_EVERY - 1) == 0 and not _glider_pass(
                        cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched,
                        glid, meta[_M_GEN]):
                    stop = GROW
                else:
                    if meta[_M_FULL] > 0:
                        meta[_M_FULL] -= 1
                    meta[_M_STAMP] += 1
            if team and me == 0:
                if stop >= 0 and gi > 0:
                    # the other loops take one active list, without repeats
                    mark = -meta[_M_STAMP] - 1
                    n = 0
                    for w in range(TEAM):
                        for j in range(sync[_Y_LISTED + 8 * w + cur]):
                            t = nxt[cur * TEAM + w, j]
                            if sched[TEAM, t] != mark:
                                sched[TEAM, t] = mark
                                act[n] = t
                                n += 1
                    meta[_M_NACT] = n
                sync[_Y_DONE] = done
                sync[_Y_PERIOD] = period
                store(sync, _Y_STOP, stop)
            if team:
                barriers += 1
                arrive_and_wait(sync, _Y_COUNT, TEAM * barriers)
                stop = load(sync, _Y_STOP)
            if stop >= 0:
                if team:
                    return sync[_Y_DONE], stop, sync[_Y_PERIOD]
                return done, stop, period
            nact = meta[_M_NACT]
            p = meta[_M_PAR]
            q = 1 - p
            stamp = meta[_M_STAMP]
            nn = 0         # this thread's tiles listed for the next generation
            nask = 0       # and new tiles asked for (team)
            dpop = 0
            stepped = 0
            if team:
                # a team steps the tiles of its lists (a tile may be on both), thread 1 those from tile column
                # ``split`` east, thread 0 the rest
                split = sync[_Y_SPLIT]
                row = cur * TEAM
                first = sync[_Y_LISTED + cur]
                nact = first + sync[_Y_LISTED + 8 + cur]
            # the parallel loop steps all active tiles, then schedules them; the serial one steps and schedules
            # one tile at a time, which keeps its data in cache between the two
            block = max(nact, 1) if parallel else 1
            for base in range(0, nact, block):
                cnt = nact - base if parallel else 1
                nch = min(cnt, nscr) if parallel else 1
                if team:
                    tb = nxt[row, base] if base < first else nxt[row + 1, base - first]
                for c in prange(nch):
                    if parallel:    # (the serial loop keeps chunk 0's scratch, set once per call)
                        hu, hv2, pl, pm, pr, vals = scratch[c, 0], scratch[c, 1], scratch[c, 2], scratch[c, 3], \
                            scratch[c, 4], slots[c]
                        lo, hi = base + c * cnt // nch, base + (c + 1) * cnt // nch
                    else:
                        lo, hi = base, base + 1
                    for i in range(lo, hi):
                        t = tb if team else act[i]
                        # the parallel loop keeps every tile's results for its schedule; the others schedule
                        # each tile at once (a team's threads on rows far apart)
                        ri = i if parallel else 4 * me
                        res[ri, 0] = _ZERO     # unchanged, unless stepped below
                        res[ri, 3] = _ZERO
                        res[ri, 4] = _ZERO
                        if not used[t]:
                            continue
                        if team:
                            if (tx[t] >= split) != (me == 1) or sched[TEAM + me, t] == stamp:
                                continue
                            sched[TEAM + me, t] = stamp
                            stepped += 1
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
                        # rows of the west tile with a live cell in its east column, and of the east tile's west
                        # column; branch-free: with no such row, 64 - 1 and -1 + 1 leave a and b as they are
                        m = emask[tw, p, 1] | emask[te, p, 0]
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
                        res[ri, 3] = npop
                        res[ri, 4] = np.uint64(tpop[t, q])
                        tpop[t, q] = np.int64(npop)
                        tor[t, q] = cols
                        if nz == _ZERO:
                            rlo[t, q] = 64
                            rhi[t, q] = -1
                        else:
                            rlo[t, q] = _low_bit(nz)
                            rhi[t, q] = _high_bit(nz)
                        res[ri, 0] = anyd
                        res[ri, 1] = cells[t, q, 0] ^ old0
                        res[ri, 2] = cells[t, q, 63] ^ old63
                for i in range(base, base + cnt):
                    t = tb if team else act[i]
                    ri = i if parallel else 4 * me
                    dpop += np.int64(res[ri, 3]) - np.int64(res[ri, 4])
                    anyd = res[ri, 0]
                    if anyd == _ZERO:
                        continue
                    lmask = emask[t, q, 0]
                    rmask = emask[t, q, 1]
                    # schedule this tile and the neighbours whose facing edge changed (a team's thread on its
                    # own list)
                    out_row = (1 - cur) * TEAM + me if team else 0
                    if sched[me, t] != stamp:
                        sched[me, t] = stamp
                        nxt[out_row, nn] = t
                        nn += 1
                    top = cells[t, q, 0]
                    bot = cells[t, q, 63]
                    topd = res[ri, 1]
                    botd = res[ri, 2]
                    # the directions whose facing edge changed (bit d: neighbour slot d), and those where it is live
                    chg = (np.uint64(topd != _ZERO) | (np.uint64(botd != _ZERO) << _ONE)
                           | ((anyd & _ONE) << _TWO) | ((anyd >> _S63) << np.uint64(3))
                           | ((topd & _ONE) << np.uint64(4)) | ((topd >> _S63) << np.uint64(5))
                           | ((botd & _ONE) << np.uint64(6)) | ((botd >> _S63) << np.uint64(7)))
                    edge_live = (np.uint64(top != _ZERO) | (np.uint64(bot != _ZERO) << _ONE)
                                 | (np.uint64(lmask != _ZERO) << _TWO) | (np.uint64(rmask != _ZERO) << np.uint64(3))
                                 | ((top & _ONE) << np.uint64(4)) | ((top >> _S63) << np.uint64(5))
                                 | ((bot & _ONE) << np.uint64(6)) | ((bot >> _S63) << np.uint64(7)))
                    # one pass per changed direction, in slot order: a loop over the eight with a test each ran
                    # Lidka 10-15% slower (its branches mispredict)
                    while chg != _ZERO:
                        dd = _low_bit(chg)
                        chg &= chg - _ONE
                        live = ((edge_live >> np.uint64(dd)) & _ONE) != _ZERO
                        m2 = nb[t, dd]
                        if m2 < 0:
                            if not live:
                                continue
                            if team:      # thread 0 makes it after the barrier
                                asks[me, nask] = t * 8 + dd
                                nask += 1
                                continue
                            m2 = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                                        tx[t] + _DX[dd], ty[t] + _DY[dd])
                        if sched[me, m2] != stamp:
                            sched[me, m2] = stamp
                            nxt[out_row, nn] = m2
                            nn += 1
            if team:
                sync[_Y_ASKED + 8 * me] = nask
                sync[_Y_DPOP + 8 * me] = dpop
                sync[_Y_STEPPED + 8 * me] = stepped
                barriers += 1
                sync[_Y_LISTED + 8 * me + 1 - cur] = nn
                arrive_and_wait(sync, _Y_COUNT, TEAM * barriers)
                cur = 1 - cur
                if me != 0:
                    continue
                # thread 0 alone: the tiles asked for, onto its list; the column that shares the tiles out, moved
                # when one thread stepped more than its share
                row = cur * TEAM
                for w in range(TEAM):
                    for j in range(sync[_Y_ASKED + 8 * w]):
                        t, dd = asks[w, j] >> 3, asks[w, j] & 7
                        m2 = nb[t, dd]
                        if m2 < 0:
                            m2 = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky,
                                        hv, tx[t] + _DX[dd], ty[t] + _DY[dd])
                        if sched[0, m2] != stamp:
                            sched[0, m2] = stamp
                            nxt[row, nn] = m2
                            nn += 1
                sync[_Y_LISTED + cur] = nn
                s0, s1 = sync[_Y_STEPPED], sync[_Y_STEPPED + 8]
                if abs(s0 - s1) > 2 + (s0 + s1) // 8:
                    sync[_Y_SPLIT] = _split(nxt, row, nn, sync[_Y_LISTED + 8 + cur], tx, sync[_Y_SPLIT])
                nn += sync[_Y_LISTED + 8 + cur]     # (an upper bound: a tile may be on both lists)
                dpop += sync[_Y_DPOP + 8]
            else:
                for i in range(nn):
                    act[i] = nxt[0, i]
            meta[_M_POP + q] += dpop
            meta[_M_PAR] = q
            meta[_M_NACT] = nn
            meta[_M_SINCE] += 1
            meta[_M_GEN] += 1
            if meta[_M_SINCE] >= _FREE_EVERY:
                meta[_M_SINCE] = 0
                _free_pass(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv)
            if detect:
                g = gbase + gi + 1
                pop = meta[_M_POP + q]
                hist[g & (hist.shape[0] - 1)] = pop
                # a stop found here ends the loop at the next generation's start
                if pop == 0:
                    meta[_M_PSINCE] = 0
                    stop, done, period = STABLE, gi + 1, 1
                elif g & 3 == 0:
                    found = _periodic(hist, g, maxp, window, meta)
                    if found:
                        stop, done, period = STABLE, gi + 1, found
                    elif stop_extent > 0:
                        x0, y0, x1, y1 = _bbox(tx, ty, rlo, rhi, tor, used, meta[_M_TOP], q)
                        if x1 - x0 >= stop_extent or y1 - y0 >= stop_extent:
                            stop, done = EXTENT, gi + 1
        return done, DONE, 0  # (not reached: the loop's last generation stops with DONE)

    # Numba names a function's on-disk cache after its qualified name: one per variant
    run.__qualname__ = run.__name__ = f"_run_{mode}"
    return njit(cache=True, parallel=parallel, nogil=True)(run)


_run_serial = _make_run("serial")
_run_parallel = _make_run("parallel")
_run_team = _make_run("team")


@njit(cache=True, nogil=True)
def _east(tiles, row, n0, n1, tx, split):  # pragma: no cover - compiled
    """How many of the tiles on lists ``row`` (``n0`` of them) and ``row`` + 1 (``n1``) lie from tile column
    ``split`` east."""
    east = 0
    for i in range(n0 + n1):
        east += tx[tiles[row, i] if i < n0 else tiles[row + 1, i - n0]] >= split
    return east


@njit(cache=True, nogil=True)
def _split(tiles, row, n0, n1, tx, split):  # pragma: no cover - compiled
    """The tile column that divides the tiles on lists ``row`` and ``row`` + 1 (``n0`` and ``n1`` of them; tile
    columns ``tx``) most evenly between a team's two threads, moved from ``split`` one occupied column at a
    time: threads that keep to one side of a line find their tiles, and most of their neighbours', in their own
    core's cache."""
    n = n0 + n1
    east = _east(tiles, row, n0, n1, tx, split)
    while 2 * east > n + 1 or 2 * east < n - 1:
        up = 2 * east > n
        nxt = split
        for i in range(n):   # the nearest occupied column beyond ``split`` in the direction that evens out
            x = tx[tiles[row, i] if i < n0 else tiles[row + 1, i - n0]]
            if (x > split and (nxt == split or x < nxt)) if up else (x < split and (nxt == split or x > nxt)):
                nxt = x
        if nxt == split:
            break
        moved = _east(tiles, row, n0, n1, tx, nxt)
        if abs(2 * moved - n) >= abs(2 * east - n):
            break
        split, east = nxt, moved
    return split


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
                                      0, 0, 0, scratch, nxt, False, nxt)
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
