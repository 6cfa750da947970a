"""Sweep results are data: saved with every per-soup record, redrawn (--from), resumed and merged exactly."""

import json

import pytest

from life.census import sweep_results
from life.census.emerge import sweep
from life.cli.census import emerge
from life.ui.demo import SWEEP_FILE
from tests.cli_runner import runner


def _cli(*args):
    res = runner().invoke(emerge, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


def _summary(data):
    """What a redraw must reproduce: the summaries and fits (not the run log)."""
    return {k: data[k] for k in ("sizes", "fits", "rarefaction_soups", "abilities", "soups", "seeds")}


def test_from_round_trip_redraws_without_running(tmp_path):
    out = tmp_path / "r.json"
    first = json.loads(_cli("--sizes", "8,12", "--soups-per-size", "30,20", "--workers", "1", "--seed", "4",
                            "--out", out, "--json").stdout)
    assert json.loads(out.read_text()) == first
    png = tmp_path / "p.png"
    again = _cli("--from", out, "--plot", png, "--json")
    redrawn = json.loads(again.stdout)
    assert _summary(redrawn) == _summary(first) and redrawn["records"] == first["records"]
    assert redrawn["runs"] == first["runs"]  # no new run
    assert png.read_bytes()[:4] == b"\x89PNG"
    rec = first["records"][0]
    assert {"seed", "size", "index", "settled", "settled_at", "generation", "category", "objects", "seconds",
            "cpu"} <= rec.keys()
    row = first["sizes"][0]
    assert row["abilities"]["glider"].keys() >= {"k", "n", "fraction", "lo", "hi"}
    assert first["fits"]["glider"].keys() >= {"rate_per_cell", "rate_lo", "rate_hi", "area_at_half"}


def test_a_resumed_sweep_equals_one_run(tmp_path):
    whole = sweep([8, 10], 24, seed=9, workers=1)
    part = tmp_path / "part.json"
    _cli("--sizes", "8,10", "--soups-per-size", "10", "--seed", "9", "--workers", "1", "--out", part)
    resumed = json.loads(_cli("--from", part, "--soups-per-size", "14", "--workers", "1", "--json").stdout)
    assert [r["abilities"] for r in resumed["sizes"]] == [r["abilities"] for r in whole["sizes"]]
    keys = sorted((r["size"], r["index"]) for r in resumed["records"])
    assert keys == sorted((r["size"], r["index"]) for r in whole["records"])  # continued, nothing repeated
    assert len(resumed["runs"]) == 2


def test_merging_runs_of_several_machines(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    _cli("--sizes", "8", "--soups-per-size", "15", "--seed", "1", "--workers", "1", "--out", a)
    _cli("--sizes", "8,16", "--soups-per-size", "10", "--seed", "2", "--workers", "1", "--out", b)
    merged = json.loads(_cli("--from", a, "--from", b, "--from", a, "--json").stdout)
    assert merged["seeds"] == [1, 2] and merged["soups"] == 35  # the repeated file counts once
    assert [(r["size"], r["soups"]) for r in merged["sizes"]] == [(8, 25), (16, 10)]
    pa, ra, _ = sweep_results.load(a)
    pb, rb, _ = sweep_results.load(b)
    direct = sweep_results.summarise(ra + rb, pa)
    assert _summary(merged) == _summary(direct)


def test_results_that_cannot_be_read_or_merged(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    _cli("--sizes", "8", "--soups-per-size", "3", "--workers", "1", "--out", a)
    _cli("--sizes", "8", "--soups-per-size", "3", "--workers", "1", "--density", "0.4", "--out", b)
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    cases = [(["--from", a, "--from", b], "different soups"), (["--from", bad], "not JSON"),
             (["--from", SWEEP_FILE], "no per-soup records"), (["--from", tmp_path / "none.json"], "none.json"),
             (["--from", a, "--density", "0.3"], "differs")]
    for args, msg in cases:
        res = runner().invoke(emerge, [str(x) for x in args])
        assert res.exit_code == 2 and msg in res.output and "Traceback" not in res.output, res.output
    with pytest.raises(sweep_results.SweepError):
        sweep_results.merge([sweep_results.load(a), sweep_results.load(b)])


def test_a_running_sweep_saves_checkpoints_to_resume_from(tmp_path, monkeypatch):
    import life.census.emerge as emerge_module

    monkeypatch.setattr(emerge_module, "CHECKPOINT_EVERY", 0.0)
    saved = []
    path = tmp_path / "ck.json"

    def keep(result):
        saved.append(result["soups"])
        sweep_results.save(result, path)

    final = sweep([8, 16], 300, seed=2, workers=1, checkpoint=keep)
    assert saved and saved == sorted(saved) and saved[-1] <= final["soups"] == 600
    params, records, runs = sweep_results.load(path)
    assert len(records) == saved[-1] and params["rule"] == "B3/S23" and len(runs) == 1


def test_soups_cancelled_at_a_deadline_are_run_first_on_resuming():
    whole = sweep([8], 10, seed=3, workers=1)
    gappy = [r for r in whole["records"] if r["index"] not in (2, 3, 7)]
    more = sweep([8], 4, seed=3, workers=1, records=gappy)
    assert sorted(r["index"] for r in more["records"]) == list(range(11))
    assert sorted(r["index"] for r in more["records"][-4:]) == [2, 3, 7, 10]
