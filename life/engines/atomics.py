"""Atomic operations on int64 array elements for Numba kernels that share arrays across threads (HashLife's
parallel successor inserts nodes into one table without a lock; the tiled plane's team of threads meets at
barriers), and the two calls a spinning thread needs. Numba has no CPU atomics, so these emit LLVM's
``atomicrmw``, ``cmpxchg`` and atomic loads and stores (sequentially consistent)."""

from __future__ import annotations

import platform
import sys

from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

_X86 = platform.machine().lower() in ("x86_64", "amd64", "i386", "i686")


def _accepts(arr, index, *values) -> bool:
    """Whether the intrinsics take these argument types: a 1-D int64 array, an integer index and values."""
    return (isinstance(arr, types.Array) and arr.dtype == types.int64 and arr.ndim == 1
            and all(isinstance(t, types.Integer) for t in (index, *values)))


def _operands(context, builder, signature, args):
    """The pointer to arr[index] and the value arguments cast to int64, for an intrinsic's code generator."""
    aryty = signature.args[0]
    ary = context.make_array(aryty)(context, builder, args[0])
    index = context.cast(builder, args[1], signature.args[1], types.intp)
    ptr = cgutils.get_item_pointer(context, builder, aryty, ary, [index])
    values = [context.cast(builder, v, t, types.int64) for v, t in zip(args[2:], signature.args[2:], strict=True)]
    return ptr, values


@intrinsic
def fetch_add(typingctx, arr, index, value):
    """arr[index] += value atomically; returns the value before the addition."""
    if not _accepts(arr, index, value):
        return None

    def codegen(context, builder, signature, args):
        ptr, (v,) = _operands(context, builder, signature, args)
        return builder.atomic_rmw("add", ptr, v, "seq_cst")

    return types.int64(arr, index, value), codegen


@intrinsic
def compare_swap(typingctx, arr, index, expected, new):
    """Set arr[index] to ``new`` if it holds ``expected``, atomically; returns the value it held (``expected``
    exactly when the swap happened)."""
    if not _accepts(arr, index, expected, new):
        return None

    def codegen(context, builder, signature, args):
        ptr, (old, val) = _operands(context, builder, signature, args)
        return builder.extract_value(builder.cmpxchg(ptr, old, val, "seq_cst", "seq_cst"), 0)

    return types.int64(arr, index, expected, new), codegen


@intrinsic
def load(typingctx, arr, index):
    """arr[index], read atomically: a loop that waits on it sees another thread's store."""
    if not _accepts(arr, index):
        return None

    def codegen(context, builder, signature, args):
        ptr, _ = _operands(context, builder, signature, args)
        return builder.load_atomic(ptr, "seq_cst", 8)

    return types.int64(arr, index), codegen


@intrinsic
def store(typingctx, arr, index, value):
    """arr[index] = value, written atomically (visible to other threads' ``load`` in order)."""
    if not _accepts(arr, index, value):
        return None

    def codegen(context, builder, signature, args):
        ptr, (v,) = _operands(context, builder, signature, args)
        builder.store_atomic(v, ptr, "seq_cst", 8)
        return context.get_dummy_value()

    return types.void(arr, index, value), codegen


@intrinsic
def spin_pause(typingctx):
    """A hint inside a spin-wait loop (x86 ``pause``: the waiting core yields its pipeline to the other
    hyperthread and leaves the loop sooner when the awaited store lands); nothing elsewhere."""

    def codegen(context, builder, signature, args):
        if _X86:
            fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.VoidType(), []),
                                                "llvm.x86.sse2.pause")
            builder.call(fn, [])
        return context.get_dummy_value()

    return types.void(), codegen


@intrinsic
def yield_thread(typingctx):
    """Give up the core to another runnable thread (POSIX ``sched_yield``): a thread that has spun long
    waiting for one that was descheduled lets it run instead of burning its time slice."""

    def codegen(context, builder, signature, args):
        name = "SwitchToThread" if sys.platform == "win32" else "sched_yield"
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.IntType(32), []), name)
        builder.call(fn, [])
        return context.get_dummy_value()

    return types.void(), codegen


_SPINS = 1 << 12   # spins (0.1-0.2 ms: a pause is some 60-140 cycles) before a waiting thread yields its core


@njit(cache=True, nogil=True, _nrt=False, inline="always")
def backoff(spins):  # pragma: no cover - compiled
    """One round of a spin-wait that has gone round ``spins`` times: a ``spin_pause``, or once it has spun
    long (the awaited thread may have been descheduled), ``yield_thread``. Returns the new count."""
    if spins < _SPINS:
        spin_pause()
        return spins + 1
    yield_thread()
    return spins


@njit(cache=True, nogil=True, _nrt=False)
def arrive_and_wait(arr, index, target):  # pragma: no cover - compiled
    """A barrier: count this thread in at arr[index], then wait until the count reaches ``target`` (the
    number of threads times the number of barriers each has passed, this one included)."""
    fetch_add(arr, index, 1)
    spins = 0
    while load(arr, index) < target:
        spins = backoff(spins)
