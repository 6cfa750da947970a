"""The two-thread helpers the engines share: the barrier the tiled plane's team loop meets at (with its spin
hint and yield), and ``on_two_threads``, which runs a kernel on this thread and the helper at once."""

import numpy as np
import pytest
from numba import njit

from life.engines.atomics import arrive_and_wait, load, spin_pause, store, yield_thread
from life.engines.threads import on_two_threads


@njit(nogil=True)
def _rounds(sync, slots, me, n):  # pragma: no cover - compiled
    """Each round, write this thread's round number, meet the other thread, and check that its write of the
    same round is visible; returns the rounds where it was not."""
    missed = 0
    for k in range(1, n + 1):
        store(slots, 8 * me, k)
        arrive_and_wait(sync, 0, 2 * k)
        if load(slots, 8 * (1 - me)) < k:
            missed += 1
        arrive_and_wait(sync, 8, 2 * k)   # nobody writes round k+1 before both have read round k
    return missed


@njit
def _spin_and_yield(n):  # pragma: no cover - compiled
    for _ in range(n):
        spin_pause()
    yield_thread()
    return n


def test_barrier_makes_each_threads_writes_visible_to_the_other():
    sync, slots = np.zeros(16, np.int64), np.zeros(16, np.int64)
    missed = on_two_threads(_rounds, (sync, slots, 0, 20_000), (sync, slots, 1, 20_000))
    assert missed == 0
    assert sync[0] == sync[8] == 40_000 and slots[0] == slots[8] == 20_000
    assert _spin_and_yield(10) == 10


def _fails(x):
    if x:
        raise ValueError("helper failed")
    return "here"


def test_on_two_threads_returns_this_threads_result_and_raises_the_helpers_error():
    assert on_two_threads(_fails, (0,), (0,)) == "here"
    with pytest.raises(ValueError, match="helper failed"):
        on_two_threads(_fails, (0,), (1,))
