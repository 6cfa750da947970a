"""The Universe interface: the one seam between engines and everything else."""

from __future__ import annotations

import abc

import numpy as np

from ..pattern import Pattern, normalize_cells
from ..rules import Rule, Topology

__all__ = ["Universe", "EngineError"]


class EngineError(ValueError):
    """A universe cannot be built or edited as asked (pattern outside a bounded grid, unsupported rule...)."""


class Universe(abc.ABC):
    """A Life universe that can be stepped, inspected and edited.

    Coordinates are absolute cell coordinates (x right, y down). On a torus or bounded grid of size W×H the cells
    run from (-(W // 2), -(H // 2)) to that plus (W - 1, H - 1).

    Subclasses set ``name`` (the algorithm's name), ``topologies`` (the kinds they support) and implement the
    abstract members. ``max_step`` is the largest ``n`` one ``step`` call handles without looping in Python
    (``None``: any); engines that jump (HashLife) may advance exactly ``n`` by internal powers of two.
    """

    name: str = "abstract"
    topologies: tuple = ()

    def __init__(self, rule: Rule, topology: Topology):
        self._rule = rule.with_topology(None if topology.kind == "plane" else topology)
        self._topology = topology
        self._generation = 0

    # -- properties ------------------------------------------------------------------------------------------
    @property
    def rule(self) -> Rule:
        """The rule, with the topology suffix when the grid is bounded."""
        return self._rule

    @property
    def topology(self) -> Topology:
        return self._topology

    @property
    def generation(self) -> int:
        """Generations stepped since the universe was made (plus the pattern's own starting generation)."""
        return self._generation

    @property
    @abc.abstractmethod
    def population(self) -> int:
        """Number of live cells."""

    @property
    def bbox(self):
        """(x, y, width, height) of the live cells, or None when there are none."""
        c = self.cells()
        if len(c) == 0:
            return None
        lo, hi = c.min(axis=0), c.max(axis=0)
        return (int(lo[0]), int(lo[1]), int(hi[0] - lo[0] + 1), int(hi[1] - lo[1] + 1))

    # -- dynamics --------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def step(self, n: int = 1) -> "Universe":
        """Advance ``n`` generations (n >= 0). Returns self."""

    # -- inspection ------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def cells(self) -> np.ndarray:
        """Live cells as an N×2 int64 array of (x, y), sorted by y then x."""

    @abc.abstractmethod
    def region(self, x0: int, y0: int, w: int, h: int) -> np.ndarray:
        """bool[h, w]: the cells with x0 <= x < x0 + w and y0 <= y < y0 + h (outside a bounded grid: dead;
        on a torus the coordinates wrap)."""

    # -- editing ---------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def set_cells(self, coords, alive: bool = True) -> None:
        """Make the cells at ``coords`` (N×2 of (x, y)) alive, or dead with ``alive=False``."""

    # -- helpers shared by engines ---------------------------------------------------------------------------
    def to_pattern(self, **meta) -> Pattern:
        """The current state as a Pattern (rule and generation included)."""
        return Pattern(self.cells(), rule=self.rule, generation=self.generation, **meta)

    @staticmethod
    def _coords(coords) -> np.ndarray:
        try:
            return normalize_cells(coords)
        except ValueError as e:
            raise EngineError(str(e)) from None

    @staticmethod
    def _check_n(n) -> int:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise EngineError(f"generations must be an integer, got {n!r}")
        if n < 0:
            raise EngineError(f"cannot step a negative number of generations ({n})")
        return int(n)

    @staticmethod
    def _check_region(w, h):
        if w < 0 or h < 0:
            raise EngineError(f"region size {w}x{h} is negative")

    def __repr__(self):
        return (f"<{type(self).__name__} {self.rule.bs} {self.topology} gen={self.generation} "
                f"pop={self.population}>")
