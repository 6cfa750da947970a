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
from ._base import COORD_LIMIT, DEFAULT_CAP, Cells, PatternError, line_spans, number, parse_rule, shorten, split_lines

__all__ = ["read_rle", "write_rle", "LINE_WIDTH"]

LINE_WIDTH = 70

_TOKEN = re.compile(r"[0-9]+|\S")
_SOLID = re.compile(r"\S")
_HEADER = re.compile(r"x\s*=", re.I)
class _History:
    """Stands for a LifeHistory rule, with its bounded-grid suffix (``T30+7,20``) if any, while the header is read:
    the rule is Life once the body is read, on the suffix's grid."""

    def __init__(self, suffix: str, where: tuple):
        self.suffix, self.where = suffix, where
#: The comment a LifeHistory pattern read as two-state Life carries.
HISTORY_NOTE = "LifeHistory pattern read as Life B3/S23: states 1, 3, 5 alive; the history layer was dropped"
_HEADER_KEY = re.compile(r"[\s,]*([A-Za-z]+)\s*=\s*")


def _parse_header(raw: str, path, lineno, rule_parser):
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
            rule = rule_parser(value, lineno, raw.find(value, m.end()) + 1)
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
                raise PatternError("#CXRLE Pos beyond ±(2^62 - 1)", path, lineno, column)
        elif key == "gen":
            if not re.fullmatch(r"[0-9]+", value):
                raise PatternError(f"bad #CXRLE Gen {shorten(value)}: expected a non-negative integer",
                                   path, lineno, column)
            gen = number(value, path, lineno, column)
    return pos, gen


class _Body:
    """The state of an RLE reader between tokens: position, pending run count, which tags are alive."""

    def __init__(self, cells: Cells, path, history: bool):
        self.cells = cells
        self.path = path
        self.x = self.y = 0
        self.count = None        # pending run count, carried across line breaks
        self.count_at = (0, 0)
        self.finished = False
        # LifeHistory: states 1, 3, 5 (A, C, E) are alive; 2, 4, 6 (B, D, F) are dead
        self.alive = ("o", "A", "C", "E") if history else ("o", "A")
        self.dead = ("b", ".", "B", "D", "F") if history else ("b", ".")
        self.table = _HISTORY_TABLE if history else _TABLE

    def tokens(self, raw: str, lineno: int, col0: int = 0) -> None:
        """Read the tokens of ``raw`` (line ``lineno``, its first character at column ``col0 + 1``) one by one:
        the exact reference the vectorised ``fast`` must agree with, and the one that words every error."""
        path = self.path
        for m in _TOKEN.finditer(raw):
            tok = m.group()
            column = col0 + m.start() + 1
            if tok[0] in "0123456789":
                if self.count is not None:
                    if self.count_at[0] == lineno:
                        raise PatternError("two run counts in a row", path, lineno, column)
                    self.count = number(str(self.count) + tok, path, *self.count_at)  # split across a line break
                else:
                    self.count, self.count_at = number(tok, path, lineno, column), (lineno, column)
                if self.count == 0:
                    raise PatternError("run count must be at least 1", path, *self.count_at)
                continue
            had_count = self.count is not None
            n = 1 if self.count is None else self.count
            self.count = None
            if tok in self.dead:
                self.x += n
            elif tok in self.alive:
                self.cells.run(self.x, self.y, n, lineno, column)
                self.x += n
            elif tok == "$":
                self.y += n
                self.x = 0
            elif tok == "!":
                if had_count:
                    raise PatternError(f"run count {n} is not followed by b, o or $", path, *self.count_at)
                self.finished = True
                return
            elif "B" <= tok <= "X" or "p" <= tok <= "y":
                raise PatternError(f"unsupported: multi-state pattern (cell state {tok!r}); only two-state "
                                   "(b/o) patterns can be read", path, lineno, column)
            else:
                raise PatternError(f"unexpected character {tok!r} in RLE body", path, lineno, column)
            if self.x > self.cells.limit + 1 or self.y > self.cells.limit:  # x is one past the last cell
                raise PatternError("pattern extends beyond 2^63 - 2 cells", path, lineno, column)

    def fast(self, piece: str) -> bool:
        """Read ``piece`` (whole body lines, or a part of one line ending just after a tag) with numpy when it
        is plain ASCII body text that ``tokens`` would read without an error; commit the result and return
        True. Return False, changing nothing, for anything else (comments, errors, odd counts, the cap).

        The bytes are cut into segments of one class (digits, dead tags, alive tags, $, blanks, line breaks):
        a run of n equal tags after a count c is one token worth c + n - 1, so work beyond the per-byte
        classification follows the number of segments, not the length of the text."""
        bang = piece.find("!")
        finished = bang >= 0
        if finished:
            piece = piece[:bang]  # everything after "!" is ignored
        if not piece.isascii():
            return False
        raw = np.frombuffer(piece.encode("ascii"), dtype=np.uint8)
        cls = self.table[raw]
        if len(cls) and cls.max() == _BAD:
            return False
        change = np.flatnonzero(cls[1:] != cls[:-1]) + 1
        seg_at = np.concatenate([[0], change]) if len(cls) else np.zeros(0, np.int64)
        seg_len = np.diff(np.append(seg_at, len(cls)))
        seg_cls = cls[seg_at]
        if (seg_len[seg_cls == _DIGIT] > 18).any():
            return False  # a count of 19 digits or more: tokens words the error (before any per-digit array)
        breaks_before = np.cumsum(np.where(seg_cls == _NEWLINE, seg_len, 0))  # line breaks up to each segment
        kept = np.flatnonzero(seg_cls < _SPACE)
        at, length, kind, line = seg_at[kept], seg_len[kept], seg_cls[kept], breaks_before[kept]
        digit = kind == _DIGIT
        # counts split across a line break join ("1\n2o" is 12 o); on one line they are an error
        join = digit[1:] & digit[:-1]
        if (join & (line[1:] == line[:-1])).any():
            return False
        carried = self.count is not None
        if carried and self._col0:
            return False  # a count carried into the middle of a line: tokens decides
        # units: each count (digit segments joined) and each tag segment
        group = np.cumsum(np.concatenate([[True], ~join])) - 1 if len(kind) else np.zeros(0, np.int64)
        ngroups = int(group[-1]) + 1 if len(group) else 0
        gfirst = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]])) if len(group) else group
        is_count = digit[gfirst]
        value = np.zeros(ngroups, dtype=np.int64)
        ndig = np.zeros(ngroups, dtype=np.int64)
        digit_bytes = np.flatnonzero(cls == _DIGIT)
        if len(digit_bytes):
            unit = group[np.searchsorted(at, digit_bytes, side="right") - 1]
            ndig = np.bincount(unit, minlength=ngroups)
            first = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1]]))
            if ndig.max() > 18 or (raw[digit_bytes[first]] == 48).any():
                return False  # long counts and leading zeros ("0" alone is an error): tokens decides
            place = ndig[unit] - (np.arange(len(unit)) - np.repeat(first, np.diff(np.append(first, len(unit))))) - 1
            np.add.at(value, unit, (raw[digit_bytes] - 48).astype(np.int64) * _POW10[place])
        if carried:
            prefix = len(str(self.count))
            if ngroups and is_count[0]:
                if ndig[0] + prefix > 18:
                    return False
                value[0] += self.count * int(_POW10[ndig[0]])
            else:  # the carried count belongs to the first tag: a unit of its own in front
                if prefix > 18:
                    return False
                value = np.concatenate([[self.count], value])
                is_count = np.concatenate([[True], is_count])
                gfirst = np.concatenate([[-1], gfirst])
                ngroups += 1
        # tokens: each tag segment, worth (its count or 1) + its length - 1
        tag_seg = np.flatnonzero(~is_count)
        prev = tag_seg - 1
        count_before = (prev >= 0) & is_count[np.maximum(prev, 0)] if len(tag_seg) else np.zeros(0, bool)
        seg_index = gfirst[tag_seg]
        n = length[seg_index].astype(np.int64) + np.where(count_before, value[np.maximum(prev, 0)] - 1, 0)
        tags = kind[seg_index]
        pending = ngroups > 0 and bool(is_count[-1])
        if finished and pending:
            return False  # a count before "!": tokens words the error
        if float(n.sum(dtype=np.float64)) + abs(self.x) + abs(self.y) >= self.cells.limit:
            return False  # positions near the range: tokens checks each one
        is_row = tags == _DOLLAR
        rows = np.where(is_row, n, 0)
        y = self.y + np.cumsum(rows) - rows
        step = n - rows
        done = np.cumsum(step)
        last_row = np.maximum.accumulate(np.where(is_row, np.arange(len(tags)), -1))
        x = np.where(last_row >= 0, done - step - done[np.maximum(last_row, 0)], self.x + done - step)
        alive = tags == _ALIVE
        xs, ys, ns = x[alive], y[alive], n[alive]
        if not self.cells.fits(int(ns.sum())):
            return False
        if len(xs) > 1:  # merge touching runs ("oo 2o" is one run of 4)
            start = np.ones(len(xs), dtype=bool)
            start[1:] = (ys[1:] != ys[:-1]) | (xs[1:] != xs[:-1] + ns[:-1])
            heads = np.flatnonzero(start)
            xs, ys, ns = xs[heads], ys[heads], np.add.reduceat(ns, heads)
        self.cells.runs(xs, ys, ns)
        if len(tags):
            self.y = int(y[-1] + n[-1]) if is_row[-1] else int(y[-1])
            self.x = 0 if is_row[-1] else int(x[-1] + n[-1])
        if pending:
            if not (carried and ngroups == 1):  # a count that starts in this piece: note where
                where = int(at[gfirst[-1]])
                row = int(line[gfirst[-1]])
                self.count_at = (self._lineno + row, self._column(piece, where, row))
            self.count = int(value[-1])
        else:
            self.count = None if len(tags) else self.count
        self.finished = finished
        return True

    def _column(self, piece: str, where: int, line: int) -> int:
        start = piece.rfind("\n", 0, where) + 1 if line else 0
        return (self._col0 if line == 0 else 0) + where - start + 1

    def read(self, piece: str, lineno: int, col0: int, read_line) -> None:
        """Read ``piece`` starting at line ``lineno``, column ``col0 + 1``: vectorised where ``fast`` can, else
        split in two (at a line break, or just after a tag within a long line) down to single lines, which
        ``read_line`` reads as the line-by-line reader does."""
        self._lineno, self._col0 = lineno, col0
        if self.fast(piece):
            return
        cut = _split_point(piece)
        if cut is None:
            lines = piece.split("\n")
            read_line(lines[0], lineno, col0)
            for i, raw in enumerate(lines[1:], 1):
                if self.finished:
                    return
                read_line(raw, lineno + i, 0)
            return
        head, tail = piece[:cut], piece[cut:]
        self.read(head, lineno, col0, read_line)
        if self.finished:
            return
        breaks = head.count("\n")
        self.read(tail, lineno + breaks, 0 if breaks else col0 + cut, read_line)


def _cut(text: str, pos: int, end: int) -> int:
    """Where the piece of body ``text`` starting at ``pos`` ends, at most about ``end``: after the last line
    break before ``end`` (a CRLF kept whole), else just after the last tag (b o $ .), else at the end of the
    line (a count or a token is never cut)."""
    if end >= len(text):
        return len(text)
    cut = max(text.rfind("\n", pos, end), text.rfind("\r", pos, end))
    if cut >= pos:
        return cut + 2 if text[cut] == "\r" and text[cut + 1:cut + 2] == "\n" else cut + 1
    cut = max(text.rfind(tag, pos, end) for tag in "ob$.")
    if cut >= pos:
        return cut + 1
    ends = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    return min(ends) if ends else len(text)


def _split_point(piece: str):
    """Where to cut ``piece`` in two near its middle: after a line break, else just after a tag (b o $ .)
    inside one long line; None for a single short line."""
    if len(piece) < 2 * _MIN_PIECE:
        return None
    mid = len(piece) // 2
    nl = piece.rfind("\n", 0, mid)
    if nl < 0:
        nl = piece.find("\n", mid)
    if 0 <= nl < len(piece) - 1:
        return nl + 1
    for tag in "o$b.":
        at = piece.rfind(tag, 0, mid)
        if at > 0:
            return at + 1
    return None


def _table(history: bool) -> np.ndarray:
    t = np.full(256, _BAD, dtype=np.uint8)
    t[48:58] = _DIGIT
    for c in "bo$.A":
        t[ord(c)] = {"b": _DEAD, ".": _DEAD, "o": _ALIVE, "A": _ALIVE, "$": _DOLLAR}[c]
    if history:
        for c in "BDF":
            t[ord(c)] = _DEAD
        for c in "CE":
            t[ord(c)] = _ALIVE
    for c in " \t":
        t[ord(c)] = _SPACE
    t[ord("\n")] = _NEWLINE
    t[ord("\r")] = _SPACE  # split_lines treats CR as a line break: only CRLF (below) keeps the lines counted
    return t


_DIGIT, _DEAD, _ALIVE, _DOLLAR, _SPACE, _NEWLINE, _BAD = 0, 1, 2, 3, 4, 5, 6
_TABLE = _table(False)
_HISTORY_TABLE = _table(True)
_POW10 = 10 ** np.arange(19, dtype=np.int64)
_PIECE = 1 << 18          # characters of body text per vectorised read (bounds its temporaries to ~25 MB)
_MIN_PIECE = 256          # pieces no longer than this are read line by line when they cannot be read fast


def read_rle(text: str, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse RLE ``text`` into a Pattern. ``path`` only labels errors. Raises PatternError.

    The body is read with numpy a quarter megabyte at a time (time and memory follow the live cells, not the
    text); comment lines inside it, and anything irregular, go through the token-by-token reader that words
    errors.
    A LifeHistory pattern (``rule = LifeHistory``) reads as Life with states 1, 3 and 5 alive, and a comment
    saying that its history layer was dropped.
    """
    name = author = None
    comments = []
    header_rule = hash_rule = None
    xrle_pos = p_pos = None
    gen = 0
    header_seen = body_seen = False
    # Body coordinates are relative to the top-left (Pos): they may span the whole range, 2 * COORD_LIMIT wide;
    # the absolute cells are checked once placed.
    cells = Cells(cap, path, 2 * COORD_LIMIT)
    body = None

    def line(raw: str, lineno: int, col0: int = 0) -> None:
        nonlocal name, author, header_rule, hash_rule, xrle_pos, p_pos, gen, header_seen
        stripped = raw.strip()
        if not stripped:
            return
        whole = col0 == 0
        indent = len(raw) - len(raw.lstrip())
        if whole and stripped[0] == "#" and (body is None or body.count is None):
            tag = stripped[1:2]
            rest = stripped[2:]
            part = raw[indent + 2:]
            text_part = part[1:] if part.startswith(" ") else part
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
                    raise PatternError(f"#{tag} position beyond ±(2^62 - 1)", path, lineno, 3)
            elif tag == "r":
                rule_text = rest.strip()
                if not rule_text:
                    raise PatternError("empty #r rule line", path, lineno, indent + 1)
                hash_rule = _rule(rule_text, lineno, indent + 3 + rest.find(rule_text))
            else:
                comments.append(stripped[1:])
            return
        if whole and not header_seen and not body_seen and re.match(r"x\s*=", stripped, re.I):
            header_seen = True
            header_rule = _parse_header(raw, path, lineno, _rule)[2]
            return
        body.tokens(raw, lineno, col0)  # only body lines get here: the loop below starts the body

    def _rule(rule_text: str, lineno: int, column: int):
        name, colon, suffix = "".join(rule_text.split()).partition(":")
        if name.lower() == "lifehistory":
            return _History(suffix if colon else "", (lineno, column))
        return parse_rule(rule_text, path, lineno, column)

    # Header and comments line by line up to the first body line; the body from there in pieces.
    body_at = None
    for lineno, start, end in line_spans(text):
        first = _SOLID.search(text, start, end)  # looked at in place: a body line may be the whole text
        if first and not (text[first.start()] == "#"
                          or not header_seen and _HEADER.match(text, first.start(), end)):
            body_at = (lineno, start)
            break
        line(text[start:end], lineno)
    if body_at is not None:
        lineno, pos = body_at
        body = _Body(cells, path, isinstance(header_rule or hash_rule, _History))
        body_seen = True
        col0 = 0
        while pos < len(text) and not body.finished:
            end = _cut(text, pos, min(len(text), pos + _PIECE))
            piece = text[pos:end].replace("\r\n", "\n").replace("\r", "\n")
            body.read(piece, lineno, col0, line)
            breaks = piece.count("\n")
            lineno += breaks
            col0 = len(piece) - piece.rfind("\n") - 1 if breaks else col0 + len(piece)
            pos = end
    if body is not None and body.count is not None:
        raise PatternError(f"run count {body.count} is not followed by b, o or $", path, *body.count_at)
    rule = header_rule or hash_rule or LIFE
    if isinstance(rule, _History):
        rule = parse_rule(f"B3/S23:{rule.suffix}", path, *rule.where) if rule.suffix else LIFE
        comments.append(HISTORY_NOTE)
    x0, y0 = xrle_pos or p_pos or (0, 0)
    arr = cells.array()
    if len(arr):
        lo = arr.min(axis=0)
        hi = arr.max(axis=0)
        if (min(int(lo[0]) + x0, int(lo[1]) + y0) < -COORD_LIMIT
                or max(int(hi[0]) + x0, int(hi[1]) + y0) > COORD_LIMIT):
            raise PatternError("pattern position puts cells beyond ±(2^62 - 1)", path)
        arr = arr + np.array([x0, y0], dtype=np.int64)
    return Pattern(arr, rule=rule, name=name or None, author=author or None, comments=tuple(comments),
                   generation=gen)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def write_rle(pattern: Pattern) -> str:
    """RLE text for ``pattern``: metadata lines, header with the canonical rule, body lines ≤ 70 characters."""
    out = []
    bb = pattern.bbox
    x0, y0, w, h = bb if bb else (0, 0, 0, 0)
    if x0 or y0 or pattern.generation:  # first, as Golly writes it: Golly ignores a #CXRLE line below others
        out.append(f"#CXRLE Pos={x0},{y0} Gen={pattern.generation}")
    if pattern.name:
        out.append(f"#N {_one_line(pattern.name)}")
    if pattern.author:
        out.append(f"#O {_one_line(pattern.author)}")
    for comment in pattern.comments:
        for part in split_lines(str(comment)):
            out.append(f"#C {part}" if part else "#C")
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
