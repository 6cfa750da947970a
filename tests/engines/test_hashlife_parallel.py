"""HashLife's two-thread successor: the lock-free atomics it rests on, the same cells as the reference engine
and as the serial successor on random patterns and rules, the same result run to run, and a full table (growth,
the cap, collection) handled as the serial path does."""

import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numba import njit

from life import Rule, make_universe
from life.engines.atomics import compare_swap, fetch_add
from life.engines.hashlife import HashLifeUniverse
from life.engines.hashlife.table import _CAP, _GC_RUNS
from tests.oracle import R_PENTOMINO, assert_same_run, assert_same_universe, random_pattern
from tests.strategies import rules


def _parallel(pattern, **kw):
    """A HashLife universe that takes every jump, however small, on two threads."""
    u = HashLifeUniverse(pattern, **kw)
    u.threads = 2
    u.parallel_min_jump = 0
    return u


def _serial(pattern, **kw):
    u = HashLifeUniverse(pattern, **kw)
    u.threads = 1
    return u


@njit(nogil=True)
def _count(a, n):
    for _ in range(n):
        fetch_add(a, 0, 1)
        while True:   # a compare-and-swap loop: add 3 to a[1]
            v = a[1]
            if compare_swap(a, 1, v, v + 3) == v:
                break


@njit
def _swap(a, old, new):
    return compare_swap(a, 0, old, new)


@njit
def _add(a, v):
    return fetch_add(a, 0, v)


def test_atomics_lose_no_update_across_threads():
    a = np.zeros(2, np.int64)
    _count(a, 1)
    a[:] = 0
    threads = [threading.Thread(target=_count, args=(a, 200_000)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert a.tolist() == [400_000, 1_200_000]
    b = np.array([5], np.int64)
    assert _swap(b, 4, 9) == 5 and b[0] == 5    # no swap when the value differs
    assert _swap(b, 5, 9) == 5 and b[0] == 9
    assert _add(b, -2) == 9 and b[0] == 7


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules(b0=False), w=st.integers(1, 48), h=st.integers(1, 48), density=st.sampled_from([0.25, 0.5]),
       seed=st.integers(0, 2 ** 32 - 1), x0=st.integers(-200, 200), y0=st.integers(-200, 200),
       steps=st.lists(st.integers(1, 70), min_size=1, max_size=3))
def test_two_threads_equal_the_reference_on_random_patterns_and_rules(rule, w, h, density, seed, x0, y0, steps):
    p = random_pattern(seed, (h, w), density, x0, y0, rule=rule)
    u = _parallel(p)
    assert_same_run(u, make_universe(p, algo="reference"), steps)
    assert u.parallel_jumps > 0 or u.population == 0


@pytest.mark.parametrize("rule", ["B2-a/S12", "B3/S23", "B36/S23"])
def test_two_threads_equal_one_thread_and_themselves_run_to_run(rule):
    """A chaotic soup for 2^12 generations: two-thread runs give the same cells every time, and the serial
    successor's (non-Life-like rules run the circuit leaf kernel, with a scratch array per thread)."""
    p = random_pattern(11, (96, 96), 0.4, -48, -48, rule=Rule.parse(rule))
    serial = _serial(p).step(4096)
    for _ in range(3):
        u = _parallel(p).step(4096)
        assert u.parallel_jumps == 1
        assert_same_universe(u, serial)


def test_two_threads_fill_grow_and_collect_like_one():
    """A cap far below what the jumps need: the two threads fill the table and collect it in place, one of
    them stopped while the other collects, over and over; the cells stay the reference's."""
    u = _parallel(R_PENTOMINO, max_nodes=4000)
    ref = make_universe(R_PENTOMINO, algo="reference")
    assert_same_run(u, ref, [1024, 300, 1024])
    assert u.gc_count > 0
    assert u.node_count <= u.max_nodes
    for seed, cap in ((5, 30000), (6, 9000), (7, 14000)):
        soup = random_pattern(seed, (128, 128), 0.4)
        u = _parallel(soup, max_nodes=cap)
        u.step(4096)
        assert u._s.meta[_GC_RUNS] > 0 and u.parallel_jumps > 0
        assert_same_universe(u, make_universe(soup, algo="tiled").step(4096))
    soup = random_pattern(3, (64, 64), 0.4)
    big = _parallel(soup)
    first = big._s.meta[_CAP]
    big.step(2048)                 # no cap in the way: the table grows under the two threads
    assert big._s.meta[_CAP] > first
    assert big.parallel_jumps == 1
    assert_same_universe(big, make_universe(soup, algo="reference").step(2048))
