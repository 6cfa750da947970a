"""The numpy reference engine: small and obviously correct; the oracle for every fast path.

One boolean array per state. Each generation counts the eight neighbours by summing shifted copies and looks the
count up in the rule's birth/survival tables. Torus: shifts wrap. Bounded grid: a dead border. Unbounded plane: the
array is padded by one cell before each generation and trimmed to the live cells after it.
"""

from __future__ import annotations

import numpy as np

from ..pattern import Pattern
from ..rules import Rule, Topology
from .base import EngineError, Universe

__all__ = ["ReferenceUniverse", "reference_step"]


def reference_step(grid: np.ndarray, rule: Rule, wrap: bool) -> np.ndarray:
    """One generation of a bool[h, w] grid; ``wrap`` makes it a torus, else cells outside are dead."""
    g = grid.astype(np.uint8)
    if wrap:
        n = sum(np.roll(np.roll(g, dy, axis=0), dx, axis=1)
                for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dx, dy) != (0, 0))
    else:
        p = np.pad(g, 1)
        h, w = g.shape
        n = sum(p[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
                for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dx, dy) != (0, 0))
    born = np.isin(n, sorted(rule.birth))
    stays = np.isin(n, sorted(rule.survival))
    return np.where(grid, stays, born)


class ReferenceUniverse(Universe):
    """Reference universe for every Life-like rule on a torus, bounded grid or the unbounded plane."""

    name = "reference"
    topologies = ("torus", "bounded", "plane")

    def __init__(self, pattern: Pattern, topology: Topology):
        super().__init__(pattern.rule, topology)
        self._generation = pattern.generation
        if topology.kind == "plane":
            grid, self._x0, self._y0 = pattern.to_array()
        else:
            if not topology.is_finite:
                raise EngineError(f"{topology}: a grid with an infinite dimension is not supported")
            self._x0, self._y0 = topology.x0, topology.y0
            # bool grid plus a generation's uint8 temporaries (shifted copies, counts, lookups)
            self._check_grid(pattern, topology, 12 * topology.width * topology.height)
            grid = np.zeros((topology.height, topology.width), dtype=bool)
        self._grid = grid
        if topology.kind != "plane":
            self.set_cells(pattern.cells)

    @property
    def population(self) -> int:
        return int(self._grid.sum())

    def step(self, n: int = 1):
        n = self._check_n(n)
        plane = self._topology.kind == "plane"
        for _ in range(n):
            if plane:
                g = np.pad(self._grid, 1)
                self._x0 -= 1
                self._y0 -= 1
                self._grid = reference_step(g, self._rule, wrap=False)
                self._trim()
            else:
                self._grid = reference_step(self._grid, self._rule, wrap=self._topology.kind == "torus")
            self._generation += 1
        return self

    def _trim(self):
        ys, xs = np.nonzero(self._grid)
        if len(xs) == 0:
            self._grid = np.zeros((0, 0), dtype=bool)
            return
        self._grid = self._grid[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        self._x0 += int(xs.min())
        self._y0 += int(ys.min())

    def cells(self) -> np.ndarray:
        ys, xs = np.nonzero(self._grid)
        return np.stack([xs + self._x0, ys + self._y0], axis=1).astype(np.int64)

    def region(self, x0, y0, w, h):
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        if self._topology.kind == "torus":
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
        return out

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        kind = self._topology.kind
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
        H, W = self._grid.shape
        xs, ys = c[:, 0] - self._x0, c[:, 1] - self._y0
        if kind == "torus":
            xs, ys = xs % W, ys % H
        elif np.any((xs < 0) | (xs >= W) | (ys < 0) | (ys >= H)):
            raise EngineError(f"cells lie outside the {W}x{H} bounded grid "
                              f"(x {self._x0}..{self._x0 + W - 1}, y {self._y0}..{self._y0 + H - 1})")
        self._grid[ys, xs] = alive
