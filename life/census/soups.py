"""Catagolue-style census of random soups, spread over a process pool or a Dask cluster (``pool.py``).

Soup ``i`` of a census with seed ``S`` is a size×size square whose cells are alive with probability
``density``, each cell drawn from a hash of (S, i, cell) (``soup_grids``) — so a soup depends only on
(S, i, size, density), never on which worker ran it, and the census is the same whatever the worker count.
Its top-left cell is at (-(size // 2), -(size // 2)).

With an apgsearch seed root R (``apg_root``) soup ``i`` is instead the 16×16 C1 soup apgsearch runs for the soup
id R + str(i) (``life.soup.apg_soup_grid``): the census then covers the same soups as apgsearch/Catagolue.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from ..engines.base import check_plane_rule
from ..pattern import Pattern
from ..rules import LIFE, Rule
from ..soup import apg_soup, check_soup_id
from .objects import GLIDER, Classifier
from .pool import default_workers, run_tasks
from .stabilise import DEFAULT_MAX_GENS, stabilise_grid

__all__ = ["soup_pattern", "soup_grids", "apg_soup_grids", "SoupCensus", "census_soups", "Task", "run_task",
           "MAX_PERIOD"]

MAX_PERIOD = 60
_CLASSIFIERS: dict = {}


def _mix64(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def soup_grids(seed: int, start: int, stop: int, size: int = 16, density: float = 0.5) -> np.ndarray:
    """bool[stop - start, size, size]: soups ``start``..``stop - 1`` of the census seeded ``seed``.

    Cell (x, y) of soup i is alive when a 53-bit uniform number hashed (SplitMix64) from (seed, i, y * size + x)
    is below ``density``: every soup depends only on its own coordinates, never on how the census is split.
    """
    idx = np.arange(start, stop, dtype=np.uint64)[:, None]
    cell = np.arange(size * size, dtype=np.uint64)[None, :]
    with np.errstate(over="ignore"):
        key = _mix64(np.full(1, int(seed) & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))
        z = _mix64(_mix64(key ^ (idx * np.uint64(0xD1B54A32D192ED03))) + cell * np.uint64(0x9E3779B97F4A7C15))
    u = (z >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    return (u < density).reshape(-1, size, size)


def apg_soup_grids(root: str, start: int, stop: int) -> np.ndarray:
    """bool[stop - start, 16, 16]: the apgsearch C1 soups ``root + str(i)`` for i in start..stop - 1 (each as
    ``life.soup.apg_soup_grid`` draws it, hashed here in one batch). Raises SoupError for a bad soup id."""
    if stop <= start:
        return np.zeros((0, 16, 16), dtype=bool)
    # the ids differ only in their trailing digits: checking the first and the longest checks them all
    check_soup_id(f"{root}{start}")
    root = check_soup_id(f"{root}{stop - 1}")[:-len(str(stop - 1))]
    digests = b"".join(hashlib.sha256(f"{root}{i}".encode("ascii")).digest() for i in range(start, stop))
    rows = np.frombuffer(digests, dtype=">u2").astype(np.uint32).reshape(-1, 16)
    return ((rows[:, :, None] >> np.arange(16, dtype=np.uint32)) & 1).astype(bool)


def soup_pattern(seed: int, index: int, size: int = 16, density: float = 0.5, rule: Rule = LIFE,
                 grid: np.ndarray | None = None) -> Pattern:
    """Soup ``index`` of the census seeded ``seed`` as a Pattern (``grid``: its cells, if already drawn)."""
    if grid is None:
        grid = soup_grids(seed, index, index + 1, size, density)[0]
    return Pattern.from_array(grid, -(size // 2), -(size // 2), rule=rule, name=f"soup {seed}/{index}",
                              comments=(f"life census soup: seed {seed}, index {index}, {size}x{size}, "
                                        f"density {density:g}",))


def _classifier(rule: Rule) -> Classifier:
    key = rule.bs
    c = _CLASSIFIERS.get(key)
    if c is None:
        c = _CLASSIFIERS[key] = Classifier(rule, MAX_PERIOD)
    return c


@dataclass(frozen=True)
class Task:
    """Soups ``start``..``stop - 1`` of a census (picklable; runs anywhere)."""

    seed: int
    start: int
    stop: int
    size: int = 16
    density: float = 0.5
    rule: str = "B3/S23"
    max_gens: int = DEFAULT_MAX_GENS
    records: bool = False
    apg_root: str | None = None  # apgsearch seed root: the soups are apgsearch's C1 soups (16×16)


def run_task(task: Task) -> dict:
    """Run one Task: counts per apgcode (an unsettled soup counts once under its Catagolue name, ``yl...`` or
    ``zz_...``), the first soup showing each, outcomes of unsettled soups (``unsettled``: category -> number;
    ``names``: Catagolue name -> categories) and, when ``task.records``, one summary per soup (for the emergence
    sweep)."""
    rule = Rule.parse(task.rule)
    classifier = _classifier(rule)
    counts: dict = {}
    first: dict = {}
    unsettled: dict = {}
    names: dict = {}
    records = []
    gens = 0
    t0 = time.perf_counter()
    if task.apg_root is not None:
        grids = apg_soup_grids(task.apg_root, task.start, task.stop)
    else:
        grids = soup_grids(task.seed, task.start, task.stop, task.size, task.density)
    for i in range(task.start, task.stop):
        out = stabilise_grid(grids[i - task.start], classifier,
                             max_gens=task.max_gens)
        gens += out.generation
        seen = out.counts
        for code, n in seen.items():
            counts[code] = counts.get(code, 0) + n
            if code not in first:
                first[code] = i
        if not out.settled:
            # counted under Catagolue's name (yl..., zz_...); the readable category goes alongside
            key = out.code
            counts[key] = counts.get(key, 0) + 1
            unsettled[out.category] = unsettled.get(out.category, 0) + 1
            names.setdefault(key, set()).add(out.category)
            if key not in first:
                first[key] = i
        if task.records:
            records.append(_record(i, out))
    return {"start": task.start, "stop": task.stop, "counts": counts, "first": first, "unsettled": unsettled,
            "names": names,
            "records": records, "generations": gens, "seconds": time.perf_counter() - t0}


def _record(index: int, out) -> tuple:
    """(index, settled, generation, category, glider, p3+ oscillator, other ship, codes, settled_at)."""
    codes = sorted({o.apgcode for o in out.objects})
    glider = any(o.apgcode == GLIDER for o in out.objects)
    osc3 = any(o.kind == "oscillator" and o.period >= 3 for o in out.objects)
    ship = any(o.kind == "spaceship" and o.apgcode != GLIDER for o in out.objects)
    return (index, out.settled, out.generation, out.category, glider, osc3, ship, codes,
            out.settled_at if out.settled else -1)


# -- the census ---------------------------------------------------------------------------------------------------
@dataclass
class SoupCensus:
    """A soup census: ``counts`` (apgcode, or for soups that never settled Catagolue's ``yl...``/``zz_...`` name,
    -> number), ``first`` (-> index of the first soup that showed it), ``unsettled`` (each such name -> what it
    means, e.g. ``did not settle: gun``), soups run, wall time and generations run. ``apg_root``: the apgsearch seed
    root whose C1 soups were run (then ``seed``, ``size`` and ``density`` are 0, 16 and 0.5)."""

    seed: int
    size: int
    density: float
    rule: str
    soups: int = 0
    seconds: float = 0.0
    generations: int = 0
    counts: dict = field(default_factory=dict)
    first: dict = field(default_factory=dict)
    apg_root: str | None = None
    unsettled: dict = field(default_factory=dict)

    def soup_name(self, index: int) -> str:
        """How a user names soup ``index`` of this census: ``seed/index``, or the apgsearch soup id."""
        return f"{self.apg_root}{index}" if self.apg_root is not None else f"{self.seed}/{index}"

    @property
    def soups_per_second(self) -> float:
        return self.soups / self.seconds if self.seconds > 0 else 0.0

    def ranked(self):
        """(apgcode, count) pairs, most common first (ties by apgcode)."""
        return sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def sample(self, code: str) -> Pattern:
        """The first soup of this census that showed ``code`` (KeyError when none did)."""
        if self.apg_root is not None:
            return apg_soup(self.soup_name(self.first[code]), Rule.parse(self.rule))
        return soup_pattern(self.seed, self.first[code], self.size, self.density, Rule.parse(self.rule))

    def to_dict(self, rare: int = 10) -> dict:
        """JSON-ready summary; objects seen fewer than ``rare`` times come with a sample soup (index and RLE)."""
        from ..formats import to_text

        samples = {}
        for code, n in self.counts.items():
            if n < rare:
                pat = self.sample(code)
                samples[code] = {"index": self.first[code], "rle": to_text(pat, "rle")}
        head = {"apg_root": self.apg_root} if self.apg_root is not None else {}
        return {**head, "seed": self.seed, "size": self.size, "density": self.density, "rule": self.rule,
                "soups": self.soups, "seconds": round(self.seconds, 3),
                "soups_per_second": round(self.soups_per_second, 1), "generations": self.generations,
                "counts": dict(self.ranked()), "unsettled": dict(sorted(self.unsettled.items())),
                "samples": samples}


def census_soups(n: int, size: int = 16, density: float = 0.5, seed: int = 0, rule: Rule = LIFE,
                 workers: int | None = None, scheduler: str | None = None, max_gens: int = DEFAULT_MAX_GENS,
                 chunk: int | None = None, progress=None, apg_root: str | None = None) -> SoupCensus:
    """Census of soups 0..n-1 of seed ``seed``. ``workers``: processes (default: every core; 1 = this process);
    ``scheduler``: address of a Dask scheduler to run on instead. ``progress(done, n)`` is called as chunks
    finish. ``apg_root``: run apgsearch's C1 soups of that seed root instead (``size``, ``density`` and
    ``seed`` are then ignored). Raises ValueError on bad arguments."""
    if n < 0:
        raise ValueError(f"the number of soups must not be negative, got {n}")
    if size < 1:
        raise ValueError(f"soup size must be at least 1, got {size}")
    if not 0.0 <= density <= 1.0:
        raise ValueError(f"soup density must be between 0 and 1, got {density}")
    check_plane_rule(rule)
    if apg_root is not None:
        apg_root = check_soup_id(apg_root)
        size, density, seed = 16, 0.5, 0
    if chunk is None:
        chunk = max(1, min(256, 65536 // (size * size)))
        if workers != 1 and n:
            # enough chunks to keep every worker busy
            chunk = max(1, min(chunk, n // (4 * (workers or default_workers())) or 1))
    tasks = [Task(seed, a, min(a + chunk, n), size, density, rule.bs, max_gens, apg_root=apg_root)
             for a in range(0, n, chunk)]
    result = SoupCensus(seed, size, density, rule.bs, apg_root=apg_root)
    names: dict = {}  # Catagolue name of an unsettled soup -> its categories
    t0 = time.perf_counter()
    for r in run_tasks(run_task, tasks, workers, scheduler):
        result.soups += r["stop"] - r["start"]
        result.generations += r["generations"]
        for code, k in r["counts"].items():
            result.counts[code] = result.counts.get(code, 0) + k
        for code, cats in r["names"].items():
            names.setdefault(code, set()).update(cats)
        for code, i in r["first"].items():
            if code not in result.first or i < result.first[code]:
                result.first[code] = i
        if progress is not None:
            progress(result.soups, n)
    result.unsettled = {code: "did not settle: " + ", ".join(sorted(cats)) for code, cats in names.items()}
    result.seconds = time.perf_counter() - t0
    return result


def _stderr_progress(done: int, total: int) -> None:  # pragma: no cover - cosmetic
    print(f"\r{done}/{total} soups", end="", file=sys.stderr, flush=True)
