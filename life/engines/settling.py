"""The tiled plane engine with the extra capabilities the census needs to settle soups cheaply.

Stepping is the tiled engine's (``tiled.py``): 64×64 tiles, where still and period-2 tiles cost nothing, so a
soup's ash and the gliders it sends away cost little however far they spread. On top of it, through the tiled
engine's public kernel API:

* ``run_until_stable(max_gens, max_period, window, stop_extent)`` steps until the population sequence has been
  periodic for a while, the live cells spread wider than a given extent, or a generation budget runs out —
  whichever comes first — and says which. The population is kept per tile, so this costs nothing per
  generation beyond the step. Population periodicity is only a cheap *hint* that the pattern may have
  settled; the census confirms it object by object.
* ``find_period(max_period)`` steps until the live cells repeat their shape (possibly moved): the period and
  displacement of an oscillator or spaceship, in one Numba call.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

import numpy as np

from .tiled import TiledPlaneUniverse

__all__ = ["SettlingUniverse", "StableHint"]

# room for a soup of up to 128×128 cells without growing (see TiledPlaneUniverse.empty)
_SOUP_TILES = 128
_BLANKS: dict = {}  # (class, rule, generation) -> an empty universe that new ones are copied from
_MAX_BLANKS = 64


class StableHint(NamedTuple):
    """What ``SettlingUniverse.run_until_stable`` stopped on.

    ``reason``: ``"stable"`` (the population has repeated with period ``period`` for ``window`` generations, or
    the pattern died), ``"extent"`` (the live cells span more than ``stop_extent`` cells in x or y) or
    ``"max_gens"``. ``generations``: how many generations this call stepped. ``since``: for ``"stable"``, for how
    many generations (at least; as far as the kept history reaches) the population has been periodic.
    """

    reason: str
    generations: int
    period: int
    since: int = 0


class SettlingUniverse(TiledPlaneUniverse):
    """The tiled plane engine plus ``run_until_stable`` and ``find_period``, for the census.

    Any Life-like rule without B0 (B0 rules are refused).
    """

    name = "settling"
    b0_plane = False  # the census's run-until-stable logic assumes a dead background
    threads = 1       # the census settles one soup per worker process, each on one core

    @classmethod
    def from_grid(cls, grid: np.ndarray, x0: int, y0: int, rule, generation: int = 0) -> "SettlingUniverse":
        """A settling universe holding bool ``grid`` (rows y, columns x) with its top-left cell at (x0, y0): the
        census's fast path, skipping Pattern normalisation. Raises EngineError for a B0 rule."""
        grid = np.asarray(grid, dtype=bool)
        self = cls.blank(rule, generation)
        ys, xs = np.nonzero(grid)
        if max(grid.shape) <= 128 and abs(int(x0)) < (1 << 40) and abs(int(y0)) < (1 << 40):
            self.add_cells(xs + np.int64(x0), ys + np.int64(y0))
        else:
            self.set_cells(np.stack([xs + int(x0), ys + int(y0)], axis=1))
        return self

    @classmethod
    def from_cells(cls, cells: np.ndarray, rule, generation: int = 0) -> "SettlingUniverse":
        """A settling universe holding the N×2 (x, y) ``cells`` (any order). Raises EngineError for a B0 rule."""
        self = cls.blank(rule, generation)
        self.set_cells(np.asarray(cells, dtype=np.int64).reshape(-1, 2))
        return self

    @classmethod
    def blank(cls, rule, generation: int = 0) -> "SettlingUniverse":
        """An empty settling universe under ``rule`` at ``generation`` with room for a small soup: a copy of one
        kept per rule, so that the census's many small universes skip building the rule and the tile table
        afresh. Raises EngineError for a B0 rule."""
        key = (cls, rule, int(generation))
        got = _BLANKS.get(key)
        if got is None:
            if len(_BLANKS) >= _MAX_BLANKS:
                _BLANKS.clear()
            proto = cls.empty(rule, generation, _SOUP_TILES)
            state = proto.__dict__
            arrays = [k for k, v in state.items() if isinstance(v, np.ndarray)]
            containers = [k for k, v in state.items() if isinstance(v, (dict, list, set))]
            got = _BLANKS[key] = (state, arrays, containers)
        state, arrays, containers = got
        self = cls.__new__(cls)
        # the arrays (tile table, cells) are copied, containers shallowly; the rest (rule, numbers) is shared
        d = self.__dict__
        d.update(state)
        for k in arrays:
            d[k] = state[k].copy()
        for k in containers:
            d[k] = copy.copy(state[k])
        return self

    def run_until_stable(self, max_gens: int, max_period: int = 60, window: int = 48,
                         stop_extent: int = 0) -> StableHint:
        """Step until the population looks periodic, the pattern spreads too wide, or ``max_gens`` generations.

        Stops once the population sequence has repeated with some period p (1 <= p <= ``max_period``) for at
        least max(``window``, 2p) consecutive generations (``"stable"``; an empty pattern is stable at once), or
        the live cells span more than ``stop_extent`` cells in x or y (``"extent"``; 0 = no limit), or after
        ``max_gens`` generations (``"max_gens"``). The first two are checked every 4th generation. The
        population history starts afresh with each call. Population periodicity is necessary but not sufficient
        for a settled pattern (a glider on its way to a block keeps it constant): callers confirm it. Raises
        EngineError for a negative ``max_gens`` or ``max_period``/``window`` below 1.
        """
        return StableHint(*self.step_until_periodic(max_gens, max_period, window, stop_extent))

    def find_period(self, max_period: int):
        """Step until the live cells repeat their current shape, at most ``max_period`` generations.

        Returns (period, dx, dy) — the pattern after ``period`` generations is the current one moved by
        (dx, dy) — or None when the shape did not come back (the pattern is then ``max_period`` generations on,
        or fewer if it died). Raises EngineError for a negative ``max_period``.
        """
        max_period = self._check_n(max_period)
        if self.population == 0:
            return None
        ox, oy, w, h = self.bbox
        found = self.step_until_shape(self.population, w, h, self.shape_hash(), max_period)
        if found is None:
            return None
        period, x0, y0 = found
        return period, x0 - ox, y0 - oy
