"""Where the scale sweep's next soups go, and whether they fit in the time left.

The sweep runs in rounds. Before each, ``allocate`` hands out the round's worker-seconds one soup at a time to the
size whose widest 95% interval (over the abilities, predicted with the soups already handed out) is widest —
water-filling, the allocation that minimises the widest interval of all, so that every size ends with comparable
precision. Among sizes equally uncertain (at the start: all of them) the cheaper soup goes first. A size whose
next soup does not fit in what is left of the round drops out of it, so the tail of a budget goes to cheaper
sizes instead of idling.

The cost of a soup is measured (``CostModel``: mean wall seconds per soup at each size, as its worker saw them;
a power law in the area fitted to the measured sizes predicts the sizes not yet run). ``plan_round`` turns an
allocation into batches and trims it until the round's predicted makespan — the first batch alone (the pool runs
it in this process before starting workers), then greedy list scheduling of the rest, times the overhead factor
measured on earlier rounds — fits in the time left, so no large soup starts at the last second.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from .abilities import SoupBatch, half_width

__all__ = ["PRIOR_SECONDS_PER_CELL", "CostModel", "predicted_widest", "allocate", "runs_of", "plan_round",
           "makespan"]

PRIOR_SECONDS_PER_CELL = 2e-6
"""Used only before any soup has been timed (the first round): a deliberately high guess, so that the first round
stays short; every later round uses measured costs."""


class CostModel:
    """Seconds per soup at each size: the measured mean where a size has timed soups, else a power law
    ``a * area ** b`` fitted (least squares on logs) to the measured sizes; the prior before anything is timed.

    ``seconds``: size -> list of measured per-soup wall seconds."""

    def __init__(self, seconds: dict | None = None):
        self.seconds = {int(s): list(v) for s, v in (seconds or {}).items() if len(v)}

    def add(self, size: int, secs) -> None:
        self.seconds.setdefault(int(size), []).extend(secs)

    def measured(self) -> dict:
        """size -> mean seconds per soup, for the sizes with timed soups."""
        return {s: float(np.mean(v)) for s, v in sorted(self.seconds.items())}

    def law(self):
        """(a, b) of the fitted ``a * area ** b`` (b = 1 with one measured size), or None before any timing."""
        m = self.measured()
        if not m:
            return None
        area = np.array([s * s for s in m], dtype=float)
        cost = np.maximum(np.array(list(m.values())), 1e-7)
        if len(m) == 1:
            return float(cost[0] / area[0]), 1.0
        b, loga = np.polyfit(np.log(area), np.log(cost), 1)
        b = float(np.clip(b, 0.5, 2.0))  # keep a noisy fit from predicting nonsense far out
        return float(np.exp(np.mean(np.log(cost) - b * np.log(area)))), b

    def cost(self, size: int) -> float:
        """Predicted wall seconds of one soup of side ``size``."""
        if self.seconds.get(size):
            return float(np.mean(self.seconds[size]))
        law = self.law()
        if law is None:
            return PRIOR_SECONDS_PER_CELL * size * size + 1e-3
        return float(law[0] * (size * size) ** law[1])


def predicted_widest(n: int, ks, extra: int) -> float:
    """Predicted widest half-width of a size's intervals once ``extra`` more soups join its ``n`` (whose
    abilities were seen ``ks`` times): the fractions stay as seen (0.5, the worst case, before any soup)."""
    total = n + extra
    if n == 0:
        return half_width(0.5, total)
    return max((half_width(k / n, total) for k in ks), default=0.0)


def allocate(state: dict, costs: dict, capacity: float, max_soup: float = math.inf,
             target: float | None = None) -> dict:
    """Soups to run next at each size: ``state`` maps size -> (n soups so far, [k per ability]); ``costs``
    size -> seconds per soup; ``capacity``: worker-seconds to hand out; ``max_soup``: no soup costlier than this
    starts; ``target``: sizes whose widest half-width is at most this get no more. Returns size -> soups (> 0)."""
    given = {s: 0 for s in state}
    heap = [(-predicted_widest(n, ks, 0), costs[s], s) for s, (n, ks) in state.items()]
    heapq.heapify(heap)
    left = capacity
    while heap:
        neg_w, c, s = heapq.heappop(heap)
        if target is not None and -neg_w <= target:
            continue
        if c > left or c > max_soup:
            continue  # does not fit this round: the rest of the round goes to cheaper sizes
        n, ks = state[s]
        # a step of about 2% of the size's soups keeps the loop short for cheap sizes; one soup for dear ones
        step = max(1, min(int((n + given[s]) * 0.02), int(left // c)))
        given[s] += step
        left -= step * c
        heapq.heappush(heap, (-predicted_widest(n, ks, given[s]), c, s))
    return {s: m for s, m in given.items() if m > 0}


def makespan(batch_seconds, workers: int) -> float:
    """Predicted wall seconds to run batches costing ``batch_seconds`` (in this order) on ``workers``: the first
    alone (the pool runs it here before starting its workers), the rest each on the worker free first."""
    secs = list(batch_seconds)
    if not secs:
        return 0.0
    if workers <= 1 or len(secs) == 1:
        return float(sum(secs))
    free = [secs[0]] * workers
    for c in secs[1:]:
        heapq.heapreplace(free, free[0] + c)
    return float(max(free))


def runs_of(indices, per: int) -> list:
    """(start, stop) ranges covering sorted soup ``indices``: each a run of consecutive indices, at most ``per``
    long."""
    out = []
    for i in indices:
        if out and out[-1][1] == i and out[-1][1] - out[-1][0] < per:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return [tuple(r) for r in out]


def plan_round(alloc: dict, free: dict, costs: dict, workers: int, seconds: float, overhead: float,
               seed: int, density: float, rule: str, max_gens: int, batch_seconds: float = 1.0) -> list:
    """Batches (SoupBatch) for an allocation, trimmed until ``overhead`` × their makespan fits in ``seconds``.

    ``free``: size -> the lowest soup indices not run yet, in order (at least as many as allocated), so that a
    batch cancelled at a deadline is run by a later round. Batches hold about ``batch_seconds`` of soups (one
    soup when a soup costs more); the cheapest goes first (it runs alone), then the dearest first, which keeps the
    round's tail short, the sizes taking turns among batches of about the same cost."""
    alloc = dict(alloc)
    while True:
        plan = []
        for s, m in alloc.items():
            per = max(1, min(m, int(batch_seconds // max(costs[s], 1e-9))))
            for j, (a, b) in enumerate(runs_of(free[s][:m], per)):
                plan.append(((b - a) * costs[s], s, a, b, j))
        if not plan:
            return []
        # dearest first by whole batch-lengths, sizes taking turns within one length: a round cut short by the
        # budget still leaves every size its share
        plan.sort(key=lambda t: (-(t[0] // batch_seconds), t[4], -t[0]))
        cheapest = min(range(len(plan)), key=lambda i: plan[i][0])
        plan.insert(0, plan.pop(cheapest))
        if overhead * makespan([t[0] for t in plan], workers) <= seconds:
            break
        # too long: take one soup off the size whose dearest batch ends the round
        dear = max(alloc, key=lambda s: costs[s])
        alloc[dear] -= 1
        if alloc[dear] <= 0:
            del alloc[dear]
    return [SoupBatch(seed, s, a, b, density, rule, max_gens) for _, s, a, b, _ in plan]
