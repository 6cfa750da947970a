"""Splitting settled ash into independent objects and classifying each one.

Cells closer than 3 (Chebyshev distance <= 2, i.e. sharing a neighbour) form a *cluster*; clusters further apart
cannot influence each other. A cluster is classified by running it alone: still life, oscillator (period),
spaceship (period, displacement) or ``active`` (not periodic within the limit). A periodic cluster is then split
into the finest groups of its 8-connected islands that evolve independently — a pseudo-object such as a bi-block
counts as two blocks, as in Catagolue — and each group is named by its canonical apgcode. Most multi-island
clusters are such pseudo-objects of shapes already known; ``Classifier.combine`` confirms that with one exact
simulation of the parts' known phases instead of analysing the cluster afresh.

Classifying a cluster costs a short simulation, so results are cached by the cluster's exact shape: in a soup
census almost every cluster is a block, blinker or beehive seen before, and costs a dictionary look-up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numba
import numpy as np

from ..engines.settling import SettlingUniverse
from ..pattern import normalize_cells
from ..rules import LIFE, Rule
from .apgcode import apgcode

__all__ = ["Obj", "ClusterInfo", "Classifier", "Phases", "clusters", "shape_key", "GLIDER"]

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
    # (envelope..., velocity x, velocity y, moving, stationary oscillator, active): the numbers the stabiliser
    # puts in one array per ash
    row: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        moving = self.kind == "spaceship"
        v = (self.dx / self.period, self.dy / self.period) if moving else (0.0, 0.0)
        object.__setattr__(self, "row", (*self.envelope, *v, float(moving),
                                         float(self.kind == "oscillator"), float(self.kind == "active")))


# -- clustering (Numba) -----------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _mix(z):  # pragma: no cover - compiled
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(cache=True)
def _row_order(xs, ys):  # pragma: no cover - compiled
    """Indices of the cells (xs[i], ys[i]) sorted by y, then x: a heapsort, which compiles far faster than
    Numba's argsort (the census's first run pays for every kernel it compiles)."""
    n = xs.shape[0]
    idx = np.empty(n, dtype=np.int64)
    for i in range(n):
        idx[i] = i
    # heapify (roots n//2 - 1 .. 0), then move the largest to the end n - 1 .. 1, sifting down after each
    for step in range(n // 2 + n - 1):
        if step < n // 2:
            root = n // 2 - 1 - step
            end = n
        else:
            end = n - 1 - (step - n // 2)
            idx[0], idx[end] = idx[end], idx[0]
            root = 0
        while True:
            child = 2 * root + 1
            if child >= end:
                break
            a = idx[child]
            if child + 1 < end:
                b = idx[child + 1]
                if ys[b] > ys[a] or (ys[b] == ys[a] and xs[b] > xs[a]):
                    child += 1
                    a = b
            r = idx[root]
            if ys[a] > ys[r] or (ys[a] == ys[r] and xs[a] > xs[r]):
                idx[root] = a
                idx[child] = r
                root = child
            else:
                break
    return idx


@numba.njit(cache=True)
def _cluster_kernel(xs, ys, dist):  # pragma: no cover - compiled
    """Group cells within Chebyshev distance ``dist`` of each other.

    Returns (order, starts, minx, miny, maxx, maxy, keys): cells of cluster i are ``order[starts[i]:starts[i+1]]``
    (in input order); ``keys`` hash each cluster's shape relative to its bounding box.
    """
    n = xs.shape[0]
    # cells sorted by row, then column; neighbours are then found by scanning the next ``dist`` rows, so the cost
    # follows the number of cells and not the area they spread over (far-flung gliders)
    srt = _row_order(xs, ys)
    sx = np.empty(n, dtype=np.int64)
    sy = np.empty(n, dtype=np.int64)
    for a in range(n):
        sx[a] = xs[srt[a]]
        sy[a] = ys[srt[a]]
    # rows: the sorted cells of row k are rstart[k]..rstart[k + 1] - 1
    rstart = np.empty(n + 1, dtype=np.int64)
    nrows = 0
    for a in range(n):
        if a == 0 or sy[a] != sy[a - 1]:
            rstart[nrows] = a
            nrows += 1
    rstart[nrows] = n
    parent = np.empty(n, dtype=np.int64)
    for i in range(n):
        parent[i] = i
    for ri in range(nrows):
        y = sy[rstart[ri]]
        for a in range(rstart[ri], rstart[ri + 1]):
            x = sx[a]
            for rj in range(ri, min(ri + dist + 1, nrows)):
                if sy[rstart[rj]] > y + dist:
                    break
                if rj == ri:
                    b = a + 1
                else:
                    lo = rstart[rj]
                    hi = rstart[rj + 1]
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if sx[mid] < x - dist:
                            lo = mid + 1
                        else:
                            hi = mid
                    b = lo
                while b < rstart[rj + 1] and sx[b] <= x + dist:
                    # union the clusters of sorted cells a and b (roots are the smallest input index)
                    ra = srt[a]
                    while parent[ra] != ra:
                        parent[ra] = parent[parent[ra]]
                        ra = parent[ra]
                    rb = srt[b]
                    while parent[rb] != rb:
                        parent[rb] = parent[parent[rb]]
                        rb = parent[rb]
                    if ra < rb:
                        parent[rb] = ra
                    elif rb < ra:
                        parent[ra] = rb
                    b += 1
    # labels numbered by each cluster's first cell in input order
    label = np.empty(n, dtype=np.int64)
    root_label = np.empty(n, dtype=np.int64)
    for i in range(n):
        root_label[i] = -1
    nlab = 0
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        if root_label[r] < 0:
            root_label[r] = nlab
            nlab += 1
        label[i] = root_label[r]
    starts = np.empty(nlab + 1, dtype=np.int64)
    for c in range(nlab + 1):
        starts[c] = 0
    for i in range(n):
        starts[label[i] + 1] += 1
    for c in range(nlab):
        starts[c + 1] += starts[c]
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
    ax = bx = xs[0]
    ay = by = ys[0]
    for j in range(xs.shape[0]):
        ax = min(ax, xs[j])
        bx = max(bx, xs[j])
        ay = min(ay, ys[j])
        by = max(by, ys[j])
    acc = _mix(np.uint64(xs.shape[0]) * _K3 + np.uint64(bx - ax) * _K1 + np.uint64(by - ay))
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


@numba.njit(cache=True)
def _paint(frames, flat, starts, dx, dy):  # pragma: no cover - compiled
    """Set in each frame t the cells of phase t mod q (``flat``/``starts`` as in Phases) moved by (dx, dy)."""
    q = starts.shape[0] - 1
    for t in range(frames.shape[0]):
        k = t % q
        for i in range(starts[k], starts[k + 1]):
            frames[t, flat[i, 1] + dy, flat[i, 0] + dx] = 1


@numba.njit(cache=True)
def _evolves_as(frames, bm, sm):  # pragma: no cover - compiled
    """True when each of ``frames`` (uint8[T + 1, h, w], cells outside dead) steps to the next under the rule
    with birth/survival masks ``bm``/``sm``."""
    T1, h, w = frames.shape
    for t in range(T1 - 1):
        a = frames[t]
        b = frames[t + 1]
        for y in range(h):
            for x in range(w):
                n = 0
                for yy in range(max(y - 1, 0), min(y + 2, h)):
                    for xx in range(max(x - 1, 0), min(x + 2, w)):
                        n += a[yy, xx]
                if a[y, x]:
                    new = (sm >> (n - 1)) & 1
                else:
                    new = (bm >> n) & 1
                if new != b[y, x]:
                    return False
    return True


# -- simulation helpers -----------------------------------------------------------------------------------------
def _norm(cells: np.ndarray):
    """(cells relative to their bounding box, origin (x, y)); cells sorted by y then x."""
    origin = cells.min(axis=0)
    return cells - origin, origin


def find_period(cells: np.ndarray, rule: Rule, max_period: int):
    """Smallest p <= max_period with the pattern after p generations equal to ``cells`` moved by (dx, dy).

    Returns (p, dx, dy, phases) with phases the cell arrays of generations 0..p-1, or None. Steps one
    generation at a time, comparing cells exactly (and collecting the phases on the way): short, and it needs
    no kernel of its own to compile.
    """
    cells = normalize_cells(cells)
    if len(cells) == 0:
        return None
    u = SettlingUniverse.from_cells(cells, rule)
    origin = cells.min(axis=0)
    shape = cells - origin
    phases = [cells]
    for p in range(1, max_period + 1):
        u.step(1)
        pop = u.population
        if pop == 0:
            return None
        now = u.cells()
        if pop == len(cells):
            at = now.min(axis=0)
            if np.array_equal(now - at, shape):
                return p, int(at[0] - origin[0]), int(at[1] - origin[1]), phases
        phases.append(now)
    return None


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


class Phases(NamedTuple):
    """The phases of a still life or oscillator: ``cells`` (one N×2 array per generation of a period, relative to
    the bounding box of the first), the same concatenated (``flat``, phase k is ``flat[starts[k]:starts[k+1]]``),
    the bounding box of all phases (``lo``, ``hi``: (x, y) corners) and the first phase's size."""

    cells: tuple
    flat: np.ndarray
    starts: np.ndarray
    lo: tuple
    hi: tuple
    width: int
    height: int

    @classmethod
    def of(cls, cells) -> "Phases":
        flat = np.ascontiguousarray(np.concatenate(cells), dtype=np.int64)
        starts = np.cumsum([0] + [len(c) for c in cells]).astype(np.int64)
        lo = flat.min(axis=0)
        hi = flat.max(axis=0)
        size = cells[0].max(axis=0) + 1
        return cls(tuple(cells), flat, starts, (int(lo[0]), int(lo[1])), (int(hi[0]), int(hi[1])),
                   int(size[0]), int(size[1]))


class Classifier:
    """Classifies clusters of live cells under one rule, caching the result for each shape.

    ``max_period``: the longest period looked for; a cluster that does not repeat within it is ``active``.
    """

    max_cache = 200_000  # shapes remembered at most

    def __init__(self, rule: Rule = LIFE, max_period: int = 60):
        self.rule = rule.with_topology(None)
        self.max_period = int(max_period)
        self._cache: dict = {}
        # shape key -> phases (cells relative to the shape's bounding box) of still lifes and oscillators
        self._phases: dict = {}
        # (shape keys, their origins relative to the first) -> combine()'s answer: pseudo-objects recur in soups
        self._combos: dict = {}
        self.misses = 0

    def cached(self, key: int):
        """The ClusterInfo of the shape hashing to ``key`` if it has been classified already, else None."""
        return self._cache.get(key)

    def lookup(self, keys) -> list:
        """The cached ClusterInfo of each shape key in ``keys``, None where a shape is not classified yet."""
        return list(map(self._cache.get, keys))

    def info(self, key: int, cells: np.ndarray) -> ClusterInfo:
        """The ClusterInfo of ``cells`` (one cluster, any position), whose shape hashes to ``key``."""
        got = self._cache.get(key)
        if got is None:
            got, phases = self._analyse(cells)
            if len(self._cache) >= self.max_cache:
                # shapes seen once (transient debris) pile up in long censuses: start afresh
                self._cache.clear()
                self._phases.clear()
                self._combos.clear()
            self._cache[key] = got
            if phases is not None:
                self._phases[key] = phases
        return got

    def phases(self, key: int):
        """The Phases of the classified shape hashing to ``key`` (relative to the bounding box of the shape as
        first seen) when it is a still life or oscillator, else None."""
        return self._phases.get(key)

    def analyse(self, cells: np.ndarray) -> ClusterInfo:
        """Classify ``cells`` (run alone) and split it into independent objects; no cache."""
        return self._analyse(cells)[0]

    def combine(self, keys, origins, want_phases: bool = False):
        """The ClusterInfo of the union of classified stationary shapes ``keys`` whose bounding boxes have their
        top-left corners at ``origins`` (K×2), when the union evolves over a full period exactly as the parts do
        alone — a pseudo-object, which splits back into the parts' objects. None when a part is not a classified
        still life or oscillator, the common period is too long, or the parts interact. With ``want_phases``,
        (ClusterInfo, Phases of the union) instead."""
        if want_phases:
            return self._combine(keys, origins, True)
        ox, oy = int(origins[0][0]), int(origins[0][1])
        combo = (tuple(keys), tuple((int(o[0]) - ox, int(o[1]) - oy) for o in origins))
        if combo in self._combos:
            return self._combos[combo]
        got = self._combine(keys, origins, False)
        if len(self._combos) >= self.max_cache:
            self._combos.clear()
        self._combos[combo] = got
        return got

    def _combine(self, keys, origins, want_phases: bool):
        parts = []
        period = 1
        objects = []
        for key, origin in zip(keys, origins, strict=True):
            ph = self.phases(key)
            if ph is None:
                return None
            parts.append((ph, int(origin[0]), int(origin[1])))
            period = math.lcm(period, len(ph.cells))
            objects.extend(self._cache[key].objects)
        if period > self.max_period:
            return None
        x0 = min(ox + ph.lo[0] for ph, ox, oy in parts)
        y0 = min(oy + ph.lo[1] for ph, ox, oy in parts)
        x1 = max(ox + ph.hi[0] for ph, ox, oy in parts)
        y1 = max(oy + ph.hi[1] for ph, ox, oy in parts)
        # one dead cell of margin: a birth just outside the parts' envelopes shows up as a mismatch
        frames = np.zeros((period + 1, y1 - y0 + 3, x1 - x0 + 3), dtype=np.uint8)
        for ph, ox, oy in parts:
            _paint(frames, ph.flat, ph.starts, ox - x0 + 1, oy - y0 + 1)
        if not _evolves_as(frames, self.rule.birth_mask, self.rule.survival_mask):
            return None
        objects.sort(key=lambda o: o.apgcode)
        kind = "still" if period == 1 else "oscillator"
        # the envelope: how far the phases reach beyond the current phase's bounding box
        cx0 = min(ox for ph, ox, oy in parts)
        cy0 = min(oy for ph, ox, oy in parts)
        cx1 = max(ox + ph.width - 1 for ph, ox, oy in parts)
        cy1 = max(oy + ph.height - 1 for ph, ox, oy in parts)
        info = ClusterInfo(kind, period, 0, 0, tuple(objects), (cx0 - x0, cy0 - y0, x1 - cx1, y1 - cy1))
        if not want_phases:
            return info
        cells = []
        for t in range(period):
            ys, xs = np.nonzero(frames[t])
            cells.append(np.stack([xs + (x0 - 1 - cx0), ys + (y0 - 1 - cy0)], axis=1).astype(np.int64))
        return info, Phases.of(cells)

    def _analyse(self, cells: np.ndarray):
        """(ClusterInfo, Phases relative to the cells' bounding box when stationary, else None)."""
        self.misses += 1
        cells = normalize_cells(cells)
        order, starts, boxes, keys = clusters(cells, 1)
        if len(keys) > 1:
            # usually a pseudo-object of known parts (a block beside a blinker): check that cheaply first
            for i, key in enumerate(keys):
                if key not in self._cache:
                    self.info(key, cells[order[starts[i]:starts[i + 1]]])
            got = self.combine(keys, boxes[:, :2], want_phases=True)
            if got is not None:
                return got
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
        rel = None if kind == "spaceship" else Phases.of([c - lo for c in phases])
        if len(starts) == 2:
            objs = [Obj(apgcode(kind, [_grid(c) for c in phases], p), kind, p, dx, dy, len(cells))]
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
                return self._peel_all(groups, period, shift)
            t, want = bad
            union = _union([r[t] for r in runs])
            a = {tuple(c) for c in union.tolist()}
            b = {tuple(c) for c in want.tolist()}
            diff = np.array(sorted(a ^ b), dtype=np.int64).reshape(-1, 2)
            near = [i for i, r in enumerate(runs)
                    if len(diff) and len(r[t - 1]) and _cheb(r[t - 1], diff) <= 2]
            # a group that does not come back to itself alone cannot be an object: merge it with its nearest
            # neighbour only, so that an object lying beside two such fragments stays apart from them
            lost = [i for i in near if not (len(runs[i][period]) and _same(runs[i][period], runs[i][0] + shift))]
            if lost:
                near = _closest_pair(groups, lost if len(lost) > 1 else None, lost[0])
            elif len(near) < 2:
                # merge the two groups closest to each other (always makes progress)
                near = _closest_pair(groups, None, None)
            merged = normalize_cells(np.concatenate([groups[i][0] for i in near]))
            groups = [g for i, g in enumerate(groups) if i not in near] + [(merged, False)]
        return self._peel_all(groups, period, shift)

    def _peel_all(self, groups: list, period: int, shift) -> list:
        """``groups`` with every island that evolves on its own beside the rest of its (merged, stationary) group
        split off — a loaf merged into a pulsar's group while the pulsar's fragments were being joined."""
        if shift.any():
            return groups
        out = []
        for cells, single in groups:
            out.extend([(cells, single)] if single else self._peel(cells, period))
        return out

    def _peel(self, cells, period: int) -> list:
        order, starts, _, _ = clusters(cells, 1)
        if len(starts) <= 2:
            return [(cells, False)]
        whole = _run_apart([cells], self.rule, period)[0]
        rest = {tuple(c) for c in cells.tolist()}
        out = []
        for k in range(len(starts) - 1):
            island = normalize_cells(cells[order[starts[k]:starts[k + 1]]])
            others = rest - {tuple(c) for c in island.tolist()}
            if not others:
                break
            others_cells = normalize_cells(np.array(sorted(others), dtype=np.int64))
            alone, beside = _run_apart([island, others_cells], self.rule, period)
            if _same(alone[period], alone[0]) and \
                    all(_same(_union([alone[t], beside[t]]), whole[t]) for t in range(1, period + 1)):
                out.append((island, True))
                rest = others
                whole = beside
        rest_cells = normalize_cells(np.array(sorted(rest), dtype=np.int64))
        return out + [(rest_cells, len(out) == len(starts) - 2)]


def _closest_pair(groups: list, among, anchor) -> list:
    """Indices of the two closest groups: both from ``among`` (a list of indices) when given, else ``anchor`` and
    its nearest other group when ``anchor`` is given, else any two."""
    if among is not None:
        pairs = [(i, j) for a, i in enumerate(among) for j in among[a + 1:]]
    elif anchor is not None:
        pairs = [(anchor, j) for j in range(len(groups)) if j != anchor]
    else:
        pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
    best = min((_cheb(groups[i][0], groups[j][0]), i, j) for i, j in pairs)
    return [best[1], best[2]]


def _run_apart(groups: list, rule: Rule, gens: int) -> list:
    """Run each group of cells alone for 0..gens generations — all in one universe, far enough apart that they
    cannot meet — and return, per group, its cell arrays in its own coordinates."""
    spans = [int(g[:, 0].max() - g[:, 0].min()) + 1 for g in groups]
    gap = 2 * gens + 8
    offsets = []
    x = 0
    for g, w in zip(groups, spans, strict=True):
        offsets.append(x - int(g[:, 0].min()))
        x += w + gap
    bounds = np.array([x0 - gens - 2 for x0 in np.cumsum([0] + [w + gap for w in spans[:-1]])] + [1 << 62])
    moved = np.concatenate([g + np.array([o, 0]) for g, o in zip(groups, offsets, strict=True)])
    u = SettlingUniverse.from_cells(moved, rule)
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
