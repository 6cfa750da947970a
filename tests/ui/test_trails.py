"""Colouring by age (D): born, young, old and trail colours in rendered frames, through posted key events."""

import numpy as np
import pytest

pygame = pytest.importorskip("pygame")

from life import Pattern  # noqa: E402
from life.render import LIVE  # noqa: E402
from life.ui import keys  # noqa: E402
from life.ui import text as T  # noqa: E402
from life.ui.trails import BORN, TRAIL, TRAIL_LEVELS, YOUNG, YOUNG_AGE, Trails  # noqa: E402

# an L tromino becomes a block in one generation (cell (1, 1) is born), beside a blinker far enough away
TROMINO_AND_BLINKER = Pattern.from_strings(["OO.....", "O......", ".......", ".......", "....OOO"])


def post_key(app, code, char):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=char, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode=char, scancode=0))
    app.frame()
    app.settle()
    app.frame()


def colour_of_cell(app, x, y):
    """The screen colour at the middle of cell (x, y)."""
    w, h = app.size
    px, py = app.camera.pixel_of(x + 0.5, y + 0.5, w, h)
    return tuple(int(v) for v in app.screen.get_at((int(px), int(py)))[:3])


def colour(app, index):
    return tuple(int(v) for v in app.painter.palette[index])


def make(make_app, **kw):
    app = make_app(TROMINO_AND_BLINKER, size=(160, 120), hud=False, **kw)
    app.camera.cx, app.camera.cy, app.camera.exp = 3.5, 2.5, 3  # 8 pixels a cell
    app.frame()
    return app


@pytest.mark.parametrize("algo,topology", [("auto", None), ("hashlife", None), ("plane", None), ("reference", None),
                                           ("auto", "torus:32x32"), ("auto", "bounded:40x30"),
                                           ("strip", "torus:32x0")])
def test_d_colours_born_young_old_and_trail_cells_on_every_engine(make_app, algo, topology):
    app = make(make_app, algo=algo, topology=topology)
    old, born, young, trail1 = (colour(app, LIVE), colour(app, BORN + LIVE - 1), colour(app, YOUNG + LIVE - 1),
                                colour(app, TRAIL))
    assert len({old, born, young, trail1, colour(app, 0)}) == 5
    post_key(app, pygame.K_d, "d")
    assert app.trails.on and app.message == (T.tr("en", "trails_on"), False)
    # switched on, what is alive counts as old: nothing flashes
    assert colour_of_cell(app, 0, 0) == old and colour_of_cell(app, 5, 4) == old
    post_key(app, pygame.K_n, "n")  # one generation
    assert app.universe.generation == 1
    assert colour_of_cell(app, 1, 1) == born  # the block's new cell
    assert colour_of_cell(app, 0, 0) == old
    assert colour_of_cell(app, 5, 3) == born and colour_of_cell(app, 5, 5) == born  # the blinker turned
    assert colour_of_cell(app, 5, 4) == old  # its middle lives on
    assert colour_of_cell(app, 4, 4) == trail1 and colour_of_cell(app, 6, 4) == trail1  # where its arms were
    post_key(app, pygame.K_n, "n")
    assert colour_of_cell(app, 1, 1) == young
    assert colour_of_cell(app, 4, 4) == born and colour_of_cell(app, 5, 3) == trail1
    post_key(app, pygame.K_d, "d")
    assert not app.trails.on
    assert colour_of_cell(app, 1, 1) == old and colour_of_cell(app, 5, 3) == colour(app, 0)


def test_trails_fade_and_young_cells_grow_old(make_app):
    app = make(make_app)
    post_key(app, pygame.K_d, "d")
    seen = []
    for _ in range(TRAIL_LEVELS + 2):
        post_key(app, pygame.K_n, "n")
        seen.append(colour_of_cell(app, 1, 1))
    # the block's born cell: born, young until YOUNG_AGE pictures, then old
    assert seen[0] == colour(app, BORN + LIVE - 1)
    assert seen[1:YOUNG_AGE] == [colour(app, YOUNG + LIVE - 1)] * (YOUNG_AGE - 1)
    assert seen[YOUNG_AGE] == colour(app, LIVE)
    # a cell that died: the trail fades through each level, then is gone
    trails = Trails()
    trails.on = True
    alive, dead = np.array([[LIVE]], np.uint8), np.array([[0]], np.uint8)
    trails.colour(alive, "view", 0)
    got = [int(trails.colour(dead, "view", v)[0, 0]) for v in range(1, TRAIL_LEVELS + 3)]
    assert got == [TRAIL + g for g in range(TRAIL_LEVELS)] + [0, 0]
    pal = app.painter.palette
    brightness = [int(pal[i].astype(int).sum()) for i in range(TRAIL, TRAIL + TRAIL_LEVELS)]
    assert brightness == sorted(brightness, reverse=True)  # each level fainter than the one before


def test_a_new_view_starts_over_without_flashing(make_app):
    app = make(make_app)
    post_key(app, pygame.K_d, "d")
    post_key(app, pygame.K_n, "n")
    assert colour_of_cell(app, 1, 1) == colour(app, BORN + LIVE - 1)
    post_key(app, pygame.K_RIGHT, "")  # pan: the ages start again, all old
    assert colour_of_cell(app, 1, 1) == colour(app, LIVE)
    assert colour_of_cell(app, 4, 4) == colour(app, 0)


def test_zoomed_out_pixels_have_ages_too(make_app):
    glider = Pattern.from_strings([".O.", "..O", "OOO"])
    app = make_app(glider, size=(160, 120), hud=False)
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, -1  # 1:2, density shading
    app.frame()
    post_key(app, pygame.K_d, "d")
    for _ in range(8):
        post_key(app, pygame.K_n, "n")
    pixels = pygame.surfarray.array3d(app.screen).reshape(-1, 3)
    colours = {tuple(int(v) for v in p) for p in pixels}
    pal = app.painter.palette
    trail_colours = {tuple(int(v) for v in pal[i]) for i in range(TRAIL, TRAIL + TRAIL_LEVELS)}
    age_colours = {tuple(int(v) for v in pal[i]) for i in range(BORN, YOUNG + LIVE)}
    assert colours & trail_colours  # the glider leaves a trail behind it
    assert colours & age_colours  # and its pixels are born or young (they keep moving)


def test_d_is_in_the_help_in_both_languages():
    binding = keys.find(pygame.K_d, "d", False, False)
    assert binding is not None and binding.action == "trails"
    for lang in ("en", "es"):
        assert ("D", T.tr(lang, "key_trails")) in keys.help_rows(lang)
