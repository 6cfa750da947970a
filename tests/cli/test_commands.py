"""The ``life`` command line through click's CliRunner: run, animation export, errors, Ctrl-C, info/convert/patterns,
bench, completion."""

import json
import math
import os
import shutil

import numpy as np
import pytest
from PIL import Image

import life
import life.library
from life import cli, make_universe
from life.cli import run as cli_run
from life.render import GRID, LIVE, THEMES, choose_zoom
from life.soup import SoupSpec, make_soup
from tests.cli_runner import invoke, runner

GLIDER_RLE = "#N Glider\n#O Richard K. Guy\n#C The smallest spaceship.\nx = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n"


def run_json(*args):
    r = invoke("run", *args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def reference(soup, topology, gens):
    """An independent universe (numpy reference engine) at generation ``gens``."""
    u = make_universe(make_soup(soup), topology, algo="reference")
    return u.step(gens)


def frames_of(path):
    with Image.open(path) as im:
        out = []
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            out.append((np.asarray(im.convert("RGB")), im.info.get("duration")))
        return out


@pytest.fixture
def glider(tmp_path):
    p = tmp_path / "glider.rle"
    p.write_text(GLIDER_RLE)
    return p


def has_library():
    try:
        return bool(life.library.names())
    except ValueError:
        return False


needs_library = pytest.mark.skipif(not has_library(), reason="the bundled pattern library (patterns/) is missing")


# -- life run ------------------------------------------------------------------------------------------------------
def test_run_soup_on_torus_json():
    spec = SoupSpec(48, 32, 0.4, 7)
    d = run_json("--soup", "48x32:0.4@7", "--topology", "torus:48x32", "--gens", 25)
    ref = reference(spec, "torus:48x32", 25)
    assert d["generation"] == 25
    assert d["population"] == ref.population
    assert d["bbox"] == list(ref.bbox)
    assert d["soup"] == {"width": 48, "height": 32, "density": 0.4, "seed": 7}
    assert d["topology"] == "torus:48x32" and d["rule"] == "B3/S23:T48,32"
    assert d["cell_updates"] == 48 * 32 * 25
    # step_s is printed to the microsecond, so a very short run's rate differs from it by that rounding
    assert d["cell_updates_per_s"] == pytest.approx(d["cell_updates"] / d["step_s"], rel=1e-3 + 5e-7 / d["step_s"])
    assert d["elapsed_s"] >= d["step_s"] > 0


def test_run_text_summary(glider):
    r = invoke("run", glider, "--gens", 8)
    assert r.exit_code == 0 and r.stderr == ""
    fields = dict(line.split(":", 1) for line in r.stdout.splitlines())
    assert fields["generation"].strip() == "8"
    assert fields["population"].strip() == "5"
    assert fields["bbox"].strip() == "x=2 y=2 3x3"  # the glider moved (1, 1) per 4 generations
    assert "elapsed" in fields and float(fields["cell-updates/s"]) > 0
    assert fields["pattern"].split()[0] == "Glider"


def test_run_default_generations(glider):
    assert run_json(glider)["generation"] == cli_run.DEFAULT_GENS


def test_soup_without_seed_reports_a_reproducible_seed():
    a = run_json("--soup", "20x20", "-t", "torus:20x20", "--gens", 3)
    b = run_json("--soup", f"20x20@{a['soup']['seed']}", "-t", "torus:20x20", "--gens", 3)
    assert a["population"] == b["population"]
    ref = reference(SoupSpec(20, 20, 0.5, a["soup"]["seed"]), "torus:20x20", 3)
    assert a["population"] == ref.population


def test_rule_override_keeps_pattern_and_applies_rule():
    d = run_json("--soup", "30x30:0.3@2", "--rule", "B36/S23", "-t", "torus:30x30", "--gens", 10)
    u = make_universe(make_soup(SoupSpec(30, 30, 0.3, 2), life.Rule.parse("B36/S23")), "torus:30x30",
                      algo="reference").step(10)
    assert d["rule"] == "B36/S23:T30,30" and d["population"] == u.population


def test_rule_suffix_sets_topology():
    d = run_json("--soup", "16x16@1", "--rule", "B3/S23:T16,16", "--gens", 4)
    assert d["topology"] == "torus:16x16"
    assert d["population"] == reference(SoupSpec(16, 16, 0.5, 1), "torus:16x16", 4).population


def test_bounded_topology_and_plane_cell_updates():
    d = run_json("--soup", "16x16@4", "-t", "bounded:20x20", "--gens", 6)
    assert d["population"] == reference(SoupSpec(16, 16, 0.5, 4), "bounded:20x20", 6).population
    assert d["cell_updates"] == 400 * 6
    p = run_json("--soup", "16x16@4", "-t", "plane", "--gens", 1)
    # the plane counts the live bounding box, averaged over the start and end of the step
    end = p["bbox"][2] * p["bbox"][3]
    assert p["cell_updates"] == int((16 * 16 + end) / 2)


def test_out_writes_final_pattern(tmp_path, glider):
    out = tmp_path / "final.rle"
    d = run_json(glider, "--gens", 12, "--out", out)
    assert d["out"] == str(out)
    got = life.load(out)
    expected = make_universe(life.load(glider), algo="reference").step(12).to_pattern()
    assert got.same_cells(expected)


# -- animation export ----------------------------------------------------------------------------------------------
def test_gif_frames_delays_and_content(tmp_path):
    """Frame count, per-frame delay, and frames 0 and k equal to the universe at those generations, rendered
    independently here (cells as zoom×zoom squares in the theme's colours)."""
    spec, topo, every, zoom = SoupSpec(40, 30, 0.4, 3), "torus:40x30", 4, 2
    gif = tmp_path / "soup.gif"
    d = run_json("--soup", "40x30:0.4@3", "-t", topo, "--gens", 14, "--every", every, "--fps", 25,
                 "--zoom", zoom, "--gif", gif)
    frames = frames_of(gif)
    assert len(frames) == 14 // every + 1 == d["animation"]["frames"]
    assert [dur for _, dur in frames] == [40] * len(frames)
    assert d["generation"] == 14  # the run goes on past the last frame (generation 12)
    pal = THEMES["dark"].palette
    for k in (0, 2, 3):
        u = reference(spec, topo, k * every)
        cells = np.kron(u.region(-20, -15, 40, 30), np.ones((zoom, zoom), bool))
        expected = np.where(cells[..., None], pal[LIVE], pal[0])
        assert frames[k][0].shape == (30 * zoom, 40 * zoom, 3)
        assert np.array_equal(frames[k][0], expected), f"frame {k}"
    assert os.listdir(tmp_path) == ["soup.gif"]


def test_still_life_keeps_frame_count_and_timing(tmp_path, glider):
    block = tmp_path / "block.rle"
    block.write_text("x = 2, y = 2\n2o$2o!\n")
    gif = tmp_path / "b.gif"
    run_json(block, "--gens", 9, "--every", 1, "--fps", 10, "--gif", gif)
    frames = frames_of(gif)
    assert len(frames) == 10 and all(d == 100 for _, d in frames)
    assert all(np.array_equal(f, frames[0][0]) for f, _ in frames)


def live_pixels(rgb, theme="dark"):
    return int(np.all(rgb == THEMES[theme].palette[LIVE], axis=-1).sum())


def test_fit_follows_a_glider_fixed_camera_loses_it(tmp_path, glider):
    fit, fixed = tmp_path / "fit.gif", tmp_path / "fixed.gif"
    run_json(glider, "--gens", 60, "--every", 4, "--fit", "--size", "64x64", "--gif", fit)
    counts = {live_pixels(f) for f, _ in frames_of(fit)}
    assert len(counts) == 1 and math.isqrt(counts.pop() // 5) ** 2 * 5 > 0  # 5 cells × zoom² every frame
    # a camera fixed on the glider's first position (the default frames the whole run: test_robust.py)
    run_json(glider, "--gens", 60, "--every", 4, "--size", "64x64", "--zoom", 8, "--center", "1.5,1.5",
             "--gif", fixed)
    fixed_counts = [live_pixels(f) for f, _ in frames_of(fixed)]
    assert fixed_counts[0] == 5 * 64 and fixed_counts[-1] == 0


def test_zoomed_out_png_shades_blocks(tmp_path):
    spec = SoupSpec(64, 64, 0.3, 5)
    png = tmp_path / "last.png"
    d = run_json("--soup", "64x64:0.3@5", "-t", "torus:64x64", "--gens", 5, "--zoom", "1/4", "--gif", png)
    assert d["animation"]["width"] == 16
    (rgb, _), = frames_of(png)
    reg = reference(spec, "torus:64x64", 5).region(-32, -32, 64, 64)
    shade = np.ceil(reg.reshape(16, 4, 16, 4).mean(axis=(1, 3)) * LIVE - 1e-9).astype(int)
    assert np.array_equal(rgb, THEMES["dark"].palette[shade])


def test_light_theme_with_grid(tmp_path, glider):
    png = tmp_path / "g.png"
    run_json(glider, "--gens", 0, "--zoom", 6, "--grid", "--theme", "light", "--gif", png)
    (rgb, _), = frames_of(png)
    pal = THEMES["light"].palette
    assert np.all(rgb[0] == pal[GRID]) and np.all(rgb[:, 0] == pal[GRID])
    assert live_pixels(rgb, "light") == 5 * 5 * 5  # grid lines take one pixel of each 6×6 cell


def test_apng_export(tmp_path):
    apng = tmp_path / "a.apng"
    run_json("--soup", "20x20@1", "-t", "torus:20x20", "--gens", 6, "--every", 2, "--fps", 60, "--gif", apng)
    frames = frames_of(apng)
    assert len(frames) == 4 and all(d == pytest.approx(1000 / 60) for _, d in frames)


def test_default_image_fits_the_board(tmp_path):
    d = run_json("--soup", "100x50@1", "-t", "torus:100x50", "--gens", 1, "--gif", tmp_path / "x.png")
    z = choose_zoom(100, 50, cli_run.DEFAULT_MAX_SIDE, cli_run.DEFAULT_MAX_SIDE, cli_run.DEFAULT_MAX_ZOOM)
    assert (d["animation"]["width"], d["animation"]["height"]) == (100 * z, 50 * z)


def test_progress_bar_goes_to_stderr(tmp_path):
    r = invoke("run", "--soup", "16x16@1", "-t", "torus:16x16", "--gens", 20, "--gif", tmp_path / "p.gif",
               "--progress", "--json")
    assert r.exit_code == 0
    json.loads(r.stdout)  # stdout stays parseable
    assert "rendering" in r.stderr


# -- errors --------------------------------------------------------------------------------------------------------
ERRORS = [
    (["run"], "missing PATTERN"),
    (["run", "x.rle", "--soup", "8x8"], "not both"),
    (["run", "--soup", "8x"], "bad soup"),
    (["run", "--soup", "8x8:1.5"], "density"),
    (["run", "--soup", "100000x100000"], "too large"),
    (["run", "--soup", "8x8", "--gif", "a.png", "--size", "20000x20000"], "too large"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--fit", "--center", "0,0"], "--center"),
    (["run", "--soup", "8x8", "--rule", "B9/S23"], "bad rule"),
    (["run", "--soup", "8x8", "--topology", "donut:3x3"], "bad topology"),
    (["run", "--soup", "80x80", "--topology", "bounded:8x8"], "outside"),
    (["run", "--soup", "8x8", "--algo", "warp"], "unknown algorithm"),
    (["run", "--soup", "8x8", "--gens", "-1"], "-1"),
    (["run", "--soup", "8x8", "--zoom", "2"], "add --gif"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--size", "0x3"], "bad --size"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--size", "big"], "bad --size"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--zoom", "0"], "bad zoom"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--center", "x"], "bad --center"),
    (["run", "--soup", "8x8", "--gif", "a.bmp"], "unknown image type"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--size", "70000x10"], "65535"),
    (["run", "--soup", "8x8", "--gif", "a.gif", "--fps", "60"], "frames per second"),
    (["run", "--soup", "8x8", "--gif", "nodir/a.gif"], "cannot write"),
    (["run", "--soup", "8x8", "--out", "nodir/a.rle"], "cannot write"),
    (["run", "--soup", "8x8", "--out", "a.xyz"], "suffix"),
    (["run", "--nope"], "No such option"),
    (["frobnicate"], "No such command"),
    (["run", "missing-file.rle"], "missing-file.rle"),
    (["run", "bad.rle"], "bad.rle:2:"),
    (["info", "missing-file.rle"], "missing-file.rle"),
    (["convert", "bad.rle", "out.cells"], "bad.rle:2:"),
    (["bench", "--backend", "cuda"], "cuda backend unavailable"),
    (["bench", "--size", "2"], "--size"),
]


@pytest.mark.parametrize("args,message", ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_user_errors_are_one_line_exit_2(tmp_path, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.rle").write_text("x = 3, y = 3\nbo$2b?o$3o!\n")
    before = set(os.listdir(tmp_path))
    r = invoke(*args)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    lines = r.stderr.strip("\n").split("\n")
    assert len(lines) == 1, r.stderr
    assert message in lines[0] and "Traceback" not in r.stderr
    assert set(os.listdir(tmp_path)) == before  # nothing written, no temporary file left


@needs_library
@pytest.mark.parametrize("command", ["run", "info"])
def test_unknown_bundled_name_suggests_close_matches(command):
    r = invoke(command, "gosper-glider-gn")
    assert r.exit_code == 2 and len(r.stderr.strip().split("\n")) == 1
    assert "gosper-glider-gun" in r.stderr and "did you mean" in r.stderr


def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calls = []
    real = cli_run.render

    def render(*a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr(cli_run, "render", render)
    (tmp_path / "anim.gif").write_bytes(b"old")
    r = invoke("run", "--soup", "16x16@1", "-t", "torus:16x16", "--gens", 50, "--gif", "anim.gif",
               "--out", "final.rle")
    assert r.exit_code == 130
    assert "interrupted" in r.stderr
    assert sorted(os.listdir(tmp_path)) == ["anim.gif"] and (tmp_path / "anim.gif").read_bytes() == b"old"


# -- info, convert, patterns -------------------------------------------------------------------------------------
def test_info_file(glider):
    r = invoke("info", glider, "--json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert (d["name"], d["author"], d["rule"], d["population"], d["width"], d["height"]) == \
        ("Glider", "Richard K. Guy", "B3/S23", 5, 3, 3)
    assert d["comments"] == ["The smallest spaceship."]
    text = invoke("info", glider).stdout
    assert "Richard K. Guy" in text and "3x3" in text and "The smallest spaceship." in text


@pytest.mark.parametrize("suffix", [".cells", ".lif", ".mc", ".rle"])
def test_convert_roundtrip(tmp_path, glider, suffix):
    out = tmp_path / f"g{suffix}"
    r = invoke("convert", glider, out)
    assert r.exit_code == 0 and str(out) in r.stdout
    assert life.load(out).same_cells(life.load(glider))


@needs_library
def test_info_bundled_pattern():
    d = json.loads(invoke("info", "gosper-glider-gun", "--json").stdout)
    entry = life.library.get("gosper-glider-gun")
    p = life.load("gosper-glider-gun")
    assert d["population"] == p.population and d["width"] == p.bbox[2]
    assert d["library"]["category"] == entry.category and d["library"]["period"] == entry.period


@needs_library
def test_patterns_listing():
    rows = json.loads(invoke("patterns", "--json").stdout)
    assert [r["name"] for r in rows] == life.library.names()
    cat = rows[0]["category"]
    only = json.loads(invoke("patterns", "--category", cat, "--json").stdout)
    assert only and all(r["category"] == cat for r in only)
    text = invoke("patterns").stdout.splitlines()
    assert len(text) == len(rows) + 1 and text[1].split()[0] == rows[0]["name"]
    r = invoke("patterns", "--category", "nope")
    assert r.exit_code == 2 and "unknown category" in r.stderr


# -- bench ---------------------------------------------------------------------------------------------------------
def test_bench_json_ratios():
    r = invoke("bench", "--size", 64, "--gens", 4, "--backend", "all", "--json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    by = {x["backend"]: x for x in d["results"]}
    assert set(by) >= {"numpy", "cpu"}
    assert by["numpy"]["ratio_to_numpy"] == 1
    assert by["cpu"]["ratio_to_numpy"] == pytest.approx(by["cpu"]["cell_updates_per_s"]
                                                        / by["numpy"]["cell_updates_per_s"])
    assert "cuda" in d.get("unavailable", {}) or "cuda" in by


@pytest.mark.skipif(shutil.which("bgolly") is None, reason="bgolly (Debian package golly) is not installed")
def test_bench_peers_bgolly():
    r = invoke("bench", "--size", 64, "--gens", 20, "--backend", "numpy", "--peers", "--peer-runs", 1, "--json")
    assert r.exit_code == 0, r.stderr
    (peer,) = json.loads(r.stdout)["peers"]
    assert peer["backend"] == "bgolly" and peer["algorithm"] == "QuickLife"
    assert peer["seconds"] > 0 and peer["cell_updates_per_s"] == pytest.approx(64 * 64 * 20 / peer["seconds"])


# -- click conventions ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["run", "bench", "info", "convert", "patterns"])
def test_help(command):
    r = invoke(command, "--help")
    assert r.exit_code == 0 and "Usage: " in r.stdout and "--help" in r.stdout


def test_no_arguments_shows_help():
    r = invoke()
    assert r.exit_code == 0 and "run" in r.stdout and "bench" in r.stdout


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and life.__version__ in r.stdout


def completions(words):
    """Values click's bash completion offers for the last of ``words`` (lines of ``type,value``)."""
    env = {"_LIFE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    r = runner().invoke(cli.main, [], env=env, prog_name="life")
    return [line.split(",", 1)[1] for line in r.stdout.splitlines()]


def test_shell_completion_of_commands_and_options():
    assert completions("life ru") == ["run"]
    assert "--theme" in completions("life run --the")


@needs_library
def test_shell_completion_of_bundled_names():
    assert "gosper-glider-gun" in completions("life info gosper")


@pytest.mark.parametrize("spelling,canonical", [("b2-a_s12", "B2-a/S12"), ("B2cek3iS12cei", "B2cek3i/S12cei"),
                                                ("S34/B2H", "B2/S34H"), ("B013568/S01", "B013568/S01")])
def test_cli_rule_spellings_are_canonical(glider, tmp_path, spelling, canonical):
    """``--rule`` takes Golly's spellings; ``life run --json``, the file it writes and ``life info`` show the
    canonical form."""
    out = tmp_path / "out.rle"
    d = run_json(glider, "--rule", spelling, "-g", 4, "-o", out)
    assert d["rule"] == canonical
    info = invoke("info", out, "--json")
    assert info.exit_code == 0 and json.loads(info.stdout)["rule"] == canonical


@pytest.mark.parametrize("rule,family", [("23/3/8", "Generations"), ("R2,C0,M1,S2..3,B3..3,NM", "Larger than Life")])
def test_cli_refuses_other_families_by_name(glider, rule, family):
    r = invoke("run", glider, "--rule", rule)
    assert r.exit_code != 0 and family in r.stderr and "Traceback" not in r.stderr
