"""Universe.set_block: a whole block of cells at once, equal to set_cells of its live cells on every engine and
grid, across word edges, torus seams and the border ring of glued grids."""

import numpy as np
import pytest

from life import make_universe
from life.engines import EngineError
from life.pattern import Pattern
from tests.oracle import assert_same_universe

CASES = [
    ("dense", "torus:130x70"), ("dense", "torus:64x64"), ("dense", "bounded:130x70"), ("dense", "K97*,40"),
    ("dense", "S70"),
    ("dense", "T40+3,30"), ("tiled", "plane"), ("hashlife", "plane"), ("reference", "torus:130x70"),
]


def _pair(algo, topo, seed_cells):
    return [make_universe(Pattern(seed_cells), topo, algo=algo) for _ in range(2)]


@pytest.mark.parametrize("algo,topo", CASES)
def test_set_block_equals_set_cells_of_its_live_cells(algo, topo):
    rng = np.random.default_rng(abs(hash((algo, topo))) % 2**32)
    a, b = _pair(algo, topo, [(1, 1), (2, 1), (3, 1)])
    top = a.topology
    finite = top.is_finite
    for _ in range(12):
        h = int(rng.integers(0, 40)) if not finite else int(rng.integers(0, top.height + 1))
        w = int(rng.integers(0, 150)) if not finite else int(rng.integers(0, top.width + 1))
        grid = rng.random((h, w)) < 0.3
        if finite and top.kind != "torus":
            x0 = top.x0 + int(rng.integers(0, top.width - w + 1))
            y0 = top.y0 + int(rng.integers(0, top.height - h + 1))
        else:  # anywhere: the torus wraps the block across its seams
            x0, y0 = (int(v) for v in rng.integers(-300, 300, 2))
        a.set_block(x0, y0, grid)
        ys, xs = np.nonzero(grid)
        if len(xs):
            b.set_cells(np.stack([xs + x0, ys + y0], axis=1))
        assert_same_universe(a, b)
    a.step(5)
    b.step(5)
    assert_same_universe(a, b)


def test_set_block_off_a_bounded_grid_is_refused_like_set_cells():
    (u, _) = _pair("dense", "bounded:64x64", [])
    with pytest.raises(EngineError, match="outside"):
        u.set_block(60, 0, np.ones((2, 8), dtype=bool))
    assert u.population == 0
