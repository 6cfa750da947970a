"""The tiled plane engine equals the reference engine on random patterns and rules, meets the known facts of
Life, creates tiles at the frontier and frees them behind, skips stable tiles, and survives edits."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import EngineError, Pattern, Rule, make_universe
from tests.oracle import GLIDER, GOSPER, LIDKA, R_PENTOMINO, assert_same_run, assert_same_universe, random_pattern
from tests.strategies import rules


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=st.one_of(st.just(Rule()), rules(b0=False)), w=st.integers(1, 150), h=st.integers(1, 150),
       density=st.sampled_from([0.1, 0.3, 0.5]), seed=st.integers(0, 2 ** 32 - 1),
       x0=st.sampled_from([-130, -65, -64, -63, -1, 0, 1, 62, 63, 64, 200]),
       y0=st.sampled_from([-130, -65, -64, -63, -1, 0, 1, 62, 63, 64, 200]),
       steps=st.lists(st.integers(0, 30), min_size=1, max_size=4))
def test_equals_reference_on_random_patterns_and_rules(rule, w, h, density, seed, x0, y0, steps):
    p = random_pattern(seed, (h, w), density, x0, y0, rule=rule)
    tiled = make_universe(p, algo="tiled")
    ref = make_universe(p, algo="reference")
    assert_same_run(tiled, ref, steps)


def test_equals_hashlife_and_dense_on_a_long_run():
    p = random_pattern(11, (100, 100), 0.4, -50, -50)
    tiled = make_universe(p, algo="tiled").step(1500)
    hl = make_universe(p, algo="hashlife").step(1500)
    dense = make_universe(p, topology="torus:4096x4096", algo="dense").step(1500)
    assert_same_universe(tiled, hl)
    assert np.array_equal(tiled.region(-1024, -1024, 2048, 2048), dense.region(-1024, -1024, 2048, 2048))


def test_gosper_and_lidka_facts():
    assert make_universe(GOSPER, algo="tiled").step(1024).population == 221
    u = make_universe(LIDKA, algo="tiled").step(30000)
    assert u.population == 1623
    assert u.step(1).population == 1625
    assert_same_universe(u, make_universe(LIDKA, algo="hashlife").step(30001))


def test_tiles_follow_a_glider_and_are_freed_behind_it():
    u = make_universe(GLIDER, algo="tiled")
    u.step(4000)                         # 1000 cells down and right: about 16 tiles along the way
    assert np.array_equal(u.cells(), GLIDER.translated(1000, 1000).cells)
    assert u.tile_count <= 9


def test_stable_and_period_two_tiles_are_skipped():
    rows = ["OO....OOO....O....", "OO...........O....", ".............O...."]  # block, blinkers
    field = Pattern(np.concatenate([Pattern.from_strings(rows, x0=70 * i, y0=70 * j).cells
                                    for i in range(4) for j in range(4)]))
    u = make_universe(field, algo="tiled")
    ref = make_universe(field, algo="reference")
    u.step(10)
    assert u.active_tiles == 0            # nothing changes vs. two generations back: no tile is stepped
    u.step(201)
    ref.step(211)
    assert_same_universe(u, ref)
    # a glider added further off wakes only the tiles it touches
    u.set_cells(GLIDER.translated(-150, -150).cells)
    ref.set_cells(GLIDER.translated(-150, -150).cells)
    u.step(40)
    ref.step(40)
    assert 0 < u.active_tiles <= 4
    assert_same_universe(u, ref)


def test_editing_mid_run_matches_reference():
    tiled = make_universe(R_PENTOMINO, algo="tiled").step(200)
    ref = make_universe(R_PENTOMINO, algo="reference").step(200)
    add = np.array([[63, 63], [64, 63], [65, 63], [-64, -1], [-64, 0], [-64, 1], [500, -500], [501, -500]])
    kill = ref.cells()[::4]
    for u in (tiled, ref):
        u.set_cells(add)
        u.set_cells(kill, alive=False)
    assert_same_universe(tiled, ref)
    for n in (1, 1, 2, 57):
        tiled.step(n)
        ref.step(n)
        assert_same_universe(tiled, ref)


def test_tile_table_grows():
    # 400 blinkers in separate tiles: more than the initial table holds
    cells = np.concatenate([Pattern.from_strings(["OOO"], x0=100 * i, y0=-100 * j).cells
                            for i in range(20) for j in range(20)])
    p = Pattern(cells)
    u = make_universe(p, algo="tiled")
    assert u.tile_count >= 400
    u.step(3)
    assert_same_universe(u, make_universe(p, algo="reference").step(3))


def test_region_bbox_and_empty():
    p = random_pattern(2, (80, 90), 0.35, -70, 30)
    u = make_universe(p, algo="tiled").step(25)
    ref = make_universe(p, algo="reference").step(25)
    assert_same_universe(u, ref, region=(-150, -40, 300, 250))
    e = make_universe(Pattern(), algo="tiled").step(100)
    assert e.population == 0 and e.bbox is None and e.generation == 100 and not e.region(0, 0, 5, 5).any()


def test_runs_b0_and_refuses_bounded_grids():
    p = GLIDER.replace(rule=Rule.parse("B01/S3"))   # B0 rules: emulated as Golly does
    u, ref = make_universe(p, algo="tiled").step(7), make_universe(p, algo="reference").step(7)
    assert u.background == ref.background == 1
    assert np.array_equal(u.region(-12, -12, 30, 30), ref.region(-12, -12, 30, 30))
    with pytest.raises(EngineError, match="tiled"):
        make_universe(GLIDER, topology="bounded:64x64", algo="tiled")


def test_region_far_outside_int64_is_empty():
    u = make_universe(GLIDER, algo="tiled")
    assert not u.region(2 ** 70, -(2 ** 80), 10, 10).any()
    assert not u.region(-(2 ** 63) - 3, 0, 10, 10).any()
    assert u.region(-5, -5, 10, 10)[5:8, 5:8].tolist() == GLIDER.to_array()[0].tolist()


def test_kernel_api_empty_and_add_cells():
    from life.engines.tiled import TiledPlaneUniverse

    u = TiledPlaneUniverse.empty(Rule(), generation=7, tiles=16)
    assert u.population == 0 and u.generation == 7 and u.bbox is None
    xs = np.arange(0, 300, 3, dtype=np.int64)      # spread over many more tiles than the table holds at first
    ys = (xs * 5) % 130 - 60
    u.add_cells(xs, ys)
    want = make_universe(Pattern(np.stack([xs, ys], axis=1)), algo="reference")
    assert np.array_equal(u.cells(), want.cells())
    assert np.array_equal(u.step(9).cells(), want.step(9).cells())
    b0 = TiledPlaneUniverse.empty(Rule.parse("B0/S8"))
    assert b0.step(1).background == 1 and b0.region(0, 0, 3, 3).all()


def test_kernel_api_shape_hash_and_step_until_shape():
    u = make_universe(GLIDER, algo="tiled")
    moved = make_universe(GLIDER.translated(1000, -77), algo="tiled")
    assert u.shape_hash() == moved.shape_hash() != make_universe(R_PENTOMINO, algo="tiled").shape_hash()
    x, y, w, h = u.bbox
    assert u.step_until_shape(u.population, w, h, u.shape_hash(), 10) == (4, x + 1, y + 1)
    assert u.generation == 4
    assert u.step_until_shape(u.population, w, h, u.shape_hash() ^ 1, 6) is None and u.generation == 10


def test_kernel_api_step_until_periodic():
    u = make_universe(R_PENTOMINO, algo="tiled")
    reason, gens, period, since = u.step_until_periodic(5000, 30, 40)
    assert reason == "stable" and gens == u.generation and 1103 <= gens <= 1103 + 40 + 2 * 30 + 8
    assert period >= 1 and since >= 40
    assert make_universe(R_PENTOMINO, algo="tiled").step_until_periodic(100, 30, 40) == ("max_gens", 100, 0, 0)
    assert make_universe(Pattern(), algo="tiled").step_until_periodic(100, 30, 40) == ("stable", 0, 1, 0)
    with pytest.raises(EngineError):
        u.step_until_periodic(-1, 30, 40)
    with pytest.raises(EngineError):
        u.step_until_periodic(10, 0, 40)


@settings(max_examples=50, deadline=None)
@given(ops=st.lists(st.tuples(st.booleans(), st.integers(-6, 6), st.integers(-6, 6)), min_size=1, max_size=120))
def test_tile_hash_removal_keeps_every_other_key_reachable(ops):
    # a 64-slot table for up to 169 keys' worth of churn: long probe runs that wrap around its end
    from life.engines.tiled.kernels import _insert, _lookup, _remove
    hkx, hky, hv = np.zeros(64, np.int64), np.zeros(64, np.int64), np.full(64, -1, np.int64)
    want = {}
    for add, x, y in ops:
        if add and (x, y) not in want and len(want) < 48:
            want[(x, y)] = len(want) + 1000 * (x + 6) + y + 6      # tile ids are >= 0
            _insert(hkx, hky, hv, x, y, want[(x, y)])
        elif not add:
            want.pop((x, y), None)
            _remove(hkx, hky, hv, x, y)
        assert (hv >= 0).sum() == len(want)
    for x in range(-6, 7):
        for y in range(-6, 7):
            assert _lookup(hkx, hky, hv, x, y) == want.get((x, y), -1)
