"""Run a pattern on the unbounded plane until it settles, and say what it settled into.

The settling engine steps until the population looks periodic (a cheap hint); the ash is then split into clusters
and each cluster classified (``objects.Classifier``). The pattern has settled when every cluster is a still life,
oscillator or spaceship, no oscillator can touch a neighbour in any phase, and every spaceship is on its way out
without crossing anything. The tiled engine steps far-flung spaceships cheaply; once the live cells span more
than about a thousand cells, spaceships that have escaped from the rest are recognised, removed and counted with
the ash. A pattern that has not settled by the generation cap,
or keeps spreading, is reported as not settled with a category: ``gun`` (a stationary core emitting
spaceships), ``puffer`` (a core that travels, leaving debris), ``linear growth`` or ``unknown``, and with the name
Catagolue gives such a soup (``growth_code``): ``yl<p>_<d>`` for growth whose population gains d cells every p
generations (Catagolue appends a hash of the pattern, not computed here), ``zz_LINEAR`` for linear growth without
such a period, ``zz_QUADRATIC`` for faster than linear growth, ``zz_EXPLOSIVE`` for growth of no clear shape and
``PATHOLOGICAL`` for a pattern still active at the generation cap without growing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numba
import numpy as np

from ..engines import EngineError
from ..engines.settling import SettlingUniverse
from ..limits import DEFAULT_MAX_GENS
from ..pattern import Pattern
from .objects import Classifier, ClusterInfo, clusters, shape_key

__all__ = ["Outcome", "stabilise", "stabilise_grid", "growth_code", "DEFAULT_MAX_GENS"]

_SHIP_MARGIN = 3     # cells kept between a spaceship's path and anything else
_ACTIVE_MARGIN = 32  # ... and between an escaping spaceship and a region still in chaos
_INF = float("inf")
_MAX_SHIP = 40     # escaping spaceships are looked for among clusters of at most this many cells
_EDGE = 12         # ... lying within this distance of the edge of the live cells' bounding box
_CENTRE = 32       # patterns are run centred here, in the middle of a 64×64 tile
_GROWTH_PERIOD = 600  # longest period of linear growth looked for (switch engines: 288 and 384)


@dataclass
class Outcome:
    """The result of ``stabilise``.

    ``settled``: True when only still lifes, oscillators and escaping spaceships remain. ``generation``: the
    generation at which that was established (not settled: where the run stopped); ``settled_at``: the
    generation from which the ash has been periodic (estimated from the population history, so a lower bound
    accurate to a few generations; None when not settled). ``period``: of the
    stationary ash (lcm of its objects' periods; 0 when not settled). ``objects``: every object of the ash,
    escaped spaceships included (for an unsettled pattern: the spaceships it emitted and the objects it left
    behind so far). ``category``: for an unsettled pattern, ``gun``, ``puffer``, ``linear growth`` or
    ``unknown``; ``code``: its Catagolue-style name (``yl<p>_<d>``, ``zz_LINEAR``, ``zz_QUADRATIC``,
    ``zz_EXPLOSIVE`` or ``PATHOLOGICAL``; see ``growth_code``). ``leftovers``: cell clusters that could not be
    classified (active when the run stopped), as (category, population) pairs.
    """

    settled: bool
    generation: int
    period: int = 0
    objects: list = field(default_factory=list)
    category: str | None = None
    leftovers: list = field(default_factory=list)
    settled_at: int | None = None
    code: str | None = None

    @property
    def counts(self) -> dict:
        """apgcode -> number of such objects."""
        out: dict = {}
        for o in self.objects:
            out[o.apgcode] = out.get(o.apgcode, 0) + 1
        return out


@numba.njit(cache=True)
def _contact(env, vel, i, mask, margin):  # pragma: no cover - compiled
    """Earliest t >= 0 at which box ``env[i]`` moving at ``vel[i]`` comes within ``margin`` of a box ``env[j]``
    (xmin, ymin, xmax, ymax) moving at ``vel[j]``, over j != i with ``mask[j]``; inf when never. Boxes moving
    together keep their distance: they have coexisted so far and go on doing so."""
    best = np.inf
    for j in range(env.shape[0]):
        if j == i or not mask[j]:
            continue
        lo = 0.0
        hi = np.inf
        for ax in range(2):
            v = vel[i, ax] - vel[j, ax]
            a = env[j, ax] - margin - env[i, ax + 2]
            b = env[j, ax + 2] + margin - env[i, ax]
            if v == 0.0:
                if a > 0.0 or b < 0.0:
                    hi = -1.0
            elif v > 0.0:
                lo = max(lo, a / v)
                hi = min(hi, b / v)
            else:
                lo = max(lo, b / v)
                hi = min(hi, a / v)
        if vel[i, 0] == vel[j, 0] and vel[i, 1] == vel[j, 1]:
            continue
        if lo <= hi and lo < best:
            best = lo
    return best


@numba.njit(cache=True)
def _verdict(env, vel, moving, oscillating, active, margin):  # pragma: no cover - compiled
    """What ``_Run.check`` decides on, in one call: (any cluster active; any stationary clusters near each other;
    per cluster the first cluster of its group of near stationary clusters, -1 when in none; the earliest
    contact of a spaceship with anything, ``_contact`` over every moving cluster, inf when none). Two stationary
    clusters are near when their envelopes come within 2 of each other and one of them oscillates: still lifes
    further apart than 2 (as separate clusters are) never interact."""
    n = env.shape[0]
    group = np.empty(n, dtype=np.int64)
    parent = np.empty(n, dtype=np.int64)
    for i in range(n):
        group[i] = -1
        parent[i] = i
    for i in range(n):
        if active[i]:
            return True, False, group, np.inf
    near = False
    for i in range(n):
        if moving[i]:
            continue
        for j in range(i + 1, n):
            if moving[j] or not (oscillating[i] or oscillating[j]):
                continue
            if env[i, 0] <= env[j, 2] + 2 and env[j, 0] <= env[i, 2] + 2 and \
                    env[i, 1] <= env[j, 3] + 2 and env[j, 1] <= env[i, 3] + 2:
                near = True
                a = i
                while parent[a] != a:
                    a = parent[a]
                b = j
                while parent[b] != b:
                    b = parent[b]
                if a != b:
                    parent[max(a, b)] = min(a, b)  # roots stay the smallest index of their group
                group[i] = i  # in a group: which one is found below
                group[j] = j
    for i in range(n):
        if group[i] >= 0:
            a = i
            while parent[a] != a:
                a = parent[a]
            group[i] = a
    everything = np.empty(n, dtype=np.bool_)
    for i in range(n):
        everything[i] = True
    wait = np.inf
    for i in range(n):
        if moving[i]:
            wait = min(wait, _contact(env, vel, i, everything, margin))
    return False, near, group, wait


_UNKNOWN = ClusterInfo("active")


class _Ash:
    """The clusters of a universe's live cells, classified. With ``max_new`` set, clusters whose shape is not
    known yet count as active without being analysed when they have more cells than that, or (unless
    ``edge_only`` is False) lie away from the edge of the live cells' bounding box (when only escaping
    spaceships matter)."""

    def __init__(self, universe, classifier: Classifier, max_new: int | None = None, edge_only: bool = True):
        self.cells = universe.live_cells()
        self.order, self.starts, self.boxes, keys = _clusters(self.cells)
        self.keys = keys
        self.infos = infos = classifier.lookup(keys)
        # (``None in infos`` would compare every ClusterInfo with None)
        missing = [i for i, inf in enumerate(infos) if inf is None]
        if missing:
            sizes = np.diff(self.starts)
            inner = np.zeros(len(keys), dtype=bool)
            if max_new is not None and edge_only:
                # only clusters near the outside can be escaping: leave the rest unanalysed
                lo = self.boxes[:, :2].min(axis=0) + _EDGE
                hi = self.boxes[:, 2:].max(axis=0) - _EDGE
                inner = (self.boxes[:, 0] > lo[0]) & (self.boxes[:, 1] > lo[1]) & \
                    (self.boxes[:, 2] < hi[0]) & (self.boxes[:, 3] < hi[1])
            for i in missing:
                if max_new is not None and (sizes[i] > max_new or inner[i]):
                    infos[i] = _UNKNOWN
                else:
                    infos[i] = classifier.info(keys[i], self.members(i))
        # per cluster: envelope (spaceships and active clusters have none), velocity, kind flags
        rows = np.array([inf.row for inf in self.infos], dtype=np.float64).reshape(len(keys), 9)
        self.env = self.boxes.astype(np.float64)
        self.env[:, :2] -= rows[:, 0:2]
        self.env[:, 2:] += rows[:, 2:4]
        self.vel = np.ascontiguousarray(rows[:, 4:6])
        self.moving = rows[:, 6] > 0
        self.oscillating = rows[:, 7] > 0
        self.active = rows[:, 8] > 0

    def members(self, i):
        return self.cells[self.order[self.starts[i]:self.starts[i + 1]]]


def _clusters(cells):
    return clusters(cells, 2)


class _Run:
    """One pattern being stabilised."""

    def __init__(self, universe: SettlingUniverse, classifier: Classifier, max_gens: int, window: int, extent: int,
                 extent_limit: int):
        self.u = universe
        self.c = classifier
        self.g0 = self.u.generation
        self.max_gens = max_gens
        self.window = window
        self.extent = extent
        self.extent_limit = extent_limit
        self.escaped: list = []

    @property
    def age(self):
        return self.u.generation - self.g0

    # -- verification ------------------------------------------------------------------------------------------
    def check(self):
        """(settled, ash, wait): whether the current state has settled, and if not how long to wait."""
        ash = _Ash(self.u, self.c)
        active, near, group, wait = _verdict(ash.env, ash.vel, ash.moving, ash.oscillating, ash.active,
                                             _SHIP_MARGIN)
        if active:
            return False, ash, 0
        if near and self._merge(ash, group) is None:
            return False, ash, 0
        # spaceships must be on their way out
        if wait < _INF:
            return False, ash, int(wait) + 1
        return True, ash, 0

    def _merge(self, ash: "_Ash", group):
        """Re-classify groups of nearby stationary clusters as one (``group``: per cluster, the first cluster of
        its group, -1 outside any); None if any group is not periodic."""
        groups: dict = {}
        for i in np.flatnonzero(group >= 0):
            groups.setdefault(group[i], []).append(i)
        for members in groups.values():
            info = self.c.combine([ash.keys[i] for i in members], ash.boxes[members, :2])
            if info is None:
                cells = np.concatenate([ash.members(i) for i in members])
                info = self.c.info(shape_key(cells), cells)
            if info.kind == "active":
                return None
            # the union replaces its parts
            ash.infos[members[0]] = info
            for i in members[1:]:
                ash.infos[i] = None
        return True

    # -- escaping spaceships ---------------------------------------------------------------------------------
    def remove_escapees(self, thorough: bool = False) -> int:
        """Remove spaceships whose path crosses nothing; record them. Returns how many clusters were removed.

        Small clusters of unknown shape are analysed only near the edge of the live cells unless ``thorough``
        (a stream of spaceships whose shapes are not cached yet needs that)."""
        ash = _Ash(self.u, self.c, max_new=_MAX_SHIP, edge_only=not thorough)
        n = len(ash.infos)
        if n < 2:
            return 0
        active = ash.active
        gone = []
        for i in np.nonzero(ash.moving)[0]:
            if _contact(ash.env, ash.vel, i, ~active, _SHIP_MARGIN) < _INF:
                continue
            if _contact(ash.env, ash.vel, i, active, _ACTIVE_MARGIN) < _INF:
                continue
            gone.append(int(i))
        if gone:
            cells = np.concatenate([ash.members(i) for i in gone])
            self.u.set_cells(cells, alive=False)
            for i in gone:
                self.escaped.extend(ash.infos[i].objects)
        return len(gone)

    # -- the main loop ---------------------------------------------------------------------------------------
    def run(self) -> Outcome:
        u = self.u
        while True:
            left = self.max_gens - self.age
            if left <= 0:
                return self.unsettled()
            hint = u.run_until_stable(left, max_period=self.c.max_period, window=self.window,
                                      stop_extent=self.extent)
            if hint.reason == "stable":
                settled, ash, wait = self.check()
                if settled:
                    # the state has been periodic since about when the population became periodic
                    since = max(self.g0, u.generation - hint.since - hint.period, u.generation - self.age)
                    return self.settled(ash, since)
                if wait:
                    u.step(min(wait, max(self.max_gens - self.age, 0)))
            elif hint.reason == "extent":
                if self.remove_escapees() or self.remove_escapees(thorough=True):
                    continue
                if self.extent >= self.extent_limit:
                    return self.unsettled()
                self.extent = min(2 * self.extent, self.extent_limit)
            else:
                return self.unsettled()

    def settled(self, ash: "_Ash", since: int) -> Outcome:
        objects = list(self.escaped)
        periods = set()
        for inf in ash.infos:
            if inf is not None:
                objects.extend(inf.objects)
                if inf.kind != "spaceship":
                    periods.add(inf.period)
        period = math.lcm(*periods) if periods else 1
        return Outcome(True, self.u.generation, period, objects, settled_at=int(since))

    def unsettled(self) -> Outcome:
        category, leftovers, objects = self.categorise()
        generation = self.u.generation
        code = growth_code(category, self.populations(3 * _GROWTH_PERIOD))
        return Outcome(False, generation, 0, list(self.escaped) + objects, category, leftovers, code=code)

    def populations(self, gens: int) -> np.ndarray:
        """The population over the next ``gens`` generations (one step at a time; spaceships stay)."""
        out = np.empty(gens, dtype=np.int64)
        for t in range(gens):
            self.u.step(1)
            out[t] = self.u.population
        return out

    def categorise(self, samples: int = 6, gap: int = 120):
        """Watch an unsettled pattern for ``samples`` × ``gap`` more generations (removing escaping spaceships)
        and name its growth: gun, puffer, linear growth or unknown."""
        u = self.u
        emitted0 = len(self.escaped)
        pops, boxes = [], []
        for _ in range(samples):
            u.step(gap)
            while self.remove_escapees(thorough=True):
                pass
            pops.append(u.population)
            boxes.append(u.bbox or (0, 0, 0, 0))
        emitted = len(self.escaped) - emitted0
        b = np.array([(x, y, x + w, y + h) for x, y, w, h in boxes], dtype=np.int64)
        moves = np.diff(b, axis=0)
        growing = np.diff(pops)
        if emitted and not moves.any() and max(pops) - min(pops) <= max(pops) // 4:
            category = "gun"
        elif ((moves[:, 2:] > 0).all(axis=0).any() or (moves[:, :2] < 0).all(axis=0).any()) and \
                (growing >= 0).all():
            category = "puffer"
        elif len(growing) and (growing > 0).all() and growing.max() <= 3 * max(growing.min(), 1):
            category = "linear growth"
        else:
            category = "unknown"
        # what is left: classified clusters count as objects, the rest as leftovers
        ash = _Ash(u, self.c)
        objects, leftovers = [], []
        for i, inf in enumerate(ash.infos):
            if inf.kind == "active":
                leftovers.append(("active", int(ash.starts[i + 1] - ash.starts[i])))
            else:
                objects.extend(inf.objects)
        return category, leftovers, objects


def growth_code(category: str, pops) -> str:
    """Catagolue's kind of name for a pattern that never settled, from its ``category`` and its population
    ``pops`` generation by generation (at least 3 × _GROWTH_PERIOD of them, taken after the run stopped).

    ``yl<p>_<d>`` when the population gains the same d > 0 cells every p generations (the smallest such p up to
    _GROWTH_PERIOD, over the last two periods checked at every generation); else ``zz_LINEAR`` (a gun, puffer or
    linear growth), ``zz_QUADRATIC`` (gains that keep growing), ``zz_EXPLOSIVE`` (growing otherwise) or
    ``PATHOLOGICAL`` (not growing).
    """
    pops = np.asarray(pops, dtype=np.int64)
    n = len(pops)
    for p in range(1, min(_GROWTH_PERIOD, n // 3) + 1):
        gain = pops[n - 2 * p:] - pops[n - 3 * p:n - p]
        if gain[0] > 0 and (gain == gain[0]).all():
            return f"yl{p}_{int(gain[0])}"
    if category in ("gun", "puffer", "linear growth"):
        return "zz_LINEAR"
    thirds = [int(pops[k * n // 3:(k + 1) * n // 3].mean()) for k in range(3)] if n >= 3 else [0, 0, 0]
    if thirds[2] > thirds[1] > thirds[0]:
        return "zz_QUADRATIC" if thirds[2] - thirds[1] > 1.5 * (thirds[1] - thirds[0]) else "zz_EXPLOSIVE"
    return "PATHOLOGICAL"


def stabilise(pattern: Pattern, max_gens: int = DEFAULT_MAX_GENS, classifier: Classifier | None = None,
              window: int = 48, extent: int | None = None, extent_limit: int | None = None) -> Outcome:
    """Run ``pattern`` on the unbounded plane until it settles or ``max_gens`` generations pass.

    ``classifier`` caches object shapes (pass one to reuse it across patterns; it fixes the rule and the longest
    period looked for). ``extent``: span (cells) at which escaping spaceships are first looked for;
    ``extent_limit``: span beyond which a pattern that keeps spreading without shedding spaceships is declared
    unsettled. Raises EngineError for a B0 rule.
    """
    if not isinstance(pattern, Pattern):
        raise EngineError(f"stabilise needs a Pattern, got {type(pattern).__name__}")
    if classifier is None:
        classifier = Classifier(pattern.rule)
    elif classifier.rule.bs != pattern.rule.bs:
        raise EngineError(f"the classifier is for rule {classifier.rule.bs}, the pattern is {pattern.rule.bs}")
    bb = pattern.bbox
    span = max(bb[2], bb[3]) if bb else 1
    cells = pattern.cells
    if bb:
        # the outcome does not depend on where the pattern is: centre it in a tile
        cells = cells - np.array([bb[0] + bb[2] // 2 - _CENTRE, bb[1] + bb[3] // 2 - _CENTRE], dtype=np.int64)
    u = SettlingUniverse.from_cells(cells, classifier.rule, pattern.generation)
    return _stabilise(u, span, classifier, max_gens, window, extent, extent_limit)


def stabilise_grid(grid: np.ndarray, classifier: Classifier, max_gens: int = DEFAULT_MAX_GENS,
                   window: int = 48) -> Outcome:
    """``stabilise`` for the pattern whose cells are bool ``grid`` (rows y, columns x; where it lies does not
    change the outcome), under the classifier's rule — the census's fast path (no Pattern is built). Raises
    EngineError for a B0 rule."""
    grid = np.asarray(grid, dtype=bool)
    rows = np.flatnonzero(grid.any(axis=1))
    cols = np.flatnonzero(grid.any(axis=0))
    span = max(int(rows[-1] - rows[0]) + 1, int(cols[-1] - cols[0]) + 1) if len(rows) else 1
    # centred in a tile, a small soup starts in one tile rather than across four
    h, w = grid.shape
    u = SettlingUniverse.from_grid(grid, _CENTRE - w // 2, _CENTRE - h // 2, classifier.rule)
    return _stabilise(u, span, classifier, max_gens, window, None, None)


def _stabilise(u, span, classifier, max_gens, window, extent, extent_limit) -> Outcome:
    if extent_limit is None:
        extent_limit = max(1024, span + 1024)
    if extent is None:
        # far-flung spaceships cost the tiled engine little, so they are only looked for when the pattern is large
        extent = min(max(1024, 4 * span), extent_limit)
    return _Run(u, classifier, int(max_gens), int(window), int(extent), int(extent_limit)).run()
