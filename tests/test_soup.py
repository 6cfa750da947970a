"""Random soups behind ``life run --soup WxH[:density][@seed]``: parsing and seeded generation."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from life import make_universe
from life.soup import MAX_SOUP_CELLS, SoupError, SoupSpec, make_soup, parse_soup, soup_grid


@pytest.mark.parametrize("text,spec", [
    ("64x48@3", SoupSpec(64, 48, 0.5, 3)),
    ("256x128:0.35@7", SoupSpec(256, 128, 0.35, 7)),
    ("10X10:35%@1", SoupSpec(10, 10, 0.35, 1)),
    (" 5 x 6 : 1 @ 0 ", SoupSpec(5, 6, 1.0, 0)),
    ("5x6:0", SoupSpec(5, 6, 0.0, 42)),
])
def test_parse(text, spec):
    assert parse_soup(text, default_seed=42) == spec


def test_parse_without_seed_draws_one():
    seeds = {parse_soup("8x8").seed for _ in range(5)}
    assert len(seeds) > 1 and all(s >= 0 for s in seeds)


@pytest.mark.parametrize("text", ["", "10", "0x5", "5x0", "10x10:abc", "10x10:1.5", "10x10:-0.1", "10x10@-1",
                                  "10x10@x", "10x10:nan", "x10", "10x10:0.5@1@2"])
def test_parse_rejects(text):
    with pytest.raises(SoupError, match="soup"):
        parse_soup(text)


def test_too_large():
    side = math.isqrt(MAX_SOUP_CELLS) + 1
    with pytest.raises(SoupError, match="too large"):
        parse_soup(f"{side}x{side}@1")


@given(w=st.integers(1, 300), h=st.integers(1, 300), d=st.floats(0, 1), seed=st.integers(0, 2 ** 32))
def test_str_roundtrip(w, h, d, seed):
    spec = SoupSpec(w, h, d, seed)
    again = parse_soup(str(spec))
    assert (again.width, again.height, again.seed) == (w, h, seed)
    assert again.density == pytest.approx(d, rel=1e-5, abs=1e-6)


def test_seeded_soups_repeat_and_differ():
    a, b, c = (make_soup(SoupSpec(50, 40, 0.5, s)) for s in (1, 1, 2))
    assert a.same_cells(b) and not a.same_cells(c)


@pytest.mark.parametrize("w,h", [(50, 40), (7, 3), (64, 64)])
def test_soup_box_matches_torus(w, h):
    p = make_soup(SoupSpec(w, h, 0.9, 5))
    x, y = p.cells[:, 0], p.cells[:, 1]
    assert x.min() >= -(w // 2) and x.max() < -(w // 2) + w
    assert y.min() >= -(h // 2) and y.max() < -(h // 2) + h
    u = make_universe(p, f"torus:{w}x{h}")
    assert u.population == p.population  # every cell lands on its own torus cell


@pytest.mark.parametrize("density", [0.0, 1.0])
def test_extreme_densities(density):
    p = make_soup(SoupSpec(20, 10, density, 3))
    assert p.population == 200 * density


@pytest.mark.parametrize("density", [0.1, 0.5, 0.8])
def test_density_is_respected(density):
    n = 200 * 150
    pop = make_soup(SoupSpec(200, 150, density, 11)).population
    sigma = math.sqrt(n * density * (1 - density))
    assert abs(pop - n * density) < 5 * sigma


def test_rows_are_independent_across_bands():
    # soups wider than one generation band still get fresh random numbers on every row
    grid = soup_grid(SoupSpec(1 << 16, 200, 0.5, 4))
    rows = grid.view(np.uint8)
    assert len({rows[i].tobytes() for i in range(len(rows))}) == len(rows)
