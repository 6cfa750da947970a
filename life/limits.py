"""Limits shared across the package and its command line: generations, the coordinate range and the memory budget.
Importing this module loads nothing heavy (no numpy, no numba).

The memory budget bounds every board, region and image before it is allocated. It is, in order of precedence:
the value set by ``memory_budget_override`` (what ``make_universe(..., memory_budget=)`` uses), the environment
variable ``LIFE_MEMORY_BUDGET`` (bytes, with an optional K/M/G/T suffix, powers of 1024), else half the machine's
physical memory.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re

__all__ = ["DEFAULT_MAX_GENS", "COORD_MAX", "BUDGET_ENV", "coord_range_error", "check_int", "parse_bytes",
           "memory_budget", "memory_budget_override", "check_memory", "format_bytes", "physical_memory"]

DEFAULT_MAX_GENS = 1 << 15
"""Generations the census lets a pattern or soup run before it reports it as not settled."""

COORD_MAX = 2 ** 62 - 1
"""Every cell coordinate in a Pattern or a cell array lies in -COORD_MAX..COORD_MAX, so that the width and height
of any bounding box (at most 2 * COORD_MAX + 1 = 2^63 - 1) and any sum of two coordinates fit in int64."""

BUDGET_ENV = "LIFE_MEMORY_BUDGET"
"""Environment variable overriding the memory budget (bytes, optional K/M/G/T suffix)."""

_BUDGET_FRACTION = 2  # default budget: physical memory // _BUDGET_FRACTION
_FALLBACK_PHYSICAL = 8 << 30  # where the platform does not say
_OVERRIDE: contextvars.ContextVar = contextvars.ContextVar("life_memory_budget", default=None)
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def coord_range_error(value) -> str | None:
    """Why ``value`` is not a cell coordinate (a Python or numpy integer, not bool, within ±COORD_MAX), or None."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        return f"coordinates must be integers, got {value!r}"
    v = int(value)
    if not -COORD_MAX <= v <= COORD_MAX:
        return f"coordinate {v} is beyond the range ±(2^62 - 1)"
    return None


def check_int(value, what: str, error=ValueError, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an int when it is an integer (not bool, not float) within lo..hi; else ``error`` naming
    ``what``."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise error(f"{what} must be an integer, got {value!r}")
    v = int(value)
    if lo is not None and v < lo:
        raise error(f"{what} must be at least {lo}, got {v}")
    if hi is not None and v > hi:
        raise error(f"{what} must be at most {hi}, got {v}")
    return v


def parse_bytes(text) -> int:
    """A byte count from ``"1073741824"``, ``"512M"``, ``"2G"``, ``"1.5g"`` (K/M/G/T: powers of 1024).
    Raises ValueError."""
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([kmgtKMGT]?)[iI]?[bB]?\s*", str(text))
    if not m:
        raise ValueError(f"bad memory size {str(text)!r}: expected bytes with an optional K, M, G or T suffix")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def physical_memory() -> int:
    """Bytes of physical memory on this machine (8 GiB where the platform does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_PHYSICAL


def memory_budget() -> int:
    """Bytes any one board, region, image or reader may allocate (see the module docstring for the order of
    precedence). Raises ValueError for a malformed ``LIFE_MEMORY_BUDGET``."""
    override = _OVERRIDE.get()
    if override is not None:
        return override
    env = os.environ.get(BUDGET_ENV)
    if env:
        try:
            return parse_bytes(env)
        except ValueError as e:
            raise ValueError(f"{BUDGET_ENV}: {e}") from None
    return physical_memory() // _BUDGET_FRACTION


def memory_budget_override(nbytes):
    """A context manager within which ``memory_budget()`` is ``nbytes`` (an int or a string such as ``"4G"``;
    None leaves the budget as it is). Raises ValueError at once for a malformed size."""
    if nbytes is None:
        return contextlib.nullcontext()
    value = parse_bytes(nbytes) if isinstance(nbytes, str) else check_int(nbytes, "memory budget", lo=0)
    return _override(value)


@contextlib.contextmanager
def _override(value: int):
    token = _OVERRIDE.set(value)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def format_bytes(n: int) -> str:
    """``n`` bytes as a short human size: ``"21.6 GB"`` style with binary units (KiB, MiB, GiB, TiB)."""
    n = int(n)
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def check_memory(nbytes: int, what: str, error=ValueError, budget: int | None = None) -> None:
    """Raise ``error`` (one line: the size, the budget, the override) when allocating ``nbytes`` for ``what``
    (e.g. ``"a 300000x300000 torus"``) would exceed ``budget`` (default ``memory_budget()``)."""
    if budget is None:
        try:
            budget = memory_budget()
        except ValueError as e:
            raise error(str(e)) from None
    limit = budget
    if nbytes > limit:
        raise error(f"{what} needs {format_bytes(nbytes)} of memory, more than the budget of {format_bytes(limit)}; "
                    f"set {BUDGET_ENV} (e.g. {BUDGET_ENV}=64G) to raise it")
