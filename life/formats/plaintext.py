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
from ._base import DEFAULT_CAP, Cells, PatternError, line_end, line_spans, parse_rule, split_lines

__all__ = ["read_cells", "write_cells", "MAX_AREA"]

#: Largest bounding box (cells) the writer lays out densely.
MAX_AREA = 100_000_000

_KEY = re.compile(r"!(name|author|rule):\s?(.*)$", re.I)
_BAD = re.compile(r"[^.Oo*]")


def read_cells(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse plaintext ``text`` into a Pattern. Raises PatternError.

    Rows are read with numpy a quarter megabyte at a time once the first row is reached; a piece holding a
    ``!`` line or anything irregular is read line by line, which words every error."""
    meta = {"name": None, "author": None, "rule": LIFE, "comments": []}
    cells = Cells(cap, path)
    state = {"y": 0, "started": False}
    pos = len(text)
    lineno = 1
    for lineno, start, end in line_spans(text):
        solid = _SOLID.search(text, start, end)  # looked at in place: a row may be the whole text
        if solid and text[start] != "!":
            pos = start
            break
        _line(text[start:end], lineno, meta, cells, state, path)
    while pos < len(text):
        end = min(len(text), pos + _PIECE)
        if end < len(text):
            end = line_end(text, pos, end)
        piece = text[pos:end].replace("\r\n", "\n").replace("\r", "\n")
        if not (state["started"] and _rows(piece, state, cells)):
            lines = piece.split("\n")
            if piece.endswith("\n") and end < len(text):
                lines.pop()  # the piece's own last break, not an empty line of the text
            for i, raw in enumerate(lines):
                _line(raw, lineno + i, meta, cells, state, path)
        lineno += piece.count("\n")
        pos = end
    return Pattern(cells.array(), rule=meta["rule"], name=meta["name"] or None, author=meta["author"] or None,
                   comments=tuple(meta["comments"]))


def _line(raw: str, lineno: int, meta: dict, cells: Cells, state: dict, path) -> None:
    """Read one plaintext line (a ``!`` line or a row) the reference way, wording any error."""
    if raw.startswith("!"):
        m = _KEY.match(raw.rstrip())
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key in ("name", "author") and meta[key] is None:
                meta[key] = value
                return
            if key == "rule":
                meta["rule"] = parse_rule(value, path, lineno, m.start(2) + 1)
                return
        meta["comments"].append(raw[2:] if raw.startswith("! ") else raw[1:])
        return
    row = raw.rstrip()
    if not row:
        if state["started"]:
            state["y"] += 1
        return
    state["started"] = True
    bad = _BAD.search(row)
    if bad:
        raise PatternError(f"unexpected character {bad.group()!r} in plaintext row (expected . or O)",
                           path, lineno, bad.start() + 1)
    # Runs of live cells in this row, found with a regex rather than a per-character loop.
    for m in re.finditer(r"[Oo*]+", row):
        cells.run(m.start(), state["y"], m.end() - m.start(), lineno, m.start() + 1)
    state["y"] += 1


def _rows(piece: str, state: dict, cells: Cells) -> bool:
    """Read whole rows of ``.``/``O`` (blank lines and trailing blanks allowed) with numpy and commit them;
    False, changing nothing, when the piece holds anything else or the cells would pass the cap."""
    if not piece.isascii():
        return False
    raw = np.frombuffer(piece.encode("ascii"), dtype=np.uint8)
    cls = _CLASS[raw]
    if len(cls) == 0:
        return True
    if cls.max() == _OTHER:
        return False
    blank = np.flatnonzero(cls == _BLANK)
    if len(blank):  # blanks only at the end of a row
        after = np.append(cls, _NEWLINE)[blank + 1]
        if not np.isin(after, (_BLANK, _NEWLINE)).all():
            return False
    live = cls == _LIVE
    starts = np.flatnonzero(live[1:] & ~live[:-1]) + 1
    ends = np.flatnonzero(live[:-1] & ~live[1:]) + 1
    if live[0]:
        starts = np.concatenate([[0], starts])
    if live[-1]:
        ends = np.append(ends, len(live))
    n = ends - starts
    if not cells.fits(int(n.sum())):
        return False
    breaks = np.flatnonzero(cls == _NEWLINE)
    row = np.searchsorted(breaks, starts)
    line_start = np.concatenate([[0], breaks + 1])[row]
    rows = len(breaks) + (cls[-1] != _NEWLINE)  # a last line without its break still counts
    ys = state["y"] + row
    if rows and state["y"] + rows > cells.limit or len(n) and int(n.max()) + int((starts - line_start).max()) \
            > cells.limit:
        return False
    cells.runs((starts - line_start).astype(np.int64), ys.astype(np.int64), n.astype(np.int64))
    state["y"] += rows
    return True


_SOLID = re.compile(r"\S")
_DEAD_CELL, _LIVE, _BLANK, _NEWLINE, _OTHER = 0, 1, 2, 3, 4
_CLASS = np.full(256, _OTHER, dtype=np.uint8)
_CLASS[ord(".")] = _DEAD_CELL
_CLASS[[ord("O"), ord("o"), ord("*")]] = _LIVE
_CLASS[[ord(" "), ord("\t")]] = _BLANK
_CLASS[ord("\n")] = _NEWLINE
_PIECE = 1 << 18


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
