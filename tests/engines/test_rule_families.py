"""Every fast engine agrees cell for cell with the reference on isotropic non-totalistic (Hensel), hexagonal and
von Neumann rules: these all run through the rules' circuits (``life.engines.circuit``), so random rules cost no
kernel compilation."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, make_universe
from life.engines.circuit import _run_program, program_for
from tests.oracle import assert_same_universe
from tests.strategies import boards, hensel_rules, neighbourhood_rules

any_rule = st.one_of(hensel_rules(), neighbourhood_rules())


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
