"""Identify (F6, as in LifeViewer): what the pattern on screen is, using the census classifier.

``identify(cells, rule)`` runs the cells alone on the plane (``life.census.objects``): still life, oscillator or
spaceship with its period, displacement and speed, the apgcode of each independent object, and the heat (cells
changing state per generation, averaged over a period). Pure logic, no pygame; the window runs it on its worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..census.objects import Classifier, find_period
from ..pattern import normalize_cells
from ..rules import Rule

__all__ = ["Identity", "identify", "MAX_CELLS", "MAX_PERIOD"]

MAX_CELLS = 20_000  # identifying runs the pattern alone for a period: bigger ones are refused, not frozen on
MAX_PERIOD = 200


@dataclass(frozen=True)
class Identity:
    """What ``identify`` found. ``kind``: ``still``, ``oscillator``, ``spaceship``, ``active`` (no period within
    MAX_PERIOD) or ``empty``; ``period``, ``dx``, ``dy`` (per period); ``apgcodes`` of its objects; ``heat``
    (mean cells changing per generation, None when active); ``population``."""

    kind: str
    period: int = 0
    dx: int = 0
    dy: int = 0
    apgcodes: tuple = ()
    heat: float | None = None
    population: int = 0

    @property
    def speed(self) -> str | None:
        """A spaceship's speed as Life writes it: ``c/4``, ``2c/5``, with ``(diagonal)`` when dx = dy."""
        if self.kind != "spaceship":
            return None
        d = max(abs(self.dx), abs(self.dy))
        f = Fraction(d, self.period)
        text = f"{'' if f.numerator == 1 else f.numerator}c/{f.denominator}" if f.denominator != 1 else \
            f"{'' if f.numerator == 1 else f.numerator}c"
        return text + (" (diagonal)" if abs(self.dx) == abs(self.dy) else " (orthogonal)" if
                       0 in (self.dx, self.dy) else "")


def _heat(phases, dx: int, dy: int) -> float:
    """Mean number of cells that change state from one generation to the next over a period (the last phase is
    compared with the first moved by the displacement)."""
    sets = [set(map(tuple, p.tolist())) for p in phases]
    first_moved = {(x + dx, y + dy) for x, y in sets[0]}
    changes = [len(a ^ b) for a, b in zip(sets, sets[1:] + [first_moved], strict=True)]
    return float(np.mean(changes))


def identify(cells, rule: Rule, max_period: int = MAX_PERIOD) -> Identity:
    """Classify ``cells`` (N×2) under ``rule`` run alone on the plane. Raises ValueError for more than
    MAX_CELLS cells, or a rule the plane cannot run (B0)."""
    cells = normalize_cells(cells)
    n = len(cells)
    if n == 0:
        return Identity("empty")
    if n > MAX_CELLS:
        raise ValueError(f"{n:,} cells on screen are too many to identify (at most {MAX_CELLS:,}); zoom in")
    rule = rule.with_topology(None)
    info = Classifier(rule, max_period=max_period).analyse(cells)
    if info.kind == "active":
        return Identity("active", population=n)
    found = find_period(cells, rule, max_period)
    heat = _heat(found[3], found[1], found[2]) if found is not None else None
    codes = tuple(dict.fromkeys(o.apgcode for o in info.objects))
    return Identity(info.kind, info.period, info.dx, info.dy, codes, heat, n)
