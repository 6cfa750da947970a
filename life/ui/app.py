"""The interactive window: pygame events and drawing around a ``Controller`` (the simulation) and its ``Editor``.

``App`` is built so that tests can drive it without a display (``SDL_VIDEODRIVER=dummy``): post pygame events,
call ``frame()`` (events, then the worker's results, then drawing, then scheduling the next simulation work) and
inspect ``app.universe``, ``app.camera`` and ``app.screen``. ``run()`` is the real loop at up to 60 frames/s.

The simulation lives in ``app.sim`` (``life.ui.controller``: the universe, the worker thread, stepping in bounded
chunks, loading, saving) and cell editing with undo in ``app.editor`` (``life.ui.editor``); keys are dispatched
through the table in ``life.ui.keys``, which also writes the help. This module maps events to them and draws the
universe (``life.render`` through ``life.ui.draw``), the HUD, notices for slow jobs, the help and the prompts.
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from pathlib import Path

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from ..pattern import Pattern
from ..render import THEMES, RenderError
from ..rules import Rule
from ..soup import SoupSpec
from . import benchmark, keys, panels
from . import text as T
from .camera import MAX_EXP, MIN_EXP, Camera
from .controller import Controller, check_sources
from .draw import ACCENT, DIM, Painter, indices_to_surface, render_view
from .editor import stroke_cells
from .picker import Prompt
from .prompts import FileActions
from .selection import SelectTool
from .trails import Trails

__all__ = ["App"]

NOTICE_AFTER = 0.15  # show "compiling"/"loading" notices for jobs running longer than this (no flashes)
PROGRESS_AFTER = 0.25
IDLE_WAIT = 0.25  # a quiet window (paused, nothing in flight) sleeps in pygame's event wait this long at most
EDGE = (120, 126, 150)  # the line around a torus or bounded grid


class App(FileActions):
    """The ``life view`` window.

    Give one of ``pattern`` (a Pattern), ``soup`` (a SoupSpec, generated in the background) or ``universe`` (ready
    to use); none opens an empty plane. ``topology``: as for ``make_universe`` (default: the rule's suffix, else
    the plane); ``algo``: the engine. ``size``: window size in pixels; ``lang``: ``"en"``/``"es"`` (default: the
    locale); ``threaded=False`` runs the worker's jobs inline (deterministic tests); ``hud=False`` hides the
    HUD; ``out_dir``: where screenshots and default saves go; ``zoom``: initial zoom exponent (2**zoom pixels per
    cell; default: fit); ``rule``: the soup's rule.
    """

    def __init__(self, pattern: Pattern | None = None, *, soup: SoupSpec | None = None, universe=None,
                 topology=None, algo: str = "auto", backend: str = "auto", size=(1024, 768), lang: str | None = None,
                 fullscreen: bool = False, theme: str = "dark", grid: bool = False, threaded: bool = True,
                 hud: bool = True, out_dir=".", name: str | None = None, zoom: int | None = None,
                 rule: Rule | None = None):
        check_sources(pattern, soup, universe)
        self.lang = lang if lang in T.LANGUAGES else T.default_language()
        self.out_dir = Path(out_dir)
        self.hud = hud
        self.grid = grid
        name = name or (pattern.name if pattern is not None else None) or (
            f"soup {soup}" if soup is not None else None)
        self.quit = False
        self.show_help = False
        self.panel = None  # the side panel shown: None, "info" (I) or "identify" (F6)
        self.identity = None  # the last Identify result (life.ui.identify.Identity), or "busy"
        self.show_graph = False  # Y: the population graph
        self._quit_asked = 0.0  # when Esc last warned about unsaved drawing
        self.prompt: Prompt | None = None
        self.tour = None  # the guided tour running in the window (life.ui.demo_window.TourRunner), if any
        self.camera = Camera()
        self._fixed_zoom = zoom

        pygame.display.init()
        pygame.font.init()
        flags = pygame.RESIZABLE
        if fullscreen:
            flags |= pygame.FULLSCREEN
            size = (0, 0)
        self.screen = pygame.display.set_mode(tuple(size), flags)
        pygame.display.set_caption(T.tr(self.lang, "title", name=name or "life"))
        self.painter = Painter(theme)
        self.clock = pygame.time.Clock()

        self.sim = Controller(lang=self.lang, algo=algo, backend=backend, topology=topology, soup=soup, rule=rule,
                              name=name, threaded=threaded, notify=self.notify, on_install=self._installed)
        self.editor = self.sim.editor
        self.select = SelectTool(self.sim)  # Ctrl + drag, copy, paste, rotate, flip, fill
        self.actions = self._key_actions()  # action name (of life.ui.keys) -> handler(key event)
        self._frame = None  # (indices, surface, key) of the last rendered universe frame
        self._pop_cache = (None, 0)
        self._mouse = None  # last pointer position
        self._stroke = None  # the last pointer position of the stroke being drawn with the mouse
        self._drag = None  # (button, last position) of a right/middle-button pan
        self._shift = False
        self._ctrl = False
        self._wheel = 0.0
        self._skip_text = set()
        self._message = None  # (text, is_error, expiry time)
        self._shot_path = None
        self._shot_clean = False
        self._frame_times: deque = deque(maxlen=240)
        self._frames = 0
        self._hud_rect = None  # where the HUD was drawn last (F fits the pattern below it)
        self.follow = False  # Shift+F: keep a moving pattern in view
        self._followed = None  # the shown version the view last followed
        self.trails = Trails()  # D: colour cells by age (LifeViewer's trails)
        self._stale = True  # the last draw could not show the universe's current state (a step was in flight)
        self.sim.view_job = self._view_job
        self.sim.load(pattern, soup=soup, universe=universe)

    # ------------------------------------------------------------------ the simulation, as the window shows it
    @property
    def universe(self):
        """The universe shown (None until the first one is built)."""
        return self.sim.universe

    @property
    def name(self) -> str | None:
        """The pattern's name (the title bar's)."""
        return self.sim.name

    @property
    def running(self) -> bool:
        """True while generating (Enter/Space)."""
        return self.sim.running

    @running.setter
    def running(self, value: bool) -> None:
        self.sim.running = value

    @property
    def speed(self) -> int:
        """The speed exponent (see ``Controller.set_speed``)."""
        return self.sim.speed

    @property
    def pending(self) -> int:
        """Generations owed and not yet submitted to the worker."""
        return self.sim.pending

    @property
    def worker(self):
        """The controller's background Worker."""
        return self.sim.worker

    @property
    def busy(self) -> bool:
        """True while the worker has a job in flight."""
        return self.sim.worker.busy

    def _installed(self, fit: bool, renamed: bool) -> None:
        """The controller installed a new universe: retitle, limit and (``fit``) fit the view."""
        if renamed:
            pygame.display.set_caption(T.tr(self.lang, "title", name=self.sim.name))
        self._limit_zoom()
        if fit:
            self.fit()
            if self._fixed_zoom is not None:
                self.camera.zoom_to(self._fixed_zoom)

    def _limit_zoom(self) -> None:
        """On a finite grid, zooming out stops one step past showing the whole grid (a torus would only
        repeat itself, and each frame would read the grid many times over)."""
        topo = self.universe.topology if self.universe is not None else None
        if topo is not None and topo.is_finite:
            w, h = self.size
            fit = math.floor(math.log2(max(1, min(w, h)) / max(topo.width, topo.height)))
            self.camera.min_exp = min(fit - 1, MAX_EXP)
            self.camera.exp = max(self.camera.exp, self.camera.min_exp)
        else:
            self.camera.min_exp = MIN_EXP

    # ------------------------------------------------------------------ the loop
    @property
    def size(self) -> tuple:
        return self.screen.get_size()

    def run(self, max_fps: int = 60) -> None:
        """The window's loop until Esc or the window closes. A quiet window (see ``quiet``) sleeps until an
        event arrives or a message expires instead of redrawing the same picture."""
        try:
            while not self.quit:
                if self.quiet:
                    expiry = self._message[2] - time.perf_counter() if self._message is not None else IDLE_WAIT
                    ev = pygame.event.wait(max(1, int(1000 * min(IDLE_WAIT, max(0.0, expiry)))))
                    if ev.type != pygame.NOEVENT:
                        pygame.event.post(ev)  # the queue was empty: frame() takes it first
                    elif self._message is None or time.perf_counter() < self._message[2]:
                        continue
                self.frame()
                self.clock.tick(max_fps)
        finally:
            self.close()

    @property
    def quiet(self) -> bool:
        """True when nothing on screen can change without an event: paused, no job in flight or owed, no tour
        (its pages turn by themselves), and the last frame showed the universe as it is."""
        return (self._frames > 0 and not self._stale and not self.running and not self.sim.worker.busy
                and self.sim.settled and self._shot_path is None and self.tour is None)

    def frame(self, wait: bool = False) -> None:
        """One frame: handle pending events, collect the worker's results, give it its next job (so it steps
        while this frame draws), draw, show.

        ``wait``: first wait for a step in flight to finish, so the frame shows its result (benchmarks)."""
        for ev in pygame.event.get():
            self.handle_event(ev)
        if wait and self.sim.stepping and self.sim.worker.threaded:
            self.sim.wait()
        self.sim.collect()
        self._follow()
        self.sim.schedule()
        self.draw()
        if self._shot_path is not None:
            self._save_screenshot(self._shot_path)
            self._shot_path = None
        pygame.display.flip()
        if not self._stale:
            self.sim.prepare()
        self._frames += 1
        self._frame_times.append(time.perf_counter())

    def benchmark(self, seconds: float, warmup_limit: float = 300.0) -> dict:
        """Run the pattern for ``seconds`` and measure the window (see ``life.ui.benchmark.run``)."""
        return benchmark.run(self, seconds, warmup_limit)

    def settle(self, max_frames: int = 10_000) -> None:
        """Run frames until no job is in flight and no N/Tab generations, edits or actions are owed (while
        running, until the job in flight is collected). For tests and scripts."""
        for _ in range(max_frames):
            self.sim.wait(timeout=120)
            self.sim.collect()
            if self.sim.settled:
                return
            self.frame()

    def close(self) -> None:
        """Stop the worker and close the window."""
        self.sim.worker.close()
        pygame.display.quit()

    # ------------------------------------------------------------------ drawing
    def draw(self) -> None:
        """Draw the universe (re-rendered only when it or the view changed; while a step is in flight, the
        picture the worker read after the last one) and the overlays."""
        screen = self.screen
        w, h = screen.get_size()
        u = self.universe
        self._stale = False
        if u is not None:
            key = (id(u), self.sim.version, self._view_key(), self.painter.theme.name)
            if self._frame is None or self._frame[2] != key:
                shown = self.sim.shown
                if shown is not None and shown.image is not None and shown.version == self.sim.version \
                        and shown.tag == key[2]:
                    self._set_frame(shown.image, key)
                elif not self.sim.stepping and not self.editor.queued:
                    try:
                        self._set_frame(render_view(u, self.camera.viewport(w, h), self.grid), key)
                    except RenderError as e:
                        self.sim.report(e)
                        self.camera.zoom_by(1)
                else:
                    self._stale = True
        screen.fill(self.painter.theme.dead)
        if self._frame is not None:
            screen.blit(self._frame[1], (0, 0))
            if u is not None and u.topology.is_finite:
                self._draw_edge(screen, u.topology)
        if self.hud and u is not None:
            colors = {3: DIM}
            if self.running:
                colors[2] = ACCENT
            self._hud_rect = self.painter.lines(screen, self.hud_lines(), 8, 8, size=20, colors=colors)
        if self.select.rect is not None:
            self._draw_selection(screen)
        if self.show_graph:
            self.painter.graph(screen, T.tr(self.lang, "graph_title"), self.sim.population_history,
                               T.tr(self.lang, "graph_max"), lambda n: T.fmt_int(n, self.lang))
        if self.panel is not None:
            self.painter.side_panel(screen, *panels.panel_lines(self))
        if self.tour is not None:
            self.tour.draw(screen)
        self._draw_notices(screen)
        if self.show_help:
            self.painter.help(screen, T.tr(self.lang, "help_title"), keys.help_rows(self.lang),
                              T.tr(self.lang, "help_close"))
        if self.prompt is not None:
            p = self.prompt
            title, hint = (T.tr(self.lang, f"{p.kind}_prompt"), T.tr(self.lang, f"{p.kind}_keys"))
            status = None
            if p.busy:
                status = T.tr(self.lang, "working")
            elif p.kind == "open" and not p.candidates:
                status = T.tr(self.lang, "no_library" if p.library_error and not p.text else "no_matches")
            elif p.kind == "open":
                n = len(p.candidates)
                status = T.tr(self.lang, "match1") if n == 1 else T.tr(self.lang, "matches", n=T.fmt_int(n, self.lang))
            self.painter.prompt(screen, title, hint, p, status)

    def _view_key(self) -> tuple:
        """What a rendered picture depends on besides the universe: the camera, the window size, grid lines."""
        return (self.camera.state(), self.size, self.grid)

    def _view_job(self):
        """For the worker, after a step: a function of the universe rendering the current view, with its tag and
        whether the bounding box is wanted (only to follow the pattern)."""
        vp, grid, tag, follow = self.camera.viewport(*self.size), self.grid, self._view_key(), self.follow

        def view(u):
            try:
                return render_view(u, vp, grid), tag, follow
            except RenderError:  # the window renders it itself once paused, and reports the error then
                return None, tag, follow

        return view

    def _set_frame(self, indices, key) -> None:
        if self.trails.on:  # coloured by age: the view (universe, camera) and the cells' version
            indices = self.trails.colour(indices, (key[0], key[2]), key[1])
        self._frame = (indices, indices_to_surface(indices, self.painter.palette), key)

    def _draw_edge(self, screen, topo) -> None:
        """A line just outside the grid's edge (the parts of it on screen)."""
        w, h = self.size
        x0, y0 = self.camera.pixel_of(topo.x0, topo.y0, w, h)
        x1, y1 = self.camera.pixel_of(topo.x0 + topo.width, topo.y0 + topo.height, w, h)
        left, top, right, bottom = math.floor(x0) - 1, math.floor(y0) - 1, math.ceil(x1), math.ceil(y1)
        ya, yb = max(top, 0), min(bottom, h - 1)
        xa, xb = max(left, 0), min(right, w - 1)
        for x in (left, right):
            if 0 <= x < w and ya <= yb:
                pygame.draw.line(screen, EDGE, (x, ya), (x, yb))
        for y in (top, bottom):
            if 0 <= y < h and xa <= xb:
                pygame.draw.line(screen, EDGE, (xa, y), (xb, y))

    def _draw_notices(self, screen) -> None:
        cur = self.sim.worker.current
        if cur is not None and cur[2] > NOTICE_AFTER:
            kind, info, _ = cur
            if kind == "warm":
                self.painter.corner(screen, T.tr(self.lang, "compiling", rule=info[1]))
            elif kind == "replace":
                self.painter.banner(screen, T.tr(self.lang, "loading", what=info[2]))
            elif kind == "step" and not self.sim.jumping:
                self.painter.banner(screen, T.tr(self.lang, "working"))
        progress = self.sim.jump_progress()
        if progress is not None:
            gen, target, frac, t0 = progress
            if time.perf_counter() - t0 > PROGRESS_AFTER:
                self.painter.banner(screen, T.tr(self.lang, "jumping", gen=T.fmt_int(gen, self.lang),
                                                 target=T.fmt_int(target, self.lang), pct=int(100 * frac)), frac)
        if self._message is not None:
            text, err, until = self._message
            if time.perf_counter() < until:
                self.painter.message(screen, text, err)
            else:
                self._message = None

    def hud_lines(self) -> list:
        """The HUD's lines of text (see ``life.ui.panels.hud_lines``)."""
        return panels.hud_lines(self)

    def frames_per_second(self) -> float:
        """Frames drawn per second over the last second or so."""
        ft = self._frame_times
        if len(ft) < 2:
            return 0.0
        now = time.perf_counter()
        recent = [t for t in ft if now - t <= 1.0]
        if len(recent) < 2:
            return 0.0
        return (len(recent) - 1) / max(1e-9, recent[-1] - recent[0])

    def gens_per_second(self) -> float:
        """Generations stepped per second over the last second (or since stepping began, if sooner)."""
        return self.sim.gens_per_second()

    def notify(self, text: str, error: bool = False) -> None:
        """Show ``text`` at the bottom of the window for a few seconds."""
        self._message = (text, error, time.perf_counter() + (8.0 if error else 3.0))

    @property
    def message(self):
        """The status message shown (text, is_error), or None."""
        return None if self._message is None else self._message[:2]

    # ------------------------------------------------------------------ events
    def handle_event(self, ev) -> None:
        """React to one pygame event."""
        t = ev.type
        if t == pygame.QUIT:
            self.quit = True
        elif t == pygame.KEYDOWN:
            if ev.key in (pygame.K_LSHIFT, pygame.K_RSHIFT):
                self._shift = True
            if ev.key in (pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LMETA, pygame.K_RMETA):
                self._ctrl = True
            if self.prompt is not None:
                self._prompt_key(ev)
            else:
                self._key(ev)
        elif t == pygame.KEYUP:
            if ev.key in (pygame.K_LSHIFT, pygame.K_RSHIFT):
                self._shift = False
            if ev.key in (pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LMETA, pygame.K_RMETA):
                self._ctrl = False
        elif t == pygame.TEXTINPUT:
            if self.prompt is not None and not self.prompt.busy:
                if ev.text in self._skip_text:
                    self._skip_text = set()
                else:
                    self.prompt.type(ev.text)
        elif t == pygame.MOUSEBUTTONDOWN:
            self._mouse = ev.pos
            if self.prompt is not None or ev.button > 3:
                return
            if self.show_help:
                self.show_help = False
                return
            if ev.button == 1 and (self._ctrl or pygame.key.get_mods() & (pygame.KMOD_CTRL | pygame.KMOD_META)):
                self.select.begin(self.camera.cell_at(*ev.pos, *self.size))
            elif ev.button == 1:
                self._stroke_begin(ev.pos)
            else:
                self._drag = (ev.button, ev.pos)
        elif t == pygame.MOUSEBUTTONUP:
            self._mouse = ev.pos
            if ev.button == 1 and self.select.dragging:
                self.select.drag(self.camera.cell_at(*ev.pos, *self.size), done=True)
            elif ev.button == 1 and self._stroke is not None:
                self._stroke_to(ev.pos)
                self.editor.end()
                self._stroke = None
                self.editor.flush()
            elif self._drag is not None and ev.button == self._drag[0]:
                self._drag = None
        elif t == pygame.MOUSEMOTION:
            self._mouse = ev.pos
            if self.select.dragging:
                self.select.drag(self.camera.cell_at(*ev.pos, *self.size))
            elif self._stroke is not None:
                self._stroke_to(ev.pos)
                self.editor.flush()
            elif self._drag is not None:
                _, (lx, ly) = self._drag
                self.camera.pan(ev.pos[0] - lx, ev.pos[1] - ly)
                self._drag = (self._drag[0], ev.pos)
        elif t == pygame.MOUSEWHEEL:
            if self.prompt is not None:
                self.prompt.move(-int(np.sign(ev.y)))
                return
            # touchpads send fractions of a notch: add them up, one zoom step per whole notch
            self._wheel += float(getattr(ev, "precise_y", ev.y) or ev.y)
            steps = int(self._wheel)
            if steps:
                self._wheel -= steps
                self.camera.zoom_by(max(-3, min(3, steps)), self._mouse, self.size)
        elif t in (getattr(pygame, "WINDOWLEAVE", -3), getattr(pygame, "WINDOWFOCUSLOST", -4)):
            self._mouse = None  # the HUD's cursor coordinates would be stale
        elif t == getattr(pygame, "DROPFILE", -1):
            self.open(ev.file)
        elif t in (pygame.VIDEORESIZE, getattr(pygame, "WINDOWSIZECHANGED", -2)):
            self.screen = pygame.display.get_surface()
            self._limit_zoom()

    def _stroke_begin(self, pos) -> None:
        erase = self._shift or bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
        self._stroke = pos
        self.editor.begin(erase, [self.camera.cell_at(*pos, *self.size)])
        self.editor.flush()

    def _stroke_to(self, pos) -> None:
        w, h = self.size
        self.editor.paint(stroke_cells(self._stroke, pos, lambda px, py: self.camera.cell_at(px, py, w, h)))
        self._stroke = pos

    def _key(self, ev) -> None:
        """A key press outside the prompts: the action ``life.ui.keys`` binds it to, if any."""
        mod = getattr(ev, "mod", 0)
        shift = bool(mod & pygame.KMOD_SHIFT) or self._shift
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        if self.tour is not None and self.tour.handle_key(ev):
            return
        binding = keys.find(ev.key, getattr(ev, "unicode", "") or "", shift, ctrl)
        if binding is not None:
            self.actions[binding.action](ev)

    def _key_actions(self) -> dict:
        """Every action of the key table (``life.ui.keys``) with its handler, a function of the key event."""
        sim, editor = self.sim, self.editor
        return {
            "run": lambda ev: sim.toggle_running(),
            "step": lambda ev: sim.step(1),
            "jump": lambda ev: sim.step(2 ** max(0, sim.speed)),
            "faster": lambda ev: sim.set_speed(sim.speed + 1),
            "slower": lambda ev: sim.set_speed(sim.speed - 1),
            "speed_reset": lambda ev: sim.set_speed(0, reset=True),
            "zoom_level": self._zoom_level,
            "fit": lambda ev: self.fit(),
            "follow": lambda ev: self.toggle_follow(),
            "zoom_out": lambda ev: self.camera.zoom_by(-1, self._mouse, self.size),
            "zoom_in": lambda ev: self.camera.zoom_by(1, self._mouse, self.size),
            "pan": self._pan,
            "soup": lambda ev: self.random_soup(),
            "clear": lambda ev: sim.clear(),
            "reset": lambda ev: sim.reset(),
            "undo": lambda ev: editor.undo(),
            "redo": lambda ev: editor.redo(),
            "grid": lambda ev: self._toggle_grid(),
            "help": lambda ev: self._toggle_help(),
            "open": lambda ev: self._open_prompt("open", ev),
            "save": lambda ev: self._open_prompt("save", ev),
            "screenshot": lambda ev: self.screenshot(),
            "screenshot_clean": lambda ev: self.screenshot(clean=True),
            "info": lambda ev: self._toggle_panel("info"),
            "graph": lambda ev: setattr(self, "show_graph", not self.show_graph),
            "identify": lambda ev: self.identify(),
            "theme": lambda ev: self.next_theme(),
            "trails": lambda ev: self.toggle_trails(),
            "rule_type": lambda ev: self._open_prompt("rule", ev),
            "select_all": lambda ev: self.select.select_all(),
            "copy": lambda ev: self.select.copy(),
            "cut": lambda ev: self.select.copy(cut=True),
            "paste": lambda ev: self.select.paste(self._cursor_cell()),
            "rotate_cw": lambda ev: self.select.transform("rotate_cw"),
            "rotate_ccw": lambda ev: self.select.transform("rotate_ccw"),
            "flip_x": lambda ev: self.select.transform("flip_x"),
            "flip_y": lambda ev: self.select.transform("flip_y"),
            "fill": lambda ev: self.select.fill(),
            "kill": lambda ev: self.select.fill(alive=False),
            "rule_next": lambda ev: sim.cycle_rule(1),
            "rule_previous": lambda ev: sim.cycle_rule(-1),
            "escape": self._escape,
            "tour": lambda ev: self.start_tour(),
        }

    def start_tour(self, chapter: int = 1, autoplay: bool = False, standalone: bool = False) -> None:
        """T: start the guided tour (``life.ui.demo_window``) at ``chapter``; ``standalone``: Esc closes the
        window (``life demo``) instead of returning to it."""
        from .demo_window import TourRunner

        self.show_help = False
        self.tour = TourRunner(self, chapter, autoplay, standalone)

    def _escape(self, ev) -> None:
        if self.show_help:
            self.show_help = False
        elif self.panel is not None:
            self.panel = None
        elif self.select.rect is not None:
            self.select.rect = None
        elif self.sim.jumping:
            self.sim.cancel_jump()
        elif self.sim.unsaved and time.perf_counter() - self._quit_asked > 5.0:
            self._quit_asked = time.perf_counter()  # a second Esc within 5 s quits
            self.notify(T.tr(self.lang, "unsaved"), error=True)
        else:
            self.quit = True

    def _cursor_cell(self) -> tuple:
        w, h = self.size
        return self.camera.cell_at(*(self._mouse or (w // 2, h // 2)), w, h)

    def _draw_selection(self, screen) -> None:
        x, y, w, h = self.select.rect
        sw, sh = self.size
        x0, y0 = self.camera.pixel_of(x, y, sw, sh)
        x1, y1 = self.camera.pixel_of(x + w, y + h, sw, sh)
        x0, y0 = max(-2, min(sw + 2, x0)), max(-2, min(sh + 2, y0))
        x1, y1 = max(-2, min(sw + 2, x1)), max(-2, min(sh + 2, y1))
        rect = pygame.Rect(int(x0), int(y0), max(1, int(x1 - x0)), max(1, int(y1 - y0)))
        self.painter.panel(screen, rect, (90, 140, 255, 50))
        pygame.draw.rect(screen, (120, 170, 255), rect, 1)

    def _toggle_panel(self, name: str) -> None:
        self.panel = None if self.panel == name else name

    def identify(self) -> None:
        """F6: identify the pattern on screen (on the worker); the result shows in the side panel."""
        w, h = self.size
        x0, y0, cw, ch = self.camera.viewport(w, h).cells
        self.identity = "busy"
        self.panel = "identify"

        def failed(err):
            self.identity = None
            self.panel = None
            self.sim.report(err)

        self.sim.identify((x0, y0, cw, ch), on_done=lambda ident: setattr(self, "identity", ident),
                          on_error=failed)

    def next_theme(self) -> None:
        """B: the next colour theme."""
        names = sorted(THEMES)
        name = names[(names.index(self.painter.theme.name) + 1) % len(names)] \
            if self.painter.theme.name in names else names[0]
        self.painter.set_theme(name)
        self.notify(T.tr(self.lang, "theme_msg", name=T.theme_name(self.lang, name)))

    def toggle_trails(self) -> None:
        """D: colour cells by age (born, young, old, and the trail dead cells leave), or not."""
        self.notify(T.tr(self.lang, "trails_on" if self.trails.toggle() else "trails_off"))
        self._frame = None  # redraw the picture in the new colours

    def _zoom_level(self, ev) -> None:
        k = ev.key
        digit = k - pygame.K_1 + 1 if pygame.K_1 <= k <= pygame.K_8 else int(ev.unicode)
        self.camera.zoom_to(digit - 1, self._mouse, self.size)
        self.notify(T.tr(self.lang, "zoom_msg", zoom=T.fmt_zoom(self.camera.zoom)))

    def _pan(self, ev) -> None:
        w, h = self.size
        dx = {pygame.K_LEFT: w / 8, pygame.K_RIGHT: -w / 8}.get(ev.key, 0)
        dy = {pygame.K_UP: h / 8, pygame.K_DOWN: -h / 8}.get(ev.key, 0)
        self.camera.pan(dx, dy)

    def _toggle_help(self) -> None:
        self.show_help = not self.show_help

    def _toggle_grid(self) -> None:
        self.grid = not self.grid
        self.notify(T.tr(self.lang, "grid_on" if self.grid else "grid_off"))

    def fit(self) -> None:
        """F: centre the live cells (or the grid, or the origin) in the area below the HUD and zoom to show them
        whole. While a step is in flight it uses the bounding box the last step left."""
        u = self.universe
        if u is None:
            self.sim.defer(self.fit)
            return
        if self.sim.stepping:
            shown = self.sim.shown
            if shown is None or shown.bbox is None:
                self.sim.defer(self.fit)
                return
            box = shown.bbox
        else:
            box = u.bbox
        if box is None and u.topology.is_finite:
            t = u.topology
            box = (t.x0, t.y0, t.width, t.height)
        self._fit_box(box)

    def _fit_box(self, box) -> None:
        w, h = self.size
        top = self._hud_rect.bottom if (self.hud and self._hud_rect is not None) else 0
        top = top if h - top >= h // 2 else 0  # a tiny window: fit in the whole of it
        self.camera.fit(box, w, h - top)
        self.camera.cy -= top / (2 * self.camera.zoom)  # the box's centre goes to the centre of the free area

    def toggle_follow(self) -> None:
        """Shift+F: follow the pattern (re-centre on it as it moves, zooming out when it outgrows the view)."""
        self.follow = not self.follow
        self.notify(T.tr(self.lang, "follow_on" if self.follow else "follow_off"))
        if self.follow:
            self.fit()

    def _follow(self) -> None:
        """Keep the last step's bounding box in view (Shift+F)."""
        shown = self.sim.shown
        if not self.follow or shown is None or shown.bbox is None or shown.version == self._followed:
            return
        self._followed = shown.version
        x, y, bw, bh = shown.bbox
        w, h = self.size
        x0, y0 = self.camera.pixel_of(x, y, w, h)
        x1, y1 = self.camera.pixel_of(x + bw, y + bh, w, h)
        top = self._hud_rect.bottom if (self.hud and self._hud_rect is not None) else 0
        if x1 - x0 > 0.9 * w or y1 - y0 > 0.9 * (h - top):
            self._fit_box(shown.bbox)
        else:
            self.camera.cx, self.camera.cy = x + bw / 2, y + bh / 2 - top / (2 * self.camera.zoom)

    def random_soup(self) -> None:
        """R: a new random soup (see ``Controller.random_soup``), on the plane sized and centred by the view."""
        self.sim.random_soup(lambda: (*self.size, self.camera.zoom, self.camera.cx, self.camera.cy))
