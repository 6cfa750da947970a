"""Colouring by age (LifeViewer's trails): newly born cells, young cells, old cells and the fading trail that
dead cells leave, worked out from the window's successive pictures, so every engine and every zoom gets it.

``Trails.colour(indices, view, version)`` takes a picture of ``life.render`` palette indices and returns it
recoloured: each pixel keeps how many pictures it has shown a live cell (``age``) and how many since it last did
(``gone``). Zoomed in a pixel is one cell; zoomed out (density shading) a pixel is "alive" while any cell of its
block is, which is the approximation there: a soup's blocks stay old, while a glider leaves a trail. Ages count
pictures, so at "step 2^k" they count blocks of 2^k generations. A new view (pan, zoom, resize) or a new universe
starts over with every live pixel old and no trail, so moving the camera does not flash the whole picture.

Palette indices beyond ``life.render``'s (``OUTSIDE`` + 1 on) hold the shades of born and young cells (16 each,
in density order like ``1 .. LIVE``) and ``TRAIL_LEVELS`` fading trail colours; ``palette(theme)`` extends a
theme's window palette with them. The colouring is one Numba pass over the picture (half a millisecond at
1024×768; ``warm`` compiles it, which the window's worker does before it is needed).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..render import DEAD, LIVE, NCOLORS, Theme

__all__ = ["Trails", "palette", "warm", "BORN", "YOUNG", "TRAIL", "TRAIL_LEVELS", "YOUNG_AGE", "COLOURS"]

YOUNG_AGE = 8  # pictures alive up to which a cell is young (1: just born); older ones take the theme's colour
TRAIL_LEVELS = 12  # pictures a dead cell's trail takes to fade out
BORN = NCOLORS  # BORN + s - 1: a just-born pixel of shade s (1 .. LIVE)
YOUNG = BORN + LIVE
TRAIL = YOUNG + LIVE  # TRAIL + g - 1: g pictures after the cell died (1 .. TRAIL_LEVELS)
_AGE_CAP = 255

#: (born, young, trail start) colours per theme name; other themes take the dark theme's.
COLOURS = {
    "dark": ((240, 248, 255), (110, 215, 255), (190, 80, 220)),
    "light": ((0, 150, 90), (30, 100, 230), (235, 120, 190)),
}


def palette(theme: Theme, base: np.ndarray) -> np.ndarray:
    """uint8[TRAIL + TRAIL_LEVELS, 3]: the window palette ``base`` (``life.render``'s indices) followed by the
    born, young and trail colours of ``theme``."""
    born, young, trail = COLOURS.get(theme.name, COLOURS["dark"])
    dead = np.array(theme.dead, float)
    ramp = base[1:LIVE + 1].astype(float)  # the live shades: their fraction of the way from dead to live
    frac = (ramp - dead).sum(axis=1) / max(1e-9, float((np.array(theme.live, float) - dead).sum()))
    frac = np.clip(frac, 0.0, 1.0)[:, None]
    rows = [base.astype(float), dead + (np.array(born, float) - dead) * frac,
            dead + (np.array(young, float) - dead) * frac]
    fade = np.linspace(0.65, 0.12, TRAIL_LEVELS)[:, None]
    rows.append(dead + (np.array(trail, float) - dead) * fade)
    return np.clip(np.rint(np.vstack(rows)), 0, 255).astype(np.uint8)


@njit(cache=True, nogil=True, boundscheck=False)
def _colour(indices, age, gone, advance, out):  # pragma: no cover - compiled
    """One pass over the pixels: when ``advance``, age the live ones and count the dead ones' pictures since
    they were last alive; then write the coloured indices to ``out``."""
    h, w = indices.shape
    for y in range(h):
        for x in range(w):
            i = indices[y, x]
            live = 1 <= i <= LIVE
            a, g = age[y, x], gone[y, x]
            if advance:
                if live:
                    a = a + 1 if a < _AGE_CAP else a
                    g = 0
                else:
                    a = 0
                    g = g + 1 if g <= TRAIL_LEVELS else g
                age[y, x], gone[y, x] = a, g
            if live and a == 1:
                out[y, x] = i + (BORN - 1)
            elif live and a <= YOUNG_AGE:
                out[y, x] = i + (YOUNG - 1)
            elif i == DEAD and 1 <= g <= TRAIL_LEVELS:
                out[y, x] = TRAIL - 1 + g
            else:
                out[y, x] = i


def warm() -> None:
    """Compile (or load from Numba's cache) the colouring kernel, off the UI thread."""
    z = np.zeros((1, 1), dtype=np.uint8)
    _colour(z, z.copy(), z.copy(), True, z.copy())


class Trails:
    """The age of each pixel of the window's pictures (see the module docstring); ``on`` says whether the window
    colours by it."""

    def __init__(self):
        self.on = False
        self._view = None
        self._version = None
        self._age = None  # uint8[h, w]: pictures the pixel has been alive (0: dead), capped
        self._gone = None  # uint8[h, w]: pictures since it was last alive (TRAIL_LEVELS + 1: no trail)

    def toggle(self) -> bool:
        """Switch colouring by age on or off (off forgets the ages); returns the new state."""
        self.on = not self.on
        self._view = None
        return self.on

    def colour(self, indices: np.ndarray, view, version) -> np.ndarray:
        """``indices`` (a picture from ``life.render``) coloured by age. ``view``: anything that is equal for
        pictures of the same place at the same zoom (and the same universe); ``version``: changes when the
        universe's cells do. A picture of the same view and version as the last one only recolours."""
        indices = np.ascontiguousarray(indices, dtype=np.uint8)
        advance = False
        if self._view != view or self._age is None or self._age.shape != indices.shape:
            live = (indices >= 1) & (indices <= LIVE)
            self._age = np.where(live, _AGE_CAP, 0).astype(np.uint8)
            self._gone = np.where(live, 0, TRAIL_LEVELS + 1).astype(np.uint8)
            self._view, self._version = view, version
        elif version != self._version:
            self._version, advance = version, True
        out = np.empty_like(indices)
        _colour(indices, self._age, self._gone, advance, out)
        return out
