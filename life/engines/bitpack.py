"""Pack and unpack between bool[h, w] grids and rows of uint64 words (1 bit per cell).

Bit ``i`` of word ``j`` in a row is the cell at column ``64 * j + i`` (least significant bit leftmost). Bits past
the grid's width in the last word of a row are always zero.
"""

from __future__ import annotations

import numpy as np
from numba import types
from numba.extending import intrinsic

__all__ = ["words_for", "pack", "unpack", "tail_mask", "popcount", "popcnt"]


@intrinsic
def popcnt(typingctx, x):
    """Inside Numba kernels: the population count of a uint64, as the CPU's popcnt instruction where it has one
    (the engines' one bit-count for words)."""
    if x != types.uint64:
        return None

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return types.uint64(types.uint64), codegen


def words_for(width: int) -> int:
    """Number of uint64 words that hold ``width`` cells."""
    return (int(width) + 63) // 64


def tail_mask(width: int) -> np.uint64:
    """Mask of the valid bits in the last word of a row ``width`` cells wide."""
    r = int(width) % 64
    return np.uint64(0xFFFFFFFFFFFFFFFF if r == 0 else (1 << r) - 1)


def pack(grid: np.ndarray, shift: int = 0) -> np.ndarray:
    """bool[h, w] -> uint64[h, words_for(shift + w)] (C-contiguous), column x at bit ``shift + x``."""
    grid = np.asarray(grid, dtype=bool)
    if grid.ndim != 2:
        raise ValueError(f"pack needs a 2-D grid, got shape {grid.shape}")
    h, w = grid.shape
    nw = words_for(shift + w)
    if h == 0 or nw == 0:
        return np.zeros((h, nw), dtype=np.uint64)
    if shift or w != nw * 64:
        padded = np.zeros((h, nw * 64), dtype=bool)
        padded[:, shift:shift + w] = grid
        grid = padded
    b = np.packbits(grid, axis=1, bitorder="little")
    return np.ascontiguousarray(b).view("<u8").astype(np.uint64, copy=False)


def unpack(words: np.ndarray, width: int) -> np.ndarray:
    """uint64[h, nw] -> bool[h, width]."""
    words = np.ascontiguousarray(words, dtype=np.uint64)
    h = words.shape[0]
    if h == 0 or width == 0:
        return np.zeros((h, width), dtype=bool)
    b = words.astype("<u8", copy=False).view(np.uint8)
    return np.unpackbits(b, axis=1, count=width, bitorder="little").view(bool)


def popcount(words: np.ndarray) -> int:
    """Number of set bits in an array of uint64 words."""
    return int(np.bitwise_count(words).sum(dtype=np.int64))
