"""Gliders lifted out of the tiled plane while they fly through empty space (B3/S23 only). Private to the tiled
engine: the generation loop (``step.py``) calls ``_glider_pass`` every ``GLIDER_EVERY`` generations of a long
``step``, and the universe lands every lifted glider back into the tiles before the call returns.

A glider far from everything else costs a whole tile step each generation, and most of a methuselah's late
active tiles are such gliders (Lidka: about two thirds). A lifted glider is a row of ``glid``: its shape, place
and generation; where it is at any later generation follows from tables computed once from the rule.

Exactness rests on light cones. Between two passes (k = GLIDER_EVERY generations) the rest of the plane spreads
at most k cells and a glider's 3×3 box moves at most ceil(k/4) cells per axis, and two sets of cells evolve
independently while no cell has live neighbours in both, i.e. while they stay 3 or more cells apart. So a pass
keeps a glider lifted only while no live tile cell lies within ``_TILE_GAP`` - 1 cells of its box, and no other
lifted glider within ``_PAIR_GAP`` - 1 (``_SAME_GAP`` - 1 for one moving the same way, which never comes nearer
than one cell less than now); otherwise it lands it, and checks the rest again against what landed. It lifts a
glider out of a tile whose only live cells, this generation and the one before, are that glider's two phases,
with nothing else near either. Landing writes both phases back (the tiles keep two generations) and lists the
tiles it touched and their neighbours, so the next generation steps them in full."""

from __future__ import annotations

import numpy as np
from numba import njit

from .kernels import (
    _DX,
    _DY,
    _M_LIFTS,
    _M_NACT,
    _M_NFREE,
    _M_NGL,
    _M_PAR,
    _M_POP,
    _M_TOP,
    _ONE,
    _ZERO,
    _alloc,
    _bounds,
    _edge_live,
    _high_bit,
    _lookup,
    _low_bit,
)

GLIDER_EVERY = 16       # generations between passes (a power of two: the loop tests the low bits)
_TILE_GAP = GLIDER_EVERY + GLIDER_EVERY // 4 + 4      # 24: k spread + k/4 motion + 3 apart, and 1 to spare
_PAIR_GAP = 2 * (GLIDER_EVERY // 4 + 1) + 3           # 13: two boxes moving k/4 (+1 to spare) each, 3 apart
_SAME_GAP = 4
# tiles one landing may make: a 2×2 block of tiles and the ring around it. The generation loop keeps this many
# spare per lifted glider, so that landing them all never needs the table to grow.
_LANDING_TILES = 16
GLID_LEN = 8            # per lifted glider: shape, x, y (box corner) at generation gen; then this pass's shape, x, y


def _life_step(board):
    n = sum(np.roll(np.roll(board, dy, 0), dx, 1) for dy in (-1, 0, 1) for dx in (-1, 0, 1)) - board
    return (n == 3) | (board & (n == 2))


def _box(board):
    ys, xs = np.nonzero(board)
    return int(xs.min()), int(ys.min()), board[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _mask(shape):
    return sum(1 << (3 * r + c) for r in range(3) for c in range(3) if shape[r, c])


def _tables():
    """The 16 phases of the glider as 3×3 masks (bit 3*row + column), and per phase the next one with the move
    of its box's corner, the one before with its move, and the move over a period (4 generations)."""
    start = np.array([[0, 1, 0], [0, 0, 1], [1, 1, 1]], bool)
    shapes = []
    for k in range(4):
        for flip in (False, True):
            s = np.rot90(start, k)
            s = s.T if flip else s
            board = np.zeros((9, 9), bool)
            board[3:6, 3:6] = s
            for _ in range(4):
                m = _mask(_box(board)[2])
                if m not in shapes:
                    shapes.append(m)
                board = _life_step(board)
    n = len(shapes)
    assert n == 16
    masks = np.array(shapes, np.int64)
    nxt = np.zeros((n, 3), np.int64)      # next phase, its corner's dx, dy
    for i, m in enumerate(shapes):
        board = np.zeros((9, 9), bool)
        for b in range(9):
            if m >> b & 1:
                board[3 + b // 3, 3 + b % 3] = True
        x, y, shape = _box(_life_step(board))
        nxt[i] = shapes.index(_mask(shape)), x - 3, y - 3
    prv = np.zeros((n, 3), np.int64)      # phase before, its corner's offset from this one's
    vel = np.zeros((n, 2), np.int64)
    for i in range(n):
        j, dx, dy = nxt[i]
        prv[j] = i, -dx, -dy
        s, x, y = i, 0, 0
        for _ in range(4):
            s, x, y = nxt[s, 0], x + nxt[s, 1], y + nxt[s, 2]
        assert s == i
        vel[i] = x, y
    shape_of = np.full(512, -1, np.int64)
    shape_of[masks] = np.arange(n)
    return masks, shape_of, nxt, prv, vel


_MASKS, _SHAPE_OF, _NEXT, _PREV, _VEL = _tables()


@njit(cache=True, nogil=True)
def _advance(s, x, y, n):  # pragma: no cover - compiled
    """Phase and box corner of a glider (phase ``s``, corner (x, y)) ``n`` >= 0 generations later."""
    x += (n >> 2) * _VEL[s, 0]
    y += (n >> 2) * _VEL[s, 1]
    for _ in range(n & 3):
        s, x, y = _NEXT[s, 0], x + _NEXT[s, 1], y + _NEXT[s, 2]
    return s, x, y


@njit(cache=True, nogil=True)
def _clear(cells, rlo, rhi, tor, hkx, hky, hv, b, x0, y0, x1, y1, skip):  # pragma: no cover - compiled
    """True when buffer ``b`` holds no live cell in the rectangle x0..x1, y0..y1 outside tile ``skip``."""
    for ty in range(y0 >> 6, (y1 >> 6) + 1):
        for tx in range(x0 >> 6, (x1 >> 6) + 1):
            t = _lookup(hkx, hky, hv, tx, ty)
            if t < 0 or t == skip:
                continue
            r0, r1 = max(y0 - 64 * ty, rlo[t, b]), min(y1 - 64 * ty, rhi[t, b])
            c0, c1 = max(x0 - 64 * tx, 0), min(x1 - 64 * tx, 63)
            if r0 > r1 or c0 > c1:
                continue
            cols = ((_ONE << np.uint64(c1 - c0)) * np.uint64(2) - _ONE) << np.uint64(c0)
            if tor[t, b] & cols == _ZERO:
                continue
            for r in range(r0, r1 + 1):
                if cells[t, b, r] & cols != _ZERO:
                    return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _too_near(si, xi, yi, sj, xj, yj):  # pragma: no cover - compiled
    """Whether two gliders (phases, box corners) may come within 2 cells of each other before the next pass."""
    gap = max(abs(xj - xi), abs(yj - yi)) - 2
    same = _VEL[si, 0] == _VEL[sj, 0] and _VEL[si, 1] == _VEL[sj, 1]
    return gap < (_SAME_GAP if same else _PAIR_GAP)


@njit(cache=True, nogil=True)
def _pairs_clear(glid, n, s, x, y):  # pragma: no cover - compiled
    """True when no lifted glider (this pass's phases and places in columns 4..6) comes near a glider of phase
    ``s`` at (x, y) before the next pass."""
    for j in range(n):
        if _too_near(s, x, y, glid[j, 4], glid[j, 5], glid[j, 6]):
            return False
    return True


@njit(cache=True, nogil=True)
def _flag_pairs(glid, n):  # pragma: no cover - compiled
    """Set column 7 of the lifted gliders that another comes near before the next pass (columns 4..6: this
    pass's phases and places), in order of x so that only gliders within reach in x are compared."""
    order = np.argsort(glid[:n, 5])
    for a in range(n):
        i = order[a]
        for b in range(a + 1, n):
            j = order[b]
            if glid[j, 5] - glid[i, 5] > _PAIR_GAP + 2:
                break
            if _too_near(glid[i, 4], glid[i, 5], glid[i, 6], glid[j, 4], glid[j, 5], glid[j, 6]):
                glid[i, 7] = 1
                glid[j, 7] = 1


@njit(cache=True, nogil=True)
def _land(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched, glid, i,
          gen, mark):  # pragma: no cover - compiled
    """Write lifted glider ``i`` back into the tiles at generation ``gen`` (both buffers: this generation's
    phase and the one before), list the tiles it touched and their neighbours for the next step, and drop it
    from ``glid``. The caller makes sure _LANDING_TILES tiles are free (at most 2×2 touched, and the ring).
    Tiles on the active list carry ``mark`` in ``sched[3]``."""
    p = meta[_M_PAR]
    q = 1 - p
    s, x, y, g0 = glid[i, 0], glid[i, 1], glid[i, 2], glid[i, 3]
    touched = np.full(8, -1, np.int64)
    nt = 0
    for b in range(2):
        sb, xb, yb = _advance(s, x, y, gen - g0 - 1 + b)
        buf = q if b == 0 else p
        m = _MASKS[sb]
        for k in range(9):
            if not (m >> k) & 1:
                continue
            cx, cy = xb + k % 3, yb + k // 3
            t = _lookup(hkx, hky, hv, cx >> 6, cy >> 6)
            if t < 0:
                t = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, cx >> 6,
                           cy >> 6)
            cells[t, buf, cy & 63] |= _ONE << np.uint64(cx & 63)
            seen = False
            for j in range(nt):
                seen = seen or touched[j] == t
            if not seen:
                touched[nt] = t
                nt += 1
    meta[_M_POP + p] += 5
    meta[_M_POP + q] += 5
    nact = meta[_M_NACT]
    for j in range(nt):
        t = touched[j]
        _bounds(cells, t, p, rlo, rhi, emask, tpop, tor)
        _bounds(cells, t, q, rlo, rhi, emask, tpop, tor)
    for j in range(nt):
        t = touched[j]
        for d in range(9):
            m = t if d == 8 else nb[t, d]
            if m < 0:
                if not _edge_live(cells, emask, t, p, d):
                    continue       # (the frontier: a tile beyond a live edge, as everywhere)
                m = _alloc(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                           tx[t] + _DX[d], ty[t] + _DY[d])
            if sched[3, m] != mark:
                sched[3, m] = mark
                act[nact] = m
                nact += 1
    meta[_M_NACT] = nact
    meta[_M_NGL] -= 1
    glid[i] = glid[meta[_M_NGL]]


@njit(cache=True, nogil=True, inline="always")
def _box_mask(cells, t, b, r0, c0):  # pragma: no cover - compiled
    """The 3×3 mask (bit 3*row + column) of tile t's buffer b from row r0, column c0."""
    m = 0
    for k in range(3):
        m |= np.int64((cells[t, b, r0 + k] >> np.uint64(c0)) & np.uint64(7)) << (3 * k)
    return m


@njit(cache=True, nogil=True, inline="always")
def _spare(used, meta):  # pragma: no cover - compiled
    return used.shape[0] - meta[_M_TOP] + meta[_M_NFREE]


@njit(cache=True, nogil=True)
def _room(used, meta, gliders):  # pragma: no cover - compiled
    """Whether the tile table has room to land ``gliders`` gliders and then step every active tile (a bound)."""
    more = _LANDING_TILES * gliders
    return _spare(used, meta) >= more + 8 * (meta[_M_NACT] + more) + 8


@njit(cache=True, nogil=True)
def _mark_active(act, sched, meta, mark):  # pragma: no cover - compiled
    for i in range(meta[_M_NACT]):
        sched[3, act[i]] = mark


@njit(cache=True, nogil=True)
def _glider_pass(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched, glid,
                 gen):  # pragma: no cover - compiled
    """At generation ``gen`` (before it is stepped): land the lifted gliders that something may reach before
    the next pass, then lift the gliders that fly alone. False when the tile table must grow first (nothing
    half-done: call again after growing)."""
    p = meta[_M_PAR]
    q = 1 - p
    mark = -gen - 2          # (sched[3] is the team loop's; it holds stamps, which are never negative)
    marked = False
    g = _TILE_GAP - 1        # no live tile cell this near a lifted glider's box
    while True:
        n = meta[_M_NGL]
        for i in range(n):
            s, x, y = _advance(glid[i, 0], glid[i, 1], glid[i, 2], gen - glid[i, 3])
            glid[i, 4], glid[i, 5], glid[i, 6], glid[i, 7] = s, x, y, 0
        _flag_pairs(glid, n)
        fail = 0
        for i in range(n):
            x, y = glid[i, 5], glid[i, 6]
            if glid[i, 7] == 0 and not _clear(cells, rlo, rhi, tor, hkx, hky, hv, p, x - g, y - g, x + 2 + g,
                                              y + 2 + g, -1):
                glid[i, 7] = 1
            fail += glid[i, 7]
        if fail == 0:
            break
        if not _room(used, meta, fail):
            return False
        if not marked:
            _mark_active(act, sched, meta, mark)
            marked = True
        i = n - 1
        while i >= 0:        # from the end: landing moves the last row into the landed one's place
            if glid[i, 7]:
                _land(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched,
                      glid, i, gen, mark)
            i -= 1
    # lift: tiles whose only live cells, now and a generation back, are one glider's phases
    for i in range(meta[_M_NACT]):
        if meta[_M_NGL] == glid.shape[0] or \
                _spare(used, meta) < 8 * meta[_M_NACT] + 8 + _LANDING_TILES * (meta[_M_NGL] + 1):
            break        # (the loop's room: to step the active tiles, and to land every lifted glider)
        t = act[i]
        if tpop[t, p] != 5 or tpop[t, q] != 5 or rhi[t, p] - rlo[t, p] != 2:
            continue
        lb = _low_bit(tor[t, p])
        if _high_bit(tor[t, p]) - lb != 2:
            continue
        r0 = rlo[t, p]
        s = _SHAPE_OF[_box_mask(cells, t, p, r0, lb)]
        if s < 0:
            continue
        ps, pdx, pdy = _PREV[s, 0], _PREV[s, 1], _PREV[s, 2]
        plx, ply = lb + pdx, r0 + pdy          # the phase before, in tile coordinates
        if not (0 <= plx <= 61 and 0 <= ply <= 61) or rlo[t, q] != ply or rhi[t, q] != ply + 2 or \
                _low_bit(tor[t, q]) != plx or _high_bit(tor[t, q]) != plx + 2:
            continue
        if _box_mask(cells, t, q, ply, plx) != _MASKS[ps]:
            continue
        x, y = tx[t] * 64 + lb, ty[t] * 64 + r0
        px, py = tx[t] * 64 + plx, ty[t] * 64 + ply
        n = meta[_M_NGL]
        if not (_clear(cells, rlo, rhi, tor, hkx, hky, hv, p, x - g, y - g, x + 2 + g, y + 2 + g, t)
                and _clear(cells, rlo, rhi, tor, hkx, hky, hv, q, px - 2, py - 2, px + 4, py + 4, t)
                and _pairs_clear(glid, n, s, x, y)):
            continue
        for k in range(3):
            cells[t, p, r0 + k] = _ZERO
            cells[t, q, ply + k] = _ZERO
        _bounds(cells, t, p, rlo, rhi, emask, tpop, tor)
        _bounds(cells, t, q, rlo, rhi, emask, tpop, tor)
        meta[_M_POP + p] -= 5
        meta[_M_POP + q] -= 5
        glid[n, 0], glid[n, 1], glid[n, 2], glid[n, 3] = ps, px, py, gen - 1
        glid[n, 4], glid[n, 5], glid[n, 6] = s, x, y
        meta[_M_NGL] = n + 1
        meta[_M_LIFTS] += 1
    return True


@njit(cache=True, nogil=True)
def _land_all(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched, glid,
              gen):  # pragma: no cover - compiled
    """Land every lifted glider at generation ``gen``. False when the tile table filled first (call again after
    growing)."""
    mark = -gen - 2
    _mark_active(act, sched, meta, mark)
    while meta[_M_NGL] > 0:
        if _spare(used, meta) < _LANDING_TILES:
            return False
        _land(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, sched, glid,
              meta[_M_NGL] - 1, gen, mark)
    return True
