"""The Universe contract, run against every engine in ALGORITHMS: what callers rely on, engine by engine."""

import numpy as np
import pytest

from life import EngineError, Rule, Topology, make_universe
from life.engines import ALGORITHMS, Universe, engine_class
from tests.oracle import R_PENTOMINO, assert_same_universe, random_pattern

ENGINES = [a for a in ALGORITHMS if a != "auto"]
SOUP = random_pattern(7, (24, 70), 0.4, -35, -12)


def _topologies(algo):
    if algo == "strip":  # grids with one infinite dimension only
        return [Topology("torus", 0, 40), Topology("bounded", 96, 0)]
    sizes = {"plane": ("plane",), "klein": ("klein", 96, 40, 0, "h"), "sphere": ("sphere", 96, 96)}
    return [Topology(*sizes.get(k, (k, 96, 40))) for k in engine_class(algo).topologies]


CASES = [(a, t) for a in ENGINES for t in _topologies(a)]
IDS = [f"{a}-{t.kind}" for a, t in CASES]


@pytest.mark.parametrize("algo,topo", CASES, ids=IDS)
def test_engine_keeps_the_contract(algo, topo):
    u = make_universe(SOUP, topo, algo=algo)
    ref = make_universe(SOUP, topo, algo="reference")
    assert isinstance(u, Universe)
    assert u.name == ("settling" if algo == "soup" else algo)  # "soup" is the settling engine's alias
    assert u.topology == topo and u.generation == 0
    for n in (1, 3, 28):
        assert u.step(n) is u
        ref.step(n)
        assert_same_universe(u, ref)
        assert u.population == len(u.cells())
    x, y, w, h = u.bbox
    assert_same_universe(u, ref, region=(x - 3, y - 2, w + 7, h + 5))
    u.set_cells([(x, y), (x + 1, y)], alive=False)
    ref.set_cells([(x, y), (x + 1, y)], alive=False)
    u.set_cells([(x + 2, y + 1)])
    ref.set_cells([(x + 2, y + 1)])
    assert_same_universe(u, ref)
    p = u.to_pattern(name="contract")
    assert p.name == "contract" and p.generation == u.generation and p.same_cells(ref.to_pattern())


@pytest.mark.parametrize("algo,topo", CASES, ids=IDS)
def test_capabilities_are_declared_on_every_engine(algo, topo):
    u = make_universe(R_PENTOMINO, topo, algo=algo)
    for flag in ("jumps", "fast_density", "writes_macrocell"):
        assert isinstance(getattr(type(u), flag), bool)
    assert u.max_cells is None or (isinstance(u.max_cells, int) and u.max_cells > 0)
    u.step(40)
    # density(): the declared fast path and the base class's default agree with counting region() by hand
    x, y, w, h = u.bbox
    for scale in (1, 2, 5):
        bw, bh = -(-(w + 4) // scale), -(-(h + 4) // scale)
        frac = u.density(x - 2, y - 2, bw, bh, scale)
        reg = u.region(x - 2, y - 2, bw * scale, bh * scale)
        want = reg.reshape(bh, scale, bw, scale).sum(axis=(1, 3)) / scale ** 2
        assert frac.shape == (bh, bw) and np.allclose(frac, want)
        assert np.allclose(Universe.density(u, x - 2, y - 2, bw, bh, scale), want)
    if not u.writes_macrocell:
        with pytest.raises(EngineError, match="cannot write macrocell"):
            u.write_macrocell("never-written.mc")


def test_default_density_bins_sparse_cells_and_reads_dense_areas(monkeypatch):
    u = make_universe(SOUP, "torus:96x40", algo="dense")
    u.step(5)
    dense = Universe.density(u, -48, -20, 24, 10, 4)
    calls = []
    real = type(u).cells
    monkeypatch.setattr(type(u), "cells", lambda self: calls.append(1) or real(self))
    # a huge area around a small population takes the binning path and still counts every cell
    far = Universe.density(u, -48 * 1000, -20 * 1000, 30, 30, 4000)
    assert calls and far.sum() * 4000 ** 2 == pytest.approx(u.population)
    assert dense.sum() * 16 == pytest.approx(u.population)


@pytest.mark.parametrize("algo", [a for a in ENGINES if "plane" in engine_class(a).topologies])
def test_b0_on_the_plane_is_emulated_or_refused_with_one_message(algo):
    """Engines declaring ``b0_plane`` run B0 rules on the plane (the background flips); the others refuse them
    with the one message of ``check_plane_rule``."""
    pattern = R_PENTOMINO.replace(rule=Rule.parse("B03/S23"))
    if engine_class(algo).b0_plane:
        u = make_universe(pattern, algo=algo)
        assert [u.step(1).background for _ in range(4)] == [1, 0, 1, 0]
        return
    with pytest.raises(EngineError) as e:
        make_universe(pattern, algo=algo)
    assert str(e.value) == ("rule B03/S23 has B0 (empty space gives birth), which flips the whole infinite plane "
                            "every generation; run it on a torus or bounded grid, or with the tiled, hashlife or "
                            "reference engine, instead")


def test_density_rejects_bad_scales():
    u = make_universe(R_PENTOMINO, "torus:16x16", algo="dense")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(EngineError, match="scale"):
            u.density(0, 0, 2, 2, bad)
