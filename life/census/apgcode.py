"""Catagolue's apgcodes: extended Wechsler format and the canonical name of an object.

A still life is ``xs<population>_<wechsler>``, an oscillator ``xp<period>_<wechsler>``, a spaceship
``xq<period>_<wechsler>``. The Wechsler part encodes the cells in strips of 5 rows, one character per column
(``0``-``9``, ``a``-``v``: the column's 5 bits, top row = bit 0), strips joined by ``z``; runs of empty columns
shorten to ``w`` (2), ``x`` (3) and ``y<c>`` (4 + value of c); trailing empty columns are dropped. The canonical
code is the shortest, then lexicographically least, over the 8 orientations of every phase.
"""

from __future__ import annotations

import numpy as np

__all__ = ["wechsler", "canonical_wechsler", "apgcode", "decode_wechsler", "decode_apgcode", "orientations"]

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_WEIGHTS = np.array([1, 2, 4, 8, 16], dtype=np.int64)


def _zeros(n: int) -> str:
    out = []
    while n >= 40:
        out.append("yz")  # 4 + 35 = 39 empty columns
        n -= 39
    if n >= 4:
        out.append("y" + _DIGITS[n - 4])
    elif n:
        out.append(("0", "w", "x")[n - 1])
    return "".join(out)


def wechsler(grid) -> str:
    """Extended Wechsler encoding of a bool[h, w] grid, anchored at its top-left corner (trim it first)."""
    g = np.asarray(grid, dtype=bool)
    strips = []
    for top in range(0, g.shape[0], 5):
        block = g[top:top + 5]
        values = (block * _WEIGHTS[:len(block), None]).sum(axis=0)
        out = []
        run = 0
        for v in values.tolist():
            if v == 0:
                run += 1
                continue
            if run:
                out.append(_zeros(run))
                run = 0
            out.append(_DIGITS[v])
        strips.append("".join(out))
    return "z".join(strips)


def orientations(grid):
    """The 8 images of a 2-D array under the rotations and reflections of the square."""
    g = np.asarray(grid)
    t = g.T
    return [g, g[:, ::-1], g[::-1], g[::-1, ::-1], t, t[:, ::-1], t[::-1], t[::-1, ::-1]]


def _trim(grid):
    g = np.asarray(grid, dtype=bool)
    ys, xs = np.nonzero(g)
    if len(xs) == 0:
        return g[:0, :0]
    return g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def canonical_wechsler(phases) -> str:
    """The shortest, then lexicographically least, Wechsler code over every phase (bool grids) and orientation."""
    best = None
    for phase in phases:
        for img in orientations(_trim(phase)):
            code = wechsler(img)
            if best is None or (len(code), code) < (len(best), best):
                best = code
    if best is None:
        raise ValueError("an object needs at least one phase")
    return best


def apgcode(kind: str, phases, period: int = 1) -> str:
    """The apgcode of an object given its phases (bool grids).

    ``kind``: ``"still"`` (prefix ``xs<population>``), ``"oscillator"`` (``xp<period>``) or ``"spaceship"``
    (``xq<period>``). Raises ValueError for another kind or no phases.
    """
    phases = list(phases)
    if kind == "still":
        prefix = f"xs{int(np.count_nonzero(phases[0]))}"
    elif kind == "oscillator":
        prefix = f"xp{period}"
    elif kind == "spaceship":
        prefix = f"xq{period}"
    else:
        raise ValueError(f"no apgcode prefix for objects of kind {kind!r}")
    return f"{prefix}_{canonical_wechsler(phases)}"


def decode_wechsler(code: str) -> np.ndarray:
    """The bool grid that a Wechsler string encodes (the inverse of ``wechsler``). Raises ValueError."""
    strips = code.split("z")
    rows = []
    width = 0
    for s in strips:
        cols = []
        i = 0
        while i < len(s):
            ch = s[i]
            if ch == "w":
                cols += [0, 0]
            elif ch == "x":
                cols += [0, 0, 0]
            elif ch == "y":
                if i + 1 >= len(s) or s[i + 1] not in _DIGITS:
                    raise ValueError(f"bad Wechsler code {code!r}: 'y' must be followed by 0-9 or a-z")
                cols += [0] * (4 + _DIGITS.index(s[i + 1]))
                i += 1
            elif ch in _DIGITS[:32]:
                cols.append(_DIGITS.index(ch))
            else:
                raise ValueError(f"bad Wechsler code {code!r}: unexpected character {ch!r}")
            i += 1
        rows.append(cols)
        width = max(width, len(cols))
    grid = np.zeros((5 * len(rows), width), dtype=bool)
    for k, cols in enumerate(rows):
        for x, v in enumerate(cols):
            for b in range(5):
                if v >> b & 1:
                    grid[5 * k + b, x] = True
    return _trim(grid)


def decode_apgcode(code: str) -> np.ndarray:
    """The bool grid (one phase) named by an apgcode such as ``xs4_33``. Raises ValueError."""
    prefix, sep, body = code.partition("_")
    if not sep or prefix[:2] not in ("xs", "xp", "xq"):
        raise ValueError(f"not an object apgcode: {code!r}")
    return decode_wechsler(body)
