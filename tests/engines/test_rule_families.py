"""Every fast engine agrees cell for cell with the reference on isotropic non-totalistic (Hensel), hexagonal and
von Neumann rules: these all run through the rules' circuits (``life.engines.circuit``), so random rules cost no
kernel compilation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, Rule, Topology, make_universe
from life.engines import EngineError
from life.engines.circuit import _run_program, program_for
from tests.oracle import assert_same_universe
from tests.strategies import boards, glued_topologies, hensel_rules, neighbourhood_rules


def _circuit_rules(strategy):
    """Only the drawn rules that run through a circuit: a Hensel draw with no letters is Life-like, and each
    Life-like rule compiles a kernel of its own (seconds), which this file's many random rules must not pay."""
    return strategy.filter(lambda r: not r.is_life_like)


any_rule = _circuit_rules(st.one_of(hensel_rules(), neighbourhood_rules()))


@settings(max_examples=60, deadline=None)
@given(any_rule)
def test_circuit_computes_the_table(rule):
    prog = program_for(rule)
    index = np.arange(512)
    vals = np.zeros((prog.slots, 8), np.uint64)
    for k in range(9):
        bits = ((index >> k) & 1).astype(bool).reshape(8, 64)
        vals[k] = np.packbits(bits, axis=1, bitorder="little").view("<u8").ravel()
    _run_program(prog.code, vals, 8)
    got = np.unpackbits(vals[prog.out].view(np.uint8), bitorder="little").astype(bool)
    assert np.array_equal(got, rule.table)


@settings(max_examples=40, deadline=None)
@given(any_rule, boards(st.integers(1, 40), st.integers(1, 140)), st.sampled_from(["torus", "bounded"]),
       st.integers(1, 12))
def test_dense_matches_reference_on_grids(rule, grid, kind, gens):
    h, w = grid.shape
    topo = f"{kind}:{w}x{h}"
    p = Pattern.from_array(grid, -(w // 2), -(h // 2), rule=rule)
    ref = make_universe(p, topo, algo="reference")
    fast = make_universe(p, topo, algo="dense")
    for _ in range(gens):
        ref.step(1)
        fast.step(1)
        assert_same_universe(fast, ref, region=(-(w // 2) - 3, -(h // 2) - 2, w + 6, h + 4))


@settings(max_examples=30, deadline=None)
@given(any_rule, boards(st.integers(1, 30), st.integers(1, 90)), st.integers(-70, 70), st.integers(-70, 70),
       st.integers(1, 20))
def test_plane_engines_match_reference(rule, grid, x0, y0, gens):
    p = Pattern.from_array(grid, x0, y0, rule=rule)
    ref = make_universe(p, "plane", algo="reference").step(gens)
    for algo in ("tiled", "hashlife", "plane"):
        u = make_universe(p, "plane", algo=algo).step(gens)
        assert_same_universe(u, ref)


b0_rules = _circuit_rules(st.one_of(hensel_rules(b0=True), neighbourhood_rules(b0=True))).filter(lambda r: r.has_b0)


@settings(max_examples=30, deadline=None)
@given(b0_rules, boards(st.integers(1, 12), st.integers(1, 20)), st.integers(1, 9))
def test_b0_plane_emulation_is_the_true_state(rule, grid, gens):
    """On the plane a B0 rule flips the background; the engines store the complement over a live background.
    What region() shows equals the same run on a torus wide enough that the pattern cannot meet itself."""
    h, w = grid.shape
    p = Pattern.from_array(grid, 0, 0, rule=rule)
    size = 2 * (max(h, w) + 2 * gens) + 8
    truth = make_universe(p, f"torus:{size}x{size}", algo="reference").step(gens)
    window = (-gens - 2, -gens - 2, w + 2 * gens + 4, h + 2 * gens + 4)
    for algo in ("reference", "tiled", "hashlife"):
        u = make_universe(p, "plane", algo=algo).step(gens)
        assert np.array_equal(u.region(*window), truth.region(*window)), algo
        far = truth.region(size // 2 - 1, size // 2 - 1, 1, 1)[0, 0]   # a cell the pattern never reaches
        assert u.background == far


@settings(max_examples=25, deadline=None)
@given(b0_rules, boards(st.integers(1, 25), st.integers(1, 70)), st.integers(-40, 40), st.integers(1, 16))
def test_b0_fast_engines_match_reference(rule, grid, x0, gens):
    p = Pattern.from_array(grid, x0, -x0, rule=rule)
    ref = make_universe(p, "plane", algo="reference")
    fast = [make_universe(p, "plane", algo=a) for a in ("tiled", "hashlife")]
    window = (x0 - 20, -x0 - 20, 110, 65)
    for _ in range(gens):
        ref.step(1)
        for u in fast:
            u.step(1)
            assert u.background == ref.background and u.bbox == ref.bbox, u.name
            assert np.array_equal(u.region(*window), ref.region(*window)), u.name
            assert np.allclose(u.density(*window[:2], 11, 13, 5), ref.density(*window[:2], 11, 13, 5)), u.name
    for u in fast:
        if ref.background == 0:
            assert_same_universe(u, ref)


def test_b0_live_background_refuses_infinite_answers():
    p = Pattern.from_strings(["OO"], rule=Rule.parse("B0/S8"))
    for algo in ("reference", "tiled", "hashlife"):
        u = make_universe(p, "plane", algo=algo).step(1)
        assert u.background == 1
        assert u.region(-2, -2, 6, 5).sum() == 30 - 12  # only cells with no live neighbour were born
        with pytest.raises(EngineError, match="live infinite background"):
            _ = u.population
        with pytest.raises(EngineError, match="live infinite background"):
            u.cells()
        u.set_cells([(100, 100)], alive=False)
        assert not u.region(100, 100, 1, 1)[0, 0] and u.region(101, 100, 1, 1)[0, 0]


def test_b0_refused_where_not_emulated():
    p = Pattern.from_strings(["O"], rule=Rule.parse("B0/S"))
    for algo in ("plane", "settling"):
        with pytest.raises(EngineError, match="B0"):
            make_universe(p, "plane", algo=algo)


grid_rules = st.one_of(st.just(Rule()), _circuit_rules(st.one_of(hensel_rules(), neighbourhood_rules())))


@settings(max_examples=60, deadline=None)
@given(grid_rules, glued_topologies(), st.data(), st.integers(1, 12))
def test_dense_matches_reference_across_seams(rule, topo, data, gens):
    """Shifted tori, Klein bottles, cross-surfaces and spheres: the dense engine's border copies and the
    reference agree cell for cell each generation, with the pattern drawn over the whole grid (so across every
    seam and corner)."""
    grid = data.draw(boards(st.just(topo.height), st.just(topo.width)))
    p = Pattern.from_array(grid, topo.x0, topo.y0, rule=rule.with_topology(topo))
    ref = make_universe(p, algo="reference")
    fast = make_universe(p, algo="dense")
    assert fast.topology == topo
    for _ in range(gens):
        ref.step(1)
        fast.step(1)
        assert_same_universe(fast, ref)


@settings(max_examples=30, deadline=None)
@given(grid_rules, st.sampled_from(["torus", "bounded"]), st.booleans(), st.integers(1, 40), st.data(),
       st.integers(1, 30))
def test_strip_matches_reference(rule, kind, infinite_x, size, data, gens):
    """Cylinders and strips (one infinite dimension): the strip engine and the reference agree, across the
    joined edges of the finite dimension and as the pattern grows along the infinite one."""
    topo = Topology(kind, 0, size) if infinite_x else Topology(kind, size, 0)
    grid = data.draw(boards(st.just(size if infinite_x else 20), st.just(20 if infinite_x else size)))
    p = Pattern.from_array(grid, -10 if infinite_x else topo.x0, topo.y0 if infinite_x else -10,
                           rule=rule.with_topology(topo))
    ref = make_universe(p, algo="reference").step(gens)
    fast = make_universe(p, algo="strip").step(gens)
    assert fast.name == "strip" and make_universe(p).name == "strip"
    assert_same_universe(fast, ref, region=(-60, -60, 120, 120))


@pytest.mark.parametrize("text", ["B2-a/S12", pytest.param("B37/S2-i34q", marks=pytest.mark.slow),
                                  pytest.param("B2/S34H", marks=pytest.mark.slow)])
def test_compiled_circuit_kernel_matches_reference(text, monkeypatch):
    """Long runs of a rule that is not Life-like get a kernel compiled for the rule (its circuit written out as
    code): it agrees with the reference on tori and bounded grids, narrow and a few words wide."""
    from life.engines import dense

    monkeypatch.setattr(dense, "_COMPILE_AT", 0)
    rule = Rule.parse(text)
    for shape, kind in (((37, 150), "torus"), ((20, 64), "torus"), ((9, 1), "torus"), ((41, 70), "bounded")):
        grid = np.random.default_rng(len(text)).random(shape) < 0.35
        h, w = shape
        p = Pattern.from_array(grid, -(w // 2), -(h // 2), rule=rule)
        topo = f"{kind}:{w}x{h}"
        fast = make_universe(p, topo, algo="dense").step(9)
        assert_same_universe(fast, make_universe(p, topo, algo="reference").step(9))
