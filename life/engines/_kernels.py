"""Numba helpers shared by the bit-packed kernels (imported only when a kernel is first built)."""

import numba
import numpy as np

_ONE = np.uint64(1)
_TOP = np.uint64(63)


@numba.njit(cache=True, inline="always", boundscheck=False)
def hrow(row, nw, wrap, lastbit, m0, m1, s0, s1):  # pragma: no cover - compiled
    """Horizontal sums of one bit-packed row as bit-planes: m0/m1 (1s/2s) of left + right neighbours, and
    s0/s1 of left + self + right.

    ``wrap`` joins the row's ends (torus); ``lastbit`` is the bit of the last cell in the row's last word.
    """
    if nw == 1:
        c = row[0]
        l = c << _ONE
        r = c >> _ONE
        if wrap:
            l |= (c >> lastbit) & _ONE
            r |= (c & _ONE) << lastbit
        a = l ^ r
        b = l & r
        m0[0] = a
        m1[0] = b
        s0[0] = a ^ c
        s1[0] = b | (a & c)
        return
    c = row[0]
    l = c << _ONE
    if wrap:
        l |= (row[nw - 1] >> lastbit) & _ONE
    r = (c >> _ONE) | (row[1] << _TOP)
    a = l ^ r
    b = l & r
    m0[0] = a
    m1[0] = b
    s0[0] = a ^ c
    s1[0] = b | (a & c)
    for j in range(1, nw - 1):
        c = row[j]
        l = (c << _ONE) | (row[j - 1] >> _TOP)
        r = (c >> _ONE) | (row[j + 1] << _TOP)
        a = l ^ r
        b = l & r
        m0[j] = a
        m1[j] = b
        s0[j] = a ^ c
        s1[j] = b | (a & c)
    c = row[nw - 1]
    l = (c << _ONE) | (row[nw - 2] >> _TOP)
    r = c >> _ONE
    if wrap:
        r |= (row[0] & _ONE) << lastbit
    a = l ^ r
    b = l & r
    m0[nw - 1] = a
    m1[nw - 1] = b
    s0[nw - 1] = a ^ c
    s1[nw - 1] = b | (a & c)
