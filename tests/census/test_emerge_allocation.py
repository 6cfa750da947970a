"""The sweep's allocation: soups go where they narrow the widest interval, within the time left."""

import itertools

import pytest

from life.census.abilities import SoupBatch, run_soups
from life.census.allocation import CostModel, allocate, makespan, plan_round, predicted_widest, runs_of
from life.census.emerge import sweep


def _widest_after(state, alloc):
    return max(predicted_widest(n, ks, alloc.get(s, 0)) for s, (n, ks) in state.items())


def test_the_next_soups_go_to_the_widest_interval():
    # 16²: 400 soups, narrow; 1024²: 10 soups, half of them with the ability: wide
    state = {16: (400, [200, 3]), 1024: (10, [5, 0])}
    costs = {16: 0.01, 1024: 1.0}
    alloc = allocate(state, costs, capacity=5.0)
    assert alloc == {1024: 5}
    assert _widest_after(state, alloc) < _widest_after(state, {})
    # the cheap size gets soups once the dear one is as narrow
    alloc = allocate(state, costs, capacity=400.0)
    assert alloc[16] > 0 and alloc[1024] > 100
    w16, w1024 = (predicted_widest(*state[s], alloc[s]) for s in (16, 1024))
    assert abs(w16 - w1024) < 0.005


def test_allocation_minimises_the_widest_interval():
    # against every split of the same worker-seconds between three sizes
    state = {8: (20, [10]), 64: (5, [1]), 512: (2, [2])}
    costs = {8: 1.0, 64: 2.0, 512: 3.0}
    alloc = allocate(state, costs, capacity=30.0)
    spent = sum(costs[s] * m for s, m in alloc.items())
    assert spent <= 30.0
    best = min(_widest_after(state, {8: a, 64: b, 512: c})
               for a, b, c in itertools.product(range(31), range(16), range(11)) if a + 2 * b + 3 * c <= 30)
    assert _widest_after(state, alloc) == pytest.approx(best, abs=1e-12)


def test_allocation_respects_capacity_the_largest_soup_and_the_target():
    state = {16: (0, [0]), 1024: (0, [0])}
    assert allocate(state, {16: 0.01, 1024: 2.0}, capacity=10.0, max_soup=1.0).keys() == {16}
    alloc = allocate(state, {16: 0.01, 1024: 2.0}, capacity=10.0)
    assert sum({16: 0.01, 1024: 2.0}[s] * m for s, m in alloc.items()) <= 10.0 + 1e-9
    done = {16: (1000, [500]), 1024: (10, [5])}
    assert allocate(done, {16: 0.01, 1024: 1.0}, capacity=100.0, target=0.05).keys() == {1024}
    assert allocate(state, {16: 1.0, 1024: 2.0}, capacity=0.5) == {}


def test_cost_model_is_measured_and_extrapolated_by_area():
    m = CostModel({16: [0.01, 0.03], 64: [0.32]})
    assert m.cost(16) == pytest.approx(0.02)
    assert m.cost(64) == pytest.approx(0.32)
    a, b = m.law()
    assert b == pytest.approx(1.0)  # 16 times the area, 16 times the cost
    assert m.cost(256) == pytest.approx(0.32 * 16)  # a size not run yet: the fitted law
    assert CostModel().law() is None and CostModel().cost(1024) > CostModel().cost(16) > 0


def test_makespan_runs_the_first_batch_alone():
    assert makespan([], 2) == 0
    assert makespan([1, 1, 1, 1, 1], 1) == 5
    assert makespan([1, 1, 1, 1, 1], 2) == 3  # 1 alone, then two pairs
    assert makespan([0.1, 4, 1, 1, 1, 1], 2) == pytest.approx(4.1)


def test_plan_round_fits_the_time_and_takes_the_lowest_free_indices():
    costs = {16: 0.01, 1024: 2.0}
    free = {16: list(range(40, 400)), 1024: [3, 4, 7, 8, 9, 12, 13, 14, 15, 16, 17]}  # 5, 6, 10, 11 ran
    plan = plan_round({16: 300, 1024: 10}, free, costs, workers=2, seconds=6.0, overhead=1.2,
                      seed=5, density=0.5, rule="B3/S23", max_gens=1000)
    assert all(isinstance(b, SoupBatch) and b.seed == 5 for b in plan)
    seconds = [costs[b.size] * (b.stop - b.start) for b in plan]
    assert 1.2 * makespan(seconds, 2) <= 6.0
    assert seconds[0] == min(seconds)  # the cheapest runs alone first
    for size in (16, 1024):
        idx = sorted(i for b in plan if b.size == size for i in range(b.start, b.stop))
        assert idx == free[size][:len(idx)]  # the lowest free ones, none run twice
    assert sum(b.stop - b.start for b in plan if b.size == 16) == 300  # trimmed from the dear size only
    assert 0 < sum(b.stop - b.start for b in plan if b.size == 1024) < 10
    assert runs_of([1, 2, 3, 5, 6, 9], 2) == [(1, 3), (3, 4), (5, 7), (9, 10)]


def test_adaptive_sweep_evens_out_the_intervals():
    res = sweep([8, 32], seed=3, workers=1, budget=3)
    widest = [r["widest"] for r in res["sizes"]]
    assert all(r["soups"] > 20 for r in res["sizes"])
    assert max(widest) < 1.6 * min(widest)  # comparable precision, unlike equal soup counts
    run = res["runs"][-1]
    assert run["soups"] == res["soups"] and run["rounds"] >= 1
    assert run["seconds"] < 3 * 2 + 2  # generous: the machine may be loaded


def test_target_stops_the_sweep_early():
    res = sweep([8], seed=3, workers=1, budget=60, target=0.2)
    assert res["sizes"][0]["widest"] <= 0.2 and res["runs"][-1]["seconds"] < 30


def test_adaptive_sweep_on_a_dask_cluster_records_the_same_soups_as_here():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        res = sweep([8, 16], seed=6, budget=2, scheduler=cluster.scheduler_address)
    assert res["runs"][-1]["workers"] == 2 and res["soups"] > 0
    keys = [(r["size"], r["index"]) for r in res["records"]]
    assert len(set(keys)) == len(keys)  # no soup twice
    for r in res["records"][:: max(1, len(keys) // 60)]:
        (here,) = run_soups(SoupBatch(6, r["size"], r["index"], r["index"] + 1))
        assert {k: v for k, v in here.items() if k not in ("seconds", "cpu")} == \
            {k: v for k, v in r.items() if k not in ("seconds", "cpu")}
