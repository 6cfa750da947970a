"""Numba read-outs of the tiled plane: bounding box, live cells, regions and shape hashes, from the tiles of one
buffer. Private to the tiled engine."""

from __future__ import annotations

import numpy as np
from numba import njit

from .kernels import _K1, _K2, _K3, _MIX1, _MIX2, _ONE, _S27, _S30, _S31, _ZERO, _high_bit, _low_bit


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
