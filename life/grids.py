"""How the edges of Golly's bounded grids are joined: for each cell just outside a grid, the cell inside that
stands in for it (Golly copies those into a one-cell border before every generation).

Coordinates are board coordinates: column 0..width-1, row 0..height-1. A torus joins opposite edges (a shift moves
the cells crossing one pair of edges along it); a Klein bottle reverses one pair of edges before joining them; a
cross-surface reverses both pairs, and its border's corners copy the grid's own corners; a sphere joins the top
edge to the left one and the bottom edge to the right one, and its corners too copy the grid's own corners.
"""

from __future__ import annotations

import numpy as np

from .rules import Topology

__all__ = ["border", "glue"]


def border(width: int, height: int):
    """(xs, ys): the 2 * (width + height) + 4 cells just outside a width × height grid, as int64 arrays."""
    xs = np.arange(-1, width + 1)
    ys = np.arange(height)
    bx = np.concatenate([xs, xs, np.full(height, -1), np.full(height, width)])
    by = np.concatenate([np.full(width + 2, -1), np.full(width + 2, height), ys, ys])
    return bx.astype(np.int64), by.astype(np.int64)


def glue(topology: Topology, xs: np.ndarray, ys: np.ndarray):
    """(xs, ys, live): the cells inside ``topology``'s finite grid that the cells (xs, ys) just outside it
    stand for; ``live`` is False where the outside cell is dead forever (a bounded grid's border)."""
    w, h = topology.width, topology.height
    x, y = np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)
    kind = topology.kind
    live = np.ones(len(x), dtype=bool)
    if kind == "bounded":
        live = (x >= 0) & (x < w) & (y >= 0) & (y < h)
    elif kind == "torus":
        s = topology.shift
        if topology.axis == "h":   # through the bottom edge, s cells to the right
            x = x + s * ((y >= h).astype(np.int64) - (y < 0))
        elif topology.axis == "v":  # through the right edge, s cells down
            y = y + s * ((x >= w).astype(np.int64) - (x < 0))
    elif kind == "klein":
        if topology.axis == "h":
            flip = (y < 0) | (y >= h)
            x = np.where(flip, w - 1 - x, x)
        else:
            flip = (x < 0) | (x >= w)
            y = np.where(flip, h - 1 - y, y)
    elif kind in ("cross", "sphere"):
        corner = ((x < 0) | (x >= w)) & ((y < 0) | (y >= h))
        if kind == "cross":
            top_bottom = (y < 0) | (y >= h)
            x, y = np.where(top_bottom, w - 1 - x, x), np.where(top_bottom, y, h - 1 - y)
        else:
            # top (x, -1) -> (0, x); left (-1, y) -> (y, 0); bottom (x, h) -> (w-1, x); right (w, y) -> (y, h-1)
            nx = np.where(y < 0, 0, np.where(y >= h, w - 1, y))
            ny = np.where(x < 0, 0, np.where(x >= w, h - 1, x))
            x, y = nx, ny
        x = np.where(corner, np.clip(xs, 0, w - 1), x)
        y = np.where(corner, np.clip(ys, 0, h - 1), y)
    return x % w, y % h, live
