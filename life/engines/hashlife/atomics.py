"""Atomic operations on int64 array elements for Numba kernels that share arrays across threads: HashLife's
parallel successor inserts nodes into one table from several threads without a lock. Numba has no CPU atomics,
so these emit LLVM's ``atomicrmw``, ``cmpxchg`` and atomic loads and stores (sequentially consistent)."""

from __future__ import annotations

from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


def _element_pointer(context, builder, aryty, ary_value, index_value, index_type):
    ary = context.make_array(aryty)(context, builder, ary_value)
    index = context.cast(builder, index_value, index_type, types.intp)
    return cgutils.get_item_pointer(context, builder, aryty, ary, [index])


def _int64_array(arr):
    return isinstance(arr, types.Array) and arr.dtype == types.int64 and arr.ndim == 1


@intrinsic
def fetch_add(typingctx, arr, index, value):
    """arr[index] += value atomically; returns the value before the addition."""
    if not (_int64_array(arr) and isinstance(index, types.Integer) and isinstance(value, types.Integer)):
        return None
    sig = types.int64(arr, index, value)

    def codegen(context, builder, signature, args):
        ptr = _element_pointer(context, builder, signature.args[0], args[0], args[1], signature.args[1])
        v = context.cast(builder, args[2], signature.args[2], types.int64)
        return builder.atomic_rmw("add", ptr, v, "seq_cst")

    return sig, codegen


@intrinsic
def compare_swap(typingctx, arr, index, expected, new):
    """Set arr[index] to ``new`` if it holds ``expected``, atomically; returns the value it held (``expected``
    exactly when the swap happened)."""
    if not (_int64_array(arr) and isinstance(index, types.Integer) and isinstance(expected, types.Integer)
            and isinstance(new, types.Integer)):
        return None
    sig = types.int64(arr, index, expected, new)

    def codegen(context, builder, signature, args):
        ptr = _element_pointer(context, builder, signature.args[0], args[0], args[1], signature.args[1])
        old = context.cast(builder, args[2], signature.args[2], types.int64)
        val = context.cast(builder, args[3], signature.args[3], types.int64)
        pair = builder.cmpxchg(ptr, old, val, "seq_cst", "seq_cst")
        return builder.extract_value(pair, 0)

    return sig, codegen


@intrinsic
def load(typingctx, arr, index):
    """arr[index], read atomically: a loop that waits on it sees another thread's store."""
    if not (_int64_array(arr) and isinstance(index, types.Integer)):
        return None
    sig = types.int64(arr, index)

    def codegen(context, builder, signature, args):
        ptr = _element_pointer(context, builder, signature.args[0], args[0], args[1], signature.args[1])
        return builder.load_atomic(ptr, "seq_cst", 8)

    return sig, codegen


@intrinsic
def store(typingctx, arr, index, value):
    """arr[index] = value, written atomically (visible to other threads' ``load`` in order)."""
    if not (_int64_array(arr) and isinstance(index, types.Integer) and isinstance(value, types.Integer)):
        return None
    sig = types.void(arr, index, value)

    def codegen(context, builder, signature, args):
        ptr = _element_pointer(context, builder, signature.args[0], args[0], args[1], signature.args[1])
        v = context.cast(builder, args[2], signature.args[2], types.int64)
        builder.store_atomic(v, ptr, "seq_cst", 8)
        return context.get_dummy_value()

    return sig, codegen
