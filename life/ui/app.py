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
import re
import time
from collections import deque
from pathlib import Path

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from ..atomic import replacing
from ..pattern import Pattern
from ..render import RenderError, render
from ..rules import Rule
from ..soup import SoupSpec
from . import keys
from . import text as T
from .camera import MAX_EXP, MIN_EXP, Camera
from .controller import DELAY_BASE, Controller, check_sources
from .draw import Painter, indices_to_surface
from .editor import stroke_cells
from .picker import Prompt

__all__ = ["App"]

NOTICE_AFTER = 0.15  # show "compiling"/"loading" notices for jobs running longer than this (no flashes)
PROGRESS_AFTER = 0.25


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text or "").strip("-").lower() or "pattern"


class App:
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
        self.actions = self._key_actions()  # action name (of life.ui.keys) -> handler(key event)
        self._frame = None  # (indices, surface, key) of the last rendered universe frame
        self._pop_cache = (None, 0)
        self._mouse = None  # last pointer position
        self._stroke = None  # the last pointer position of the stroke being drawn with the mouse
        self._drag = None  # (button, last position) of a right/middle-button pan
        self._shift = False
        self._wheel = 0.0
        self._skip_text = set()
        self._message = None  # (text, is_error, expiry time)
        self._shot_path = None
        self._frame_times: deque = deque(maxlen=240)
        self._frames = 0
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
        """The window's loop until Esc or the window closes."""
        try:
            while not self.quit:
                self.frame()
                self.clock.tick(max_fps)
        finally:
            self.close()

    def frame(self, wait: bool = False) -> None:
        """One frame: handle pending events, collect results, draw, schedule simulation work, show.

        ``wait``: first wait for a step in flight to finish, so the frame shows its result (benchmarks)."""
        for ev in pygame.event.get():
            self.handle_event(ev)
        if wait and self.sim.stepping and self.sim.worker.threaded:
            self.sim.wait()
        self.sim.collect()
        self.draw()
        if self._shot_path is not None:
            self._save_screenshot(self._shot_path)
            self._shot_path = None
        self.sim.schedule()
        pygame.display.flip()
        self._frames += 1
        self._frame_times.append(time.perf_counter())

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
        """Draw the universe (re-rendered only when it or the view changed) and the overlays."""
        screen = self.screen
        w, h = screen.get_size()
        u = self.universe
        if u is not None and not self.sim.stepping and not self.editor.queued:
            key = (id(u), self.sim.version, self.camera.state(), (w, h), self.grid, self.painter.theme.name)
            if self._frame is None or self._frame[2] != key:
                try:
                    idx = render(u, self.camera.viewport(w, h), grid=self.grid)
                except RenderError as e:
                    self.sim.report(e)
                    self.camera.zoom_by(1)
                else:
                    self._frame = (idx, indices_to_surface(idx, self.painter.palette), key)
        screen.fill(self.painter.theme.dead)
        if self._frame is not None:
            screen.blit(self._frame[1], (0, 0))
        if self.hud and u is not None:
            self.painter.lines(screen, self.hud_lines(), 8, 8, size=20,
                               colors={2: (255, 208, 90)} if self.running else None)
        if self.tour is not None:
            self.tour.draw(screen)
        self._draw_notices(screen)
        if self.show_help:
            self.painter.help(screen, T.tr(self.lang, "help_title"), keys.help_rows(self.lang),
                              T.tr(self.lang, "help_close"))
        if self.prompt is not None:
            p = self.prompt
            if p.kind == "open":
                title, hint = T.tr(self.lang, "open_prompt"), T.tr(self.lang, "open_keys")
            else:
                title, hint = T.tr(self.lang, "save_prompt"), T.tr(self.lang, "save_keys")
            status = None
            if p.busy:
                status = T.tr(self.lang, "working")
            elif p.kind == "open" and not p.candidates:
                status = T.tr(self.lang, "no_library" if p.library_error and not p.text else "no_matches")
            self.painter.prompt(screen, title, hint, p, status)

    def _draw_notices(self, screen) -> None:
        cur = self.sim.worker.current
        if cur is not None and cur[2] > NOTICE_AFTER:
            kind, info, _ = cur
            if kind == "warm":
                self.painter.banner(screen, T.tr(self.lang, "compiling", rule=info[1]))
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
        """The HUD's three lines of text."""
        L = self.lang
        u = self.universe
        if u is None:
            return [T.tr(L, "loading", what=self.name or "")]
        if self._pop_cache[0] != (id(u), self.sim.version) and not self.sim.stepping:
            self._pop_cache = ((id(u), self.sim.version), None if u.background else u.population)
        pop = self._pop_cache[1]
        gen = u.generation
        speed = self.speed
        speed_text = (f"{T.tr(L, 'step')} 2^{speed}" if speed > 0 else f"{T.tr(L, 'step')} 1") \
            if speed >= 0 else T.tr(L, "delay", ms=round(1000 * DELAY_BASE * 2 ** -speed))
        state = T.tr(L, "running" if self.running else "paused")
        line3 = (f"{self.gens_per_second():,.0f} {T.tr(L, 'gens_per_s')}   {self.frames_per_second():.0f} "
                 f"{T.tr(L, 'fps')}   {speed_text}   {state}")
        if L == "es":
            line3 = line3.replace(",", ".")
        if self._mouse is not None and self.prompt is None:
            x, y = self.camera.cell_at(*self._mouse, *self.size)
            line3 += f"   x {x}, y {y}"
        pop = "∞" if pop is None else T.fmt_int(pop, L)  # None: a B0 rule's live infinite background
        return [f"{T.tr(L, 'generation')} {T.fmt_int(gen, L)}   {T.tr(L, 'population')} {pop}",
                f"{T.tr(L, 'rule')} {u.rule.with_topology(None).bs}   {T.tr(L, 'topology')} {u.topology}   "
                f"{T.tr(L, 'zoom')} {T.fmt_zoom(self.camera.zoom)}",
                line3]

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
            if self.prompt is not None:
                self._prompt_key(ev)
            else:
                self._key(ev)
        elif t == pygame.KEYUP:
            if ev.key in (pygame.K_LSHIFT, pygame.K_RSHIFT):
                self._shift = False
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
            if ev.button == 1:
                self._stroke_begin(ev.pos)
            else:
                self._drag = (ev.button, ev.pos)
        elif t == pygame.MOUSEBUTTONUP:
            self._mouse = ev.pos
            if ev.button == 1 and self._stroke is not None:
                self._stroke_to(ev.pos)
                self.editor.end()
                self._stroke = None
                self.editor.flush()
            elif self._drag is not None and ev.button == self._drag[0]:
                self._drag = None
        elif t == pygame.MOUSEMOTION:
            self._mouse = ev.pos
            if self._stroke is not None:
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
        elif self.sim.jumping:
            self.sim.cancel_jump()
        else:
            self.quit = True

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
        """F: centre the live cells (or the grid, or the origin) and zoom to show them whole."""
        u = self.universe
        if u is None or self.sim.stepping:
            self.sim.defer(self.fit)
            return
        box = u.bbox
        if box is None and u.topology.is_finite:
            t = u.topology
            box = (t.x0, t.y0, t.width, t.height)
        self.camera.fit(box, *self.size)

    def random_soup(self) -> None:
        """R: a new random soup (see ``Controller.random_soup``), on the plane sized and centred by the view."""
        self.sim.random_soup(lambda: (*self.size, self.camera.zoom, self.camera.cx, self.camera.cy))

    # ------------------------------------------------------------------ prompts: open, save
    def _open_prompt(self, kind, ev=None) -> None:
        self.sim.stop()
        if kind == "open":
            self.prompt = Prompt("open")
        else:
            gen = self.universe.generation if self.universe else 0
            default = f"{_slug(self.name or 'pattern')}-gen{gen}.rle"
            self.prompt = Prompt("save", text=str(self.out_dir / default) if str(self.out_dir) != "." else default)
        if ev is not None:
            ch = pygame.key.name(ev.key)
            self._skip_text = {ch, ch.upper(), getattr(ev, "unicode", "") or ch}
        self.show_help = False

    def _prompt_key(self, ev) -> None:
        p = self.prompt
        k = ev.key
        self._skip_text = set()
        ctrl = bool(getattr(ev, "mod", 0) & (pygame.KMOD_CTRL | pygame.KMOD_META))
        if k == pygame.K_ESCAPE:
            self.prompt = None
            return
        if p.busy:
            return
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            value = p.submission()
            if value is None:
                return
            if p.kind == "open":
                self.open(value, from_prompt=True)
            else:
                self.save(value, from_prompt=True)
        elif k == pygame.K_TAB:
            p.complete()
        elif k == pygame.K_UP:
            p.move(-1)
        elif k == pygame.K_DOWN:
            p.move(1)
        elif k == pygame.K_BACKSPACE:
            p.backspace(word=ctrl)
        elif ctrl and k == pygame.K_u:
            p.text = ""
            p.refresh()

    def open(self, source: str, from_prompt: bool = False) -> None:
        """O / a dropped file: load a pattern file or bundled name on the worker; a bad one shows its error (in
        the prompt, when it came from there and is still open) and changes nothing."""
        prompt = self._busy_prompt(from_prompt)
        self.sim.open(source, on_done=lambda: self._close_prompt(prompt),
                      on_error=lambda err: self._report_failure(prompt, err))

    def save(self, path: str, from_prompt: bool = False) -> None:
        """S: write the current state as RLE (atomically, on the worker); ``.rle`` is added when missing."""
        prompt = self._busy_prompt(from_prompt)
        self.sim.save(path, on_done=lambda: self._close_prompt(prompt),
                      on_error=lambda err: self._report_failure(prompt, err))

    def _busy_prompt(self, from_prompt: bool):
        """The prompt a submission came from (None if it did not), marked busy while the worker loads or saves."""
        prompt = self.prompt if from_prompt else None
        if prompt is not None:
            prompt.busy = True
        return prompt

    def _close_prompt(self, prompt) -> None:
        """A submission succeeded: close its prompt unless another one replaced it meanwhile."""
        if self.prompt is prompt:
            self.prompt = None

    def _report_failure(self, prompt, err) -> None:
        """Show ``err`` in ``prompt`` when it is still open (so the user can correct the input), else as a notice."""
        if prompt is not None and self.prompt is prompt:
            prompt.busy = False
            prompt.error = T.one_line(err)
        else:
            self.sim.report(err)

    # ------------------------------------------------------------------ screenshot
    def screenshot(self, path=None) -> None:
        """P: save the window as PNG after the next frame is drawn (atomically)."""
        if path is None:
            gen = self.universe.generation if self.universe is not None else 0
            base = self.out_dir / f"life-{_slug(self.name or 'pattern')}-gen{gen}"
            path, i = Path(f"{base}.png"), 2
            while path.exists():
                path, i = Path(f"{base}-{i}.png"), i + 1
        self._shot_path = Path(path)

    def _save_screenshot(self, path: Path) -> None:
        try:
            # pygame picks the image format by the name's extension: the temporary file ends in .png too
            with replacing(path, suffix=".png") as tmp:
                pygame.image.save(self.screen, tmp)
            self.notify(T.tr(self.lang, "screenshot", path=str(path)))
        except (OSError, pygame.error) as e:
            self.sim.report(e)
