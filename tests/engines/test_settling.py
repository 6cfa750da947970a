"""The settling engine (life/engines/settling.py): cell-for-cell against the reference, and its extra capabilities."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, Rule, make_universe
from life.engines import EngineError
from life.engines.reference import reference_step
from tests.oracle import GLIDER, R_PENTOMINO, assert_same_universe
from tests.strategies import boards

RULES = ["B3/S23", "B36/S23", "B2/S", "B3678/S34678", "B1357/S1357", "B34/S34", "B/S012345678"]


@settings(max_examples=60, deadline=None)
@given(boards(st.integers(1, 24), st.integers(1, 24)), st.sampled_from(RULES), st.integers(-200, 200),
       st.integers(-200, 200), st.integers(1, 40))
def test_matches_reference_step_cell_for_cell(grid, rule, x0, y0, gens):
    r = Rule.parse(rule)
    u = make_universe(Pattern.from_array(grid, x0, y0, rule=r), algo="settling")
    # the reference on a board wide enough that nothing reaches its edge
    pad = gens + 2
    ref = np.pad(grid, pad)
    for g in range(gens):
        ref = reference_step(ref, r, wrap=False)
        u.step(1)
        ys, xs = np.nonzero(ref)
        want = np.stack([xs + x0 - pad, ys + y0 - pad], axis=1)
        want = want[np.lexsort((want[:, 0], want[:, 1]))]
        assert np.array_equal(u.cells(), want), (rule, g + 1)
        assert u.population == len(want)
    assert u.generation == gens


@pytest.mark.parametrize("rule", ["B3/S23", "B36/S23"])
def test_long_runs_and_growth_match_the_reference_engine(rule):
    rng = np.random.default_rng(3)
    for _ in range(3):
        p = Pattern.from_array(rng.random((20, 20)) < 0.45, -10, -10, rule=Rule.parse(rule))
        a = make_universe(p, algo="settling")
        b = make_universe(p, algo="reference")
        for n in (1, 7, 50, 200):
            a.step(n)
            b.step(n)
            assert_same_universe(a, b)
            live = a.live_cells()
            assert np.array_equal(live[np.lexsort((live[:, 0], live[:, 1]))], a.cells())


def test_editing_and_regions():
    u = make_universe(Pattern.from_strings(["OO", "OO"]), algo="settling")
    u.set_cells([[100, 50]])
    assert u.population == 5 and u.bbox == (0, 0, 101, 51)
    u.set_cells([[100, 50]], alive=False)
    assert u.bbox == (0, 0, 2, 2)
    assert u.region(-1, -1, 4, 4).sum() == 4
    assert u.region(-1, -1, 4, 4)[1:3, 1:3].all()
    u.set_cells(u.cells(), alive=False)
    assert u.population == 0 and u.bbox is None and len(u.cells()) == 0
    u.step(10)
    assert u.population == 0 and u.generation == 10


def test_b0_rules_are_refused():
    with pytest.raises(EngineError):
        make_universe(Pattern.from_strings(["O"], rule=Rule.parse("B0/S8")), algo="settling")


def test_run_until_stable_reports_population_periodicity():
    u = make_universe(R_PENTOMINO, algo="settling")
    hint = u.run_until_stable(5000, max_period=30, window=40)
    assert hint.reason == "stable"
    # the R-pentomino settles at generation 1103; the hint comes a window later
    assert 1103 <= u.generation <= 1103 + 40 + 2 * 30 + 8
    assert 1095 <= u.generation - hint.since - hint.period <= 1110
    blinker = make_universe(Pattern.from_strings(["OOO"]), algo="settling")
    assert blinker.run_until_stable(100, window=10).reason == "stable"
    # a glider leaving a block: the span grows until it passes stop_extent
    glider = make_universe(Pattern.from_strings(["OO......", "OO......", "......O.", ".......O", ".....OOO"]),
                           algo="settling")
    hint = glider.run_until_stable(1000, window=1000, stop_extent=20)
    # (checked every 4th generation)
    assert hint.reason == "extent" and 21 <= max(glider.bbox[2:]) <= 24
    r = make_universe(R_PENTOMINO, algo="settling")
    assert r.run_until_stable(100).reason == "max_gens" and r.generation == 100


def test_find_period():
    glider = make_universe(GLIDER, algo="settling")
    assert glider.find_period(10) == (4, 1, 1)
    pd = make_universe(Pattern.from_strings(["OOOOOOOOOO"]), algo="settling")
    pd.step(30)  # a row of ten becomes a pentadecathlon
    assert pd.find_period(20) == (15, 0, 0)
    r = make_universe(R_PENTOMINO, algo="settling")
    assert r.find_period(30) is None and r.generation == 30


def test_soup_is_an_alias_of_settling():
    from life.engines.settling import SettlingUniverse

    u = make_universe(Pattern.from_strings(["OOO"]), algo="soup")
    assert isinstance(u, SettlingUniverse) and u.name == "settling"
    assert u.find_period(5) == (2, 0, 0)


def test_argument_errors():
    u = make_universe(Pattern.from_strings(["OOO"]), algo="settling")
    for bad in ({"max_gens": -1}, {"max_gens": 10, "max_period": 0}, {"max_gens": 10, "window": 0}):
        with pytest.raises(EngineError):
            u.run_until_stable(**bad)
    with pytest.raises(EngineError):
        u.find_period(-1)
    assert u.generation == 0
