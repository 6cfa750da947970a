"""The tour inside the ``life view`` window: ``TourRunner`` puts each page's universe in the window's controller,
runs it at the page's pace, and draws the page's overlay (``life.ui.demo_draw``) on top.

The window calls it through one hook: ``app.tour`` (None when no tour runs) gets every key press first
(``handle_key``: → / Space next, ← back, A autoplay on/off, Esc leaves the tour) and draws after the universe
(``draw``). Everything else the window does (zoom, pan, Enter to pause, +/- speed, drawing, soups) keeps working.
"""

from __future__ import annotations

import math
import time

import pygame

from .controller import DELAY_BASE, MAX_SPEED, MIN_SPEED
from .demo import Notes, Tour
from .demo_draw import caption_height, overlay

__all__ = ["TourRunner", "speed_for_rate"]


def speed_for_rate(rate: float, fps: float = 60.0) -> int:
    """The controller speed exponent closest to ``rate`` generations per second at ``fps`` frames a second
    (speed s >= 0: 2**s generations a frame; s < 0: one every 2**-s * DELAY_BASE seconds)."""
    if rate >= fps:
        s = round(math.log2(rate / fps))
    else:
        s = -round(math.log2(1 / (DELAY_BASE * rate)))
    return max(MIN_SPEED, min(MAX_SPEED, s))


class TourRunner:
    """The tour shown in ``app`` (a ``life.ui.app.App``) from ``chapter``, in the window's language.

    ``standalone``: the window exists for the tour (``life demo``), so Esc closes it rather than returning to the
    plain window."""

    def __init__(self, app, chapter: int = 1, autoplay: bool = False, standalone: bool = False):
        self.app = app
        self.tour = Tour(app.lang, chapter, autoplay)
        self.standalone = standalone
        self.scene = None
        self.hold = False  # a doubling (HashLife) page paused with Enter
        self._loading = None  # the page index being built
        self._fitted = None  # the generation the view was last fitted at (doubling pages follow their growth)
        self._last = time.perf_counter()
        self._notes = (None, None)  # (key, Notes)
        self._surface = (None, None)  # (key, Surface)
        self.show_page()

    def show_page(self) -> None:
        """Build the current page on the window's worker, then install its universe and fit the view on it."""
        index = self.tour.index
        self._loading = index
        built = {}

        def build():
            built["scene"] = scene = self.tour.build()
            return scene.universe, f"{scene.title}"

        def done():
            if self._loading != index:
                return
            self._loading = None
            self.scene = built["scene"]
            sim = self.app.sim
            sim.stop()
            self.hold = False
            if not self.scene.doubling and self.scene.rate > 0:
                sim.speed = speed_for_rate(self.scene.rate)
                sim.running = True
            self.fit()

        sim = self.app.sim
        sim.stop()
        # the page's universe replaces the shown one once the worker is idle (a step may be in flight)
        sim.when_free(lambda: sim.replace_async(build, "load", what=self.tour.key, on_done=done))

    def fit(self) -> None:
        """Fit the view on the page's box, above the caption."""
        app, scene = self.app, self.scene
        w, h = app.size
        cap = caption_height(scene.title, scene.caption, w, h)
        box = scene.box or app.universe.bbox
        app.camera.fit(box, w, max(16, h - cap))
        app.camera.pan(0, -cap / 2)

    # ------------------------------------------------------------------ keys
    def handle_key(self, ev) -> bool:
        """React to a key press the tour owns; False lets the window's key table have it."""
        k = ev.key
        if k in (pygame.K_RIGHT, pygame.K_SPACE, pygame.K_PAGEDOWN):
            self.move(self.tour.next())
        elif k in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.move(self.tour.back())
        elif k == pygame.K_a:
            self.tour.autoplay = not self.tour.autoplay
            self.tour.elapsed = 0.0
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.scene is not None and self.scene.doubling:
            self.hold = not self.hold
        elif k == pygame.K_ESCAPE and not self.standalone and not self.app.show_help:
            self.app.sim.stop()
            self.app.tour = None
        else:
            return False
        return True

    def move(self, moved: bool) -> None:
        if moved:
            self.show_page()

    # ------------------------------------------------------------------ each frame
    def draw(self, screen) -> None:
        """Advance autoplay and HashLife jumps, then draw the page's overlay on ``screen``."""
        now = time.perf_counter()
        dt, self._last = now - self._last, now
        scene, sim = self.scene, self.app.sim
        if scene is None or self._loading is not None:
            return
        if not sim.running and not scene.doubling and scene.rate > 0:
            pass  # a page paused by the reader waits
        elif self.tour.tick(dt, scene.seconds):
            self.show_page()
            return
        if scene.doubling and sim.settled and sim.universe_free:
            u = sim.universe
            if self._fitted != u.generation:
                self._fitted = u.generation
                self.fit()
            due = self.tour.elapsed * scene.rate >= math.log2(max(1, u.generation) / scene.start) + 1
            if not self.hold and u.generation > 0 and due:
                # one job doubles the age: HashLife's step(n) costs about the same for any n, so the
                # controller's chunks (sized for ordinary stepping) would only slow the leap down
                sim.replace_async(lambda: (u.step(u.generation), (u, None))[1], "jump", what=scene.title,
                                  keep_start=True)
        u = sim.universe
        if u is None or self.app.show_help or self.app.prompt is not None:
            return  # the help and the prompts take the whole window
        key = (self.tour.index, id(u), sim.version)
        if self._notes[0] != key and sim.universe_free:
            # a universe the reader brought in (R, O, undo) gets the caption only: labelling a big soup's
            # clusters every generation would stall the window
            self._notes = (key, scene.notes(u) if u is scene.universe else Notes())
        notes = self._notes[1]
        if notes is None:
            return
        w, h = screen.get_size()
        skey = (self._notes[0], self.app.camera.state(), (w, h), self.tour.autoplay)
        if self._surface[0] != skey:
            cam = self.app.camera
            img = overlay((w, h), scene, notes, lambda x, y: cam.pixel_of(x, y, w, h), nav=True)
            self._surface = (skey, pygame.image.frombytes(img.tobytes(), img.size, "RGBA").convert_alpha()
                             if pygame.display.get_surface() is not None else None)
        if self._surface[1] is not None:
            screen.blit(self._surface[1], (0, 0))
