"""The 3×3 neighbourhood: Hensel's letters for isotropic non-totalistic rules, and the rule lookup table.

A neighbourhood is indexed by 9 bits in reading order: bit 0 NW, 1 N, 2 NE, 3 W, 4 the cell itself, 5 E, 6 SW,
7 S, 8 SE. The eight outer cells alone (the cell left out) form an 8-bit *configuration*: bits 0..7 are NW, N, NE,
W, E, SW, S, SE. Hensel's notation names the 51 configurations that are distinct under rotation and reflection by
a neighbour count and a letter (LifeWiki "Isotropic non-totalistic rule"; Golly's QuickLife help): counts 1..7
have 2, 6, 10, 13, 10, 6, 2 letters, counts 0 and 8 one configuration and no letter. Count ``8 - n`` (n < 4) uses
the letters of count ``n`` for the complementary configurations. Golly's hexagonal (``H``) neighbourhood counts
six of the eight neighbours (NE and SW ignored), von Neumann (``V``) the four orthogonal ones.
"""

from __future__ import annotations

import numpy as np

__all__ = ["LETTERS", "NEIGHBOURS", "configurations", "classify", "rule_table"]

_POS = {"NW": (-1, -1), "N": (0, -1), "NE": (1, -1), "W": (-1, 0), "E": (1, 0), "SW": (-1, 1), "S": (0, 1),
        "SE": (1, 1)}
_BIT = {d: k for k, d in enumerate(_POS)}          # configuration bit of each outer cell
_AT = {v: _BIT[d] for d, v in _POS.items()}

# One representative configuration per letter for counts 1..4 (the rest are its rotations and reflections).
_SHAPES = {
    1: {"c": "NW", "e": "N"},
    2: {"c": "NW NE", "e": "N W", "a": "NW N", "i": "W E", "k": "NE W", "n": "NE SW"},
    3: {"c": "NW NE SW", "e": "N W E", "a": "NW N W", "i": "NW N NE", "k": "N E SW", "n": "NW NE W",
        "j": "N NE W", "q": "N NE SW", "r": "NW W E", "y": "NW E SW"},
    4: {"c": "NW NE SW SE", "e": "N W E S", "a": "NW N NE W", "i": "NW NE W E", "k": "NW N E SW",
        "n": "NW N NE SW", "j": "N W E SW", "q": "N NE E SW", "r": "NW N W E", "y": "NW NE E SW",
        "t": "NW W E SW", "w": "N NE W SW", "z": "NE W E SW"},
}

LETTERS = {n: "".join(sorted(_SHAPES[min(n, 8 - n)])) if 0 < n < 8 else "" for n in range(9)}
"""Hensel's letters for each neighbour count, in Golly's (alphabetical) canonical order."""

NEIGHBOURS = {"M": tuple(_POS), "H": ("NW", "N", "W", "E", "S", "SE"), "V": ("N", "W", "E", "S")}
"""The outer cells each neighbourhood counts: Moore, Golly's hexagonal emulation, von Neumann."""


def _symmetries(config: int) -> set:
    """The configurations a rotation or reflection of ``config`` gives (``config`` included)."""
    cells = [v for v, k in _AT.items() if config >> k & 1]
    out = set()
    for flip in (False, True):
        pts = [(-x, y) for x, y in cells] if flip else cells
        for _ in range(4):
            pts = [(-y, x) for x, y in pts]
            out.add(sum(1 << _AT[p] for p in pts))
    return out


def _build():
    letter = [None] * 256
    for n, shapes in _SHAPES.items():
        for ch, names in shapes.items():
            rep = sum(1 << _BIT[d] for d in names.split())
            for c in _symmetries(rep):
                letter[c] = (n, ch)
                if n < 4:
                    letter[0xFF ^ c] = (8 - n, ch)
    letter[0], letter[0xFF] = (0, ""), (8, "")
    return tuple(letter)


_LETTER = _build()


def classify(config: int) -> tuple:
    """(count, letter) of an 8-bit configuration (letter ``""`` for counts 0 and 8)."""
    return _LETTER[config]


def configurations(count: int, letter: str = "") -> list:
    """The 8-bit configurations with ``count`` live neighbours and Hensel ``letter`` (all of them for ``""``)."""
    return [c for c in range(256) if _LETTER[c][0] == count and (not letter or _LETTER[c][1] == letter)]


def _outer(index9: int) -> int:
    """The 8-bit configuration of a 9-bit neighbourhood index (the cell itself dropped)."""
    return (index9 & 0xF) | (index9 >> 1 & 0xF0)


def rule_table(birth, survival, neighbourhood: str = "M") -> np.ndarray:
    """bool[512]: the next state of the cell for each 9-bit neighbourhood index.

    ``birth`` and ``survival`` are sets of ``(count, letter)`` pairs (letter ``""``: every configuration of that
    count). Counts are of the neighbours ``neighbourhood`` ("M", "H" or "V") includes."""
    mask = sum(1 << _BIT[d] for d in NEIGHBOURS[neighbourhood])
    full_b = {n for n, ch in birth if not ch}
    full_s = {n for n, ch in survival if not ch}
    table = np.zeros(512, dtype=bool)
    for index in range(512):
        config = _outer(index)
        n, ch = _LETTER[config] if neighbourhood == "M" else (bin(config & mask).count("1"), "")
        alive = index >> 4 & 1
        full, letters = (full_s, survival) if alive else (full_b, birth)
        table[index] = n in full or (n, ch) in letters
    table.flags.writeable = False
    return table
