"""Reading and writing pattern files: RLE, plaintext ``.cells``, Life 1.06 / 1.05 and macrocell ``.mc``.

``read(source)`` takes a path or the pattern text itself (bundled pattern names such as ``"gosper-glider-gun"``
are resolved by ``life.load``, see ``life.sources``); the format comes from the file suffix, else from sniffing
the content, and ``.gz`` files (or gzip content under any name) are decompressed transparently.
``write(pattern, path)`` picks the format from the suffix and writes atomically. ``from_text``/``to_text`` do the
same in memory.

Every failure raises ``PatternError`` (a ValueError) carrying path, line, column and a one-line reason. Memory
follows the cells actually present (header sizes are never trusted), and ``cap`` (default ``DEFAULT_CAP``) bounds
the live cells any reader materialises.

What survives a write and read back: RLE and macrocell keep cells at their positions, rule, name, author,
comments and generation; Life 1.06 and 1.05 all but the generation; plaintext all but generation and position.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

from ..atomic import write_bytes
from ..pattern import Pattern
from ._base import DEFAULT_CAP, PatternError, decode_text, read_text_file
from .life106 import read_life105, read_life106, write_life105, write_life106
from .macrocell import read_macrocell, write_macrocell
from .plaintext import read_cells, write_cells
from .rle import read_rle, write_rle

__all__ = ["read", "write", "from_text", "to_text", "sniff", "format_for_path", "PatternError", "FORMATS",
           "DEFAULT_CAP"]

#: Format names, each with its reader and writer.
FORMATS = {
    "rle": (read_rle, write_rle),
    "cells": (read_cells, write_cells),
    "life106": (read_life106, write_life106),
    "life105": (read_life105, write_life105),
    "mc": (read_macrocell, write_macrocell),
}
_ALIASES = {"plaintext": "cells", "lif": "life106", "life": "life106", "1.06": "life106", "1.05": "life105",
            "macrocell": "mc"}
_SUFFIXES = {".rle": "rle", ".cells": "cells", ".lif": "lif", ".life": "lif", ".mc": "mc"}


def _format_name(fmt: str) -> str:
    key = str(fmt).lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise PatternError(f"unknown pattern format {fmt!r}: choose from {', '.join(FORMATS)}")
    return key


def format_for_path(path) -> str | None:
    """The format a file name's suffix names (``.rle``, ``.cells``, ``.lif``/``.life``, ``.mc``, each optionally
    followed by ``.gz``): ``"rle"``, ``"cells"``, ``"lif"`` (Life 1.05 or 1.06), ``"mc"``; None when unknown."""
    suffixes = [s.lower() for s in Path(str(path)).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


_SNIFF_CHARS = 1 << 16


def sniff(text: str) -> str | None:
    """Guess the format of pattern ``text`` from its content; None when nothing fits."""
    head = text
    if len(text) > _SNIFF_CHARS:  # the first lines decide; never scan a huge text with a regex
        head = text[:_SNIFF_CHARS]
        cut = max(head.rfind("\n"), head.rfind("\r"))
        head = head[:cut] if cut > 0 else head
    lines = [ln for ln in re.split(r"\r\n|\r|\n", head, maxsplit=200)[:200] if ln.strip()]
    if not lines:
        return None
    first = lines[0].strip()
    if first.startswith("[M2]"):
        return "mc"
    m = re.match(r"#Life\s+(1\.0[56])", first, re.I)
    if m:
        return "life106" if m.group(1) == "1.06" else "life105"
    if first.startswith("!"):
        return "cells"
    if first.startswith("#") or re.match(r"x\s*=", first, re.I):
        return "rle"
    body = [ln.strip() for ln in lines]
    if all(re.fullmatch(r"[.Oo*]+", ln) for ln in body):
        return "cells"
    if all(re.fullmatch(r"[+-]?[0-9]+\s+[+-]?[0-9]+", ln) for ln in body):
        return "life106"
    if all(re.fullmatch(r"[0-9bo$!.A\s]+", ln) for ln in body) and any(c in text for c in "$!"):
        return "rle"
    return None


def from_text(text, fmt: str | None = None, *, path=None, cap: int = DEFAULT_CAP) -> Pattern:
    """Parse pattern ``text`` (str or bytes) in format ``fmt`` (sniffed when None).

    ``path`` only labels errors; ``cap`` is the most live cells materialised. Raises PatternError.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_text(bytes(text), path)
    if not isinstance(text, str):
        raise PatternError(f"pattern text must be str or bytes, not {type(text).__name__}", path)
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark decoded as text
        text = text[1:]
    if "\x00" in text:
        raise PatternError("binary data, not a pattern file", path)
    sniffed = sniff(text)
    if fmt is not None and str(fmt).lower().lstrip(".") == "lif":
        fmt = sniffed if sniffed in ("life105", "life106", "rle") else "life106"
    elif fmt is None:
        fmt = sniffed
        if fmt is None:
            raise PatternError("unrecognised pattern format: expected RLE, plaintext, Life 1.05/1.06 or "
                               "macrocell", path)
    elif sniffed in ("mc", "life105", "life106") and _format_name(fmt) != sniffed:
        # A definite signature line ([M2], #Life 1.0x) wins over a misleading file suffix.
        fmt = sniffed
    reader = FORMATS[_format_name(fmt)][0]
    try:
        return reader(text, path, cap)
    except PatternError as e:
        raise e.at(path) from None
    except RecursionError:
        raise PatternError("pattern nesting too deep", path) from None
    except MemoryError:
        raise PatternError("not enough memory to load the pattern; lower its size or the cap", path) from None


def to_text(pattern: Pattern, fmt: str = "rle") -> str:
    """The text of ``pattern`` in format ``fmt`` (``rle``, ``cells``, ``life106``, ``life105``, ``mc``)."""
    if not isinstance(pattern, Pattern):
        raise PatternError(f"can only write a Pattern, not {type(pattern).__name__}")
    return FORMATS[_format_name(fmt)][1](pattern)


def read(source, *, cap: int = DEFAULT_CAP, fmt: str | None = None) -> Pattern:
    """Read a pattern from ``source``: a path (str or Path) or pattern text (str or bytes).

    The format is ``fmt`` when given, else the file suffix, else sniffed from the content. ``.gz`` (or any gzip
    data) is decompressed. ``cap`` bounds the live cells materialised. Raises PatternError for a missing file
    and any malformed content. Bundled pattern names are not looked up here: ``life.load`` does that.
    """
    if isinstance(source, Pattern):
        return source
    if isinstance(source, (bytes, bytearray)):
        return from_text(source, fmt, cap=cap)
    if not isinstance(source, (str, os.PathLike)):
        raise PatternError(f"cannot read a pattern from {type(source).__name__}")
    if isinstance(source, str) and ("\n" in source or "\r" in source or "\x00" in source):
        return from_text(source, fmt, cap=cap)
    if isinstance(source, str) and not source.strip():
        raise PatternError("empty pattern source: give a file or pattern text")
    path = Path(source)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):
        is_file = False
    if not is_file:
        if isinstance(source, str) and sniff(source) is not None:  # one line of pattern text, e.g. "bo$2bo$3o!"
            return from_text(source, fmt, cap=cap)
        if path.exists():
            raise PatternError("not a regular file", str(path))
        raise PatternError("no such file", str(path))
    fmt = fmt or format_for_path(path)
    return from_text(read_text_file(path), fmt, path=str(path), cap=cap)


def write(pattern: Pattern, path, *, fmt: str | None = None) -> None:
    """Write ``pattern`` to ``path`` atomically in the format its suffix names (or ``fmt``).

    Suffixes: ``.rle``, ``.cells``, ``.lif``/``.life`` (Life 1.06; pass ``fmt="life105"`` for 1.05), ``.mc``, each
    optionally followed by ``.gz`` (gzip-compressed). The text goes to a temporary file in the same folder that
    replaces ``path`` only when complete; nothing is left behind on error or interrupt. Raises PatternError.
    """
    path = Path(path)
    if fmt is None:
        fmt = format_for_path(path)
        if fmt is None:
            raise PatternError("unknown pattern file suffix: use .rle, .cells, .lif, .life or .mc (optionally "
                               "with .gz)", str(path))
    if fmt == "lif":
        fmt = "life106"
    try:
        data = to_text(pattern, fmt).encode("utf-8")
    except PatternError as e:
        raise e.at(str(path)) from None
    if path.suffix.lower() == ".gz":
        data = gzip.compress(data, mtime=0)
    _atomic_write(path, data)


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        write_bytes(path, data)
    except OSError as e:
        raise PatternError(f"cannot write: {e.strerror or e}", str(path)) from None
