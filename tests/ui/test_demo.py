"""The guided tour without a window: every page builds and steps in both languages, captions fit, the numbers
come from runs, and the headless GIF has the frames, size and captions the show notes need."""

import json
import math

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw

from life.ui import demo
from life.ui.demo import PAGES, DemoError, Tour, build_scene, chapter_list, expected_count, first_page
from life.ui.demo_draw import FONT_DIR, MAX_LINES, PAD, caption_height, caption_layout, font, overlay, wrap
from life.ui.demo_gif import frame, render_tour, scene_viewport
from life.ui.demo_text import LANGUAGES, TEXT

SPANISH = "áéíóúüñÁÉÍÓÚÜÑ¿¡«»ºª²≥−–·"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_builds_steps_and_draws_headless(lang):
    assert sorted({c for c, _, _ in PAGES}) == list(range(1, demo.CHAPTERS + 1))
    for i in range(len(PAGES)):
        scene = build_scene(i, lang)
        assert scene.lang == lang and scene.caption and scene.title == dict(chapter_list(lang))[scene.chapter]
        assert "{" not in scene.caption  # every field filled in
        u = scene.universe
        g0 = u.generation
        before = scene.notes()
        target = scene.target(1.0)
        assert target > g0 or (scene.rate == 0 and target == g0)  # the last page waits for the reader
        u.step(max(1, target - g0))
        assert u.generation == max(g0 + 1, target)
        after = scene.notes()
        assert isinstance(before, demo.Notes) and isinstance(after, demo.Notes)
        img = frame(scene, 640, 360)
        assert img.size == (640, 360) and img.mode == "RGB"


def test_the_two_languages_say_different_things_with_the_same_keys():
    assert TEXT["en"].keys() == TEXT["es"].keys()
    for key in TEXT["en"]:
        if key not in ("page",):
            assert TEXT["en"][key] != TEXT["es"][key], key


@pytest.mark.parametrize("size", [(800, 600), (640, 360), (1024, 768)])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_captions_wrap_into_three_lines_that_fit_the_window(lang, size):
    w, h = size
    for i in range(len(PAGES)):
        scene = build_scene(i, lang)
        fs, lines = caption_layout(scene.title, scene.caption, w, h)
        assert len(lines) <= MAX_LINES, (scene.key, lines)
        assert " ".join(lines) == " ".join(scene.caption.split())  # nothing dropped
        for line in lines:
            assert font(fs).getlength(line) <= w - 4 * PAD, (scene.key, line)
        assert font(fs + 6, bold=True).getlength(scene.title) + 3 * PAD < w
        if size == (800, 600):
            assert fs >= 18  # large type at a talk
        assert caption_height(scene.title, scene.caption, w, h) < h / 2


def test_wrap_breaks_at_spaces_within_the_width():
    f = font(20)
    lines = wrap("uno dos tres cuatro cinco seis siete ocho", f, 120)
    assert len(lines) > 1 and all(f.getlength(t) <= 120 for t in lines)
    assert " ".join(lines) == "uno dos tres cuatro cinco seis siete ocho"


def test_the_bundled_font_has_every_spanish_character_and_its_licence():
    assert (FONT_DIR / "LICENSE_DEJAVU.txt").read_text().startswith("Fonts are (c) Bitstream")
    f = font(24)

    def glyph(ch):
        img = Image.new("L", (40, 40))
        ImageDraw.Draw(img).text((4, 4), ch, font=f, fill=255)
        return img.tobytes()

    missing = glyph("\U0010fffd")  # a code point no font has: the .notdef box
    used = {ch for text in TEXT["es"].values() for ch in text if ord(ch) > 127} | set(SPANISH)
    for ch in sorted(used):
        assert glyph(ch) != missing, repr(ch)
    assert glyph("\U0010fffd") == glyph("\U0010fffc")  # the test tells missing glyphs apart


def test_the_r_pentomino_numbers_come_from_the_census():
    out = demo._r_pentomino_outcome()
    assert out.settled and out.settled_at + 1 == 1103
    chaos = build_scene(first_page(3), "en")
    assert "1103 generations" in chaos.caption and "6 gliders" in chaos.caption
    ash = build_scene(first_page(3) + 1, "es")
    notes = ash.notes()
    kinds = [lab.kind for lab in notes.labels]
    assert kinds.count("spaceship") <= 6 and {"still", "oscillator"} <= set(kinds)
    assert dict(notes.legend) == {"still": "naturaleza muerta: 15", "oscillator": "oscilador: 4",
                                  "spaceship": "planeador: 6"}


def test_the_glider_page_labels_four_phases_that_move():
    scene = build_scene(first_page(2), "en")
    texts = [lab.text for lab in scene.notes().labels]
    assert texts == ["phase 1", "phase 2", "phase 3", "phase 4"]
    x0 = scene.notes().labels[0].x0
    scene.universe.step(4)
    assert scene.notes().labels[0].x0 == x0 + 1 and len(scene.notes().labels) == 4


def test_the_gun_counts_the_gliders_it_built():
    scene = build_scene(first_page(4), "en")
    scene.universe.step(120)
    built = [c for c in scene.notes().counters if c.startswith("gliders built")]
    assert built in (["gliders built 3"], ["gliders built 4"])


def test_the_hashlife_page_doubles_its_age():
    scene = build_scene(first_page(4) + 1, "en")
    assert scene.doubling and scene.target(0) == 1024 and scene.target(5) == 1024 * 2 ** (5 * scene.rate)
    scene.universe.step(2 ** 40 - scene.universe.generation)
    assert scene.universe.generation == 2 ** 40 and scene.universe.population > 10 ** 11
    assert scene.notes().counters[-1] == "= 2⁴⁰"


def test_soup_pages_quote_the_shipped_sweep():
    data = demo.sweep()
    assert data["command"].startswith("life emerge ") and data["sizes"]
    by_size = {r["size"]: r for r in data["sizes"]}
    for i, (_, key, _) in enumerate(PAGES):
        if key.startswith("soup_"):
            scene = build_scene(i, "en")
            bx, by, bw, bh = scene.universe.bbox  # the soup, before it spreads
            side = bw
            counters = scene.notes().counters
            assert bw == bh and any(f"soups of {side}²" in c for c in counters)
            if side <= 256:  # the shown soup's own fate, from the census (the 1024² one takes seconds)
                from life.census.stabilise import stabilise
                from life.soup import SoupSpec, make_soup

                out = stabilise(make_soup(SoupSpec(side, side, 0.5, 7)))
                assert f"  gliders out: {out.counts.get('xq4_153', 0)}" in counters
                assert f"this soup, settled at gen {out.settled_at:,}:" in counters
            row = by_size[side]
            pct = f"{100 * row['abilities']['glider']['fraction']:.0f}%"
            assert any(pct in c for c in scene.notes().counters), (key, pct)


def test_the_charts_plot_the_sweep_and_the_expected_counts():
    rows = demo.sweep()["sizes"]
    frac = demo._chart("en", expected=False)
    glider = next(s for s in frac.series if s[3] == "glider")
    assert glider[1] == tuple(r["area"] for r in rows)
    assert glider[2] == tuple(r["abilities"]["glider"]["fraction"] for r in rows)
    exp = demo._chart("es", expected=True)
    assert exp.log_y and exp.line is not None and "life emerge" in frac.footnote
    osc = next(s for s in exp.series if s[3] == "osc3")
    for x, y in zip(osc[1], osc[2], strict=True):
        f = next(r for r in rows if r["area"] == x)["abilities"]["osc3"]["fraction"]
        assert y == pytest.approx(-math.log(1 - f))
    assert expected_count(0) is None and expected_count(1.0) is None
    assert expected_count(1 - math.exp(-2)) == pytest.approx(2)


def test_tour_moves_between_pages_and_autoplays():
    t = Tour("es", chapter=5)
    assert t.chapter == 5 and t.key == "soup_small"
    assert t.back() and t.chapter == 4
    t.go(len(PAGES) - 1)
    assert not t.next()
    t.autoplay = True
    assert t.tick(20, 10) and t.index == 0  # autoplay loops for a screen at a talk
    t = Tour("en", autoplay=True)
    assert not t.tick(3, 5) and t.tick(3, 5) and t.index == 1 and t.elapsed == 0
    assert not Tour("en").tick(100, 5)  # no autoplay: the page stays
    with pytest.raises(DemoError):
        Tour("fr")
    with pytest.raises(DemoError):
        first_page(8)


def test_overlay_draws_labels_where_the_cells_are():
    scene = build_scene(first_page(2), "en")
    vp = scene_viewport(scene, scene.universe, 800, 600)
    img = overlay((800, 600), scene, scene.notes(), lambda x, y: ((x - vp.x0) * vp.zoom, (y - vp.y0) * vp.zoom))
    a = np.asarray(img)
    lab = scene.notes().labels[0]
    x, y = int((lab.x0 - vp.x0) * vp.zoom) - 3, int((lab.y0 - vp.y0) * vp.zoom) - 3
    assert a[y:y + 2, x:x + 20, 3].max() == 255  # the box's top edge is opaque
    cap = caption_height(scene.title, scene.caption, 800, 600)
    assert a[600 - cap + 2 * PAD:600 - 2 * PAD, 2 * PAD:800 - 2 * PAD, 3].min() > 0  # the caption panel
    assert a[600 - cap - 40:600 - cap - 30, :300, 3].max() == 0  # ... and leaves the universe above it clear


def test_the_tour_gif_has_enough_frames_size_and_a_caption_per_chapter(tmp_path):
    path = tmp_path / "tour.gif"
    starts = {}
    info = render_tour(path, "es", (640, 360), fps=2, progress=lambda i, n: starts.setdefault(i, n))
    assert info["frames"] >= 150
    im = Image.open(path)
    assert im.n_frames == info["frames"] >= 150 and im.size[0] >= 640 and im.size[1] >= 360
    # the first frame of each chapter; its caption area (the bottom of the frame)
    first = {}
    prev = 0
    for i in range(len(PAGES)):
        first.setdefault(PAGES[i][0], prev)
        prev = starts[i]
    caps = []
    for chapter in sorted(first):
        im.seek(first[chapter])
        rgb = im.convert("RGB")
        cap = rgb.crop((0, 360 - 100, 640, 360))
        assert len(np.unique(np.asarray(cap).reshape(-1, 3), axis=0)) > 8  # anti-aliased text, not a blank panel
        caps.append(cap)
    for i in range(len(caps)):
        for j in range(i):
            assert ImageChops.difference(caps[i], caps[j]).getbbox() is not None, (i, j)


def test_an_apng_tour_of_one_chapter(tmp_path):
    path = tmp_path / "ch2.apng"
    pages = [i for i, (c, _, _) in enumerate(PAGES) if c == 2]
    info = render_tour(path, "en", (640, 360), fps=4, pages=pages)
    im = Image.open(path)
    assert im.format == "PNG" and getattr(im, "n_frames", 1) == info["frames"] > 10


def test_bad_gif_requests_are_one_line_errors(tmp_path):
    from life.export import ExportError

    with pytest.raises(ExportError, match="gif or .apng"):
        render_tour(tmp_path / "x.mp4")
    with pytest.raises(ExportError, match="at least"):
        render_tour(tmp_path / "x.gif", size=(100, 100))


def test_sweep_file_is_package_data():
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((Path(demo.__file__).parents[2] / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["life.ui"]
    assert "data/*.json" in globs and "fonts/*.ttf" in globs
    assert json.loads(demo.SWEEP_FILE.read_text())["sizes"]
