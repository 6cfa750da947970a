"""Golly's macrocell format (``.mc``), two-state patterns only.

A file starts ``[M2]``; ``#R rule``, ``#G generation``, ``#N``/``#O``/``#C`` lines follow; then one node per
line, numbered from 1: an 8×8 leaf written as rows of ``.``/``*`` each ended by ``$``, or ``k nw ne sw se`` for a
2^k × 2^k node whose children are earlier node numbers (0 = empty). The last node is the root. A root of level k
covers x in [-2^(k-1), 2^(k-1)) and y in [1 - 2^(k-1), 2^(k-1)], which is where Golly puts it.

``parse_tree`` is the one parser: it returns the file's header and node table (``MacrocellTree``) without
expanding anything. ``read_macrocell`` builds a Pattern from that tree; ``life.sources`` hands the same tree to
the HashLife engine, which makes its nodes from it directly.

Macrocell files can describe far more cells than fit in memory (that is what they are for). Reading a Pattern
counts the live cells first and refuses, with a clear error, patterns above the cap; such files need the
HashLife engine.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np

from ..pattern import Pattern
from ..rules import LIFE, Rule
from ._base import (
    COORD_LIMIT,
    DEFAULT_CAP,
    PatternError,
    decode_text,
    number,
    parse_rule,
    read_text_file,
    shorten,
    split_lines,
)

__all__ = ["MacrocellTree", "parse_tree", "read_macrocell", "write_macrocell", "LEAF_LEVEL", "MAX_LEVEL"]

#: Level of an 8×8 leaf.
LEAF_LEVEL = 3
#: Deepest node a file may hold: 2^256 cells a side is beyond any real pattern, and deeper trees only cost time.
MAX_LEVEL = 256
_MEMO_POP = 1024          # nodes up to this many cells are expanded once and reused
_MEMO_BUDGET = 1 << 22    # cells held by reused expansions in all
_LEAF_ROW = str.maketrans(".*", "01")
_NODE_LINE = re.compile(r"([0-9]+)\s+([0-9]+)\s+([0-9]+)\s+([0-9]+)\s+([0-9]+)")
_BITS = np.arange(64, dtype=np.uint64)


@dataclass(frozen=True, eq=False)
class MacrocellTree:
    """A macrocell file as parsed: its header and its node table, nothing expanded.

    Node i (1 to ``len(levels) - 1``; 0 stands for the empty node of any level) has level ``levels[i]``. A leaf
    (level 3) holds its 8×8 cells as the bits of ``leaves[i]`` (bit 8*y + x, x right, y down; int64, so bit 63
    is the sign); a node above has the four children ``children[i]`` = (nw, ne, sw, se), each 0 or an earlier
    node of level ``levels[i] - 1``. The last node is the root, placed as Golly places it (see the module
    docstring); a file without nodes is the empty pattern. All three arrays are int64 with one row per node,
    row 0 unused.
    """

    rule: Rule
    generation: int
    levels: np.ndarray
    children: np.ndarray
    leaves: np.ndarray
    name: str | None = None
    author: str | None = None
    comments: tuple = ()

    @property
    def root(self) -> int:
        """The number of the root node; 0 when the file has no nodes."""
        return len(self.levels) - 1


def parse_tree(source, path=None) -> MacrocellTree:
    """The header and node table of macrocell ``source``: the text (str), the file's bytes (gzip or not), or a
    path (``os.PathLike``: read with the size limit and gzip handling of every pattern file).

    ``path`` labels errors for text and bytes. Raises PatternError naming the line and column of the first fault.
    """
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        return _parse(read_text_file(source), path)
    if isinstance(source, (bytes, bytearray)):
        return _parse(decode_text(bytes(source), path), path)
    if isinstance(source, str):
        return _parse(source, path)
    raise PatternError(f"cannot read a macrocell from {type(source).__name__}", path)


def _columns(raw: str) -> list:
    """1-based column of each whitespace-separated field of ``raw`` (only computed for error messages)."""
    return [m.start() + 1 for m in re.finditer(r"\S+", raw)]


def _leaf_bits(s: str, col0: int, path, lineno) -> int:
    """The leaf ``s`` (rows of ``.``/``*`` each ended by ``$``, starting at column ``col0``) as int64 bits."""
    rows = s.split("$")
    if rows[-1] != "":
        raise PatternError("leaf rows must each end with '$'", path, lineno, col0 + len(s))
    rows.pop()
    if len(rows) > 8:
        raise PatternError(f"leaf has {len(rows)} rows, at most 8", path, lineno, col0)
    v = 0
    col = col0
    for y, row in enumerate(rows):
        if len(row) > 8:
            raise PatternError(f"leaf row has {len(row)} cells, at most 8", path, lineno, col)
        if row.strip(".*"):
            x = next(i for i, c in enumerate(row) if c not in ".*")
            raise PatternError(f"unexpected character {row[x]!r} in leaf", path, lineno, col + x)
        if row:
            v |= int(row.translate(_LEAF_ROW)[::-1], 2) << (8 * y)
        col += len(row) + 1
    return v - (1 << 64) if v >= 1 << 63 else v


def _node_error(raw: str, k: int, ch: tuple, levels: list, path, lineno):
    """Raise the PatternError for node line ``raw`` (level ``k``, children ``ch``), which does not fit the tree."""
    cols = _columns(raw)
    if k <= 1:
        raise PatternError("unsupported: multi-state macrocell (level-1 nodes); only two-state patterns can be "
                           "read", path, lineno, cols[0])
    if k <= LEAF_LEVEL:
        raise PatternError(f"node level {k} is below the first level above a leaf (4)", path, lineno, cols[0])
    if k > MAX_LEVEL:
        raise PatternError(f"node level {k} is above {MAX_LEVEL}", path, lineno, cols[0])
    for j, c in enumerate(ch):
        if c >= len(levels):
            raise PatternError(f"child {c} is not an earlier node (node {c} is not defined yet)", path, lineno,
                               cols[j + 1])
        if c and levels[c] != k - 1:
            raise PatternError(f"child node {c} has level {levels[c]}, expected {k - 1}", path, lineno,
                               cols[j + 1])


def _parse(text: str, path) -> MacrocellTree:
    lines = split_lines(text)
    start = next((i for i, raw in enumerate(lines) if raw.strip()), None)
    if start is None or not lines[start].lstrip().startswith("[M2]"):
        raise PatternError("macrocell files must start with [M2]", path, 1 if start is None else start + 1, 1)
    rule = LIFE
    gen = 0
    name = author = None
    comments = []
    levels = [0]          # node 0 is the empty node of any level
    kids = [(0, 0, 0, 0)]
    bits = [0]
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
            bits.append(_leaf_bits(s, len(raw) - len(raw.lstrip()) + 1, path, lineno))
            levels.append(LEAF_LEVEL)
            kids.append((0, 0, 0, 0))
            continue
        m = _NODE_LINE.fullmatch(s)
        if m is None:
            raise PatternError(f"bad node line {shorten(s)}: expected a leaf (rows of . and * ended by $) or "
                               "'level nw ne sw se'", path, lineno, len(raw) - len(raw.lstrip()) + 1)
        fields = m.groups()
        if len(s) > 40:
            for f, col in zip(fields, _columns(raw), strict=True):
                number(f, path, lineno, col)  # refuses absurdly long digit strings
        k, a, b, c, d = map(int, fields)
        up = k - 1   # written out in full: this test runs once per node of files with millions of them
        if not LEAF_LEVEL < k <= MAX_LEVEL or max(a, b, c, d) >= len(levels) or (a and levels[a] != up) or \
                (b and levels[b] != up) or (c and levels[c] != up) or (d and levels[d] != up):
            _node_error(raw, k, (a, b, c, d), levels, path, lineno)
        levels.append(k)
        kids.append((a, b, c, d))
        bits.append(0)
    return MacrocellTree(rule, gen, np.array(levels, np.int64), np.array(kids, np.int64).reshape(-1, 4),
                         np.array(bits, np.int64), name, author, tuple(comments))


def read_macrocell(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse macrocell ``text`` into a Pattern. Raises PatternError (also when it has more than ``cap`` cells)."""
    tree = _parse(text, path)
    meta = dict(rule=tree.rule, name=tree.name, author=tree.author, comments=tree.comments,
                generation=tree.generation)
    root = tree.root
    pops = _populations(tree)
    if root == 0 or pops[root] == 0:
        return Pattern(np.zeros((0, 2), dtype=np.int64), **meta)
    if pops[root] > cap:
        raise PatternError(f"pattern has {pops[root]} live cells, more than the cap of {cap}: too large to "
                           "load as cells; it needs the HashLife engine", path)
    return Pattern(_expand(tree, pops, path), **meta)


def _populations(tree: MacrocellTree) -> list:
    """Live cells of every node, as Python ints (a file of a few lines can describe more than 2^63)."""
    levels = tree.levels.tolist()
    kids = tree.children.tolist()
    leaves = tree.leaves.tolist()
    pops = [0] * len(levels)
    for i in range(1, len(levels)):
        if levels[i] == LEAF_LEVEL:
            pops[i] = (leaves[i] & 0xFFFFFFFFFFFFFFFF).bit_count()
        else:
            a, b, c, d = kids[i]
            pops[i] = pops[a] + pops[b] + pops[c] + pops[d]
    return pops


def _leaf_cells(bits: int) -> np.ndarray:
    """The live cells of a leaf's bits as (x, y) rows."""
    on = np.flatnonzero((np.uint64(bits & 0xFFFFFFFFFFFFFFFF) >> _BITS) & np.uint64(1)).astype(np.int64)
    return np.stack([on & 7, on >> 3], axis=1)


def _expand(tree: MacrocellTree, pops, path) -> np.ndarray:
    """All live cells of the root (absolute coordinates), reusing expansions of small repeated nodes."""
    levels = tree.levels.tolist()
    kids = tree.children.tolist()
    leaves = tree.leaves.tolist()
    root = tree.root
    memo = [None] * (root + 1)
    budget = _MEMO_BUDGET
    # Children come before their parents in the file, so one pass in order expands small nodes bottom-up.
    for i in range(1, root + 1):
        if levels[i] == LEAF_LEVEL:
            memo[i] = _leaf_cells(leaves[i])
            continue
        if pops[i] > _MEMO_POP or levels[i] > 40 or budget < pops[i]:
            continue
        if any(c and memo[c] is None for c in kids[i]):
            continue
        half = 1 << (levels[i] - 1)
        parts = [memo[c] + np.array([dx, dy], dtype=np.int64)
                 for c, (dx, dy) in zip(kids[i], ((0, 0), (half, 0), (0, half), (half, half)), strict=True) if c]
        memo[i] = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
        budget -= pops[i]
    half = 1 << (levels[root] - 1)
    out = []
    stack = [(root, -half, 1 - half)]
    while stack:
        node, ox, oy = stack.pop()
        if memo[node] is not None:
            size = 1 << levels[node]
            if (ox < -COORD_LIMIT or oy < -COORD_LIMIT or ox + size > COORD_LIMIT or oy + size > COORD_LIMIT) \
                    and len(memo[node]):  # the node reaches the edge of the range: its cells decide
                lo, hi = memo[node].min(axis=0).tolist(), memo[node].max(axis=0).tolist()
                if min(ox + lo[0], oy + lo[1]) < -COORD_LIMIT or max(ox + hi[0], oy + hi[1]) > COORD_LIMIT:
                    raise PatternError("macrocell pattern has cells beyond ±(2^62 - 1)", path)
            out.append(memo[node] + np.array([ox, oy], dtype=np.int64))
            continue
        h = 1 << (levels[node] - 1)
        for c, (dx, dy) in zip(kids[node], ((0, 0), (h, 0), (0, h), (h, h)), strict=True):
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
