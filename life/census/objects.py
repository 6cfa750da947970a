"""Splitting settled ash into independent objects and classifying each one.

Cells closer than 3 (Chebyshev distance <= 2, i.e. sharing a neighbour) form a *cluster*; clusters further apart
cannot influence each other. A cluster is classified by running it alone: still life, oscillator (period),
spaceship (period, displacement) or ``active`` (not periodic within the limit). A periodic cluster is then split
into the finest groups of its 8-connected islands that evolve independently — a pseudo-object such as a bi-block
counts as two blocks, as in Catagolue — and each group is named by its canonical apgcode.

Classifying a cluster costs a short simulation, so results are cached by the cluster's exact shape: in a soup
census almost every cluster is a block, blinker or beehive seen before, and costs a dictionary look-up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from ..engines.soup import SoupUniverse
from ..pattern import normalize_cells
from ..rules import LIFE, Rule
from .apgcode import apgcode

__all__ = ["Obj", "ClusterInfo", "Classifier", "clusters", "shape_key", "GLIDER"]

GLIDER = "xq4_153"

_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)


@dataclass(frozen=True)
class Obj:
    """One object: its apgcode, kind (``still``, ``oscillator``, ``spaceship``), period and displacement per
    period (dx, dy; 0 unless a spaceship) and population (in the phase seen)."""

    apgcode: str
    kind: str
    period: int = 1
    dx: int = 0
    dy: int = 0
    population: int = 0


@dataclass(frozen=True)
class ClusterInfo:
    """What a cluster of cells (in the phase seen) is.

    ``kind``: ``still``, ``oscillator``, ``spaceship`` or ``active`` (not periodic within the classifier's
    period limit). ``objects``: its independent parts (empty when active). ``envelope``: how far the cells reach
    beyond the phase's bounding box over a period (left, top, right, bottom), for stationary clusters.
    """

    kind: str
    period: int = 0
    dx: int = 0
    dy: int = 0
    objects: tuple = ()
    envelope: tuple = (0, 0, 0, 0)


# -- clustering (Numba) -----------------------------------------------------------------------------------------
@numba.njit(cache=True, inline="always")
def _mix(z):  # pragma: no cover - compiled
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(cache=True)
def _cluster_kernel(xs, ys, dist):  # pragma: no cover - compiled
    """Group cells within Chebyshev distance ``dist`` of each other.

    Returns (order, starts, minx, miny, maxx, maxy, keys): cells of cluster i are ``order[starts[i]:starts[i+1]]``
    (in input order); ``keys`` hash each cluster's shape relative to its bounding box.
    """
    n = xs.shape[0]
    x0 = xs.min()
    y0 = ys.min()
    w = xs.max() - x0 + 1
    h = ys.max() - y0 + 1
    grid = np.full((h + 2 * dist, w + 2 * dist), -1, dtype=np.int64)
    for i in range(n):
        grid[ys[i] - y0 + dist, xs[i] - x0 + dist] = i
    label = np.full(n, -1, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    nlab = 0
    for i in range(n):
        if label[i] >= 0:
            continue
        label[i] = nlab
        sp = 0
        stack[sp] = i
        sp += 1
        while sp > 0:
            sp -= 1
            j = stack[sp]
            gx = xs[j] - x0 + dist
            gy = ys[j] - y0 + dist
            for yy in range(gy - dist, gy + dist + 1):
                for xx in range(gx - dist, gx + dist + 1):
                    k = grid[yy, xx]
                    if k >= 0 and label[k] < 0:
                        label[k] = nlab
                        stack[sp] = k
                        sp += 1
        nlab += 1
    counts = np.zeros(nlab + 1, dtype=np.int64)
    for i in range(n):
        counts[label[i] + 1] += 1
    starts = np.cumsum(counts)
    fill = starts[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        lab = label[i]
        order[fill[lab]] = i
        fill[lab] += 1
    minx = np.empty(nlab, dtype=np.int64)
    miny = np.empty(nlab, dtype=np.int64)
    maxx = np.empty(nlab, dtype=np.int64)
    maxy = np.empty(nlab, dtype=np.int64)
    keys = np.empty(nlab, dtype=np.uint64)
    for c in range(nlab):
        lo, hi = starts[c], starts[c + 1]
        ax = xs[order[lo]]
        bx = ax
        ay = ys[order[lo]]
        by = ay
        for t in range(lo, hi):
            j = order[t]
            ax = min(ax, xs[j])
            bx = max(bx, xs[j])
            ay = min(ay, ys[j])
            by = max(by, ys[j])
        acc = _mix(np.uint64(hi - lo) * _K3 + np.uint64(bx - ax) * _K1 + np.uint64(by - ay))
        for t in range(lo, hi):
            j = order[t]
            acc += _mix(np.uint64(xs[j] - ax) * _K1 + np.uint64(ys[j] - ay) * _K2 + _K3)
        minx[c] = ax
        miny[c] = ay
        maxx[c] = bx
        maxy[c] = by
        keys[c] = acc
    return order, starts, minx, miny, maxx, maxy, keys


@numba.njit(cache=True)
def _key_kernel(xs, ys):  # pragma: no cover - compiled
    ax = xs.min()
    ay = ys.min()
    acc = _mix(np.uint64(xs.shape[0]) * _K3 + np.uint64(xs.max() - ax) * _K1 + np.uint64(ys.max() - ay))
    for j in range(xs.shape[0]):
        acc += _mix(np.uint64(xs[j] - ax) * _K1 + np.uint64(ys[j] - ay) * _K2 + _K3)
    return acc


def shape_key(cells: np.ndarray) -> int:
    """The hash of a set of cells' shape (position-independent), as ``clusters`` computes it for a cluster."""
    cells = np.asarray(cells, dtype=np.int64)
    return int(_key_kernel(np.ascontiguousarray(cells[:, 0]), np.ascontiguousarray(cells[:, 1])))


def clusters(cells: np.ndarray, dist: int = 2):
    """Split N×2 cells into clusters of cells within Chebyshev distance ``dist``.

    Returns (order, starts, boxes, keys): cluster i is ``cells[order[starts[i]:starts[i+1]]]``; ``boxes`` is a
    K×4 int64 array of (xmin, ymin, xmax, ymax); ``keys`` a list of ints hashing each cluster's shape (equal
    shapes in different places get equal keys).
    """
    cells = np.asarray(cells, dtype=np.int64)
    if len(cells) == 0:
        return (np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros((0, 4), np.int64), [])
    xs = np.ascontiguousarray(cells[:, 0])
    ys = np.ascontiguousarray(cells[:, 1])
    order, starts, minx, miny, maxx, maxy, keys = _cluster_kernel(xs, ys, dist)
    boxes = np.stack([minx, miny, maxx, maxy], axis=1)
    return order, starts, boxes, keys.tolist()


# -- simulation helpers -----------------------------------------------------------------------------------------
def _norm(cells: np.ndarray):
    """(cells relative to their bounding box, origin (x, y)); cells sorted by y then x."""
    origin = cells.min(axis=0)
    return cells - origin, origin


def _run(cells: np.ndarray, rule: Rule, gens: int):
    """The cell arrays of ``cells`` run alone for 0..gens generations."""
    u = SoupUniverse.from_cells(cells, rule)
    out = [u.cells()]
    for _ in range(gens):
        u.step(1)
        out.append(u.cells())
    return out


def find_period(cells: np.ndarray, rule: Rule, max_period: int):
    """Smallest p <= max_period with the pattern after p generations equal to ``cells`` moved by (dx, dy).

    Returns (p, dx, dy, phases) with phases the cell arrays of generations 0..p-1, or None.
    """
    cells = normalize_cells(cells)
    if len(cells) == 0:
        return None
    u = SoupUniverse.from_cells(cells, rule)
    found = u.find_period(max_period)
    if found is None:
        return None
    p, dx, dy = found
    # confirm exactly (the engine compares shape hashes) and collect the phases
    phases = _run(cells, rule, p)
    if not _same(phases[p], cells + np.array([dx, dy], dtype=np.int64)):  # pragma: no cover - hash collision
        return None
    return p, int(dx), int(dy), phases[:p]


def _grid(cells: np.ndarray) -> np.ndarray:
    rel, _ = _norm(cells)
    g = np.zeros((int(rel[:, 1].max()) + 1, int(rel[:, 0].max()) + 1), dtype=bool)
    g[rel[:, 1], rel[:, 0]] = True
    return g


def _kind(period: int, dx: int, dy: int) -> str:
    if dx or dy:
        return "spaceship"
    return "still" if period == 1 else "oscillator"


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b))


def _cheb(a: np.ndarray, b: np.ndarray) -> int:
    """Smallest Chebyshev distance between two non-empty cell sets."""
    d = np.abs(a[:, None, :] - b[None, :, :]).max(axis=2)
    return int(d.min())


class Classifier:
    """Classifies clusters of live cells under one rule, caching the result for each shape.

    ``max_period``: the longest period looked for; a cluster that does not repeat within it is ``active``.
    """

    max_cache = 200_000  # shapes remembered at most

    def __init__(self, rule: Rule = LIFE, max_period: int = 60):
        self.rule = rule.with_topology(None)
        self.max_period = int(max_period)
        self._cache: dict = {}
        # shape key -> phases (cells relative to the shape's bounding box) of stationary one-island shapes
        self._phases: dict = {}
        self.misses = 0

    def cached(self, key: int):
        """The ClusterInfo of the shape hashing to ``key`` if it has been classified already, else None."""
        return self._cache.get(key)

    def info(self, key: int, cells: np.ndarray) -> ClusterInfo:
        """The ClusterInfo of ``cells`` (one cluster, any position), whose shape hashes to ``key``."""
        got = self._cache.get(key)
        if got is None:
            got, phases = self._analyse(cells)
            if len(self._cache) >= self.max_cache:
                # shapes seen once (transient debris) pile up in long censuses: start afresh
                self._cache.clear()
                self._phases.clear()
            self._cache[key] = got
            if phases is not None:
                self._phases[key] = phases
        return got

    def phases(self, key: int):
        """The phases of the classified shape hashing to ``key`` (cell arrays relative to the bounding box of
        the shape as first seen) when it is a stationary single 8-connected island, else None."""
        return self._phases.get(key)

    def analyse(self, cells: np.ndarray) -> ClusterInfo:
        """Classify ``cells`` (run alone) and split it into independent objects; no cache."""
        return self._analyse(cells)[0]

    def _analyse(self, cells: np.ndarray):
        """(ClusterInfo, phases): phases relative to the cells' bounding box for a stationary single island."""
        self.misses += 1
        cells = normalize_cells(cells)
        found = find_period(cells, self.rule, self.max_period)
        if found is None:
            return ClusterInfo("active"), None
        p, dx, dy, phases = found
        kind = _kind(p, dx, dy)
        lo = cells.min(axis=0)
        hi = cells.max(axis=0)
        allc = np.concatenate(phases)
        elo = allc.min(axis=0)
        ehi = allc.max(axis=0)
        envelope = (0, 0, 0, 0) if kind == "spaceship" else \
            (int(lo[0] - elo[0]), int(lo[1] - elo[1]), int(ehi[0] - hi[0]), int(ehi[1] - hi[1]))
        order, starts, _, _ = clusters(cells, 1)
        rel = None
        if len(starts) == 2:
            objs = [Obj(apgcode(kind, [_grid(c) for c in phases], p), kind, p, dx, dy, len(cells))]
            if kind != "spaceship":
                rel = tuple(c - lo for c in phases)
        else:
            islands = [cells[np.sort(order[starts[i]:starts[i + 1]])] for i in range(len(starts) - 1)]
            objs = []
            for g in self._decompose(islands, p, dx, dy, phases):
                if g[1]:
                    # a single island: classify it on its own (cached: usually a block, blinker...)
                    objs.extend(self.info(shape_key(g[0]), g[0]).objects)
                else:
                    gp, gdx, gdy, gph = find_period(g[0], self.rule, p)
                    gkind = _kind(gp, gdx, gdy)
                    objs.append(Obj(apgcode(gkind, [_grid(c) for c in gph], gp), gkind, gp, gdx, gdy, len(g[0])))
        objs.sort(key=lambda o: o.apgcode)
        return ClusterInfo(kind, p, dx, dy, tuple(objs), envelope), rel

    def _decompose(self, islands: list, period: int, dx: int, dy: int, phases) -> list:
        """Merge 8-connected islands into the finest groups whose separate evolutions add up to the whole over a
        full period, each group coming back to itself (moved by the cluster's displacement) after it.

        Returns (cells, is_single_island) pairs. All groups run in one universe, spread far apart.
        """
        groups = [(g, True) for g in islands]
        shift = np.array([dx, dy], dtype=np.int64)
        while len(groups) > 1:
            runs = _run_apart([g for g, _ in groups], self.rule, period)
            bad = None
            for t in range(1, period + 1):
                if t < period:
                    union = _union([r[t] for r in runs])
                    if not _same(union, phases[t]):
                        bad = (t, phases[t])
                        break
                elif not all(_same(r[t], r[0] + shift) for r in runs):
                    bad = (t, phases[0] + shift)
            if bad is None:
                return groups
            t, want = bad
            union = _union([r[t] for r in runs])
            a = {tuple(c) for c in union.tolist()}
            b = {tuple(c) for c in want.tolist()}
            diff = np.array(sorted(a ^ b), dtype=np.int64).reshape(-1, 2)
            near = [i for i, r in enumerate(runs)
                    if len(diff) and len(r[t - 1]) and _cheb(r[t - 1], diff) <= 2]
            if len(near) < 2:
                # merge the two groups closest to each other (always makes progress)
                best = min((_cheb(groups[i][0], groups[j][0]), i, j)
                           for i in range(len(groups)) for j in range(i + 1, len(groups)))
                near = [best[1], best[2]]
            merged = normalize_cells(np.concatenate([groups[i][0] for i in near]))
            groups = [g for i, g in enumerate(groups) if i not in near] + [(merged, False)]
        return groups


def _run_apart(groups: list, rule: Rule, gens: int) -> list:
    """Run each group of cells alone for 0..gens generations — all in one universe, far enough apart that they
    cannot meet — and return, per group, its cell arrays in its own coordinates."""
    spans = [int(g[:, 0].max() - g[:, 0].min()) + 1 for g in groups]
    gap = 2 * gens + 8
    offsets = []
    x = 0
    for g, w in zip(groups, spans):
        offsets.append(x - int(g[:, 0].min()))
        x += w + gap
    bounds = np.array([x0 - gens - 2 for x0 in np.cumsum([0] + [w + gap for w in spans[:-1]])] + [1 << 62])
    moved = np.concatenate([g + np.array([o, 0]) for g, o in zip(groups, offsets)])
    u = SoupUniverse.from_cells(moved, rule)
    out = [[g] for g in groups]
    for _ in range(gens):
        u.step(1)
        c = u.cells()
        which = np.searchsorted(bounds, c[:, 0], side="right") - 1
        for i, o in enumerate(offsets):
            out[i].append(c[which == i] - np.array([o, 0]))
    return out


def _union(parts) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    return normalize_cells(np.concatenate(parts))
