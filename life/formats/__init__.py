"""Reading and writing pattern files: RLE, plaintext ``.cells``, Life 1.06 / 1.05 and macrocell ``.mc``.

``read(source)`` takes a path, a bundled pattern name (``"gosper-glider-gun"``, see ``life.library``) or the
pattern text itself; the format comes from the file suffix, else from sniffing the content, and ``.gz`` files
(or gzip content under any name) are decompressed transparently. ``write(pattern, path)`` picks the format from
the suffix and writes atomically. ``from_text``/``to_text`` do the same in memory.

Every failure raises ``PatternError`` (a ValueError) carrying path, line, column and a one-line reason. Memory
follows the cells actually present (header sizes are never trusted), and ``cap`` (default ``DEFAULT_CAP``) bounds
the live cells any reader materialises.

What survives a write and read back: RLE and macrocell keep cells at their positions, rule, name, author,
comments and generation; Life 1.06 and 1.05 all but the generation; plaintext all but generation and position.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from pathlib import Path

from ..atomic import write_bytes
from ..pattern import Pattern
from ._base import DEFAULT_CAP, MAX_TEXT_BYTES, PatternError
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


def sniff(text: str) -> str | None:
    """Guess the format of pattern ``text`` from its content; None when nothing fits."""
    lines = [ln for ln in re.split(r"\r\n|\r|\n", text, maxsplit=200)[:200] if ln.strip()]
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
        text = _decode(bytes(text), path)
    if not isinstance(text, str):
        raise PatternError(f"pattern text must be str or bytes, not {type(text).__name__}", path)
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


def _decode(data: bytes, path) -> str:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Old pattern collections use Latin-1 in comments; every byte sequence decodes.
        return data.decode("latin-1")


def _gunzip(data: bytes, path) -> bytes:
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                if out.tell() > MAX_TEXT_BYTES:
                    raise PatternError(f"decompressed pattern is larger than {MAX_TEXT_BYTES >> 20} MiB", path)
    except (OSError, EOFError, zlib.error) as e:
        raise PatternError(f"bad gzip data: {e}", path) from None
    return out.getvalue()


def read(source, *, cap: int = DEFAULT_CAP, fmt: str | None = None) -> Pattern:
    """Read a pattern from ``source``: a path (str or Path), a bundled pattern name, or pattern text.

    The format is ``fmt`` when given, else the file suffix, else sniffed from the content. ``.gz`` (or any gzip
    data) is decompressed. ``cap`` bounds the live cells materialised. Raises PatternError for a missing file,
    an unknown name (with close matches suggested) and any malformed content.
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
        raise PatternError("empty pattern source: give a file, a bundled pattern name or pattern text")
    path = Path(source)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):
        is_file = False
    if not is_file:
        from .. import library

        if isinstance(source, str):
            if library.is_name(source):
                return read(library.find(source), cap=cap, fmt=fmt)
            if sniff(source) is not None:  # one line of pattern text, e.g. "bo$2bo$3o!"
                return from_text(source, fmt, cap=cap)
        if path.exists():
            raise PatternError("not a regular file", str(path))
        hint = library.suggest(str(source))
        raise PatternError("no such file or bundled pattern" + (f"; did you mean {hint}?" if hint else ""),
                           str(path))
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise PatternError(f"file is larger than {MAX_TEXT_BYTES >> 20} MiB", str(path))
        data = path.read_bytes()
    except OSError as e:
        raise PatternError(f"cannot read: {e.strerror or e}", str(path)) from None
    fmt = fmt or format_for_path(path)
    return from_text(_decode(data, str(path)), fmt, path=str(path), cap=cap)


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
