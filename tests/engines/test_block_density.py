"""The bit-packed boards' density(): block counts straight from the words, checked against region() sums."""

import numpy as np
import pytest

from life import Pattern
from life.engines import make_universe
from life.engines.base import EngineError
from life.rules import Topology


def block_sums(u, x0, y0, w, h, scale):
    return u.region(x0, y0, w * scale, h * scale).reshape(h, scale, w, scale).sum(axis=(1, 3)) / scale ** 2


@pytest.mark.parametrize("kind,width,height", [("torus", 256, 192), ("torus", 100, 70), ("bounded", 130, 64)])
@pytest.mark.parametrize("scale", [1, 2, 3, 8, 16, 32, 64, 128, 200])
def test_density_equals_block_sums_of_region(kind, width, height, scale):
    rng = np.random.default_rng(scale)
    grid = rng.random((height, width)) < 0.3
    u = make_universe(Pattern.from_array(grid, -(width // 2), -(height // 2)), Topology(kind, width, height))
    assert u.fast_density
    # aligned with the board's words, off by a block, off by odd amounts, wrapping or hanging over the edge
    for x0, y0 in [(-(width // 2), -(height // 2)), (-(width // 2) + scale, -(height // 2)), (-300, -7),
                   (5, -90), (-(width // 2) + 64, 3)]:
        w = max(1, min(4, (width // 2 - x0) // scale)) if kind == "torus" else 4
        got = u.density(x0, y0, w, 3, scale)
        assert np.array_equal(got, block_sums(u, x0, y0, w, 3, scale)), (x0, y0)


def test_plane_board_density_is_dead_outside_the_board():
    grid = np.ones((10, 70), dtype=bool)
    u = make_universe(Pattern.from_array(grid, 3, -4), "plane", algo="plane")
    got = u.density(-64, -64, 5, 4, 32)
    assert got.sum() * 32 * 32 == 700 and np.array_equal(got, block_sums(u, -64, -64, 5, 4, 32))


def test_density_checks_its_arguments():
    u = make_universe(Pattern.from_strings(["OO"]), "torus:64x64")
    with pytest.raises(EngineError):
        u.density(0, 0, 2, 2, 0)
    with pytest.raises(EngineError):
        u.density(0, 0, -1, 2, 4)
    assert u.density(0, 0, 0, 3, 4).shape == (3, 0)
