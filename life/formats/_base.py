"""Shared pieces of the pattern readers and writers: the error type, limits, reading a file's text (size limit,
gzip, encodings) and the cell collector."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from pathlib import Path

import numpy as np

from ..errors import LifeError
from ..limits import COORD_MAX

__all__ = ["PatternError", "DEFAULT_CAP", "COORD_LIMIT", "MAX_TEXT_BYTES", "Cells", "split_lines", "rule_error",
           "parse_rule", "number", "decode_text", "read_text_file", "line_spans", "line_end"]

#: Default largest number of live cells a reader materialises (16 bytes each in a Pattern).
DEFAULT_CAP = 20_000_000
#: Cell coordinates must stay within ±COORD_LIMIT (``life.limits.COORD_MAX``, 2^62 - 1) so that int64 arithmetic
#: on them, bounding-box widths included, cannot overflow.
COORD_LIMIT = COORD_MAX
#: Largest pattern text read (after decompression), in bytes.
MAX_TEXT_BYTES = 512 * 2 ** 20


class PatternError(LifeError):
    """A pattern that cannot be read or written.

    Attributes: ``path`` (str or None for in-memory text), ``line`` and ``column`` (1-based, or None where they
    do not apply) and ``reason`` (one line of text). ``str()`` reads ``path:line:col: reason``.
    """

    def __init__(self, reason: str, path=None, line: int | None = None, column: int | None = None):
        reason = " ".join(str(reason).split()) or "malformed pattern"
        self.reason = reason if len(reason) <= 300 else reason[:299] + "…"
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [self.path if self.path is not None else "<text>"]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return ":".join(where) + ": " + self.reason

    def at(self, path) -> "PatternError":
        """This error with ``path`` filled in where it was missing (readers of text know no path)."""
        if self.path is None and path is not None:
            self.path = str(path)
            self.args = (self.__str__(),)
        return self

    def __reduce__(self):
        return (type(self), (self.reason, self.path, self.line, self.column))


def read_text_file(path) -> str:
    """The text of the pattern file at ``path``, gunzipped when it holds gzip data, at most ``MAX_TEXT_BYTES``
    before and after decompression. Raises PatternError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise PatternError(f"file is larger than {MAX_TEXT_BYTES >> 20} MiB", str(path))
        data = path.read_bytes()
    except OSError as e:
        raise PatternError(f"cannot read: {e.strerror or e}", str(path)) from None
    return decode_text(data, str(path))


def decode_text(data: bytes, path=None) -> str:
    """Pattern text from file bytes: gunzipped when they are gzip data, UTF-8 (a leading byte-order mark
    dropped) else Latin-1. Raises PatternError."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old pattern collections use Latin-1 in comments; every byte sequence decodes.
        return data.decode("latin-1")


def _gunzip(data: bytes, path) -> bytearray:
    out = bytearray()  # decoded in place afterwards: no further copy of the inflated text
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                out += chunk
                if len(out) > MAX_TEXT_BYTES:
                    raise PatternError(f"decompressed pattern is larger than {MAX_TEXT_BYTES >> 20} MiB", path)
    except (OSError, EOFError, zlib.error) as e:
        raise PatternError(f"bad gzip data: {e}", path) from None
    return out


def shorten(text: str, limit: int = 40) -> str:
    """``repr`` of ``text`` cut to about ``limit`` characters, for error messages."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def split_lines(text: str) -> list:
    """Lines of ``text`` split at CR, LF or CRLF (and nothing else, so that line numbers match editors)."""
    return re.split(r"\r\n|\r|\n", text)


def line_spans(text: str):
    """(line number, start, end) of each line of ``text``, split as ``split_lines`` splits, lazily."""
    start, lineno = 0, 1
    while True:
        lf = text.find("\n", start)
        cr = text.find("\r", start, len(text) if lf < 0 else lf)  # memchr-fast, unlike a regex scan
        if cr >= 0:
            yield lineno, start, cr
            start = cr + 2 if text[cr + 1:cr + 2] == "\n" else cr + 1
        elif lf >= 0:
            yield lineno, start, lf
            start = lf + 1
        else:
            yield lineno, start, len(text)
            return
        lineno += 1


def line_end(text: str, pos: int, end: int) -> int:
    """Where a piece of ``text`` starting at ``pos`` ends, about ``end``: just after the last line break before
    ``end`` (a CRLF kept whole), else after the break that ends the line (a long line stays whole)."""
    cut = max(text.rfind("\n", pos, end), text.rfind("\r", pos, end))
    if cut < pos:
        ends = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
        if not ends:
            return len(text)
        cut = min(ends)
    return cut + 2 if text[cut] == "\r" and text[cut + 1:cut + 2] == "\n" else cut + 1


def rule_error(rule_text: str, err: Exception) -> str:
    """A readable reason for a rule the project cannot run: multi-state families get 'unsupported: N-state'."""
    t = "".join(rule_text.split())
    low = t.lower()
    named = {"lifehistory": 7, "lifesuper": 26, "wireworld": 4, "stateinvestigator": 26, "jvn29": 29,
             "briansbrain": 3, "starwars": 4}
    base = low.split(":")[0]
    if base in named:
        return f"unsupported: {named[base]}-state pattern (rule {t})"
    # Generations: S/B/C (``345/2/4``) or B/S/C (``B2/S345/C4``, ``B2/S345/4``).
    m = re.fullmatch(r"(?:b?[0-9]*/s?[0-9]*|s?[0-9]*/b?[0-9]*)/[cg]?([0-9]+)", base)
    if m:
        states = m.group(1) if len(m.group(1)) < 10 else "many"
        return f"unsupported: {states}-state pattern (Generations rule {t})"
    return f"unsupported rule: {err}"


def parse_rule(text: str, path=None, line=None, column=None):
    """``Rule.parse(text)`` with PatternError for rules we cannot run; also takes Golly's one-sided ``B234``."""
    from ..rules import Rule

    try:
        return Rule.parse(text)
    except ValueError as e:  # RuleError, or a stray ValueError on odd input such as Unicode digits
        err = e
    base, colon, suffix = "".join(text.split()).partition(":")
    fixed = None
    if re.fullmatch(r"[bB][0-9]*", base):
        fixed = base + "/S"
    elif re.fullmatch(r"[sS][0-9]*", base):
        fixed = "B/" + base
    if fixed is not None:
        try:
            return Rule.parse(fixed + colon + suffix)
        except ValueError:
            pass
    raise PatternError(rule_error(text, err), path, line, column) from None


def number(text: str, path=None, line=None, column=None) -> int:
    """``int(text)`` for a decimal integer from a file, refusing absurdly long digit strings (Python's own
    limit would raise a bare ValueError, and no coordinate or count that long can be meant)."""
    digits = text.lstrip("+-")
    if len(digits) > 40:
        raise PatternError(f"number {text[:12]}… has {len(digits)} digits, too large", path, line, column)
    return int(text)


class Cells:
    """Collects live cells as horizontal runs, checking the cap and coordinate range as it goes.

    Memory follows the runs actually present: a header claiming a huge size allocates nothing, and a run
    longer than the cap is refused before any array is built.
    """

    def __init__(self, cap: int, path=None, limit: int = COORD_LIMIT):
        self.cap = int(cap)
        self.limit = limit  # largest |coordinate| accepted (RLE bodies, relative to their Pos, span twice the range)
        self.path = path
        self.total = 0
        self._x: list = []
        self._y: list = []
        self._n: list = []
        self._arrays: list = []  # (xs, ys, ns) int64 arrays of runs from the vectorised readers

    def run(self, x: int, y: int, n: int, line=None, column=None) -> None:
        """Add ``n`` live cells at (x, y) ... (x + n - 1, y)."""
        if n <= 0:
            return
        if not (-self.limit <= x and x + n - 1 <= self.limit and -self.limit <= y <= self.limit):
            raise PatternError(f"cell coordinates beyond ±(2^62 - 1) (x={x}, y={y})", self.path, line, column)
        self.total += n
        if self.total > self.cap:
            raise PatternError(f"pattern has more than {self.cap} live cells (the cap); raise the cap to load "
                               "it, or use an engine that reads it directly", self.path, line, column)
        self._x.append(x)
        self._y.append(y)
        self._n.append(n)

    def fits(self, count: int) -> bool:
        """Whether ``count`` more live cells stay within the cap."""
        return self.total + count <= self.cap

    def runs(self, xs: np.ndarray, ys: np.ndarray, ns: np.ndarray) -> None:
        """Add runs given as int64 arrays, already checked against the cap and the coordinate range."""
        if len(ns):
            self._flush()
            self._arrays.append((xs, ys, ns))
            self.total += int(ns.sum())

    def _flush(self) -> None:
        if self._n:
            self._arrays.append(tuple(np.asarray(v, dtype=np.int64) for v in (self._x, self._y, self._n)))
            self._x, self._y, self._n = [], [], []

    def array(self) -> np.ndarray:
        """The collected cells as an N×2 int64 array (unsorted; Pattern normalises)."""
        self._flush()
        if not self._arrays:
            return np.zeros((0, 2), dtype=np.int64)
        starts, ys, n = (np.concatenate(parts) for parts in zip(*self._arrays, strict=True))
        self._arrays = [(starts, ys, n)]
        total = int(n.sum())
        # x of each cell: its run's start shifted by the cells before the run, plus its index; written in place
        # into the result so that the peak is about 32 bytes per cell
        out = np.empty((total, 2), dtype=np.int64)
        out[:, 0] = np.repeat(starts - (np.cumsum(n) - n), n)
        out[:, 0] += np.arange(total, dtype=np.int64)
        out[:, 1] = np.repeat(ys, n)
        return out


def check_coord(v: int, path, line, column) -> int:
    """``v`` when within ±COORD_LIMIT, else a PatternError."""
    if not -COORD_LIMIT <= v <= COORD_LIMIT:
        raise PatternError(f"coordinate {v} beyond ±(2^62 - 1)", path, line, column)
    return v
