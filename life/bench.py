"""Measure cell-updates per second of the engines on a random torus (used by `life bench` and benchmarks/)."""

from __future__ import annotations

import os
import platform
import time

import numpy as np

from .engines import EngineError, make_universe
from .limits import check_memory
from .pattern import Pattern
from .rules import LIFE, Rule, Topology

__all__ = ["measure", "random_torus", "machine_info", "write_results"]

BACKENDS = ("cpu", "numpy", "cuda")


def random_torus(size: int, rule: Rule = LIFE, density: float = 0.5, seed: int = 0) -> Pattern:
    """A size×size random soup filling a torus of the same size. Raises EngineError when drawing it would exceed
    the memory budget (``life.limits``)."""
    check_memory(32 * size * size, f"a {size}x{size} random torus", EngineError)
    grid = np.random.default_rng(seed).random((size, size)) < density
    topo = Topology("torus", size, size)
    return Pattern.from_array(grid, topo.x0, topo.y0, rule=rule.with_topology(topo))


def measure(backend: str = "cpu", size: int = 4096, gens: int = 100, rule: Rule = LIFE,
            threads: int | None = None, seed: int = 0, repeats: int = 3, density: float = 0.5) -> dict:
    """Time ``gens`` generations of a size×size random torus on ``backend`` ("cpu": the bit-packed Numba kernel,
    "numpy": the reference engine, "cuda": the GPU engine); best of ``repeats`` after a warm-up generation (which
    compiles or loads the kernel). ``threads`` sets Numba's thread count for the run (default: all).

    Returns a dict with backend, rule, size, gens, threads, seconds (best), cell_updates_per_s.
    Raises ValueError for an unknown backend or non-positive sizes, EngineError when the cuda backend is
    unavailable.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: choose from {', '.join(BACKENDS)}")
    if size < 1 or gens < 1 or repeats < 1:
        raise ValueError("size, gens and repeats must be positive")
    pattern = random_torus(size, rule, density, seed)
    used_threads = 1
    previous = None
    if backend == "cpu":
        import numba

        previous = numba.get_num_threads()
        used_threads = min(threads or numba.config.NUMBA_NUM_THREADS, numba.config.NUMBA_NUM_THREADS)
        numba.set_num_threads(used_threads)
    try:
        u = make_universe(pattern, backend=backend)
        u.step(1)  # warm-up: compile or load the cached kernel
        best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            u.step(gens)
            best = min(best, time.perf_counter() - t)
    finally:
        if previous is not None:
            import numba

            numba.set_num_threads(previous)
    return {"backend": backend, "rule": rule.bs, "size": size, "gens": gens, "threads": used_threads,
            "seconds": best, "cell_updates_per_s": size * size * gens / best}


def machine_info() -> dict:
    """Facts about this machine worth recording beside benchmark numbers."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import numba

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "numba": numba.__version__, "platform": platform.platform()}


def write_results(path, doc: dict) -> None:
    """Write a benchmark's results ``doc`` as JSON to ``path`` atomically, making its folder, and say so."""
    import json

    from .atomic import write_bytes

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_bytes(path, (json.dumps(doc, indent=2) + "\n").encode())
    print(f"wrote {path}")
