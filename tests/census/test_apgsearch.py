"""apgsearch's C1 soups (``--apg-seed``, ``--soup-id``) and the census object for object against lifelib.

``data/apg_k_lifecensus_1000.txt`` is the per-soup census of soups k_lifecensus0..999 recorded by lifelib's own
classifier (``oracle/make_apg_census.py``, not by this package), so the comparison runs without lifelib; the
bit-order test and a fresh oracle run need python-lifelib and skip cleanly without it.
"""

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from life.census import census_soups
from life.census.objects import Classifier
from life.census.soups import apg_soup_grids
from life.census.stabilise import stabilise_grid
from life.soup import SoupError, apg_soup, apg_soup_grid, check_soup_id
from tests.cli_runner import invoke

from .oracle import make_apg_census

ROOT = "k_lifecensus"
DATA = Path(__file__).parent / "data" / "apg_k_lifecensus_1000.txt"


def _oracle() -> dict:
    return make_apg_census.parse(DATA.read_text())


def _invoke(*args):
    return invoke(*args, prog_name="life")


def test_thousand_apgsearch_soups_equal_lifelib_object_for_object():
    oracle = _oracle()
    assert len(oracle) == 1000 and all(settled for settled, _ in oracle.values())
    classifier = Classifier()
    grids = apg_soup_grids(ROOT, 0, 1000)
    differ = []
    for i in range(1000):
        out = stabilise_grid(grids[i], classifier)
        if not out.settled or Counter(out.counts) != Counter(oracle[i][1]):
            differ.append((i, out.counts, oracle[i][1]))
    assert not differ, differ[:3]


def test_census_of_apgsearch_soups_totals_match_lifelib():
    oracle = _oracle()
    want = Counter()
    for i in range(60):
        want.update(oracle[i][1])
    got = census_soups(60, apg_root=ROOT, workers=2)
    assert got.counts == dict(want) and got.apg_root == ROOT and got.soups == 60
    assert got.sample("xs4_33").cells.tolist() == apg_soup(f"{ROOT}{got.first['xs4_33']}").cells.tolist()


def test_soup_id_on_the_command_line_reproduces_the_soups_ash():
    want = _oracle()[549][1]  # a soup with a pseudo still life (tub beside a snake) in its ash
    r = _invoke("census", "--soup-id", f"C1/{ROOT}549", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["settled"] and out["counts"] == dict(sorted(want.items(), key=lambda kv: (-kv[1], kv[0])))
    r = _invoke("run", "--soup-id", f"{ROOT}549", "--gens", "0", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["population"] == int(apg_soup_grid(f"{ROOT}549").sum())


def test_apg_census_on_the_command_line():
    r = _invoke("census", "--soups", "20", "--apg-seed", ROOT, "--workers", "1", "--json")
    assert r.exit_code == 0, r.stderr
    want = Counter()
    for i in range(20):
        want.update(_oracle()[i][1])
    out = json.loads(r.stdout)
    assert out["counts"] == dict(want) and out["apg_root"] == ROOT


@pytest.mark.parametrize("args", [
    ("census", "--soup-id", "x", "--soups", "3"),
    ("census", "--apg-seed", ROOT),
    ("census", "--soups", "3", "--apg-seed", ROOT, "--seed", "1"),
    ("census", "--soup-id", "D2_+1/abc"),
    ("run", "--soup-id", "abc", "--soup", "8x8"),
    ("run", "--soup-id", "two words"),
    ("view", "--soup-id", "abc", "glider"),
])
def test_bad_soup_ids_are_one_line_errors(args):
    r = _invoke(*args)
    assert r.exit_code == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_soup_ids():
    assert check_soup_id("C1/k_abc12") == "k_abc12"
    for bad in ["", "C1/", "D8_1/k_abc", "k abc", "k_é", "x" * 1001]:
        with pytest.raises(SoupError):
            check_soup_id(bad)
    g = apg_soup_grid("k_abc12")
    assert g.shape == (16, 16) and g.dtype == bool
    assert not np.array_equal(g, apg_soup_grid("k_abc13"))
    pat = apg_soup("k_abc12")
    assert pat.bbox[:2] == (-8, -8) or pat.population == 0


def test_soup_bit_order_matches_lifelib():
    lifelib = pytest.importorskip("lifelib")
    try:
        lt = lifelib.load_rules("b3s23").lifetree()
    except Exception as e:  # noqa: BLE001 - lifelib compiles C++ on first use; no compiler = skip
        pytest.skip(f"python-lifelib cannot compile here: {e}")
    for i in range(50):
        sid = f"{ROOT}{i}"
        cells = np.asarray(lt.hashsoup("b3s23", "C1", sid).coords(), dtype=np.int64).reshape(-1, 2)
        got = np.zeros((16, 16), dtype=bool)
        got[cells[:, 1] - 8, cells[:, 0] - 8] = True  # lifelib puts the soup at (8, 8)..(23, 23)
        assert np.array_equal(got, apg_soup_grid(sid)), sid


def test_fresh_lifelib_census_agrees_with_the_recorded_one():
    exe = make_apg_census.build()
    if exe is None:
        pytest.skip("the lifelib oracle needs python-lifelib and g++")
    fresh = make_apg_census.parse(make_apg_census.run(ROOT, 540, 560, exe))
    recorded = _oracle()
    assert all(fresh[i] == recorded[i] for i in range(540, 560))


def test_never_settling_patterns_get_catagolue_names():
    from life.census import stabilise
    from life.sources import read

    from ..oracle import GOSPER

    gun = stabilise(GOSPER, max_gens=1500)
    assert gun.category == "gun" and gun.code == "yl30_5"  # a glider (5 cells) every 30 generations
    # Catagolue: yl144_1_16_afb5f3db909e60548f086e22ee3353ac
    blse = stabilise(read("block-laying-switch-engine"), max_gens=3000)
    assert not blse.settled and blse.code == "yl144_16"


def test_growth_codes():
    from life.census.stabilise import growth_code

    t = np.arange(1800)
    noise = np.random.default_rng(1).integers(0, 13, len(t))  # no period
    assert growth_code("gun", 100 + 5 * (t // 30)) == "yl30_5"
    assert growth_code("puffer", 100 + t + noise) == "zz_LINEAR"
    assert growth_code("unknown", 100 + t * t // 50 + noise) == "zz_QUADRATIC"
    assert growth_code("unknown", 100 + t + noise) == "zz_EXPLOSIVE"
    assert growth_code("unknown", 100 + noise) == "PATHOLOGICAL"


def test_unsettled_soups_are_counted_under_catagolue_names_with_readable_categories():
    got = census_soups(40, apg_root=ROOT, workers=1, max_gens=60)
    odd = {c for c in got.counts if not c.startswith("x")}
    assert odd and odd == set(got.unsettled)
    assert all(c.startswith(("yl", "zz_", "PATHOLOGICAL")) for c in odd)
    assert all(v.startswith("did not settle: ") for v in got.unsettled.values())
    assert sum(got.counts[c] for c in odd) == sum(1 for i in range(40) if not stabilise_grid(
        apg_soup_grid(f"{ROOT}{i}"), Classifier(), max_gens=60).settled)


def test_a_slow_first_chunk_says_the_kernels_are_compiling(capsys):
    import threading
    import time

    from life.cli.census import _compile_notice

    seen = []
    threads = threading.active_count()
    with _compile_notice(lambda done, total: seen.append(done), after=0.05) as watched:
        time.sleep(0.3)
        watched(1, 2)
        assert threading.active_count() == threads  # gone before worker processes are forked
        watched(2, 2)
    assert seen == [1, 2] and "compiling the census kernels" in capsys.readouterr().err
    with _compile_notice(None, after=5) as watched:
        watched(1, 1)
    assert capsys.readouterr().err == ""
