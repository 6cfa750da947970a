"""The window's selection (Golly's edit basics): a rectangle of cells, and what can be done to its contents.

``SelectTool`` holds the selected rectangle and the clipboard and does select all, copy, cut, paste, rotate,
flip, random fill and clear, reading and writing the cells through the controller's editor (``Editor.set_area``:
one undoable record per operation). ``transformed(grid, op)`` rotates or flips the bool[h, w] contents of a
selection; ``random_fill`` fills one with a soup; ``clip`` keeps a rectangle inside a bounded grid. Pure logic,
no pygame: the window maps mouse positions to cells and draws the rectangle.
"""

from __future__ import annotations

import numpy as np

from . import text as T

__all__ = ["SelectTool", "OPS", "normalize", "transformed", "random_fill", "clip", "MAX_CELLS"]

OPS = ("rotate_cw", "rotate_ccw", "flip_x", "flip_y")
MAX_CELLS = 1 << 26  # the largest selection read at once (64 M cells; 8 MB of bools per copy)


def normalize(x0: int, y0: int, x1: int, y1: int) -> tuple:
    """(x, y, w, h) of the rectangle with corners at cells (x0, y0) and (x1, y1), both included."""
    x, y = min(x0, x1), min(y0, y1)
    return (x, y, abs(x1 - x0) + 1, abs(y1 - y0) + 1)


def transformed(grid: np.ndarray, op: str) -> np.ndarray:
    """The contents ``grid`` rotated a quarter turn clockwise or anticlockwise, or flipped left-right (flip_x)
    or top-bottom (flip_y). Raises ValueError for another op."""
    if op == "rotate_cw":
        return np.rot90(grid, -1)
    if op == "rotate_ccw":
        return np.rot90(grid, 1)
    if op == "flip_x":
        return grid[:, ::-1]
    if op == "flip_y":
        return grid[::-1, :]
    raise ValueError(f"unknown selection operation {op!r}: choose from {', '.join(OPS)}")


def random_fill(w: int, h: int, density: float = 0.5, rng=None) -> np.ndarray:
    """bool[h, w] with each cell alive with probability ``density``."""
    rng = np.random.default_rng() if rng is None else rng
    return rng.random((h, w)) < density


def clip(rect, topology):
    """``rect`` (x, y, w, h) cut to a bounded grid's cells (others as they are); None when nothing is left."""
    x, y, w, h = rect
    if topology.kind == "bounded":
        x1, y1 = min(x + w, topology.x0 + topology.width), min(y + h, topology.y0 + topology.height)
        x, y = max(x, topology.x0), max(y, topology.y0)
        w, h = x1 - x, y1 - y
    return (x, y, w, h) if w > 0 and h > 0 else None


class SelectTool:
    """The selection of one window's controller ``sim``: ``rect`` (x, y, w, h, or None) and ``clipboard``."""

    def __init__(self, sim):
        self.sim = sim
        self.rect = None
        self.clipboard = None  # bool[h, w] copied with Ctrl+C / Ctrl+X
        self._from = None  # the cell where a Ctrl + drag began

    @property
    def dragging(self) -> bool:
        """True while a Ctrl + drag is selecting."""
        return self._from is not None

    def begin(self, cell) -> None:
        """Ctrl + button down on ``cell``: a new selection starts there."""
        self._from = cell
        self.rect = normalize(*cell, *cell)

    def drag(self, cell, done: bool = False) -> None:
        """The pointer is over ``cell``: the selection spans from where it began to here (``done``: released)."""
        self.rect = normalize(*self._from, *cell)
        if done:
            self._from = None

    def _selected(self):
        """The selection cut to the grid, or None (with a hint) when there is none."""
        rect = clip(self.rect, self.sim.universe.topology) if (self.rect and self.sim.universe) else None
        if rect is None or rect[2] * rect[3] > MAX_CELLS:
            self.sim.notify(T.tr(self.sim.lang, "no_selection"), error=rect is not None)
            return None
        return rect

    def select_all(self) -> None:
        """Ctrl+A: select the live cells' bounding box (the grid when empty)."""
        def act():
            u = self.sim.universe
            box = u.bbox or ((u.topology.x0, u.topology.y0, u.topology.width, u.topology.height)
                             if u.topology.is_finite else None)
            self.rect = box

        self.sim.stop()
        self.sim.when_free(act)

    def copy(self, cut: bool = False) -> None:
        """Ctrl+C / Ctrl+X: copy the selection's cells (and with ``cut`` kill them, undoably)."""
        rect = self._selected()
        if rect is None:
            return

        def got(grid):
            self.clipboard = grid.copy()
            self.sim.notify(T.tr(self.sim.lang, "copied", n=T.fmt_int(int(grid.sum()), self.sim.lang)))
            if cut:
                self.sim.editor.set_area(rect[0], rect[1], np.zeros_like(grid), erase=True)

        self.sim.stop()
        self.sim.editor.read_area(rect, got)

    def paste(self, at) -> None:
        """Ctrl+V: add the copied cells with their top-left corner at cell ``at`` (the cursor's), undoably;
        the pasted area becomes the selection."""
        if self.clipboard is None:
            self.sim.notify(T.tr(self.sim.lang, "nothing_to_paste"), error=True)
            return
        x, y = at
        cells = self.clipboard
        self.sim.stop()

        def got(old):
            self.sim.editor.set_area(x, y, old | cells)
            self.rect = (x, y, cells.shape[1], cells.shape[0])

        self.sim.editor.read_area((x, y, cells.shape[1], cells.shape[0]), got)

    def transform(self, op: str) -> None:
        """. , X Shift+X: rotate or flip the selection's cells about its centre, undoably."""
        rect = self._selected()
        if rect is None:
            return
        x, y, w, h = rect

        def got(grid):
            new = transformed(grid, op)
            nh, nw = new.shape
            nx, ny = x + (w - nw) // 2, y + (h - nh) // 2
            self.sim.editor.set_area(nx, ny, new, clear=rect)
            self.rect = (nx, ny, nw, nh)

        self.sim.stop()
        self.sim.editor.read_area(rect, got)

    def fill(self, alive: bool = True) -> None:
        """Shift+R / Delete: fill the selection with a random soup (density 0.5) or clear it, undoably."""
        rect = self._selected()
        if rect is None:
            return
        x, y, w, h = rect
        grid = random_fill(w, h) if alive else np.zeros((h, w), dtype=bool)
        self.sim.stop()
        self.sim.editor.set_area(x, y, grid, erase=not alive)
