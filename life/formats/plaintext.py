"""Plaintext patterns (``.cells``): ``!`` comment lines, then rows of ``.`` (dead) and ``O`` (alive).

``!Name: …`` and ``!Author: …`` carry the name and author (LifeWiki's convention); ``!Rule: …`` the rule when it
is not Life (an extension: the format itself is Life-only). Other ``!`` lines are comments. ``*`` and ``o`` are
accepted as live cells too. The first row is y = 0 and the first column x = 0. The format has no position or
generation: a pattern written and read back keeps its shape, moved to the origin, at generation 0.
"""

from __future__ import annotations

import re

import numpy as np

from ..pattern import Pattern
from ..rules import LIFE
from ._base import DEFAULT_CAP, Cells, PatternError, parse_rule, split_lines

__all__ = ["read_cells", "write_cells", "MAX_AREA"]

#: Largest bounding box (cells) the writer lays out densely.
MAX_AREA = 100_000_000

_KEY = re.compile(r"!(name|author|rule):\s?(.*)$", re.I)
_BAD = re.compile(r"[^.Oo*]")


def read_cells(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse plaintext ``text`` into a Pattern. Raises PatternError."""
    name = author = None
    rule = LIFE
    comments = []
    cells = Cells(cap, path)
    y = 0
    started = False
    for lineno, raw in enumerate(split_lines(text), 1):
        if raw.startswith("!"):
            m = _KEY.match(raw.rstrip())
            if m:
                key, value = m.group(1).lower(), m.group(2).strip()
                if key == "name" and name is None:
                    name = value
                    continue
                if key == "author" and author is None:
                    author = value
                    continue
                if key == "rule":
                    rule = parse_rule(value, path, lineno, m.start(2) + 1)
                    continue
            comments.append(raw[2:] if raw.startswith("! ") else raw[1:])
            continue
        row = raw.rstrip()
        if not row:
            if started:
                y += 1
            continue
        started = True
        bad = _BAD.search(row)
        if bad:
            raise PatternError(f"unexpected character {bad.group()!r} in plaintext row (expected . or O)",
                               path, lineno, bad.start() + 1)
        # Runs of live cells in this row, found with a regex rather than a per-character loop.
        for m in re.finditer(r"[Oo*]+", row):
            cells.run(m.start(), y, m.end() - m.start(), lineno, m.start() + 1)
        y += 1
    return Pattern(cells.array(), rule=rule, name=name or None, author=author or None, comments=tuple(comments))


def dense_rows(pattern: Pattern, alive: str, dead: str, what: str):
    """The pattern's bounding box as text rows (trailing dead cells dropped, an empty row as one ``dead``)."""
    bb = pattern.bbox
    if bb is None:
        return []
    _, _, w, h = bb
    if w * h > MAX_AREA:
        raise PatternError(f"pattern is {w}x{h}, too large to write as {what} (at most {MAX_AREA} cells in its "
                           "bounding box); use RLE, Life 1.06 or macrocell")
    grid, _, _ = pattern.to_array()
    chars = np.where(grid, ord(alive), ord(dead)).astype(np.uint8)
    rows = []
    for r in chars:
        s = r.tobytes().decode("ascii").rstrip(dead)
        rows.append(s or dead)
    return rows


def write_cells(pattern: Pattern) -> str:
    """Plaintext for ``pattern`` (its bounding box, top-left at the first row and column)."""
    out = []
    if pattern.name:
        out.append("!Name: " + " ".join(pattern.name.split()))
    if pattern.author:
        out.append("!Author: " + " ".join(pattern.author.split()))
    if pattern.rule != LIFE:
        out.append(f"!Rule: {pattern.rule}")
    for comment in pattern.comments:
        for part in split_lines(str(comment)):
            out.append("! " + part if part else "!")
    out.extend(dense_rows(pattern, "O", ".", "plaintext"))
    return "\n".join(out) + "\n"
