"""Alan Hensel's Life 1.06 and Life 1.05 formats (``.lif``, ``.life``).

Life 1.06: ``#Life 1.06``, then one ``x y`` pair per live cell (absolute coordinates).
Life 1.05: ``#Life 1.05``, ``#D`` description lines, ``#N`` (normal Life rules) or ``#R s/b``, then blocks
``#P x y`` each followed by rows of ``.`` and ``*`` whose top-left cell is (x, y).

Both readers take ``#D Name: …`` and ``#D Author: …`` as name and author (the convention the writers use), other
``#D`` lines as comments and ``#R`` as the rule in S/B form. Neither format has a generation: it reads as 0.
"""

from __future__ import annotations

import re

import numpy as np

from ..pattern import Pattern
from ..rules import LIFE
from ._base import (
    COORD_LIMIT,
    DEFAULT_CAP,
    Cells,
    PatternError,
    line_end,
    line_spans,
    number,
    parse_rule,
    shorten,
    split_lines,
)
from .plaintext import dense_rows

__all__ = ["read_life106", "read_life105", "write_life106", "write_life105"]

_META = re.compile(r"#D\s?(name|author):\s?(.*)$", re.I)
_PAIR = re.compile(r"\s*([+-]?[0-9]+)\s+([+-]?[0-9]+)\s*$")


class _Meta:
    """Name, author, comments and rule gathered from ``#`` lines shared by both versions."""

    def __init__(self, path):
        self.path = path
        self.name = self.author = None
        self.rule = LIFE
        self.comments = []

    def line(self, raw: str, lineno: int) -> bool:
        """Take a ``#`` line; return False when it is not one this class handles (``#P``)."""
        s = raw.rstrip()
        tag = s[1:2]
        if tag == "D":
            m = _META.match(s)
            if m and m.group(1).lower() == "name" and self.name is None:
                self.name = m.group(2).strip() or None
            elif m and m.group(1).lower() == "author" and self.author is None:
                self.author = m.group(2).strip() or None
            else:
                self.comments.append(raw[3:] if raw.startswith("#D ") else raw[2:])
        elif tag == "N":
            # Bare "#N" means normal Life rules (the default); some files use "#N text" for a name.
            if s[2:].strip() and self.name is None:
                self.name = s[2:].strip()
        elif tag == "R":
            text = s[2:].strip()
            if not text:
                raise PatternError("empty #R rule line", self.path, lineno, 1)
            self.rule = parse_rule(text, self.path, lineno, s.find(text) + 1)
        elif tag == "P":
            return False
        else:
            self.comments.append(s[1:])
        return True

    def pattern(self, cells) -> Pattern:
        return Pattern(cells, rule=self.rule, name=self.name, author=self.author, comments=tuple(self.comments))


def _version_line(lines, want: str, path):
    """Index of the first non-blank line, checked to be ``#Life <want>``."""
    for i, raw in enumerate(lines):
        if raw.strip():
            if not re.fullmatch(rf"#Life\s+{re.escape(want)}\s*", raw.strip(), re.I):
                raise PatternError(f"expected '#Life {want}' as the first line, got {shorten(raw.strip())}",
                                   path, i + 1, 1)
            return i
    raise PatternError(f"empty file: expected '#Life {want}'", path)


def read_life106(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse Life 1.06 ``text`` into a Pattern. Raises PatternError.

    The cell lines are read with numpy a megabyte at a time; a piece holding anything else (a ``#`` line, an
    error) is read line by line, which words every error with its line and column."""
    meta = _Meta(path)
    parts: list = []
    total = 0
    first = None
    lineno = 0
    pos = len(text)
    for lineno, start, end in line_spans(text):
        solid = _SOLID.search(text, start, end)  # looked at in place: a cell line may be the whole text
        if first is not None and solid and text[solid.start()] != "#":
            pos = start  # the first cell line: the rest goes in pieces
            break
        raw = text[start:end]
        if first is None:
            if raw.strip():
                if not re.fullmatch(r"#Life\s+1\.06\s*", raw.strip(), re.I):
                    raise PatternError(f"expected '#Life 1.06' as the first line, got {shorten(raw.strip())}",
                                       path, lineno, 1)
                first = lineno
            continue
        _line106(raw, lineno, meta, path, parts)
    if first is None:
        raise PatternError("empty file: expected '#Life 1.06'", path)
    while pos < len(text):
        end = min(len(text), pos + _PIECE)
        if end < len(text):
            end = line_end(text, pos, end)
        piece = text[pos:end].replace("\r\n", "\n").replace("\r", "\n")
        cells = _pairs(piece)
        if cells is not None and total + len(cells) <= cap:
            parts.append(cells)
            total += len(cells)
        else:  # line by line, for the exact error or the # lines
            for i, raw in enumerate(piece.split("\n")):
                total += _line106(raw, lineno + i, meta, path, parts)
                if total > cap:
                    raise PatternError(f"pattern has more than {cap} live cells (the cap)", path, lineno + i, 1)
        lineno += piece.count("\n")
        pos = end
    cells = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    return meta.pattern(cells)


def _line106(raw: str, lineno: int, meta: _Meta, path, parts: list) -> int:
    """Read one Life 1.06 line after the version line; return the cells it added (0 or 1)."""
    if not raw.strip():
        return 0
    if raw.lstrip().startswith("#"):
        if not meta.line(raw.lstrip(), lineno):
            raise PatternError("#P blocks belong to Life 1.05, not 1.06", path, lineno, 1)
        return 0
    m = _PAIR.match(raw)
    if not m:
        bad = re.search(r"[^\s0-9+-]", raw)
        column = bad.start() + 1 if bad else 1
        raise PatternError(f"expected a cell as 'x y', got {shorten(raw.strip())}", path, lineno, column)
    x, y = number(m.group(1), path, lineno, 1), number(m.group(2), path, lineno, 1)
    if abs(x) > COORD_LIMIT or abs(y) > COORD_LIMIT:
        raise PatternError(f"cell coordinates beyond ±(2^62 - 1) (x={x}, y={y})", path, lineno, 1)
    parts.append(np.array([[x, y]], dtype=np.int64))
    return 1


def _pairs(piece: str):
    """N×2 int64 cells from lines of ``x y`` (blank lines allowed), or None when the piece holds anything else
    or a number of 19 digits or more (the line-by-line reader then decides)."""
    if not piece.isascii():
        return None
    raw = np.frombuffer(piece.encode("ascii"), dtype=np.uint8)
    cls = _CLASS[raw]
    if len(cls) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if cls.max() == _BAD:
        return None
    solid = cls <= _SIGN
    starts = np.flatnonzero(solid[1:] & ~solid[:-1]) + 1
    ends = np.flatnonzero(solid[:-1] & ~solid[1:]) + 1
    if solid[0]:
        starts = np.concatenate([[0], starts])
    if solid[-1]:
        ends = np.append(ends, len(solid))
    if len(starts) % 2:
        return None
    line = np.searchsorted(np.flatnonzero(cls == _NEWLINE), starts)
    if len(starts) and ((line[0::2] != line[1::2]).any() or (line[2::2] == line[1:-1:2]).any()):
        return None  # not exactly two numbers on each line
    signed = cls[starts] == _SIGN
    width = ends - starts - signed
    if np.count_nonzero(cls == _SIGN) != np.count_nonzero(signed) or len(width) and (
            width.min() < 1 or width.max() > 18):
        return None  # a sign inside a number, a lone sign, or 19 digits or more
    value = np.fromstring(piece, dtype=np.int64, sep=" ")  # C parsing of numbers already checked to be well-formed
    if len(value) != len(starts):
        return None
    return value.reshape(-1, 2)


_SOLID = re.compile(r"\S")
_DIGIT, _SIGN, _SPACE, _NEWLINE, _BAD = 0, 1, 2, 3, 4
_CLASS = np.full(256, _BAD, dtype=np.uint8)
_CLASS[48:58] = _DIGIT
_CLASS[[ord("+"), ord("-")]] = _SIGN
_CLASS[[ord(" "), ord("\t")]] = _SPACE
_CLASS[ord("\n")] = _NEWLINE
_PIECE = 1 << 18  # characters of cell lines per vectorised read


def read_life105(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse Life 1.05 ``text`` into a Pattern. Raises PatternError."""
    lines = split_lines(text)
    first = _version_line(lines, "1.05", path)
    meta = _Meta(path)
    cells = Cells(cap, path)
    bx = by = 0
    y = 0
    for lineno, raw in enumerate(lines[first + 1:], first + 2):
        row = raw.strip()
        if not row:
            continue
        if row.startswith("#"):
            if meta.line(raw.lstrip(), lineno):
                continue
            rest = row[2:].strip()
            if rest == "":
                bx = by = 0
            else:
                m = _PAIR.fullmatch(rest)
                if not m:
                    raise PatternError(f"bad block position {shorten(rest)}: expected '#P x y'", path, lineno, 3)
                bx, by = number(m.group(1), path, lineno, 3), number(m.group(2), path, lineno, 3)
                if abs(bx) > COORD_LIMIT or abs(by) > COORD_LIMIT:
                    raise PatternError("block position beyond ±(2^62 - 1)", path, lineno, 3)
            y = by
            continue
        bad = re.search(r"[^.*Oo]", row)
        if bad:
            raise PatternError(f"unexpected character {bad.group()!r} in Life 1.05 row (expected . or *)",
                               path, lineno, raw.find(row) + bad.start() + 1)
        offset = raw.find(row)
        for m in re.finditer(r"[*Oo]+", row):
            cells.run(bx + m.start(), y, m.end() - m.start(), lineno, offset + m.start() + 1)
        y += 1
    return meta.pattern(cells.array())


def _meta_lines(pattern: Pattern, with_rule_line: bool):
    out = []
    if pattern.name:
        out.append("#D Name: " + " ".join(pattern.name.split()))
    if pattern.author:
        out.append("#D Author: " + " ".join(pattern.author.split()))
    for comment in pattern.comments:
        for part in split_lines(str(comment)):
            out.append("#D " + part if part else "#D")
    if pattern.rule != LIFE:
        rule = pattern.rule
        out.append("#R " + rule.sb + (rule.topology.suffix() if rule.topology else ""))
    elif with_rule_line:
        out.append("#N")
    return out


def write_life106(pattern: Pattern) -> str:
    """Life 1.06 text for ``pattern``: one ``x y`` line per live cell."""
    out = ["#Life 1.06"] + _meta_lines(pattern, with_rule_line=False)
    if len(pattern.cells):
        out.append("\n".join(f"{x} {y}" for x, y in pattern.cells.tolist()))
    return "\n".join(out) + "\n"


def write_life105(pattern: Pattern) -> str:
    """Life 1.05 text for ``pattern``: one ``#P`` block holding its bounding box."""
    out = ["#Life 1.05"] + _meta_lines(pattern, with_rule_line=True)
    bb = pattern.bbox
    if bb is not None:
        out.append(f"#P {bb[0]} {bb[1]}")
        out.extend(dense_rows(pattern, "*", ".", "Life 1.05"))
    return "\n".join(out) + "\n"
