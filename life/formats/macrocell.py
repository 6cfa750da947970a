"""Golly's macrocell format (``.mc``), two-state patterns only.

A file starts ``[M2]``; ``#R rule``, ``#G generation``, ``#N``/``#O``/``#C`` lines follow; then one node per
line, numbered from 1: an 8×8 leaf written as rows of ``.``/``*`` each ended by ``$``, or ``k nw ne sw se`` for a
2^k × 2^k node whose children are earlier node numbers (0 = empty). The last node is the root. A root of level k
covers x in [-2^(k-1), 2^(k-1)) and y in [1 - 2^(k-1), 2^(k-1)], which is where Golly puts it.

Macrocell files can describe far more cells than fit in memory (that is what they are for). Reading counts the
live cells first and refuses, with a clear error, patterns above the cap; such files need the HashLife engine.
"""

from __future__ import annotations

import re

import numpy as np

from ..pattern import Pattern
from ..rules import LIFE
from ._base import COORD_LIMIT, DEFAULT_CAP, PatternError, number, parse_rule, shorten, split_lines

__all__ = ["read_macrocell", "write_macrocell"]

LEAF_LEVEL = 3
MAX_LEVEL = 256
_MEMO_POP = 1024          # nodes up to this many cells are expanded once and reused
_MEMO_BUDGET = 1 << 22    # cells held by reused expansions in all


def _leaf(row_text: str, path, lineno):
    cells = []
    rows = row_text.split("$")
    if rows[-1] != "":
        raise PatternError("leaf rows must each end with '$'", path, lineno, len(row_text) + 1)
    rows = rows[:-1]
    if len(rows) > 8:
        raise PatternError(f"leaf has {len(rows)} rows, at most 8", path, lineno, 1)
    col = 0
    for y, row in enumerate(rows):
        if len(row) > 8:
            raise PatternError(f"leaf row has {len(row)} cells, at most 8", path, lineno, col + 1)
        for x, ch in enumerate(row):
            if ch == "*":
                cells.append((x, y))
            elif ch != ".":
                raise PatternError(f"unexpected character {ch!r} in leaf", path, lineno, col + x + 1)
        col += len(row) + 1
    return np.array(cells, dtype=np.int64).reshape(-1, 2)


def read_macrocell(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse macrocell ``text`` into a Pattern. Raises PatternError (also when it has more than ``cap`` cells)."""
    lines = split_lines(text)
    start = next((i for i, raw in enumerate(lines) if raw.strip()), None)
    if start is None or not lines[start].lstrip().startswith("[M2]"):
        raise PatternError("macrocell files must start with [M2]", path, 1 if start is None else start + 1, 1)
    rule = LIFE
    gen = 0
    name = author = None
    comments = []
    levels = [0]          # node 0 is the empty node of any level
    pops = [0]
    kids = [None]
    leaves = [None]
    for lineno, raw in enumerate(lines[start + 1:], start + 2):
        s = raw.strip()
        if not s:
            continue
        if s[0] == "#":
            tag, rest = s[1:2], s[2:].strip()
            if tag == "R":
                rule = parse_rule(rest, path, lineno, 4)
            elif tag == "G":
                if not re.fullmatch(r"[0-9]+", rest):
                    raise PatternError(f"bad generation {shorten(rest)}", path, lineno, 4)
                gen = number(rest, path, lineno, 4)
            elif tag == "N" and name is None:
                name = rest or None
            elif tag == "O" and author is None:
                author = rest or None
            elif tag == "C":
                body = raw.lstrip()[2:]
                comments.append(body[1:] if body.startswith(" ") else body)
            continue
        if s[0] in ".*$":
            leaves.append(_leaf(s, path, lineno))
            levels.append(LEAF_LEVEL)
            pops.append(len(leaves[-1]))
            kids.append(None)
            continue
        fields = s.split()
        if len(fields) != 5 or not all(re.fullmatch(r"[0-9]+", f) for f in fields):
            raise PatternError(f"bad node line {shorten(s)}: expected an 8x8 leaf or 'level nw ne sw se'",
                               path, lineno, 1)
        k, *ch = (number(f, path, lineno, raw.find(f) + 1) for f in fields)
        if k <= 1:
            raise PatternError("unsupported: multi-state macrocell (level-1 nodes); only two-state patterns "
                               "can be read", path, lineno, 1)
        if k <= LEAF_LEVEL:
            raise PatternError(f"node level {k} is below the first level above a leaf (4)", path, lineno, 1)
        if k > MAX_LEVEL:
            # Cells must lie within ±2^62 anyway; deeper trees only cost time in big-integer offsets.
            raise PatternError(f"node level {k} is above {MAX_LEVEL}", path, lineno, 1)
        n = len(levels)
        for j, c in enumerate(ch):
            if c >= n:
                raise PatternError(f"node refers to node {c}, which is not defined yet", path, lineno,
                                   raw.find(fields[j + 1]) + 1)
            if c and levels[c] != k - 1:
                raise PatternError(f"child node {c} has level {levels[c]}, expected {k - 1}", path, lineno,
                                   raw.find(fields[j + 1]) + 1)
        levels.append(k)
        pops.append(sum(pops[c] for c in ch))
        kids.append(tuple(ch))
        leaves.append(None)
    root = len(levels) - 1
    meta = dict(rule=rule, name=name, author=author, comments=tuple(comments), generation=gen)
    if root == 0 or pops[root] == 0:
        return Pattern(np.zeros((0, 2), dtype=np.int64), **meta)
    if pops[root] > cap:
        raise PatternError(f"pattern has {pops[root]} live cells, more than the cap of {cap}: too large to "
                           "load as cells; it needs the HashLife engine", path)
    return Pattern(_expand(root, levels, pops, kids, leaves, path), **meta)


def _expand(root, levels, pops, kids, leaves, path) -> np.ndarray:
    """All live cells of ``root`` (absolute coordinates), reusing expansions of small repeated nodes."""
    memo = list(leaves)
    budget = _MEMO_BUDGET
    # Children come before their parents in the file, so one pass in order expands small nodes bottom-up.
    for i in range(1, root + 1):
        if memo[i] is not None or kids[i] is None:
            continue
        if pops[i] > _MEMO_POP or levels[i] > 40 or budget < pops[i]:
            continue
        if any(c and memo[c] is None for c in kids[i]):
            continue
        half = 1 << (levels[i] - 1)
        parts = [memo[c] + np.array([dx, dy], dtype=np.int64)
                 for c, (dx, dy) in zip(kids[i], ((0, 0), (half, 0), (0, half), (half, half))) if c]
        memo[i] = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
        budget -= pops[i]
    half = 1 << (levels[root] - 1)
    out = []
    stack = [(root, -half, 1 - half)]
    while stack:
        node, ox, oy = stack.pop()
        if memo[node] is not None:
            size = 1 << levels[node]
            if ox < -COORD_LIMIT or oy < -COORD_LIMIT or ox + size > COORD_LIMIT or oy + size > COORD_LIMIT:
                raise PatternError("macrocell pattern has cells beyond ±2^62", path)
            out.append(memo[node] + np.array([ox, oy], dtype=np.int64))
            continue
        h = 1 << (levels[node] - 1)
        for c, (dx, dy) in zip(kids[node], ((0, 0), (h, 0), (0, h), (h, h))):
            if c and pops[c]:
                stack.append((c, ox + dx, oy + dy))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def write_macrocell(pattern: Pattern) -> str:
    """Macrocell text for ``pattern``: a hash-consed quadtree whose root is centred as Golly expects."""
    out = ["[M2] (life)", f"#R {pattern.rule}"]
    if pattern.generation:
        out.append(f"#G {pattern.generation}")
    if pattern.name:
        out.append("#N " + " ".join(pattern.name.split()))
    if pattern.author:
        out.append("#O " + " ".join(pattern.author.split()))
    for comment in pattern.comments:
        for part in split_lines(str(comment)):
            out.append("#C " + part if part else "#C")
    cells = pattern.cells
    if len(cells) == 0:
        return "\n".join(out) + "\n"
    # Smallest root level k (>= 4) with every cell inside x in [-2^(k-1), 2^(k-1)), y in [1-2^(k-1), 2^(k-1)].
    lo = cells.min(axis=0)
    hi = cells.max(axis=0)
    k = 4
    while not (-(1 << (k - 1)) <= lo[0] and hi[0] < (1 << (k - 1))
               and 1 - (1 << (k - 1)) <= lo[1] and hi[1] <= (1 << (k - 1))):
        k += 1
    half = 1 << (k - 1)
    rel = cells - np.array([-half, 1 - half], dtype=np.int64)   # now 0 <= rel < 2^k
    table: dict = {}
    nodes: list = []

    def intern(key, line):
        idx = table.get(key)
        if idx is None:
            nodes.append(line)
            idx = table[key] = len(nodes)
        return idx

    def build(sub: np.ndarray, level: int) -> int:
        if len(sub) == 0:
            return 0
        if level == LEAF_LEVEL:
            grid = np.zeros((8, 8), dtype=bool)
            grid[sub[:, 1], sub[:, 0]] = True
            rows = ["".join("*" if v else "." for v in r).rstrip(".") for r in grid]
            while rows and rows[-1] == "":
                rows.pop()
            text = "".join(r + "$" for r in rows)
            return intern(("leaf", text), text)
        h = 1 << (level - 1)
        right = sub[:, 0] >= h
        below = sub[:, 1] >= h
        ids = []
        for r, b in ((False, False), (True, False), (False, True), (True, True)):
            part = sub[(right == r) & (below == b)]
            ids.append(build(part - np.array([h if r else 0, h if b else 0], dtype=np.int64), level - 1))
        return intern((level, *ids), f"{level} {ids[0]} {ids[1]} {ids[2]} {ids[3]}")

    build(rel, k)
    out.extend(nodes)
    return "\n".join(out) + "\n"
