"""Engines behind the Universe interface, and ``make_universe`` which picks one.

Callers never import a kernel: they ask ``make_universe`` for a Universe and talk to it.
"""

from __future__ import annotations

from ..limits import memory_budget_override
from ..pattern import Pattern
from ..rules import RuleError, Topology
from .base import EngineError, Universe

__all__ = ["make_universe", "engine_class", "backend_unavailable", "resolve_topology", "Universe", "EngineError",
           "ALGORITHMS", "BACKENDS"]

# name -> (module, class); imported lazily so that `import life` compiles nothing.
_ENGINES = {
    "reference": ("reference", "ReferenceUniverse"),
    "dense": ("dense", "DenseUniverse"),
    "plane": ("plane", "PlaneUniverse"),
    "strip": ("strip", "StripUniverse"),
    "hashlife": ("hashlife", "HashLifeUniverse"),
    "tiled": ("tiled", "TiledPlaneUniverse"),
    "settling": ("settling", "SettlingUniverse"),
    "soup": ("settling", "SettlingUniverse"),   # the settling engine's former name
}
ALGORITHMS = ("auto",) + tuple(_ENGINES)


def engine_class(name: str):
    """The Universe subclass registered as ``name`` (imported on first use). Raises EngineError."""
    import importlib

    try:
        module, cls = _ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown algorithm {name!r}: choose from {', '.join(ALGORITHMS)}") from None
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


BACKENDS = ("auto", "cpu", "numpy", "cuda")


def backend_unavailable(backend: str) -> str | None:
    """Why ``backend`` (one of ``BACKENDS``) cannot run here, as one line, or None when it can. Only cuda can be
    missing (no numba-cuda, driver or GPU); asking initialises the CUDA driver once."""
    if backend not in BACKENDS:
        raise EngineError(f"unknown backend {backend!r}: choose from {', '.join(BACKENDS)}")
    if backend == "cuda":
        from .cuda import unavailable_reason

        return unavailable_reason()
    return None


def resolve_topology(pattern: Pattern, topology=None) -> Topology:
    """The topology a universe for ``pattern`` lives on: the argument (a Topology or a string such as
    ``"torus:64x64"``), else the rule's bounded-grid suffix, else the unbounded plane."""
    if topology is None:
        return pattern.rule.topology or Topology("plane")
    if isinstance(topology, Topology):
        return topology
    try:
        return Topology.parse(str(topology))
    except RuleError as e:
        raise EngineError(str(e)) from None


def make_universe(pattern: Pattern, topology=None, algo: str = "auto", backend: str = "auto",
                  memory_budget=None) -> Universe:
    """Build a Universe holding ``pattern``.

    ``topology``: a Topology, ``"plane"``, ``"torus:WxH"``, ``"bounded:WxH"``, a Golly grid such as ``"K40*,20"``
    or None (use the rule's suffix, else the plane). ``algo``: ``"auto"`` (dense for finite grids, strip for
    grids with one infinite dimension, tiled for the unbounded plane) or a name from ``ALGORITHMS`` (``plane``:
    one growing board, good for dense soups; ``hashlife``: jumps of 2^k).
    ``backend``: ``"auto"``/``"cpu"`` (Numba), ``"numpy"`` (the reference engine), ``"cuda"`` (the dense engine
    on a CUDA GPU: torus and bounded grids; needs numba-cuda, ``pip install 'life[cuda]'``).
    ``memory_budget``: bytes (or ``"16G"``) the board may take, instead of ``life.limits.memory_budget()``.
    Raises EngineError when the combination is not supported (e.g. a B0 rule on the plane engine), when the
    board would exceed the memory budget, or "cuda backend unavailable: <reason>" when the cuda backend cannot
    run here.
    """
    try:
        budget = memory_budget_override(memory_budget)
    except ValueError as e:
        raise EngineError(str(e)) from None
    with budget:
        return _make_universe(pattern, topology, algo, backend)


def _make_universe(pattern: Pattern, topology, algo: str, backend: str) -> Universe:
    if not isinstance(pattern, Pattern):
        raise EngineError(f"make_universe needs a Pattern, got {type(pattern).__name__}")
    topo = resolve_topology(pattern, topology)
    strip = topo.kind != "plane" and not topo.is_finite  # a cylinder or strip: one dimension infinite
    if backend not in BACKENDS:
        raise EngineError(f"unknown backend {backend!r}: choose from {', '.join(BACKENDS)}")
    if backend == "cuda":
        if algo not in ("auto", "dense"):
            raise EngineError(f"backend 'cuda' runs the dense torus/bounded-grid engine on the GPU, not {algo!r}")
        if topo.kind == "plane" or strip:
            raise EngineError("backend 'cuda' runs finite torus and bounded grids only; give a topology such as "
                              "torus:4096x4096")
        from .cuda import CudaUniverse

        return CudaUniverse(pattern, topo)
    if backend == "numpy":
        if algo not in ("auto", "reference"):
            raise EngineError(f"backend 'numpy' runs only the reference engine, not {algo!r}")
        algo = "reference"
    if algo == "auto":
        algo = "tiled" if topo.kind == "plane" else "strip" if strip else "dense"
    cls = engine_class(algo)
    if topo.kind not in cls.topologies:
        raise EngineError(f"the {algo} engine does not support the {topo.kind} topology")
    return cls(pattern, topo)
