"""The unbounded plane as a hash of bit-packed 64×64 tiles (see ``universe.py``); kernels in ``kernels.py``."""

from .universe import TiledPlaneUniverse

__all__ = ["TiledPlaneUniverse"]
