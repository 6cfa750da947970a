"""The unbounded plane as a hash of bit-packed 64×64 tiles (see ``universe.py``); kernels in ``kernels.py`` (tile
table), ``step.py`` (generation loop) and ``readout.py`` (cells, regions, bounding box, shape hash)."""

from .universe import TiledPlaneUniverse

__all__ = ["TiledPlaneUniverse"]
