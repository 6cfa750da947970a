"""Unbounded plane on one bit-packed board that grows before the pattern can reach an edge.

A pattern grows by at most one cell per generation in each direction, so a board whose dead margin around the live
cells is at least k cells can be stepped k generations with the dead-border kernel and give exactly the infinite
plane's result. Before each chunk of generations the board is re-allocated (bigger, or smaller once the pattern
shrank) when the margin is too thin. B0 rules flip the infinite background every generation and are refused.
"""

from __future__ import annotations

from ..limits import check_memory
from ..pattern import Pattern
from ..rules import Topology
from .base import EngineError
from .dense import Board, BoardUniverse, board_bytes

__all__ = ["PlaneUniverse"]

_MIN_CHUNK = 16
_MAX_CHUNK = 1024


class PlaneUniverse(BoardUniverse):
    """The unbounded plane as one growing bit-packed board (good for dense, compact patterns and soups)."""

    name = "plane"
    topologies = ("plane",)
    any_rule = True
    max_board_cells = 1 << 33  # largest board (cells, live or dead); 1 GiB of bits per buffer

    def __init__(self, pattern: Pattern, topology: Topology | None = None):
        super().__init__(pattern.rule, Topology("plane") if topology is None else topology)
        self._generation = pattern.generation
        self._board = Board(0, 0, 0, 0, False)
        self.set_cells(pattern.cells)

    def _place(self, x0: int, x1: int, y0: int, y1: int) -> None:
        """Move the cells onto a new board covering absolute x0..x1, y0..y1 (ends exclusive), which must hold
        every live cell. Board columns are whole words at x multiples of 64, so moving is a word copy."""
        x0, x1 = x0 // 64 * 64, -(-x1 // 64) * 64
        if (x1 - x0) * (y1 - y0) > self.max_board_cells:
            raise EngineError(f"the pattern spans {x1 - x0}x{y1 - y0} cells, more than the plane engine's "
                              f"{self.max_board_cells} cell board limit; use the hashlife or tiled engine")
        check_memory(board_bytes(x1 - x0, y1 - y0), f"a {x1 - x0}x{y1 - y0} plane board", EngineError)
        old = self._board
        new = Board(x1 - x0, y1 - y0, x0, y0, False)
        ys0, ys1 = max(y0, old.y0), min(y1, old.y0 + old.height)
        xs0, xs1 = max(x0, old.x0), min(x1, old.x0 + old.width)
        if ys0 < ys1 and xs0 < xs1:
            new.words[ys0 - y0:ys1 - y0, (xs0 - x0) // 64:(xs1 - x0) // 64] = \
                old.words[ys0 - old.y0:ys1 - old.y0, (xs0 - old.x0) // 64:(xs1 - old.x0) // 64]
        self._board = new

    def step(self, n: int = 1):
        n = self._check_n(n)
        while n > 0:
            box = self._board.live_box()
            if box is None:  # empty stays empty (no B0)
                self._generation += n
                break
            r0, r1, c0, c1 = box
            size = max(r1 - r0, c1 - c0)
            k = min(n, max(_MIN_CHUNK, min(_MAX_CHUNK, size // 2)))
            b = self._board
            margin = min(r0, c0, b.height - r1, b.width - c1)
            too_big = (b.height - (r1 - r0)) > 8 * k + 64 or (b.width - (c1 - c0)) > 8 * k + 128
            if margin < k or too_big:
                m = 2 * k
                self._place(b.x0 + c0 - m, b.x0 + c1 + m, b.y0 + r0 - m, b.y0 + r1 + m)
            self._board.step(self._rule, k)
            self._generation += k
            n -= k
        return self

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        b = self._board
        xs, ys = c[:, 0], c[:, 1]
        on_board = b.inside(xs, ys)
        if not on_board.all():
            if not alive:  # cells off the board are dead already
                xs, ys = xs[on_board], ys[on_board]
            else:
                lo_x, lo_y, hi_x, hi_y = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
                box = b.live_box()
                if box is not None:
                    r0, r1, c0, c1 = box
                    lo_x, hi_x = min(lo_x, b.x0 + c0), max(hi_x, b.x0 + c1)
                    lo_y, hi_y = min(lo_y, b.y0 + r0), max(hi_y, b.y0 + r1)
                self._place(lo_x, hi_x, lo_y, hi_y)
        if len(xs):
            self._board.set_cells(xs, ys, alive)
