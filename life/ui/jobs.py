"""What the window's worker runs for the controller (``life.ui.controller``): warming an engine's kernels, a
step followed by reading the picture (``Shown``), and the metadata a build keeps of its pattern.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..engines import make_universe
from ..pattern import Pattern
from ..rules import Rule, Topology
from ..soup import SoupSpec, make_soup, soup_grid
from . import trails
from .history import Snapshot, set_bands

__all__ = ["Shown", "warm", "step_and_view", "pattern_meta", "soup_universe"]

_BLINKER = np.array([[0, 1], [1, 1], [2, 1]], dtype=np.int64)


def warm(engine: type, rule: Rule, topology: Topology) -> None:
    """Compile (or load from Numba's cache) every kernel the window uses of the Universe class ``engine`` for
    ``rule`` on a tiny universe of ``topology``'s kind (infinite where it is, as on a strip): stepping, drawing
    cells, reading regions, the zoomed-out density (aligned with the board's words and not) and the window's
    colouring by age, so no first use compiles on the UI thread."""
    kind = topology.kind
    topo = Topology("plane") if kind == "plane" else Topology(kind, 256 if topology.width else 0,
                                                              256 if topology.height else 0)
    tiny = engine(Pattern(_BLINKER, rule=rule.with_topology(None)), topo)
    tiny.step(1)
    tiny.step(2)
    tiny.set_cells([(5, 5), (6, 5)])
    tiny.set_cells([(5, 5)], alive=False)
    tiny.region(-8, -8, 16, 16)
    tiny.density(-64, -64, 4, 4, 8)
    tiny.density(-61, -64, 4, 4, 3)
    _ = tiny.population, tiny.bbox
    trails.warm()  # colouring by age (D), the window's own kernel


_SOUP_BAND = 1 << 22  # soup cells turned into coordinates at a time


def soup_universe(spec: SoupSpec, rule: Rule, topology: Topology, algo: str, backend: str, dx: int = 0,
                  dy: int = 0):
    """(universe, name, meta) holding the soup of ``spec`` (``make_soup``'s cells, moved by dx, dy) on
    ``topology``, its cells set band by band: a 16384² soup never exists as one list of 10^8 coordinates (2 GB
    and a minute to build). A soup that does not fit the grid (in a finite direction) goes through ``make_soup`` and
    ``make_universe``, which say why."""
    name = f"soup {spec}"
    if topology.kind != "plane" and (0 < topology.width < spec.width or 0 < topology.height < spec.height):
        p = make_soup(spec, rule).translated(dx, dy)
        return make_universe(p, topology, algo=algo, backend=backend), name, pattern_meta(p)
    grid = soup_grid(spec)
    empty = Pattern(rule=rule, name=name)
    u = make_universe(empty, topology, algo=algo, backend=backend)
    rows = max(1, _SOUP_BAND // max(spec.width, 1))
    set_bands(u, ((r, grid[r:r + rows]) for r in range(0, spec.height, rows)), dx - spec.width // 2,
              dy - spec.height // 2)
    return u, name, pattern_meta(empty)


def pattern_meta(pattern: Pattern, source: str | None = None) -> dict:
    """What the info panel (I) shows and S keeps of a pattern besides its cells: author, comments, and the
    bundled library's description when ``source`` (or the pattern's name) is a bundled pattern."""
    meta = {"author": pattern.author, "comments": tuple(pattern.comments), "description": None}
    from .. import library

    for name in (source, pattern.name):
        if name and library.is_name(name):
            try:
                entry = library.get(name)
            except ValueError:
                continue
            meta["description"] = entry.description
            meta["category"] = entry.category
            break
    return meta


class Shown(NamedTuple):
    """What the worker's last step left to show: the universe ``version`` it belongs to, its ``generation``,
    ``population`` and ``bbox`` (None unless the view job asked for it), and the ``image`` and ``tag`` of the
    window's view job (None without one)."""

    version: int
    generation: int
    population: int
    bbox: tuple | None
    image: object = None
    tag: object = None


def population_of(universe) -> float:
    """Live cells of ``universe``, or ``math.inf`` while a B0 rule's infinite background is alive (the HUD then
    shows ∞ and the population graph leaves the point out)."""
    return math.inf if universe.background else universe.population


def step_and_view(universe, n: int, view, snapshot_name):
    """Worker job: snapshot the universe first when ``snapshot_name`` is given (a tuple holding the name: the
    undo record of a run, which on a big board takes longer than a frame), step ``n`` generations, then read
    what the window shows (``view(universe) -> (image, tag)``, when given) while the universe is still the
    worker's; ``view`` also says whether the bounding box is wanted (it costs a pass over a big board). Returns
    (generation, population, bbox or None, image, tag, snapshot)."""
    snap = Snapshot.take(universe, snapshot_name[0]) if snapshot_name is not None else None
    universe.step(n)
    if view is None:
        return universe.generation, population_of(universe), None, None, None, snap
    image, tag, want_bbox = view(universe)
    return (universe.generation, population_of(universe), universe.bbox if want_bbox else None, image, tag, snap)
