"""HashLife's Numba kernels that advance and edit the tree (the node table itself is ``table``): the level-4
row kernel, the memoised successor, populations, editing, the one-row shift and the build of a macrocell node
table.

Every kernel that can fill the table returns -1 (or False) when it does; the store grows the table and retries
(``store._Store.retry``). All compile lazily on first use and are cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..circuit import FIRST_SLOT, _run_program
from .table import _FRAME, _ID_MASK, _SP, _make, _slot

_TOP = 60                                    # nodes at or below this level go to Numba with int64 offsets
_NO_CODE = np.zeros((0, 5), np.int64)        # Life-like rules pass no circuit
_POP_EXACT = 31                              # int64 populations are memoised up to this level

_U16 = np.uint64(16)
_U48 = np.uint64(48)
_U1 = np.uint64(1)
_BYTE = np.uint64(0xFF)


@njit(cache=True, _nrt=False)
def _next_word(up, mid, dn, bmask, smask):  # pragma: no cover - compiled
    """Next state of the cells of ``mid`` for rule bmask/smask, given the rows above and below it: uint64 words
    of four 16-cell rows, bit x's west neighbour bit x-1 (lane edges read the next lane: garbage that stays
    within the cells the leaf kernel throws away)."""
    a1 = up << _U1
    a3 = up >> _U1
    b1 = mid << _U1
    b3 = mid >> _U1
    c1 = dn << _U1
    c3 = dn >> _U1
    ua = a1 ^ up ^ a3
    va = (a1 & up) | (a3 & (a1 ^ up))
    ub = b1 ^ b3
    vb = b1 & b3
    uc = c1 ^ dn ^ c3
    vc = (c1 & dn) | (c3 & (c1 ^ dn))
    s0 = ua ^ ub ^ uc
    k0 = (ua & ub) | (uc & (ua ^ ub))
    x = va ^ vb ^ vc
    y = (va & vb) | (vc & (va ^ vb))
    s1 = x ^ k0
    k1 = x & k0
    s2 = y ^ k1
    s3 = y & k1
    if bmask == 8 and smask == 12:
        return s1 & ~s2 & ~s3 & (s0 | mid)
    out = mid ^ mid
    for k in range(9):
        bk = (bmask >> k) & 1
        sk = (smask >> k) & 1
        if bk == 0 and sk == 0:
            continue
        e = (s0 if k & 1 else ~s0) & (s1 if k & 2 else ~s1) & (s2 if k & 4 else ~s2) & (s3 if k & 8 else ~s3)
        if bk and sk:
            out |= e
        elif bk:
            out |= e & ~mid
        else:
            out |= e & mid
    return out


@njit(cache=True, _nrt=False)
def _rows4(lo, hi, first):  # pragma: no cover - compiled
    """Rows first..first+3 of the 16-wide strip made of leaves lo (west) and hi (east), as one uint64."""
    w = np.uint64(0)
    for i in range(4):
        sh = np.uint64(8 * (first + i))
        row = ((lo >> sh) & _BYTE) | (((hi >> sh) & _BYTE) << np.uint64(8))
        w |= row << np.uint64(16 * i)
    return w


@njit(cache=True, _nrt=False)
def _life_leaf(a, b, c, d, gens, bmask, smask):  # pragma: no cover - compiled
    """``_leaf_step`` for a Life-like rule: the 16×16 square as four words of four rows each, no allocation.
    Each generation spoils one more ring of cells from the square's edge; the centre 8×8 survives four."""
    ua, ub, uc, ud = np.uint64(a), np.uint64(b), np.uint64(c), np.uint64(d)
    w0 = _rows4(ua, ub, 0)
    w1 = _rows4(ua, ub, 4)
    w2 = _rows4(uc, ud, 0)
    w3 = _rows4(uc, ud, 4)
    for _ in range(gens):
        n0 = _next_word(w0 << _U16, w0, (w0 >> _U16) | (w1 << _U48), bmask, smask)
        n1 = _next_word((w1 << _U16) | (w0 >> _U48), w1, (w1 >> _U16) | (w2 << _U48), bmask, smask)
        n2 = _next_word((w2 << _U16) | (w1 >> _U48), w2, (w2 >> _U16) | (w3 << _U48), bmask, smask)
        n3 = _next_word((w3 << _U16) | (w2 >> _U48), w3, w3 >> _U16, bmask, smask)
        w0, w1, w2, w3 = n0, n1, n2, n3
    out8 = np.uint64(0)
    for y in range(8):
        yy = y + 4
        w = w1 if yy < 8 else w2
        out8 |= ((w >> np.uint64(16 * (yy & 3) + 4)) & _BYTE) << np.uint64(8 * y)
    return np.int64(out8)


@njit(cache=True, _nrt=False)
def _leaf_step(a, b, c, d, gens, bmask, smask, code, work, out):  # pragma: no cover - compiled
    """Centre 8×8 (as leaf bits) of the 16×16 square of leaves a b / c d after ``gens`` <= 4 generations, for
    rule bmask/smask, or for the circuit ``code`` (``circuit.Program``) when ``out`` >= 0. ``work``
    (``leaf_work(code)``) is its scratch: the successor runs without Numba's reference counting, so nothing
    below it may allocate."""
    if out < 0:
        return _life_leaf(a, b, c, d, gens, bmask, smask)
    vals = work
    rows = work[work.shape[0] - 2]
    tmp = work[work.shape[0] - 1]
    for y in range(8):
        rows[y] = ((a >> (8 * y)) & 0xFF) | (((b >> (8 * y)) & 0xFF) << 8)
        rows[y + 8] = ((c >> (8 * y)) & 0xFF) | (((d >> (8 * y)) & 0xFF) << 8)
    for _ in range(gens):
        for y in range(16):
            for dy in range(3):
                yy = y + dy - 1
                r = rows[yy] if 0 <= yy < 16 else 0
                vals[3 * dy, y] = r << 1      # bit x's west neighbour is bit x-1
                vals[3 * dy + 1, y] = r
                vals[3 * dy + 2, y] = r >> 1
        _run_program(code, vals, 16)
        for y in range(16):
            tmp[y] = vals[out, y] & 0xFFFF
        for y in range(16):
            rows[y] = tmp[y]
    out8 = 0
    for y in range(8):
        out8 |= ((rows[y + 4] >> 4) & 0xFF) << (8 * y)
    return out8


@njit(cache=True, _nrt=False)
def _centre(nodes, htab, meta, n):  # pragma: no cover - compiled
    """The centre (level k-1) of node n (level k >= 4)."""
    lev = nodes[n, 4]
    nw, ne, sw, se = nodes[n, 0], nodes[n, 1], nodes[n, 2], nodes[n, 3]
    if lev == 4:
        bits = _life_leaf(nodes[nw, 0], nodes[ne, 0], nodes[sw, 0], nodes[se, 0], 0, 8, 12)
        return _make(nodes, htab, meta, 3, bits, 0, 0, 0)
    return _make(nodes, htab, meta, lev - 1, nodes[nw, 3], nodes[ne, 2], nodes[sw, 1], nodes[se, 0])


@njit(cache=True, _nrt=False)
def _memo(nodes, n, j):  # pragma: no cover - compiled
    """The memoised centre of node n 2^j generations on, or -1."""
    if j == nodes[n, 4] - 2:
        return nodes[n, 5]
    r = nodes[n, 6]
    if r >= 0 and (r >> 40) == j:
        return r & _ID_MASK
    return -1


@njit(cache=True, _nrt=False)
def _remember(nodes, n, j, r):  # pragma: no cover - compiled
    if j == nodes[n, 4] - 2:
        nodes[n, 5] = r
    else:
        nodes[n, 6] = (j << 40) | r


@njit(cache=True, _nrt=False)
def _succ4(nodes, htab, meta, bmask, smask, code, work, out, n, j):  # pragma: no cover - compiled
    """``_succ`` of a level-4 node: the leaf kernel. Inlined into its callers, which make most of the calls."""
    r = _memo(nodes, n, j)
    if r >= 0:
        return r
    a, b, c, d = nodes[nodes[n, 0], 0], nodes[nodes[n, 1], 0], nodes[nodes[n, 2], 0], nodes[nodes[n, 3], 0]
    if out < 0:
        bits = _life_leaf(a, b, c, d, 1 << j, bmask, smask)
    else:
        bits = _leaf_step(a, b, c, d, 1 << j, bmask, smask, code, work, out)
    r = _make(nodes, htab, meta, 3, bits, 0, 0, 0)
    if r >= 0:
        _remember(nodes, n, j, r)
    return r


def leaf_work(code: np.ndarray) -> np.ndarray:
    """Scratch rows for ``_leaf_step`` running the circuit ``code``: its value rows and two rows of cells."""
    return np.zeros((FIRST_SLOT + code.shape[0] + 2, 16), np.int64)


# Compiled without Numba's reference counting: each recursive call would otherwise pay atomic increments and
# decrements on its five array arguments (a third of the time on small tables). Nothing it calls may allocate.
@njit(cache=True, _nrt=False)
def _succ(nodes, htab, meta, pins, bmask, smask, code, work, out, n, j, rev):  # pragma: no cover - compiled
    """Centre of node n (level k >= 4) 2^j generations on, j <= k-2. -1 when the table filled up. ``work`` is
    ``leaf_work(code)`` (any array for Life-like rules). ``pins`` holds the pin stack: ``meta`` itself, or one
    array per thread when two threads share the table (``parallel.py``); ``rev`` takes each frame's squares in
    reverse order, so that a second thread works from the other end and meets the first in the middle."""
    r = _memo(nodes, n, j)
    if r >= 0:
        return r
    lev = nodes[n, 4]
    if lev == 4:
        return _succ4(nodes, htab, meta, bmask, smask, code, work, out, n, j)
    nw, ne, sw, se = nodes[n, 0], nodes[n, 1], nodes[n, 2], nodes[n, 3]
    m = lev - 1
    # The frame's ids live in its pin slots, so that a collection in the middle of the step keeps them: the
    # nine overlapping squares (row by row), their results, the four squares made of those, their successors.
    base = pins[_SP]
    pins[_SP] = base + _FRAME
    sq, res, quad, fin = base, base + 9, base + 18, base + 22
    pins[sq] = nw
    pins[sq + 1] = _make(nodes, htab, meta, m, nodes[nw, 1], nodes[ne, 0], nodes[nw, 3], nodes[ne, 2])
    pins[sq + 2] = ne
    pins[sq + 3] = _make(nodes, htab, meta, m, nodes[nw, 2], nodes[nw, 3], nodes[sw, 0], nodes[sw, 1])
    pins[sq + 4] = _make(nodes, htab, meta, m, nodes[nw, 3], nodes[ne, 2], nodes[sw, 1], nodes[se, 0])
    pins[sq + 5] = _make(nodes, htab, meta, m, nodes[ne, 2], nodes[ne, 3], nodes[se, 0], nodes[se, 1])
    pins[sq + 6] = sw
    pins[sq + 7] = _make(nodes, htab, meta, m, nodes[sw, 1], nodes[se, 0], nodes[sw, 3], nodes[se, 2])
    pins[sq + 8] = se
    for k in range(9):
        if pins[sq + k] < 0:
            return -1
    # Every failure returns at once: carrying on past a full table would redo the subtree below it.
    whole = j == lev - 2
    jj = lev - 3 if whole else j
    for i in range(9):
        k = 8 - i if rev else i
        x = pins[sq + k]
        if not whole:
            y = _centre(nodes, htab, meta, x)
        elif m == 4:   # the leaf kernel, inlined
            y = _succ4(nodes, htab, meta, bmask, smask, code, work, out, x, jj)
        else:
            y = _succ(nodes, htab, meta, pins, bmask, smask, code, work, out, x, jj, rev)
        pins[res + k] = y
        if y < 0:
            return -1
    for k in range(4):
        t = res + (k >> 1) * 3 + (k & 1)   # the top-left result of the square
        y = _make(nodes, htab, meta, m, pins[t], pins[t + 1], pins[t + 3], pins[t + 4])
        pins[quad + k] = y
        if y < 0:
            return -1
    for i in range(4):
        k = 3 - i if rev else i
        x = pins[quad + k]
        if m == 4:
            y = _succ4(nodes, htab, meta, bmask, smask, code, work, out, x, jj)
        else:
            y = _succ(nodes, htab, meta, pins, bmask, smask, code, work, out, x, jj, rev)
        pins[fin + k] = y
        if y < 0:
            return -1
    r = _make(nodes, htab, meta, m, pins[fin], pins[fin + 1], pins[fin + 2], pins[fin + 3])
    if r >= 0:
        _remember(nodes, n, j, r)
        pins[_SP] = base
    return r


@njit(cache=True)
def _expand(nodes, htab, meta, empt, root):  # pragma: no cover - compiled
    """The root one level up, the old root at its centre. -1 when full."""
    k = nodes[root, 4]
    e = empt[k - 1]
    a = _make(nodes, htab, meta, k, e, e, e, nodes[root, 0])
    b = _make(nodes, htab, meta, k, e, e, nodes[root, 1], e)
    c = _make(nodes, htab, meta, k, e, nodes[root, 2], e, e)
    d = _make(nodes, htab, meta, k, nodes[root, 3], e, e, e)
    if a < 0 or b < 0 or c < 0 or d < 0:
        return -1
    return _make(nodes, htab, meta, k + 1, a, b, c, d)


@njit(cache=True)
def _only_centre(nodes, empt, n, depth):  # pragma: no cover - compiled
    """True when every live cell of node n lies in its central square of side 2^(k - depth), depth 1 or 2."""
    k = nodes[n, 4]
    for q in range(4):
        c = nodes[n, q]
        o = 3 - q   # the grandchild that touches the centre
        for g in range(4):
            if g != o and nodes[c, g] != empt[k - 2]:
                return False
        if depth == 2:
            gc = nodes[c, o]
            for g in range(4):
                if g != o and nodes[gc, g] != empt[k - 3]:
                    return False
    return True


@njit(cache=True)
def _pop(nodes, pops, n):  # pragma: no cover - compiled
    """Exact live-cell count of node n (level <= 31), memoised in ``pops``."""
    p = pops[n]
    if p >= 0:
        return p
    if nodes[n, 4] == 3:
        v = nodes[n, 0]
        p = 0
        while v != 0:
            v &= v - 1
            p += 1
    else:
        p = _pop(nodes, pops, nodes[n, 0]) + _pop(nodes, pops, nodes[n, 1]) + \
            _pop(nodes, pops, nodes[n, 2]) + _pop(nodes, pops, nodes[n, 3])
    pops[n] = p
    return p


@njit(cache=True)
def _popf(nodes, pops, popf, n):  # pragma: no cover - compiled
    """Live-cell count of node n as a float (any level), memoised in ``popf``."""
    p = popf[n]
    if p == p:
        return p
    if nodes[n, 4] <= 31:
        p = float(_pop(nodes, pops, n))
    else:
        p = _popf(nodes, pops, popf, nodes[n, 0]) + _popf(nodes, pops, popf, nodes[n, 1]) + \
            _popf(nodes, pops, popf, nodes[n, 2]) + _popf(nodes, pops, popf, nodes[n, 3])
    popf[n] = p
    return p


@njit(cache=True)
def _build_level(nodes, htab, meta, level, a, b, c, d, out):  # pragma: no cover - compiled
    """out[i] = node(level, a[i], b[i], c[i], d[i]) for every i (leaves: level 3 and a = bits). False if full."""
    for i in range(a.shape[0]):
        r = _make(nodes, htab, meta, level, a[i], b[i], c[i], d[i])
        if r < 0:
            return False
        out[i] = r
    return True


@njit(cache=True)
def _set_cell(nodes, htab, meta, empt, n, x, y, alive):  # pragma: no cover - compiled
    """Node n with the cell at (x, y) (relative to its corner) set or cleared. -1 when full."""
    k = nodes[n, 4]
    if k == 3:
        bit = np.int64(1) << (8 * y + x)
        v = nodes[n, 0]
        v = (v | bit) if alive else (v & ~bit)
        return _make(nodes, htab, meta, 3, v, 0, 0, 0)
    h = np.int64(1) << (k - 1)
    q = (1 if x >= h else 0) + (2 if y >= h else 0)
    c = _set_cell(nodes, htab, meta, empt, nodes[n, q], x - h if x >= h else x, y - h if y >= h else y, alive)
    if c < 0:
        return -1
    return _make(nodes, htab, meta, k, c if q == 0 else nodes[n, 0], c if q == 1 else nodes[n, 1],
                 c if q == 2 else nodes[n, 2], c if q == 3 else nodes[n, 3])


@njit(cache=True)
def _set_cells(nodes, htab, meta, empt, n, xs, ys, alive):  # pragma: no cover - compiled
    for i in range(xs.shape[0]):
        n = _set_cell(nodes, htab, meta, empt, n, xs[i], ys[i], alive)
        if n < 0:
            return -1
    return n


@njit(cache=True)
def _vshift(nodes, htab, meta, empt, a, b, down, mkeys, mvals, mcount):  # pragma: no cover - compiled
    """The level-k node made of rows [2^k - 1, 2^(k+1) - 1) (``down``) or [1, 2^k + 1) (up) of the stack of
    level-k nodes a over b. -1 when the node table is full, -2 when the memo table is."""
    k = nodes[a, 4]
    e = empt[k]
    if a == e and b == e:
        return e
    if k == 3:
        A = nodes[a, 0]
        B = nodes[b, 0]
        if down:
            bits = ((A >> 56) & 0xFF) | (B << 8)
        else:
            bits = ((A >> 8) & 0x00FFFFFFFFFFFFFF) | (B << 56)
        return _make(nodes, htab, meta, 3, bits, 0, 0, 0)
    mask = mkeys.shape[0] - 1
    h = _slot(k, a, b, 0, 0, mask)
    while mkeys[h, 0] >= 0:
        if mkeys[h, 0] == a and mkeys[h, 1] == b:
            return mvals[h]
        h = (h + 1) & mask
    # the four (upper, lower) pairs of children that make the four children of the result
    if down:
        u0, l0, u1, l1 = nodes[a, 2], nodes[b, 0], nodes[a, 3], nodes[b, 1]
        u2, l2, u3, l3 = nodes[b, 0], nodes[b, 2], nodes[b, 1], nodes[b, 3]
    else:
        u0, l0, u1, l1 = nodes[a, 0], nodes[a, 2], nodes[a, 1], nodes[a, 3]
        u2, l2, u3, l3 = nodes[a, 2], nodes[b, 0], nodes[a, 3], nodes[b, 1]
    # a failure must end the recursion at once: without the memo the walk would be exponential
    p = _vshift(nodes, htab, meta, empt, u0, l0, down, mkeys, mvals, mcount)
    if p < 0:
        return p
    q = _vshift(nodes, htab, meta, empt, u1, l1, down, mkeys, mvals, mcount)
    if q < 0:
        return q
    r = _vshift(nodes, htab, meta, empt, u2, l2, down, mkeys, mvals, mcount)
    if r < 0:
        return r
    s = _vshift(nodes, htab, meta, empt, u3, l3, down, mkeys, mvals, mcount)
    if s < 0:
        return s
    res = _make(nodes, htab, meta, k, p, q, r, s)
    if res < 0:
        return -1
    if 2 * (mcount[0] + 1) > mkeys.shape[0]:
        return -2
    # the recursion above may have filled slots: find a free one again
    h = _slot(k, a, b, 0, 0, mask)
    while mkeys[h, 0] >= 0:
        h = (h + 1) & mask
    mkeys[h, 0] = a
    mkeys[h, 1] = b
    mvals[h] = res
    mcount[0] += 1
    return res


@njit(cache=True)
def _mc_build(nodes, htab, meta, empt, levels, kids, bits, ids):  # pragma: no cover - compiled
    """Make the nodes of a macrocell file in order (ids[0] unused: 0 means empty). False when full."""
    for i in range(1, levels.shape[0]):
        k = levels[i]
        if k == 3:
            r = _make(nodes, htab, meta, 3, bits[i], 0, 0, 0)
        else:
            c = np.empty(4, np.int64)
            for q in range(4):
                v = kids[i, q]
                c[q] = empt[k - 1] if v == 0 else ids[v]
            r = _make(nodes, htab, meta, k, c[0], c[1], c[2], c[3])
        if r < 0:
            return False
        ids[i] = r
    return True
