"""The tiled plane engine with the extra capabilities the census needs to stabilise soups cheaply.

Stepping is the tiled engine's (``tiled.py``): 64×64 tiles, where still and period-2 tiles cost nothing, so a
soup's ash and the gliders it sends away cost little however far they spread. On top of it:

* ``run_until_stable(max_gens, max_period, window, stop_extent)`` steps until the population sequence has been
  periodic for a while, the live cells spread wider than a given extent, or a generation budget runs out —
  whichever comes first — and says which. The population is kept per tile, so this costs nothing per
  generation beyond the step. Population periodicity is only a cheap *hint* that the pattern may have
  settled; the census confirms it object by object.
* ``find_period(max_period)`` steps until the live cells repeat their shape (possibly moved): the period and
  displacement of an oscillator or spaceship, in one Numba call.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ..rules import Topology
from .base import EngineError, Universe
from .tiled import (_M_FULL, _M_PAR, _M_POP, _M_PSINCE, _M_TOP, _NO_HIST, _ZERO, DONE, EXTENT, GROW, STABLE,
                    TiledPlaneUniverse, _bbox, _low_bit, _run, _set)

__all__ = ["SoupUniverse", "StableHint"]

_REASONS = {DONE: "max_gens", STABLE: "stable", EXTENT: "extent"}
_PLANE = Topology("plane")
_HK1 = np.uint64(0x9E3779B97F4A7C15)
_HK2 = np.uint64(0xC2B2AE3D27D4EB4F)
_HK3 = np.uint64(0x165667B19E3779F9)
_HM1 = np.uint64(0xBF58476D1CE4E5B9)
_HM2 = np.uint64(0x94D049BB133111EB)
_S27 = np.uint64(27)
_S30 = np.uint64(30)
_S31 = np.uint64(31)
_ONE = np.uint64(1)


class StableHint(NamedTuple):
    """What ``SoupUniverse.run_until_stable`` stopped on.

    ``reason``: ``"stable"`` (the population has repeated with period ``period`` for ``window`` generations, or
    the pattern died), ``"extent"`` (the live cells span more than ``stop_extent`` cells in x or y) or
    ``"max_gens"``. ``generations``: how many generations this call stepped. ``since``: for ``"stable"``, for how
    many generations (at least; as far as the kept history reaches) the population has been periodic.
    """

    reason: str
    generations: int
    period: int
    since: int = 0


@numba.njit(cache=True)
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
                z = np.uint64(tx[t] * 64 + b - x0) * _HK1 + np.uint64(ty[t] * 64 + r - y0) * _HK2 + _HK3
                z = (z ^ (z >> _S30)) * _HM1
                z = (z ^ (z >> _S27)) * _HM2
                acc += z ^ (z >> _S31)
                w &= w - _ONE
    return acc


@numba.njit(cache=True)
def _find_period(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv, act, nxt, sched,
                 bm, sm, gfrom, gto, pop0, w0, h0, hash0, scratch):  # pragma: no cover - compiled
    """Step generations gfrom+1..gto, stopping at the first whose shape (relative to its bounding box) equals
    the reference (population, width, height, hash). Returns (generation reached, status, x0, y0): status 0
    found (x0, y0: the bounding box's corner), 1 not found by gto, 2 the tile table must grow, 3 died.
    ``scratch``: any int64 array (no population log is kept)."""
    g = gfrom
    while g < gto:
        done, reason, _ = _run(cells, tx, ty, nb, rlo, rhi, emask, tpop, tor, used, free, meta, hkx, hky, hv,
                               act, nxt, sched, 1, bm, sm, False, 1, 1, 0, scratch, 0)
        if reason == GROW:
            return g, 2, 0, 0
        g += 1
        p = meta[_M_PAR]
        if meta[_M_POP + p] == 0:
            return g, 3, 0, 0
        if meta[_M_POP + p] == pop0:
            x0, y0, x1, y1 = _bbox(tx, ty, rlo, rhi, tor, used, meta[_M_TOP], p)
            if x1 - x0 + 1 == w0 and y1 - y0 + 1 == h0 and \
                    _shape_hash(cells, tx, ty, rlo, rhi, used, meta[_M_TOP], p, x0, y0) == hash0:
                return g, 0, x0, y0
    return g, 1, 0, 0


class SoupUniverse(TiledPlaneUniverse):
    """The tiled plane engine plus ``run_until_stable`` and ``find_period``, for the census.

    Any Life-like rule without B0 (B0 rules are refused).
    """

    name = "soup"

    @classmethod
    def from_grid(cls, grid: np.ndarray, x0: int, y0: int, rule, generation: int = 0) -> "SoupUniverse":
        """A soup universe holding bool ``grid`` (rows y, columns x) with its top-left cell at (x0, y0): the
        census's fast path, skipping Pattern normalisation. Raises EngineError for a B0 rule."""
        grid = np.asarray(grid, dtype=bool)
        self = cls._bare(rule, generation)
        if max(grid.shape) <= 128 and abs(int(x0)) < (1 << 40) and abs(int(y0)) < (1 << 40):
            # at most 9 tiles, each with its 8 frontier neighbours: the table has room
            ys, xs = np.nonzero(grid)
            _set(*self._args(), xs + np.int64(x0), ys + np.int64(y0), True)
            self._meta[_M_FULL] = 2
        else:
            ys, xs = np.nonzero(grid)
            self.set_cells(np.stack([xs + int(x0), ys + int(y0)], axis=1))
        return self

    @classmethod
    def from_cells(cls, cells: np.ndarray, rule, generation: int = 0) -> "SoupUniverse":
        """A soup universe holding the N×2 (x, y) ``cells`` (any order). Raises EngineError for a B0 rule."""
        self = cls._bare(rule, generation)
        self.set_cells(np.asarray(cells, dtype=np.int64).reshape(-1, 2))
        return self

    @classmethod
    def _bare(cls, rule, generation: int) -> "SoupUniverse":
        self = cls.__new__(cls)
        Universe.__init__(self, rule, _PLANE)
        if rule.has_b0:
            raise EngineError(f"rule {rule.bs} has B0 (empty space gives birth), which flips the whole "
                              "infinite plane every generation; run it on a torus or bounded grid instead")
        self._generation = generation
        self._bm = rule.birth_mask
        self._sm = rule.survival_mask
        self._allocate(128)
        return self

    def _loop(self):
        return (*self._args(), self._act, self._nxt, self._sched)

    def run_until_stable(self, max_gens: int, max_period: int = 60, window: int = 48,
                         stop_extent: int = 0) -> StableHint:
        """Step until the population looks periodic, the pattern spreads too wide, or ``max_gens`` generations.

        Stops once the population sequence has repeated with some period p (1 <= p <= ``max_period``) for at
        least max(``window``, 2p) consecutive generations (``"stable"``; an empty pattern is stable at once), or
        the live cells span more than ``stop_extent`` cells in x or y (``"extent"``; 0 = no limit), or after
        ``max_gens`` generations (``"max_gens"``). The first two are checked every 4th generation. The
        population history starts afresh with each call. Population periodicity is necessary but not sufficient
        for a settled pattern (a glider on its way to a block keeps it constant): callers confirm it.
        """
        max_gens = self._check_n(max_gens)
        if max_period < 1 or window < 1:
            raise EngineError("max_period and window must be at least 1")
        if self.population == 0:
            return StableHint("stable", 0, 1)
        if max_gens == 0:
            return StableHint("max_gens", 0, 0)
        hsize = 1
        while hsize <= 3 * max_period + window + 8:
            hsize *= 2
        hist = np.zeros(hsize, dtype=np.int64)
        self._meta[_M_PSINCE] = 0
        total = 0
        while True:
            done, reason, period = _run(*self._loop(), max_gens - total, self._bm, self._sm, True,
                                        int(max_period), int(window), int(stop_extent), hist, total)
            total += done
            self._generation += done
            if reason != GROW:
                since = int(self._meta[_M_PSINCE]) if reason == STABLE else 0
                return StableHint(_REASONS[reason], total, int(period), since)
            self._grow()

    def find_period(self, max_period: int):
        """Step until the live cells repeat their current shape, at most ``max_period`` generations.

        Returns (period, dx, dy) — the pattern after ``period`` generations is the current one moved by
        (dx, dy) — or None when the shape did not come back (the pattern is then ``max_period`` generations on,
        or fewer if it died).
        """
        max_period = self._check_n(max_period)
        pop0 = self.population
        if pop0 == 0:
            return None
        m = self._meta
        ox, oy, x1, y1 = _bbox(self._tx, self._ty, self._rlo, self._rhi, self._tor, self._used, m[_M_TOP],
                               m[_M_PAR])
        hash0 = np.uint64(_shape_hash(self._cells, self._tx, self._ty, self._rlo, self._rhi, self._used, m[_M_TOP],
                            m[_M_PAR], ox, oy))
        g = 0
        while g < max_period:
            g1, status, x0, y0 = _find_period(*self._loop(), self._bm, self._sm, g, max_period, pop0,
                                              x1 - ox + 1, y1 - oy + 1, hash0, _NO_HIST)
            self._generation += g1 - g
            g = g1
            if status == 0:
                return g, int(x0 - ox), int(y0 - oy)
            if status == 2:
                self._grow()
                continue
            return None
        return None
