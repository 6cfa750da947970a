"""Cases for the cuda engine that need a working backend: cell for cell equal to the CPU engines, and its reductions.

Not collected on its own (no test_ prefix): tests/engines/test_cuda.py runs this file in a subprocess under numba's CUDA
simulator (NUMBA_ENABLE_CUDASIM=1 from the start, so that numba.cuda never changes mode inside the main test run),
or imports it on a real GPU (LIFE_TEST_CUDA=gpu). The simulator runs every GPU thread as a Python thread: tiny
boards only.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import EngineError, Pattern, Rule, Topology, make_universe
from life.engines import Universe, bitpack
from life.engines.cuda import CudaUniverse, unavailable_reason

pytestmark = pytest.mark.skipif(unavailable_reason() is not None, reason=f"no cuda backend: {unavailable_reason()}")

GLIDER = Pattern.from_strings([".O.", "..O", "OOO"])
# widths on both sides of word edges, and narrow tori whose one word repeats
WIDTHS = [1, 3, 10, 63, 64, 65, 100, 127, 128, 129, 150]


def _soup(rule, kind, w, h, density, seed):
    topo = Topology(kind, w, h)
    grid = np.random.default_rng(seed).random((h, w)) < density
    return Pattern.from_array(grid, topo.x0, topo.y0, rule=rule), topo


def _same(a, b):
    assert a.generation == b.generation
    np.testing.assert_array_equal(a.cells(), b.cells())
    assert a.population == b.population
    assert a.bbox == b.bbox


def test_runs_on_the_simulator_when_asked():
    if os.environ.get("NUMBA_ENABLE_CUDASIM") == "1":  # and not on a GPU that happens to be there
        from numba import cuda

        assert cuda.get_current_device().__class__.__name__ == "FakeCUDADevice"


@st.composite
def cases(draw):
    kind = draw(st.sampled_from(["torus", "bounded"]))
    rule = Rule(draw(st.frozensets(st.integers(0, 8))), draw(st.frozensets(st.integers(0, 8))))
    w = draw(st.sampled_from(WIDTHS))
    h = draw(st.integers(1, 9))
    density = draw(st.sampled_from([0.2, 0.5, 0.8]))
    seed = draw(st.integers(0, 2**32 - 1))
    gens = draw(st.integers(1, 9))
    levels = draw(st.sampled_from([1, 2, 4]))
    threads = draw(st.sampled_from([256, 3]))  # 3: one word of output per block, many blocks across
    blocks = draw(st.sampled_from([None, 3]))  # 3: several strips down it
    return kind, rule, w, h, density, seed, gens, levels, threads, blocks


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_rules_equal_the_reference(case):
    # The numpy reference engine (the oracle of the dense engine), so that no CPU kernel compiles per rule.
    kind, rule, w, h, density, seed, gens, levels, threads, blocks = case
    pattern, topo = _soup(rule, kind, w, h, density, seed)
    gpu = make_universe(pattern, topo, backend="cuda")
    gpu.levels, gpu.threads, gpu.blocks = levels, threads, blocks
    ref = make_universe(pattern, topo, backend="numpy")
    _same(gpu.step(gens), ref.step(gens))


@pytest.mark.parametrize("rule", ["B3/S23", "B36/S23", "B0124/S01358", "B05678/S246"])
@pytest.mark.parametrize("kind", ["torus", "bounded"])
def test_rules_equal_the_dense_engine(rule, kind):
    # the B0 rules flip the background: on a bounded grid the border must stay dead
    for w, h, seed in ((65, 7, 1), (128, 9, 2), (10, 6, 3)):
        pattern, topo = _soup(Rule.parse(rule), kind, w, h, 0.4, seed)
        gpu = make_universe(pattern, topo, backend="cuda")
        cpu = make_universe(pattern, topo, backend="cpu")
        for n in (1, 4, 7):
            _same(gpu.step(n), cpu.step(n))


@pytest.mark.parametrize("kind", ["torus", "bounded"])
def test_gliders_cross_word_edges_and_the_seam(kind):
    # 66 wide (x -33..32): the tail word holds columns 64 and 65 (x 31, 32), so the gliders heading down-right
    # cross a word edge, the tail and, on the torus, the seam; on the bounded grid they crash into the border
    topo = Topology(kind, 66, 10)
    cells = np.concatenate([GLIDER.cells + (x, y) for x, y in ((-4, -5), (25, -2), (29, 1))])
    pattern = Pattern(cells)
    gpu = make_universe(pattern, topo, backend="cuda")
    gpu.threads, gpu.blocks = 3, 2  # a block per word column, two strips: the gliders cross block edges too
    cpu = make_universe(pattern, topo, backend="cpu")
    for _ in range(4):
        _same(gpu.step(9), cpu.step(9))


def _stepped_pair(kind, w, h, seed=5):
    pattern, topo = _soup(Rule.parse("B3/S23"), kind, w, h, 0.3, seed)
    return (make_universe(pattern, topo, backend="cuda").step(3),
            make_universe(pattern, topo, backend="cpu").step(3))


@pytest.mark.parametrize("kind,w,h", [("torus", 70, 11), ("bounded", 70, 11), ("torus", 9, 5), ("bounded", 130, 4)])
def test_region_density_population_bbox(kind, w, h):
    gpu, cpu = _stepped_pair(kind, w, h)
    assert gpu.population == cpu.population
    assert gpu.bbox == cpu.bbox
    rng = np.random.default_rng(w * h)
    t = gpu.topology
    for _ in range(12):  # windows inside, across the edges (wrapping on the torus) and well outside the grid
        x0 = int(rng.integers(t.x0 - 2 * w, t.x0 + 2 * w))
        y0 = int(rng.integers(t.y0 - 2 * h, t.y0 + 2 * h))
        rw, rh = int(rng.integers(0, 3 * w)), int(rng.integers(0, 2 * h))
        np.testing.assert_array_equal(gpu.region(x0, y0, rw, rh), cpu.region(x0, y0, rw, rh))
        scale = int(rng.choice([1, 2, 3, 7, 64, 130]))
        bw, bh = int(rng.integers(0, 5)), int(rng.integers(0, 4))
        want = cpu.region(x0, y0, bw * scale, bh * scale).reshape(bh, scale, bw, scale).mean(axis=(1, 3))
        np.testing.assert_allclose(gpu.density(x0, y0, bw, bh, scale), want, rtol=0, atol=1e-12)


def test_density_is_exact_and_checks_its_scale():
    gpu = make_universe(Pattern.from_strings(["OO", "O."]), "torus:64x64", backend="cuda")
    d = gpu.density(0, 0, 2, 1, 2)
    assert d.dtype == np.float64 and d.shape == (1, 2)
    np.testing.assert_array_equal(d, [[0.75, 0.0]])
    for bad in (0, -2, 1.5, True):
        with pytest.raises(EngineError, match="scale"):
            gpu.density(0, 0, 1, 1, bad)
    with pytest.raises(EngineError):
        gpu.density(0, 0, -1, 1, 2)


def test_set_cells_and_cells():
    topo = Topology("torus", 100, 20)
    gpu = make_universe(Pattern(np.zeros((0, 2), dtype=np.int64)), topo, backend="cuda")
    cpu = make_universe(Pattern(np.zeros((0, 2), dtype=np.int64)), topo, backend="cpu")
    assert gpu.population == 0 and gpu.bbox is None and gpu.cells().shape == (0, 2)
    rng = np.random.default_rng(3)
    cells = rng.integers(-200, 200, size=(300, 2))  # wraps, with duplicates
    for u in (gpu, cpu):
        u.set_cells(cells)
        u.set_cells(cells[::3], alive=False)
        u.set_cells([(49, 9), (-50, -10)])  # the far corners: the last bit of the tail word
    _same(gpu, cpu)
    bounded = make_universe(GLIDER, "bounded:70x8", backend="cuda")
    with pytest.raises(EngineError, match="outside the 70x8 bounded grid"):
        bounded.set_cells([(35, 0)])
    p = bounded.to_pattern()
    np.testing.assert_array_equal(p.cells, GLIDER.cells)
    assert p.rule == bounded.rule and p.generation == 0


def test_from_packed_board():
    pattern, topo = _soup(Rule.parse("B36/S23"), "torus", 130, 6, 0.5, 9)
    grid = np.zeros((6, 130), dtype=bool)
    grid[pattern.cells[:, 1] - topo.y0, pattern.cells[:, 0] - topo.x0] = True
    words = bitpack.pack(grid)
    words[:, -1] |= ~bitpack.tail_mask(130)  # bits past the width are ignored
    gpu = CudaUniverse.from_packed(words, pattern.rule, topo)
    _same(gpu.step(5), make_universe(pattern, topo, backend="cpu").step(5))
    with pytest.raises(EngineError, match="packed board must be uint64"):
        CudaUniverse.from_packed(words[:, :2], pattern.rule, topo)


def test_backend_choices_and_checks():
    u = make_universe(GLIDER, "torus:16x16", algo="dense", backend="cuda")
    assert u.name == "cuda" and u.rule.topology == Topology("torus", 16, 16)
    u.levels = 3
    with pytest.raises(EngineError, match="levels must be a power of two"):
        u.step(1)
    with pytest.raises(EngineError, match="negative"):
        u.step(-1)


@pytest.mark.parametrize("kind", ["torus", "bounded"])
def test_keeps_the_universe_contract(kind):
    # tests/engines/test_contract.py's checks for the engines in ALGORITHMS, on the cuda backend
    topo = Topology(kind, 80, 28)
    soup = Pattern.from_array(np.random.default_rng(7).random((24, 70)) < 0.4, -35, -12)
    u = make_universe(soup, topo, backend="cuda")
    ref = make_universe(soup, topo, backend="numpy")
    assert isinstance(u, Universe) and u.topology == topo
    for flag in ("jumps", "fast_density", "writes_macrocell"):
        assert isinstance(getattr(type(u), flag), bool)
    assert u.fast_density and not u.jumps and not u.writes_macrocell and u.max_cells is None
    for n in (1, 3, 12):
        assert u.step(n) is u
        _same(u, ref.step(n))
    x, y, w, h = u.bbox
    for scale in (1, 2, 5):
        bw, bh = -(-(w + 4) // scale), -(-(h + 4) // scale)
        want = u.region(x - 2, y - 2, bw * scale, bh * scale).reshape(bh, scale, bw, scale).sum(axis=(1, 3))
        np.testing.assert_allclose(u.density(x - 2, y - 2, bw, bh, scale), want / scale**2)
        np.testing.assert_allclose(Universe.density(u, x - 2, y - 2, bw, bh, scale), want / scale**2)
    with pytest.raises(EngineError, match="cannot write macrocell"):
        u.write_macrocell("never-written.mc")
    assert u.to_pattern(name="contract").same_cells(ref.to_pattern())
