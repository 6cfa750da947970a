"""life: a Conway's Game of Life emergence simulator.

Public API: ``load``/``save`` for pattern files, ``Rule``, ``Pattern``, ``make_universe``, ``load_universe`` (a
file straight into a Universe), and the error classes, all subclasses of ``LifeError`` (itself a ValueError):
``RuleError``, ``PatternError`` (``UnknownPatternError`` for a name that is neither a file nor a bundled pattern),
``EngineError``, ``SoupError``, ``RenderError``, ``ExportError``. Importing ``life`` compiles nothing: Numba
kernels compile (or load from the on-disk cache) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import LifeError

if TYPE_CHECKING:
    from .engines import Universe
    from .pattern import Pattern

__version__ = "0.1.0"
__all__ = ["load", "save", "load_universe", "Rule", "Topology", "Pattern", "make_universe", "Universe", "LIFE",
           "LifeError", "RuleError", "PatternError", "UnknownPatternError", "EngineError", "SoupError",
           "RenderError", "ExportError", "__version__"]

# name -> the module defining it, imported when the name is first used: `import life` stays cheap (numpy is not
# loaded before the command line has set up Ctrl-C), and the formats, library, render and export modules load
# only for the programs that use them
_LAZY = {"Rule": "rules", "Topology": "rules", "LIFE": "rules", "RuleError": "rules", "Pattern": "pattern",
         "make_universe": "engines", "Universe": "engines", "EngineError": "engines", "PatternError": "formats",
         "UnknownPatternError": "library", "SoupError": "soup", "RenderError": "render", "ExportError": "export"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def load(source, **kw) -> Pattern:
    """Read a pattern from a path, a bundled pattern name or pattern text (``kw``: ``cap``, ``fmt``). Raises
    PatternError, suggesting close bundled names for an unknown one."""
    from .sources import read

    return read(source, **kw)


def load_universe(source, topology=None, algo: str = "auto") -> Universe:
    """A Universe straight from a pattern file, a bundled pattern name or pattern text.

    A macrocell file (``.mc``, ``.mc.gz``) goes node by node into a HashLife tree, never cell by cell, when
    ``algo`` is ``"auto"`` or ``"hashlife"`` and ``topology`` is None or ``"plane"``; anything else is read with
    ``load`` and built by ``make_universe(pattern, topology, algo)``. Raises PatternError or EngineError.
    """
    from .sources import load_universe as load

    return load(source, topology, algo=algo)


def save(pattern: Pattern, path, **kw) -> None:
    """Write ``pattern`` to ``path`` in the format its suffix names (atomically). Raises PatternError."""
    from .formats import write

    write(pattern, path, **kw)
