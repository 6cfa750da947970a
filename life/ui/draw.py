"""Drawing on the window: the universe frame (from ``life.render``'s palette indices), the HUD, panels, prompts.

The universe itself is drawn only by ``life.render``: this module turns its ``uint8`` palette-index image into an
8-bit pygame Surface carrying the theme's palette (no per-pixel work in Python), and draws text on top with the
font pygame ships.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from ..render import OUTSIDE, THEMES, Theme, Viewport, render
from . import trails

__all__ = ["indices_to_surface", "render_view", "Fonts", "Painter"]

TEXT = (236, 238, 244)
DIM = (160, 166, 182)
ACCENT = (255, 208, 90)
ERROR = (255, 120, 110)
PANEL = (10, 12, 20, 200)
SELECT = (60, 70, 110, 255)
MIN_SHADE = 0.5  # zoomed out, a pixel covering one live cell is at least half as bright as a full one


def indices_to_surface(indices: np.ndarray, pal: np.ndarray) -> pygame.Surface:
    """An 8-bit Surface showing ``indices`` (uint8[h, w] from ``life.render.render``) in palette ``pal``
    (uint8[n, 3]). The Surface shares the array's memory: keep the array alive while the Surface is used."""
    h, w = indices.shape
    idx = np.ascontiguousarray(indices, dtype=np.uint8)
    surf = pygame.image.frombuffer(idx, (w, h), "P")
    surf.set_palette([tuple(int(v) for v in c) for c in pal])
    return surf


def render_view(u, vp: Viewport, grid: bool = False) -> np.ndarray:
    """Palette indices of ``vp``. A torus or bounded grid is drawn once, as Golly does (a torus is not
    repeated across a view wider than it, so a frame reads each cell at most once), outside it OUTSIDE."""
    topo = u.topology
    if not topo.is_finite:
        return render(u, vp, grid=grid)
    z = vp.zoom
    px0 = max(0, math.floor((topo.x0 - vp.x0) * z))
    py0 = max(0, math.floor((topo.y0 - vp.y0) * z))
    px1 = min(vp.width, math.ceil((topo.x0 + topo.width - vp.x0) * z))
    py1 = min(vp.height, math.ceil((topo.y0 + topo.height - vp.y0) * z))
    out = np.full((vp.height, vp.width), OUTSIDE, dtype=np.uint8)
    if px0 < px1 and py0 < py1:
        sub = Viewport(vp.x0 + px0 / z, vp.y0 + py0 / z, px1 - px0, py1 - py0, z)
        out[py0:py1, px0:px1] = render(u, sub, grid=grid)
    return out


class Fonts:
    """pygame's bundled font at a few sizes, with a cache of rendered strings (the HUD repeats itself)."""

    def __init__(self):
        self._fonts: dict = {}
        self._cache: dict = {}

    def font(self, size: int) -> pygame.font.Font:
        f = self._fonts.get(size)
        if f is None:
            f = self._fonts[size] = pygame.font.Font(None, size)
        return f

    def render(self, text: str, size: int, color=TEXT) -> pygame.Surface:
        key = (text, size, color)
        s = self._cache.get(key)
        if s is None:
            if len(self._cache) > 1024:
                self._cache.clear()
            s = self._cache[key] = self.font(size).render(text, True, color)
        return s

    def width(self, text: str, size: int) -> int:
        return self.font(size).size(text)[0]


class Painter:
    """Draws the overlays of one window Surface."""

    def __init__(self, theme="dark"):
        self.fonts = Fonts()
        self.set_theme(theme)

    def set_theme(self, theme) -> None:
        self.theme: Theme = THEMES[theme] if isinstance(theme, str) else theme
        self.palette = trails.palette(self.theme, self.theme.shades(MIN_SHADE))  # with the age colours (D)

    def panel(self, screen, rect, color=PANEL) -> None:
        """A translucent rounded box."""
        box = pygame.Surface((max(1, rect[2]), max(1, rect[3])), pygame.SRCALPHA)
        pygame.draw.rect(box, color, box.get_rect(), border_radius=6)
        screen.blit(box, rect[:2])

    def lines(self, screen, rows, x, y, size=20, pad=6, colors=None) -> pygame.Rect:
        """A panel at (x, y) holding ``rows`` of text; returns its rectangle."""
        surfs = [self.fonts.render(r, size, (colors or {}).get(i, TEXT)) for i, r in enumerate(rows)]
        w = max((s.get_width() for s in surfs), default=0) + 2 * pad
        h = sum(s.get_height() for s in surfs) + 2 * pad + 2 * max(0, len(surfs) - 1)
        rect = pygame.Rect(x, y, w, h)
        self.panel(screen, rect)
        yy = y + pad
        for s in surfs:
            screen.blit(s, (x + pad, yy))
            yy += s.get_height() + 2
        return rect

    def message(self, screen, text, error=False, size=20) -> None:
        """A status line at the bottom left."""
        color = ERROR if error else TEXT
        s = self.fonts.render(text, size, color)
        sw, sh = screen.get_size()
        rect = pygame.Rect(8, sh - s.get_height() - 20, s.get_width() + 12, s.get_height() + 12)
        self.panel(screen, rect)
        screen.blit(s, (rect.x + 6, rect.y + 6))

    def corner(self, screen, text, size=18) -> None:
        """A small notice in the top right corner (compiling...), off the pattern."""
        s = self.fonts.render(text, size, ACCENT)
        sw, _ = screen.get_size()
        rect = pygame.Rect(sw - s.get_width() - 20, 8, s.get_width() + 12, s.get_height() + 10)
        self.panel(screen, rect)
        screen.blit(s, (rect.x + 6, rect.y + 5))

    def side_panel(self, screen, title, rows, size=18) -> None:
        """A panel on the right: ``title`` and (label, value) rows, values wrapped to the panel's width."""
        sw, sh = screen.get_size()
        w = max(200, min(420, sw // 3))
        lh = self.fonts.font(size).get_linesize() + 1
        lines = [(title, "", ACCENT)]
        label_w = max((self.fonts.width(k, size) for k, _ in rows if k), default=0) + (12 if rows else 0)
        for label, value in rows:
            for i, part in enumerate(self._wrap(str(value), size, w - 24 - label_w)):
                lines.append((label if i == 0 else "", part, TEXT))
        lines = lines[:max(2, (sh - 80) // lh)]
        h = lh * len(lines) + 16
        rect = pygame.Rect(sw - w - 8, 60, w, h)
        self.panel(screen, rect, (10, 12, 20, 215))
        y = rect.y + 8
        for label, value, color in lines:
            if value:
                screen.blit(self.fonts.render(label, size, DIM), (rect.x + 12, y))
                screen.blit(self.fonts.render(value, size, color), (rect.x + 12 + label_w, y))
            else:
                screen.blit(self.fonts.render(label, size + (2 if color == ACCENT else 0), color), (rect.x + 12, y))
            y += lh

    def graph(self, screen, title, points, max_word="max", fmt=str, size=16) -> None:
        """The population graph at the bottom right: ``points`` (generation, population), y from 0 to the
        maximum, x over the generations shown; ``max_word`` and ``fmt`` (numbers) in the window's language."""
        sw, sh = screen.get_size()
        w, h = max(160, min(420, sw // 3)), max(90, min(180, sh // 4))
        rect = pygame.Rect(sw - w - 8, sh - h - 56, w, h)
        self.panel(screen, rect, (10, 12, 20, 215))
        pts = list(points)
        label = title
        if pts:
            top = max(p for _, p in pts)
            label = f"{title}  {fmt(pts[-1][1])}  ({max_word} {fmt(top)})"
        screen.blit(self.fonts.render(label, size, ACCENT), (rect.x + 8, rect.y + 6))
        plot = pygame.Rect(rect.x + 8, rect.y + 26, w - 16, h - 34)
        pygame.draw.rect(screen, DIM, plot, 1)
        if len(pts) < 2:
            return
        g0, g1 = pts[0][0], pts[-1][0]
        top = max(1, max(p for _, p in pts))
        step = max(1, len(pts) // plot.width)  # at most one point per pixel column
        xy = [(plot.x + 1 + (plot.width - 3) * (g - g0) / max(1, g1 - g0),
               plot.bottom - 2 - (plot.height - 4) * p / top) for g, p in pts[::step]]
        pygame.draw.lines(screen, ACCENT, False, xy, 1)

    def _wrap(self, text, size, width) -> list:
        """``text`` broken into lines at most ``width`` pixels wide (at spaces; a long word is cut)."""
        words, lines, line = text.split(), [], ""
        for word in words:
            cand = f"{line} {word}".strip()
            if self.fonts.width(cand, size) <= width or not line:
                line = cand if self.fonts.width(cand, size) <= width else self._fit(cand, size, width)
            else:
                lines.append(line)
                line = word if self.fonts.width(word, size) <= width else self._fit(word, size, width)
        return lines + [line] if line else lines or [""]

    def banner(self, screen, text, fraction=None, size=22) -> None:
        """A centred notice near the top, with a progress bar when ``fraction`` (0..1) is given."""
        s = self.fonts.render(text, size, ACCENT)
        sw, sh = screen.get_size()
        bar_h = 10 if fraction is not None else 0
        w = max(s.get_width(), 240 if fraction is not None else 0) + 24
        rect = pygame.Rect((sw - w) // 2, max(8, sh // 2 - 30), w, s.get_height() + 20 + (bar_h + 8 if bar_h else 0))
        self.panel(screen, rect)
        screen.blit(s, (rect.x + (w - s.get_width()) // 2, rect.y + 10))
        if fraction is not None:
            bar = pygame.Rect(rect.x + 12, rect.y + 14 + s.get_height(), w - 24, bar_h)
            pygame.draw.rect(screen, DIM, bar, 1)
            fill = bar.inflate(-4, -4)
            fill.width = int(fill.width * max(0.0, min(1.0, fraction)))
            pygame.draw.rect(screen, ACCENT, fill)

    def help(self, screen, title, rows, footer) -> None:
        """The key table, centred, with the font shrunk to fit the window."""
        sw, sh = screen.get_size()
        size = max(12, min(22, (sh - 60) // (len(rows) + 3)))
        kw = max(self.fonts.width(k, size) for k, _ in rows) + 24
        dw = max(self.fonts.width(d, size) for _, d in rows)
        while size > 12 and kw + dw + 40 > sw:
            size -= 1
            kw = max(self.fonts.width(k, size) for k, _ in rows) + 24
            dw = max(self.fonts.width(d, size) for _, d in rows)
        lh = self.fonts.font(size).get_linesize() + 2
        w, h = kw + dw + 32, lh * (len(rows) + 3) + 16
        rect = pygame.Rect(max(0, (sw - w) // 2), max(0, (sh - h) // 2), w, h)
        self.panel(screen, rect, (10, 12, 20, 225))
        x, y = rect.x + 16, rect.y + 10
        screen.blit(self.fonts.render(title, size + 4, ACCENT), (x, y))
        y += lh + 6
        for k, d in rows:
            screen.blit(self.fonts.render(k, size, ACCENT), (x, y))
            screen.blit(self.fonts.render(d, size, TEXT), (x + kw, y))
            y += lh
        screen.blit(self.fonts.render(footer, size, DIM), (x, y + 4))

    def prompt(self, screen, title, hint, prompt, status=None, size=20) -> None:
        """A prompt panel at the top: title, the text with a caret, hints, an error, the candidates."""
        sw, sh = screen.get_size()
        w = min(sw - 16, 760)
        lh = self.fonts.font(size).get_linesize() + 2
        x, y = (sw - w) // 2, 8
        rows = max(0, min(len(prompt.candidates), (sh - 200) // lh, 14))
        extra = 1 if (prompt.error or status) else 0
        h = lh * (3 + extra + rows) + 24
        self.panel(screen, pygame.Rect(x, y, w, h), (10, 12, 20, 230))
        yy = y + 8
        screen.blit(self.fonts.render(title, size, ACCENT), (x + 12, yy))
        yy += lh
        box = pygame.Rect(x + 10, yy - 2, w - 20, lh + 2)
        pygame.draw.rect(screen, (32, 36, 52), box)
        pygame.draw.rect(screen, DIM, box, 1)
        shown = prompt.text
        while shown and self.fonts.width(shown + "|", size) > box.width - 12:
            shown = shown[1:]
        screen.blit(self.fonts.render(shown + "|", size, TEXT), (box.x + 6, yy))
        yy += lh + 4
        screen.blit(self.fonts.render(hint, size - 4, DIM), (x + 12, yy))
        yy += lh
        if prompt.error:
            screen.blit(self.fonts.render(self._fit(prompt.error, size, w - 24), size, ERROR), (x + 12, yy))
            yy += lh
        elif status:
            screen.blit(self.fonts.render(self._fit(status, size, w - 24), size, DIM), (x + 12, yy))
            yy += lh
        first = 0
        if prompt.selected >= rows > 0:
            first = prompt.selected - rows + 1
        for i, c in enumerate(prompt.candidates[first:first + rows], start=first):
            if i == prompt.selected:
                pygame.draw.rect(screen, SELECT, pygame.Rect(x + 6, yy - 1, w - 12, lh))
            label = self.fonts.render(c.label, size, ACCENT if c.is_dir else TEXT)
            screen.blit(label, (x + 14, yy))
            if c.detail:
                room = w - 40 - label.get_width()
                screen.blit(self.fonts.render(self._fit(c.detail, size - 4, room), size - 4, DIM),
                            (x + 28 + label.get_width(), yy + 3))
            yy += lh

    def _fit(self, text, size, width) -> str:
        if self.fonts.width(text, size) <= width:
            return text
        while text and self.fonts.width(text + "…", size) > width:
            text = text[:-1]
        return text + "…"
