"""Macrocell files go straight into HashLife from the command line and the API, never cell by cell."""

import json

from click.testing import CliRunner

import life
from life.cli import main
from life.sources import load_universe


def test_run_macrocell_uses_hashlife_and_writes_macrocell(tmp_path):
    gun = tmp_path / "gun.mc"
    life.save(life.load("gosper-glider-gun"), gun)
    out = tmp_path / "later.mc"
    r = CliRunner().invoke(main, ["run", str(gun), "--gens", "1024", "--json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert (d["algo"], d["generation"], d["population"]) == ("hashlife", 1024, 221)
    assert out.read_text().startswith("[M2]")
    again = load_universe(out)
    assert again.name == "hashlife" and again.generation == 1024 and again.population == 221
    # the same file through another engine is read as cells
    dense = load_universe(gun, "torus:128x128", algo="dense")
    assert dense.name == "dense" and dense.population == life.load("gosper-glider-gun").population


def test_bad_macrocell_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.mc"
    bad.write_text("[M2] (life)\n#R B3/S23\n4 1 2 3 9\n")
    r = CliRunner().invoke(main, ["run", str(bad), "--gens", "4"])
    assert r.exit_code == 2
    assert "bad.mc" in r.output and "Traceback" not in r.output


def test_hashlife_renders_zoomed_out_like_the_cells_it_holds():
    import numpy as np

    from life import make_universe
    from life.render import Viewport, render

    gun = life.load("gosper-glider-gun")
    hl = make_universe(gun, algo="hashlife").step(2000)
    tiled = make_universe(gun).step(2000)
    for zoom in (0.25, 1 / 16):
        view = Viewport(-40, -40, 128, 96, zoom)
        assert np.array_equal(render(hl, view), render(tiled, view))
    huge = make_universe(gun, algo="hashlife").step(1 << 30)  # gliders ~2^28 cells away
    x, y, w, h = huge.bbox
    img = render(huge, Viewport(x, y, 256, 256, 1 / (1 << 21)))
    assert img.shape == (256, 256) and img.any()
