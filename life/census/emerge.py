"""The scale sweep: which abilities do random soups show as they grow?

For each soup size, run soups (the census's soup tasks, on the same pool: ``pool.py``) and count the fraction
showing each ability:

* ``glider`` — emits a glider;
* ``osc3`` — leaves an oscillator of period 3 or more;
* ``ship`` — emits a spaceship other than the glider;
* ``long`` — lasts more than 1000 generations before settling (soups that never settle count);
* ``unsettled`` — never settles (gun, puffer, linear growth...; also soups still active at the generation cap).

Also the mean number of distinct species (apgcodes) per soup and the number seen in total at that size.
Fractions come with 95% Wilson score intervals, which stay honest for the few big soups a budget allows.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

from ..atomic import replacing
from ..engines.base import check_plane_rule
from ..rules import LIFE, Rule
from .pool import default_workers, run_tasks
from .soups import Task, run_task
from .stabilise import DEFAULT_MAX_GENS

__all__ = ["ABILITIES", "DEFAULT_SIZES", "default_soups", "wilson", "sweep", "plot"]

ABILITIES = {
    "glider": "emits a glider",
    "osc3": "oscillator of period ≥ 3",
    "ship": "spaceship other than the glider",
    "long": "lasts > 1000 generations",
    "unsettled": "never settles (gun, puffer, growth)",
}
DEFAULT_SIZES = (8, 16, 32, 64, 128, 256, 512, 1024)
LONG_LIVED = 1000


def default_soups(size: int) -> int:
    """Soups run at ``size`` by default: many small ones, few big ones (the cost grows with the area)."""
    return int(max(12, min(2000, 3_000_000 // (size * size))))


def wilson(k: int, n: int, z: float = 1.96):
    """95% Wilson score interval (lo, hi) for k successes in n trials; (0, 1) when n == 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def _abilities(rec) -> dict:
    index, settled, generation, category, glider, osc3, ship, codes, settled_at = rec
    return {"glider": glider, "osc3": osc3, "ship": ship,
            "long": (not settled) or settled_at > LONG_LIVED, "unsettled": not settled}


def sweep(sizes=DEFAULT_SIZES, soups=None, seed: int = 0, density: float = 0.5, rule: Rule = LIFE,
          workers: int | None = None, scheduler: str | None = None, budget: float | None = None,
          max_gens: int = DEFAULT_MAX_GENS, progress=None) -> dict:
    """Run the sweep; returns a JSON-ready dict.

    ``soups``: soups per size (an int, a list matching ``sizes``, or None for ``default_soups``). ``budget``:
    seconds after which no new soup starts (sizes not reached get 0 soups; intervals widen accordingly).
    ``progress(line)`` receives one-line progress reports.
    """
    sizes = [int(s) for s in sizes]
    if not sizes or min(sizes) < 1:
        raise ValueError("soup sizes must be positive integers")
    if soups is None:
        counts = [default_soups(s) for s in sizes]
    elif isinstance(soups, int):
        counts = [soups] * len(sizes)
    else:
        counts = [int(n) for n in soups]
        if len(counts) != len(sizes):
            raise ValueError(f"{len(counts)} soup counts for {len(sizes)} sizes")
    if min(counts) < 0:
        raise ValueError("soup counts must not be negative")
    check_plane_rule(rule)
    w = default_workers() if workers is None else workers
    t0 = time.monotonic()
    deadline = None if budget is None else t0 + budget
    results = []
    for size, n in zip(sizes, counts, strict=True):
        # chunks small enough that a deadline stops the sweep promptly and every worker gets work
        chunk = max(1, min(64, 16384 // (size * size), max(1, n // (4 * max(1, w)))))
        tasks = [Task(seed, a, min(a + chunk, n), size, density, rule.bs, max_gens, records=True)
                 for a in range(0, n, chunk)]
        recs = []
        ts = last = time.monotonic()
        if deadline is None or time.monotonic() < deadline:
            for r in run_tasks(run_task, tasks, workers, scheduler, deadline):
                recs.extend(r["records"])
                now = time.monotonic()
                if progress is not None and (now - last >= 2 or len(recs) == n):
                    last = now
                    progress(f"emerge: {size}x{size}: {len(recs)}/{n} soups, {now - t0:.0f} s")
        recs.sort()
        results.append(_summarise(size, n, recs, time.monotonic() - ts))
    return {"seed": seed, "density": density, "rule": rule.bs, "max_gens": max_gens,
            "seconds": round(time.monotonic() - t0, 2), "budget": budget, "abilities": ABILITIES,
            "sizes": results}


def _summarise(size: int, asked: int, recs, seconds: float) -> dict:
    n = len(recs)
    out = {"size": size, "area": size * size, "soups": n, "asked": asked, "seconds": round(seconds, 2)}
    abil = {}
    flags = [_abilities(r) for r in recs]
    for name in ABILITIES:
        k = sum(1 for f in flags if f[name])
        lo, hi = wilson(k, n)
        abil[name] = {"count": k, "fraction": (k / n) if n else None, "lo": lo, "hi": hi}
    out["abilities"] = abil
    species = [len(r[7]) for r in recs]
    out["species_per_soup"] = float(np.mean(species)) if n else None
    out["species_total"] = len({c for r in recs for c in r[7]})
    cats: dict = {}
    for r in recs:
        if not r[1]:
            cats[r[3]] = cats.get(r[3], 0) + 1
    out["unsettled_categories"] = cats
    return out


def plot(result: dict, path) -> None:
    """Draw the sweep (fractions of soups with each ability against soup area, log x) to an image file,
    atomically. Needs matplotlib."""
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in result["sizes"] if r["soups"] > 0]
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [2, 1]})
    colors = {"glider": "#1f77b4", "osc3": "#2ca02c", "ship": "#d62728", "long": "#9467bd",
              "unsettled": "#ff7f0e"}
    area = np.array([r["area"] for r in rows], dtype=float)
    for name, label in ABILITIES.items():
        frac = np.array([r["abilities"][name]["fraction"] for r in rows], dtype=float)
        lo = np.array([r["abilities"][name]["lo"] for r in rows])
        hi = np.array([r["abilities"][name]["hi"] for r in rows])
        ax.plot(area, frac, "o-", color=colors[name], label=label, lw=2)
        ax.fill_between(area, lo, hi, color=colors[name], alpha=0.15, lw=0)
    ax.set_xscale("log", base=2)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("soup area (cells, log scale)")
    ax.set_ylabel("fraction of soups")
    ax.set_title(f"Emergent abilities of random soups ({result['rule']}, density {result['density']:g})")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="center right", fontsize=9, framealpha=0.9)
    labels = [f"{r['size']}²\nn={r['soups']}" for r in rows]
    ax.set_xticks(area)
    ax.set_xticklabels(labels, fontsize=8)
    per = [r["species_per_soup"] for r in rows]
    tot = [r["species_total"] for r in rows]
    ax2.plot(area, per, "s-", color="#444444", label="distinct species per soup (mean)")
    ax2.plot(area, tot, "^--", color="#8c564b", label="distinct species, all soups of that size")
    ax2.set_xscale("log", base=2)
    ax2.set_ylim(0, max(tot + per) * 1.15)
    ax2.set_xticks(area)
    ax2.set_xticklabels([f"{r['size']}²" for r in rows], fontsize=8)
    ax2.set_xlabel("soup area (cells, log scale)")
    ax2.set_title("Diversity of the ash")
    ax2.set_ylabel("distinct apgcodes")
    ax2.grid(True, which="major", alpha=0.3)
    ax2.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    try:
        with replacing(path) as tmp:
            fig.savefig(tmp, dpi=110, format=path.suffix[1:] or "png")
    finally:
        plt.close(fig)


def stderr_progress(line: str) -> None:  # pragma: no cover - cosmetic
    print(line, file=sys.stderr, flush=True)
