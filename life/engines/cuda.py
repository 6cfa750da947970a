"""GPU engine: a bit-packed torus or bounded grid that lives on a CUDA device, stepped by numba-cuda kernels.

Optional at run time. Without numba-cuda, a CUDA driver or a GPU, ``CudaUniverse`` raises
EngineError("cuda backend unavailable: <reason>"); nothing imports numba.cuda before a cuda universe is asked
for. numba's simulator (``NUMBA_ENABLE_CUDASIM=1``, set before numba.cuda is imported) runs the same kernels on the
CPU, slowly: the tests use it on small boards.

The board is the dense engine's layout (see ``bitpack``) in device memory, plus a second buffer to step into. One
launch advances up to ``levels`` generations (temporal blocking in registers, see ``_cuda_kernels``), so a
generation costs a fraction of a read and a write of the board. Population, the live extent, regions and
zoomed-out densities are reduced on the device; only what is asked for is copied back.
"""

from __future__ import annotations

import numpy as np

from ..errors import one_line
from ..pattern import Pattern
from ..rules import Rule, Topology
from . import bitpack
from .base import EngineError, Universe

__all__ = ["CudaUniverse", "unavailable_reason"]

_PROBE: dict = {}  # "reason": why the backend is unavailable (None: it works); "kernels": the kernels module
_THREADS = 256     # threads per block of the reduction and copy kernels
_ROWS_PER_THREAD = 64


def unavailable_reason() -> str | None:
    """Why the cuda backend cannot run here (one line), or None when it can. The first call imports numba.cuda
    and initialises the driver; the answer is remembered."""
    if "reason" not in _PROBE:
        _PROBE["reason"] = _probe()
    return _PROBE["reason"]


def _probe() -> str | None:
    import importlib.util

    try:
        found = importlib.util.find_spec("numba_cuda") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        return "numba-cuda is not installed (pip install 'life[cuda]')"
    if not hasattr(np, "row_stack"):
        np.row_stack = np.vstack  # numba and numba-cuda still register np.row_stack, which numpy 2.5 removed
    try:
        from numba import cuda
    except Exception as e:  # noqa: BLE001 - a broken install is a reason, not a crash
        return f"numba.cuda failed to import: {one_line(e)}"
    try:
        if not cuda.is_available():
            err = cuda.cuda_error()
            return f"no usable CUDA GPU ({one_line(err)})" if err else "no CUDA GPU found"
        from . import _cuda_kernels
    except Exception as e:  # noqa: BLE001 - numba raises assorted driver errors
        return one_line(e)
    _PROBE["kernels"] = _cuda_kernels
    return None


def _kernels():
    reason = unavailable_reason()
    if reason is not None:
        raise EngineError(f"cuda backend unavailable: {reason}")
    return _PROBE["kernels"]


def _halo(width: int, wrap: bool, gens: int) -> int:
    """Threads at each end of a block that only feed their neighbours: enough word columns to hold ``gens``
    valid cells. A torus repeats its columns, so a halo may be the short tail word or, for boards at most 64
    wide, copies of the one word."""
    if not wrap:
        return 1  # beyond the grid is the dead border itself; inside, a halo is a word of 64 cells
    nw = bitpack.words_for(width)
    if nw == 1:
        return -(-gens // width)
    return 1 if width - 64 * (nw - 1) >= gens else 2


def launch_shape(width: int, height: int, wrap: bool, gens: int, levels: int, blocks: int, threads: int = 256):
    """(threads per block, halo, blocks across, rows per strip, strips) for a step launch of ``gens``
    generations by the ``levels``-generation kernel, aiming at about ``blocks`` blocks of at most ``threads``
    threads (or the fewest above the halos) in all."""
    nw = bitpack.words_for(width)
    halo = _halo(width, wrap, gens)
    if nw + 2 * halo <= min(32, threads):
        bw, nbx = nw + 2 * halo, 1
    else:  # the warp multiple that launches the fewest threads in all (ties: the wider block, fewer halos)
        best = None
        for bw in [b for b in range(32, threads + 1, 32) if b > 2 * halo] or [max(threads, 2 * halo + 1)]:
            nbx = -(-nw // (bw - 2 * halo))
            if best is None or nbx * bw <= best[0] * best[1]:
                best = (nbx, bw)
        nbx, bw = best
    # Each strip re-reads 3 * levels rows around it: keep strips at least 4 * levels rows where the board allows.
    nby = max(1, min(-(-blocks // nbx), height // (4 * levels)))
    strip = -(-height // nby)
    return bw, halo, nbx, strip, -(-height // strip)


def _grid(n: int):
    tpb = max(1, min(_THREADS, n))
    return -(-n // tpb), tpb


class CudaUniverse(Universe):
    """A torus or bounded grid on a CUDA GPU, stepped ``levels`` generations per kernel launch.

    ``levels`` (a power of two, 1..16) is the most generations one launch advances, ``blocks`` the number of
    thread blocks a step launch aims at (None: what the device holds at once), ``threads`` the most threads per
    block. They tune speed only (and let the tests cut small boards into many blocks).
    """

    name = "cuda"
    topologies = ("torus", "bounded")
    fast_density = True  # counted on the device: a whole 65536² board in one pass, only the image comes back
    levels = 4
    blocks = None
    threads = 256

    def __init__(self, pattern: Pattern, topology: Topology):
        self._k = _kernels()
        super().__init__(pattern.rule, topology)
        if topology.kind not in self.topologies or not topology.is_finite or topology.is_glued:
            raise EngineError(f"the cuda engine needs a finite torus or bounded grid, not {topology}")
        from numba import cuda

        self._cuda = cuda
        self._generation = pattern.generation
        self._width, self._height = topology.width, topology.height
        self._wrap = topology.kind == "torus"
        shape = (self._height, bitpack.words_for(self._width))
        self._check_grid(pattern, topology, 8 * shape[0] * shape[1])  # a host copy of the board (cells())
        try:
            self._words = cuda.device_array(shape, dtype=np.uint64)
            self._scratch = cuda.device_array(shape, dtype=np.uint64)
        except Exception as e:  # noqa: BLE001 - the driver's out-of-memory error
            raise EngineError(f"cannot hold a {self._width}x{self._height} board on the GPU: {one_line(e)}") \
                from None
        self._launch(self._k.zero, shape[0] * shape[1], self._words)
        self._shapes = {}
        self.set_cells(pattern.cells)

    @classmethod
    def from_packed(cls, words, rule: Rule, topology: Topology) -> CudaUniverse:
        """A universe whose board is ``words`` (uint64[height, words_for(width)] in the ``bitpack`` layout;
        bits past the width are ignored), uploaded as a whole: for boards too big to list cell by cell."""
        u = cls(Pattern(np.zeros((0, 2), dtype=np.int64), rule=rule), topology)
        words = np.asarray(words)
        if words.shape != u._words.shape or words.dtype != np.uint64:
            raise EngineError(f"packed board must be uint64{list(u._words.shape)}, "
                              f"got {words.dtype}{list(words.shape)}")
        words = np.array(words, order="C")
        words[:, -1] &= bitpack.tail_mask(u._width)
        u._words.copy_to_device(words)
        return u

    # -- launches --------------------------------------------------------------------------------------------
    def _launch(self, kernel, n, *args):
        if n > 0:
            blocks, tpb = _grid(n)
            kernel[blocks, tpb](*args)

    def _device_blocks(self, kernel, bw, shared):
        """Blocks of ``bw`` threads the device runs at once (one wave), from the compiled kernel's registers."""
        dev = self._cuda.get_current_device()
        sms = getattr(dev, "MULTIPROCESSOR_COUNT", None)
        if not sms:
            return 1  # the simulator: one strip per launch
        per_sm = 4  # before the first compile, or where the driver lacks an attribute: a reasonable guess
        try:
            regs = kernel.get_regs_per_thread()
            regs = max(regs.values()) if isinstance(regs, dict) else int(regs)
            warps = -(-bw // 32)
            per_warp = -(-max(regs, 1) * 32 // 256) * 256  # registers are handed out per warp, 256 at a time
            per_sm = min(dev.MAX_THREADS_PER_MULTIPROCESSOR // (32 * warps),
                         dev.MAX_REGISTERS_PER_MULTIPROCESSOR // (per_warp * warps),
                         dev.MAX_SHARED_MEMORY_PER_MULTIPROCESSOR // max(shared, 1),
                         dev.MAX_BLOCKS_PER_MULTIPROCESSOR)
        except Exception:  # noqa: BLE001, S110 - the guess stands
            pass
        return max(1, per_sm) * sms

    def _shape(self, kernel, gens, levels):
        args = (self._width, self._height, self._wrap, gens, levels)
        bw = launch_shape(*args, 1, self.threads)[0]
        blocks = self.blocks or self._device_blocks(kernel, bw, self._k.shared_bytes(levels, bw))
        return launch_shape(*args, blocks, self.threads)

    def _step_launch(self, gens: int) -> None:
        levels = 1
        while levels < gens:
            levels *= 2
        edges = "bounded" if not self._wrap else "torus64" if self._width % 64 == 0 else "torus"
        kernel = self._k.step_kernel(self._rule.birth_mask, self._rule.survival_mask, levels, edges)
        key = (gens, levels, self.blocks, self.threads)
        bw, halo, nbx, strip, nby = self._shapes.get(key) or self._shape(kernel, gens, levels)
        kernel[(nbx, nby), bw, 0, self._k.shared_bytes(levels, bw)](
            self._words, self._scratch, self._height, self._words.shape[1], np.uint64((self._width - 1) % 64),
            bitpack.tail_mask(self._width), strip, halo, gens)
        self._words, self._scratch = self._scratch, self._words
        if key not in self._shapes:  # compiled now, so the shape can count the kernel's registers
            self._shapes[key] = self._shape(kernel, gens, levels)

    # -- the Universe interface ------------------------------------------------------------------------------
    def step(self, n: int = 1):
        n = self._check_n(n)
        levels = int(self.levels)
        if levels < 1 or levels > 16 or levels & (levels - 1):
            raise EngineError(f"levels must be a power of two from 1 to 16, got {self.levels}")
        left = n
        while left > 0:
            gens = min(left, levels)
            self._step_launch(gens)
            left -= gens
        self._cuda.synchronize()
        self._generation += n
        return self

    @property
    def population(self) -> int:
        cuda = self._cuda
        out = cuda.to_device(np.zeros(1, dtype=np.int64))
        n = self._words.shape[0] * self._words.shape[1]
        blocks, tpb = _grid(n)
        sms = getattr(cuda.get_current_device(), "MULTIPROCESSOR_COUNT", None) or 1
        self._k.popcount[min(blocks, 8 * sms), tpb](self._words, out)
        return int(out.copy_to_host()[0])

    def _extent(self):
        """(row0, row1, col0, col1) bounds (exclusive ends) of the live cells in board coordinates, or None."""
        cuda = self._cuda
        h, nw = self._words.shape
        rows = cuda.to_device(np.array([h, -1], dtype=np.int64))
        cols = cuda.to_device(np.zeros(nw, dtype=np.uint64))
        chunk = _ROWS_PER_THREAD
        self._launch(self._k.extent, nw * -(-h // chunk), self._words, chunk, rows, cols)
        r0, r1 = (int(v) for v in rows.copy_to_host())
        if r1 < 0:
            return None
        used = np.flatnonzero(bitpack.unpack(cols.copy_to_host()[None, :], self._width)[0])
        return r0, r1 + 1, int(used[0]), int(used[-1]) + 1

    @property
    def bbox(self):
        e = self._extent()
        if e is None:
            return None
        r0, r1, c0, c1 = e
        return (c0 + self._topology.x0, r0 + self._topology.y0, c1 - c0, r1 - r0)

    def _gather(self, bx: int, by: int, w: int, h: int) -> np.ndarray:
        """bool[h, w] of the board from board cell (bx, by); wraps on a torus, dead off a bounded grid."""
        if w == 0 or h == 0:
            return np.zeros((h, w), dtype=bool)
        if self._wrap:
            bx %= self._width
        out = self._cuda.device_array((h, bitpack.words_for(w)), dtype=np.uint64)
        self._launch(self._k.gather, out.shape[0] * out.shape[1], self._words, self._width, self._wrap,
                     bx, by, w, out)
        return bitpack.unpack(out.copy_to_host(), w)

    def cells(self) -> np.ndarray:
        e = self._extent()
        if e is None:
            return np.zeros((0, 2), dtype=np.int64)
        r0, r1, c0, c1 = e
        ys, xs = np.nonzero(self._gather(c0, r0, c1 - c0, r1 - r0))
        t = self._topology
        return np.stack([xs + c0 + t.x0, ys + r0 + t.y0], axis=1).astype(np.int64)

    def region(self, x0, y0, w, h) -> np.ndarray:
        x0, y0, w, h, _ = self._check_region(w, h, x0, y0)
        bx, by = x0 - self._topology.x0, y0 - self._topology.y0
        if self._wrap:
            bx, by = bx % self._width, by % self._height
        elif not (-w < bx < self._width and -h < by < self._height):  # no overlap: keep int64 args small
            return np.zeros((h, w), dtype=bool)
        return self._gather(bx, by, w, h)

    def density(self, x0, y0, w, h, scale) -> np.ndarray:
        """float64[h, w]: the fraction of live cells in each scale × scale block, block (i, j) covering
        x0 + j*scale <= x < x0 + (j+1)*scale and likewise in y (on a torus the coordinates wrap; off a bounded
        grid cells are dead). Counted on the device; only the h × w counts come back."""
        x0, y0, w, h, scale = self._check_region(w, h, x0, y0, scale=scale, itemsize=16)
        if w == 0 or h == 0:
            return np.zeros((h, w), dtype=np.float64)
        bx, by = int(x0) - self._topology.x0, int(y0) - self._topology.y0
        if self._wrap:
            bx %= self._width
        cuda = self._cuda
        chunk = _ROWS_PER_THREAD
        nq = -(-scale // chunk)
        out = cuda.device_array((h, w), dtype=np.int64)
        if nq > 1:
            self._launch(self._k.zero, h * w, out)
        self._launch(self._k.block_counts, h * w * nq, self._words, self._width, self._wrap, bx, by, scale,
                     chunk, out)
        return out.copy_to_host() / float(scale * scale)

    def set_cells(self, coords, alive=True):
        c = self._coords(coords)
        if len(c) == 0:
            return
        t = self._topology
        xs, ys = c[:, 0] - t.x0, c[:, 1] - t.y0
        if self._wrap:
            xs, ys = xs % self._width, ys % self._height
        elif ((xs < 0) | (xs >= self._width) | (ys < 0) | (ys >= self._height)).any():
            raise EngineError(f"cells lie outside the {self._width}x{self._height} bounded grid "
                              f"(x {t.x0}..{t.x0 + self._width - 1}, y {t.y0}..{t.y0 + self._height - 1})")
        # one OR (or AND-NOT) per distinct word, so the device edits need no atomics
        nw = self._words.shape[1]
        key = np.unique((ys * nw + xs // 64) * 64 + xs % 64)
        word = key >> 6
        starts = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        bits = np.add.reduceat(np.left_shift(np.uint64(1), (key & 63).astype(np.uint64)), starts)
        cuda = self._cuda
        self._launch(self._k.apply_bits, len(starts), self._words, cuda.to_device(word[starts]),
                     cuda.to_device(bits), bool(alive))
