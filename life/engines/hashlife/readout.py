"""HashLife's Numba kernels that read the tree without changing it: regions, block densities (with exact
splits of nodes that straddle block edges), live cells, extents for the bounding box, and the order in which a
macrocell file lists the nodes. All compile lazily on first use and are cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.typed import Dict

from .kernels import _popf
from .table import _MAXLEV


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
