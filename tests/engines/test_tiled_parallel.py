"""The tiled plane's parallel loop (tiles stepped on all of Numba's threads) equals the reference engine and the
serial loop cell for cell, gives the same results run to run, and the census's settling calls are unchanged by it;
the tile table stays within the memory budget on a pattern that grows without end."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import Rule, make_universe
from life.engines.tiled import TiledPlaneUniverse
from tests.oracle import LIDKA, assert_same_run, assert_same_universe, random_pattern
from tests.strategies import hensel_rules, rules


def _tiled(pattern, parallel_min_tiles):
    u = make_universe(pattern, algo="tiled")
    u.parallel_min_tiles = parallel_min_tiles   # 1: every generation takes the parallel loop; 0: never
    return u


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=st.one_of(st.just(Rule()), rules(b0=False), hensel_rules()), w=st.integers(1, 200),
       h=st.integers(1, 200), density=st.sampled_from([0.1, 0.3, 0.5]), seed=st.integers(0, 2 ** 32 - 1),
       x0=st.sampled_from([-130, -64, -63, -1, 0, 1, 63, 64]), y0=st.sampled_from([-130, -64, -1, 0, 1, 63, 64]),
       steps=st.lists(st.integers(0, 25), min_size=1, max_size=3))
def test_parallel_loop_equals_reference_across_tile_edges(rule, w, h, density, seed, x0, y0, steps):
    p = random_pattern(seed, (h, w), density, x0, y0, rule=rule)
    par = _tiled(p, 1)
    ref = make_universe(p, algo="reference")
    assert_same_run(par, ref, steps)


def test_parallel_and_serial_loops_agree_generation_by_generation_and_run_to_run():
    p = random_pattern(5, (400, 400), 0.37, -200, -200)
    runs = [_tiled(p, 1), _tiled(p, 1), _tiled(p, 0)]
    for _ in range(30):
        for u in runs:
            u.step(10)
        pops = [u.population for u in runs]
        assert pops[0] == pops[1] == pops[2]
        assert runs[0].tile_count == runs[1].tile_count == runs[2].tile_count
        assert runs[0].active_tiles == runs[1].active_tiles == runs[2].active_tiles
    cells = [u.cells() for u in runs]
    assert np.array_equal(cells[0], cells[1]) and np.array_equal(cells[0], cells[2])
    assert_same_universe(runs[0], make_universe(p, algo="hashlife").step(300))


def test_threshold_switches_loops_mid_run_without_changing_results():
    # a soup big enough to start on the parallel loop that settles below the threshold: the engine hands over
    # to the serial loop (and back, should it grow again) between generations
    assert make_universe(LIDKA, algo="tiled").parallel_min_tiles > 0
    p = random_pattern(9, (1200, 1200), 0.35)
    auto = _tiled(p, 256)
    serial = _tiled(p, 0)
    assert auto.active_tiles >= auto.parallel_min_tiles
    auto.step(3000)
    serial.step(3000)
    assert auto.active_tiles < auto.parallel_min_tiles
    assert_same_universe(auto, serial)
    assert_same_universe(_tiled(LIDKA, 1).step(3000), make_universe(LIDKA, algo="hashlife").step(3000))


def test_settling_api_is_unchanged_by_the_parallel_loop():
    p = random_pattern(3, (300, 300), 0.4)
    got = []
    for par_min in (0, 1):
        u = TiledPlaneUniverse.empty(Rule(), 0, 256)
        u.parallel_min_tiles = par_min
        xs, ys = p.cells[:, 0].copy(), p.cells[:, 1].copy()
        u.add_cells(xs, ys)
        hint = u.step_until_periodic(3000, 30, 48, 0)
        ox, oy, w, h = u.bbox
        got.append((hint, u.generation, u.shape_hash(), u.step_until_shape(u.population, w, h, u.shape_hash(), 40),
                    u.generation))
    assert got[0] == got[1]


_GROW_UNTIL_REFUSED = """
import sys
from life import EngineError, Rule, make_universe
from tests.oracle import random_pattern

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024

u = make_universe(random_pattern(1, (64, 64), 0.3, rule=Rule.parse("B2/S")), algo="tiled")
u.parallel_min_tiles = int(sys.argv[1])
u.step(1)
base = rss("VmRSS:")
try:
    u.step(100000)
    print("no error")
except EngineError as e:
    print(e)
print(u.generation, u.memory_bytes, rss("VmHWM:") - base)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the resident set size from /proc")
@pytest.mark.parametrize("parallel_min_tiles", [0, 1])
def test_chaotic_growth_stops_at_the_memory_budget(parallel_min_tiles):
    # Seeds (B2/S) explodes in every direction; the tile table doubles until the next doubling would pass the
    # budget, then stepping raises a one-line EngineError, the resident set having grown by less than the budget
    budget = 24 << 20
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "LIFE_MEMORY_BUDGET": str(budget), "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", _GROW_UNTIL_REFUSED, str(parallel_min_tiles)], env=env, cwd=root,
                         capture_output=True, text=True, timeout=600)
    message, numbers = out.stdout.strip().splitlines()
    assert "budget" in message and "LIFE_MEMORY_BUDGET" in message, out.stdout + out.stderr
    generation, held, grown = map(int, numbers.split())
    assert generation > 500 and held <= budget // 2
    assert grown <= budget
