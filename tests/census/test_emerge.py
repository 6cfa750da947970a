"""The scale sweep (life emerge): abilities per soup size, confidence intervals, the plot and the command."""

import json

import pytest

from life.census.abilities import ABILITIES, PENTADECATHLON, PULSAR, has, object_count, wilson
from life.census.emerge import sweep
from life.census.emerge_plot import plot
from life.census.objects import GLIDER
from life.cli.census import emerge
from tests.cli_runner import runner


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


def _record(objects=None, settled=True, settled_at=100):
    return {"seed": 0, "size": 8, "index": 0, "settled": settled, "settled_at": settled_at if settled else None,
            "generation": 500, "category": None if settled else "gun", "code": None,
            "objects": objects or {}, "seconds": 0.0, "cpu": 0.0}


def test_abilities_are_read_off_the_classifiers_codes():
    rec = _record({PULSAR: 1, "xs20_abc": 2, "xq4_27dee6": 1, "xs4_33": 3, GLIDER: 4}, settled_at=1500)
    got = {n for n in ABILITIES if has(rec, n)}
    assert got == {"glider", "other_spaceship", "pulsar", "oscillator_p3plus", "still_life_20plus", "lives_1000"}
    assert object_count(rec, "glider") == 4 and object_count(rec, "still_life_20plus") == 2
    small = _record({"xs19_x": 1, "xp2_7": 5, PENTADECATHLON: 1})
    assert {n for n in ABILITIES if has(small, n)} == {"pentadecathlon", "oscillator_p3plus"}
    wild = _record(settled=False)
    assert {n for n in ABILITIES if has(wild, n)} == {"lives_1000", "lives_10000", "never_settles"}


@pytest.mark.parametrize("name, code", [("pulsar", PULSAR), ("pentadecathlon", PENTADECATHLON), ("lwss", None)])
def test_the_census_classifier_names_the_objects_the_abilities_look_for(name, code):
    from life.census.stabilise import stabilise
    from life.library import load

    out = stabilise(load(name))
    rec = _record(out.counts)
    if code is not None:
        assert code in out.counts and has(rec, name) and has(rec, "oscillator_p3plus")
    else:
        assert has(rec, "other_spaceship") and not has(rec, "glider")


def test_sweep_structure_and_consistency():
    res = sweep([8, 16], 60, seed=2, workers=1)
    assert [r["size"] for r in res["sizes"]] == [8, 16]
    for r in res["sizes"]:
        assert r["soups"] == 60 and r["area"] == r["size"] ** 2
        assert set(r["abilities"]) == set(ABILITIES)
        for a in r["abilities"].values():
            assert 0 <= a["lo"] <= a["fraction"] <= a["hi"] <= 1 and a["n"] == 60
        assert r["species_total"] >= r["species_per_soup"] > 0
    # 16x16 soups emit gliders more often than 8x8 ones (Catagolue: about 1 in 4 vs rarely)
    g8, g16 = (r["abilities"]["glider"]["fraction"] for r in res["sizes"])
    assert g16 > g8
    assert len(res["records"]) == 120 and sorted(r["index"] for r in res["records"] if r["size"] == 8) == \
        list(range(60))
    again = sweep([8, 16], 60, seed=2, workers=2)
    assert [r["abilities"] for r in again["sizes"]] == [r["abilities"] for r in res["sizes"]]


def test_budget_stops_the_sweep():
    res = sweep([8, 16], 50, seed=1, workers=1, budget=0)
    assert all(r["soups"] == 0 for r in res["sizes"])
    assert all(r["abilities"]["glider"]["fraction"] is None for r in res["sizes"])
    res = sweep([8, 16], seed=1, workers=1, budget=0)  # adaptive: nothing fits in no time
    assert res["soups"] == 0


def test_lifetimes_beyond_the_generation_cap_are_not_abilities():
    res = sweep([8], 5, workers=1, max_gens=5000)
    assert "lives_1000" in res["abilities"] and "lives_10000" not in res["abilities"]


def test_plot_writes_an_image(tmp_path):
    res = sweep([8, 12], 20, seed=1, workers=1)
    out = tmp_path / "e.png"
    plot(res, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["e.png"]  # written atomically, no temp file left


def test_emerge_command(tmp_path):
    out = tmp_path / "plot.png"
    res = runner().invoke(emerge, ["--sizes", "8,10", "--soups-per-size", "20,10", "--workers", "1",
                                   "--plot", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [r["soups"] for r in data["sizes"]] == [20, 10]
    assert out.exists()
    assert "glider" in res.stderr and "fit P = 1 - exp(-rate * area)" in res.stderr  # the table, on stderr
    res = runner().invoke(emerge, ["--sizes", "8", "--soups-per-size", "10", "--workers", "1"])
    assert res.exit_code == 0 and "glider" in res.stdout and "soups per CPU-second" in res.stdout


@pytest.mark.parametrize("args", [["--sizes", "8,x"], ["--sizes", "0"], ["--sizes", "8,16", "--soups-per-size",
                                  "1,2,3"], ["--rule", "B0/S"], ["--plot", "/nonexistent-dir/x.png"],
                                  ["--sizes", "8192"], ["--out", "/nonexistent-dir/x.json"]])
def test_emerge_errors(args):
    res = runner().invoke(emerge, args)
    assert res.exit_code == 2 and "Traceback" not in res.output
