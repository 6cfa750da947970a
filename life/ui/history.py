"""Undo and redo for the window: cell edits, and whole states (before running, a soup, a clear, a new file...).

An ``Edit`` remembers the cells a stroke changed with their old and new states, so undoing it costs nothing like a
copy of the universe. A ``Change`` remembers a whole ``Snapshot`` taken before an action that replaces the
universe or advances it; undoing it snapshots the present first, which is what redo restores. Snapshots are
packed bits of the live bounding box (1 bit per cell) or the live-cell list, whichever is smaller, and the history
drops its oldest records beyond a byte budget.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from ..engines import make_universe
from ..pattern import Pattern
from ..rules import Rule

__all__ = ["Snapshot", "Edit", "Change", "History", "set_bands"]

_BAND_CELLS = 1 << 24  # cells a snapshot unpacks at a time


@dataclass(frozen=True)
class Snapshot:
    """A universe's cells, rule and generation, enough to rebuild it with ``make_universe``."""

    rule: Rule
    generation: int
    box: tuple | None  # (x0, y0, w, h) of ``bits``, or None when ``cells`` holds the live cells
    bits: np.ndarray | None = None
    cells: np.ndarray | None = None
    name: str | None = None

    @classmethod
    def take(cls, universe, name: str | None = None) -> "Snapshot":
        """Snapshot ``universe`` (reads it: the caller makes sure no step is running)."""
        bb = universe.bbox
        rule, gen = universe.rule, universe.generation
        if bb is None:
            return cls(rule, gen, None, cells=np.zeros((0, 2), dtype=np.int64), name=name)
        x0, y0, w, h = bb
        if w * h // 8 <= 16 * universe.population:
            # in bands of whole bytes: a board of 2^28 cells never exists unpacked at once (4x faster)
            rows = max(8, (_BAND_CELLS // w) // 8 * 8)
            bits = np.concatenate([np.packbits(universe.region(x0, y0 + r, w, min(rows, h - r)), axis=None)
                                   for r in range(0, h, rows)])
            return cls(rule, gen, (x0, y0, w, h), bits=bits, name=name)
        return cls(rule, gen, None, cells=np.array(universe.cells(), dtype=np.int64), name=name)

    @property
    def nbytes(self) -> int:
        return int(self.bits.nbytes if self.bits is not None else self.cells.nbytes)

    def universe(self, topology, algo: str = "auto", backend: str = "auto", rule: Rule | None = None):
        """``make_universe`` of the snapshot on ``topology`` (with ``rule`` instead of its own when given), the
        cells of packed bits set band by band: a 16384² board is never a list of 10^8 coordinates at once."""
        rule = rule or self.rule
        if self.box is None:
            return make_universe(self.pattern().replace(rule=rule), topology, algo=algo, backend=backend)
        u = make_universe(Pattern(rule=rule, generation=self.generation, name=self.name), topology, algo=algo,
                          backend=backend)
        x0, y0, w, h = self.box
        rows = max(8, (_BAND_CELLS // w) // 8 * 8)  # whole bytes per band
        set_bands(u, ((r, np.unpackbits(self.bits[r * w // 8:(r * w + min(rows, h - r) * w + 7) // 8],
                                        count=min(rows, h - r) * w).reshape(-1, w)) for r in range(0, h, rows)),
                  x0, y0)
        return u

    def pattern(self) -> Pattern:
        """The snapshot as a Pattern (rule and generation included)."""
        if self.box is None:
            return Pattern(self.cells, rule=self.rule, generation=self.generation, name=self.name)
        x0, y0, w, h = self.box
        grid = np.unpackbits(self.bits, count=w * h).reshape(h, w).view(bool)
        return Pattern.from_array(grid, x0, y0, rule=self.rule, generation=self.generation, name=self.name)


@dataclass
class Edit:
    """A stroke: ``cells`` (N×2) went from ``before`` to ``after`` (bool[N] each); ``erase`` names the tool."""

    cells: np.ndarray
    before: np.ndarray
    after: np.ndarray
    erase: bool = False

    @property
    def nbytes(self) -> int:
        return int(self.cells.nbytes + self.before.nbytes + self.after.nbytes)

    def apply(self, universe, undo: bool = False) -> None:
        """Set the cells to ``before`` (undo) or ``after`` on ``universe``."""
        state = self.before if undo else self.after
        if state.any():
            universe.set_cells(self.cells[state], True)
        if not state.all():
            universe.set_cells(self.cells[~state], False)


@dataclass
class Change:
    """The state ``before`` an action (``label`` says which); ``after`` is filled in when it is undone."""

    before: Snapshot
    label: str
    after: Snapshot | None = None

    @property
    def nbytes(self) -> int:
        return self.before.nbytes + (self.after.nbytes if self.after is not None else 0)


@dataclass
class History:
    """Undo and redo stacks of Edit and Change records, at most ``budget`` bytes in all (oldest dropped first)."""

    budget: int = 256 << 20
    undo: deque = field(default_factory=deque)
    redo: deque = field(default_factory=deque)

    def push(self, record) -> None:
        """Record a new action: it clears the redo stack."""
        self.undo.append(record)
        self.redo.clear()
        self._trim()

    def _trim(self) -> None:
        total = sum(r.nbytes for r in self.undo) + sum(r.nbytes for r in self.redo)
        while total > self.budget and len(self.undo) > 1:
            total -= self.undo.popleft().nbytes

    def clear(self) -> None:
        self.undo.clear()
        self.redo.clear()


def set_bands(universe, bands, x0: int, y0: int) -> None:
    """Make alive the cells of ``bands``, (row, bool[n, w]) pieces of a grid whose top-left cell is (x0, y0),
    one ``set_block`` per piece (bounded memory however large the grid)."""
    for r, band in bands:
        universe.set_block(x0, y0 + r, band)
