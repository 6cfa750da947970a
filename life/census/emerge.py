"""The scale sweep: which abilities do random soups show as they grow? (``life emerge``)

For each soup size the sweep runs soups of the census's soup family through the census classifier
(``abilities.run_soups``, on the census's pool: processes or a Dask cluster) and records what each did. The
abilities (``abilities.ABILITIES``: emits a glider, holds a pulsar, lives > 1,000 generations...) are read off
those records, each fraction with a 95% Wilson interval; ``rates`` fits P(ability | area) = 1 - exp(-λA).

Given a time budget, the sweep runs in rounds and puts each round's soups where they narrow the widest interval
(``allocation``), with a cost per soup measured as it goes, and starts no soup that would end past the budget.
Given fixed soup counts (``soups=``), it runs those. Earlier records (``records=``, from a saved results file)
are kept and continued: new soups take the lowest indices not run yet, so resumed and merged runs never
repeat a soup, and a batch cancelled at a deadline is run first next time.
"""

from __future__ import annotations

import datetime
import os
import sys
import time

from ..engines.base import check_plane_rule
from ..rules import LIFE, Rule
from .abilities import SoupBatch, abilities_for, half_width, has, run_soups
from .allocation import CostModel, allocate, makespan, plan_round, runs_of
from .pool import TaskPool, default_workers
from .stabilise import DEFAULT_MAX_GENS
from .sweep_results import summarise

__all__ = ["DEFAULT_SIZES", "DEFAULT_BUDGET", "MAX_SIZE", "CHECKPOINT_EVERY", "sweep", "stderr_progress"]

DEFAULT_SIZES = (8, 16, 32, 64, 128, 256, 512, 1024)
DEFAULT_BUDGET = 120.0
"""Seconds a sweep runs when given neither a budget nor soup counts."""
MAX_SIZE = 4096
_PROGRESS_EVERY = 2.0
CHECKPOINT_EVERY = 30.0


def _dask_threads(scheduler: str) -> int:
    """Worker threads of the Dask cluster at ``scheduler`` (at least 1: the pool waits for one to join)."""
    from distributed import Client

    with Client(scheduler, timeout="10s") as client:
        return max(1, sum(client.nthreads().values()))


def sweep(sizes=DEFAULT_SIZES, soups=None, seed: int = 0, density: float = 0.5, rule: Rule = LIFE,
          workers: int | None = None, scheduler: str | None = None, budget: float | None = None,
          max_gens: int = DEFAULT_MAX_GENS, progress=None, records=(), runs=(), target: float | None = None,
          checkpoint=None) -> dict:
    """Run the sweep; returns the results dict (``sweep_results.summarise``: summaries, fits, every record).

    ``soups``: soups to run per size (an int or a list matching ``sizes``) — fixed counts; None: allocate
    adaptively within ``budget`` seconds (DEFAULT_BUDGET when None). With fixed counts, ``budget`` only stops
    new soups from starting. ``target``: stop early once every 95% interval is at most ±target. ``records``,
    ``runs``: an earlier sweep's (``sweep_results.load``) to continue. ``progress(line)`` gets one-line reports;
    ``checkpoint(results)`` gets the results so far every CHECKPOINT_EVERY seconds (to save them: an interrupted
    sweep then resumes from there).
    Raises ValueError on bad arguments, RuntimeError from the pool.
    """
    sizes = sorted({int(s) for s in sizes})
    if not sizes or sizes[0] < 1 or sizes[-1] > MAX_SIZE:
        raise ValueError(f"soup sizes must be integers from 1 to {MAX_SIZE}")
    if not 0.0 <= density <= 1.0:
        raise ValueError(f"soup density must be between 0 and 1, got {density}")
    if budget is not None and budget < 0:
        raise ValueError("the budget must not be negative")
    fixed = None
    if soups is not None:
        counts = [soups] * len(sizes) if isinstance(soups, int) else [int(n) for n in soups]
        if len(counts) != len(sizes):
            raise ValueError(f"{len(counts)} soup counts for {len(sizes)} sizes")
        if min(counts) < 0:
            raise ValueError("soup counts must not be negative")
        fixed = dict(zip(sizes, counts, strict=True))
    check_plane_rule(rule)
    params = {"density": density, "rule": rule.bs, "max_gens": int(max_gens)}
    records = list(records)
    w = _dask_threads(scheduler) if scheduler else (default_workers() if workers is None else int(workers))
    if budget is None and fixed is None:
        budget = DEFAULT_BUDGET
    # one pool for every round: workers start once and keep their loaded kernels and shape caches
    with TaskPool(workers, scheduler) as pool:
        run = _Run(sizes, records, seed, params, w, pool, progress)
        if checkpoint is not None:
            run.checkpoint = lambda: checkpoint(summarise(run.records, params, [*runs, run.summary(budget)], sizes))
        if fixed is not None:
            run.fixed(fixed, budget)
        else:
            run.adaptive(budget, target)
    return summarise(run.records, params, [*runs, run.summary(budget)], sizes)


class _Run:
    """One sweep run's state: the records (earlier and new), per-size tallies and the measured costs."""

    def __init__(self, sizes, records, seed, params, w, pool, progress):
        self.sizes, self.records, self.seed, self.params = sizes, records, seed, params
        self.w, self.pool, self.progress = w, pool, progress
        self.names = list(abilities_for(params["max_gens"]))
        self.state = {s: [0, [0] * len(self.names)] for s in sizes}
        self.done = {s: set() for s in sizes}  # indices of this seed's soups run, per size
        self.low = dict.fromkeys(sizes, 0)  # below it, every index is done
        for r in records:
            self._tally(r)
        self.costs = CostModel()  # this run's own timings (earlier runs may have been on another machine)
        self.earlier = CostModel({s: [r["seconds"] for r in records if r["size"] == s] for s in sizes})
        self.new = 0
        self.rounds = 0
        self.cpu0 = _cpu()
        self.load0 = _load()
        self.started = datetime.datetime.now(datetime.timezone.utc)
        self.t0 = time.monotonic()
        self.last_report = -1e9
        self.last_line = None
        self.checkpoint = None
        self.last_saved = self.t0

    def _tally(self, r):
        s = r["size"]
        if s not in self.state:
            return
        st = self.state[s]
        st[0] += 1
        for i, name in enumerate(self.names):
            st[1][i] += has(r, name)
        if r["seed"] == self.seed:
            done = self.done[s]
            done.add(r["index"])
            while self.low[s] in done:
                self.low[s] += 1

    def free(self, size, m) -> list:
        """The ``m`` lowest soup indices of this seed not run yet at ``size`` (a batch cancelled at a deadline
        leaves a gap that later soups fill first)."""
        out, i, done = [], self.low[size], self.done[size]
        while len(out) < m:
            if i not in done:
                out.append(i)
            i += 1
        return out

    def cost(self, size) -> float:
        if self.costs.seconds.get(size) or not self.earlier.seconds.get(size):
            return self.costs.cost(size) if self.costs.seconds else self.earlier.cost(size)
        return self.earlier.cost(size)

    def _run(self, batches, deadline):
        for recs in self.pool.run(run_soups, batches, deadline):
            self.records.extend(recs)
            for r in recs:
                self._tally(r)
                self.costs.add(r["size"], [r["seconds"]])
            self.new += len(recs)
            self.report(deadline)
            if self.checkpoint is not None and time.monotonic() - self.last_saved >= CHECKPOINT_EVERY:
                self.checkpoint()
                self.last_saved = time.monotonic()

    def fixed(self, counts: dict, budget):
        deadline = None if budget is None else self.t0 + budget
        batches = []
        for s, n in counts.items():
            # batches of about a second (a size's first batch is small: its cost is not known yet)
            per = max(1, min(256, int(1.0 / (2e-6 * s * s + 1e-3))))
            batches += [SoupBatch(self.seed, s, a, b, **self.params) for a, b in runs_of(self.free(s, n), per)]
        batches.sort(key=lambda b: (b.stop - b.start) * b.size ** 2)
        batches = batches[:1] + batches[1:][::-1]  # the cheapest runs alone first, then the dearest
        if deadline is None or time.monotonic() < deadline:
            self._run(batches, deadline)
        self.report(deadline, force=True)

    def adaptive(self, budget: float, target):
        end = self.t0 + budget
        overhead = 1.25  # wall / predicted makespan, measured on each round
        while True:
            left = end - time.monotonic()
            costs = {s: self.cost(s) for s in self.sizes}
            if left <= 0 or min(costs.values()) * overhead > left:
                break
            # rounds of about an eighth of the budget; the first a short pilot (costs are not measured yet)
            if self.rounds == 0:
                seconds = min(left, max(0.5, min(20.0, budget / 16)))
            else:
                span = min(60.0, max(3.0, budget / 8))
                seconds = left if left < 1.5 * span else span
            dearest = max(costs.values())
            capacity = self.w * seconds / overhead - (self.w - 1) * min(dearest, seconds / overhead)
            alloc = allocate({s: (st[0], st[1]) for s, st in self.state.items()}, costs, max(capacity, 0.0),
                             max_soup=seconds / overhead, target=target)
            free = {s: self.free(s, m) for s, m in alloc.items()}
            batches = plan_round(alloc, free, costs, self.w, seconds, overhead, self.seed,
                                 batch_seconds=max(0.2, min(2.0, seconds / 8)), **self.params)
            if not batches:
                break
            r0, n0 = time.monotonic(), len(self.records)
            # a batch predicted to end past the budget does not start
            self._run(batches, end - overhead * min(costs[b.size] * (b.stop - b.start) for b in batches))
            self.rounds += 1
            actual = time.monotonic() - r0
            ran = self.records[n0:]
            by_batch = {}
            for r in ran:
                by_batch[(r["size"], r["index"])] = r["seconds"]
            measured = [sum(by_batch.get((b.size, i), 0.0) for i in range(b.start, b.stop)) for b in batches]
            predicted = makespan([m for m in measured if m > 0], self.w)
            if predicted > 0:
                overhead = min(4.0, max(1.0, 0.5 * overhead + 0.5 * actual / predicted))
            self.report(end, force=True)

    def widest(self, size):
        """(half-width, ability) of a size's widest interval so far ((0.5, None) before any soup)."""
        n, ks = self.state[size]
        if not n:
            return 0.5, None
        i = max(range(len(ks)), key=lambda j: half_width(ks[j] / n, n))
        return half_width(ks[i] / n, n), self.names[i]

    def report(self, end, force: bool = False):
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self.last_report < _PROGRESS_EVERY:
            return
        self.last_report = now
        parts, worst = [], (0.0, None, None)
        for s in self.sizes:
            hw, name = self.widest(s)
            parts.append(f"{s}²:{self.state[s][0]} ±{hw:.3f}")
            if hw >= worst[0]:
                worst = (hw, s, name)
        left = "" if end is None else f", {max(0.0, end - now):.0f} s left"
        what = f" ({worst[1]}² {worst[2]})" if worst[2] else ""
        line = "  ".join(parts) + f"  | widest ±{worst[0]:.3f}{what}"
        if line != self.last_line:  # nothing new since the last report: say nothing
            self.last_line = line
            self.progress(f"emerge {now - self.t0:.0f} s{left}: {line}")

    def summary(self, budget) -> dict:
        secs = time.monotonic() - self.t0
        cpu = _cpu() - self.cpu0
        soup_cpu = sum(r["cpu"] for r in self.records[len(self.records) - self.new:])
        return {"started": self.started.isoformat(timespec="seconds"), "seed": self.seed, "budget": budget,
                "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2), "soup_cpu_seconds": round(soup_cpu, 3),
                "soups": self.new, "rounds": self.rounds,
                "workers": self.w, "scheduler": self.pool.scheduler, "cores": os.cpu_count(),
                "load_start": self.load0, "load_end": _load()}


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _load():
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:  # pragma: no cover - not available
        return None


def stderr_progress(line: str) -> None:  # pragma: no cover - cosmetic
    print(line, file=sys.stderr, flush=True)
