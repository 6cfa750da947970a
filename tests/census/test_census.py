"""Stabilisation, object separation and the census commands."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, Rule
from life.census import Classifier, census_soups, soup_pattern, stabilise
from life.census.objects import clusters, shape_key
from life.census.soups import soup_grids
from life.cli.census import census
from tests.oracle import DIEHARD, GLIDER, GOSPER, GOSPER_RLE, R_PENTOMINO


def ash_of(rows):
    """apgcodes of the objects a hand-built ash separates into (sorted)."""
    out = stabilise(Pattern.from_strings(rows), max_gens=200)
    assert out.settled
    return sorted(o.apgcode for o in out.objects)


# -- separation ---------------------------------------------------------------------------------------------------
def test_two_blocks_touching_diagonally_are_two_blocks():
    # their neighbourhoods overlap (one cell is next to both) yet neither changes the other
    assert ash_of(["OO...", "OO...", ".....", "...OO", "...OO"]) == ["xs4_33", "xs4_33"]


def test_bi_block_is_two_blocks():
    assert ash_of(["OO.OO", "OO.OO"]) == ["xs4_33", "xs4_33"]


def test_corner_to_corner_blocks_are_a_beacon():
    # blocks sharing a corner interact: that is the beacon oscillator, one object
    assert ash_of(["OO..", "OO..", "..OO", "..OO"]) == ["xp2_318c"]


def test_beehive_beside_blinker_is_two_objects():
    # in its horizontal phase the blinker comes within two cells of the beehive (they share neighbours)
    out = stabilise(Pattern.from_strings([".OO...O", "O..O..O", ".OO...O"]), max_gens=200)
    assert out.settled and out.period == 2
    assert sorted(o.apgcode for o in out.objects) == ["xp2_7", "xs6_696"]


def test_departing_glider_is_one_spaceship():
    out = stabilise(GLIDER, max_gens=200)
    assert out.settled
    assert [(o.apgcode, o.kind, o.period, abs(o.dx), abs(o.dy)) for o in out.objects] == \
        [("xq4_153", "spaceship", 4, 1, 1)]


def test_lwss_beside_lwss_are_two_spaceships():
    lwss = [".O..O", "O....", "O...O", "OOOO."]
    rows = lwss + ["....."] * 2 + lwss
    out = stabilise(Pattern.from_strings(rows), max_gens=200)
    assert out.settled
    assert sorted(o.apgcode for o in out.objects) == ["xq4_6frc", "xq4_6frc"]


def test_block_and_glider_heading_for_it_is_not_settled_yet():
    glider = GLIDER.translated(-30, -30)
    block = Pattern.from_strings(["OO", "OO"])
    pat = Pattern(np.concatenate([glider.cells, block.cells]))
    out = stabilise(pat, max_gens=500)
    # the glider hits the block and both die: nothing may be reported before the collision (~gen 120)
    assert out.settled
    assert out.objects == [] and out.generation > 100


def test_clusters_group_cells_within_distance_two():
    cells = Pattern.from_strings(["O.O....O"]).cells
    order, starts, boxes, keys = clusters(cells, 2)
    assert len(keys) == 2
    assert sorted(np.diff(starts).tolist()) == [1, 2]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(-12, 12), st.integers(-12, 12)), min_size=1, max_size=60, unique=True),
       st.sampled_from([1, 2]))
def test_clusters_are_the_connected_components_at_chebyshev_distance(cells, dist):
    cells = np.array(cells, dtype=np.int64)
    order, starts, boxes, keys = clusters(cells, dist)
    label = np.empty(len(cells), dtype=np.int64)
    for k in range(len(keys)):
        members = order[starts[k]:starts[k + 1]]
        label[members] = k
        # members in input order, box and key of their own shape
        assert (np.diff(members) > 0).all()
        assert boxes[k].tolist() == [*cells[members].min(axis=0), *cells[members].max(axis=0)]
        assert keys[k] == shape_key(cells[members])
    # clusters are numbered by their first cell
    assert (np.diff([order[starts[k]] for k in range(len(keys))]) > 0).all()
    # the brute-force components: flood fill over all pairs within dist
    near = np.abs(cells[:, None, :] - cells[None, :, :]).max(axis=2) <= dist
    want = np.full(len(cells), -1)
    for i in range(len(cells)):
        if want[i] < 0:
            want[i] = i
            stack = [i]
            while stack:
                j = stack.pop()
                for k in np.nonzero(near[j] & (want < 0))[0]:
                    want[k] = i
                    stack.append(k)
    assert ((label[:, None] == label[None, :]) == (want[:, None] == want[None, :])).all()


def test_far_apart_cells_cluster_without_a_board_of_their_area():
    # two gliders a million cells apart: the cost follows the cells, not the area between them
    glider = GLIDER.cells
    cells = np.concatenate([glider, glider + 1_000_000])
    order, starts, boxes, keys = clusters(cells, 2)
    assert len(keys) == 2 and keys[0] == keys[1]


def test_combine_splits_pseudo_objects_and_refuses_interacting_parts():
    c = Classifier()
    block = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    blinker = np.array([[0, 0], [1, 0], [2, 0]])
    kb, kl = shape_key(block), shape_key(blinker)
    c.info(kb, block)
    c.info(kl, blinker)
    # a blinker three columns right of a block never touches it: a pseudo-object of two objects
    info, phases = c.combine([kb, kl], [(0, 0), (4, 0)], want_phases=True)
    assert info.kind == "oscillator" and info.period == 2
    assert sorted(o.apgcode for o in info.objects) == ["xp2_7", "xs4_33"]
    assert len(phases.cells) == 2 and info.envelope == (0, 1, 0, 0)
    # the same pair analysed as one cluster the slow way agrees
    union = np.concatenate([block, blinker + [4, 0]])
    slow = Classifier()
    slow.phases = lambda key: None
    assert slow.analyse(union).objects == info.objects
    # a blinker right beside the block does change it: not separable this way
    assert c.combine([kb, kl], [(0, 0), (3, 0)]) is None
    # an unclassified part cannot be combined
    assert c.combine([kb, 12345], [(0, 0), (9, 9)]) is None


# -- stabilisation -----------------------------------------------------------------------------------------------
def test_r_pentomino_ash_matches_lifewiki():
    out = stabilise(R_PENTOMINO)
    assert out.settled
    assert abs(out.settled_at - 1103) <= 5
    assert out.counts == {"xs4_33": 8, "xq4_153": 6, "xs6_696": 4, "xp2_7": 4, "xs5_253": 1, "xs7_2596": 1,
                          "xs6_356": 1}
    assert sum(o.population for o in out.objects) == 116


def test_diehard_dies():
    out = stabilise(DIEHARD)
    assert out.settled and out.objects == []
    assert 125 <= out.settled_at <= 130


def test_gosper_gun_does_not_settle_it_is_a_gun():
    out = stabilise(GOSPER, max_gens=1500)
    assert not out.settled
    assert out.category == "gun"
    assert out.counts.get("xq4_153", 0) >= 40  # it kept emitting gliders


def test_rule_mismatch_and_bad_input():
    from life.engines import EngineError

    with pytest.raises(EngineError):
        stabilise(R_PENTOMINO, classifier=Classifier(Rule.parse("B36/S23")))
    with pytest.raises(EngineError):
        stabilise("not a pattern")


def test_other_rules_census():
    # HighLife: the replicator-rich rule still settles small patterns into named objects
    out = stabilise(Pattern.from_strings(["OO", "OO"], rule=Rule.parse("B36/S23")))
    assert out.settled and [o.apgcode for o in out.objects] == ["xs4_33"]


# -- soups ---------------------------------------------------------------------------------------------------------
def test_soups_depend_only_on_seed_and_index():
    a = soup_grids(7, 0, 50)
    b = soup_grids(7, 20, 30)
    assert np.array_equal(a[20:30], b)
    assert not np.array_equal(soup_grids(8, 0, 50), a)
    assert 0.45 < a.mean() < 0.55
    assert np.array_equal(soup_pattern(7, 25).to_array()[0], a[25][np.ix_(a[25].any(1), a[25].any(0))])


def test_census_is_the_same_whatever_the_worker_count():
    one = census_soups(80, seed=11, workers=1)
    two = census_soups(80, seed=11, workers=2, chunk=7)
    assert one.counts == two.counts and one.first == two.first
    assert one.soups == 80


def test_common_objects_come_in_catagolue_order():
    c = census_soups(2000, seed=5, workers=2)
    n = c.counts
    assert n["xs4_33"] > n["xp2_7"] > n["xs6_696"] > n["xq4_153"] > max(n["xs7_2596"], n["xs5_253"])
    assert min(n["xs7_2596"], n["xs5_253"]) > n["xs6_356"] > max(n["xs4_252"], n["xs8_6996"])


@pytest.mark.slow
def test_catagolue_order_and_shares_over_ten_thousand_soups():
    order = ["xs4_33", "xp2_7", "xs6_696", "xq4_153", "xs7_2596", "xs5_253", "xs6_356"]
    runs = [census_soups(10_000, seed=s, workers=2) for s in (1, 2)]
    for c in runs:
        n = c.counts
        assert [n[k] for k in order] == sorted((n[k] for k in order), reverse=True)
        assert n["xs6_356"] > max(n["xs4_252"], n["xs8_6996"])
    # the two seeds agree on each object's share of all objects, within sampling error (|z| < 4)
    tot = [sum(v for k, v in c.counts.items() if k not in c.unsettled) for c in runs]
    for k in order + ["xs4_252", "xs8_6996"]:
        p1, p2 = runs[0].counts[k] / tot[0], runs[1].counts[k] / tot[1]
        p = (runs[0].counts[k] + runs[1].counts[k]) / (tot[0] + tot[1])
        se = np.sqrt(p * (1 - p) * (1 / tot[0] + 1 / tot[1]))
        assert abs(p1 - p2) / se < 4, k


def test_census_soups_argument_errors():
    with pytest.raises(ValueError):
        census_soups(-1)
    with pytest.raises(ValueError):
        census_soups(1, density=2.0)
    with pytest.raises(ValueError):
        census_soups(1, rule=Rule.parse("B0/S8"))


def test_dask_scheduler_gives_the_same_census():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        remote = census_soups(40, seed=3, scheduler=cluster.scheduler_address, chunk=10)
    local = census_soups(40, seed=3, workers=1)
    assert remote.counts == local.counts and remote.first == local.first


# -- the command -------------------------------------------------------------------------------------------------
def test_census_command_on_files(tmp_path):
    (tmp_path / "r.rle").write_text("x = 3, y = 3\nb2o$2ob$bo!\n")
    (tmp_path / "gun.rle").write_text(GOSPER_RLE)
    res = CliRunner().invoke(census, [str(tmp_path / "r.rle"), str(tmp_path / "gun.rle"), "--max-gens", "1500",
                                      "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["settled"] and data[0]["counts"]["xs4_33"] == 8
    assert not data[1]["settled"] and data[1]["category"] == "gun"
    res = CliRunner().invoke(census, [str(tmp_path / "r.rle")])
    assert res.exit_code == 0 and "xq4_153" in res.output and "spaceship" in res.output


def test_census_command_soups_json_has_samples_that_reproduce():
    res = CliRunner().invoke(census, ["--soups", "60", "--seed", "4", "--workers", "1", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["soups"] == 60 and data["seed"] == 4 and data["soups_per_second"] > 0
    assert data["counts"]["xs4_33"] > 0
    rare = [k for k, v in data["counts"].items() if v < 10]
    assert rare and set(rare) == set(data["samples"])
    # the sample soup of a rare object really produces it
    from life.formats import from_text

    code = rare[0]
    pat = from_text(data["samples"][code]["rle"])
    out = stabilise(pat)
    assert code in out.counts or (code in data["unsettled"] and out.code == code)


def test_census_command_generation_cap_matches_stabilise():
    from life.census.stabilise import DEFAULT_MAX_GENS
    from life.cli import census as census_cli

    assert census_cli.DEFAULT_MAX_GENS == DEFAULT_MAX_GENS


@pytest.mark.parametrize("args", [[], ["--soups", "5", "x.rle"], ["missing-file.rle"], ["--soups", "3", "--rule",
                                  "B0/S"], ["--soups", "3", "--rule", "nonsense"], ["--soups", "-2"]])
def test_census_command_errors_are_one_line(args):
    res = CliRunner().invoke(census, args)
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    # one error line (click adds its usage lines before a usage error; `life` folds them into one)
    assert sum(line.startswith("Error:") for line in res.output.splitlines()) == 1


# -- fast paths give the same answers as the plain ones ------------------------------------------------------------
def test_grid_fast_path_and_merge_shortcut_match_the_plain_path(monkeypatch):
    from life.census.stabilise import stabilise_grid

    grids = soup_grids(21, 0, 40)
    fast = Classifier()
    fast_out = [stabilise_grid(g, fast) for g in grids]
    # the plain path: Pattern-built universes, and merged clusters always classified by running them together
    plain = Classifier()
    monkeypatch.setattr(plain, "phases", lambda key: None)
    plain_out = [stabilise(soup_pattern(21, i), classifier=plain) for i in range(40)]
    assert [(o.settled, o.generation, o.period, o.counts) for o in fast_out] == \
        [(o.settled, o.generation, o.period, o.counts) for o in plain_out]
    assert sum(sum(o.counts.values()) for o in fast_out) > 100
