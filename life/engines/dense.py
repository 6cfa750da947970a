"""Bit-packed torus and bounded grid: Numba kernels, multi-threaded over row bands.

Each row of the board is a run of uint64 words (see ``bitpack``). A generation is done row by row: the left and
right neighbours of a row are added with word shifts into two bit-planes (``m0`` = sum bit 0, ``m1`` = bit 1),
kept in a ring of three rows so each row's horizontal sum is computed once and used by the three output rows that
need it. The vertical sum of the three horizontal sums then yields the neighbour count as bit-planes, and the rule
is applied to them with bitwise logic. The kernel is generated per rule (a closure over the rule's birth and
survival masks) so the rule's unused minterms fold away at compile time; B3/S23 gets a shorter hand-reduced form.
Other rules (isotropic non-totalistic, hexagonal, von Neumann) run one shared kernel that feeds the nine
neighbourhood bit-planes of each block of rows to the rule's circuit (``circuit.py``); calls that step more than
``_COMPILE_AT`` cell-generations get a kernel compiled for the rule, its circuit written out (``circuit_kernels``).
Interior words run in plain loops with no ``%`` and no branches, which LLVM vectorises; edge words are handled
apart. Bits beyond the grid's width are kept at zero.
"""

from __future__ import annotations

import os

import numba
import numpy as np
from numba import njit, prange

from ..grids import border, glue
from ..pattern import Pattern
from ..rules import Rule, Topology
from . import bitpack
from .base import EngineError, Universe
from .bitpack import popcnt as _popcnt
from .circuit import _run_program, program_for
from .circuit_kernels import compiled_kernel

__all__ = ["DenseUniverse", "BoardUniverse", "Board", "step_words", "kernel_for", "block_counts", "board_bytes"]

# Spin-waiting OpenMP threads collapse on a busy 2-core machine; must be set before the OpenMP runtime loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

_KERNELS: dict = {}

_ONE = np.uint64(1)
_TOP = np.uint64(63)
_ZERO = np.uint64(0)
_COMPILE_AT = 1 << 32  # circuit rules: cell-generations per call from which the rule gets its own compiled kernel
_BLOCK_WORDS = 256  # circuit rules: words per block of rows the program runs over (its values stay in L1/L2)


def _build_kernel(bm: int, sm: int):
    """Compile (or load from the Numba cache) the multi-generation step kernel for one rule."""
    LIFE = bm == 0b1000 and sm == 0b1100
    B0, B1, B2, B3, B4, B5, B6, B7, B8 = [bool(bm >> k & 1) for k in range(9)]
    S0, S1, S2, S3, S4, S5, S6, S7, S8 = [bool(sm >> k & 1) for k in range(9)]
    ZERO = np.uint64(0)

    # Arrays are indexed in place, never sliced into per-row views: each view costs reference-count atomics,
    # which on narrow boards cost more than the row's arithmetic.
    def step_n(src, dst, n, wrap, lastbit, tail, nbands, ring):  # pragma: no cover - compiled
        h, nw = src.shape
        for _ in range(n):
            for band in prange(nbands):
                y0 = band * h // nbands
                y1 = (band + 1) * h // nbands
                if y0 == y1:
                    continue
                # Row r's horizontal sums s0, s1 (left + self + right, as bit-planes) go to ring slots
                # 2 * ((r - y0 + 1) % 3). Once row r is in, output row r - 1 has all three of its rows.
                for r in range(y0 - 1, y1 + 1):
                    k = 2 * ((r - y0 + 1) % 3)
                    rr = r
                    if r < 0:
                        rr = h - 1 if wrap else -1
                    elif r >= h:
                        rr = 0 if wrap else -1
                    if rr < 0:  # beyond a dead border
                        for j in range(nw):
                            ring[band, k, j] = ZERO
                            ring[band, k + 1, j] = ZERO
                    else:
                        # edge words apart, so the interior loop has no branch and vectorises
                        for j in (0, nw - 1):
                            c = src[rr, j]
                            left = c << _ONE
                            right = c >> _ONE
                            if j > 0:
                                left |= src[rr, j - 1] >> _TOP
                            elif wrap:
                                left |= (src[rr, nw - 1] >> lastbit) & _ONE
                            if j < nw - 1:
                                right |= src[rr, j + 1] << _TOP
                            elif wrap:
                                right |= (src[rr, 0] & _ONE) << lastbit
                            a = left ^ right
                            ring[band, k, j] = a ^ c
                            ring[band, k + 1, j] = (left & right) | (a & c)
                        for j in range(1, nw - 1):
                            c = src[rr, j]
                            left = (c << _ONE) | (src[rr, j - 1] >> _TOP)
                            right = (c >> _ONE) | (src[rr, j + 1] << _TOP)
                            a = left ^ right
                            ring[band, k, j] = a ^ c
                            ring[band, k + 1, j] = (left & right) | (a & c)
                    if r < y0 + 1:
                        continue
                    y = r - 1
                    ku = 2 * ((r - y0 + 2) % 3)  # row y - 1
                    km = 2 * ((r - y0) % 3)      # row y
                    kd = k                       # row y + 1
                    for j in range(nw):
                        u0 = ring[band, ku, j]
                        u1 = ring[band, ku + 1, j]
                        d0 = ring[band, kd, j]
                        d1 = ring[band, kd + 1, j]
                        alive = src[y, j]
                        ms0 = ring[band, km, j]
                        m0 = ms0 ^ alive                   # the middle row without the cell itself
                        m1 = ring[band, km + 1, j] & ~(alive & ~ms0)
                        ud = u0 ^ d0
                        c0 = ud ^ m0                       # count bit 0
                        kk = (u0 & d0) | (m0 & ud)         # carry into the 2s
                        # four weight-2 inputs: u1, d1, m1, kk
                        p1 = u1 ^ d1
                        p2 = u1 & d1
                        q1 = m1 ^ kk
                        q2 = m1 & kk
                        c1 = p1 ^ q1
                        if LIFE:
                            hi = p2 | q2 | (p1 & q1)       # count >= 4
                            dst[y, j] = c1 & ~hi & (c0 | alive)
                        else:
                            c2 = p2 ^ q2 ^ (p1 & q1)
                            c3 = p2 & q2                   # count == 8
                            n0 = ~c0
                            n1 = ~c1
                            dead = ~alive
                            lo00 = n1 & n0
                            lo01 = n1 & c0
                            lo10 = c1 & n0
                            lo11 = c1 & c0
                            h0 = ~(c3 | c2)
                            h1 = c2                        # c2 and c3 are never both set
                            res = ZERO
                            # count = 8 * c3 + 4 * c2 + 2 * c1 + c0; each count's minterm is kept for births
                            # (dead cells), survivals (live cells) or both, as the rule says
                            if B0 or S0:
                                e = h0 & lo00
                                res |= e if (B0 and S0) else (e & dead if B0 else e & alive)
                            if B1 or S1:
                                e = h0 & lo01
                                res |= e if (B1 and S1) else (e & dead if B1 else e & alive)
                            if B2 or S2:
                                e = h0 & lo10
                                res |= e if (B2 and S2) else (e & dead if B2 else e & alive)
                            if B3 or S3:
                                e = h0 & lo11
                                res |= e if (B3 and S3) else (e & dead if B3 else e & alive)
                            if B4 or S4:
                                e = h1 & lo00
                                res |= e if (B4 and S4) else (e & dead if B4 else e & alive)
                            if B5 or S5:
                                e = h1 & lo01
                                res |= e if (B5 and S5) else (e & dead if B5 else e & alive)
                            if B6 or S6:
                                e = h1 & lo10
                                res |= e if (B6 and S6) else (e & dead if B6 else e & alive)
                            if B7 or S7:
                                e = h1 & lo11
                                res |= e if (B7 and S7) else (e & dead if B7 else e & alive)
                            if B8 or S8:
                                res |= c3 if (B8 and S8) else (c3 & dead if B8 else c3 & alive)
                            dst[y, j] = res
                    dst[y, nw - 1] &= tail
            src, dst = dst, src
        return src

    # Numba names a function's on-disk cache index after its qualified name. Every rule's kernel would share
    # one index and, when processes compile different rules at once, one could load another rule's kernel.
    step_n.__qualname__ = f"step_b{bm:03x}_s{sm:03x}"
    return njit(cache=True, parallel=True, nogil=True, boundscheck=False)(step_n)


@njit(cache=True, parallel=True, nogil=True, boundscheck=False)
def _step_table(src, dst, n, wrap, lastbit, tail, code, out, nbands, vals):  # pragma: no cover - compiled
    """``n`` generations of any 3×3 rule given as a circuit (``circuit.Program``). Each band works on blocks of
    rows: the nine neighbourhood bit-planes of a block go to value slots 0..8 of the band's ``vals`` (word
    ``(y - first row) * nw + j``), and the program then runs over the whole block, long enough to vectorise."""
    h, nw = src.shape
    per = max(1, vals.shape[2] // nw)  # rows per block
    for _ in range(n):
        for band in prange(nbands):
            y0 = band * h // nbands
            y1 = (band + 1) * h // nbands
            v = vals[band]
            for yb in range(y0, y1, per):
                ye = min(yb + per, y1)
                for y in range(yb, ye):
                    base = (y - yb) * nw
                    for dy in range(3):
                        rr = y + dy - 1
                        if rr < 0:
                            rr = h - 1 if wrap else -1
                        elif rr >= h:
                            rr = 0 if wrap else -1
                        k = 3 * dy
                        if rr < 0:  # beyond a dead border
                            for j in range(nw):
                                v[k, base + j] = _ZERO
                                v[k + 1, base + j] = _ZERO
                                v[k + 2, base + j] = _ZERO
                            continue
                        for j in (0, nw - 1):
                            c = src[rr, j]
                            left = c << _ONE
                            right = c >> _ONE
                            if j > 0:
                                left |= src[rr, j - 1] >> _TOP
                            elif wrap:
                                left |= (src[rr, nw - 1] >> lastbit) & _ONE
                            if j < nw - 1:
                                right |= src[rr, j + 1] << _TOP
                            elif wrap:
                                right |= (src[rr, 0] & _ONE) << lastbit
                            v[k, base + j] = left
                            v[k + 1, base + j] = c
                            v[k + 2, base + j] = right
                        for j in range(1, nw - 1):
                            c = src[rr, j]
                            v[k, base + j] = (c << _ONE) | (src[rr, j - 1] >> _TOP)
                            v[k + 1, base + j] = c
                            v[k + 2, base + j] = (c >> _ONE) | (src[rr, j + 1] << _TOP)
                _run_program(code, v, (ye - yb) * nw)
                for y in range(yb, ye):
                    base = (y - yb) * nw
                    for j in range(nw):
                        dst[y, j] = v[out, base + j]
                    dst[y, nw - 1] &= tail
        src, dst = dst, src
    return src


# Boards of at most this many words (256x256 cells) step on one thread.
SERIAL_WORDS = 256 * 4


def kernel_for(rule: Rule):
    """The compiled multi-generation step kernel for ``rule`` (compiled on first use, cached on disk)."""
    key = (rule.birth_mask, rule.survival_mask)
    k = _KERNELS.get(key)
    if k is None:
        k = _KERNELS[key] = _build_kernel(*key)
    return k


def step_words(words: np.ndarray, width: int, rule: Rule, n: int, wrap: bool, scratch=None) -> np.ndarray:
    """Advance a bit-packed board ``n`` generations; returns the new board (``words`` or ``scratch``).

    ``words``: C-contiguous uint64[h, words_for(width)] with zero tail bits. ``wrap``: torus, else dead border.
    ``scratch``: an array like ``words`` to use as the second buffer (allocated when None). The input may be
    overwritten.
    """
    h, nw = words.shape
    if n <= 0 or h == 0 or nw == 0:
        return words
    if scratch is None:
        scratch = np.empty_like(words)
    threads = numba.get_num_threads()
    serial = threads > 1 and h * nw <= SERIAL_WORDS
    if serial:  # a small board: waking the threads costs more than the generation itself
        numba.set_num_threads(1)
    try:
        nbands = max(1, min(h, 4 * numba.get_num_threads()))
        lastbit = np.uint64((width - 1) % 64)
        if not rule.is_life_like:
            prog = program_for(rule)
            if h * width * n >= _COMPILE_AT:  # long enough to pay for compiling the rule's own kernel
                kernel = compiled_kernel(prog)
                if kernel is not None:
                    return kernel(words, scratch, n, wrap, lastbit, bitpack.tail_mask(width), nbands,
                                  np.zeros(nw, dtype=np.uint64))
            block = max(nw, _BLOCK_WORDS // nw * nw)
            vals = np.empty((nbands, prog.slots, block), dtype=np.uint64)
            return _step_table(words, scratch, n, wrap, lastbit, bitpack.tail_mask(width), prog.code, prog.out,
                               nbands, vals)
        ring = np.empty((nbands, 6, nw), dtype=np.uint64)
        return kernel_for(rule)(words, scratch, n, wrap, lastbit, bitpack.tail_mask(width), nbands, ring)
    finally:
        if serial:
            numba.set_num_threads(threads)


_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


@njit(cache=True, inline="always")
def _span(words, r, a, b):  # pragma: no cover - compiled
    """Set bits of row r in columns a <= c < b (0 <= a < b <= the row's width)."""
    ja, jb = a >> 6, (b - 1) >> 6
    lo = _ALL << np.uint64(a & 63)
    hi = _ALL >> np.uint64(63 - ((b - 1) & 63))
    if ja == jb:
        return _popcnt(words[r, ja] & lo & hi)
    n = _popcnt(words[r, ja] & lo) + _popcnt(words[r, jb] & hi)
    for j in range(ja + 1, jb):
        n += _popcnt(words[r, j])
    return n


@njit(cache=True, inline="always")
def _board_row(r, rows, wrap):  # pragma: no cover - compiled
    """Board row r of a board of ``rows`` rows: wrapped on a torus, -1 when off a bounded board."""
    if wrap:
        return r % rows
    return r if 0 <= r < rows else -1


@njit(cache=True, parallel=True, nogil=True, boundscheck=False)
def _block_counts(words, width, wrap, r0, c0, scale, out):  # pragma: no cover - compiled
    """out[by, bx] += live cells of the scale×scale block whose top-left is board cell (r0 + by*scale,
    c0 + bx*scale); a torus wraps, else cells off the board are dead."""
    h, w = out.shape
    rows = words.shape[0]
    for by in prange(h):
        for dy in range(scale):
            r = _board_row(r0 + by * scale + dy, rows, wrap)
            if r < 0:
                continue
            for bx in range(w):
                a = c0 + bx * scale
                b = a + scale
                n = np.uint64(0)
                if wrap:
                    while a < b:  # one span per copy of the row the block overlaps
                        aa = a % width
                        e = min(b - a, width - aa)
                        n += _span(words, r, aa, aa + e)
                        a += e
                else:
                    a, b = max(a, 0), min(b, width)
                    if a < b:
                        n = _span(words, r, a, b)
                out[by, bx] += n


@njit(cache=True, parallel=True, nogil=True, boundscheck=False)
def _block_counts_aligned(words, wrap, r0, c0, scale, out):  # pragma: no cover - compiled
    """``_block_counts`` when the blocks lie on the board's columns (0 <= c0, c0 + w*scale <= width) and align
    with its words (c0 % scale == 0 and scale divides 64; scales 8 to 64 and multiples of 64 take
    ``_block_counts_lanes``): a pass over the words with one popcount per block part, instead of one masked
    span per block and row."""
    h, w = out.shape
    rows = words.shape[0]
    j0 = c0 >> 6
    j1 = (c0 + w * scale - 1) >> 6
    per = 64 // scale if scale < 64 else 1
    mask = _ALL >> np.uint64(64 - scale) if scale < 64 else _ALL
    sh = np.uint64(scale if scale < 64 else 0)
    for by in prange(h):
        for dy in range(scale):
            r = _board_row(r0 + by * scale + dy, rows, wrap)
            if r < 0:
                continue
            for j in range(j0, j1 + 1):
                x = words[r, j]
                if x == 0:
                    continue
                if scale >= 64:
                    out[by, (64 * j - c0) // scale] += _popcnt(x)
                else:
                    bx = (64 * j - c0) // scale
                    for _ in range(per):
                        if 0 <= bx < w:
                            out[by, bx] += _popcnt(x & mask)
                        x >>= sh
                        bx += 1


_M1, _M2, _M4 = np.uint64(0x5555555555555555), np.uint64(0x3333333333333333), np.uint64(0x0F0F0F0F0F0F0F0F)
_M8, _M32 = np.uint64(0x00FF00FF00FF00FF), np.uint64(0x00000000FFFFFFFF)


@njit(cache=True, inline="always")
def _add_lanes(acc, row, scale):  # pragma: no cover - compiled
    """acc[k] += the set bits of each ``scale``-bit lane of row[k], each count in its own lane (scale 8, 16, 32)
    or the word's popcount (scale >= 64). One plain loop per scale over indices from 0 (no negative-index
    wrap-around to check), so LLVM vectorises it."""
    if scale == 8:
        for k in range(acc.shape[0]):
            x = row[k]
            x = x - ((x >> _ONE) & _M1)
            x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
            acc[k] += (x + (x >> np.uint64(4))) & _M4
    elif scale == 16:
        for k in range(acc.shape[0]):
            x = row[k]
            x = x - ((x >> _ONE) & _M1)
            x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
            x = (x + (x >> np.uint64(4))) & _M4
            acc[k] += (x + (x >> np.uint64(8))) & _M8
    elif scale == 32:
        for k in range(acc.shape[0]):
            x = row[k]
            acc[k] += _popcnt(x & _M32) | (_popcnt(x >> np.uint64(32)) << np.uint64(32))
    else:
        for k in range(acc.shape[0]):
            acc[k] += _popcnt(row[k])


@njit(cache=True, nogil=True, boundscheck=False)
def _block_counts_lanes(words, wrap, r0, c0, scale, out):  # pragma: no cover - compiled
    """``_block_counts_aligned`` for scale 8, 16, 32 (blocks on lanes of the words, c0 % scale == 0) and
    multiples of 64 (c0 % 64 == 0): each block row adds its rows' lane counts into one accumulator per word (a
    lane of s bits holds at most s*s, which fits), then splits the lanes into blocks. One thread on purpose:
    the pass is memory-bound (about a millisecond for 2^28 cells), and a parallel region on a busy machine
    waits for a descheduled thread far longer than that."""
    h, w = out.shape
    rows = words.shape[0]
    j0 = c0 >> 6
    nj = ((c0 + w * scale - 1) >> 6) - j0 + 1
    acc = np.empty(nj, dtype=np.uint64)
    per = 64 // scale if scale < 64 else 1
    group = scale // 64 if scale >= 64 else 1
    mask = _ALL >> np.uint64(64 - scale) if scale < 64 else _ALL
    sh = np.uint64(scale if scale < 64 else 0)
    for by in range(h):
        acc[:] = 0
        for dy in range(scale):
            r = _board_row(r0 + by * scale + dy, rows, wrap)
            if r < 0:
                continue
            _add_lanes(acc, words[r, j0:j0 + nj], scale)
        if scale >= 64:
            for bx in range(w):
                n = _ZERO
                for k in range(bx * group, (bx + 1) * group):
                    n += acc[k]
                out[by, bx] = n
        else:
            for k in range(nj):
                x = acc[k]
                bx = (64 * (j0 + k) - c0) // scale
                for _ in range(per):
                    if 0 <= bx < w:
                        out[by, bx] = x & mask
                    x >>= sh
                    bx += 1


def block_counts(words: np.ndarray, width: int, wrap: bool, r0: int, c0: int, w: int, h: int,
                 scale: int) -> np.ndarray:
    """int64[h, w]: live cells of each ``scale``×``scale`` block of a bit-packed board (``words``, ``width``
    cells wide), block (0, 0) starting at board row ``r0``, column ``c0``; ``wrap``: a torus, else dead outside.
    Reads each word of the covered area once per block row, so the cost follows the board, not the zoom."""
    out = np.zeros((int(h), int(w)), dtype=np.uint64)
    if h and w and words.size and width:
        r0, c0, scale = int(r0), int(c0), int(scale)
        on_board = 0 <= c0 and c0 + w * scale <= width
        if on_board and ((scale in (8, 16, 32) and c0 % scale == 0) or (scale % 64 == 0 and c0 % 64 == 0)):
            _block_counts_lanes(words, bool(wrap), r0, c0, scale, out)
        elif on_board and scale < 64 and 64 % scale == 0 and c0 % scale == 0:
            _block_counts_aligned(words, bool(wrap), r0, c0, scale, out)
        else:
            _block_counts(words, int(width), bool(wrap), r0, c0, scale, out)
    return out.astype(np.int64)


def board_bytes(width: int, height: int) -> int:
    """Bytes a stepped ``Board`` of width × height cells holds at its peak: two word buffers, the kernel's row
    ring (a few rows per thread band) and one unpacked row (``live_box``)."""
    nw = bitpack.words_for(width)
    return 16 * height * nw + 8 * 6 * nw * min(height, 4 * numba.config.NUMBA_NUM_THREADS) + width


class Board:
    """A bit-packed rectangle of cells whose top-left cell is at (x0, y0); torus when ``wrap``, else dead
    outside. Shared by the dense (torus/bounded) and plane engines."""

    def __init__(self, width: int, height: int, x0: int, y0: int, wrap: bool, words=None):
        self.width, self.height, self.x0, self.y0, self.wrap = int(width), int(height), int(x0), int(y0), wrap
        shape = (self.height, bitpack.words_for(self.width))
        self.words = np.zeros(shape, dtype=np.uint64) if words is None else words
        self._scratch = None

    @classmethod
    def from_grid(cls, grid, x0, y0, wrap=False) -> "Board":
        """A board holding bool[h, w] ``grid`` with its top-left cell at (x0, y0)."""
        h, w = grid.shape
        return cls(w, h, x0, y0, wrap, bitpack.pack(grid))

    @property
    def population(self) -> int:
        return bitpack.popcount(self.words)

    def step(self, rule: Rule, n: int) -> None:
        """Advance ``n`` generations in place."""
        if self._scratch is None or self._scratch.shape != self.words.shape:
            self._scratch = np.empty_like(self.words)
        out = step_words(self.words, self.width, rule, n, self.wrap, self._scratch)
        if out is not self.words:
            self.words, self._scratch = out, self.words

    def or_block(self, r: int, c: int, grid) -> None:
        """Make alive the cells of bool[h, w] ``grid`` placed at board row ``r``, column ``c`` (inside the board)."""
        packed = bitpack.pack(grid, shift=c & 63)
        self.words[r:r + packed.shape[0], c >> 6:(c >> 6) + packed.shape[1]] |= packed

    def live_box(self):
        """(row0, row1, col0, col1) bounds (exclusive ends) of the live cells in board coordinates, or None."""
        rows = np.flatnonzero(self.words.any(axis=1))
        if len(rows) == 0:
            return None
        r0, r1 = int(rows[0]), int(rows[-1]) + 1
        used = np.bitwise_or.reduce(self.words[r0:r1], axis=0)
        cols = np.flatnonzero(bitpack.unpack(used[None, :], self.width)[0])
        return r0, r1, int(cols[0]), int(cols[-1]) + 1

    def bbox(self):
        """(x, y, width, height) of the live cells in absolute coordinates, or None."""
        b = self.live_box()
        if b is None:
            return None
        r0, r1, c0, c1 = b
        return (c0 + self.x0, r0 + self.y0, c1 - c0, r1 - r0)

    def crop(self, r0, r1, c0, c1) -> np.ndarray:
        """bool[r1 - r0, c1 - c0] of board cells (board coordinates, inside the board)."""
        j0, j1 = c0 // 64, (c1 + 63) // 64
        block = bitpack.unpack(self.words[r0:r1, j0:j1], (j1 - j0) * 64)
        return block[:, c0 - 64 * j0:c1 - 64 * j0]

    def cells(self) -> np.ndarray:
        b = self.live_box()
        if b is None:
            return np.zeros((0, 2), dtype=np.int64)
        r0, r1, c0, c1 = b
        ys, xs = np.nonzero(self.crop(r0, r1, c0, c1))
        return np.stack([xs + c0 + self.x0, ys + r0 + self.y0], axis=1).astype(np.int64)

    def region(self, x0, y0, w, h) -> np.ndarray:
        if self.wrap:
            # corners reduced first (Python ints), so that any integer corner works
            rows = (np.arange(h) + (y0 - self.y0) % self.height) % self.height
            c0 = (x0 - self.x0) % self.width
            if c0 + w <= self.width:  # no wrap in x: unpack only the words covering the columns
                j0, j1 = c0 // 64, (c0 + w + 63) // 64
                block = bitpack.unpack(self.words[rows, j0:j1], (j1 - j0) * 64)
                return block[:, c0 - 64 * j0:c0 - 64 * j0 + w]
            cols = (np.arange(w) + c0) % self.width
            return bitpack.unpack(self.words[rows], self.width)[:, cols]
        out = np.zeros((h, w), dtype=bool)
        ax0, ay0 = max(x0, self.x0), max(y0, self.y0)
        ax1, ay1 = min(x0 + w, self.x0 + self.width), min(y0 + h, self.y0 + self.height)
        if ax0 < ax1 and ay0 < ay1:
            out[ay0 - y0:ay1 - y0, ax0 - x0:ax1 - x0] = self.crop(ay0 - self.y0, ay1 - self.y0,
                                                                  ax0 - self.x0, ax1 - self.x0)
        return out

    def inside(self, xs, ys) -> np.ndarray:
        """bool mask: which absolute cells (xs, ys) lie on the board."""
        return (xs >= self.x0) & (xs < self.x0 + self.width) & (ys >= self.y0) & (ys < self.y0 + self.height)

    def set_cells(self, xs, ys, alive: bool) -> None:
        """Set absolute cells (wrapped on a torus; the caller ensures they lie on a non-wrapping board)."""
        xs, ys = xs - self.x0, ys - self.y0
        if self.wrap:
            xs, ys = xs % self.width, ys % self.height
        # one OR (or AND-NOT) per word: sort cells by bit position, then add up each word's distinct bits
        key = np.sort((ys * self.words.shape[1] + xs // 64) * 64 + xs % 64)  # fast when already in order
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
        word = key >> 6
        starts = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        idx = word[starts]
        bits = np.add.reduceat(np.left_shift(np.uint64(1), (key & 63).astype(np.uint64)), starts)
        flat = self.words.reshape(-1)
        if alive:
            flat[idx] |= bits
        else:
            flat[idx] &= ~bits


class BoardUniverse(Universe):
    """Shared by the engines that keep their cells on one ``Board`` (``self._board``)."""

    fast_density = True  # counted from the words by a Numba kernel (``block_counts``)

    @property
    def population(self) -> int:
        return self._board.population

    @property
    def bbox(self):
        return self._board.bbox()

    def cells(self) -> np.ndarray:
        return self._board.cells()

    def region(self, x0, y0, w, h):
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        return self._board.region(x0, y0, w, h)

    def density(self, x0, y0, w, h, scale):
        x0, y0, w, h, scale = self._check_region(w, h, x0, y0, scale=scale, itemsize=16)
        b = self._board
        r0, c0 = y0 - b.y0, x0 - b.x0  # Python ints: any corner is valid
        if b.wrap:
            r0, c0 = r0 % max(b.height, 1), c0 % max(b.width, 1)
        elif c0 >= b.width or r0 >= b.height or c0 + w * scale <= 0 or r0 + h * scale <= 0:
            return np.zeros((h, w))  # the blocks miss the board
        if scale > max(b.width, b.height) or max(abs(c0), abs(r0), w * scale, h * scale) >= 1 << 62:
            return Universe.density(self, x0, y0, w, h, scale)  # blocks larger than the board: read it as cells
        return block_counts(b.words, b.width, b.wrap, r0, c0, w, h, scale) / float(scale * scale)


class DenseUniverse(BoardUniverse):
    """A finite grid stored as one bit-packed board, stepped by the Numba kernels: a torus or bounded grid
    directly, every other Golly grid (a shifted torus, Klein bottle, cross-surface, sphere) on a board one cell
    larger all round whose border is filled from the cells it stands for (``life.grids``) before each
    generation and cleared after it."""

    name = "dense"
    topologies = ("torus", "bounded", "klein", "cross", "sphere")
    any_rule = True

    def __init__(self, pattern: Pattern, topology: Topology):
        super().__init__(pattern.rule, topology)
        if not topology.is_finite:
            raise EngineError(f"the dense engine needs a finite grid, not {topology}")
        self._check_grid(pattern, topology, board_bytes(topology.width, topology.height))
        self._generation = pattern.generation
        w, h = topology.width, topology.height
        if topology.is_glued:
            self._board = Board(w + 2, h + 2, topology.x0 - 1, topology.y0 - 1, False)
            bx, by = border(w, h)
            sx, sy, _ = glue(topology, bx, by)
            # board coordinates of each border cell and of the cell it copies
            self._ghost = (by + 1, (bx + 1) >> 6, ((bx + 1) & 63).astype(np.uint64),
                           sy + 1, (sx + 1) >> 6, ((sx + 1) & 63).astype(np.uint64))
            self._edge = ((w + 1) >> 6, np.uint64(1) << np.uint64((w + 1) & 63))
        else:
            self._board = Board(w, h, topology.x0, topology.y0, topology.kind == "torus")
            self._ghost = None
        self.set_cells(pattern.cells)

    def step(self, n: int = 1):
        n = self._check_n(n)
        if n and self._ghost is None:
            self._board.step(self._rule, n)
        else:
            for _ in range(n):
                self._fill_border()
                self._board.step(self._rule, 1)
                self._clear_border()
        self._generation += n
        return self

    def _fill_border(self):
        words = self._board.words
        gy, gj, gb, sy, sj, sb = self._ghost
        bits = (words[sy, sj] >> sb) & np.uint64(1)
        np.bitwise_or.at(words, (gy, gj), bits << gb)

    def _clear_border(self):
        words = self._board.words
        words[0] = 0
        words[-1] = 0
        words[:, 0] &= ~np.uint64(1)
        j, bit = self._edge
        words[:, j] &= ~bit

    def set_block(self, x0, y0, grid):
        grid = np.asarray(grid, dtype=bool)
        t, b = self._topology, self._board
        (h, w), c, r = grid.shape, int(x0) - t.x0, int(y0) - t.y0
        if t.kind == "torus" and not t.shift and w <= t.width and h <= t.height:
            c, r = c % t.width, r % t.height
            cw, rh = min(w, t.width - c), min(h, t.height - r)  # the parts past an edge wrap to row/column 0
            for pr, pc, part in ((r, c, grid[:rh, :cw]), (0, c, grid[rh:, :cw]), (r, 0, grid[:rh, cw:]),
                                 (0, 0, grid[rh:, cw:])):
                if part.size:
                    b.or_block(pr, pc, part)
        elif t.kind != "torus" and 0 <= c <= t.width - w and 0 <= r <= t.height - h:
            k = 0 if self._ghost is None else 1  # glued grids keep a border ring round the cells
            b.or_block(r + k, c + k, grid)
        else:
            super().set_block(x0, y0, grid)  # cells off the grid: the generic path wraps or refuses them

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        t, b = self._topology, self._board
        if t.kind == "torus" and not t.shift:
            b.set_cells(c[:, 0], c[:, 1], alive)
            return
        xs, ys = c[:, 0] - t.x0, c[:, 1] - t.y0
        if t.kind == "torus":
            xs, ys = xs % t.width, ys % t.height
        elif np.any((xs < 0) | (xs >= t.width) | (ys < 0) | (ys >= t.height)):
            what = "bounded grid" if t.kind == "bounded" else f"{t.kind} grid"
            raise EngineError(f"cells lie outside the {t.width}x{t.height} {what} "
                              f"(x {t.x0}..{t.x0 + t.width - 1}, y {t.y0}..{t.y0 + t.height - 1})")
        b.set_cells(xs + t.x0, ys + t.y0, alive)
