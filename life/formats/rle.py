"""Run Length Encoded patterns (``.rle``), the format most patterns are shared in.

Reading accepts the full grammar of the LifeWiki/Golly format: ``#N`` name, ``#O`` author, ``#C``/``#c``/``#D``
comments, ``#P``/``#R x y`` top-left, ``#r`` rule in S/B form, Golly's ``#CXRLE Pos=x,y Gen=n``, an optional
header ``x = W, y = H[, rule = R]`` (its sizes are informative only: nothing is allocated from them), runs
``<n><tag>`` with ``b``/``.`` dead, ``o``/``A`` alive, ``$`` end of row (``n$`` ends n rows), whitespace and line
breaks anywhere between tokens, and anything after ``!``. Cells are placed with the top-left of the body at
``Pos`` (or ``#P``), else at (0, 0), as Golly does. Multi-state bodies are refused with a clear reason.

Writing produces ``#N``/``#O``/``#C`` lines, ``#CXRLE Pos= Gen=`` when the pattern is not at the origin or not at
generation 0, a header with the canonical rule, and body lines of at most 70 characters ending in ``!``. Comment
lines are written as given (a comment containing line breaks becomes several), so that they read back exactly;
Golly does the same.
"""

from __future__ import annotations

import re

import numpy as np

from ..pattern import Pattern
from ..rules import LIFE
from ._base import COORD_LIMIT, DEFAULT_CAP, Cells, PatternError, number, parse_rule, shorten, split_lines

__all__ = ["read_rle", "write_rle", "LINE_WIDTH"]

LINE_WIDTH = 70

_TOKEN = re.compile(r"[0-9]+|\S")
_HEADER_KEY = re.compile(r"[\s,]*([A-Za-z]+)\s*=\s*")


def _parse_header(raw: str, path, lineno):
    """Return (width, height, rule or None) from ``x = W, y = H, rule = R``; the rule takes the rest of the line
    (bounded-grid suffixes contain commas)."""
    sizes = {}
    rule = None
    pos = 0
    while raw[pos:].strip(" \t,"):
        m = _HEADER_KEY.match(raw, pos)
        if not m:
            rest = raw[pos:].strip(" \t,")
            raise PatternError(f"bad RLE header field {shorten(rest)}: expected name = value", path, lineno,
                               raw.find(rest, pos) + 1)
        key = m.group(1).lower()
        if key == "rule":
            value = raw[m.end():].strip()
            if not value:
                raise PatternError("empty rule in RLE header", path, lineno, m.end() + 1)
            rule = parse_rule(value, path, lineno, raw.find(value, m.end()) + 1)
            break
        end = raw.find(",", m.end())
        end = len(raw) if end < 0 else end
        value = raw[m.end():end].strip()
        if key in ("x", "y"):
            if not re.fullmatch(r"[0-9]+", value):
                raise PatternError(f"RLE header {key} must be a non-negative integer, got {shorten(value)}",
                                   path, lineno, m.end() + 1)
            sizes[key] = number(value, path, lineno, m.end() + 1)
        # Other fields (some tools add them) carry nothing we use.
        pos = end
    if "x" not in sizes:
        raise PatternError("RLE header lacks x = width", path, lineno, 1)
    return sizes.get("x"), sizes.get("y"), rule


def _parse_xrle(raw: str, path, lineno):
    """(pos or None, gen or None) from ``#CXRLE Pos=x,y Gen=n``."""
    pos = gen = None
    for m in re.finditer(r"(\w+)\s*=\s*(\S*)", raw[6:]):
        key, value = m.group(1).lower(), m.group(2)
        column = 7 + m.start(2)
        if key == "pos":
            p = re.fullmatch(r"([+-]?[0-9]+),([+-]?[0-9]+)", value)
            if not p:
                raise PatternError(f"bad #CXRLE Pos {shorten(value)}: expected Pos=x,y", path, lineno, column)
            pos = (number(p.group(1), path, lineno, column), number(p.group(2), path, lineno, column))
            if max(abs(pos[0]), abs(pos[1])) > COORD_LIMIT:
                raise PatternError("#CXRLE Pos beyond ±2^62", path, lineno, column)
        elif key == "gen":
            if not re.fullmatch(r"[0-9]+", value):
                raise PatternError(f"bad #CXRLE Gen {shorten(value)}: expected a non-negative integer",
                                   path, lineno, column)
            gen = number(value, path, lineno, column)
    return pos, gen


def read_rle(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse RLE ``text`` into a Pattern. ``path`` only labels errors. Raises PatternError."""
    name = author = None
    comments = []
    header_rule = hash_rule = None
    xrle_pos = p_pos = None
    gen = 0
    header_seen = body_seen = False
    cells = Cells(cap, path)
    x = y = 0
    count = None          # pending run count, carried across line breaks
    count_at = (0, 0)
    finished = False
    for lineno, raw in enumerate(split_lines(text), 1):
        stripped = raw.strip()
        if not stripped:
            continue
        indent = len(raw) - len(raw.lstrip())
        if stripped[0] == "#" and count is None:
            tag = stripped[1:2]
            rest = stripped[2:]
            body = raw[indent + 2:]
            text_part = body[1:] if body.startswith(" ") else body
            if stripped.startswith("#CXRLE"):
                pos, g = _parse_xrle(stripped, path, lineno)
                if pos is not None:
                    xrle_pos = pos
                if g is not None:
                    gen = g
            elif tag == "N" and name is None:
                name = rest.strip()
            elif tag == "O" and author is None:
                author = rest.strip()
            elif tag in ("C", "c", "D"):
                comments.append(text_part)
            elif tag in ("P", "R") and re.fullmatch(r"\s*[+-]?[0-9]+\s+[+-]?[0-9]+\s*", rest):
                a, b = rest.split()
                p_pos = (number(a, path, lineno, 3), number(b, path, lineno, 3))
                if max(abs(p_pos[0]), abs(p_pos[1])) > COORD_LIMIT:
                    raise PatternError(f"#{tag} position beyond ±2^62", path, lineno, 3)
            elif tag == "r":
                rule_text = rest.strip()
                if not rule_text:
                    raise PatternError("empty #r rule line", path, lineno, indent + 1)
                hash_rule = parse_rule(rule_text, path, lineno, indent + 3 + rest.find(rule_text))
            else:
                comments.append(stripped[1:])
            continue
        if not header_seen and not body_seen and count is None and re.match(r"x\s*=", stripped, re.I):
            header_seen = True
            _, _, header_rule = _parse_header(raw, path, lineno)
            continue
        body_seen = True
        for m in _TOKEN.finditer(raw):
            tok = m.group()
            column = m.start() + 1
            if tok[0] in "0123456789":
                if count is not None:
                    if count_at[0] == lineno:
                        raise PatternError("two run counts in a row", path, lineno, column)
                    count = number(str(count) + tok, path, *count_at)  # a count split across a line break
                else:
                    count, count_at = number(tok, path, lineno, column), (lineno, column)
                if count == 0:
                    raise PatternError("run count must be at least 1", path, *count_at)
                continue
            had_count = count is not None
            n = 1 if count is None else count
            count = None
            if tok in ("b", "."):
                x += n
            elif tok in ("o", "A"):
                cells.run(x, y, n, lineno, column)
                x += n
            elif tok == "$":
                y += n
                x = 0
            elif tok == "!":
                if had_count:
                    raise PatternError(f"run count {n} is not followed by b, o or $", path, *count_at)
                finished = True
                break
            elif "B" <= tok <= "X" or "p" <= tok <= "y":
                raise PatternError(f"unsupported: multi-state pattern (cell state {tok!r}); only two-state "
                                   "(b/o) patterns can be read", path, lineno, column)
            else:
                raise PatternError(f"unexpected character {tok!r} in RLE body", path, lineno, column)
            if x > COORD_LIMIT or y > COORD_LIMIT:
                raise PatternError("pattern extends beyond 2^62 cells", path, lineno, column)
        if finished:
            break
    if count is not None:
        raise PatternError(f"run count {count} is not followed by b, o or $", path, *count_at)
    rule = header_rule or hash_rule or LIFE
    x0, y0 = xrle_pos or p_pos or (0, 0)
    arr = cells.array()
    if len(arr) and (x0 or y0):
        lo = arr.min(axis=0)
        hi = arr.max(axis=0)
        if (min(int(lo[0]) + x0, int(lo[1]) + y0) < -COORD_LIMIT
                or max(int(hi[0]) + x0, int(hi[1]) + y0) > COORD_LIMIT):
            raise PatternError("pattern position puts cells beyond ±2^62", path)
        arr = arr + np.array([x0, y0], dtype=np.int64)
    return Pattern(arr, rule=rule, name=name or None, author=author or None, comments=tuple(comments),
                   generation=gen)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def write_rle(pattern: Pattern) -> str:
    """RLE text for ``pattern``: metadata lines, header with the canonical rule, body lines ≤ 70 characters."""
    out = []
    if pattern.name:
        out.append(f"#N {_one_line(pattern.name)}")
    if pattern.author:
        out.append(f"#O {_one_line(pattern.author)}")
    for comment in pattern.comments:
        for part in split_lines(str(comment)):
            out.append(f"#C {part}" if part else "#C")
    bb = pattern.bbox
    x0, y0, w, h = bb if bb else (0, 0, 0, 0)
    if x0 or y0 or pattern.generation:
        out.append(f"#CXRLE Pos={x0},{y0} Gen={pattern.generation}")
    out.append(f"x = {w}, y = {h}, rule = {pattern.rule}")
    out.extend(_body_lines(pattern.cells, x0, y0))
    return "\n".join(out) + "\n"


def _runs(cells: np.ndarray):
    """(x, y, length) of each horizontal run of live cells, in reading order."""
    if len(cells) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    xs, ys = cells[:, 0], cells[:, 1]
    start = np.ones(len(cells), dtype=bool)
    start[1:] = (ys[1:] != ys[:-1]) | (xs[1:] != xs[:-1] + 1)
    idx = np.flatnonzero(start)
    lengths = np.diff(np.append(idx, len(cells)))
    return np.stack([xs[idx], ys[idx], lengths], axis=1)


def _body_lines(cells: np.ndarray, x0: int, y0: int):
    lines = []
    line = ""

    def emit(token: str):
        nonlocal line
        if len(line) + len(token) > LINE_WIDTH:
            lines.append(line)
            line = ""
        line += token

    def tok(n: int, tag: str) -> str:
        return f"{n}{tag}" if n > 1 else tag

    cx, cy = x0, y0
    for rx, ry, n in _runs(cells).tolist():
        if ry != cy:
            emit(tok(ry - cy, "$"))
            cy, cx = ry, x0
        if rx != cx:
            emit(tok(rx - cx, "b"))
        emit(tok(n, "o"))
        cx = rx + n
    emit("!")
    lines.append(line)
    return lines
