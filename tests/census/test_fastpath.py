"""The census's fast paths agree with the plain ones: batch soup hashing, copied universes, the heapsort."""

import numpy as np
import pytest

from life.census.objects import _row_order, find_period
from life.census.soups import apg_soup_grids
from life.engines.settling import SettlingUniverse
from life.rules import LIFE, Rule
from life.soup import SoupError, apg_soup_grid


def test_batch_hashed_soups_are_apgsearchs_soups_across_digit_boundaries():
    for start, stop in ((0, 12), (95, 105), (998, 1003)):
        grids = apg_soup_grids("k_fast", start, stop)
        assert grids.shape == (stop - start, 16, 16)
        for k, i in enumerate(range(start, stop)):
            assert (grids[k] == apg_soup_grid(f"k_fast{i}")).all()
    assert (apg_soup_grids("C1/k_fast", 3, 4)[0] == apg_soup_grid("k_fast3")).all()
    assert apg_soup_grids("k_fast", 5, 5).shape == (0, 16, 16)
    with pytest.raises(SoupError):
        apg_soup_grids("k fast", 0, 2)


def test_universes_copied_from_the_blank_one_are_independent():
    glider = np.array([[1, 0], [2, 1], [0, 2], [1, 2], [2, 2]])
    a = SettlingUniverse.from_cells(glider, LIFE)
    b = SettlingUniverse.from_cells(glider + 40, LIFE)
    a.step(8)
    in_order = glider[np.lexsort((glider[:, 0], glider[:, 1]))]
    assert a.cells().tolist() == (in_order + 2).tolist()  # a glider moves (1, 1) every 4 generations
    assert b.generation == 0 and b.cells().tolist() == (in_order + 40).tolist()
    c = SettlingUniverse.blank(LIFE, 7)
    assert c.generation == 7 and c.population == 0
    # a different rule gets its own blank universe
    assert SettlingUniverse.blank(Rule.parse("B36/S23")).rule.bs == "B36/S23"


def test_the_heapsort_orders_cells_by_row_then_column():
    rng = np.random.default_rng(5)
    for n in (0, 1, 2, 3, 8, 100, 777):
        cells = np.unique(rng.integers(-40, 40, size=(n, 2)), axis=0)
        rng.shuffle(cells)
        xs, ys = np.ascontiguousarray(cells[:, 0]), np.ascontiguousarray(cells[:, 1])
        assert _row_order(xs, ys).tolist() == np.lexsort((xs, ys)).tolist()


def test_find_period_gives_periods_displacements_and_every_phase():
    glider = np.array([[1, 0], [2, 1], [0, 2], [1, 2], [2, 2]])
    p, dx, dy, phases = find_period(glider, LIFE, 60)
    assert (p, dx, dy, len(phases)) == (4, 1, 1, 4)
    blinker = np.array([[0, 0], [1, 0], [2, 0]])
    p, dx, dy, phases = find_period(blinker, LIFE, 60)
    assert (p, dx, dy) == (2, 0, 0) and phases[1].tolist() == [[1, -1], [1, 0], [1, 1]]
    assert find_period(np.array([[0, 0], [1, 0], [2, 0], [1, 1]]), LIFE, 5) is None  # a T-tetromino: active
    assert find_period(np.array([[0, 0]]), LIFE, 60) is None  # dies
