"""Random soups: ``WxH[:density][@seed]`` specs and seeded generation, and apgsearch's hashed C1 soups.

A soup is a W×H rectangle whose cells are alive independently with probability ``density``, drawn from a
``numpy.random.Generator`` seeded with ``seed`` (so the same spec always gives the same soup). Its top-left cell is
at (-(W // 2), -(H // 2)), which is exactly the top-left cell of a W×H torus or bounded grid.

An apgsearch soup id (``apg_soup``) names the 16×16 C1 soup that apgsearch and Catagolue derive from the SHA-256
digest of the id: a census of seed root R runs the ids R + "0", R + "1", ... Its top-left cell is at (-8, -8).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

import numpy as np

from .errors import LifeError
from .limits import check_memory
from .pattern import Pattern
from .rules import LIFE, Rule

__all__ = ["SoupSpec", "SoupError", "parse_soup", "make_soup", "soup_grid", "MAX_SOUP_CELLS", "apg_soup_grid",
           "apg_soup", "check_soup_id", "MAX_SOUP_ID"]

MAX_SOUP_CELLS = 1 << 28
"""Largest soup area accepted (16384² cells); a soup is held as a list of live cells (16 bytes each), so a
bigger one would need many GB of memory."""


MAX_SOUP_ID = 1000
"""Longest apgsearch soup id accepted (characters)."""


class SoupError(LifeError):
    """A soup spec that cannot be parsed or generated; the message says what is wrong."""


@dataclass(frozen=True)
class SoupSpec:
    """A soup of ``width``×``height`` cells, each alive with probability ``density``; ``seed`` picks the soup."""

    width: int
    height: int
    density: float = 0.5
    seed: int = 0

    def __post_init__(self):
        if self.width <= 0 or self.height <= 0:
            raise SoupError(f"soup size {self.width}x{self.height} must be positive")
        if self.width * self.height > MAX_SOUP_CELLS:
            raise SoupError(f"soup {self.width}x{self.height} is too large (at most {MAX_SOUP_CELLS} cells)")
        if not 0.0 <= self.density <= 1.0:
            raise SoupError(f"soup density {self.density} is not between 0 and 1")
        if self.seed < 0:
            raise SoupError(f"soup seed {self.seed} is negative")

    def __str__(self) -> str:
        return f"{self.width}x{self.height}:{self.density:g}@{self.seed}"


_SPEC = re.compile(r"(?P<w>\d+)\s*x\s*(?P<h>\d+)(?:\s*:\s*(?P<d>[^@]+?))?(?:\s*@\s*(?P<s>\S+))?")


def parse_soup(text: str, default_seed: int | None = None) -> SoupSpec:
    """Parse ``WxH[:density][@seed]`` (e.g. ``64x64``, ``256x256:0.35@7``). Density defaults to 0.5, given as a
    fraction or a percentage (``35%``). Without a seed, ``default_seed`` is used, or a fresh random one (read it
    back from the returned spec to reproduce the soup). Raises SoupError."""
    m = _SPEC.fullmatch(text.strip().lower())
    if not m:
        raise SoupError(f"bad soup {text!r}: expected WxH[:density][@seed], e.g. 64x64:0.5@1")
    density = 0.5
    if m.group("d") is not None:
        d = m.group("d").strip()
        try:
            density = float(d[:-1]) / 100 if d.endswith("%") else float(d)
        except ValueError:
            raise SoupError(f"bad soup {text!r}: density {d!r} is not a number") from None
        if density != density:  # NaN
            raise SoupError(f"bad soup {text!r}: density is not a number")
    if m.group("s") is not None:
        try:
            seed = int(m.group("s"))
        except ValueError:
            raise SoupError(f"bad soup {text!r}: seed {m.group('s')!r} is not a non-negative integer") from None
    elif default_seed is not None:
        seed = int(default_seed)
    else:
        seed = secrets.randbits(32)
    try:
        return SoupSpec(int(m.group("w")), int(m.group("h")), density, seed)
    except SoupError as e:
        raise SoupError(f"bad soup {text!r}: {e}") from None


def soup_grid(spec: SoupSpec) -> np.ndarray:
    """bool[height, width]: the soup's cells, drawn from ``numpy.random.default_rng(seed)``. Raises SoupError
    when the grid and its live cells' coordinates (16 bytes each) would exceed the memory budget."""
    area = spec.width * spec.height
    check_memory(area + int(16 * spec.density * area), f"a {spec.width}x{spec.height} soup", SoupError)
    rng = np.random.default_rng(spec.seed)
    # float32 draws halve the memory of float64 ones; the density resolution (2**-24) is ample.
    grid = np.empty((spec.height, spec.width), dtype=bool)
    rows = max(1, (1 << 22) // spec.width)  # generate in bands to bound temporary memory
    for y in range(0, spec.height, rows):
        band = rng.random((min(rows, spec.height - y), spec.width), dtype=np.float32)
        np.less(band, spec.density, out=grid[y:y + len(band)])
    return grid


def make_soup(spec: SoupSpec | str, rule: Rule = LIFE) -> Pattern:
    """The soup as a Pattern with top-left cell (-(W // 2), -(H // 2)), named after its spec."""
    if isinstance(spec, str):
        spec = parse_soup(spec)
    grid = soup_grid(spec)
    return Pattern.from_array(grid, -(spec.width // 2), -(spec.height // 2), rule=rule, name=f"soup {spec}")


def check_soup_id(soup_id: str) -> str:
    """``soup_id`` without a leading ``C1/`` (Catagolue's symmetry prefix), checked: printable ASCII without
    spaces, 1..MAX_SOUP_ID characters. Other symmetries than C1 are refused. Raises SoupError."""
    text = str(soup_id)
    sym, sep, rest = text.partition("/")
    if sep:
        if sym != "C1":
            raise SoupError(f"soup id {text!r}: only C1 soups are supported, not {sym}")
        text = rest
    if not text:
        raise SoupError("empty soup id")
    if len(text) > MAX_SOUP_ID:
        raise SoupError(f"soup id of {len(text)} characters is too long (at most {MAX_SOUP_ID})")
    if not all(33 <= ord(ch) < 127 for ch in text):
        raise SoupError(f"soup id {text!r}: only printable ASCII characters without spaces")
    return text


def apg_soup_grid(soup_id: str) -> np.ndarray:
    """bool[16, 16]: the C1 soup apgsearch derives from ``soup_id`` (rows y, columns x).

    Row y is bytes 2y and 2y + 1 of the SHA-256 digest of the id read as one big-endian 16-bit number whose bit
    k (0 = least significant) is the cell in column k — lifelib's ``hashsoup`` layout for C1. Raises SoupError.
    """
    digest = hashlib.sha256(check_soup_id(soup_id).encode("ascii")).digest()
    rows = np.frombuffer(digest, dtype=">u2").astype(np.uint32)
    return ((rows[:, None] >> np.arange(16, dtype=np.uint32)[None, :]) & 1).astype(bool)


def apg_soup(soup_id: str, rule: Rule = LIFE) -> Pattern:
    """The C1 soup apgsearch derives from ``soup_id`` as a Pattern, top-left cell at (-8, -8). Raises
    SoupError."""
    soup_id = check_soup_id(soup_id)
    return Pattern.from_array(apg_soup_grid(soup_id), -8, -8, rule=rule, name=f"soup C1/{soup_id}",
                              comments=(f"apgsearch C1 soup {soup_id}",))
