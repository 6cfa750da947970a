"""Editing the window's universe: strokes of painted (or erased) cells, and undo/redo of edits and state changes.

A stroke arrives as operations (begin, paint cells, end) queued until the universe is free (no step, save or
replacement in flight), then applied in order: each cell's state before the stroke is remembered the first time
the stroke touches it, so the finished stroke becomes one ``Edit`` record in the history (``life.ui.history``).
Undo and redo move one record between the history's stacks: an Edit is applied in place, a ``Change`` (a whole
state: before running, a soup, a clear, a rule, a file) is rebuilt on the controller's worker. No pygame here:
the window turns mouse positions into cells (``stroke_cells``).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from . import text as T
from .history import Change, Edit, Snapshot

__all__ = ["Editor", "stroke_cells"]

_REGION_MAX = 1 << 20  # cells: read a stroke's old states as one region up to this size, else cell by cell


def _line(p0, p1) -> list:
    """Integer points from p0 to p1 inclusive (Bresenham), for strokes between two mouse positions."""
    (x0, y0), (x1, y1) = p0, p1
    n = max(abs(x1 - x0), abs(y1 - y0))
    if n == 0:
        return [(x0, y0)]
    t = np.arange(n + 1) / n
    xs = np.rint(x0 + (x1 - x0) * t).astype(np.int64)
    ys = np.rint(y0 + (y1 - y0) * t).astype(np.int64)
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def stroke_cells(p0, p1, cell_at) -> list:
    """The cells a pointer moving from pixel ``p0`` to ``p1`` passes over, in order, without repeats in a row;
    ``cell_at(px, py) -> (x, y)`` maps a pixel to its cell."""
    (lx, ly), (x, y) = p0, p1
    cells = []
    last_cell = None
    for px, py in _line((int(lx), int(ly)), (int(x), int(y))):
        c = cell_at(px, py)
        if c != last_cell:
            cells.append(c)
            last_cell = c
    return cells


class Editor:
    """Strokes and undo/redo on a ``Controller``'s universe (``life.ui.controller``), which owns one Editor."""

    def __init__(self, sim):
        self.sim = sim
        self._ops: deque = deque()  # stroke operations waiting for the universe to be free
        self._edit = None  # the stroke's cells and their states before it, as applied to the universe

    @property
    def queued(self) -> bool:
        """True while stroke operations wait for the universe."""
        return bool(self._ops)

    # ------------------------------------------------------------------ strokes
    def begin(self, erase: bool, cells) -> None:
        """Queue the start of a stroke that paints (``erase``: clears) ``cells``, a list of (x, y)."""
        self._ops.append(("begin", erase))
        self._ops.append(("paint", cells))

    def paint(self, cells) -> None:
        """Queue more (x, y) cells for the stroke in progress."""
        self._ops.append(("paint", cells))

    def end(self) -> None:
        """Queue the end of the stroke: it becomes one undo record."""
        self._ops.append(("end",))

    def set_cells(self, coords, alive: bool = True) -> None:
        """A programmatic edit of ``coords`` (N×2) recorded for undo like a stroke."""
        self.begin(not alive, [tuple(map(int, c)) for c in np.asarray(coords).reshape(-1, 2)])
        self.end()
        self.flush()

    def flush(self) -> None:
        """Apply the queued operations when the universe is free (else they wait for the controller's next
        ``collect``)."""
        if not self.sim.universe_free:
            return
        while self._ops:
            op = self._ops.popleft()
            if op[0] == "begin":
                self._edit = {"erase": op[1], "cells": {}, "order": []}
                self.sim.run_open = False
            elif op[0] == "paint":
                self._paint(op[1])
            elif op[0] == "end":
                self._end_edit()

    def _paint(self, cells) -> None:
        e = self._edit
        if e is None:
            return
        sim = self.sim
        u = sim.universe
        alive = not e["erase"]
        topo = u.topology
        out = []
        for x, y in cells:
            if topo.kind == "torus":
                x = (x - topo.x0) % topo.width + topo.x0
                y = (y - topo.y0) % topo.height + topo.y0
            elif topo.kind == "bounded" and not (topo.x0 <= x < topo.x0 + topo.width
                                                 and topo.y0 <= y < topo.y0 + topo.height):
                sim.notify(T.tr(sim.lang, "outside_grid"), error=True)
                continue
            if (x, y) not in e["cells"]:
                out.append((x, y))
        if not out:
            return
        arr = np.array(out, dtype=np.int64)
        x0, y0 = arr.min(axis=0)
        x1, y1 = arr.max(axis=0)
        if (x1 - x0 + 1) * (y1 - y0 + 1) <= _REGION_MAX:
            reg = u.region(int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1))
            before = reg[arr[:, 1] - y0, arr[:, 0] - x0]
        else:
            before = np.array([u.region(int(x), int(y), 1, 1)[0, 0] for x, y in out], dtype=bool)
        for (x, y), b in zip(out, before.tolist(), strict=True):
            e["cells"][(x, y)] = b
            e["order"].append((x, y))
        change = before != alive
        if change.any():
            u.set_cells(arr[change], alive)
            sim.version += 1
            sim.unsaved = True

    def _end_edit(self) -> None:
        e, self._edit = self._edit, None
        if not e or not e["order"]:
            return
        alive = not e["erase"]
        cells = np.array(e["order"], dtype=np.int64)
        before = np.array([e["cells"][c] for c in e["order"]], dtype=bool)
        changed = before != alive
        if not changed.any():
            return
        self.sim.history.push(Edit(cells[changed], before[changed], np.full(int(changed.sum()), alive),
                                   e["erase"]))
        self.sim.run_open = False

    # ------------------------------------------------------------------ areas (the selection)
    def read_area(self, rect, then) -> None:
        """Call ``then(bool[h, w])`` with the cells of ``rect`` (x, y, w, h) once the universe is free."""
        x, y, w, h = rect
        self.sim.when_free(lambda: then(self.sim.universe.region(x, y, w, h)))

    def set_area(self, x: int, y: int, grid: np.ndarray, erase: bool = False, clear=None) -> None:
        """Make the cells of the w×h area at (x, y) equal to bool[h, w] ``grid``, after killing the cells of the
        rectangle ``clear`` (x, y, w, h) when given (a rotated selection leaves its old place); one undoable Edit.
        Cells beyond a bounded grid are dropped."""
        sim = self.sim

        def act():
            u = sim.universe
            parts = []  # (x, y, wanted bool[h, w]) areas, the cleared one first
            if clear is not None:
                cx, cy, cw, ch = clear
                parts.append((cx, cy, np.zeros((ch, cw), dtype=bool)))
            parts.append((x, y, np.asarray(grid, dtype=bool)))
            coords, states = [], []
            for px, py, g in parts:
                ys, xs = np.indices(g.shape)
                coords.append(np.stack([xs.ravel() + px, ys.ravel() + py], axis=1).astype(np.int64))
                states.append(g.ravel())
            cells, after = np.concatenate(coords), np.concatenate(states)
            topo = u.topology
            if topo.kind == "torus":
                cells = (cells - [topo.x0, topo.y0]) % [topo.width, topo.height] + [topo.x0, topo.y0]
            elif topo.kind == "bounded":
                keep = ((cells[:, 0] >= topo.x0) & (cells[:, 0] < topo.x0 + topo.width)
                        & (cells[:, 1] >= topo.y0) & (cells[:, 1] < topo.y0 + topo.height))
                cells, after = cells[keep], after[keep]
            if len(cells) == 0:
                return
            # a cell named twice (cleared, then part of the new contents) takes its last state
            _, last = np.unique(cells[::-1], axis=0, return_index=True)
            pick = len(cells) - 1 - last
            cells, after = cells[pick], after[pick]
            lo, hi = cells.min(axis=0), cells.max(axis=0)
            reg = u.region(int(lo[0]), int(lo[1]), int(hi[0] - lo[0] + 1), int(hi[1] - lo[1] + 1))
            before = reg[cells[:, 1] - lo[1], cells[:, 0] - lo[0]]
            changed = before != after
            if not changed.any():
                return
            rec = Edit(cells[changed], before[changed], after[changed], erase)
            rec.apply(u)
            sim.history.push(rec)
            sim.version += 1
            sim.unsaved = True
            sim.run_open = False

        sim.when_free(act)

    # ------------------------------------------------------------------ undo, redo
    def undo(self) -> None:
        """Z: undo the last edit or state change."""
        self._travel(undo=True)

    def redo(self) -> None:
        """Shift+Z, Ctrl+Y: redo what undo undid."""
        self._travel(undo=False)

    def _travel(self, undo: bool) -> None:
        """Move one record from the undo stack to the redo stack (or back), restoring its state."""
        sim = self.sim
        sim.stop()
        word = "undo" if undo else "redo"
        src, dst = (sim.history.undo, sim.history.redo) if undo else (sim.history.redo, sim.history.undo)

        def act():
            if not src:
                sim.notify(T.tr(sim.lang, f"nothing_{word}"))
                return
            rec = src.pop()
            sim.run_open = False
            if isinstance(rec, Edit):
                rec.apply(sim.universe, undo=undo)
                sim.version += 1
                dst.append(rec)
                sim.notify(T.tr(sim.lang, word, what=T.tr(sim.lang, "erase" if rec.erase else "edit")))
                return
            if undo:
                rec.after = Snapshot.take(sim.universe, sim.name)
            what = self._change_label(rec)
            sim.restore(rec.before if undo else rec.after,
                        on_done=lambda: (dst.append(rec), sim.notify(T.tr(sim.lang, word, what=what))),
                        on_error=lambda err: self._restore_failed(rec, err, src))

        sim.when_free(act)

    def _change_label(self, rec: Change) -> str:
        lang = self.sim.lang
        if rec.label == "run" and rec.after is not None:
            return T.tr(lang, "run", a=T.fmt_int(rec.before.generation, lang),
                        b=T.fmt_int(rec.after.generation, lang))
        return rec.label

    def _restore_failed(self, rec, err, stack) -> None:
        stack.append(rec)
        self.sim.report(err)
