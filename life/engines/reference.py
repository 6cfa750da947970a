"""The numpy reference engine: small and obviously correct; the oracle for every fast path.

One boolean array per state. Each generation builds every cell's 9-bit neighbourhood index from shifted copies and
looks it up in the rule's 512-entry table (``Rule.table``), so every rule family goes through the same two lines.
Torus: shifts wrap. Bounded grid: a dead border. Unbounded plane: the
array is padded by one cell before each generation and trimmed to the live cells after it.
"""

from __future__ import annotations

import numpy as np

from ..grids import border, glue
from ..pattern import Pattern
from ..rules import Rule, Topology
from .base import EngineError, Universe

__all__ = ["ReferenceUniverse", "reference_step"]


def reference_step(grid: np.ndarray, rule: Rule, wrap, glued: Topology | None = None) -> np.ndarray:
    """One generation of a bool[h, w] grid; ``wrap`` True makes it a torus, ``"rows"`` or ``"cols"`` joins
    only the top and bottom (or left and right) edges, else cells outside are dead, unless ``glued`` names a
    grid whose edges are joined otherwise (``life.grids``): then the cells just outside are copies of the cells
    inside they stand for."""
    g = grid.astype(np.uint16)
    h, w = g.shape
    p = None if wrap is True else np.pad(g, 1)
    if wrap == "rows":
        p[0, 1:-1], p[-1, 1:-1] = g[-1], g[0]
    elif wrap == "cols":
        p[1:-1, 0], p[1:-1, -1] = g[:, -1], g[:, 0]
    if glued is not None:
        bx, by = border(w, h)
        sx, sy, live = glue(glued, bx, by)
        p[by + 1, bx + 1] = g[sy, sx] * live
    index = np.zeros((h, w), dtype=np.uint16)
    for k, (dy, dx) in enumerate((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
        if wrap is True:
            cell = np.roll(np.roll(g, -dy, axis=0), -dx, axis=1)
        else:
            cell = p[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
        index |= cell << k   # bit k: the neighbour at (dx, dy), in reading order, the cell itself bit 4
    return rule.table[index]


class ReferenceUniverse(Universe):
    """Reference universe for every rule (Life-like, isotropic, H, V) on a torus, bounded grid or the plane."""

    name = "reference"
    topologies = ("torus", "bounded", "plane", "klein", "cross", "sphere")
    any_rule = True
    b0_plane = True

    def __init__(self, pattern: Pattern, topology: Topology):
        super().__init__(pattern.rule, topology)
        self._generation = pattern.generation
        # a torus or bounded grid infinite in one direction (Golly's cylinders :T0,68 and strips :P40,0)
        self._strip = topology.kind != "plane" and not topology.is_finite
        if self._strip and pattern.rule.has_b0:
            raise EngineError(f"rule {pattern.rule.bs} has B0, which would fill the infinite {topology} grid")
        if topology.kind == "plane":
            grid, self._x0, self._y0 = pattern.to_array()
        elif self._strip:
            self._x0, self._y0 = (0, topology.y0) if topology.width == 0 else (topology.x0, 0)
            grid = np.zeros((topology.height, 0) if topology.width == 0 else (0, topology.width), dtype=bool)
        else:
            self._x0, self._y0 = topology.x0, topology.y0
            # bool grid plus a generation's uint8 temporaries (shifted copies, counts, lookups)
            self._check_grid(pattern, topology, 12 * topology.width * topology.height)
            grid = np.zeros((topology.height, topology.width), dtype=bool)
        self._grid = grid
        if topology.kind != "plane":
            self.set_cells(pattern.cells)

    @property
    def population(self) -> int:
        self._finite("population")
        return int(self._grid.sum())

    @property
    def bbox(self):
        ys, xs = np.nonzero(self._grid)  # on the plane with a live background: the cells that differ from it
        if len(xs) == 0:
            return None
        return (int(xs.min()) + self._x0, int(ys.min()) + self._y0, int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)

    def step(self, n: int = 1):
        n = self._check_n(n)
        plane = self._topology.kind == "plane"
        for _ in range(n):
            if self._strip:
                self._step_strip()
            elif plane:
                g = np.pad(self._grid, 1)
                self._x0 -= 1
                self._y0 -= 1
                rule, self._background = self._phase_rule()
                self._grid = reference_step(g, rule, wrap=False)
                self._trim()
            else:
                topo = self._topology
                self._grid = reference_step(self._grid, self._rule, wrap=topo.kind == "torus" and not topo.shift,
                                            glued=topo if topo.is_glued else None)
            self._generation += 1
        return self

    def _step_strip(self):
        """One generation on a grid infinite along one axis: pad that axis by a dead cell each side, join the
        finite axis's edges on a torus, then trim the infinite axis to the live cells."""
        t = self._topology
        xinf = t.width == 0
        g = np.pad(self._grid, ((0, 0), (1, 1)) if xinf else ((1, 1), (0, 0)))
        if xinf:
            self._x0 -= 1
        else:
            self._y0 -= 1
        wrap = ("rows" if xinf else "cols") if t.kind == "torus" else False
        g = reference_step(g, self._rule, wrap)
        live = np.flatnonzero(g.any(axis=0 if xinf else 1))
        if len(live) == 0:
            g = g[:, :0] if xinf else g[:0]
        else:
            a, b = int(live[0]), int(live[-1]) + 1
            g = g[:, a:b] if xinf else g[a:b]
            if xinf:
                self._x0 += a
            else:
                self._y0 += a
        self._grid = g

    def _trim(self):
        ys, xs = np.nonzero(self._grid)
        if len(xs) == 0:
            self._grid = np.zeros((0, 0), dtype=bool)
            return
        self._grid = self._grid[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        self._x0 += int(xs.min())
        self._y0 += int(ys.min())

    def cells(self) -> np.ndarray:
        self._finite("set of live cells")
        ys, xs = np.nonzero(self._grid)
        return np.stack([xs + self._x0, ys + self._y0], axis=1).astype(np.int64)

    def region(self, x0, y0, w, h):
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        if self._strip:
            H, W = self._grid.shape
            ys, xs = np.arange(y0, y0 + h) - self._y0, np.arange(x0, x0 + w) - self._x0
            if self._topology.kind == "torus":  # the finite axis wraps
                if self._topology.width == 0:
                    ys %= H
                else:
                    xs %= W
            okx, oky = (xs >= 0) & (xs < W), (ys >= 0) & (ys < H)
            out = np.zeros((h, w), dtype=bool)
            out[np.ix_(oky, okx)] = self._grid[np.ix_(ys[oky], xs[okx])]
            return out
        if self._topology.kind == "torus" and not self._topology.shift:
            H, W = self._grid.shape
            rows = (np.arange(h) + (y0 - self._y0) % H) % H  # corners reduced first: any integer works
            cols = (np.arange(w) + (x0 - self._x0) % W) % W
            return self._grid[np.ix_(rows, cols)].copy()
        out = np.zeros((h, w), dtype=bool)
        H, W = self._grid.shape
        ax0, ay0 = max(x0, self._x0), max(y0, self._y0)
        ax1, ay1 = min(x0 + w, self._x0 + W), min(y0 + h, self._y0 + H)
        if ax0 < ax1 and ay0 < ay1:
            out[ay0 - y0:ay1 - y0, ax0 - x0:ax1 - x0] = \
                self._grid[ay0 - self._y0:ay1 - self._y0, ax0 - self._x0:ax1 - self._x0]
        return out ^ bool(self._background)

    def _cover(self, c):
        """Widen a strip's grid along its infinite axis to hold the cells ``c``."""
        xinf = self._topology.width == 0
        k = 0 if xinf else 1
        lo0 = self._x0 if xinf else self._y0
        n = self._grid.shape[1 if xinf else 0]
        lo, hi = (min(int(c[:, k].min()), lo0), max(int(c[:, k].max()) + 1, lo0 + n)) if n else \
            (int(c[:, k].min()), int(c[:, k].max()) + 1)
        pad = ((lo0 - lo, hi - lo0 - n) if n else (0, hi - lo))
        base = self._grid if n else self._grid[:, :0] if xinf else self._grid[:0]
        self._grid = np.pad(base, ((0, 0), pad) if xinf else (pad, (0, 0)))
        if xinf:
            self._x0 = lo
        else:
            self._y0 = lo

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        kind = self._topology.kind
        alive = bool(alive) != bool(self._background)  # over a live background the stored cells are inverted
        if kind == "plane":
            lo = np.minimum(c.min(axis=0), [self._x0, self._y0]) if self._grid.size else c.min(axis=0)
            H, W = self._grid.shape
            hi = np.maximum(c.max(axis=0), [self._x0 + W - 1, self._y0 + H - 1]) if self._grid.size \
                else c.max(axis=0)
            grid = np.zeros((hi[1] - lo[1] + 1, hi[0] - lo[0] + 1), dtype=bool)
            grid[self._y0 - lo[1]:self._y0 - lo[1] + H, self._x0 - lo[0]:self._x0 - lo[0] + W] = self._grid
            self._grid, self._x0, self._y0 = grid, int(lo[0]), int(lo[1])
            self._grid[c[:, 1] - self._y0, c[:, 0] - self._x0] = alive
            self._trim()
            return
        if self._strip:
            self._cover(c)
        H, W = self._grid.shape
        xs, ys = c[:, 0] - self._x0, c[:, 1] - self._y0
        if self._strip:
            t = self._topology
            fin, size = (ys, t.height) if t.width == 0 else (xs, t.width)
            if kind == "torus":
                fin %= size
            elif np.any((fin < 0) | (fin >= size)):
                raise EngineError(f"cells lie outside the {t.width}x{t.height} bounded grid")
            self._grid[ys, xs] = alive
            return
        if kind == "torus":
            xs, ys = xs % W, ys % H
        elif np.any((xs < 0) | (xs >= W) | (ys < 0) | (ys >= H)):
            raise EngineError(f"cells lie outside the {W}x{H} bounded grid "
                              f"(x {self._x0}..{self._x0 + W - 1}, y {self._y0}..{self._y0 + H - 1})")
        self._grid[ys, xs] = alive
