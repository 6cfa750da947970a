"""The unbounded plane as a hash of bit-packed 64×64 tiles that skips empty and period-1/period-2 tiles.

A tile is 64 rows of one uint64 word each (bit i of row r is the cell at x = 64*tx + i, y = 64*ty + r) and keeps
two generations, the current one and the one before. A generation recomputes only the *active* tiles; every
other tile keeps, in its older buffer, the state two generations back, which is its next state whenever its
neighbourhood two generations back equals its neighbourhood now (QuickLife's trick, catching still lifes and
period-2 oscillators alike). So a tile is active when, in the last generation, it changed, or a neighbour changed
the edge row, column or corner cell that touches it. Within a tile only the rows that can hold live cells are
computed.

Tiles are created at the frontier (when a tile's edge holds a live cell, the tile beyond that edge is made, empty)
and freed once they and the edges facing them are empty in both buffers. Each tile keeps its population and the
OR of its rows per buffer, so the total population and the bounding box cost nothing per generation. Everything
above, for all generations of one ``step(n)``, runs inside one Numba call (``step.py``); Python only grows the
arrays when the tile table fills up (within the memory budget) and hands over between three loops: the serial
one; the team loop, two threads that each step the active tiles on their side of a tile column (moved to keep
their shares even) and meet at a barrier twice a generation, taken while at least ``team_min_tiles`` tiles are
active; and the one that steps the tiles on all of Numba's threads, from ``parallel_min_tiles``. All three give
the same cells. Under B3/S23 the serial loop also lifts gliders that fly alone out of the tiles and follows them
from tables until something may come near (``gliders.py``); every call of ``step`` lands them before it returns.
"""

from __future__ import annotations

import numba
import numpy as np

from ...limits import check_memory, memory_budget
from ...pattern import Pattern
from ...rules import Topology
from ..base import EngineError, Universe
from ..circuit import program_for
from ..threads import on_two_threads, thread_count
from .gliders import GLID_LEN, _land_all
from .kernels import (
    _M_FULL,
    _M_GEN,
    _M_LIFTS,
    _M_NACT,
    _M_NGL,
    _M_PAR,
    _M_POP,
    _M_PSINCE,
    _M_TOP,
    _META_LEN,
    _NO_HIST,
    _PLANE,
    _REASONS,
    DONE,
    GROW,
    STABLE,
    SWITCH,
    _rehash,
    _set,
)
from .readout import _bbox, _collect, _region, _shape_hash
from .step import RES_LEN, SYNC_LEN, TEAM, _run_parallel, _run_serial, _run_team, _until_shape

__all__ = ["TiledPlaneUniverse"]

# chunks of active tiles per parallel generation: a few per thread, so that uneven tiles balance out
_CHUNKS = 4 * numba.config.NUMBA_NUM_THREADS
_PARALLEL_MIN_TILES = 1024   # parallel_min_tiles where Numba has more threads than the team loop
_NO_CODE = np.zeros((0, 5), np.int64)  # Life-like rules run from their birth/survival masks, with no circuit


def _kernel_rule(rule):
    """The kernels' rule arguments: birth/survival masks for Life-like rules, else the rule's circuit."""
    if rule.is_life_like:
        return rule.birth_mask, rule.survival_mask, _NO_CODE, -1
    prog = program_for(rule)
    return 0, 0, prog.code, prog.out


class TiledPlaneUniverse(Universe):
    """The unbounded plane as a hash of 64×64 bit-packed tiles; stable and period-2 tiles cost nothing.

    Suits sparse, spread-out patterns (methuselahs, guns, gliders flying apart) over many generations. Any 3×3
    rule (others than Life-like ones through their circuits); B0 rules are emulated as Golly does (``b0_plane``).
    """

    name = "tiled"
    topologies = ("plane",)
    any_rule = True
    b0_plane = True
    max_tiles = 1 << 21   # 2M tiles = 2 GiB of cells; beyond that a clear error instead of swapping
    # Step on all of Numba's threads while this many tiles are active (0: never; None: 1024 where Numba has more
    # than two threads, else never). Each parallel generation costs a fork and join and about 10-15% more CPU;
    # on the 2-core benchmark machine it ran a 1024² soup (about 300 active tiles) slower than the serial loop
    # and a 4096² soup slower than the team loop.
    parallel_min_tiles: int | None = None
    # Step on two threads (the team loop) while this many tiles are active (0: never), in calls expected to
    # step at least ``team_min_steps`` tiles (generations times active tiles): handing a call to the helper
    # thread costs about 0.2 ms. Below some 64 active tiles the cores' exchange of the tiles' edges costs about
    # what the second core saves (Lidka, with about 25, runs about as fast either way).
    team_min_tiles = 64
    team_min_steps = 1 << 16
    threads: int | None = None    # threads the loops may use; None: Numba's thread count (NUMBA_NUM_THREADS)
    # Under B3/S23, lift gliders that fly alone out of the tiles during calls of ``step`` of at least
    # ``glider_min_gens`` generations (the serial loop only), and land them before the call returns
    # (``gliders.py``): a glider in empty space then costs a few operations every 16 generations instead of a
    # tile step every generation. False: never.
    lift_gliders = True
    glider_min_gens = 256

    def __init__(self, pattern: Pattern, topology: Topology | None = None):
        self._start(pattern.rule, _PLANE if topology is None else topology, pattern.generation, 64)
        try:
            self._budget = memory_budget()   # the one in force now, e.g. make_universe(memory_budget=...)'s
        except ValueError as e:
            raise EngineError(str(e)) from None
        self.set_cells(pattern.cells)

    @classmethod
    def empty(cls, rule, generation: int = 0, tiles: int = 64):
        """An empty plane under ``rule`` at ``generation``, with room for ``tiles`` tiles before its arrays
        grow (a soup of up to 128×128 cells needs at most 9 tiles, each with its 8 frontier neighbours). Skips
        Pattern normalisation, for callers that build many small universes."""
        self = cls.__new__(cls)
        self._start(rule, _PLANE, generation, tiles)
        return self

    def _start(self, rule, topology: Topology, generation: int, tiles: int):
        Universe.__init__(self, rule, topology)
        if topology.kind != "plane":
            raise EngineError("the tiled engine runs only on the unbounded plane")
        self._generation = generation
        self.team_runs = 0      # kernel calls that ran on the team loop's two threads
        self._rule_args = _kernel_rule(self._rule)
        self._phases = {}  # B0 rules: background -> (kernel arguments of the phase rule, next background)
        self._recent = (None, None)  # B0 rules: kernel arguments of the last two generations
        self._budget = None   # the memory budget for the tile table: see __init__, else the one at each growth
        self._glid = np.zeros((256, GLID_LEN), np.int64)   # lifted gliders (only during a call of ``step``)
        self._allocate(tiles)

    def _allocate(self, cap: int):
        self._cells = np.zeros((cap, 2, 64), np.uint64)
        self._tx = np.zeros(cap, np.int64)
        self._ty = np.zeros(cap, np.int64)
        self._nb = np.full((cap, 8), -1, np.int64)
        self._rlo = np.full((cap, 2), 64, np.int64)
        self._rhi = np.full((cap, 2), -1, np.int64)
        self._emask = np.zeros((cap, 2, 2), np.uint64)
        self._tpop = np.zeros((cap, 2), np.int64)
        self._tor = np.zeros((cap, 2), np.uint64)
        self._used = np.zeros(cap, np.uint8)
        self._free = np.zeros(cap, np.int64)
        self._act = np.zeros(cap, np.int64)
        self._nxt = np.zeros((2 * TEAM, cap), np.int64)     # lists of tiles to step (a team: two generations')
        self._asks = np.zeros((TEAM, cap), np.int64)
        self._sync = np.zeros(SYNC_LEN, np.int64)
        # per thread: the generation that last listed each tile; then (a team) that last stepped it
        self._sched = np.zeros((2 * TEAM, cap), np.int64)
        self._res = np.zeros((cap, RES_LEN), np.uint64)
        hs = 1 << (4 * cap - 1).bit_length()
        self._hkx = np.zeros(hs, np.int64)
        self._hky = np.zeros(hs, np.int64)
        self._hv = np.full(hs, -1, np.int64)
        if not hasattr(self, "_meta"):
            self._meta = np.zeros(_META_LEN, np.int64)
            self._meta[_M_TOP] = 1   # tile 0 is the permanently empty stand-in for missing neighbours

    def _grow(self):
        # (the next-generation lists, their stamps and the team's asks hold nothing between generations)
        names = ("_cells", "_tx", "_ty", "_nb", "_rlo", "_rhi", "_emask", "_tpop", "_tor", "_used", "_free",
                 "_act")
        old = {k: getattr(self, k) for k in names}
        cap = len(old["_used"])
        if cap >= self.max_tiles:
            raise EngineError(f"the pattern needs more than {self.max_tiles} tiles of 64×64 cells; use the "
                              "hashlife engine for patterns this large")
        new = min(2 * cap, self.max_tiles)
        # old and new tables coexist while the tiles are copied
        check_memory(self.memory_bytes * (cap + new) // cap, f"a tiled plane of {new} tiles", EngineError,
                     self._budget)
        self._allocate(new)
        for k, v in old.items():
            getattr(self, k)[:cap] = v
        _rehash(self._tx, self._ty, self._used, self._meta[_M_TOP], self._hkx, self._hky, self._hv)

    def _args(self):
        return (self._cells, self._tx, self._ty, self._nb, self._rlo, self._rhi, self._emask, self._tpop,
                self._tor, self._used, self._free, self._meta, self._hkx, self._hky, self._hv)

    # -- properties --------------------------------------------------------------------------------------------
    @property
    def population(self) -> int:
        self._finite("population")
        return int(self._meta[_M_POP + self._meta[_M_PAR]])

    @property
    def bbox(self):
        x0, y0, x1, y1 = _bbox(self._tx, self._ty, self._rlo, self._rhi, self._tor, self._used,
                               self._meta[_M_TOP], self._meta[_M_PAR])
        if x0 > x1:
            return None
        return (int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1))

    @property
    def memory_bytes(self) -> int:
        """Bytes the tile table holds now. It doubles when full, within the memory budget (``life.limits``) in
        force when the universe was made (for ``empty``: when it grows); beyond it, stepping raises EngineError."""
        return sum(a.nbytes for a in vars(self).values() if isinstance(a, np.ndarray))

    @property
    def tile_count(self) -> int:
        """Tiles allocated now (live, frontier and not yet freed)."""
        return int(self._used[:self._meta[_M_TOP]].sum())

    @property
    def gliders_lifted(self) -> int:
        """Gliders lifted out of the tiles so far (each flew alone for a while; all are back in the tiles
        between calls)."""
        return int(self._meta[_M_LIFTS])

    @property
    def active_tiles(self) -> int:
        """Tiles the next generation will step (the rest are empty, still or period 2 and cost nothing)."""
        return self.tile_count if self._meta[_M_FULL] > 0 else int(self._meta[_M_NACT])

    # -- dynamics ----------------------------------------------------------------------------------------------
    def _run(self, n, rule_args, detect=False, max_period=1, window=1, stop_extent=0, hist=_NO_HIST, gbase=0):
        """Up to ``n`` generations in one kernel call (two, for the team loop): (generations done, why it
        stopped, period). The parallel loop runs while at least ``parallel_min_tiles`` tiles are active, and on
        until fewer than half as many are; the team loop from ``team_min_tiles`` on until fewer than half as
        many, when ``threads`` allows two and the call is long enough (``team_min_steps``); the serial loop
        otherwise. All give the same cells."""
        threads = thread_count(self.threads)
        most = self.parallel_min_tiles
        if most is None:
            most = _PARALLEL_MIN_TILES if threads > TEAM else 0
        active = self.active_tiles
        team = self.team_min_tiles if threads >= TEAM and n * max(active, 1) >= self.team_min_steps else 0
        if 0 < most <= active or 0 < team <= active:
            self._land_gliders()     # (only the serial loop keeps gliders lifted; this may grow the arrays)
        args = (*self._args(), self._act, self._nxt, self._sched, self._res, n, *rule_args, detect, max_period,
                window, stop_extent, hist, gbase)
        if 0 < most <= active:
            return _run_parallel(*args, _CHUNKS, most // 2, 0, 0, self._sync, self._asks, False, self._glid)
        if 0 < team <= active:
            self.team_runs += 1
            self._sync[0] = 0   # the barrier count (the split column carries on from the last call)
            shared = (self._sync, self._asks, False, self._glid)
            return on_two_threads(_run_team, (*args, 1, team // 2, most, 0, *shared),
                                  (*args, 1, team // 2, most, 1, *shared))
        up = min((x for x in (team, most) if x > 0), default=0)   # the fewest active tiles another loop takes
        bm, sm, _, out = rule_args
        gliders = self.lift_gliders and not detect and bm == 8 and sm == 12 and out < 0 and \
            n >= self.glider_min_gens
        res = _run_serial(*args, 1, 0, up, 0, self._sync, self._asks, gliders, self._glid)
        if self._meta[_M_NGL] > len(self._glid) // 2:
            self._glid = np.concatenate([self._glid, np.zeros_like(self._glid)])
        return res

    def _land_gliders(self):
        """Land every lifted glider back into the tiles (growing the tile table as needed)."""
        while self._meta[_M_NGL] > 0 and not _land_all(*self._args(), self._act, self._sched, self._glid,
                                                        self._meta[_M_GEN]):
            self._grow()

    def step(self, n: int = 1):
        n = self._check_n(n)
        if self._rule.has_b0:
            for _ in range(n):
                self._step_b0()
            return self
        try:
            while n > 0:
                chunk = min(n, 1 << 30)
                done, reason, _ = self._run(chunk, self._rule_args)
                self._generation += int(done)
                n -= int(done)
                if reason == GROW:
                    self._grow()
        finally:
            self._land_gliders()
        return self

    def _step_b0(self):
        """One generation of a B0 rule: the stored cells step with the phase rule for the current background."""
        if self._background not in self._phases:
            rule, after = self._phase_rule()
            self._phases[self._background] = (_kernel_rule(rule), after)
        args, after = self._phases[self._background]
        # Tiles are skipped when their neighbourhood matches the one two generations back, which is sound only
        # when the rule then was the same one: otherwise recompute every tile.
        if self._recent[0] is not args:
            self._meta[_M_FULL] = max(int(self._meta[_M_FULL]), 1)
        while True:
            done, reason, _ = self._run(1, args)
            if done:
                break
            if reason == GROW:
                self._grow()
        self._recent = (self._recent[1], args)
        self._background = after
        self._generation += 1

    def step_until_periodic(self, max_gens: int, max_period: int, window: int, stop_extent: int = 0):
        """Step at most ``max_gens`` generations, stopping early on a periodic population or a wide pattern.

        Logs the population every generation (from this call on) and stops once it has repeated with some
        period p (1 <= p <= ``max_period``) for max(``window``, 2p) generations, or the pattern died
        (``"stable"``), or the live cells span more than ``stop_extent`` > 0 cells in x or y (``"extent"``);
        both are checked every 4th generation. An empty pattern is stable at once. Returns (reason — ``"stable"``,
        ``"extent"`` or ``"max_gens"`` —, generations stepped, period (0 unless stable), since: for ``"stable"``,
        for how many generations at least the population has been periodic, else 0). Raises
        EngineError for a negative ``max_gens`` or ``max_period``/``window`` below 1.
        """
        max_gens = self._check_n(max_gens)
        if max_period < 1 or window < 1:
            raise EngineError("max_period and window must be at least 1")
        if self.population == 0:
            return "stable", 0, 1, 0
        if max_gens == 0:
            return "max_gens", 0, 0, 0
        hsize = 1
        while hsize <= 3 * max_period + window + 8:
            hsize *= 2
        hist = np.zeros(hsize, dtype=np.int64)   # a ring, longer than _periodic looks back
        self._meta[_M_PSINCE] = 0
        total = 0
        while True:
            done, reason, period = self._run(max_gens - total, self._rule_args, True, int(max_period),
                                             int(window), int(stop_extent), hist, total)
            total += done
            self._generation += done
            if reason == GROW:
                self._grow()
            elif reason not in (DONE, SWITCH) or total >= max_gens:
                since = int(self._meta[_M_PSINCE]) if reason == STABLE else 0
                return _REASONS[reason], total, int(period), since

    def shape_hash(self) -> int:
        """A 64-bit hash of the live cells relative to their bounding box's top-left corner: the same shape
        anywhere on the plane hashes alike (0 for an empty plane)."""
        m = self._meta
        x0, y0, _, _ = _bbox(self._tx, self._ty, self._rlo, self._rhi, self._tor, self._used, m[_M_TOP], m[_M_PAR])
        return int(_shape_hash(self._cells, self._tx, self._ty, self._rlo, self._rhi, self._used, m[_M_TOP],
                               m[_M_PAR], x0, y0))

    def step_until_shape(self, population: int, width: int, height: int, shape_hash: int, max_gens: int):
        """Step until the live cells have ``population`` cells, a ``width``×``height`` bounding box and the
        ``shape_hash`` (see ``shape_hash``), at most ``max_gens`` generations. Returns (generations stepped,
        x0, y0) with (x0, y0) the bounding box's top-left corner then, or None when the shape did not come
        (the plane is then ``max_gens`` generations on, or fewer if the pattern died). Raises EngineError for a
        negative ``max_gens``."""
        max_gens = self._check_n(max_gens)
        key = (int(population), int(width), int(height), np.uint64(shape_hash))
        g = 0
        while g < max_gens:
            g1, status, x0, y0 = _until_shape(*self._args(), self._act, self._nxt, self._sched, self._res,
                                              *self._rule_args, g, max_gens, *key, _NO_HIST)
            self._generation += g1 - g
            g = g1
            if status == 0:
                return g, int(x0), int(y0)
            if status != 2:
                return None
            self._grow()
        return None

    # -- inspection --------------------------------------------------------------------------------------------
    def cells(self) -> np.ndarray:
        self._finite("set of live cells")
        out = self.live_cells()
        return out[np.lexsort((out[:, 0], out[:, 1]))]

    def live_cells(self) -> np.ndarray:
        """The live cells as N×2 (x, y) in no particular order (``cells`` sorts them)."""
        self._finite("set of live cells")
        out = np.empty((self.population, 2), np.int64)
        n = _collect(self._cells, self._tx, self._ty, self._used, self._meta[_M_TOP], self._meta[_M_PAR], out)
        return out[:n]

    def region(self, x0, y0, w, h):
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        out = np.zeros((h, w), dtype=bool)
        lim = 1 << 62
        # cells live within ±2^62: clip the window to that so that int64 offsets cannot overflow
        cx0, cy0 = max(x0, -lim), max(y0, -lim)
        cx1, cy1 = min(x0 + w, lim), min(y0 + h, lim)
        if cx0 < cx1 and cy0 < cy1:
            _region(self._cells, self._tx, self._ty, self._used, self._meta[_M_TOP], self._meta[_M_PAR],
                    cx0, cy0, out[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0])
        return out ^ bool(self._background)

    # -- editing -----------------------------------------------------------------------------------------------
    def add_cells(self, xs: np.ndarray, ys: np.ndarray):
        """Make the cells (``xs[i]``, ``ys[i]``) alive, without ``set_cells``'s checks: two int64 arrays of one
        length, every coordinate within ±2^62. Fastest on a universe from ``empty`` with room for the tiles."""
        while not _set(*self._args(), xs, ys, True):
            self._grow()
        self._meta[_M_FULL] = 2

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        if np.abs(c).max() >= (1 << 62):
            raise EngineError("cell coordinates beyond ±2^62 are not supported by the tiled engine")
        xs = np.ascontiguousarray(c[:, 0])
        ys = np.ascontiguousarray(c[:, 1])
        while True:
            ntiles = len(np.unique((xs >> 6) * 3 + (ys >> 6) * 7919)) * 9 + self.tile_count
            while len(self._used) < ntiles:
                self._grow()
            # over a live background the stored cells are the complement
            if _set(*self._args(), xs, ys, bool(alive) != bool(self._background)):
                break
                break
            self._grow()
        # The skip logic compares each tile with its state two generations back, which an edit invalidates:
        # recompute every tile for the next two generations.
        self._meta[_M_FULL] = 2
