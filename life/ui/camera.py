"""The window's camera: which cell sits at the window's centre and how many pixels a cell takes.

Zoom levels are powers of two, as in Golly: ``2**e`` pixels per cell, from ``2**MIN_EXP`` (one pixel covers
``2**-MIN_EXP`` cells each way, shaded by density) to ``2**MAX_EXP``. Zoomed in, the top-left corner is snapped to
whole pixels so cells keep whole-pixel edges; zoomed out it is snapped to whole pixel blocks, so a still pattern
keeps its shading while the view pans.
"""

from __future__ import annotations

import math

from ..render import Viewport

__all__ = ["Camera", "MIN_EXP", "MAX_EXP", "FIT_MAX_EXP"]

MIN_EXP = -20
MAX_EXP = 7  # 128 pixels per cell: key 8
FIT_MAX_EXP = 5  # fitting never zooms in past 32 pixels per cell (Golly's largest scale)


class Camera:
    """Centre (``cx``, ``cy``) in cell coordinates (floats) and zoom exponent ``exp`` (``2**exp`` px per cell)."""

    def __init__(self, cx: float = 0.0, cy: float = 0.0, exp: int = 0, min_exp: int = MIN_EXP):
        self.cx, self.cy = float(cx), float(cy)
        self.min_exp = int(min_exp)
        self.exp = self._clamp(exp)

    def _clamp(self, exp: int) -> int:
        return max(self.min_exp, min(MAX_EXP, int(exp)))

    @property
    def zoom(self) -> float:
        """Pixels per cell (a power of two)."""
        return 2.0 ** self.exp

    def state(self) -> tuple:
        """(cx, cy, exp): compare two states to see whether the view moved."""
        return (self.cx, self.cy, self.exp)

    def origin(self, width: int, height: int) -> tuple:
        """Cell coordinates (x0, y0) at the top-left corner of a width×height window (snapped, see module)."""
        if self.exp >= 0:
            z = self.zoom
            return (math.floor((self.cx - width / (2 * z)) * z) / z,
                    math.floor((self.cy - height / (2 * z)) * z) / z)
        k = 2 ** -self.exp
        return (math.floor((self.cx - width * k / 2) / k) * k, math.floor((self.cy - height * k / 2) / k) * k)

    def viewport(self, width: int, height: int) -> Viewport:
        """The render Viewport of a width×height window."""
        x0, y0 = self.origin(width, height)
        return Viewport(x0, y0, int(width), int(height), self.zoom)

    def cell_at(self, px: float, py: float, width: int, height: int) -> tuple:
        """The (x, y) cell under pixel (px, py); zoomed out, the top-left cell of the pixel's block."""
        x0, y0 = self.origin(width, height)
        z = self.zoom
        return (math.floor(x0 + math.floor(px) / z + (0.5 / z if z >= 1 else 0.0)),
                math.floor(y0 + math.floor(py) / z + (0.5 / z if z >= 1 else 0.0)))

    def pixel_of(self, x: float, y: float, width: int, height: int) -> tuple:
        """Window pixel (floats) where cell coordinate (x, y) lands."""
        x0, y0 = self.origin(width, height)
        return ((x - x0) * self.zoom, (y - y0) * self.zoom)

    def zoom_to(self, exp: int, anchor=None, size=None) -> None:
        """Zoom to ``2**exp`` px per cell keeping the point under window pixel ``anchor`` (default: the centre)
        where it is. ``size``: the window's (width, height), needed with an anchor."""
        new = self._clamp(exp)
        if new == self.exp:
            return
        if anchor is not None and size is not None:
            w, h = size
            ax, ay = anchor[0] - w / 2, anchor[1] - h / 2  # anchor relative to the centre, in pixels
            wx, wy = self.cx + ax / self.zoom, self.cy + ay / self.zoom  # the world point under it
            self.exp = new
            self.cx, self.cy = wx - ax / self.zoom, wy - ay / self.zoom
        else:
            self.exp = new

    def zoom_by(self, steps: int, anchor=None, size=None) -> None:
        """Zoom in (steps > 0) or out by powers of two around ``anchor`` (see ``zoom_to``)."""
        self.zoom_to(self.exp + steps, anchor, size)

    def pan(self, dx_px: float, dy_px: float) -> None:
        """Move the view so the picture moves by (dx_px, dy_px) pixels (drag semantics)."""
        self.cx -= dx_px / self.zoom
        self.cy -= dy_px / self.zoom

    def fit(self, box, width: int, height: int, margin: float = 0.05) -> None:
        """Centre on ``box`` (x, y, w, h in cells) at the largest zoom that shows it whole with ``margin``
        (a fraction of the window, at least two cells) around it. ``None`` centres on the origin at 8 pixels
        per cell, a comfortable size to draw at."""
        if box is None:
            self.cx, self.cy = 0.5, 0.5
            self.exp = max(self.min_exp, min(MAX_EXP, 3))
            return
        x, y, w, h = box
        self.cx, self.cy = x + w / 2, y + h / 2
        avail_w = max(1.0, width * (1 - 2 * margin))
        avail_h = max(1.0, height * (1 - 2 * margin))
        ratio = min(avail_w / (w + 4), avail_h / (h + 4))
        exp = math.floor(math.log2(ratio)) if ratio > 0 else self.min_exp
        self.exp = max(self.min_exp, min(FIT_MAX_EXP, exp))
