"""The tiled plane's parallel loops — tiles stepped on all of Numba's threads, and the team loop's two threads that
each step the tiles on their side of a column — equal the reference engine and the serial loop cell for cell,
give the same results run to run, hand over to each other mid-run, and leave the census's settling calls
unchanged; the tile table stays within the memory budget on a pattern that grows without end."""

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
from life.formats import read
from tests.oracle import LIDKA, assert_same_run, assert_same_universe, random_pattern
from tests.strategies import hensel_rules, rules

LOOPS = ("serial", "parallel", "team")


def _use(u, loop, at=1):
    """Hold ``u`` to one loop: from ``at`` active tiles on (1: every generation), serial below."""
    u.parallel_min_tiles = at if loop == "parallel" else 0
    u.team_min_tiles = at if loop == "team" else 0
    u.team_min_steps = 0      # the team loop even for short calls
    u.threads = 2
    return u


def _tiled(pattern, loop, at=1):
    return _use(make_universe(pattern, algo="tiled"), loop, at)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=st.one_of(st.just(Rule()), rules(b0=False), hensel_rules()), w=st.integers(1, 200),
       h=st.integers(1, 200), density=st.sampled_from([0.1, 0.3, 0.5]), seed=st.integers(0, 2 ** 32 - 1),
       x0=st.sampled_from([-130, -64, -63, -1, 0, 1, 63, 64]), y0=st.sampled_from([-130, -64, -1, 0, 1, 63, 64]),
       steps=st.lists(st.integers(0, 25), min_size=1, max_size=3), loop=st.sampled_from(LOOPS[1:]))
def test_parallel_loops_equal_reference_across_tile_edges(rule, w, h, density, seed, x0, y0, steps, loop):
    p = random_pattern(seed, (h, w), density, x0, y0, rule=rule)
    par = _tiled(p, loop)
    ref = make_universe(p, algo="reference")
    assert_same_run(par, ref, steps)
    assert (par.team_runs > 0) == (loop == "team" and sum(steps) > 0 and len(p.cells) > 0)


def test_loops_agree_generation_by_generation_and_run_to_run():
    p = random_pattern(5, (400, 400), 0.37, -200, -200)
    runs = [_tiled(p, loop) for loop in ("parallel", "parallel", "team", "team", "serial")]
    for _ in range(30):
        for u in runs:
            u.step(10)
        assert len({u.population for u in runs}) == 1
        assert len({u.tile_count for u in runs}) == 1
        assert len({u.active_tiles for u in runs}) == 1
    cells = [u.cells() for u in runs]
    assert all(np.array_equal(cells[0], c) for c in cells[1:])
    assert runs[2].team_runs == 30
    assert_same_universe(runs[0], make_universe(p, algo="hashlife").step(300))


def test_team_loop_runs_long_calls_that_grow_the_table():
    # one long call on the team loop, from a table too small for the pattern: it returns to grow the table
    # many times, and lets new tiles appear at the frontier (a gun's glider stream, a soup's ash)
    gun = read(Path(__file__).resolve().parents[2] / "patterns" / "gosper-glider-gun.rle")
    for p, gens in ((random_pattern(11, (300, 300), 0.35, -150, -150), 1500), (gun, 4000)):
        team = _use(TiledPlaneUniverse.empty(p.rule, 0, 16), "team")
        team.add_cells(p.cells[:, 0].copy(), p.cells[:, 1].copy())
        serial = _tiled(p, "serial")
        team.step(gens)
        serial.step(gens)
        assert team.team_runs > 3 and len(team._used) > 16
        assert_same_universe(team, serial)


def test_default_loop_choice():
    lidka = make_universe(LIDKA, algo="tiled")
    assert lidka.parallel_min_tiles is None and lidka.team_min_tiles > 0
    lidka.threads = 2
    lidka.step(3000)
    assert lidka.team_runs == 0     # about 25 active tiles: the serial loop
    soup = make_universe(random_pattern(2, (900, 900), 0.35), algo="tiled")
    soup.threads = 2
    soup.step(500)
    assert soup.team_runs >= 1
    one = make_universe(random_pattern(2, (900, 900), 0.35), algo="tiled")
    one.threads = 1
    one.step(500)
    assert one.team_runs == 0
    assert_same_universe(soup, one)


@pytest.mark.parametrize("loop", LOOPS[1:])
def test_threshold_switches_loops_mid_run_without_changing_results(loop):
    # a soup big enough to start on the parallel loop that settles below the threshold: the engine hands over
    # to the serial loop (and back, should it grow again) between generations
    p = random_pattern(9, (1200, 1200), 0.35)
    auto = _tiled(p, loop, 256)
    serial = _tiled(p, "serial")
    assert auto.active_tiles >= 256
    auto.step(3000)
    serial.step(3000)
    assert auto.active_tiles < 256
    assert_same_universe(auto, serial)
    assert_same_universe(_tiled(LIDKA, loop).step(3000), make_universe(LIDKA, algo="hashlife").step(3000))


def test_settling_api_is_unchanged_by_the_parallel_loops():
    p = random_pattern(3, (300, 300), 0.4)
    got = []
    for loop in LOOPS:
        u = _use(TiledPlaneUniverse.empty(Rule(), 0, 256), loop)
        xs, ys = p.cells[:, 0].copy(), p.cells[:, 1].copy()
        u.add_cells(xs, ys)
        hint = u.step_until_periodic(6000, 30, 48, 0)
        ox, oy, w, h = u.bbox
        got.append((hint, u.generation, u.shape_hash(), u.step_until_shape(u.population, w, h, u.shape_hash(), 40),
                    u.generation))
        # and a stop on the extent, a few generations into a call
        v = _use(TiledPlaneUniverse.empty(Rule(), 0, 256), loop)
        v.add_cells(xs, ys)
        got[-1] += (v.step_until_periodic(6000, 30, 48, 400), v.generation, v.population)
        assert (u.team_runs > 0 and v.team_runs > 0) == (loop == "team")
    assert got[0] == got[1] == got[2]
    assert got[0][0][0] == "stable" and got[0][-3][0] == "extent"


_GROW_UNTIL_REFUSED = """
import sys
from life import EngineError, Rule, make_universe
from tests.oracle import random_pattern

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024

u = make_universe(random_pattern(1, (64, 64), 0.3, rule=Rule.parse("B2/S")), algo="tiled")
u.threads = 2
u.parallel_min_tiles = 1 if sys.argv[1] == "parallel" else 0
u.team_min_tiles = 1 if sys.argv[1] == "team" else 0
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
@pytest.mark.parametrize("loop", LOOPS)
def test_chaotic_growth_stops_at_the_memory_budget(loop):
    # Seeds (B2/S) explodes in every direction; the tile table doubles until the next doubling would pass the
    # budget, then stepping raises a one-line EngineError, the resident set having grown by less than the budget
    budget = 24 << 20
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "LIFE_MEMORY_BUDGET": str(budget), "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", _GROW_UNTIL_REFUSED, loop], env=env, cwd=root,
                         capture_output=True, text=True, timeout=600)
    message, numbers = out.stdout.strip().splitlines()
    assert "budget" in message and "LIFE_MEMORY_BUDGET" in message, out.stdout + out.stderr
    generation, held, grown = map(int, numbers.split())
    assert generation > 500 and held <= budget // 2
    assert grown <= budget
