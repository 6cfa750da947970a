"""Pattern: an immutable set of live cells with its rule and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .limits import COORD_MAX, check_memory
from .rules import LIFE, Rule

__all__ = ["Pattern", "normalize_cells"]


def normalize_cells(coords) -> np.ndarray:
    """Return ``coords`` as a read-only, sorted (by y then x), duplicate-free N×2 int64 array of (x, y).

    Raises ValueError when the input is not N×2 integers, or a coordinate lies beyond ±``COORD_MAX``
    (``life.limits``: ±(2^62 - 1)).
    """
    try:
        a = np.asarray(coords)
    except (ValueError, TypeError) as e:
        raise ValueError(f"cells must be an N×2 array of integer (x, y): {e}") from None
    if a.size == 0:
        out = np.zeros((0, 2), dtype=np.int64)
        out.flags.writeable = False
        return out
    if a.ndim != 2 or a.shape[1] != 2:
        raise ValueError(f"cells must be an N×2 array of (x, y), got shape {a.shape}")
    if a.dtype.kind == "O":  # Python ints too large for int64, or mixed objects
        a = _object_coords(a)
    if a.dtype.kind not in "iub":
        if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.round(a)):
            _check_range(a)  # before the cast, which would wrap
            a = a.astype(np.int64)
        else:
            raise ValueError(f"cell coordinates must be integers, got {a.dtype}")
    _check_range(a)
    a = np.ascontiguousarray(a, dtype=np.int64)
    dy, dx = np.diff(a[:, 1]), np.diff(a[:, 0])
    if not np.all((dy > 0) | ((dy == 0) & (dx > 0))):  # not already sorted and unique (np.nonzero output is)
        del dy, dx
        lo, hi = a.min(axis=0), a.max(axis=0)
        if (hi - lo < (1 << 31)).all():
            # one int64 key per cell, y in the high half: a plain sort (faster and smaller than lexsort)
            key = ((a[:, 1] - lo[1]) << 32) | (a[:, 0] - lo[0])
            key.sort()
            if len(key) > 1 and not (key[1:] != key[:-1]).all():
                key = key[np.concatenate(([True], key[1:] != key[:-1]))]
            a = np.empty((len(key), 2), dtype=np.int64)
            a[:, 0] = (key & 0xFFFFFFFF) + lo[0]
            a[:, 1] = (key >> 32) + lo[1]
        else:
            a = a[np.lexsort((a[:, 0], a[:, 1]))]
            keep = np.ones(len(a), dtype=bool)
            keep[1:] = np.any(a[1:] != a[:-1], axis=1)
            a = np.ascontiguousarray(a[keep])
    if a.flags.writeable and isinstance(coords, np.ndarray) and np.may_share_memory(a, coords):
        a = a.copy()  # never freeze the caller's array
    a.flags.writeable = False
    return a


def _object_coords(a: np.ndarray) -> np.ndarray:
    """An object array of coordinates as int64, refusing what is not an integer or lies out of range."""
    flat = a.reshape(-1)
    for v in flat:
        if isinstance(v, bool) or not hasattr(v, "__index__"):
            raise ValueError(f"cell coordinates must be integers, got {v!r}")
        if not -COORD_MAX <= int(v) <= COORD_MAX:
            raise ValueError(f"cell coordinate {int(v)} is beyond the range ±(2^62 - 1)")
    return np.array([int(v) for v in flat], dtype=np.int64).reshape(a.shape)


def _check_range(a: np.ndarray) -> None:
    """ValueError unless every value of numeric array ``a`` lies within ±COORD_MAX."""
    if a.dtype.kind == "b" or a.dtype.itemsize < 8 and a.dtype.kind in "iu":
        return
    lo, hi = a.min(), a.max()
    if lo < -COORD_MAX or hi > COORD_MAX:
        bad = lo if lo < -COORD_MAX else hi
        bad = int(bad) if a.dtype.kind in "iu" or np.isfinite(bad) else float(bad)
        raise ValueError(f"cell coordinate {bad} is beyond the range ±(2^62 - 1)")


@dataclass(frozen=True, eq=False)
class Pattern:
    """Live cells (N×2 int64, x right, y down, sorted and unique) plus rule and metadata.

    ``generation`` is the generation the cells belong to (RLE ``#CXRLE Gen=``); ``comments`` are free text lines.
    Patterns are immutable: derive new ones with ``replace``/``translated``.
    """

    cells: np.ndarray = field(default_factory=lambda: normalize_cells([]))
    rule: Rule = LIFE
    name: str | None = None
    author: str | None = None
    comments: tuple = ()
    generation: int = 0

    def __post_init__(self):
        object.__setattr__(self, "cells", normalize_cells(self.cells))
        if not isinstance(self.rule, Rule):
            object.__setattr__(self, "rule", Rule.parse(str(self.rule)))
        object.__setattr__(self, "comments", tuple(self.comments))
        object.__setattr__(self, "generation", int(self.generation))

    @classmethod
    def from_array(cls, grid, x0: int = 0, y0: int = 0, **kw) -> "Pattern":
        """Pattern from a 2-D boolean array whose top-left cell sits at (x0, y0)."""
        ys, xs = np.nonzero(np.asarray(grid))
        return cls(np.stack([xs + x0, ys + y0], axis=1), **kw)

    @classmethod
    def from_strings(cls, rows, x0: int = 0, y0: int = 0, alive: str = "O*o#", **kw) -> "Pattern":
        """Pattern from rows of text where any of ``alive`` is a live cell (``[".O.", "..O", "OOO"]``)."""
        if isinstance(rows, str):
            rows = rows.strip("\n").splitlines()
        cells = [(x + x0, y + y0) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch in alive]
        return cls(np.array(cells, dtype=np.int64).reshape(-1, 2), **kw)

    @property
    def population(self) -> int:
        """Number of live cells."""
        return len(self.cells)

    @property
    def bbox(self):
        """(x, y, width, height) of the live cells, or None when empty."""
        if len(self.cells) == 0:
            return None
        lo = self.cells.min(axis=0).tolist()
        hi = self.cells.max(axis=0).tolist()  # Python ints: the width of a box near ±2^62 overflows int64
        return (lo[0], lo[1], hi[0] - lo[0] + 1, hi[1] - lo[1] + 1)

    def to_array(self):
        """(grid bool[h, w], x0, y0): the bounding box as a dense array. Empty pattern -> 0×0 at (0, 0).
        Raises ValueError when the array would exceed the memory budget (``life.limits``)."""
        bb = self.bbox
        if bb is None:
            return np.zeros((0, 0), dtype=bool), 0, 0
        x0, y0, w, h = bb
        check_memory(w * h, f"a {w}x{h} array of the pattern's bounding box")
        grid = np.zeros((h, w), dtype=bool)
        grid[self.cells[:, 1] - y0, self.cells[:, 0] - x0] = True
        return grid, x0, y0

    def translated(self, dx: int, dy: int) -> "Pattern":
        """The same pattern moved by (dx, dy). Raises ValueError when a cell would leave ±``COORD_MAX``."""
        dx, dy = int(dx), int(dy)
        bb = self.bbox
        if bb is not None:
            x, y, w, h = bb
            if min(x + dx, y + dy) < -COORD_MAX or max(x + w - 1 + dx, y + h - 1 + dy) > COORD_MAX:
                raise ValueError(f"moving the pattern by ({dx}, {dy}) puts cells beyond the range ±(2^62 - 1)")
        return replace(self, cells=self.cells + np.array([dx, dy], dtype=np.int64))

    def replace(self, **changes) -> "Pattern":
        """A copy with the given fields changed."""
        return replace(self, **changes)

    def same_cells(self, other: "Pattern") -> bool:
        """True when both patterns have exactly the same live cells."""
        return self.cells.shape == other.cells.shape and bool(np.array_equal(self.cells, other.cells))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.same_cells(other) and self.rule == other.rule and self.name == other.name
                and self.author == other.author and self.comments == other.comments
                and self.generation == other.generation)

    __hash__ = None

    def __repr__(self):
        label = f" {self.name!r}" if self.name else ""
        return f"<Pattern{label} {self.population} cells, rule {self.rule}, bbox {self.bbox}>"
