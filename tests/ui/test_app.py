"""The interactive window driven headlessly (SDL's dummy video driver) through posted key and mouse events."""

import numpy as np
import pytest

pygame = pytest.importorskip("pygame")

import life  # noqa: E402
from life import Pattern, Rule  # noqa: E402
from life.render import OUTSIDE, THEMES  # noqa: E402
from life.ui import app as appmod  # noqa: E402
from life.ui import controller, keys  # noqa: E402
from life.ui import text as T  # noqa: E402

GLIDER = [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]

pytestmark = pytest.mark.usefixtures("headless")


def cells_of(app):
    return {tuple(map(int, c)) for c in app.universe.cells()}


def key(k, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))


def text(s):
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=s))


def pixel(app, x, y):
    """The window pixel at the centre of cell (x, y)."""
    px, py = app.camera.pixel_of(x + 0.5, y + 0.5, *app.size)
    return int(px), int(py)


def click(pos, button=1):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))


def drag(points, button=1):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=points[0], button=button))
    buttons = tuple(int(b == button) for b in (1, 2, 3))
    for p in points[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=buttons))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=points[-1], button=button))


def run_frames(app, n=1):
    for _ in range(n):
        app.frame()
    app.settle()


def draw_glider(app):
    app.camera.cx, app.camera.cy, app.camera.exp = 1.5, 1.5, 4  # 16 px per cell, glider in the middle
    click(pixel(app, 1, 0))
    click(pixel(app, 2, 1))
    drag([pixel(app, 0, 2), pixel(app, 2, 2)])  # the bottom row in one stroke
    run_frames(app)


# ---------------------------------------------------------------------------------------------- editing, stepping
def test_draw_glider_with_the_mouse_then_four_generations_move_it_by_one_one(make_app):
    app = make_app()
    draw_glider(app)
    assert cells_of(app) == set(GLIDER)
    for _ in range(4):
        key(pygame.K_n, unicode="n")
    run_frames(app)
    assert app.universe.generation == 4
    assert cells_of(app) == {(x + 1, y + 1) for x, y in GLIDER}


def test_shift_drag_erases(make_app):
    app = make_app()
    draw_glider(app)
    key_down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_LSHIFT, mod=pygame.KMOD_LSHIFT, unicode="",
                                  scancode=0)
    pygame.event.post(key_down)
    drag([pixel(app, 0, 2), pixel(app, 2, 2)])
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_LSHIFT, mod=0, unicode="", scancode=0))
    run_frames(app)
    assert cells_of(app) == {(1, 0), (2, 1)}


def test_undo_and_redo_of_strokes_and_of_running(make_app):
    app = make_app()
    draw_glider(app)
    key(pygame.K_z, unicode="z")
    run_frames(app)
    assert cells_of(app) == {(1, 0), (2, 1)}  # the last stroke (bottom row) is undone
    key(pygame.K_z, mod=pygame.KMOD_LSHIFT, unicode="Z")
    run_frames(app)
    assert cells_of(app) == set(GLIDER)
    for _ in range(8):
        key(pygame.K_n, unicode="n")
    run_frames(app)
    assert app.universe.generation == 8
    key(pygame.K_z, unicode="z")  # undo the run: back to generation 0 with the drawn glider
    run_frames(app)
    assert app.universe.generation == 0 and cells_of(app) == set(GLIDER)
    key(pygame.K_z, mod=pygame.KMOD_LSHIFT, unicode="Z")  # redo the run
    run_frames(app)
    assert app.universe.generation == 8 and cells_of(app) == {(x + 2, y + 2) for x, y in GLIDER}


def test_home_returns_to_the_start_and_clear_is_undoable(make_app):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"], name="glider"))
    start = cells_of(app)
    key(pygame.K_TAB)
    key(pygame.K_TAB)
    run_frames(app)
    assert app.universe.generation == 2
    key(pygame.K_HOME)
    run_frames(app)
    assert app.universe.generation == 0 and cells_of(app) == start
    key(pygame.K_c, unicode="c")
    run_frames(app)
    assert app.universe.population == 0
    key(pygame.K_z, unicode="z")
    run_frames(app)
    assert cells_of(app) == start


def test_drawing_outside_a_bounded_grid_is_refused_with_a_message(make_app):
    app = make_app(Pattern(rule=Rule()), topology="bounded:8x8")
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, 3
    click(pixel(app, 10, 0))
    click(pixel(app, 1, 1))
    run_frames(app)
    assert cells_of(app) == {(1, 1)}
    assert app.message is not None and app.message[1]


def test_drawing_on_a_torus_wraps(make_app):
    app = make_app(Pattern(rule=Rule()), topology="torus:8x8")
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, 3
    click(pixel(app, 5, 0))  # x = 5 is x = -3 on an 8-wide torus (x from -4 to 3)
    run_frames(app)
    assert cells_of(app) == {(-3, 0)}


# ---------------------------------------------------------------------------------------------- the view
def test_wheel_and_bracket_keys_zoom_around_the_cursor(make_app):
    app = make_app()
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, 2
    pos = (250, 60)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    run_frames(app)
    under = app.camera.cell_at(*pos, *app.size)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    run_frames(app)
    assert app.camera.exp == 3
    assert app.camera.cell_at(*pos, *app.size) == under
    key(pygame.K_LEFTBRACKET, unicode="[")
    key(pygame.K_LEFTBRACKET, unicode="[")
    run_frames(app)
    assert app.camera.exp == 1
    assert app.camera.cell_at(*pos, *app.size) == under
    key(pygame.K_4, unicode="4")
    run_frames(app)
    assert app.camera.zoom == 8


def test_pan_with_right_drag_and_arrows(make_app):
    app = make_app()
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, 2
    drag([(100, 100), (140, 120), (180, 60)], button=3)
    run_frames(app)
    assert (app.camera.cx, app.camera.cy) == (-80 / 4, 40 / 4)
    before = app.camera.cx
    key(pygame.K_RIGHT)
    run_frames(app)
    assert app.camera.cx == before + app.size[0] / 8 / 4
    assert cells_of(app) == set()  # right-drag never draws


def test_fit_centres_the_pattern(make_app):
    app = make_app(Pattern.from_strings(["OO", "OO"]).translated(100, -50))
    app.camera.cx = app.camera.cy = 0
    key(pygame.K_f, unicode="f")
    run_frames(app)
    assert (app.camera.cx, app.camera.cy) == (101, -49)
    x0, y0 = app.camera.cell_at(0, 0, *app.size)
    x1, y1 = app.camera.cell_at(app.size[0] - 1, app.size[1] - 1, *app.size)
    assert x0 < 100 and x1 > 101 and y0 < -50 and y1 > -49


def expected_frame(app, live_cells, theme="dark"):
    w, h = app.size
    t = THEMES[theme]
    img = np.empty((h, w, 3), dtype=np.uint8)
    img[:] = t.dead
    z = int(app.camera.zoom)
    x0, y0 = app.camera.origin(w, h)
    for x, y in live_cells:
        px, py = int((x - x0) * z), int((y - y0) * z)
        img[max(py, 0):max(py + z, 0), max(px, 0):max(px + z, 0)] = t.live
    return img


def screen_pixels(app):
    return pygame.surfarray.array3d(app.screen).transpose(1, 0, 2)


def test_a_rendered_frame_of_a_small_pattern_has_the_expected_pixels(make_app):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"]), size=(64, 48), hud=False)
    app.camera.cx, app.camera.cy, app.camera.exp = 1.5, 1.5, 3  # 8 px per cell: cells -2..5 by -1..4
    assert app.camera.origin(64, 48) == (-2.5, -1.5)  # half cells at the edges
    app.frame()
    got = screen_pixels(app)
    # cell (x, y) covers pixels ((x + 2.5) * 8, (y + 1.5) * 8) onwards
    want = expected_frame(app, GLIDER)
    assert got.shape == (48, 64, 3)
    assert np.array_equal(got, want)
    assert (got == THEMES["dark"].live).all(axis=2).sum() == 5 * 64


def test_grid_lines_are_drawn_on_cell_edges(make_app):
    app = make_app(Pattern.from_strings(["O"]), size=(64, 48), hud=False)
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, 3
    key(pygame.K_g, unicode="g")
    app.frame()
    app._message = None
    app.frame()
    got = screen_pixels(app)
    grid = np.array(THEMES["dark"].grid, dtype=np.uint8)
    x0, _ = app.camera.origin(64, 48)
    cols = [px for px in range(64) if (got[:, px] == grid).all()]
    assert cols and all(((x0 + px / 8) % 1) == 0 for px in cols)


def test_zoomed_out_view_shades_by_density(make_app):
    grid = np.zeros((64, 64), dtype=bool)
    grid[:32, :32] = True  # a full block and an empty one
    grid[32:, 32:] = np.indices((32, 32)).sum(axis=0) % 2 == 0  # half full
    app = make_app(Pattern.from_array(grid, 0, 0), size=(64, 64), hud=False, topology="torus:64x64")
    app.camera.cx, app.camera.cy, app.camera.exp = 0, 0, -2  # one pixel = 4x4 cells
    app.frame()
    got = screen_pixels(app)
    pal = app.painter.palette
    x0, y0 = app.camera.origin(64, 64)
    full = got[int((0 - y0) / 4) + 1, int((0 - x0) / 4) + 1]
    # the torus's cells run from -32 to 31: the half-full quarter (32..63 each way) wraps to -32..-1
    half = got[int((-24 - y0) / 4), int((-24 - x0) / 4)]
    empty = got[int((-24 - y0) / 4), int((8 - x0) / 4)]
    assert tuple(full) == tuple(pal[16]) and tuple(empty) == tuple(pal[0])
    assert tuple(half) == tuple(pal[8])
    # one copy of the torus is drawn (as Golly does): beyond its edge is OUTSIDE, not the cells wrapped again
    beyond = got[int((40 - y0) / 4), int((40 - x0) / 4)]
    assert tuple(beyond) == tuple(pal[OUTSIDE])


# ---------------------------------------------------------------------------------------------- speed, rules
def test_speed_keys_and_tab_steps_the_step_size(make_app):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"]))
    for _ in range(3):
        key(pygame.K_PLUS, unicode="+")
    run_frames(app)
    assert app.speed == 3
    key(pygame.K_TAB)
    run_frames(app)
    assert app.universe.generation == 8
    key(pygame.K_0, unicode="0")
    key(pygame.K_MINUS, unicode="-")
    run_frames(app)
    assert app.speed == -1


def test_a_long_jump_is_done_in_bounded_chunks(make_app):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"]))
    calls = []
    real = app.universe.step

    def counting(n=1):
        calls.append(n)
        return real(n)

    app.universe.step = counting
    app.sim.set_speed(10)
    key(pygame.K_TAB)
    run_frames(app)
    assert app.universe.generation == 1024
    assert sum(calls) == 1024 and len(calls) >= 10  # chunks start at 1 and at most double
    assert all(b <= 2 * a for a, b in zip(calls, calls[1:], strict=False))


def test_a_long_jump_shows_progress_and_esc_cancels_it(monkeypatch, make_app):
    monkeypatch.setattr(appmod, "PROGRESS_AFTER", 0.0)
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"]))
    app.sim.set_speed(16)
    key(pygame.K_TAB)
    for _ in range(4):
        app.frame()  # each frame draws the progress bar and steps one bounded chunk
    g = app.universe.generation
    assert 0 < g < 2 ** 16 and app.pending > 0
    key(pygame.K_ESCAPE)
    run_frames(app)
    assert not app.quit and app.pending == 0
    assert app.universe.generation <= 2 * g + 16
    assert "cancelled" in app.message[0]


def test_running_steps_every_frame(make_app):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"]))
    key(pygame.K_SPACE, unicode=" ")
    app.frame()
    assert app.running
    for _ in range(5):
        app.frame()
    assert app.universe.generation >= 4
    key(pygame.K_RETURN)
    app.frame()
    app.settle()
    g = app.universe.generation
    for _ in range(3):
        app.frame()
    assert not app.running and app.universe.generation == g


def test_l_cycles_rules_keeping_cells(make_app):
    pat = Pattern.from_strings(["OOO"])
    app = make_app(pat, topology="torus:16x16", algo="reference")
    key(pygame.K_l, unicode="l")
    run_frames(app)
    assert app.universe.rule.bs == "B36/S23"
    assert cells_of(app) == {(0, 0), (1, 0), (2, 0)}
    key(pygame.K_l, unicode="l")
    key(pygame.K_l, unicode="l")
    run_frames(app)
    assert app.universe.rule.bs == "B2/S"
    key(pygame.K_l, mod=pygame.KMOD_LSHIFT, unicode="L")
    run_frames(app)
    assert app.universe.rule.bs == "B3678/S34678"
    assert str(app.universe.topology) == "torus:16x16"
    key(pygame.K_z, unicode="z")
    run_frames(app)
    assert app.universe.rule.bs == "B2/S"


def test_random_soup_fills_the_torus_and_is_undoable(make_app):
    app = make_app(Pattern.from_strings(["OO", "OO"]), topology="torus:32x32")
    key(pygame.K_r, unicode="r")
    run_frames(app)
    assert app.universe.population > 200 and app.universe.generation == 0
    assert app.message is not None and "32x32" in app.message[0]
    key(pygame.K_z, unicode="z")
    run_frames(app)
    assert cells_of(app) == {(0, 0), (1, 0), (0, 1), (1, 1)}


def test_the_worker_keeps_the_window_alive_while_a_rule_compiles(monkeypatch, make_app):
    import threading

    gate = threading.Event()

    def slow_warm(algo, rule, kind):
        assert gate.wait(30)

    monkeypatch.setattr(controller, "_WARMED", set())
    monkeypatch.setattr(controller, "_warm", slow_warm)
    monkeypatch.setattr(appmod, "NOTICE_AFTER", 0.0)
    app = make_app(Pattern.from_strings(["OOO"]), threaded=True)
    key(pygame.K_n, unicode="n")
    for _ in range(5):
        app.frame()  # frames go on while the "compile" blocks the worker
    assert app.worker.current is not None and app.worker.current[0] == "warm"
    assert app.universe.generation == 0 and app._frames >= 5
    click(pixel(app, 0, 3))  # the universe stays editable meanwhile
    app.frame()
    assert (0, 3) in cells_of(app)
    gate.set()
    app.settle()
    assert app.universe.generation == 1


# ---------------------------------------------------------------------------------------------- HUD, help, language
def test_hud_shows_the_state_in_english_and_spanish(make_app):
    app = make_app(Pattern.from_strings(["OOO"]), topology="torus:16x16", lang="es")
    lines = " ".join(app.hud_lines())
    for word in ("Generación 0", "Población 3", "Regla B3/S23", "Topología toro 16×16", "Zoom", "gen/s", "fps",
                 "En pausa"):
        assert word in lines
    app2 = make_app(Pattern.from_strings(["OOO"]), lang="en")
    lines = " ".join(app2.hud_lines())
    for word in ("Generation 0", "Population 3", "Rule B3/S23", "Topology plane", "Paused"):
        assert word in lines


def test_help_overlay_opens_with_h_or_question_mark_and_closes_with_esc(make_app):
    app = make_app()
    key(pygame.K_h, unicode="h")
    app.frame()
    assert app.show_help
    key(pygame.K_ESCAPE)
    app.frame()
    assert not app.show_help and not app.quit
    key(pygame.K_SLASH, mod=pygame.KMOD_LSHIFT, unicode="?")
    app.frame()
    assert app.show_help
    key(pygame.K_ESCAPE)
    key(pygame.K_ESCAPE)
    app.frame()
    assert app.quit


# ---------------------------------------------------------------------------------------------- open, save, screenshot
def test_picker_shows_a_bad_file_error_and_changes_nothing(make_app, tmp_path):
    bad = tmp_path / "bad.rle"
    bad.write_text("x = 3, y = 3\nbo$2bo$3q!\n")
    app = make_app(Pattern.from_strings(["OO", "OO"]))
    before = cells_of(app)
    key(pygame.K_o, unicode="o")
    text("o")  # the O that opened the picker also arrives as text: it must not be typed
    text(str(bad))
    key(pygame.K_RETURN)
    run_frames(app)
    assert app.prompt is not None and app.prompt.text == str(bad)
    assert app.prompt.error and "bad.rle" in app.prompt.error
    assert cells_of(app) == before and app.universe.generation == 0
    good = tmp_path / "glider.rle"
    good.write_text("x = 3, y = 3\nbo$2bo$3o!\n")
    key(pygame.K_BACKSPACE, mod=pygame.KMOD_LCTRL)
    key(pygame.K_u, mod=pygame.KMOD_LCTRL)
    text(str(tmp_path / "gli"))
    key(pygame.K_TAB)  # completes to glider.rle
    run_frames(app)
    assert app.prompt.text == str(good)
    key(pygame.K_RETURN)
    run_frames(app)
    assert app.prompt is None
    assert cells_of(app) == set(GLIDER)
    key(pygame.K_z, unicode="z")  # opening is undoable
    run_frames(app)
    assert cells_of(app) == before


def test_escape_closes_the_picker_without_quitting(make_app):
    app = make_app()
    key(pygame.K_o, unicode="o")
    app.frame()
    assert app.prompt is not None
    key(pygame.K_ESCAPE)
    app.frame()
    assert app.prompt is None and not app.quit


def test_open_a_bundled_pattern_by_name(make_app):
    from life import library

    try:
        name = library.names()[0]
    except ValueError:
        pytest.skip("the bundled pattern library is not available")
    app = make_app()
    key(pygame.K_o, unicode="o")
    text(name)
    key(pygame.K_RETURN)
    run_frames(app)
    assert app.prompt is None
    assert app.universe.population == life.load(name).population


def test_save_writes_rle_atomically(make_app, tmp_path):
    app = make_app(Pattern.from_strings([".O.", "..O", "OOO"], name="glider"))
    key(pygame.K_n, unicode="n")
    run_frames(app)
    key(pygame.K_s, unicode="s")
    app.frame()
    assert app.prompt.text.endswith("glider-gen1.rle")
    key(pygame.K_u, mod=pygame.KMOD_LCTRL)
    text(str(tmp_path / "out"))
    key(pygame.K_RETURN)
    run_frames(app)
    assert app.prompt is None
    saved = life.load(str(tmp_path / "out.rle"))
    assert {tuple(c) for c in saved.cells.tolist()} == cells_of(app)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.rle"]


def test_save_error_is_shown_in_the_prompt(make_app, tmp_path):
    app = make_app(Pattern.from_strings(["O"]))
    key(pygame.K_s, unicode="s")
    app.frame()
    key(pygame.K_u, mod=pygame.KMOD_LCTRL)
    text(str(tmp_path / "no-such-dir" / "x.rle"))
    key(pygame.K_RETURN)
    run_frames(app)
    assert app.prompt is not None and app.prompt.error


def test_screenshot_saves_the_window_as_png(make_app, tmp_path):
    app = make_app(Pattern.from_strings(["OOO"], name="blinker"), size=(200, 120))
    key(pygame.K_p, unicode="p")
    run_frames(app, 2)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["life-blinker-gen0.png"]
    img = pygame.image.load(str(tmp_path / files[0]))
    assert img.get_size() == (200, 120)


def test_dropping_a_file_opens_it(make_app, tmp_path):
    f = tmp_path / "blinker.cells"
    f.write_text("!Name: blinker\nOOO\n")
    app = make_app()
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(f)))
    run_frames(app)
    assert app.universe.population == 3 and app.name == "blinker"


def test_quit_event_and_escape_end_the_loop(make_app):
    app = make_app()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.run(max_fps=0)
    assert app.quit


def test_soup_start_is_built_in_the_background(make_app):
    from life.soup import parse_soup

    app = make_app(soup=parse_soup("40x30:0.5@3"), topology="torus:64x64")
    assert app.universe.population > 100
    assert str(app.universe.topology) == "torus:64x64"
    key(pygame.K_r, unicode="r")
    run_frames(app)
    bb = app.universe.bbox
    assert bb[2] <= 40 and bb[3] <= 30  # R keeps the --soup size


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_overlay_draws(make_app, lang, tmp_path):
    app = make_app(Pattern.from_strings(["OOO"]), lang=lang, size=(300, 200))
    app.notify("hello")
    app.show_help = True
    app.frame()
    app.show_help = False
    key(pygame.K_o, unicode="o")
    text("g")
    app.frame()
    app.prompt.error = "x" * 300
    app.frame()
    assert app.screen.get_size() == (300, 200)


# ---------------------------------------------------------------------------------------------- the key table
def press_event(binding):
    """A KEYDOWN event that means ``binding`` (a life.ui.keys.Key)."""
    mod = (pygame.KMOD_LSHIFT if binding.shift else 0) | (pygame.KMOD_LCTRL if binding.ctrl else 0)
    code = binding.codes[0] if binding.codes else pygame.K_UNKNOWN
    char = binding.chars[0] if binding.chars else ""
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=char, scancode=0)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_key_binding_has_a_help_row_and_the_window_shows_those_rows(make_app, lang):
    rows = keys.help_rows(lang)
    assert len(rows) == len(keys.ROWS)
    for row, (label, what) in zip(keys.ROWS, rows, strict=True):
        assert what == T.tr(lang, row.what)
        for way in row.ways:  # every key and gesture of the row is named in its keys column
            if isinstance(way, keys.Key):
                assert T.key_name(lang, way.label) in label.split(" / "), (way, label)
            else:
                assert T.key_name(lang, way.label) in label, (way, label)
    undo_row = dict(zip((r.what for r in keys.ROWS), rows, strict=True))["key_undo"]
    assert "Ctrl+Y" in undo_row[0].split(" / ")  # Ctrl+Y redoes, and the help says so
    app = make_app(lang=lang)
    seen = []
    app.painter.help = lambda screen, title, help_rows, footer: seen.append(help_rows)
    key(pygame.K_h, unicode="h")
    app.frame()
    assert seen == [rows]


def test_key_presses_dispatch_through_the_table(make_app):
    app = make_app()
    actions = {b.action for b in keys.bindings()}
    assert set(app.actions) == actions  # a handler for every action of the table, none besides
    calls = []
    for name in actions:
        app.actions[name] = lambda ev, name=name: calls.append(name)
    for binding in keys.bindings():
        ev = press_event(binding)
        # no binding is shadowed by an earlier one that does something else
        assert keys.find(ev.key, ev.unicode, bool(binding.shift), bool(binding.ctrl)).action == binding.action
        calls.clear()
        pygame.event.post(ev)
        app.frame()
        assert calls == [binding.action], binding
    calls.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, mod=0, unicode="q", scancode=0))
    app.frame()
    assert calls == []  # Q is not in the table: nothing happens


def test_a_changed_table_changes_what_the_keys_do(monkeypatch, make_app):
    app = make_app()
    monkeypatch.setattr(keys, "ROWS", (keys.Row("key_grid", (keys.Key("grid", "Q", (pygame.K_q,)),)),))
    key(pygame.K_g, unicode="g")
    app.frame()
    assert not app.grid
    key(pygame.K_q, unicode="q")
    app.frame()
    assert app.grid
    assert keys.help_rows("en") == [("Q", T.tr("en", "key_grid"))]


def test_ctrl_y_redoes(make_app):
    app = make_app()
    draw_glider(app)
    key(pygame.K_z, unicode="z")
    run_frames(app)
    assert cells_of(app) == {(1, 0), (2, 1)}
    key(pygame.K_y, mod=pygame.KMOD_LCTRL, unicode="\x19")
    run_frames(app)
    assert cells_of(app) == set(GLIDER)
