"""HashLife: the plane as a hash-consed quadtree with memoised results, for jumps of 2^k generations.

Every node is canonical (one copy per distinct content) and lives as a row of one int64 table, found again
through an open-addressing hash table, so equal regions share storage and results. A node of level k covers
2^k × 2^k cells; level-3 nodes are 8×8 leaves whose cells are the 64 bits of one word (bit 8*y + x). The result
of a level-k node is its centre (level k-1) 2^j generations on, for any j <= k-2; it is memoised on the node
(one slot for the node's natural step 2^(k-2), one for the last smaller j). Level-4 results are computed from the
four leaves with a bit-parallel row kernel, any Life-like rule without B0.

The root is always centred: a root of level k covers tree coordinates [-2^(k-1), 2^(k-1)) on both axes, and
tree coordinates are the universe's cell coordinates. Golly's macrocell files put a root's rows one lower
(y in [1 - 2^(k-1), 2^(k-1)]); reading and writing ``.mc`` shift the tree by one row, node by node, with no
cell-by-cell materialisation. Coordinates, generations and populations are Python ints and may be astronomically
large; only nodes of level <= 60 are handed to the Numba kernels with int64 offsets.

Memory: the tables grow by doubling up to a cap (``max_memory_mb`` or ``max_nodes``). At the cap the cache is
garbage-collected, keeping the current pattern (and memoised results that are still reachable), and the step
carries on, in smaller jumps if it has to.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
from numba import njit, types
from numba.typed import Dict

from ..pattern import Pattern
from ..rules import Rule, Topology
from .base import EngineError, Universe

__all__ = ["HashLifeUniverse"]

# Columns of the node table.
# Columns of the node table: one 64-byte row per node. _RJ packs (j << 40) | result for the last j < level - 2.
_NW, _NE, _SW, _SE, _LEV, _RNAT, _RJ = range(7)
_NCOL = 8
_BYTES_PER_NODE = _NCOL * 8 + 2 * 8 + 2 * 8  # node row, two population slots, two hash slots
_ID_MASK = (1 << 40) - 1
_MAXLEV = 900                                # deepest tree (Python recursion walks its top levels)
_TOP = 60                                    # nodes at or below this level go to Numba with int64 offsets
_POP_EXACT = 31                              # int64 populations are memoised up to this level
_START_NODES = 1 << 14
_MAX_IDS = (1 << 32) - 1                     # hash slots keep ids in 32 bits

_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_K4 = np.uint64(0xD6E8FEB86659FD93)
_K5 = np.uint64(0xFF51AFD7ED558CCD)
_S32 = np.uint64(32)
_S29 = np.uint64(29)
_S33 = np.uint64(33)


# --------------------------------------------------------------------------------------------------------------
# Numba kernels (compiled lazily on first use, cached on disk)
# --------------------------------------------------------------------------------------------------------------

@njit(cache=True, inline="always")
def _hash(level, a, b, c, d):  # pragma: no cover - compiled
    h = np.uint64(a) * _K1 + np.uint64(b) * _K2 + np.uint64(c) * _K3 + np.uint64(d) * _K4 + np.uint64(level)
    h ^= h >> _S32
    h *= _K5
    h ^= h >> _S29
    return h


@njit(cache=True, inline="always")
def _slot(level, a, b, c, d, mask):  # pragma: no cover - compiled
    return np.int64(_hash(level, a, b, c, d) & np.uint64(mask))


@njit(cache=True)
def _make(nodes, htab, meta, level, a, b, c, d):  # pragma: no cover - compiled
    """The canonical node (level, a, b, c, d): leaves are (3, bits, 0, 0, 0). -1 when the table is full.

    Hash slots hold (fingerprint << 32) | id, so a probe only reads a node row when the fingerprints match.
    """
    mask = htab.shape[0] - 1
    hh = _hash(level, a, b, c, d)
    h = np.int64(hh & np.uint64(mask))
    fp = np.int64(hh >> _S33)
    while True:
        e = htab[h]
        if e < 0:
            break
        if (e >> 32) == fp:
            i = e & 0xFFFFFFFF
            if nodes[i, 0] == a and nodes[i, 1] == b and nodes[i, 2] == c and nodes[i, 3] == d \
                    and nodes[i, 4] == level:
                return i
        h = (h + 1) & mask
    n = meta[0]
    if n >= meta[1]:
        return -1
    nodes[n, 0] = a
    nodes[n, 1] = b
    nodes[n, 2] = c
    nodes[n, 3] = d
    nodes[n, 4] = level
    nodes[n, 5] = -1
    nodes[n, 6] = -1
    nodes[n, 7] = 0
    htab[h] = (fp << 32) | n
    meta[0] = n + 1
    return n


@njit(cache=True)
def _rehash(nodes, n, htab):  # pragma: no cover - compiled
    htab[:] = -1
    mask = htab.shape[0] - 1
    for i in range(n):
        hh = _hash(nodes[i, 4], nodes[i, 0], nodes[i, 1], nodes[i, 2], nodes[i, 3])
        h = np.int64(hh & np.uint64(mask))
        while htab[h] >= 0:
            h = (h + 1) & mask
        htab[h] = (np.int64(hh >> _S33) << 32) | i


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


@njit(cache=True, inline="always")
def _next_row(up, mid, dn, bmask, smask):  # pragma: no cover - compiled
    """Next state of the cells of row ``mid`` (bit x's west neighbour is bit x-1) for rule bmask/smask."""
    a1 = up << 1
    a3 = up >> 1
    b1 = mid << 1
    b3 = mid >> 1
    c1 = dn << 1
    c3 = dn >> 1
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
    out = mid & 0
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


@njit(cache=True)
def _leaf_step(a, b, c, d, gens, bmask, smask):  # pragma: no cover - compiled
    """Centre 8×8 (as leaf bits) of the 16×16 square of leaves a b / c d after ``gens`` <= 4 generations."""
    rows = np.empty(16, np.int64)
    tmp = np.empty(16, np.int64)
    for y in range(8):
        rows[y] = ((a >> (8 * y)) & 0xFF) | (((b >> (8 * y)) & 0xFF) << 8)
        rows[y + 8] = ((c >> (8 * y)) & 0xFF) | (((d >> (8 * y)) & 0xFF) << 8)
    for _ in range(gens):
        for y in range(16):
            up = rows[y - 1] if y > 0 else 0
            dn = rows[y + 1] if y < 15 else 0
            tmp[y] = _next_row(up, rows[y], dn, bmask, smask) & 0xFFFF
        rows, tmp = tmp, rows
    out = 0
    for y in range(8):
        out |= ((rows[y + 4] >> 4) & 0xFF) << (8 * y)
    return out


@njit(cache=True)
def _centre(nodes, htab, meta, n):  # pragma: no cover - compiled
    """The centre (level k-1) of node n (level k >= 4)."""
    lev = nodes[n, 4]
    nw, ne, sw, se = nodes[n, 0], nodes[n, 1], nodes[n, 2], nodes[n, 3]
    if lev == 4:
        bits = _leaf_step(nodes[nw, 0], nodes[ne, 0], nodes[sw, 0], nodes[se, 0], 0, 8, 12)
        return _make(nodes, htab, meta, 3, bits, 0, 0, 0)
    return _make(nodes, htab, meta, lev - 1, nodes[nw, 3], nodes[ne, 2], nodes[sw, 1], nodes[se, 0])


@njit(cache=True)
def _succ(nodes, htab, meta, bmask, smask, n, j):  # pragma: no cover - compiled
    """Centre of node n (level k >= 4) 2^j generations on, j <= k-2. -1 when the table filled up."""
    lev = nodes[n, 4]
    if j == lev - 2:
        r = nodes[n, 5]
        if r >= 0:
            return r
    else:
        r = nodes[n, 6]
        if r >= 0 and (r >> 40) == j:
            return r & _ID_MASK
    nw, ne, sw, se = nodes[n, 0], nodes[n, 1], nodes[n, 2], nodes[n, 3]
    if lev == 4:
        bits = _leaf_step(nodes[nw, 0], nodes[ne, 0], nodes[sw, 0], nodes[se, 0], 1 << j, bmask, smask)
        r = _make(nodes, htab, meta, 3, bits, 0, 0, 0)
        if r < 0:
            return -1
    else:
        m = lev - 1
        n01 = _make(nodes, htab, meta, m, nodes[nw, 1], nodes[ne, 0], nodes[nw, 3], nodes[ne, 2])
        n10 = _make(nodes, htab, meta, m, nodes[nw, 2], nodes[nw, 3], nodes[sw, 0], nodes[sw, 1])
        n11 = _make(nodes, htab, meta, m, nodes[nw, 3], nodes[ne, 2], nodes[sw, 1], nodes[se, 0])
        n12 = _make(nodes, htab, meta, m, nodes[ne, 2], nodes[ne, 3], nodes[se, 0], nodes[se, 1])
        n21 = _make(nodes, htab, meta, m, nodes[sw, 1], nodes[se, 0], nodes[sw, 3], nodes[se, 2])
        if n01 < 0 or n10 < 0 or n11 < 0 or n12 < 0 or n21 < 0:
            return -1
        # Every failure returns at once: carrying on past a full table would redo the subtree below it.
        if j == lev - 2:
            jj = lev - 3
            r00 = _succ(nodes, htab, meta, bmask, smask, nw, jj)
            if r00 < 0:
                return -1
            r01 = _succ(nodes, htab, meta, bmask, smask, n01, jj)
            if r01 < 0:
                return -1
            r02 = _succ(nodes, htab, meta, bmask, smask, ne, jj)
            if r02 < 0:
                return -1
            r10 = _succ(nodes, htab, meta, bmask, smask, n10, jj)
            if r10 < 0:
                return -1
            r11 = _succ(nodes, htab, meta, bmask, smask, n11, jj)
            if r11 < 0:
                return -1
            r12 = _succ(nodes, htab, meta, bmask, smask, n12, jj)
            if r12 < 0:
                return -1
            r20 = _succ(nodes, htab, meta, bmask, smask, sw, jj)
            if r20 < 0:
                return -1
            r21 = _succ(nodes, htab, meta, bmask, smask, n21, jj)
            if r21 < 0:
                return -1
            r22 = _succ(nodes, htab, meta, bmask, smask, se, jj)
            if r22 < 0:
                return -1
        else:
            jj = j
            r00 = _centre(nodes, htab, meta, nw)
            r01 = _centre(nodes, htab, meta, n01)
            r02 = _centre(nodes, htab, meta, ne)
            r10 = _centre(nodes, htab, meta, n10)
            r11 = _centre(nodes, htab, meta, n11)
            r12 = _centre(nodes, htab, meta, n12)
            r20 = _centre(nodes, htab, meta, sw)
            r21 = _centre(nodes, htab, meta, n21)
            r22 = _centre(nodes, htab, meta, se)
            if r00 < 0 or r01 < 0 or r02 < 0 or r10 < 0 or r11 < 0 or r12 < 0 or r20 < 0 or r21 < 0 \
                    or r22 < 0:
                return -1
        c0 = _make(nodes, htab, meta, m, r00, r01, r10, r11)
        c1 = _make(nodes, htab, meta, m, r01, r02, r11, r12)
        c2 = _make(nodes, htab, meta, m, r10, r11, r20, r21)
        c3 = _make(nodes, htab, meta, m, r11, r12, r21, r22)
        if c0 < 0 or c1 < 0 or c2 < 0 or c3 < 0:
            return -1
        s0 = _succ(nodes, htab, meta, bmask, smask, c0, jj)
        if s0 < 0:
            return -1
        s1 = _succ(nodes, htab, meta, bmask, smask, c1, jj)
        if s1 < 0:
            return -1
        s2 = _succ(nodes, htab, meta, bmask, smask, c2, jj)
        if s2 < 0:
            return -1
        s3 = _succ(nodes, htab, meta, bmask, smask, c3, jj)
        if s3 < 0:
            return -1
        r = _make(nodes, htab, meta, m, s0, s1, s2, s3)
        if r < 0:
            return -1
    if j == lev - 2:
        nodes[n, 5] = r
    else:
        nodes[n, 6] = (j << 40) | r
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
def _gc(nodes, htab, meta, keep, pops, popf):  # pragma: no cover - compiled
    """Compact the table to the nodes reachable from ``keep`` (ids; -1 ignored). Memoised results survive when
    their node does. Returns the old -> new id map (-1 for dropped nodes)."""
    n = meta[0]
    mark = np.zeros(n, np.bool_)
    for r in keep:
        if r >= 0:
            mark[r] = True
    # Children always have smaller ids than their parents, so one downward sweep marks everything reachable.
    for i in range(n - 1, -1, -1):
        if mark[i] and nodes[i, 4] > 3:
            for q in range(4):
                mark[nodes[i, q]] = True
    newid = np.full(n, -1, np.int64)
    m = 0
    for i in range(n):
        if mark[i]:
            newid[i] = m
            for c in range(_NCOL):
                nodes[m, c] = nodes[i, c]
            pops[m] = pops[i]
            popf[m] = popf[i]
            if nodes[m, 4] > 3:
                for q in range(4):
                    nodes[m, q] = newid[nodes[m, q]]
            m += 1
    for i in range(m):
        r = nodes[i, 5]
        nodes[i, 5] = newid[r] if r >= 0 and mark[r] else -1
        r = nodes[i, 6]
        if r >= 0 and mark[r & _ID_MASK]:
            nodes[i, 6] = ((r >> 40) << 40) | newid[r & _ID_MASK]
        else:
            nodes[i, 6] = -1
    pops[m:n] = -1
    popf[m:n] = np.nan
    meta[0] = m
    _rehash(nodes, m, htab)
    return newid


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
def _region(nodes, empt, n, ox, oy, out):  # pragma: no cover - compiled
    """OR the live cells of node n, whose corner sits at (ox, oy) of ``out``, into bool ``out``."""
    k = nodes[n, 4]
    if n == empt[k]:
        return
    size = np.int64(1) << k
    h, w = out.shape
    if ox >= w or oy >= h or ox + size <= 0 or oy + size <= 0:
        return
    if k == 3:
        bits = nodes[n, 0]
        for y in range(8):
            row = (bits >> (8 * y)) & 0xFF
            yy = oy + y
            if row == 0 or yy < 0 or yy >= h:
                continue
            for x in range(8):
                xx = ox + x
                if (row >> x) & 1 and 0 <= xx < w:
                    out[yy, xx] = True
        return
    half = size >> 1
    _region(nodes, empt, nodes[n, 0], ox, oy, out)
    _region(nodes, empt, nodes[n, 1], ox + half, oy, out)
    _region(nodes, empt, nodes[n, 2], ox, oy + half, out)
    _region(nodes, empt, nodes[n, 3], ox + half, oy + half, out)


@njit(cache=True)
def _split_count(nodes, pops, popf, empt, n, sx, sy, memo):  # pragma: no cover - compiled
    """Live cells of node n on each side of the lines x = sx, y = sy (relative to its corner, clipped to
    [0, size]): (above-left, above-right, below-left, below-right). Memoised on (node, sx, sy) in ``memo``."""
    k = nodes[n, 4]
    size = np.int64(1) << k
    if n == empt[k]:
        return (0.0, 0.0, 0.0, 0.0)
    if (sx == 0 or sx == size) and (sy == 0 or sy == size):
        p = _popf(nodes, pops, popf, n)
        q = (2 if sy == 0 else 0) + (1 if sx == 0 else 0)
        return (p if q == 0 else 0.0, p if q == 1 else 0.0, p if q == 2 else 0.0, p if q == 3 else 0.0)
    key = (n, sx, sy)
    if key in memo:
        return memo[key]
    a0 = 0.0
    a1 = 0.0
    a2 = 0.0
    a3 = 0.0
    if k == 3:
        bits = nodes[n, 0]
        for y in range(8):
            row = (bits >> (8 * y)) & 0xFF
            for x in range(8):
                if (row >> x) & 1:
                    if y < sy:
                        if x < sx:
                            a0 += 1.0
                        else:
                            a1 += 1.0
                    else:
                        if x < sx:
                            a2 += 1.0
                        else:
                            a3 += 1.0
    else:
        half = size >> 1
        for q in range(4):
            dx = half if q & 1 else 0
            dy = half if q & 2 else 0
            c = _split_count(nodes, pops, popf, empt, nodes[n, q], min(max(sx - dx, 0), half),
                             min(max(sy - dy, 0), half), memo)
            a0 += c[0]
            a1 += c[1]
            a2 += c[2]
            a3 += c[3]
    res = (a0, a1, a2, a3)
    memo[key] = res
    return res


@njit(cache=True)
def _density(nodes, pops, popf, empt, n, ox, oy, out, scale, memo):  # pragma: no cover - compiled
    """Add the live cells of node n (corner at cell offset (ox, oy) from the window's corner) to the per-block
    counts ``out`` (blocks of scale × scale cells)."""
    k = nodes[n, 4]
    if n == empt[k]:
        return
    size = np.int64(1) << k
    h, w = out.shape
    if ox + size <= 0 or oy + size <= 0:
        return
    bx0 = ox // scale
    by0 = oy // scale
    if bx0 >= w or by0 >= h:
        return
    if size <= scale:
        sx = min((bx0 + 1) * scale - ox, size)
        sy = min((by0 + 1) * scale - oy, size)
        c0, c1, c2, c3 = _split_count(nodes, pops, popf, empt, n, sx, sy, memo)
        if 0 <= by0 < h:
            if 0 <= bx0 < w:
                out[by0, bx0] += c0
            if 0 <= bx0 + 1 < w:
                out[by0, bx0 + 1] += c1
        if 0 <= by0 + 1 < h:
            if 0 <= bx0 < w:
                out[by0 + 1, bx0] += c2
            if 0 <= bx0 + 1 < w:
                out[by0 + 1, bx0 + 1] += c3
        return
    if bx0 == (ox + size - 1) // scale and by0 == (oy + size - 1) // scale:
        out[by0, bx0] += _popf(nodes, pops, popf, n)
        return
    if k == 3:   # blocks smaller than a leaf
        bits = nodes[n, 0]
        for y in range(8):
            row = (bits >> (8 * y)) & 0xFF
            yy = oy + y
            if row == 0 or yy < 0 or yy // scale >= h:
                continue
            for x in range(8):
                xx = ox + x
                if (row >> x) & 1 and xx >= 0 and xx // scale < w:
                    out[yy // scale, xx // scale] += 1.0
        return
    half = size >> 1
    _density(nodes, pops, popf, empt, nodes[n, 0], ox, oy, out, scale, memo)
    _density(nodes, pops, popf, empt, nodes[n, 1], ox + half, oy, out, scale, memo)
    _density(nodes, pops, popf, empt, nodes[n, 2], ox, oy + half, out, scale, memo)
    _density(nodes, pops, popf, empt, nodes[n, 3], ox + half, oy + half, out, scale, memo)


_KEY3 = types.UniTuple(types.int64, 3)
_VAL4 = types.UniTuple(types.float64, 4)


@njit(cache=True)
def _split_memo():  # pragma: no cover - compiled
    """An empty memo for _split_count (made in compiled code, so that nothing is compiled per process)."""
    return Dict.empty(key_type=_KEY3, value_type=_VAL4)


@njit(cache=True)
def _extent_memo():  # pragma: no cover - compiled
    """An empty memo for _extent."""
    return Dict.empty(key_type=types.int64, value_type=types.int64)


@njit(cache=True)
def _collect(nodes, empt, n, ox, oy, out, count):  # pragma: no cover - compiled
    """Append the live cells of node n (corner at (ox, oy)) to ``out`` from row ``count``; returns the count."""
    k = nodes[n, 4]
    if n == empt[k]:
        return count
    if k == 3:
        bits = nodes[n, 0]
        for y in range(8):
            row = (bits >> (8 * y)) & 0xFF
            for x in range(8):
                if (row >> x) & 1:
                    out[count, 0] = ox + x
                    out[count, 1] = oy + y
                    count += 1
        return count
    half = np.int64(1) << (k - 1)
    count = _collect(nodes, empt, nodes[n, 0], ox, oy, out, count)
    count = _collect(nodes, empt, nodes[n, 1], ox + half, oy, out, count)
    count = _collect(nodes, empt, nodes[n, 2], ox, oy + half, out, count)
    return _collect(nodes, empt, nodes[n, 3], ox + half, oy + half, out, count)


@njit(cache=True)
def _extent(nodes, empt, n, side, memo):  # pragma: no cover - compiled
    """Extreme live coordinate of node n relative to its corner: side 0 min x, 1 min y, 2 max x, 3 max y.
    Node n must not be empty."""
    r = memo.get(n, -1)
    if r >= 0:
        return r
    k = nodes[n, 4]
    if k == 3:
        bits = nodes[n, 0]
        best = -1
        for y in range(8):
            row = (bits >> (8 * y)) & 0xFF
            if row == 0:
                continue
            for x in range(8):
                if (row >> x) & 1:
                    v = x if side == 0 else (y if side == 1 else (x if side == 2 else y))
                    if best < 0 or (side < 2 and v < best) or (side >= 2 and v > best):
                        best = v
        memo[n] = best
        return best
    half = np.int64(1) << (k - 1)
    e = empt[k - 1]
    # the two children nearer the wanted side first; the far two matter only when the near two are empty
    horizontal = side == 0 or side == 2
    low = side < 2
    best = -1
    for far in range(2):
        for i in range(2):
            if horizontal:
                q = i * 2 + (far if low else 1 - far)
            else:
                q = (far if low else 1 - far) * 2 + i
            c = nodes[n, q]
            if c == e:
                continue
            v = _extent(nodes, empt, c, side, memo)
            if horizontal and q & 1:
                v += half
            if not horizontal and q & 2:
                v += half
            if best < 0 or (low and v < best) or (not low and v > best):
                best = v
        if best >= 0:
            break
    memo[n] = best
    return best


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
def _postorder(nodes, empt, root):  # pragma: no cover - compiled
    """Non-empty nodes reachable from root, each once, children (nw, ne, sw, se) before parents."""
    seen = np.zeros(nodes.shape[0], np.bool_)
    order = np.empty(16, np.int64)
    m = 0
    stack_n = np.empty(_MAXLEV + 2, np.int64)
    stack_q = np.empty(_MAXLEV + 2, np.int64)
    if root == empt[nodes[root, 4]]:
        return order[:0]
    sp = 0
    stack_n[0] = root
    stack_q[0] = 0
    while sp >= 0:
        n = stack_n[sp]
        k = nodes[n, 4]
        q = stack_q[sp]
        if k > 3 and q < 4:
            stack_q[sp] = q + 1
            c = nodes[n, q]
            if c != empt[k - 1] and not seen[c]:
                sp += 1
                stack_n[sp] = c
                stack_q[sp] = 0
            continue
        seen[n] = True
        if m == order.shape[0]:
            bigger = np.empty(2 * m, np.int64)
            bigger[:m] = order
            order = bigger
        order[m] = n
        m += 1
        sp -= 1
    return order[:m]


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


# --------------------------------------------------------------------------------------------------------------
# The node store: tables, growth and garbage collection
# --------------------------------------------------------------------------------------------------------------

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
        self.nodes = np.empty((cap, _NCOL), np.int64)
        self.pops = np.full(cap, -1, np.int64)
        self.popf = np.full(cap, np.nan)
        hsize = 1 << max(4, (2 * cap - 1).bit_length())
        self.htab = np.full(hsize, -1, np.int64)
        self.meta = np.zeros(2, np.int64)
        self.meta[1] = cap

    @property
    def count(self) -> int:
        return int(self.meta[0])

    def grow(self) -> bool:
        """Double the table if the cap allows; False when already at the cap."""
        cap = int(self.meta[1])
        if cap >= self.max_nodes:
            return False
        self.resize(min(2 * cap, self.max_nodes))
        return True

    def resize(self, new: int) -> None:
        """Reallocate the table for ``new`` nodes (at least the nodes it holds)."""
        old, pops, popf, n = self.nodes, self.pops, self.popf, self.count
        self._alloc(new)
        self.nodes[:n] = old[:n]
        self.pops[:n] = pops[:n]
        self.popf[:n] = popf[:n]
        self.meta[0] = n
        _rehash(self.nodes, n, self.htab)

    def gc(self, keep):
        """Drop everything not reachable from the ids in ``keep``; returns their new ids."""
        self.gcs += 1
        k = np.array([r for r in keep if r is not None] + [e for e in self.empt if e >= 0], dtype=np.int64)
        newid = _gc(self.nodes, self.htab, self.meta, k, self.pops, self.popf)
        live = self.empt >= 0
        self.empt[live] = newid[self.empt[live]]
        return [None if r is None else int(newid[r]) for r in keep]

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


def _max_nodes_for(mb: float) -> int:
    return int(mb * 2 ** 20 // _BYTES_PER_NODE)


# --------------------------------------------------------------------------------------------------------------
# The universe
# --------------------------------------------------------------------------------------------------------------

class HashLifeUniverse(Universe):
    """HashLife on the unbounded plane for any Life-like rule without B0.

    ``step(n)`` advances exactly n generations for any n >= 0 (as jumps of powers of two). ``max_memory_mb``
    (default ``DEFAULT_MAX_MEMORY_MB``) or ``max_nodes`` caps the node table; at the cap the memo cache is
    garbage-collected and the run carries on. ``population``, ``bbox`` and coordinates are Python ints.
    """

    name = "hashlife"
    topologies = ("plane",)
    DEFAULT_MAX_MEMORY_MB = 1024
    max_cells = 20_000_000   # most cells ``cells()`` materialises

    def __init__(self, pattern: Pattern, topology: Topology = Topology("plane"), *,
                 max_memory_mb: float | None = None, max_nodes: int | None = None):
        if topology is None:
            topology = Topology("plane")
        super().__init__(pattern.rule, topology)
        if topology.kind != "plane":
            raise EngineError("the hashlife engine runs only on the unbounded plane")
        self.check_rule(pattern.rule)
        self._generation = pattern.generation
        if max_nodes is None:
            max_nodes = _max_nodes_for(self.DEFAULT_MAX_MEMORY_MB if max_memory_mb is None else max_memory_mb)
        self._s = _Store(max_nodes)
        self._bm = self._rule.birth_mask
        self._sm = self._rule.survival_mask
        self._root = int(self._s.empt[6])
        self._level = 6
        self.set_cells(pattern.cells)

    @staticmethod
    def check_rule(rule: Rule) -> None:
        """EngineError unless HashLife can run ``rule`` (any Life-like rule without B0)."""
        if rule.has_b0:
            raise EngineError(f"rule {rule.bs} has B0 (empty space gives birth), which flips the whole infinite "
                              "plane every generation; HashLife cannot run it (use a torus or bounded grid)")

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
        """Change the cap on the node table, in MiB or in nodes (about 96 bytes each)."""
        s = self._s
        s.max_nodes = min(max(1024, int(nodes) if nodes is not None else _max_nodes_for(mb)), _MAX_IDS)
        if s.count > s.max_nodes:
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
        for pair, off in zip((near, far), offs):
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

    def _advance(self, j: int):
        """Advance exactly 2^j generations."""
        s = self._s
        while True:
            self._grow_root_to(max(self._level, j + 3, 6))
            if _only_centre(s.nodes, s.empt, self._root, 2):
                break
            self._grow_root_to(self._level + 1)
        collected = False
        while True:
            r = _succ(s.nodes, s.htab, s.meta, self._bm, self._sm, self._root, j)
            if r >= 0:
                break
            if s.grow():
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
        self._check_region(w, h)
        out = np.zeros((h, w), dtype=bool)
        if w == 0 or h == 0:
            return out
        x0, y0 = int(x0), int(y0)
        for n, _k, ox, oy in self._windows(x0, y0, x0 + w, y0 + h):
            _region(self._s.nodes, self._s.empt, n, ox - x0, oy - y0, out)
        return out

    def density(self, x0, y0, w, h, scale):
        """float64[h, w]: the fraction of live cells in each scale × scale block, block (i, j) covering
        x0 + j*scale <= x < x0 + (j+1)*scale and likewise in y (any block with a live cell is > 0, even at
        scales of 2^100). Cheap at any zoom: whole nodes inside one block count by their memoised population,
        and nodes straddling block edges are split with a memo, so repetitive patterns stay cheap too. Fastest
        when ``scale`` is a power of two and x0, y0 are multiples of it (tree nodes then never straddle)."""
        self._check_region(w, h)
        scale = int(scale)
        if scale < 1:
            raise EngineError(f"density scale must be a positive integer, got {scale}")
        x0, y0 = int(x0), int(y0)
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
        return out

    def cells(self) -> np.ndarray:
        pop = self.population
        if pop > self.max_cells:
            raise EngineError(f"the pattern has {pop} live cells, more than the {self.max_cells} that cells() "
                              "materialises; use region() or density() to look at part of it")
        out = np.empty((pop, 2), dtype=np.int64)
        if pop == 0:
            return out
        bx, by, bw, bh = self.bbox
        if min(bx, by) < -(1 << 62) or max(bx + bw, by + bh) > (1 << 62):
            raise EngineError(f"live cells lie beyond ±2^62 (bbox {self.bbox}); cells() returns int64 "
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
        order = _postorder(s.nodes, s.empt, g)
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
        from ..atomic import write_bytes

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
