"""Limits shared across the package and its command line; importing this module loads nothing heavy."""

__all__ = ["DEFAULT_MAX_GENS"]

DEFAULT_MAX_GENS = 1 << 15
"""Generations the census lets a pattern or soup run before it reports it as not settled."""
