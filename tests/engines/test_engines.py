"""Every fast engine equals the numpy reference cell-for-cell, and the known facts of Life hold."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import EngineError, Pattern, Rule, Topology, make_universe
from life.engines import bitpack
from tests.oracle import ACORN, DIEHARD, GLIDER, R_PENTOMINO, assert_same_universe, random_pattern
from tests.strategies import rules as any_rules

# Each rule compiles its own kernel (seconds), so the default run draws from a pool that, taken together, has every
# neighbour count as birth-only, survival-only, both and neither, B0 with and without S8, and the famous rules.
# The slow run draws fully random rules.
RULE_POOL = [Rule.parse(r) for r in ("B3/S23", "B36/S23", "B2/S", "B3678/S34678", "B1357/S1357",
                                     "B0124/S01358", "B05678/S246", "B0/S18", "B123458/S1367", "B1234/S024")]
POOLED_RULES = st.sampled_from(RULE_POOL)


@st.composite
def cases(draw, rules=POOLED_RULES):
    kind = draw(st.sampled_from(["torus", "bounded", "plane"]))
    rule = draw(rules)
    birth, survival = rule.birth, rule.survival
    if kind == "plane":
        birth -= {0}
    # widths straddle word edges: 1..200 with extra weight near multiples of 64
    w = draw(st.one_of(st.integers(1, 200), st.sampled_from([63, 64, 65, 127, 128, 129, 191, 192])))
    h = draw(st.integers(1, 40))
    density = draw(st.sampled_from([0.1, 0.3, 0.5, 0.8]))
    seed = draw(st.integers(0, 2**32 - 1))
    gens = draw(st.integers(1, 70))
    return kind, Rule(birth, survival), w, h, density, seed, gens


def _pattern(rule, kind, w, h, density, seed):
    if kind == "plane":
        return random_pattern(seed, (h, w), density, -w // 3, 7, rule=rule), Topology("plane")
    topo = Topology(kind, w, h)
    return random_pattern(seed, (h, w), density, topo.x0, topo.y0, rule=rule), topo


def test_rule_pool_covers_every_count_and_combination():
    seen = {(k, k in r.birth, k in r.survival) for r in RULE_POOL for k in range(9)}
    assert len(seen) == 36
    assert any(r.has_b0 and 8 in r.survival for r in RULE_POOL)
    assert any(r.has_b0 and 8 not in r.survival for r in RULE_POOL)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_fast_engine_equals_reference(case):
    check_against_reference(case)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(rules=any_rules()))
def test_fast_engine_equals_reference_on_any_rule(case):
    check_against_reference(case)


def check_against_reference(case):
    kind, rule, w, h, density, seed, gens = case
    pattern, topo = _pattern(rule, kind, w, h, density, seed)
    ref = make_universe(pattern, topo, algo="reference")
    # the default engine for the topology, and on the plane also the growing-board engine
    fast = [make_universe(pattern, topo)] + ([make_universe(pattern, topo, algo="plane")] if kind == "plane" else [])
    assert [u.name for u in fast] == (["tiled", "plane"] if kind == "plane" else ["dense"])
    done = 0
    for k in (1, gens // 2, gens - gens // 2 - 1):  # several step sizes, gens in total
        ref.step(k)
        done += k
        assert ref.generation == done
        for u in fast:
            u.step(k)
            assert_same_universe(u, ref)
    if kind != "plane":
        # a window that overhangs the grid (and wraps on the torus)
        window = (topo.x0 - 3, topo.y0 - 2, w + 70, h + 5)
    else:
        window = (-90, -10, 250, 120)
    for u in fast:
        assert_same_universe(u, ref, region=window)


@pytest.mark.parametrize("w", [1, 2, 63, 64, 65, 130])
def test_b0_on_torus_matches_reference(w):
    rule = Rule.parse("B0123/S01234567")  # B0 without S8: the background strobes
    # cropped to the torus: a pattern wider than its torus is refused rather than wrapped onto itself
    pattern = Pattern.from_strings([row[:w] for row in ("O.O", ".O.")], rule=rule)
    topo = Topology("torus", w, 5)
    fast, ref = make_universe(pattern, topo), make_universe(pattern, topo, algo="reference")
    populations = set()
    for _ in range(6):
        fast.step(1)
        ref.step(1)
        assert_same_universe(fast, ref)
        populations.add(fast.population)
    assert len(populations) > 1  # the background really flips


@pytest.mark.parametrize("algo", ["auto", "plane", "hashlife"])
def test_b0_on_plane_is_emulated_or_refused_clearly(algo):
    p = Pattern.from_strings(["O"], rule=Rule.parse("B03/S23"))
    if algo == "plane":  # one growing board: no emulation
        with pytest.raises(EngineError, match="B0"):
            make_universe(p, algo=algo)
        return
    u = make_universe(p, algo=algo).step(3)
    assert u.background == 1 and u.region(-5, -5, 3, 3).all()


@pytest.mark.parametrize("algo", ["auto", "plane"])
def test_methuselahs_on_the_plane(algo):
    u = make_universe(R_PENTOMINO, algo=algo)
    u.step(1103)
    assert (u.generation, u.population) == (1103, 116)
    u = make_universe(ACORN, algo=algo)
    u.step(5206)
    assert u.population == 633
    u = make_universe(DIEHARD, algo=algo).step(129)
    assert u.population > 0
    assert u.step(1).population == 0 and u.bbox is None and len(u.cells()) == 0


def test_glider_moves_one_one_every_four():
    u = make_universe(GLIDER)
    for _ in range(5):
        before = u.cells()
        u.step(4)
        assert np.array_equal(u.cells(), before + [1, 1])


@pytest.mark.parametrize("w", [8, 64, 65, 100])
def test_glider_returns_home_on_torus(w):
    u = make_universe(GLIDER, f"torus:{w}x{w}")
    start = u.cells()
    u.step(4 * w - 4)
    assert not np.array_equal(u.cells(), start)
    u.step(4)
    assert np.array_equal(u.cells(), start)


def test_rule_suffix_picks_topology_and_bounded_grid_kills_glider():
    p = GLIDER.replace(rule=Rule.parse("B3/S23:P10,10"))
    u = make_universe(p)
    assert u.topology == Topology("bounded", 10, 10) and str(u.rule) == "B3/S23:P10,10"
    u.step(60)
    assert u.population == 4  # the glider becomes a block in the corner
    with pytest.raises(EngineError, match="outside"):
        make_universe(Pattern.from_strings(["O"]).translated(50, 0), "bounded:10x10")


def test_editing_and_region():
    for topo in ("plane", "torus:70x20", "bounded:70x20"):
        u = make_universe(Pattern(), topo)
        assert u.population == 0 and u.bbox is None
        u.set_cells([(0, 0), (1, 0), (2, 0)])
        assert u.population == 3 and u.bbox == (0, 0, 3, 1)
        u.step(1)
        assert sorted(map(tuple, u.cells().tolist())) == [(1, -1), (1, 0), (1, 1)]
        u.set_cells([(1, 0)], alive=False)
        assert u.population == 2
        r = u.region(0, -1, 3, 3)
        assert r.shape == (3, 3) and r.sum() == 2 and r[0, 1] and r[2, 1]


def test_torus_region_wraps_and_set_cells_wraps():
    u = make_universe(Pattern(), "torus:10x6")
    u.set_cells([(12, 4)])  # wraps to (2, -2)
    assert u.cells().tolist() == [[2, -2]]
    r = u.region(-5 + 10, -3, 10, 6)  # one full torus width to the right: same picture
    assert r[1, 7] and r.sum() == 1
    u.set_cells([(0, 0), (10, 0), (-10, 6), (1, 0)])  # three names for one cell, and its neighbour
    assert u.population == 3
    u.set_cells([(20, 0), (1, 0)], alive=False)
    assert u.cells().tolist() == [[2, -2]]


def test_normalize_cells_sorts_dedups_and_never_freezes_the_callers_array():
    raw = np.array([[3, 1], [0, 0], [3, 1], [-1, 0]])
    p = Pattern(raw)
    assert p.cells.tolist() == [[-1, 0], [0, 0], [3, 1]] and raw.flags.writeable
    ordered = np.array([[0, 0], [1, 0]])
    Pattern(ordered)
    assert ordered.flags.writeable


def test_plane_grows_far_and_refuses_absurd_spans():
    u = make_universe(Pattern.from_strings(["O"]), algo="plane")
    u.set_cells([(10_000, -5_000)])
    assert u.population == 2 and u.bbox == (0, -5000, 10001, 5001)
    with pytest.raises(EngineError, match="hashlife"):
        make_universe(Pattern(np.array([[0, 0], [10**9, 10**9]])), algo="plane")
    far = make_universe(Pattern(np.array([[0, 0], [10**9, 10**9]])))  # the tiled default is sparse
    assert far.population == 2 and far.bbox == (0, 0, 10**9 + 1, 10**9 + 1)


def test_bad_arguments():
    u = make_universe(GLIDER)
    with pytest.raises(EngineError):
        u.step(-1)
    with pytest.raises(EngineError):
        u.step(1.5)
    with pytest.raises(EngineError, match="unknown algorithm"):
        make_universe(GLIDER, algo="nope")
    cylinder = GLIDER.replace(rule=Rule.parse("B3/S23:T0,80"))   # one infinite dimension: the strip engine
    assert make_universe(cylinder).name == "strip"
    with pytest.raises(EngineError, match="finite grid"):
        make_universe(cylinder, algo="dense")
    with pytest.raises(EngineError, match="topology"):
        make_universe(GLIDER, "torus:axb")


@given(st.integers(1, 200), st.integers(0, 5), st.integers(0, 2**32 - 1))
def test_bitpack_round_trip(w, h, seed):
    g = np.random.default_rng(seed).random((h, w)) < 0.5
    words = bitpack.pack(g)
    assert words.shape == (h, bitpack.words_for(w)) and words.dtype == np.uint64
    assert np.array_equal(bitpack.unpack(words, w), g)
    assert bitpack.popcount(words) == g.sum()
    if h:
        assert not np.any(words[:, -1] & ~bitpack.tail_mask(w))
