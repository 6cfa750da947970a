"""Render a region of a Universe into an image of palette indices.

``render(universe, viewport)`` returns ``uint8[height, width]`` palette indices; a theme's ``palette`` (or
``to_rgb``) turns them into colours, so the same frame can be shown in any theme and written as a palette (mode
"P") image. The indices are:

- ``DEAD`` (0): background;
- ``1 .. LIVE``: live cells; zoomed in every live cell is ``LIVE``, zoomed out a pixel gets the shade
  ``ceil(LIVE * fraction of live cells it covers)``, so any live cell leaves a visible mark;
- ``GRID``: grid lines (zoom >= ``GRID_MIN_ZOOM`` only: below that there is no room between cells);
- ``OUTSIDE``: pixels wholly outside a bounded grid (a torus wraps instead).

A ``Viewport`` places the image: its top-left pixel shows cell (``x0``, ``y0``) and each cell is ``zoom`` pixels
wide (zoom < 1: each pixel covers ``1 / zoom`` cells in each direction). Only the covered area is read, in bands, so
memory stays bounded; sparse patterns over huge areas are binned from their live cells instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import LifeError
from .limits import check_memory

__all__ = ["Viewport", "Theme", "THEMES", "RenderError", "render", "render_rgb", "to_rgb", "palette",
           "choose_zoom", "fit_viewport", "parse_zoom", "DEAD", "LIVE", "GRID", "OUTSIDE", "NCOLORS",
           "GRID_MIN_ZOOM", "MAX_ZOOM", "MAX_PIXELS"]

DEAD = 0
LIVE = 16
GRID = LIVE + 1
OUTSIDE = LIVE + 2
NCOLORS = OUTSIDE + 1
GRID_MIN_ZOOM = 3
MAX_ZOOM = 64
MAX_PIXELS = 1 << 28
"""Largest image rendered (pixels); a bigger one would need GBs per frame."""

_BAND_CELLS = 1 << 24  # cells read per region() call when zoomed out: bounds temporary memory to ~16 MB
_SPARSE = 64  # bin live cells instead of reading the area when the area exceeds population * _SPARSE


class RenderError(LifeError):
    """A viewport or zoom that cannot be rendered (non-positive zoom, image too large...)."""


@dataclass(frozen=True)
class Viewport:
    """The part of the universe an image shows.

    ``x0``, ``y0``: cell coordinates at the image's top-left corner (may be fractional when zoomed in);
    ``width``, ``height``: image size in pixels; ``zoom``: pixels per cell (< 1: each pixel covers ``1 / zoom``
    cells in each direction).
    """

    x0: float
    y0: float
    width: int
    height: int
    zoom: float = 1.0

    def __post_init__(self):
        if not (isinstance(self.zoom, (int, float)) and math.isfinite(self.zoom) and self.zoom > 0):
            raise RenderError(f"zoom must be a positive number, got {self.zoom!r}")
        if self.width < 0 or self.height < 0:
            raise RenderError(f"image size {self.width}x{self.height} is negative")
        if self.width * self.height > MAX_PIXELS:
            raise RenderError(f"image {self.width}x{self.height} is too large (at most {MAX_PIXELS} pixels)")
        # palette indices, the RGB copy and the cells read for it: about 8 bytes per pixel at the peak
        check_memory(8 * self.width * self.height, f"a {self.width}x{self.height} image", RenderError)

    @classmethod
    def centered(cls, cx: float, cy: float, width: int, height: int, zoom: float) -> "Viewport":
        """A viewport of ``width``×``height`` pixels centred on cell coordinates (cx, cy). The corner is snapped
        to whole cells (zoom >= 1) or whole pixel blocks (zoom = 1/k), so still life stays still between frames."""
        step = 1.0 if zoom >= 1 else max(1.0, round(1 / zoom))
        x0 = math.floor((cx - width / (2 * zoom)) / step) * step
        y0 = math.floor((cy - height / (2 * zoom)) / step) * step
        return cls(int(x0), int(y0), int(width), int(height), zoom)

    @property
    def cells(self) -> tuple:
        """(x0, y0, w, h): the whole cells the image touches."""
        ex, ey = _edges(self.x0, self.width, self.zoom), _edges(self.y0, self.height, self.zoom)
        return int(ex[0]), int(ey[0]), int(ex[-1] - ex[0]), int(ey[-1] - ey[0])


@dataclass(frozen=True)
class Theme:
    """Colours as (r, g, b) bytes: background, live cells, grid lines, outside a bounded grid."""

    name: str
    dead: tuple
    live: tuple
    grid: tuple
    outside: tuple

    @property
    def palette(self) -> np.ndarray:
        """uint8[NCOLORS, 3]: the colour of each palette index. Shades ramp from a faint tint to ``live`` with a
        gamma that keeps sparse areas visible."""
        return self.shades(0.25)

    def shades(self, floor: float) -> np.ndarray:
        """``palette`` with the faintest shade (index 1) at least ``floor`` (0..1) of the way to ``live``."""
        t = np.concatenate([[0.0], floor + (1 - floor) * (np.arange(1, LIVE + 1) / LIVE) ** 0.8])
        dead, live = np.array(self.dead, float), np.array(self.live, float)
        ramp = dead + (live - dead) * t[:, None]
        pal = np.vstack([ramp, [self.grid], [self.outside]])
        return np.clip(np.rint(pal), 0, 255).astype(np.uint8)


THEMES = {
    "dark": Theme("dark", dead=(12, 14, 22), live=(255, 208, 90), grid=(44, 48, 62), outside=(36, 20, 24)),
    "light": Theme("light", dead=(250, 250, 244), live=(22, 28, 52), grid=(212, 214, 222), outside=(226, 216, 206)),
}


def palette(theme="dark") -> np.ndarray:
    """uint8[NCOLORS, 3] colours of ``theme`` (a name from THEMES or a Theme). Raises RenderError."""
    return _theme(theme).palette


def to_rgb(indices: np.ndarray, theme="dark") -> np.ndarray:
    """uint8[h, w, 3]: palette indices from ``render`` coloured with ``theme``."""
    return palette(theme)[indices]


def _theme(theme) -> Theme:
    if isinstance(theme, Theme):
        return theme
    try:
        return THEMES[theme]
    except KeyError:
        raise RenderError(f"unknown theme {theme!r}: choose from {', '.join(THEMES)}") from None


def parse_zoom(text) -> float:
    """Parse a zoom: pixels per cell, ``4``, ``0.25`` or ``1/16``. Raises RenderError."""
    s = str(text).strip()
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            z = float(num) / float(den)
        else:
            z = float(s)
    except (ValueError, ZeroDivisionError):
        raise RenderError(f"bad zoom {text!r}: expected pixels per cell such as 4, 0.25 or 1/16") from None
    if not (math.isfinite(z) and 0 < z <= MAX_ZOOM):
        raise RenderError(f"bad zoom {text!r}: must be above 0 and at most {MAX_ZOOM}")
    return z


def choose_zoom(w_cells: float, h_cells: float, w_px: int, h_px: int, max_zoom: int = 16) -> float:
    """The largest zoom from the ladder 1/k (k whole) .. 1, 2, .. ``max_zoom`` that fits w_cells×h_cells cells
    into w_px×h_px pixels."""
    z = min(w_px / max(w_cells, 1), h_px / max(h_cells, 1))
    if z >= 1:
        return float(min(int(z), max_zoom))
    return 1.0 / math.ceil(1.0 / z - 1e-9)


def fit_viewport(bbox, width: int, height: int, zoom: float | None = None, margin: int = 2,
                 max_zoom: int = 16) -> Viewport:
    """A ``width``×``height`` viewport centred on ``bbox`` (x, y, w, h), zoomed to fit it with ``margin`` cells
    around it unless ``zoom`` is given (then the largest ladder zoom fitting the box plus 2 cells into the image
    less 2 pixels, which absorbs the corner snapping). An empty bbox (None) centres on the origin."""
    if bbox is None:
        bbox = (0, 0, 1, 1)
    x, y, w, h = bbox
    if zoom is not None:
        return Viewport.centered(x + w / 2, y + h / 2, width, height, zoom)
    # Snapping the corner to whole cells (or pixel blocks) moves the view by up to one cell (or pixel), so keep
    # two to spare: the centring leaves half of the slack on each side.
    zoom = choose_zoom(w + 2 * margin + 2, h + 2 * margin + 2, max(1, width - 2), max(1, height - 2), max_zoom)
    return Viewport.centered(x + w / 2, y + h / 2, width, height, zoom)


def _edges(origin: float, npx: int, zoom: float) -> np.ndarray:
    """Cell coordinate where each pixel starts, plus one past the end: int64[npx + 1]."""
    p = np.arange(npx + 1, dtype=np.int64)
    k = round(1 / zoom) if zoom < 1 else 0
    if k and abs(1 / zoom - k) <= 1e-9 * k:
        # zoom = 1/k: whole blocks of k cells, in exact integers (1/zoom itself may be inexact in floats)
        if float(origin).is_integer():
            return int(origin) + p * k
        return np.floor(origin + (p * k).astype(float)).astype(np.int64)
    return np.floor(origin + p / zoom).astype(np.int64)


def _cell_starts(origin: float, npx: int, zoom: float) -> np.ndarray:
    """Indices of the pixels where a new cell begins (zoom >= 1)."""
    e = _edges(origin - 1 / zoom, npx + 1, zoom)  # cell of pixel -1, 0, 1, ...
    return np.flatnonzero(e[1:-1] != e[:-2])


def render(universe, viewport: Viewport, grid: bool = False) -> np.ndarray:
    """uint8[viewport.height, viewport.width] palette indices for what ``viewport`` shows of ``universe``.

    Zoom >= 1 draws cells (with grid lines when ``grid`` and zoom >= GRID_MIN_ZOOM); zoom < 1 shades each pixel
    by the fraction of live cells it covers. Reads the universe through ``region`` (and ``cells`` for sparse
    patterns over large areas) only.
    """
    vp = viewport
    if vp.width == 0 or vp.height == 0:
        return np.zeros((vp.height, vp.width), dtype=np.uint8)
    ex, ey = _edges(vp.x0, vp.width, vp.zoom), _edges(vp.y0, vp.height, vp.zoom)
    if vp.zoom >= 1:
        out = _render_cells(universe, ex, ey, vp)
        if grid and vp.zoom >= GRID_MIN_ZOOM:
            out[:, _cell_starts(vp.x0, vp.width, vp.zoom)] = GRID
            out[_cell_starts(vp.y0, vp.height, vp.zoom), :] = GRID
    else:
        out = _render_density(universe, ex, ey)
    topo = universe.topology
    if topo.kind == "bounded":
        # A pixel is outside when it covers no cell of the grid (zoomed in it covers exactly cell ex[p]).
        hx, hy = np.maximum(ex[1:], ex[:-1] + 1), np.maximum(ey[1:], ey[:-1] + 1)
        ox = (hx <= topo.x0) | (ex[:-1] >= topo.x0 + topo.width)
        oy = (hy <= topo.y0) | (ey[:-1] >= topo.y0 + topo.height)
        out[oy[:, None] | ox[None, :]] = OUTSIDE
    return out


def render_rgb(universe, viewport: Viewport, theme="dark", grid: bool = False) -> np.ndarray:
    """uint8[h, w, 3]: ``render`` coloured with ``theme``."""
    return to_rgb(render(universe, viewport, grid), theme)


def _render_cells(universe, ex, ey, vp: Viewport) -> np.ndarray:
    cx, cy = ex[:-1], ey[:-1]  # the cell each pixel shows
    x0, y0 = int(cx[0]), int(cy[0])
    reg = universe.region(x0, y0, int(cx[-1]) - x0 + 1, int(cy[-1]) - y0 + 1)
    if float(vp.zoom).is_integer() and float(vp.x0).is_integer() and float(vp.y0).is_integer():
        # Whole pixels per cell, aligned: replicate each cell z×z times (one copy, no index arrays).
        z = int(vp.zoom)
        cells = reg.view(np.uint8) * np.uint8(LIVE)
        if z == 1:
            return cells
        h, w = cells.shape
        big = np.broadcast_to(cells[:, None, :, None], (h, z, w, z)).reshape(h * z, w * z)
        return np.ascontiguousarray(big[:vp.height, :vp.width])
    lut = np.array([DEAD, LIVE], dtype=np.uint8)
    return lut[reg.view(np.uint8)][np.ix_(cy - y0, cx - x0)]


def _render_density(universe, ex, ey) -> np.ndarray:
    h, w = len(ey) - 1, len(ex) - 1
    X0, Y0 = int(ex[0]), int(ey[0])
    W, H = int(ex[-1]) - X0, int(ey[-1]) - Y0
    bw, bh = ex[1:] - ex[:-1], ey[1:] - ey[:-1]
    if universe.fast_density and np.all(bw == bw[0]) and np.all(bh == bw[0]):
        frac = universe.density(X0, Y0, w, h, int(bw[0]))
        return np.clip(np.ceil(frac * LIVE), frac > 0, LIVE).astype(np.uint8)
    # (over a live background, as B0 rules on the plane have every other generation, only region() is finite)
    if universe.topology.kind != "torus" and not universe.background \
            and W * H > _SPARSE * max(universe.population, 1):
        counts = _bin_cells(universe.cells(), ex, ey)
    else:
        counts = None
        rows = max(1, _BAND_CELLS // max(W, 1))  # cell rows per band
        if int((ey[1:] - ey[:-1]).max()) * W > MAX_PIXELS:
            raise RenderError(f"a {W}x{H}-cell view at this zoom reads too many cells per pixel row; "
                              "zoom in or make the image narrower")
        r = 0
        while r < h:
            # as many pixel rows as fit in the band (at least one)
            r1 = max(r + 1, int(np.searchsorted(ey, ey[r] + rows, side="right")) - 1)
            r1 = min(r1, h)
            band = universe.region(X0, int(ey[r]), W, int(ey[r1] - ey[r]))
            part = _block_sum(band, ex - X0, ey[r:r1 + 1] - ey[r])
            if counts is None:
                counts = np.empty((h, w), dtype=part.dtype)
            counts[r:r1] = part
            r = r1
    return _shade(counts, bw, bh)


def _shade(counts: np.ndarray, bw: np.ndarray, bh: np.ndarray) -> np.ndarray:
    """ceil(LIVE * fraction of live cells): any live cell shows, a full block is LIVE."""
    kx, ky = int(bw[0]), int(bh[0])
    if kx * ky <= 1 << 16 and np.all(bw == kx) and np.all(bh == ky):
        # Uniform blocks: one small table instead of per-pixel int64 divisions.
        area = kx * ky
        table = ((np.arange(area + 1, dtype=np.int64) * LIVE + area - 1) // area).astype(np.uint8)
        return table[counts]
    if int(bw.max()) * int(bh.max()) < 1 << 58:  # in integers while they cannot overflow
        area = bw[None, :] * bh[:, None]
        return ((counts.astype(np.int64) * LIVE + area - 1) // area).astype(np.uint8)
    shade = np.ceil(counts / (bw[None, :].astype(float) * bh[:, None]) * LIVE)
    return np.clip(shade, counts > 0, LIVE).astype(np.uint8)


def _block_sum(a: np.ndarray, ex: np.ndarray, ey: np.ndarray) -> np.ndarray:
    """Live cells per pixel block of bool[H, W] ``a``; ``ex``/``ey`` are block edges starting at 0."""
    h, w = len(ey) - 1, len(ex) - 1
    kx, ky = int(ex[1] - ex[0]), int(ey[1] - ey[0])
    a8 = a.view(np.uint8)
    if (ex[-1] == kx * w and ey[-1] == ky * h and np.all(np.diff(ex) == kx) and np.all(np.diff(ey) == ky)):
        # Uniform blocks. Summing along a short axis (reshape(..., k).sum) is slow in numpy; k strided
        # whole-array adds vectorise, so use them for small blocks and the reshape for large ones.
        dt = np.uint16 if kx * ky < 1 << 16 else np.uint32 if kx * ky < 1 << 32 else np.uint64
        if ky <= 16:
            rows = a8[0::ky].astype(dt)
            for j in range(1, ky):
                rows += a8[j::ky]
        else:
            rows = a8.reshape(h, ky, w * kx).sum(axis=1, dtype=dt)
        if kx <= 16:
            out = rows[:, 0::kx].copy()
            for i in range(1, kx):
                out += rows[:, i::kx]
            return out
        return rows.reshape(h, w, kx).sum(axis=2, dtype=dt)
    rows = np.add.reduceat(a8, ey[:-1], axis=0, dtype=np.int64)
    return np.add.reduceat(rows, ex[:-1], axis=1, dtype=np.int64)


def _bin_cells(cells: np.ndarray, ex, ey) -> np.ndarray:
    h, w = len(ey) - 1, len(ex) - 1
    x, y = cells[:, 0], cells[:, 1]
    keep = (x >= ex[0]) & (x < ex[-1]) & (y >= ey[0]) & (y < ey[-1])
    px = np.searchsorted(ex, x[keep], side="right") - 1
    py = np.searchsorted(ey, y[keep], side="right") - 1
    return np.bincount(py * w + px, minlength=h * w).reshape(h, w)
