"""Gliders lifted out of the tiled plane (``life/engines/tiled/gliders.py``) come back exactly: gliders on
collision courses with each other, with still lifes and with faster spaceships, streams, gliders lifted across
tile edges, the tile table growing while gliders are lifted, hand-overs to the team loop, and random fleets of
gliders around random soups all equal the reference engine and HashLife cell for cell."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import Pattern, Rule, make_universe
from life.engines.tiled import TiledPlaneUniverse
from tests.oracle import LIDKA, R_PENTOMINO, assert_same_run, assert_same_universe, random_pattern

BLOCK = [(0, 0), (1, 0), (0, 1), (1, 1)]
LWSS = Pattern.from_strings([".O..O", "O....", "O...O", "OOOO."])   # moves west at c/2


def _step(cells):
    """One B3/S23 generation of a set of (x, y) cells (the tests' own, independent of the engines)."""
    counts = {}
    for x, y in cells:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    counts[(x + dx, y + dy)] = counts.get((x + dx, y + dy), 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in cells)}


def glider(x, y, dx=1, dy=1, phase=0):
    """The cells of a glider near (x, y) moving (dx, dy) (each ±1), ``phase`` generations on."""
    base = [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]        # moves (+1, +1)
    cells = {(c if dx > 0 else 2 - c, r if dy > 0 else 2 - r) for c, r in base}
    for _ in range(phase):
        cells = _step(cells)
    return [(x + c, y + r) for c, r in cells]


def _pattern(cells):
    return Pattern(np.array(sorted(set(cells)), np.int64).reshape(-1, 2))


def _lifting(pattern, **kw):
    u = make_universe(pattern, algo="tiled")
    u.glider_min_gens = 1     # lift even in short calls
    for k, v in kw.items():
        setattr(u, k, v)
    return u


def _check(cells, steps, **kw):
    """Run the pattern through ``steps`` (calls of ``step``) lifting gliders, against the reference engine;
    returns the tiled universe."""
    p = _pattern(cells)
    u = _lifting(p, **kw)
    assert_same_run(u, make_universe(p, algo="reference"), steps)
    return u


def test_a_lone_glider_is_lifted_and_lands_where_it_should():
    u = _check(glider(0, 0), [100, 1, 3, 255, 17])
    assert u.gliders_lifted >= 3
    assert u.tile_count <= 9


def test_gliders_on_a_collision_course_land_before_they_meet():
    # head on, from 200 cells apart: lifted, then landed and colliding (a glider-glider collision makes debris)
    cells = glider(0, 0, 1, 1) + glider(200, 200, -1, -1, phase=2)
    u = _check(cells, [300, 200, 500])
    assert u.gliders_lifted >= 2


@pytest.mark.parametrize("dx,dy", [(1, 1), (-1, 1), (1, -1), (-1, -1)])
def test_gliders_crossing_paths_at_right_angles(dx, dy):
    cells = glider(0, 0, dx, dy) + glider(40 * dx + 60, 0, -dx, dy, phase=1)
    _check(cells, [60, 250, 400])


def test_a_glider_flying_into_a_block_lands_first():
    cells = glider(0, 0) + [(150 + x, 151 + y) for x, y in BLOCK]
    u = _check(cells, [500, 400])
    assert u.gliders_lifted >= 1


def test_a_faster_spaceship_overtakes_a_lifted_glider():
    # an LWSS (c/2, westward) from far east catches up with a glider flying south-west, and hits it
    lwss = [(int(x) + 300, int(y) + 40) for x, y in LWSS.cells]
    cells = glider(100, 0, -1, 1) + lwss
    _check(cells, [200, 300, 300])


@pytest.mark.parametrize("gap", [4, 5, 8, 12, 13, 30])
def test_gliders_flying_side_by_side(gap):
    # a fleet: closer than _TILE_GAP they stay in the tiles; 30 apart each is lifted once it has a tile to itself
    cells = glider(0, 0) + glider(gap + 2, 0, phase=gap % 4) + glider(0, gap + 2, phase=3)
    u = _check(cells, [250, 300])
    assert (u.gliders_lifted >= 3) == (gap >= 24)


def test_a_stream_from_a_gun_and_a_far_eater():
    # Gosper's gun fires south-east at a block 600 cells away: gliders in a stream, all exact
    from tests.oracle import GOSPER
    p = _pattern([tuple(c) for c in GOSPER.cells.tolist()] + [(640 + x, 640 + y) for x, y in BLOCK])
    assert_same_run(_lifting(p), make_universe(p, algo="hashlife"), [700, 1300, 2000])


def test_lidka_lifts_gliders_and_matches_hashlife_throughout():
    u = make_universe(LIDKA, algo="tiled")
    assert_same_run(u, make_universe(LIDKA, algo="hashlife"), [3000, 7000, 12000, 8000])
    assert u.gliders_lifted >= 15
    assert u.population == 1623


def test_lifting_off_gives_the_same_cells():
    on = make_universe(LIDKA, algo="tiled").step(12000)
    off = make_universe(LIDKA, algo="tiled")
    off.lift_gliders = False
    off.step(12000)
    assert on.gliders_lifted > 0 and off.gliders_lifted == 0
    assert_same_universe(on, off)


def test_the_tile_table_grows_while_gliders_are_lifted():
    # a table of 16 tiles, a fleet of gliders and a soup: the table grows mid-pass and mid-landing
    cells = [c for i in range(12) for c in glider(70 * i - 400, 90 * (i % 3) - 300, (-1) ** i, (-1) ** (i // 2),
                                                  phase=i % 4)]
    cells += [tuple(c) for c in random_pattern(5, (40, 40), 0.35, 0, 0).cells.tolist()]
    p = _pattern(cells)
    u = TiledPlaneUniverse.empty(Rule(), tiles=16)
    u.glider_min_gens = 1
    u.set_cells(p.cells)
    ref = make_universe(p, algo="reference")
    assert_same_run(u, ref, [40, 200, 300])
    assert u.gliders_lifted >= 6


def test_gliders_land_before_the_team_loop_takes_over():
    # gliders lifted by the serial loop, then the R-pentomino grows past the team loop's threshold (8 active
    # tiles, from about generation 400) in the same call
    cells = [c for i in range(3) for c in glider(100 * i - 300, -350 - 40 * i, (-1) ** i, -1, phase=i % 4)]
    cells += [tuple(c) for c in R_PENTOMINO.cells.tolist()]
    p = _pattern(cells)
    u = _lifting(p, team_min_tiles=8, team_min_steps=0, threads=2)
    assert_same_run(u, make_universe(p, algo="reference"), [700, 100])
    assert u.gliders_lifted > 0 and u.team_runs > 0


def test_other_rules_and_detect_runs_lift_nothing():
    cells = glider(0, 0)
    u = make_universe(_pattern(cells), algo="tiled")
    u.step_until_periodic(500, 4, 16)
    assert u.gliders_lifted == 0
    hl = make_universe(Pattern(_pattern(cells).cells, rule=Rule.parse("B36/S23")), algo="tiled").step(600)
    assert hl.gliders_lifted == 0
    short = make_universe(_pattern(cells), algo="tiled").step(100)      # below glider_min_gens
    assert short.gliders_lifted == 0


@st.composite
def fleets(draw):
    """Random gliders (place, direction, phase) around a random soup."""
    n = draw(st.integers(1, 8))
    cells = []
    for _ in range(n):
        x, y = draw(st.integers(-160, 160)), draw(st.integers(-160, 160))
        dx, dy = draw(st.sampled_from([-1, 1])), draw(st.sampled_from([-1, 1]))
        cells += glider(x, y, dx, dy, draw(st.integers(0, 3)))
    if draw(st.booleans()):
        size = draw(st.integers(4, 30))
        soup = random_pattern(draw(st.integers(0, 2 ** 32 - 1)), (size, size), 0.4, draw(st.integers(-64, 64)),
                              draw(st.integers(-64, 64)))
        cells += [tuple(c) for c in soup.cells.tolist()]
    return cells


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=fleets(), steps=st.lists(st.integers(1, 200), min_size=1, max_size=4))
def test_random_fleets_equal_the_reference(cells, steps):
    _check(cells, steps)
