"""Golly's grids with one infinite dimension: cylinders (``:T0,68``, ``:T40,0``) and strips (``:P0,68``), on one
bit-packed board that covers the finite dimension exactly and grows along the infinite one.

As on the growing plane board (``plane.py``), a board whose dead margin along the infinite axis is at least k + 1
cells can be stepped k generations at once: the kernel then joins (torus) or kills (bounded grid) both axes' edges,
and along the infinite axis nothing live reaches the edge, so the result is the infinite grid's. B0 rules would
fill the infinite grid and are refused.
"""

from __future__ import annotations

import numpy as np

from ..pattern import Pattern
from ..rules import Topology
from .base import EngineError
from .dense import Board, BoardUniverse

__all__ = ["StripUniverse"]

_MARGIN = 64      # dead cells kept along the infinite axis when the board is rebuilt
_MAX_CHUNK = 1024


class StripUniverse(BoardUniverse):
    """A torus or bounded grid infinite in one direction."""

    name = "strip"
    topologies = ("torus", "bounded")
    any_rule = True

    def __init__(self, pattern: Pattern, topology: Topology):
        super().__init__(pattern.rule, topology)
        if topology.kind == "plane" or topology.is_finite or topology.is_glued:
            raise EngineError(f"the strip engine runs grids with one infinite dimension, not {topology}")
        if pattern.rule.has_b0:
            raise EngineError(f"rule {pattern.rule.bs} has B0, which would fill the infinite {topology} grid")
        self._generation = pattern.generation
        self._xinf = topology.width == 0
        self._board = self._make(0, 0)
        self.set_cells(pattern.cells)

    def _make(self, lo: int, hi: int) -> Board:
        """An empty board covering the infinite axis from ``lo`` to ``hi`` (exclusive) and all the finite one."""
        t = self._topology
        if self._xinf:
            return Board(hi - lo, t.height, lo, t.y0, t.kind == "torus")
        return Board(t.width, hi - lo, t.x0, lo, t.kind == "torus")

    def _span(self):
        """(lo, hi) of the board along the infinite axis."""
        b = self._board
        return (b.x0, b.x0 + b.width) if self._xinf else (b.y0, b.y0 + b.height)

    def _rebuild(self, lo: int, hi: int) -> None:
        """Move the live cells onto a board covering ``lo``..``hi`` plus a fresh margin."""
        cells = self._board.cells()
        self._board = self._make(lo - _MARGIN, hi + _MARGIN)
        if len(cells):
            self._board.set_cells(cells[:, 0], cells[:, 1], True)

    def step(self, n: int = 1):
        n = self._check_n(n)
        while n > 0:
            box = self._board.bbox()
            if box is None:
                self._generation += n
                break
            a, b = (box[0], box[0] + box[2]) if self._xinf else (box[1], box[1] + box[3])
            lo, hi = self._span()
            margin = min(a - lo, hi - b)
            if margin < 2:
                self._rebuild(a, b)
                continue
            k = min(n, margin - 1, _MAX_CHUNK)
            self._board.step(self._rule, k)
            self._generation += k
            n -= k
        return self

    def region(self, x0, y0, w, h):
        self._check_region(w, h)
        t, b = self._topology, self._board
        xs, ys = np.arange(x0, x0 + w) - b.x0, np.arange(y0, y0 + h) - b.y0
        if t.kind == "torus":  # only the finite axis wraps
            if self._xinf:
                ys %= b.height
            else:
                xs %= b.width
        okx, oky = (xs >= 0) & (xs < b.width), (ys >= 0) & (ys < b.height)
        out = np.zeros((h, w), dtype=bool)
        if okx.any() and oky.any():
            c0, c1 = int(xs[okx].min()), int(xs[okx].max()) + 1
            block = b.crop(0, b.height, c0, c1)
            out[np.ix_(oky, okx)] = block[np.ix_(ys[oky], xs[okx] - c0)]
        return out

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        t = self._topology
        xs, ys = c[:, 0].copy(), c[:, 1].copy()
        fin, start, size = (ys, t.y0, t.height) if self._xinf else (xs, t.x0, t.width)
        if t.kind == "torus":
            fin[:] = (fin - start) % size + start
        elif np.any((fin < start) | (fin >= start + size)):
            raise EngineError(f"cells lie outside the {t.width}x{t.height} bounded grid")
        inf = xs if self._xinf else ys
        lo, hi = self._span()
        if inf.min() < lo or inf.max() >= hi:
            box = self._board.bbox()
            if box is not None:
                a, b = (box[0], box[0] + box[2]) if self._xinf else (box[1], box[1] + box[3])
            else:
                a, b = int(inf.min()), int(inf.max()) + 1
            self._rebuild(min(a, int(inf.min())), max(b, int(inf.max()) + 1))
        self._board.set_cells(xs, ys, alive)
