"""The guided tour in the window (SDL's dummy driver): T starts it, → / Space / ← turn pages, the overlay is drawn,
the window's own keys keep working, Esc leaves."""

import numpy as np
import pytest

pygame = pytest.importorskip("pygame")

from life.ui.app import App  # noqa: E402
from life.ui.demo import PAGES, first_page  # noqa: E402
from life.ui.demo_draw import caption_height  # noqa: E402
from life.ui.demo_window import speed_for_rate  # noqa: E402

pytestmark = pytest.mark.usefixtures("headless")


@pytest.fixture
def app(tmp_path):
    a = App(size=(800, 600), lang="es", threaded=False, out_dir=tmp_path)
    pygame.event.clear()
    a.settle()
    yield a
    a.worker.close()


def press(app, k, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode=unicode, scancode=0))
    for _ in range(3):
        app.frame()


def bottom(app):
    return pygame.surfarray.array3d(app.screen)[:, -120:, :].copy()


def test_t_starts_the_tour_and_the_arrows_turn_its_pages(app):
    plain = bottom(app)
    press(app, pygame.K_t, "t")
    tour = app.tour
    assert tour is not None and tour.scene.key == "rules" and tour.scene.lang == "es"
    assert app.universe is tour.scene.universe and app.running
    assert not np.array_equal(bottom(app), plain)  # the caption is drawn
    first = bottom(app)
    press(app, pygame.K_RIGHT)
    assert tour.scene.key == "glider" and app.universe is tour.scene.universe
    assert not np.array_equal(bottom(app), first)  # a new caption
    press(app, pygame.K_SPACE, " ")
    assert tour.scene.key == "chaos"
    press(app, pygame.K_LEFT)
    assert tour.scene.key == "glider"
    press(app, pygame.K_RETURN)  # pause, so that the labels are those of the generation shown
    app.settle()
    app.frame()
    g = app.universe.generation
    assert [lab.text for lab in tour._notes[1].labels] == [f"fase {(g + i) % 4 + 1}" for i in range(4)]


def test_window_keys_keep_working_inside_the_tour_and_esc_leaves_it(app):
    app.start_tour(2)
    app.frame()
    exp = app.camera.exp
    press(app, pygame.K_RIGHTBRACKET, "]")
    assert app.camera.exp == exp + 1  # zoom
    press(app, pygame.K_RETURN)
    assert not app.running  # Enter pauses the page's universe
    g = app.universe.generation
    press(app, pygame.K_n, "n")
    assert app.universe.generation == g + 1
    press(app, pygame.K_ESCAPE)
    assert app.tour is None and not app.quit  # back to the plain window
    press(app, pygame.K_ESCAPE)
    assert app.quit


def test_standalone_tour_closes_with_esc_and_autoplays(app):
    app.start_tour(6, autoplay=True, standalone=True)
    app.frame()
    tour = app.tour
    assert tour.scene.key == "mirage"
    tour.tour.elapsed = tour.scene.seconds + 1  # the page's time is up
    app.frame()
    app.frame()
    assert tour.tour.index == len(PAGES) - 1 and tour.scene.key == "your_turn"
    press(app, pygame.K_a, "a")
    assert not tour.tour.autoplay
    press(app, pygame.K_ESCAPE)
    assert app.quit


def test_the_view_fits_the_page_above_its_caption(app):
    app.start_tour(3)
    app.frame()
    scene = app.tour.scene
    w, h = app.size
    cap = caption_height(scene.title, scene.caption, w, h)
    x, y, bw, bh = scene.box
    _, top = app.camera.pixel_of(x, y, w, h)
    _, low = app.camera.pixel_of(x + bw, y + bh, w, h)
    assert top >= 0 and low <= h - cap + 1


def test_the_hashlife_page_jumps_by_doubling(app):
    app.start_tour(4)
    press(app, pygame.K_RIGHT)
    tour = app.tour
    assert tour.scene.doubling and app.universe.generation == 1024
    tour.tour.elapsed = 2.0  # four doublings are due
    for _ in range(200):
        app.frame()
        if app.universe.generation >= 2 ** 14:
            break
    assert app.universe.generation >= 2 ** 12 and app.universe.generation & (app.universe.generation - 1) == 0


def test_speed_for_rate_matches_the_controllers_clock():
    assert speed_for_rate(60) == 0 and speed_for_rate(240) == 2
    assert speed_for_rate(4) == -4  # one generation every 16/64 s
    assert first_page(1) == 0


def test_a_soup_thrown_in_during_the_tour_keeps_the_caption_and_drops_the_labels(app):
    app.start_tour(3)
    press(app, pygame.K_RIGHT)  # the labelled ash
    assert app.tour._notes[1].labels
    press(app, pygame.K_r, "r")
    app.settle()
    app.frame()
    assert app.universe is not app.tour.scene.universe and app.universe.population > 0
    assert app.tour._notes[1].labels == () and app.tour.scene.key == "ash"
