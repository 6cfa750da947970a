"""Compile the census's own kernels in a helper process, beside the first census after an install.

A census needs the tiled engine's kernels and its own (clustering, pseudo-object checks, the settle verdict).
Numba compiles each on first use and caches it on disk; compiling them all takes most of a first census. When
they are not cached yet, ``start_background_compile`` starts a helper process that compiles the census's own
kernels into the cache while this process compiles the engine's: on a machine with a free core the first census
then waits for the slower of the two instead of both. The kernels are called here with the same argument types
as in the census, so the census finds them in the cache.
"""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["compile_kernels", "kernels_cached", "start_background_compile"]


def _kernels():
    from . import objects
    from .stabilise import _contact, _verdict  # (``life.census.stabilise`` the name is the function)

    return (objects._cluster_kernel, objects._key_kernel, objects._paint, objects._evolves_as,
            _contact, _verdict)  # (the kernels they call compile with them)


def kernels_cached() -> bool:
    """True when every census kernel has a compiled copy in Numba's disk cache (or that cannot be told)."""
    try:
        return all(os.path.exists(k._cache._cache_file._index_path) for k in _kernels())
    except AttributeError:  # pragma: no cover - another Numba's cache layout: assume cached, start nothing
        return True


def compile_kernels() -> None:
    """Compile (or load) every census kernel, calling each with the argument types the census uses."""
    import numpy as np

    from ..rules import LIFE
    from . import objects
    from .stabilise import _contact, _verdict

    cells = np.array([[0, 0], [1, 0], [2, 0], [9, 9]], dtype=np.int64)
    objects.clusters(cells, 2)
    objects.shape_key(cells)
    frames = np.zeros((2, 5, 5), dtype=np.uint8)
    objects._paint(frames, np.ascontiguousarray(cells[:3]), np.array([0, 3], dtype=np.int64), 1, 2)
    objects._evolves_as(frames, LIFE.birth_mask, LIFE.survival_mask)
    env = np.array([[0.0, 0.0, 2.0, 2.0], [9.0, 9.0, 11.0, 11.0]])
    vel = np.ascontiguousarray(np.array([[0.0, 0.0, 0.0], [0.25, 0.25, 0.0]])[:, :2])
    flags = np.array([0.0, 1.0]) > 0
    _verdict(env, vel, flags, ~flags, flags & False, 3)
    _contact(env, vel, np.int64(1), ~flags, 3)


def start_background_compile():
    """Start a helper process compiling the census kernels when they are not cached and this process may use
    more than one core. Returns its ``subprocess.Popen`` (the caller ends it when done), or None."""
    from .pool import default_workers

    if default_workers() < 2 or kernels_cached():
        return None
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    try:
        return subprocess.Popen([sys.executable, "-c", "from life.census.warmup import compile_kernels; "
                                 "compile_kernels()"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
    except OSError:  # pragma: no cover - cannot start a process: compile here as usual
        return None
