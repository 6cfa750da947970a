"""The scale sweep (life emerge): abilities per soup size, confidence intervals, the plot and the command."""

import json

import pytest
from click.testing import CliRunner

from life.census.emerge import ABILITIES, default_soups, plot, sweep, wilson
from life.cli.census import emerge


def test_wilson_interval():
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and 0.2 < hi < 0.35
    lo, hi = wilson(50, 100)
    assert lo < 0.5 < hi and hi - lo < 0.21
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and lo > 0.6
    # more trials, narrower interval
    assert (lambda a, b: a[1] - a[0] > b[1] - b[0])(wilson(5, 20), wilson(50, 200))


def test_default_soups_shrink_with_size():
    counts = [default_soups(s) for s in (8, 16, 64, 256, 1024)]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 6


def test_sweep_structure_and_consistency():
    res = sweep([8, 16], 60, seed=2, workers=1)
    assert [r["size"] for r in res["sizes"]] == [8, 16]
    for r in res["sizes"]:
        assert r["soups"] == 60 and r["area"] == r["size"] ** 2
        assert set(r["abilities"]) == set(ABILITIES)
        for a in r["abilities"].values():
            assert 0 <= a["lo"] <= a["fraction"] <= a["hi"] <= 1
        assert r["species_total"] >= r["species_per_soup"] > 0
    # 16x16 soups emit gliders more often than 8x8 ones (Catagolue: about 1 in 4 vs rarely)
    g8, g16 = (r["abilities"]["glider"]["fraction"] for r in res["sizes"])
    assert g16 > g8
    again = sweep([8, 16], 60, seed=2, workers=2)
    assert [r["abilities"] for r in again["sizes"]] == [r["abilities"] for r in res["sizes"]]


def test_budget_stops_the_sweep():
    res = sweep([8, 16], 50, seed=1, workers=1, budget=0)
    assert all(r["soups"] == 0 for r in res["sizes"])
    assert all(r["abilities"]["glider"]["fraction"] is None for r in res["sizes"])


def test_plot_writes_an_image(tmp_path):
    res = sweep([8, 12], 20, seed=1, workers=1)
    out = tmp_path / "e.png"
    plot(res, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["e.png"]  # written atomically, no temp file left


def test_emerge_command(tmp_path):
    out = tmp_path / "plot.png"
    res = CliRunner().invoke(emerge, ["--sizes", "8,10", "--soups-per-size", "20,10", "--workers", "1",
                                      "--plot", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert [r["soups"] for r in data["sizes"]] == [20, 10]
    assert out.exists()
    res = CliRunner().invoke(emerge, ["--sizes", "8", "--soups-per-size", "10", "--workers", "1"])
    assert res.exit_code == 0 and "glider" in res.output


@pytest.mark.parametrize("args", [["--sizes", "8,x"], ["--sizes", "0"], ["--sizes", "8,16", "--soups-per-size",
                                  "1,2,3"], ["--rule", "B0/S"], ["--plot", "/nonexistent-dir/x.png"]])
def test_emerge_errors(args):
    res = CliRunner().invoke(emerge, args)
    assert res.exit_code == 2 and "Traceback" not in res.output
