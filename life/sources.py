"""What a user names -> a pattern or a universe: a path, a bundled pattern name (close names suggested when
it is neither) or the pattern text itself.

``life.formats`` reads paths and text only; bundled names are resolved here, so that the formats package never
needs the library. Macrocell files go from here straight into a HashLife tree: the tree parsed by
``life.formats.macrocell`` is handed to the engine as plain data, so that no engine imports the formats package.
The formats package and the library are imported on first use: the command line starts without them.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["resolve", "read", "read_soup_id", "is_macrocell_path", "load_macrocell_universe", "load_universe"]


def _is_text(source: str) -> bool:
    """True when the string ``source`` can only be pattern text, never a file name."""
    return "\n" in source or "\r" in source or "\x00" in source


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_blank(path: Path) -> bool:
    """True when the file at ``path`` holds nothing but white space (read only when small)."""
    try:
        if path.stat().st_size > 4096:
            return False
        return not path.read_bytes().lstrip(b"\xef\xbb\xbf").strip()
    except OSError:
        return False  # formats.read reports why it cannot be read


def _is_explicit_path(source) -> bool:
    """True when ``source`` can only mean a file: a path object, or a name with a folder part (``./glider.rle``,
    ``~/x``) or a pattern file suffix (``glider.rle``). Such a name is never looked up in the library."""
    from .formats import format_for_path

    if not isinstance(source, str):
        return True
    seps = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(c in source for c in seps) or source.startswith("~") or format_for_path(source) is not None


def resolve(source):
    """What ``life.formats.read`` should read for ``source``: the bundled RLE file's path when ``source`` names a
    bundled pattern (by name, title or alias) and no file of that name exists, else ``source`` unchanged (a file,
    pattern text, bytes or a Pattern).

    A name with a folder part or a pattern file suffix (``./glider.rle``) always means a file, never a bundled
    pattern. Raises PatternError for an empty string or an empty file, for such a path when no file is there, and
    for a name that is neither a file, a bundled pattern nor one line of pattern text (suggesting close bundled
    names).
    """
    if not isinstance(source, (str, os.PathLike)) or (isinstance(source, str) and _is_text(source)):
        return source
    from .formats import PatternError

    if isinstance(source, str) and not source.strip():
        raise PatternError("empty pattern source: give a file, a bundled pattern name or pattern text")
    path = Path(source)
    if _is_file(path):
        if _is_blank(path):
            raise PatternError("the file is empty: it holds no pattern", str(path))
        return source
    from . import library
    from .formats import sniff

    if _is_explicit_path(source):
        if path.exists() or (isinstance(source, str) and sniff(source) is not None):
            return source  # a folder or device (formats.read says what is wrong), or one line of pattern text
        raise PatternError("no such file", str(source))
    if isinstance(source, str):
        if library.is_name(source):
            return library.find(source)
        if sniff(source) is not None:  # one line of pattern text, e.g. "bo$2bo$3o!"
            return source
    if path.exists():
        return source  # a folder or device: formats.read says what is wrong with it
    hint = library.suggest(str(source))
    raise PatternError("no such file or bundled pattern" + (f"; did you mean {hint}?" if hint else ""), str(path))


def read(source, **kw):
    """The Pattern ``source`` names: a path, a bundled pattern name or pattern text (``kw``: ``cap``, ``fmt``, as
    for ``life.formats.read``). Raises PatternError (UnknownPatternError's suggestions included)."""
    from .formats import read as read_pattern

    return read_pattern(resolve(source), **kw)


def read_soup_id(soup_id: str, rule=None):
    """The Pattern of apgsearch's C1 soup ``soup_id`` (as on a Catagolue sample page, optionally ``C1/``
    first), under ``rule`` (default B3/S23). Raises SoupError for an id apgsearch could not have made."""
    from .rules import LIFE
    from .soup import apg_soup

    return apg_soup(soup_id, LIFE if rule is None else rule)


def is_macrocell_path(source) -> bool:
    """True when ``source`` names an existing macrocell file (``.mc`` or ``.mc.gz``)."""
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else ""
    return name.lower().endswith((".mc", ".mc.gz")) and os.path.isfile(name)


def load_macrocell_universe(source, *, max_memory_mb: float | None = None, max_nodes: int | None = None):
    """A HashLifeUniverse read from Golly macrocell ``source``: a path (``.mc`` or ``.mc.gz``; a str without a
    line break or ``[M2]`` counts as one), bytes, or the text itself. Nodes go straight into the tree; no cell is
    materialised. ``max_memory_mb``/``max_nodes`` cap the node table.

    Raises PatternError for malformed files and rules HashLife cannot run, EngineError when the tree does not
    fit the memory cap.
    """
    from .engines import EngineError
    from .engines.base import check_plane_rule
    from .engines.hashlife import HashLifeUniverse
    from .formats import PatternError
    from .formats.macrocell import parse_tree

    if isinstance(source, str) and not _is_text(source) and "[M2]" not in source:
        source = Path(source)
    path = str(source) if isinstance(source, os.PathLike) else None
    tree = parse_tree(source, path)
    if tree.rule.topology is not None and tree.rule.topology.kind != "plane":
        raise PatternError(f"rule {tree.rule} is on a bounded grid; HashLife runs only on the unbounded plane", path)
    try:
        check_plane_rule(tree.rule)
    except EngineError as e:
        raise PatternError(str(e), path) from None
    try:
        return HashLifeUniverse.from_tree(tree.rule, tree.generation, tree.levels, tree.children, tree.leaves,
                                          max_memory_mb=max_memory_mb, max_nodes=max_nodes)
    except EngineError as e:
        raise EngineError(f"{path or 'macrocell'}: {e}") from None


def load_universe(source, topology=None, algo: str = "auto"):
    """A Universe straight from a pattern file, a bundled pattern name or pattern text.

    Macrocell files go straight into a HashLife tree, never materialised cell by cell, when ``algo`` is
    ``"auto"`` or ``"hashlife"`` and the topology is the plane (or None); everything else is read as a Pattern
    and built by ``make_universe(pattern, topology, algo)``. Raises PatternError or EngineError.
    """
    if algo in ("auto", "hashlife") and is_macrocell_path(source) and \
            (topology is None or str(topology) == "plane"):
        return load_macrocell_universe(source)
    from .engines import make_universe

    return make_universe(read(source), topology, algo=algo)
