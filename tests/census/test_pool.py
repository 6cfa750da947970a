"""The task pool (life/census/pool.py): every task runs once, whatever the worker count or scheduler."""

import os
import sys
import time

import pytest

from life.census.pool import TaskPool, default_workers, run_tasks


def _square(x):
    return x, x * x, os.getpid()


def _fail(x):
    if x == 3:
        raise ValueError(f"task {x} failed")
    return x


def test_one_worker_runs_in_this_process_in_order():
    out = list(run_tasks(_square, range(6), workers=1))
    assert [r[:2] for r in out] == [(x, x * x) for x in range(6)]
    assert {r[2] for r in out} == {os.getpid()}


@pytest.mark.parametrize("workers", [1, 2])
def test_every_task_once_whatever_the_worker_count(workers):
    out = list(run_tasks(_square, iter(range(40)), workers=workers))
    assert sorted(r[:2] for r in out) == [(x, x * x) for x in range(40)]


def test_two_workers_use_other_processes():
    out = list(run_tasks(_square, range(20), workers=2))
    assert out[0][:2] == (0, 0) and out[0][2] == os.getpid()   # the first task warms this process up
    assert any(r[2] != os.getpid() for r in out[1:])


def test_no_tasks_and_a_passed_deadline():
    assert list(run_tasks(_square, [], workers=2)) == []
    assert list(run_tasks(_square, range(5), workers=1, deadline=time.monotonic() - 1)) == []
    # with a pool, the first task (run here) still comes; queued ones are cancelled
    out = list(run_tasks(_square, range(200), workers=2, deadline=time.monotonic() - 1))
    assert 1 <= len(out) <= 1 + 2 * 2


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_error_comes_through(workers):
    with pytest.raises(ValueError, match="task 3 failed"):
        list(run_tasks(_fail, range(8), workers=workers))


def test_default_workers_is_positive():
    assert default_workers() >= 1


def test_dask_runs_every_task():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        out = list(run_tasks(_square, range(10), scheduler=cluster.scheduler_address))
    assert sorted(r[:2] for r in out) == [(x, x * x) for x in range(10)]


def test_missing_dask_is_a_one_line_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)   # import distributed now raises ImportError
    with pytest.raises(RuntimeError, match="needs Dask"):
        list(run_tasks(_square, range(3), scheduler="tcp://127.0.0.1:9"))


def test_a_task_pool_keeps_its_worker_processes_across_rounds():
    with TaskPool(workers=2) as pool:
        first = list(pool.run(_square, range(10)))
        second = list(pool.run(_square, range(10, 30)))
        third = list(pool.run(_square, [99]))  # a single task goes to the workers too, once they run
    assert sorted(x for x, _, _ in first) == list(range(10))
    assert sorted((x, y) for x, y, _ in second) == [(x, x * x) for x in range(10, 30)]
    workers = {p for _, _, p in first[1:]}  # the first task of the first round runs here
    assert first[0][2] == os.getpid() and os.getpid() not in workers
    assert {p for _, _, p in second} <= workers and {p for _, _, p in third} <= workers
    assert pool._executor is None  # closed at the end of the block


def test_a_task_pool_stops_at_its_deadline_and_runs_on_afterwards():
    with TaskPool(workers=2) as pool:
        list(pool.run(_square, range(4)))
        assert list(pool.run(_square, range(100), deadline=time.monotonic() - 1)) == []
        assert sorted(x for x, _, _ in pool.run(_square, range(5))) == list(range(5))
