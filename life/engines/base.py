"""The Universe interface: the one seam between engines and everything else."""

from __future__ import annotations

import abc

import numpy as np

from ..errors import LifeError
from ..limits import COORD_MAX, check_int, check_memory
from ..pattern import Pattern, normalize_cells
from ..rules import Rule, Topology

__all__ = ["Universe", "EngineError", "check_plane_rule"]

_SPARSE = 64  # density(): bin the live cells when the area exceeds population * _SPARSE
_BAND_CELLS = 1 << 24  # density(): cells read per region() call, bounding temporary memory
_MAX_STEP = (1 << 63) - 1  # engines without jumps count generations in int64


class EngineError(LifeError):
    """A universe cannot be built or edited as asked (pattern outside a bounded grid, unsupported rule...)."""


def check_plane_rule(rule: Rule, emulates_b0: bool = False) -> None:
    """EngineError unless ``rule`` can run on the unbounded plane. B0 rules (empty space gives birth) flip the
    whole infinite background every generation; only engines that emulate that as Golly does
    (``emulates_b0``: the Universe capability ``b0_plane``) take them. The census and every other plane engine
    refuse them through this one check."""
    if rule.has_b0 and not emulates_b0:
        raise EngineError(f"rule {rule.bs} has B0 (empty space gives birth), which flips the whole infinite plane "
                          "every generation; run it on a torus or bounded grid, or with the tiled, hashlife or "
                          "reference engine, instead")


def _blocks(v: np.ndarray, origin: int, scale: int) -> np.ndarray:
    """(v - origin) // scale for int64 coordinates ``v`` and any Python ints ``origin``, ``scale`` >= 1, without
    int64 overflow: measured from the smallest coordinate, with the rest of the offset added in Python ints."""
    low = int(v.min())
    k = (low - origin) // scale          # whole blocks between the origin and the smallest coordinate
    d = (low - origin) - k * scale       # 0 <= d < scale
    rel = v - low                        # 0 <= rel < 2^63
    if scale > _MAX_STEP:
        q, r = np.zeros_like(rel), rel
    else:
        q, r = rel // scale, rel % scale
    extra = r >= min(scale - d, _MAX_STEP)
    out = q + extra
    return out + k if -_MAX_STEP <= k <= _MAX_STEP else np.full_like(out, -1 if k < 0 else _MAX_STEP)


class Universe(abc.ABC):
    """A Life universe that can be stepped, inspected and edited.

    Coordinates are absolute cell coordinates (x right, y down). On a torus or bounded grid of size W×H the cells
    run from (-(W // 2), -(H // 2)) to that plus (W - 1, H - 1).

    Subclasses set ``name`` (the algorithm's name), ``topologies`` (the kinds they support) and implement the
    abstract members. What an engine can do beyond the core is declared here, with defaults that every engine
    inherits (as Golly's ``lifealgo`` does), so callers never probe an engine with ``getattr``:

    - ``jumps``: ``step(n)`` advances huge ``n`` cheaply on regular patterns (HashLife's 2^k jumps), so callers may
      ask for big steps at once instead of chunking them by the cost of one generation;
    - ``fast_density``: ``density()`` costs about the same at any scale (computed from the engine's own structure);
      otherwise the default reads ``region()`` or bins ``cells()``, and renderers use their own banded reading;
    - ``writes_macrocell``: ``write_macrocell()`` writes a ``.mc`` file straight from the engine's tree;
    - ``max_cells``: the most live cells ``cells()`` materialises (``None``: as many as memory holds);
    - ``any_rule``: runs every rule on the 3×3 neighbourhood (isotropic non-totalistic, hexagonal, von Neumann)
      through its lookup table or circuit, not only outer-totalistic Life-like rules;
    - ``b0_plane``: runs B0 rules on the unbounded plane as Golly does. The engine stores the real state while the
      infinite background is dead and its complement while it is alive (``background``), stepping the stored
      cells with the rule or a complemented form of it (``_phase_rule``). While the background is alive,
      ``region()`` and ``density()`` show the real state, ``bbox`` is the box of the cells that differ from the
      background, and ``population`` and ``cells()`` raise EngineError (infinitely many cells are alive).
    """

    name: str = "abstract"
    topologies: tuple = ()
    jumps: bool = False
    fast_density: bool = False
    writes_macrocell: bool = False
    max_cells: int | None = None
    any_rule: bool = False
    b0_plane: bool = False

    def __init__(self, rule: Rule, topology: Topology):
        if not (rule.is_life_like or self.any_rule):
            raise EngineError(f"the {self.name} engine runs Life-like rules only, not {rule.bs}; "
                              "use the dense, tiled, hashlife or reference engine")
        if topology.kind == "plane":
            check_plane_rule(rule, self.b0_plane)
        self._rule = rule.with_topology(None if topology.kind == "plane" else topology)
        self._topology = topology
        self._generation = 0
        self._background = 0

    @property
    def background(self) -> int:
        """State of the cells far from the pattern: 1 when a B0 rule on the plane has made the infinite
        background alive (see ``b0_plane``), else 0."""
        return self._background

    def _phase_rule(self):
        """(rule stepping the stored cells one generation, background after it), for the current background.
        Stored cells are the real ones over a dead background and their complement over a live one, so the
        stored background is always dead and every phase rule is free of B0."""
        r = self._rule
        if not r.has_b0:
            return r, 0
        cache = self.__dict__.setdefault("_phase_cache", {})
        if self._background not in cache:
            if self._background == 0:
                phase = r.complemented(False, True), 1     # the background comes alive: store the complement
            elif r.table[511]:                             # a live cell with every neighbour live survives
                phase = r.complemented(True, True), 1
            else:
                phase = r.complemented(True, False), 0
            cache[self._background] = phase
        return cache[self._background]

    def _finite(self, what: str) -> None:
        """EngineError when infinitely many cells are alive (a live background), naming what was asked."""
        if self._background:
            raise EngineError(f"generation {self._generation} of {self._rule.bs} has a live infinite background, "
                              f"so its {what} is infinite; read region() (or invert a window of it) instead")

    # -- properties ------------------------------------------------------------------------------------------
    @property
    def rule(self) -> Rule:
        """The rule, with the topology suffix when the grid is bounded."""
        return self._rule

    @property
    def topology(self) -> Topology:
        return self._topology

    @property
    def generation(self) -> int:
        """Generations stepped since the universe was made (plus the pattern's own starting generation)."""
        return self._generation

    @property
    @abc.abstractmethod
    def population(self) -> int:
        """Number of live cells."""

    @property
    def bbox(self):
        """(x, y, width, height) of the live cells, or None when there are none."""
        c = self.cells()
        if len(c) == 0:
            return None
        lo, hi = c.min(axis=0).tolist(), c.max(axis=0).tolist()  # Python ints: widths near 2^63 overflow int64
        return (lo[0], lo[1], hi[0] - lo[0] + 1, hi[1] - lo[1] + 1)

    # -- dynamics --------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def step(self, n: int = 1) -> "Universe":
        """Advance ``n`` generations (n >= 0). Returns self."""

    # -- inspection ------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def cells(self) -> np.ndarray:
        """Live cells as an N×2 int64 array of (x, y), sorted by y then x."""

    @abc.abstractmethod
    def region(self, x0: int, y0: int, w: int, h: int) -> np.ndarray:
        """bool[h, w]: the cells with x0 <= x < x0 + w and y0 <= y < y0 + h (outside a bounded grid: dead;
        on a torus the coordinates wrap)."""

    def density(self, x0: int, y0: int, w: int, h: int, scale: int) -> np.ndarray:
        """float64[h, w]: the fraction of live cells in each ``scale`` × ``scale`` block, block (i, j) covering
        x0 + j*scale <= x < x0 + (j+1)*scale and likewise in y (any block with a live cell is > 0).

        This default bins the live cells when the area is sparse and reads ``region()`` in bands otherwise;
        engines with ``fast_density`` override it. Raises EngineError for a negative size or scale < 1."""
        x0, y0, w, h, scale = self._check_region(w, h, x0, y0, scale=scale, itemsize=16)
        counts = np.zeros((h, w), dtype=np.int64)
        if w == 0 or h == 0 or (not self._background and self.population == 0):
            return counts.astype(np.float64)
        if not self._background and w * h * scale * scale > _SPARSE * self.population:
            c = self.cells()
            bx, by = _blocks(c[:, 0], x0, scale), _blocks(c[:, 1], y0, scale)
            inside = (bx >= 0) & (bx < w) & (by >= 0) & (by < h)
            np.add.at(counts, (by[inside], bx[inside]), 1)
        else:
            rows = max(1, _BAND_CELLS // (w * scale * scale))  # block rows per region() call
            for r in range(0, h, rows):
                n = min(rows, h - r)
                band = self.region(x0, y0 + r * scale, w * scale, n * scale)
                counts[r:r + n] = band.reshape(n, scale, w, scale).sum(axis=(1, 3))
        return counts / float(scale * scale)

    def write_macrocell(self, path) -> None:
        """Write the universe as a macrocell ``.mc`` file straight from the engine's tree (engines with
        ``writes_macrocell`` only; others go through ``to_pattern`` and ``life.save``). Raises EngineError."""
        raise EngineError(f"the {self.name} engine cannot write macrocell files directly; "
                          "save its pattern with life.save instead")

    # -- editing ---------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def set_cells(self, coords, alive: bool = True) -> None:
        """Make the cells at ``coords`` (N×2 of (x, y)) alive, or dead with ``alive=False``."""

    def set_block(self, x0: int, y0: int, grid) -> None:
        """Make alive the cells where bool[h, w] ``grid``, its top-left cell at (x0, y0), is True (the others keep
        their state): ``set_cells`` for a whole block at once, which the dense engine packs straight into its
        words. Raises EngineError as ``set_cells`` does."""
        ys, xs = np.nonzero(np.asarray(grid, dtype=bool))
        if len(xs):
            self.set_cells(np.stack([xs + int(x0), ys + int(y0)], axis=1))

    # -- helpers shared by engines ---------------------------------------------------------------------------
    def to_pattern(self, **meta) -> Pattern:
        """The current state as a Pattern (rule and generation included)."""
        return Pattern(self.cells(), rule=self.rule, generation=self.generation, **meta)

    @staticmethod
    def _check_grid(pattern: Pattern, topology: Topology, nbytes: int) -> None:
        """EngineError when a torus or bounded grid needs ``nbytes`` beyond the memory budget, or when the
        pattern's bounding box is larger than a torus in a finite direction (its cells would wrap onto each
        other)."""
        check_memory(nbytes, f"a {topology.width}x{topology.height} {topology.kind}", EngineError)
        bb = pattern.bbox
        if topology.kind == "torus" and bb is not None and (0 < topology.width < bb[2] or 0 < topology.height < bb[3]):
            raise EngineError(f"the pattern is {bb[2]}x{bb[3]} cells, larger than the {topology.width}x"
                              f"{topology.height} torus it would wrap onto; use a larger torus or the plane")

    @staticmethod
    def _coords(coords) -> np.ndarray:
        try:
            return normalize_cells(coords)
        except ValueError as e:
            raise EngineError(str(e)) from None

    def _check_n(self, n) -> int:
        """``n`` as an int: a non-negative integer, below 2^63 unless the engine ``jumps``. Raises EngineError."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise EngineError(f"generations must be an integer, got {n!r}")
        if n < 0:
            raise EngineError(f"cannot step a negative number of generations ({n})")
        if n > _MAX_STEP and not self.jumps:
            raise EngineError(f"cannot step {n} generations at once on the {self.name} engine (at most 2^63 - 1); "
                              "the hashlife engine takes larger jumps")
        return int(n)

    def _check_region(self, w, h, x0=0, y0=0, scale=1, itemsize=1):
        """(x0, y0, w, h, scale) as Python ints, after checking that they are integers (not bool, not float),
        the sizes non-negative and at most 2^62, and the w × h result of ``itemsize`` bytes per entry within the
        memory budget. Any integer corner is valid (far outside the cells the window is empty, on a torus it
        wraps): engines reduce it before any int64 arithmetic. Raises EngineError."""
        w = check_int(w, "region width", EngineError)
        h = check_int(h, "region height", EngineError)
        if w < 0 or h < 0:
            raise EngineError(f"region size {w}x{h} is negative")
        if max(w, h) > COORD_MAX + 1:
            raise EngineError(f"region size {w}x{h} is beyond 2^62 cells")
        scale = check_int(scale, "density scale", EngineError)
        if scale < 1:
            raise EngineError(f"density scale must be a positive integer, got {scale!r}")
        x0 = check_int(x0, "region x", EngineError)
        y0 = check_int(y0, "region y", EngineError)
        check_memory(w * h * itemsize, f"a {w}x{h} region", EngineError)
        return x0, y0, w, h, scale

    def __repr__(self):
        pop = "inf" if self._background else self.population
        return f"<{type(self).__name__} {self.rule.bs} {self.topology} gen={self.generation} pop={pop}>"
