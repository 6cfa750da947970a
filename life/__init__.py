"""life: a Conway's Game of Life emergence simulator.

Public API: ``load``/``save`` for pattern files, ``Rule``, ``Pattern``, ``make_universe``. Importing ``life``
compiles nothing: Numba kernels compile (or load from the on-disk cache) on first use.
"""

from .engines import EngineError, Universe, make_universe
from .pattern import Pattern
from .rules import LIFE, Rule, RuleError, Topology

__version__ = "0.1.0"
__all__ = ["load", "save", "Rule", "RuleError", "Topology", "Pattern", "make_universe", "Universe",
           "EngineError", "LIFE", "__version__"]


def load(source, **kw) -> Pattern:
    """Read a pattern from a path, a bundled pattern name or pattern text. Raises PatternError."""
    from .formats import read

    return read(source, **kw)


def save(pattern: Pattern, path, **kw) -> None:
    """Write ``pattern`` to ``path`` in the format its suffix names (atomically). Raises PatternError."""
    from .formats import write

    write(pattern, path, **kw)
