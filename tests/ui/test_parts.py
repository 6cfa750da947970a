"""The window's parts that need no display: camera, picker, undo history, texts, worker, the `view` command."""

import math
import os
import threading

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, Rule, make_universe
from life.ui import text as T
from life.ui.camera import FIT_MAX_EXP, MAX_EXP, Camera
from life.ui.history import Change, Edit, History, Snapshot
from life.ui.picker import Prompt, bundled_candidates, file_candidates
from life.ui.worker import Worker


# ---------------------------------------------------------------------------------------------- camera
@settings(max_examples=200, deadline=None)
@given(cx=st.floats(-1e6, 1e6), cy=st.floats(-1e6, 1e6), exp=st.integers(-12, MAX_EXP),
       w=st.integers(1, 2000), h=st.integers(1, 2000))
def test_origin_is_snapped_to_whole_pixels_or_pixel_blocks(cx, cy, exp, w, h):
    cam = Camera(cx, cy, exp)
    x0, y0 = cam.origin(w, h)
    if exp >= 0:
        assert (x0 * cam.zoom).is_integer() and (y0 * cam.zoom).is_integer()
    else:
        k = 2 ** -exp
        assert x0 % k == 0 and y0 % k == 0
    # the centre cell stays within a pixel (block) of the middle of the window
    px, py = cam.pixel_of(cx, cy, w, h)
    slack = 1 if exp >= 0 else 1
    assert abs(px - w / 2) <= slack + 1e-6 * max(1, abs(cx) * cam.zoom)
    assert abs(py - h / 2) <= slack + 1e-6 * max(1, abs(cy) * cam.zoom)
    vp = cam.viewport(w, h)
    assert (vp.x0, vp.y0, vp.width, vp.height, vp.zoom) == (x0, y0, w, h, cam.zoom)


@settings(max_examples=200, deadline=None)
@given(cx=st.integers(-10000, 10000), cy=st.integers(-10000, 10000), exp=st.integers(-8, MAX_EXP),
       new=st.integers(-8, MAX_EXP), ax=st.integers(0, 799), ay=st.integers(0, 599))
def test_zoom_keeps_the_point_under_the_anchor(cx, cy, exp, new, ax, ay):
    cam = Camera(cx, cy, exp)
    size = (800, 600)
    before = (cam.cx + (ax - 400) / cam.zoom, cam.cy + (ay - 300) / cam.zoom)
    cam.zoom_to(new, (ax, ay), size)
    after = (cam.cx + (ax - 400) / cam.zoom, cam.cy + (ay - 300) / cam.zoom)
    assert cam.exp == new
    assert math.isclose(before[0], after[0], abs_tol=1e-6) and math.isclose(before[1], after[1], abs_tol=1e-6)


def test_zoom_is_clamped_and_pan_moves_the_picture():
    cam = Camera(0, 0, 0, min_exp=-3)
    cam.zoom_by(100)
    assert cam.exp == MAX_EXP
    cam.zoom_by(-100)
    assert cam.exp == -3
    cam.zoom_to(2)
    cam.pan(8, -4)
    assert (cam.cx, cam.cy) == (-2, 1)


@pytest.mark.parametrize("box", [(0, 0, 3, 3), (-500, 20, 1000, 7), (10, 10, 1, 400), (5, 5, 100000, 100000)])
def test_fit_shows_the_whole_box_at_the_largest_power_of_two(box):
    cam = Camera()
    w, h = 800, 600
    cam.fit(box, w, h)
    x, y, bw, bh = box
    px0, py0 = cam.pixel_of(x, y, w, h)
    px1, py1 = cam.pixel_of(x + bw, y + bh, w, h)
    assert 0 <= px0 and px1 <= w and 0 <= py0 and py1 <= h
    if cam.exp < FIT_MAX_EXP:
        assert (bw + 4) * cam.zoom * 2 > 0.9 * w or (bh + 4) * cam.zoom * 2 > 0.9 * h


def test_cell_at_inverts_pixel_of():
    for exp in (-3, 0, 3):
        cam = Camera(10.25, -7.5, exp)
        for x, y in [(0, 0), (10, -7), (-3, 4)]:
            px, py = cam.pixel_of(x, y, 640, 480)
            if 0 <= px < 640 and 0 <= py < 480:
                cx, cy = cam.cell_at(px, py, 640, 480)
                k = max(1, 2 ** -exp)
                assert cx <= x < cx + k and cy <= y < cy + k


# ---------------------------------------------------------------------------------------------- picker
def test_bundled_candidates_put_prefix_matches_first():
    try:
        cands = bundled_candidates("glid")
    except ValueError:
        pytest.skip("the bundled pattern library is not available")
    names = [c.value for c in cands]
    assert names and names[0].startswith("glid")
    firsts = [n for n in names if n.startswith("glid")]
    assert names[:len(firsts)] == firsts  # prefix matches before substring matches


def test_file_candidates_and_tab_completion(tmp_path):
    (tmp_path / "gosper.rle").write_text("o!")
    (tmp_path / "glider.rle").write_text("o!")
    (tmp_path / "glider-notes.txt").write_text("not a pattern")
    (tmp_path / "gliders").mkdir()
    base = str(tmp_path) + os.sep
    values = [c.value for c in file_candidates(base + "gl")]
    assert values == [base + "gliders" + os.sep, base + "glider.rle"]
    p = Prompt("open", text=base + "gl")
    p.complete()  # common prefix
    assert p.text == base + "glider"
    p.move(1)
    p.complete()  # the chosen candidate
    assert p.text == base + "gliders" + os.sep
    p.text = base + "gliders"
    p.refresh()
    p.move(1)
    assert p.submission() is None and p.text == base + "gliders" + os.sep  # Enter on a folder enters it
    p.text = base + "glider.rle"
    p.refresh()
    assert p.submission() == base + "glider.rle"
    p.backspace(word=True)
    assert p.text == base + "glider."
    p.backspace()
    assert p.text == base + "glider"


def test_save_prompt_has_no_candidates():
    p = Prompt("save", text="x.rle")
    p.type("\x00abc")
    assert p.candidates == [] and p.text == "x.rleabc"


# ---------------------------------------------------------------------------------------------- history
@pytest.mark.parametrize("topology", ["plane", "torus:64x64", "bounded:64x64"])
@pytest.mark.parametrize("density", [0.0, 0.01, 0.5])
def test_snapshot_round_trips(topology, density):
    rng = np.random.default_rng(1)
    grid = rng.random((40, 50)) < density
    u = make_universe(Pattern.from_array(grid, -20, -20), topology, algo="reference")
    u.step(3)
    snap = Snapshot.take(u, "x")
    if density == 0.5:
        assert snap.bits is not None and snap.nbytes == (snap.box[2] * snap.box[3] + 7) // 8
    p = snap.pattern()
    assert p.generation == 3 and p.rule == u.rule.with_topology(p.rule.topology) and p.name == "x"
    assert np.array_equal(p.cells, u.cells())


@pytest.mark.parametrize("topology", ["plane", "torus:64x64", "bounded:64x64"])
def test_snapshot_rebuilds_a_universe_band_by_band(monkeypatch, topology):
    from life.ui import history

    monkeypatch.setattr(history, "_BAND_CELLS", 64)  # bands of 8 rows: a 37-row box takes five
    rng = np.random.default_rng(2)
    u = make_universe(Pattern.from_array(rng.random((37, 45)) < 0.5, -20, -20), topology)
    u.step(2)
    snap = Snapshot.take(u, "x")
    assert snap.bits is not None
    assert np.array_equal(snap.bits, np.packbits(u.region(*snap.box), axis=None))  # as one piece would be
    v = snap.universe(u.topology)
    assert v.generation == 2 and v.rule == u.rule and np.array_equal(v.cells(), u.cells())
    seeds = Rule.parse("B2/S").with_topology(u.rule.topology)
    w = snap.universe(u.topology, rule=seeds)
    assert w.rule == seeds and np.array_equal(w.cells(), u.cells())


def test_edit_apply_and_history_budget():
    u = make_universe(Pattern.from_strings(["OO"]), "plane", algo="reference")
    cells = np.array([[0, 0], [5, 5]])
    e = Edit(cells, np.array([True, False]), np.array([False, True]), erase=False)
    e.apply(u)
    assert {tuple(c) for c in u.cells().tolist()} == {(1, 0), (5, 5)}
    e.apply(u, undo=True)
    assert {tuple(c) for c in u.cells().tolist()} == {(0, 0), (1, 0)}
    h = History(budget=100)
    for _ in range(10):
        h.push(Edit(cells, np.zeros(2, bool), np.ones(2, bool)))  # 36 bytes each
    assert 1 <= len(h.undo) <= 2
    h.redo.append(Change(Snapshot.take(u), "x"))
    h.push(Edit(cells, np.zeros(2, bool), np.ones(2, bool)))
    assert not h.redo


# ---------------------------------------------------------------------------------------------- texts
@pytest.mark.parametrize("env, lang", [({"LANG": "es_ES.UTF-8"}, "es"), ({"LANG": "en_GB.UTF-8"}, "en"),
                                       ({"LC_ALL": "es_MX", "LANG": "en_US"}, "es"), ({"LANG": "C"}, "en"),
                                       ({}, "en"), ({"LC_MESSAGES": "es_AR.UTF-8"}, "es")])
def test_default_language_follows_the_locale(env, lang):
    assert T.default_language(env) == lang


def test_both_languages_have_every_message_and_key_and_only_drawable_characters():
    from life.ui import keys  # the help rows come from the key table

    assert set(T._STRINGS["en"]) == set(T._STRINGS["es"])
    en, es = keys.help_rows("en"), keys.help_rows("es")
    assert len(en) == len(es) >= 22 and all(k and d for k, d in en + es)
    assert en != es
    allowed = set("…·")
    for table in T._STRINGS.values():
        for s in table.values():
            assert all(ord(c) < 256 or c in allowed for c in s), s
    for k, d in en + es:
        assert all(ord(c) < 256 or c in allowed for c in k + d)


def test_number_and_zoom_formats():
    assert T.fmt_int(1234567, "en") == "1,234,567" and T.fmt_int(1234567, "es") == "1.234.567"
    assert T.fmt_zoom(4) == "4:1" and T.fmt_zoom(1) == "1:1" and T.fmt_zoom(1 / 16) == "1:16"
    assert T.tr("es", "reset", gen="5") == "Vuelta a la generación 5"
    assert T.tr("xx", "paused") == "Paused"


# ---------------------------------------------------------------------------------------------- worker
def test_worker_runs_jobs_in_order_and_reports_errors():
    w = Worker(threaded=True)
    gate = threading.Event()
    w.submit("a", 1, lambda: gate.wait(10) and 42)
    assert w.busy and w.poll() is None
    with pytest.raises(RuntimeError):
        w.submit("b", 2, lambda: None)
    gate.set()
    r = w.wait(10)
    assert (r.kind, r.info, r.value, r.error) == ("a", 1, 42, None) and not w.busy
    w.submit("c", 3, lambda: 1 / 0)
    r = w.wait(10)
    assert isinstance(r.error, ZeroDivisionError)
    w.close()
    inline = Worker(threaded=False)
    inline.submit("d", 4, lambda x: x + 1, 1)
    assert inline.busy and inline.poll().value == 2 and not inline.busy


# ---------------------------------------------------------------------------------------------- the command
@pytest.fixture
def fake_window(monkeypatch, headless):
    from life.ui import app as appmod

    seen = {}

    def run(self, max_fps=60):
        seen["app"] = self
        self.settle()
        self.close()

    monkeypatch.setattr(appmod.App, "run", run)
    return seen


def test_view_opens_the_window_on_a_pattern_with_options(fake_window, tmp_path):
    from life.cli.view import view

    f = tmp_path / "blinker.rle"
    f.write_text("x = 3, y = 1\n3o!\n")
    r = CliRunner().invoke(view, [str(f), "--rule", "B36/S23", "--topology", "torus:2048x2048", "--lang", "es",
                                  "--window-size", "400x300", "--zoom", "1/2"])
    assert r.exit_code == 0, r.output
    app = fake_window["app"]
    assert app.universe.rule.bs == "B36/S23" and str(app.universe.topology) == "torus:2048x2048"
    assert app.universe.population == 3 and app.lang == "es" and app.camera.exp == -1


def test_view_passes_the_backend_to_the_window(fake_window):
    from life.cli.view import view

    r = CliRunner().invoke(view, ["--soup", "30x20@1", "-t", "torus:64x64", "--backend", "numpy",
                                  "--window-size", "200x150"])
    assert r.exit_code == 0, r.output
    app = fake_window["app"]
    assert app.sim.backend == "numpy" and app.universe.name == "reference"


def test_view_soup(fake_window):
    from life.cli.view import view

    r = CliRunner().invoke(view, ["--soup", "20x10:0.5@4", "--lang", "en"])
    assert r.exit_code == 0, r.output
    app = fake_window["app"]
    bb = app.universe.bbox
    assert bb[2] <= 20 and bb[3] <= 10 and app.universe.population > 30


def test_view_runs_b0_rules_on_the_plane(fake_window):
    """B0 rules on the plane open (the tiled engine emulates them); over a live background the HUD shows an
    infinite population."""
    from life.cli.view import view

    r = CliRunner().invoke(view, ["--soup", "20x10:0.5@4", "--rule", "B0/S8", "--lang", "en"])
    assert r.exit_code == 0, r.output
    app = fake_window["app"]
    assert app.universe.rule.bs == "B0/S8" and app.universe.background == 0
    app.universe.step(1)
    assert app.universe.background == 1 and any("∞" in line for line in app.hud_lines())


@pytest.mark.parametrize("args, words", [
    (["/no/such/file.rle"], "no such file"),
    (["--soup", "10x10", "glider"], "not both"),
    (["--soup", "10xx"], "bad soup"),
    (["--rule", "B9/S2"], "B9/S2"),
    (["--topology", "donut"], "topology"),
    (["--size", "10x10"], "--size"),
    (["--zoom", "3"], "powers of two"),
    (["--soup", "100x100", "--topology", "bounded:50x50"], "does not fit"),
])
def test_view_reports_bad_input_as_one_line_with_status_2(fake_window, args, words):
    import click

    from life.cli import LifeGroup
    from life.cli.view import view

    group = click.group(cls=LifeGroup)(lambda: None)  # a stand-in for the `life` group
    group.add_command(view)
    r = CliRunner().invoke(group, ["view"] + args, prog_name="life")
    assert r.exit_code == 2, r.output
    out = r.output.strip()
    assert words.lower() in out.lower() and len(out.splitlines()) == 1
    assert "app" not in fake_window  # no window opened


# ---------------------------------------------------------------------------------------------- controller, editor
GLIDER = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}


def make_sim(pattern=None, **kw):
    """A Controller with inline jobs and its notices collected in ``sim.notices``; loaded with ``pattern``."""
    from life.ui.controller import Controller

    notices = []
    kw.setdefault("threaded", False)
    sim = Controller(notify=lambda text, error=False: notices.append((text, error)), **kw)
    sim.notices = notices
    sim.load(pattern, soup=kw.get("soup"))
    settle(sim)
    return sim


def settle(sim, max_rounds=10_000):
    """What the window does each frame, minus pygame: collect results, schedule work, until nothing is owed."""
    for _ in range(max_rounds):
        sim.wait(timeout=60)
        sim.collect()
        if sim.settled:
            return
        sim.schedule()
    raise AssertionError("the controller never settled")


def live(sim):
    return {tuple(map(int, c)) for c in sim.universe.cells()}


def test_controller_imports_and_runs_without_pygame():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['pygame'] = None  # any import of pygame now fails\n"
        "from life import Pattern\n"
        "from life.ui.controller import Controller\n"
        "import life.ui.editor, life.ui.history, life.ui.worker, life.ui.text\n"
        "sim = Controller(threaded=False)\n"
        "sim.load(Pattern.from_strings(['.O.', '..O', 'OOO']))\n"
        "sim.step(4)\n"
        "while not sim.settled:\n"
        "    sim.collect(); sim.schedule(); sim.wait()\n"
        "sim.collect()\n"
        "print(sim.universe.generation, sorted(map(tuple, sim.universe.cells().tolist())))\n"
        "assert 'life.ui.app' not in sys.modules and 'life.ui.keys' not in sys.modules\n"
    )
    import life

    root = os.path.dirname(os.path.dirname(os.path.abspath(life.__file__)))  # the `life` under test
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[0] == "4 " + str(sorted((x + 1, y + 1) for x, y in GLIDER))


def test_controller_steps_owed_generations_in_chunks_and_runs_by_the_clock():
    sim = make_sim(Pattern.from_strings([".O.", "..O", "OOO"]))
    assert sim.universe.generation == 0 and live(sim) == GLIDER
    sim.step(1)
    sim.step(3)  # adds to the jump in progress
    assert sim.jumping and sim.jump_progress()[:2] == (0, 4)
    settle(sim)
    assert sim.universe.generation == 4 and not sim.jumping and sim.jump_progress() is None
    assert live(sim) == {(x + 1, y + 1) for x, y in GLIDER}
    sim.set_speed(99)
    assert sim.speed == 20 and sim.notices[-1] == ("Speed: 1,048,576 generations per frame", False)
    sim.set_speed(-99)
    assert sim.speed == -7
    sim.set_speed(2)
    sim.toggle_running()
    assert sim.running
    for _ in range(3):  # running: each round owes 2**speed generations
        sim.collect()
        sim.schedule()
        sim.wait()
    sim.toggle_running()
    settle(sim)
    assert not sim.running and sim.universe.generation > 4 and sim.gens_per_second() > 0
    g = sim.universe.generation
    sim.schedule()
    settle(sim)
    assert sim.universe.generation == g  # paused: nothing more is stepped


def test_controller_loads_soups_and_reports_a_failed_build_with_an_empty_plane():
    from life.soup import parse_soup

    sim = make_sim(soup=parse_soup("20x10:0.5@4"), topology="torus:32x32")
    bb = sim.universe.bbox
    assert str(sim.universe.topology) == "torus:32x32" and bb[2] <= 20 and bb[3] <= 10
    sim.random_soup(lambda: (320, 240, 1.0, 0.0, 0.0))
    settle(sim)
    assert sim.notices[-1][0].startswith("Random soup 20x10") and sim.universe.population > 20
    installs = []
    bad = make_sim(Pattern.from_strings(["O"]), topology="bounded:4x4", algo="no-such-engine",
                   on_install=lambda fit, renamed: installs.append(fit))
    assert bad.universe.topology.kind == "plane" and bad.universe.population == 0
    assert bad.notices and bad.notices[0][1] and installs == [True]


def test_editor_strokes_undo_and_redo():
    sim = make_sim(Pattern(rule=Rule()))
    ed = sim.editor
    ed.begin(False, [(1, 0), (2, 1)])
    ed.paint([(0, 2), (1, 2), (2, 2), (1, 2)])  # a cell painted twice in one stroke is recorded once
    ed.end()
    ed.flush()
    assert live(sim) == GLIDER and not ed.queued
    ed.begin(True, [(0, 2), (5, 5)])  # erasing a dead cell changes nothing
    ed.end()
    ed.flush()
    assert live(sim) == GLIDER - {(0, 2)}
    assert len(sim.history.undo) == 2 and sim.history.undo[-1].cells.tolist() == [[0, 2]]
    ed.undo()
    assert live(sim) == GLIDER and sim.notices[-1] == ("Undo: erasing", False)
    ed.undo()
    assert live(sim) == set()
    ed.undo()
    assert sim.notices[-1] == ("Nothing to undo", False)
    ed.redo()
    assert live(sim) == GLIDER and sim.notices[-1] == ("Redo: drawing", False)
    sim.step(4)  # a run of generations is one state change: undo rebuilds the state before it
    settle(sim)
    assert sim.universe.generation == 4
    ed.undo()
    settle(sim)
    assert sim.universe.generation == 0 and live(sim) == GLIDER
    assert sim.notices[-1] == ("Undo: generations 0-4", False)
    ed.redo()
    settle(sim)
    assert sim.universe.generation == 4 and live(sim) == {(x + 1, y + 1) for x, y in GLIDER}
    ed.set_cells([[10, 10]])  # a programmatic edit is undoable like a stroke, and clears the redo stack
    assert (10, 10) in live(sim) and not sim.history.redo
    ed.undo()
    assert (10, 10) not in live(sim)


def test_editor_waits_for_a_step_in_flight_and_wraps_on_a_torus_and_refuses_outside_a_grid():
    sim = make_sim(Pattern(rule=Rule()), topology="torus:8x8", threaded=True)
    gate = threading.Event()
    real_step = sim.universe.step

    def held_step(n=1):
        assert gate.wait(30)
        return real_step(n)

    sim.universe.step = held_step
    sim.step(1)
    while not sim.stepping:  # (the rule's kernels may be compiled first)
        sim.wait(timeout=60)
        sim.collect()
        sim.schedule()
    sim.editor.begin(False, [(5, 0)])  # x = 5 is x = -3 on an 8-wide torus
    sim.editor.end()
    sim.editor.flush()
    sim.collect()
    assert sim.editor.queued and live(sim) == set()  # the universe is not touched while the step runs
    gate.set()
    settle(sim)
    assert sim.universe.generation == 1 and live(sim) == {(-3, 0)} and not sim.editor.queued
    bounded = make_sim(Pattern(rule=Rule()), topology="bounded:8x8")
    bounded.editor.set_cells([[10, 0], [1, 1]])
    assert live(bounded) == {(1, 1)} and bounded.notices[-1] == ("That cell is outside the grid", True)
    sim.worker.close()


def test_stroke_cells_follow_the_pointer_without_repeats():
    from life.ui.editor import stroke_cells

    cells = stroke_cells((0, 0), (35, 7), lambda px, py: (px // 8, py // 8))
    assert cells[0] == (0, 0) and cells[-1] == (4, 0)
    assert all(a != b for a, b in zip(cells, cells[1:], strict=False)) and len(cells) == 5
    assert stroke_cells((3, 3), (3, 3), lambda px, py: (px, py)) == [(3, 3)]


@pytest.mark.parametrize("topology,algo", [("plane", "auto"), ("plane", "hashlife"), ("torus:64x64", "auto"),
                                           ("bounded:40x40", "auto"), ("torus:100x0", "auto")])
def test_a_soup_set_band_by_band_is_make_soups_soup(monkeypatch, topology, algo):
    from life.engines import resolve_topology
    from life.soup import make_soup, parse_soup
    from life.ui import jobs

    monkeypatch.setattr(jobs, "_SOUP_BAND", 64)  # two rows a band
    topo = resolve_topology(Pattern(), topology)
    rule = Rule().with_topology(topo if topo.kind != "plane" else None)
    spec = parse_soup("30x20:0.4@3")
    got, name, _ = jobs.soup_universe(spec, rule, topo, algo, "auto", 5, -7)
    want = make_universe(make_soup(spec, rule).translated(5, -7), topo, algo=algo)
    assert name == f"soup {spec}" and got.rule == want.rule and got.generation == 0
    assert np.array_equal(got.cells(), want.cells())
