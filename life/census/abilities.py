"""What one soup of the scale sweep did (a per-soup record), and the abilities read off those records.

``run_soups(batch)`` runs soups of the census's soup family (``soups.soup_grids``) through the census classifier
and returns one JSON-ready record per soup::

    {"seed", "size", "index", "settled", "settled_at", "generation", "category", "code",
     "objects": {apgcode: count}, "seconds", "cpu"}

(``seconds``: wall time of that soup on its worker, ``cpu``: its CPU time; ``category``/``code``: how a soup that
never settled grows, else None). Every ability is a function of one record, and every summary (``summarise``)
is recomputed from records alone, so a saved sweep can be redrawn, resumed and merged exactly.

An apgcode names the classifier's verdict (``xs<cells>``: still life, ``xp<period>``: oscillator,
``xq<period>``: spaceship), so the object abilities read kind, period and size from it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ..rules import Rule
from .objects import GLIDER, Classifier
from .soups import MAX_PERIOD, soup_grids
from .stabilise import DEFAULT_MAX_GENS, stabilise_grid

__all__ = ["PULSAR", "PENTADECATHLON", "ABILITIES", "COUNTED", "SoupBatch", "run_soups", "parse_apgcode",
           "abilities_for", "has", "object_count", "wilson", "half_width", "summarise_size", "rarefied_species"]

PULSAR = "xp3_co9nas0san9oczgoldlo0oldlogz1047210127401"
PENTADECATHLON = "xp15_4r4z4r4"
_CLASSIFIERS: dict = {}


def parse_apgcode(code: str):
    """(kind, number) of an object's apgcode: ("still", cells), ("oscillator", period), ("spaceship", period);
    (None, 0) for anything else (a growth name such as ``yl144_1_16_...``)."""
    kind = {"xs": "still", "xp": "oscillator", "xq": "spaceship"}.get(code[:2])
    head = code[2:].split("_", 1)[0]
    if kind is None or not head.isdigit():
        return None, 0
    return kind, int(head)


def _is_glider(code):
    return code == GLIDER


def _other_ship(code):
    return code != GLIDER and parse_apgcode(code)[0] == "spaceship"


def _p3_oscillator(code):
    kind, period = parse_apgcode(code)
    return kind == "oscillator" and period >= 3


def _big_still(code):
    kind, cells = parse_apgcode(code)
    return kind == "still" and cells >= 20


# name -> (what it is, apgcode predicate for abilities that are objects | None, lifetime threshold | None)
_TABLE = {
    "glider": ("emits a glider", _is_glider, None),
    "other_spaceship": ("emits a spaceship other than the glider (*WSS...)", _other_ship, None),
    "pulsar": ("holds a pulsar", PULSAR.__eq__, None),
    "pentadecathlon": ("holds a pentadecathlon", PENTADECATHLON.__eq__, None),
    "oscillator_p3plus": ("holds an oscillator of period ≥ 3", _p3_oscillator, None),
    "still_life_20plus": ("leaves a still life of ≥ 20 cells", _big_still, None),
    "lives_1000": ("lives > 1,000 generations", None, 1000),
    "lives_10000": ("lives > 10,000 generations", None, 10000),
    "never_settles": ("never settles (switch engine, puffer, gun...)", None, None),
}
ABILITIES = {name: what for name, (what, _, _) in _TABLE.items()}
"""Ability name -> what it means."""
COUNTED = tuple(name for name, (_, pred, _) in _TABLE.items() if pred is not None)
"""The abilities that are objects, so that a soup has a number of them (for the expected-count panel)."""


def abilities_for(max_gens: int) -> dict:
    """The abilities a sweep capped at ``max_gens`` generations can tell apart (a lifetime at or beyond the cap
    cannot be told from never settling)."""
    return {n: w for n, w in ABILITIES.items() if _TABLE[n][2] is None or _TABLE[n][2] < max_gens}


def object_count(record: dict, name: str) -> int:
    """How many objects of ability ``name`` (one of COUNTED) the soup of ``record`` left or emitted."""
    pred = _TABLE[name][1]
    return sum(n for code, n in record["objects"].items() if pred(code))


def has(record: dict, name: str) -> bool:
    """Whether the soup of ``record`` shows ability ``name``. Raises KeyError for an unknown name."""
    _, pred, gens = _TABLE[name]
    if pred is not None:
        return any(pred(code) for code in record["objects"])
    if gens is not None:
        return not record["settled"] or record["settled_at"] > gens
    return not record["settled"]


@dataclass(frozen=True)
class SoupBatch:
    """Soups ``start``..``stop - 1`` of size ``size`` of the sweep seeded ``seed`` (picklable; runs anywhere)."""

    seed: int
    size: int
    start: int
    stop: int
    density: float = 0.5
    rule: str = "B3/S23"
    max_gens: int = DEFAULT_MAX_GENS


def run_soups(batch: SoupBatch) -> list:
    """Run the soups of ``batch``; one record per soup (see the module docstring), in index order."""
    classifier = _CLASSIFIERS.get(batch.rule)
    if classifier is None:
        classifier = _CLASSIFIERS[batch.rule] = Classifier(Rule.parse(batch.rule), MAX_PERIOD)
    out = []
    for i in range(batch.start, batch.stop):
        t0, c0 = time.perf_counter(), time.process_time()
        grid = soup_grids(batch.seed, i, i + 1, batch.size, batch.density)[0]
        res = stabilise_grid(grid, classifier, max_gens=batch.max_gens)
        objects: dict = {}
        for o in res.objects:
            objects[o.apgcode] = objects.get(o.apgcode, 0) + 1
        out.append({"seed": batch.seed, "size": batch.size, "index": i, "settled": bool(res.settled),
                    "settled_at": int(res.settled_at) if res.settled else None, "generation": int(res.generation),
                    "category": res.category, "code": res.code, "objects": dict(sorted(objects.items())),
                    "seconds": round(time.perf_counter() - t0, 5), "cpu": round(time.process_time() - c0, 5)})
    return out


# -- intervals and summaries ---------------------------------------------------------------------------------------
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95):
    """95% Wilson score interval (lo, hi) for k successes in n trials; (0, 1) when n == 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = half_width(p, n, z)
    # exactly 0 / 1 at the edges (rounding would leave 1e-17 or 0.9999999999999999)
    return (0.0 if k == 0 else max(0.0, c - h)), (1.0 if k == n else min(1.0, c + h))


def half_width(p: float, n: float, z: float = Z95) -> float:
    """Half the width of the Wilson interval of a fraction ``p`` seen in ``n`` soups (0.5 when n == 0): what the
    allocation narrows."""
    if n <= 0:
        return 0.5
    return z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)


def summarise_size(size: int, records: list, abilities: dict) -> dict:
    """The summary of one size's records: soups, time, and per ability k, n, fraction and its Wilson interval;
    mean objects per soup (``expected_counts``: name -> {mean, se}); species per soup and in total; how the
    unsettled soups grow."""
    n = len(records)
    secs = [r["seconds"] for r in records]
    cpus = [r["cpu"] for r in records]
    out = {"size": size, "area": size * size, "soups": n, "soup_seconds": round(sum(secs), 3),
           "soup_cpu": round(sum(cpus), 3), "cost_per_soup": round(float(np.mean(secs)), 5) if n else None,
           "cpu_per_soup": round(float(np.mean(cpus)), 5) if n else None}
    abil = {}
    for name in abilities:
        k = sum(1 for r in records if has(r, name))
        lo, hi = wilson(k, n)
        abil[name] = {"k": k, "n": n, "fraction": (k / n) if n else None, "lo": lo, "hi": hi}
    out["abilities"] = abil
    out["widest"] = max(((a["hi"] - a["lo"]) / 2 for a in abil.values()), default=0.5)
    counts = {}
    for name in COUNTED:
        if name in abilities and n:
            c = np.array([object_count(r, name) for r in records], dtype=float)
            counts[name] = {"mean": float(c.mean()), "se": float(c.std(ddof=1) / math.sqrt(n)) if n > 1 else None}
    out["expected_counts"] = counts
    out["species_per_soup"] = float(np.mean([len(r["objects"]) for r in records])) if n else None
    out["species_total"] = len({c for r in records for c in r["objects"]})
    cats: dict = {}
    for r in records:
        if not r["settled"]:
            cats[r["category"]] = cats.get(r["category"], 0) + 1
    out["unsettled_categories"] = dict(sorted(cats.items()))
    return out


def rarefied_species(records: list, m: int) -> float | None:
    """Expected number of distinct species (apgcodes) in ``m`` soups drawn at random without replacement from
    ``records`` (incidence rarefaction: sum over species of 1 - C(n - n_i, m) / C(n, m), n_i = soups holding it),
    so that sizes run with different numbers of soups compare at equal effort. None when m > len(records)."""
    n = len(records)
    if m > n or m < 0:
        return None
    holding: dict = {}
    for r in records:
        for c in r["objects"]:
            holding[c] = holding.get(c, 0) + 1
    lgn = math.lgamma(n + 1) - math.lgamma(m + 1) - math.lgamma(n - m + 1)
    total = 0.0
    for ni in holding.values():
        if n - ni < m:
            total += 1.0
        else:
            lg = math.lgamma(n - ni + 1) - math.lgamma(m + 1) - math.lgamma(n - ni - m + 1)
            total += 1.0 - math.exp(lg - lgn)
    return total
