"""HashLife equals the reference engine on random patterns and rules, meets the known facts of Life, reads and
writes macrocell files straight into and out of the tree, survives a tiny memory cap, and handles coordinates far
beyond int64."""

import gzip

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import EngineError, Pattern, Rule, make_universe
from life.engines.hashlife import HashLifeUniverse
from life.formats import PatternError
from life.formats.macrocell import read_macrocell
from life.sources import load_macrocell_universe
from tests.oracle import (
    BGOLLY,
    GLIDER,
    GOLLY_PATTERNS,
    GOSPER,
    LIDKA,
    R_PENTOMINO,
    assert_same_run,
    assert_same_universe,
    bgolly_population,
    random_pattern,
)
from tests.strategies import rules

HASHLIFE_EXAMPLES = GOLLY_PATTERNS / "HashLife"  # Golly's macrocell examples


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules(b0=False), w=st.integers(1, 40), h=st.integers(1, 40), density=st.sampled_from([0.2, 0.4, 0.6]),
       seed=st.integers(0, 2 ** 32 - 1), x0=st.integers(-300, 300), y0=st.integers(-300, 300),
       steps=st.lists(st.integers(0, 40), min_size=1, max_size=4))
def test_equals_reference_on_random_patterns_and_rules(rule, w, h, density, seed, x0, y0, steps):
    p = random_pattern(seed, (h, w), density, x0, y0, rule=rule)
    hl = make_universe(p, algo="hashlife")
    ref = make_universe(p, algo="reference")
    assert_same_run(hl, ref, steps)


@pytest.mark.parametrize("rule", ["B3/S23", "B36/S23", "B3678/S34678"])
def test_equals_dense_engine_on_a_torus_too_big_to_wrap(rule):
    p = random_pattern(7, (48, 48), 0.4, -24, -24, rule=Rule.parse(rule))
    hl = make_universe(p, algo="hashlife").step(100)
    dense = make_universe(p, topology="torus:512x512", algo="dense").step(100)
    assert np.array_equal(hl.region(-256, -256, 512, 512), dense.region(-256, -256, 512, 512))


def test_gosper_gun_facts():
    u = make_universe(GOSPER, algo="hashlife")
    u.step(1024)
    assert u.population == 221
    u = make_universe(GOSPER, algo="hashlife")
    u.step(2 ** 30)
    assert u.population == 178_957_021
    assert u.generation == 2 ** 30


def test_lidka_facts():
    u = make_universe(LIDKA, algo="hashlife").step(30000)
    assert u.population == 1623
    u.step(1)
    assert u.population == 1625


def test_steps_of_any_size_compose():
    # 1000 in one call, in pieces, and gen by gen all agree (the jumps are powers of two underneath)
    a = make_universe(R_PENTOMINO, algo="hashlife").step(1000)
    b = make_universe(R_PENTOMINO, algo="hashlife")
    for n in (1, 2, 3, 100, 500, 394):
        b.step(n)
    c = make_universe(R_PENTOMINO, algo="hashlife")
    for _ in range(1000):
        c.step(1)
    ref = make_universe(R_PENTOMINO, algo="reference").step(1000)
    for u in (a, b, c):
        assert u.generation == 1000
        assert_same_universe(u, ref)


def test_editing_then_stepping_matches_reference():
    hl = make_universe(R_PENTOMINO, algo="hashlife").step(50)
    ref = make_universe(R_PENTOMINO, algo="reference").step(50)
    add = np.array([[40, 40], [41, 40], [42, 40], [-100, 3], [-100, 4], [-100, 5]])
    kill = ref.cells()[::3]
    for u in (hl, ref):
        u.set_cells(add)
        u.set_cells(kill, alive=False)
    assert_same_universe(hl, ref)
    hl.step(77)
    ref.step(77)
    assert_same_universe(hl, ref)


def test_tiny_memory_cap_collects_and_stays_correct():
    u = HashLifeUniverse(R_PENTOMINO, max_nodes=3000)
    ref = make_universe(R_PENTOMINO, algo="reference")
    for n in (300, 700, 129):
        u.step(n)
        ref.step(n)
        assert_same_universe(u, ref)
    assert u.gc_count > 0
    assert u.node_count <= u.max_nodes


def test_collection_in_the_middle_of_a_jump_keeps_what_the_step_holds():
    from life.engines.hashlife.table import _GC_RUNS

    u = HashLifeUniverse(R_PENTOMINO, max_nodes=4000)
    u.step(1024)   # one jump that needs more nodes than the cap: the table collects in place while it runs
    assert u._s.meta[_GC_RUNS] > 0
    assert u.node_count <= u.max_nodes
    assert_same_universe(u, make_universe(R_PENTOMINO, algo="reference").step(1024))
    u.step(1024)
    assert_same_universe(u, make_universe(R_PENTOMINO, algo="reference").step(2048))


def test_memory_cap_too_small_for_the_pattern_is_a_clear_error():
    soup = random_pattern(1, (400, 400), 0.5)
    with pytest.raises(EngineError, match="memory limit"):
        HashLifeUniverse(soup, max_nodes=1024)


def test_astronomical_coordinates():
    u = make_universe(GLIDER, algo="hashlife")
    n = 2 ** 70
    u.step(n)
    d = n // 4                     # a glider moves (1, 1) every 4 generations
    assert u.generation == n and u.population == 5
    x, y, w, h = GLIDER.bbox
    assert u.bbox == (x + d, y + d, w, h)
    assert isinstance(u.bbox[0], int)
    assert np.array_equal(u.region(d, d, 3, 3), GLIDER.to_array()[0])
    assert not u.region(0, 0, 50, 50).any()
    with pytest.raises(EngineError, match="2\\^62"):
        u.cells()
    dens = u.density(d - 2 ** 66, d - 2 ** 66, 2, 2, 2 ** 66)
    assert dens[1, 1] == pytest.approx(5 / 2 ** 132) and dens[0, 0] == 0


def test_population_beyond_int64_is_a_python_int():
    # a line of 64 gliders... simpler: the breeder-free way to exceed int64 is a huge still-life field built
    # from the macrocell reader: a level-40 node made of one block leaf repeated 2^74 times
    lines = ["[M2] (test)", "#R B3/S23", "**$**$"]
    lines += [f"{k} {k - 3} {k - 3} {k - 3} {k - 3}" for k in range(4, 41)]
    u = load_macrocell_universe("\n".join(lines) + "\n")
    assert u.population == 4 * 4 ** 37
    assert u.population > 2 ** 63
    u.step(2 ** 40)   # still lifes stay put
    assert u.population == 4 * 4 ** 37
    with pytest.raises(EngineError, match="cells"):
        u.cells()


def test_region_and_density_agree():
    u = make_universe(random_pattern(3, (150, 170), 0.3, -60, -40), algo="hashlife").step(37)
    x0, y0 = -91, -77
    for scale in (1, 2, 3, 8, 13):
        w, h = 260 // scale + 1, 230 // scale + 1
        full = u.region(x0, y0, w * scale, h * scale).astype(float)
        want = full.reshape(h, scale, w, scale).mean(axis=(1, 3))
        got = u.density(x0, y0, w, h, scale)
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_empty_universe_and_zero_step():
    u = make_universe(Pattern(), algo="hashlife")
    assert u.population == 0 and u.bbox is None and len(u.cells()) == 0
    u.step(0)
    u.step(12345)
    assert u.generation == 12345 and u.population == 0
    v = make_universe(GLIDER.replace(generation=7), algo="hashlife")
    v.step(0)
    assert v.generation == 7 and v.population == 5


def test_runs_b0_and_refuses_bounded_grids():
    p = GLIDER.replace(rule=Rule.parse("B03/S23"))   # B0 rules: emulated one generation at a time
    u, ref = make_universe(p, algo="hashlife").step(6), make_universe(p, algo="reference").step(6)
    assert u.background == ref.background == 0
    assert_same_universe(u, ref)
    with pytest.raises(EngineError, match="hashlife"):
        make_universe(GLIDER, topology="torus:64x64", algo="hashlife")


# -- macrocell ------------------------------------------------------------------------------------------------

def test_macrocell_round_trip_keeps_cells_rule_and_generation():
    p = random_pattern(5, (90, 120), 0.35, -1000, 333, rule=Rule.parse("B36/S23"))
    u = make_universe(p, algo="hashlife").step(21)
    text = u.to_macrocell()
    v = load_macrocell_universe(text)
    assert v.rule == u.rule and v.generation == 21
    assert np.array_equal(v.cells(), u.cells())
    # the formats package's own reader places the cells identically (Golly's convention)
    q = read_macrocell(text)
    assert np.array_equal(q.cells, u.cells()) and q.generation == 21


@pytest.mark.parametrize("x, y, text", [
    # written by bgolly 3.3 for a single cell at (x, y)
    (0, 0, "$$$$$$$*$\n4 0 1 0 0\n"),
    (5, 3, "$$.....*$\n4 0 0 0 1\n"),
    (-1, -1, "$$$$$$.......*$\n4 1 0 0 0\n"),
    (-3, 7, "$$$$$$.....*$\n4 0 0 1 0\n"),
])
def test_macrocell_positions_follow_golly(x, y, text):
    u = load_macrocell_universe("[M2] (golly 3.3)\n#R B3/S23\n" + text)
    assert u.cells().tolist() == [[x, y]]
    out = make_universe(Pattern(np.array([[x, y]])), algo="hashlife").to_macrocell()
    assert out.split("\n", 2)[2] == text


def test_macrocell_file_and_gzip(tmp_path):
    u = make_universe(GOSPER, algo="hashlife").step(100)
    for name in ("gun.mc", "gun.mc.gz"):
        path = tmp_path / name
        u.write_macrocell(path)
        if name.endswith(".gz"):
            assert gzip.decompress(path.read_bytes()).startswith(b"[M2]")
        v = load_macrocell_universe(path)
        assert np.array_equal(v.cells(), u.cells()) and v.generation == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gun.mc", "gun.mc.gz"]


@pytest.mark.parametrize("text, where, what", [
    ("#R B3/S23\n*$\n", 1, "start with \\[M2\\]"),
    ("[M2]\n*$\n4 1 0 0 2\n", 3, "not an earlier node"),
    ("[M2]\n*$\n5 1 0 0 0\n", 3, "level 3, expected 4"),
    ("[M2]\n*x$\n", 2, "unexpected character"),
    ("[M2]\n*\n", 2, "end with"),
    ("[M2]\n#R B3/S23\n4 0 0 0\n", 3, "expected a leaf"),
    ("[M2]\n#R B3/S23\n1 0 0 0 1\n", 3, "multi-state"),
])
def test_macrocell_errors_name_the_line(text, where, what):
    with pytest.raises(PatternError, match=what) as e:
        load_macrocell_universe(text)
    assert e.value.line == where


def test_macrocell_unsupported_rule_is_a_clear_error():
    with pytest.raises(PatternError, match="w22"):
        load_macrocell_universe("[M2]\n#R w22\n$$$$$$$*$\n4 0 1 0 0\n")
    with pytest.raises(PatternError, match="B0"):
        load_macrocell_universe("[M2]\n#R B03/S23\n$$$$$$$*$\n4 0 1 0 0\n")


def test_macrocell_loading_does_not_materialise_cells():
    # 2^80 × 2^80 of blocks: any cell-by-cell path would never finish
    lines = ["[M2]", "**$**$"] + [f"{k} {k - 3} {k - 3} {k - 3} {k - 3}" for k in range(4, 81)]
    u = load_macrocell_universe("\n".join(lines))
    assert u.population == 4 ** 78
    half = 2 ** 79
    assert u.bbox == (-half, -half + 1, 2 ** 80 - 6, 2 ** 80 - 6)
    assert u.region(-half, -half + 1, 3, 3).tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    assert u.density(-half, -half + 1, 1, 1, 2 ** 80)[0, 0] == pytest.approx(1 / 16)


@pytest.mark.skipif(not HASHLIFE_EXAMPLES.is_dir(), reason="Golly's patterns not installed")
@pytest.mark.parametrize("name", ["ruler.mc", "wedge-grow.mc", "catacryst.mc"])
def test_golly_examples_against_bgolly(name, tmp_path):
    path = HASHLIFE_EXAMPLES / name
    u = load_macrocell_universe(path)
    if BGOLLY is None:
        pytest.skip("bgolly not installed")
    out = tmp_path / "ours.mc"
    u.write_macrocell(out)
    gens = 2 ** 12
    u.step(gens)
    for src in (path, out):   # Golly reads what we write, and both runs agree with ours
        assert bgolly_population(src, gens) == u.population


@pytest.mark.slow
@pytest.mark.skipif(not HASHLIFE_EXAMPLES.is_dir(), reason="Golly's patterns not installed")
@pytest.mark.parametrize("path", sorted(HASHLIFE_EXAMPLES.glob("*.mc*")) if HASHLIFE_EXAMPLES.is_dir()
                         else [], ids=lambda p: p.name)
def test_golly_examples_advance_2_to_the_20(path):
    try:
        u = load_macrocell_universe(path, max_memory_mb=512)
    except PatternError as e:
        assert "w22" in str(e)   # Wolfram's 1-D rule, not Life-like
        return
    u.step(2 ** 20)
    assert u.node_count <= u.max_nodes
    if BGOLLY:
        assert bgolly_population(path, 2 ** 20, timeout=600) == u.population


@pytest.mark.skipif(BGOLLY is None or not (GOLLY_PATTERNS / "Life/Breeders/breeder.lif").exists(),
                    reason="bgolly or Golly's breeder not installed")
def test_breeder_to_2_to_the_100_against_bgolly():
    from life.formats import read

    path = GOLLY_PATTERNS / "Life/Breeders/breeder.lif"
    u = make_universe(read(path), algo="hashlife").step(2 ** 100)
    assert bgolly_population(path, 2 ** 100) == u.population
    assert u.population > 2 ** 180


def test_lowering_the_memory_limit_shrinks_the_table():
    u = make_universe(R_PENTOMINO, algo="hashlife").step(1000)
    assert u.node_count > 5000
    u.set_memory_limit(nodes=4000)
    assert u.node_count <= 4000 and u.max_nodes == 4000
    u.step(500)
    assert u.node_count <= 4000
    assert_same_universe(u, make_universe(R_PENTOMINO, algo="reference").step(1500))
    with pytest.raises(EngineError, match="needs"):
        HashLifeUniverse(random_pattern(1, (300, 300), 0.5)).set_memory_limit(nodes=1024)


_RSS_CHILD = """
import sys, time
import numpy as np
from life.pattern import Pattern
from life.engines.hashlife import HashLifeUniverse

def status(key):
    return int([ln.split()[1] for ln in open("/proc/self/status") if ln.startswith(key)][0]) * 1024

mb = float(sys.argv[1])
soup = Pattern.from_array(np.random.default_rng(1).random((256, 256)) < 0.4)  # chaotic, grows gliders
warm = HashLifeUniverse(soup, max_memory_mb=4)
warm.step(64)  # compile the kernels before measuring
del warm
base = status("VmRSS")
u = HashLifeUniverse(soup, max_memory_mb=mb)
start = time.time()
while u.gc_count < 2 and time.time() - start < 60:  # until the cap has been reached (and collected) twice
    u.step(256)
print((status("VmHWM") - base) / 2 ** 20, u.gc_count)
"""


def test_memory_cap_bounds_peak_memory():
    """The node table's cap counts everything it allocates: rows, populations, hash slots, the old table while
    it grows and garbage collection's arrays; measured as the high-water RSS of a fresh process."""
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.run([sys.executable, "-c", _RSS_CHILD, "64"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": root})
    assert proc.returncode == 0, proc.stderr[-2000:]
    grew_mb, gcs = proc.stdout.split()
    assert int(gcs) >= 1, "the pattern never reached the cap"
    assert float(grew_mb) <= 64 * 1.1, f"peak memory grew by {float(grew_mb):.1f} MB against a 64 MB cap"
