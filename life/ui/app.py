"""The interactive window: an event loop around one Universe, a Camera and ``life.render``.

``App`` is built so that tests can drive it without a display (``SDL_VIDEODRIVER=dummy``): post pygame events,
call ``frame()`` (events, then the worker's results, then drawing, then scheduling the next simulation work) and
inspect ``app.universe``, ``app.camera`` and ``app.screen``. ``run()`` is the real loop at up to 60 frames/s.

Simulation work per frame is bounded: generations are stepped on a worker thread in chunks sized from the measured
time per generation so a chunk takes about ``STEP_BUDGET`` seconds, and everything slow (compiling a rule's
kernel, building a universe from a file or a soup, restoring an undo snapshot, saving) runs there too, with a
notice on screen while it lasts. The universe is read (rendered, edited) only while no step is in flight.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import time
from collections import deque
from pathlib import Path

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from ..atomic import replacing
from ..engines import make_universe, resolve_topology
from ..pattern import Pattern
from ..render import RenderError, render
from ..rules import Rule
from ..soup import SoupSpec, make_soup
from . import keys
from . import text as T
from .camera import MAX_EXP, MIN_EXP, Camera
from .draw import Painter, indices_to_surface
from .history import Change, Edit, History, Snapshot
from .picker import Prompt
from .worker import Worker

__all__ = ["App", "RULES", "STEP_BUDGET", "MIN_SPEED", "MAX_SPEED"]

#: The rules L cycles through: (name, rule string).
RULES = (("Life", "B3/S23"), ("HighLife", "B36/S23"), ("Day & Night", "B3678/S34678"), ("Seeds", "B2/S"))
MIN_SPEED, MAX_SPEED = -7, 20  # speed s >= 0: 2**s generations a frame; s < 0: a generation every 2**-s / 64 s
DELAY_BASE = 1 / 64
STEP_BUDGET = 0.010  # seconds of stepping per frame while running (rendering needs the rest of ~16 ms)
JUMP_BUDGET = 0.030  # per frame during a long jump: faster progress, still ~25 frames/s
NOTICE_AFTER = 0.15  # show "compiling"/"loading" notices for jobs running longer than this (no flashes)
PROGRESS_AFTER = 0.25
SOUP_MAX_SIDE = 1024  # R on the plane without --soup: a soup of the visible area, at most this many cells a side

_WARMED: set = set()  # (engine name, rule) pairs whose kernels this process has compiled or loaded
_BLINKER = np.array([[0, 1], [1, 1], [2, 1]], dtype=np.int64)


def _warm(algo: str, rule: Rule, kind: str) -> None:
    """Compile (or load from Numba's cache) the kernels ``algo`` needs for ``rule`` on a tiny universe."""
    topo = "plane" if kind == "plane" else f"{kind}:64x64"
    tiny = make_universe(Pattern(_BLINKER, rule=rule.with_topology(None)), topo, algo=algo)
    tiny.step(1)
    tiny.step(2)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text or "").strip("-").lower() or "pattern"


def _line(p0, p1):
    """Integer points from p0 to p1 inclusive (Bresenham), for strokes between two mouse positions."""
    (x0, y0), (x1, y1) = p0, p1
    n = max(abs(x1 - x0), abs(y1 - y0))
    if n == 0:
        return [(x0, y0)]
    t = np.arange(n + 1) / n
    xs = np.rint(x0 + (x1 - x0) * t).astype(np.int64)
    ys = np.rint(y0 + (y1 - y0) * t).astype(np.int64)
    return list(zip(xs.tolist(), ys.tolist()))


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
                 topology=None, algo: str = "auto", size=(1024, 768), lang: str | None = None,
                 fullscreen: bool = False, theme: str = "dark", grid: bool = False, threaded: bool = True,
                 hud: bool = True, out_dir=".", name: str | None = None, zoom: int | None = None,
                 rule: Rule | None = None):
        if sum(x is not None for x in (pattern, soup, universe)) > 1:
            raise ValueError("give at most one of pattern, soup and universe")
        self.lang = lang if lang in T.LANGUAGES else T.default_language()
        self.algo = algo
        self.topology = topology  # the --topology override (None: each pattern's own)
        self.out_dir = Path(out_dir)
        self.hud = hud
        self.grid = grid
        self.soup_spec = soup
        self.soup_rule = (rule or Rule()).with_topology(None)
        self.name = name or (pattern.name if pattern is not None else None) or (
            f"soup {soup}" if soup is not None else None)
        self.quit = False
        self.running = False
        self.speed = 0
        self.pending = 0  # generations still owed by N, Tab or the running clock (not yet submitted)
        self._inflight = 0  # generations of the step job in flight
        self.show_help = False
        self.prompt: Prompt | None = None
        self.history = History()
        self.camera = Camera()
        self._fixed_zoom = zoom

        pygame.display.init()
        pygame.font.init()
        flags = pygame.RESIZABLE
        if fullscreen:
            flags |= pygame.FULLSCREEN
            size = (0, 0)
        self.screen = pygame.display.set_mode(tuple(size), flags)
        pygame.display.set_caption(T.tr(self.lang, "title", name=self.name or "life"))
        self.painter = Painter(theme)
        self.clock = pygame.time.Clock()
        self.worker = Worker(threaded)

        self.universe = None
        self._version = 0  # bumped whenever the universe's cells change
        self._stepping = False  # a job reading or stepping the universe is in flight: leave the universe alone
        self._replacing = False  # a job that will replace the universe is in flight
        self._ops: deque = deque()  # edits waiting for the universe to be free
        self._stroke = None  # the stroke being drawn with the mouse (its last pointer position)
        self._edit = None  # the stroke's cells and their states before it, as applied to the universe
        self._deferred: deque = deque()  # actions waiting for the worker and the universe to be free
        self._run_open = False  # the undo record for the current run of generations exists
        self._start: Snapshot | None = None  # the state Home returns to (taken when stepping leaves it)
        self._start_gen = 0
        self._spg = None  # measured seconds per generation (moving average)
        self._last_chunk = 1
        self._next_gen_at = 0.0
        self._jump = None  # [from generation, generations asked, start time] of N/Tab work
        self._frame = None  # (indices, surface, key) of the last rendered universe frame
        self._pop_cache = (None, 0)
        self._mouse = None  # last pointer position
        self._drag = None  # (button, last position) of a right/middle-button pan
        self._shift = False
        self._wheel = 0.0
        self._skip_text = set()
        self._message = None  # (text, is_error, expiry time)
        self._shot_path = None
        self._frame_times: deque = deque(maxlen=240)
        self._gen_times: deque = deque()
        self._gps_since = None
        self._frames = 0
        self.actions = self._key_actions()  # action name (of life.ui.keys) -> handler(key event)

        if universe is not None:
            self._install(universe, fit=True)
        else:
            if pattern is None and soup is None:
                pattern = Pattern(rule=Rule())
            def failed(err):  # keep a usable window: an empty plane, and the reason on screen
                self.notify(T.tr(self.lang, "error", msg=_one_line(err)), error=True)
                self._install(make_universe(Pattern(rule=self.soup_rule), "plane"), fit=True)

            self._replace_async(lambda: self._build(pattern, soup), "load", fit=True, on_error=failed,
                                what=self.name or T.tr(self.lang, "empty"))
        self._collect()

    # ------------------------------------------------------------------ building universes
    def _topology_for(self, pattern: Pattern):
        return resolve_topology(pattern, self.topology)

    def _build(self, pattern: Pattern | None, soup: SoupSpec | None):
        """(universe, name) for a pattern or a soup (runs on the worker)."""
        if soup is not None:
            topo = resolve_topology(Pattern(rule=self.soup_rule), self.topology)
            pattern = make_soup(soup, self.soup_rule.with_topology(topo if topo.kind != "plane" else None))
        return make_universe(pattern, self._topology_for(pattern), algo=self.algo), pattern.name

    def _replace_async(self, build, label, fit=False, record=None, what=None, on_done=None, on_error=None,
                       keep_start=False):
        """Run ``build() -> (universe, name)`` on the worker, then install the result (see ``_install``)."""

        def ok(value, seconds):
            universe, name = value
            if record is not None:
                self.history.push(record)
            self._install(universe, fit=fit, name=name, keep_start=keep_start)
            if on_done is not None:
                on_done()

        def fail(err):
            if on_error is not None:
                on_error(err)
            else:
                self.notify(T.tr(self.lang, "error", msg=_one_line(err)), error=True)

        self._replacing = True
        self._submit("replace", (ok, fail, what or label), build)

    def _install(self, universe, fit=False, name=None, keep_start=False) -> None:
        """Make ``universe`` the one shown and stepped."""
        self.universe = universe
        if name is not None:
            self.name = name
            pygame.display.set_caption(T.tr(self.lang, "title", name=name))
        self._version += 1
        self._spg = None
        self._last_chunk = 1
        self._run_open = False
        if not keep_start:
            self._start, self._start_gen = None, universe.generation
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

    # ------------------------------------------------------------------ worker plumbing
    def _submit(self, kind, info, fn, *args) -> None:
        self.worker.submit(kind, info, fn, *args)

    @property
    def busy(self) -> bool:
        """True while the worker has a job in flight."""
        return self.worker.busy

    def _collect(self) -> None:
        """Take the worker's finished job, then apply edits and actions that waited for a free universe."""
        res = self.worker.poll()
        if res is not None:
            self._finish(res)
        if not self._stepping and not self._replacing and self.universe is not None:
            self._flush_ops()
            while self._deferred and not self.worker.busy:
                self._deferred.popleft()()

    def _finish(self, res) -> None:
        if res.kind == "step":
            self._stepping = False
            n = res.info
            if res.error is not None:
                self.running, self.pending, self._jump, self._inflight = False, 0, None, 0
                self.notify(T.tr(self.lang, "error", msg=_one_line(res.error)), error=True)
                return
            self._version += 1
            self._inflight = 0
            spg = res.seconds / n
            self._spg = spg if self._spg is None else 0.7 * self._spg + 0.3 * spg
            self._last_chunk = n
            self._gen_times.append((time.perf_counter(), n))
            if self.pending == 0:
                self._jump = None
        elif res.kind == "warm":
            _WARMED.add(res.info)
            if res.error is not None:
                self.notify(T.tr(self.lang, "error", msg=_one_line(res.error)), error=True)
        else:  # replace, save: (on success, on error, label)
            if res.kind == "replace":
                self._replacing = False
            else:
                self._stepping = False
            ok, fail = res.info[0], res.info[1]
            if res.error is not None:
                fail(res.error)
            else:
                ok(res.value, res.seconds)

    def _when_free(self, action) -> None:
        """Run ``action`` now if nothing is in flight, else as soon as the worker is idle."""
        if not self.worker.busy and self.universe is not None and not self._ops:
            action()
        else:
            self._deferred.append(action)

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
        if wait and self._stepping and self.worker.threaded:
            res = self.worker.wait()
            if res is not None:
                self._finish(res)
        self._collect()
        self.draw()
        if self._shot_path is not None:
            self._save_screenshot(self._shot_path)
            self._shot_path = None
        self._schedule()
        pygame.display.flip()
        self._frames += 1
        self._frame_times.append(time.perf_counter())

    def settle(self, max_frames: int = 10_000) -> None:
        """Run frames until no job is in flight and no N/Tab generations, edits or actions are owed (while
        running, until the job in flight is collected). For tests and scripts."""
        for _ in range(max_frames):
            if self.worker.busy:
                res = self.worker.wait(timeout=120) if self.worker.threaded else self.worker.poll()
                if res is not None:
                    self._finish(res)
            self._collect()
            if not (self.worker.busy or self._ops or self._deferred or (self.pending and not self.running)):
                return
            self.frame()

    def close(self) -> None:
        """Stop the worker and close the window."""
        self.worker.close()
        pygame.display.quit()

    def _schedule(self) -> None:
        """Give the worker its next job: warm the rule's kernels, or step a chunk of owed generations."""
        if self.worker.busy or self.universe is None or self._ops or self._deferred:
            return
        u = self.universe
        key = (getattr(u, "name", type(u).__name__), u.rule.with_topology(None).bs, u.topology.kind)
        if key not in _WARMED:
            self._submit("warm", key, _warm, key[0], u.rule, u.topology.kind)
            return
        now = time.perf_counter()
        if self.running and self.pending == 0:
            if self.speed >= 0:
                self.pending = 2 ** self.speed
            elif now >= self._next_gen_at:
                self.pending = 1
                self._next_gen_at = now + DELAY_BASE * 2 ** (-self.speed)
        if self.pending <= 0:
            return
        budget = JUMP_BUDGET if (self._jump is not None and not self.running) else STEP_BUDGET
        n = 1 if self._spg is None else max(1, min(int(budget / max(self._spg, 1e-9)), 2 * self._last_chunk))
        n = min(n, self.pending)
        self._open_run_record()
        self.pending -= n
        self._inflight = n
        self._stepping = True
        self._submit("step", n, u.step, n)

    def _open_run_record(self) -> None:
        """Before generations advance: remember the state for undo (once per run) and for Home."""
        if self._run_open:
            return
        snap = Snapshot.take(self.universe, self.name)
        self.history.push(Change(snap, "run"))
        self._run_open = True
        if self.universe.generation == self._start_gen:
            self._start = snap

    # ------------------------------------------------------------------ drawing
    def draw(self) -> None:
        """Draw the universe (re-rendered only when it or the view changed) and the overlays."""
        screen = self.screen
        w, h = screen.get_size()
        u = self.universe
        if u is not None and not self._stepping and not self._ops:
            key = (id(u), self._version, self.camera.state(), (w, h), self.grid, self.painter.theme.name)
            if self._frame is None or self._frame[2] != key:
                try:
                    idx = render(u, self.camera.viewport(w, h), grid=self.grid)
                except RenderError as e:
                    self.notify(T.tr(self.lang, "error", msg=_one_line(e)), error=True)
                    self.camera.zoom_by(1)
                else:
                    self._frame = (idx, indices_to_surface(idx, self.painter.palette), key)
        screen.fill(self.painter.theme.dead)
        if self._frame is not None:
            screen.blit(self._frame[1], (0, 0))
        if self.hud and u is not None:
            self.painter.lines(screen, self.hud_lines(), 8, 8, size=20,
                               colors={2: (255, 208, 90)} if self.running else None)
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
        cur = self.worker.current
        if cur is not None and cur[2] > NOTICE_AFTER:
            kind, info, _ = cur
            if kind == "warm":
                self.painter.banner(screen, T.tr(self.lang, "compiling", rule=info[1]))
            elif kind == "replace":
                self.painter.banner(screen, T.tr(self.lang, "loading", what=info[2]))
            elif kind == "step" and self._jump is None:
                self.painter.banner(screen, T.tr(self.lang, "working"))
        if self._jump is not None and (self.pending or self._inflight) and self.universe is not None:
            g0, total, t0 = self._jump
            if time.perf_counter() - t0 > PROGRESS_AFTER:
                target = g0 + total
                gen = target - self.pending - self._inflight
                frac = (gen - g0) / max(1, total)
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
        if self._pop_cache[0] != (id(u), self._version) and not self._stepping:
            self._pop_cache = ((id(u), self._version), u.population)
        pop = self._pop_cache[1]
        gen = u.generation
        speed = (f"{T.tr(L, 'step')} 2^{self.speed}" if self.speed > 0 else f"{T.tr(L, 'step')} 1") \
            if self.speed >= 0 else T.tr(L, "delay", ms=round(1000 * DELAY_BASE * 2 ** -self.speed))
        state = T.tr(L, "running" if self.running else "paused")
        line3 = (f"{self.gens_per_second():,.0f} {T.tr(L, 'gens_per_s')}   {self.frames_per_second():.0f} "
                 f"{T.tr(L, 'fps')}   {speed}   {state}")
        if L == "es":
            line3 = line3.replace(",", ".")
        if self._mouse is not None and self.prompt is None:
            x, y = self.camera.cell_at(*self._mouse, *self.size)
            line3 += f"   x {x}, y {y}"
        return [f"{T.tr(L, 'generation')} {T.fmt_int(gen, L)}   {T.tr(L, 'population')} {T.fmt_int(pop, L)}",
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
        now = time.perf_counter()
        gt = self._gen_times
        while gt and now - gt[0][0] > 1.0:
            gt.popleft()
        if not gt:
            self._gps_since = None
            return 0.0
        if self._gps_since is None:
            self._gps_since = gt[0][0]
        return sum(n for _, n in gt) / max(0.05, min(1.0, now - self._gps_since))

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
                self._ops.append(("end",))
                self._stroke = None
                self._try_flush()
            elif self._drag is not None and ev.button == self._drag[0]:
                self._drag = None
        elif t == pygame.MOUSEMOTION:
            self._mouse = ev.pos
            if self._stroke is not None:
                self._stroke_to(ev.pos)
                self._try_flush()
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

    def _key(self, ev) -> None:
        """A key press outside the prompts: the action ``life.ui.keys`` binds it to, if any."""
        mod = getattr(ev, "mod", 0)
        shift = bool(mod & pygame.KMOD_SHIFT) or self._shift
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        binding = keys.find(ev.key, getattr(ev, "unicode", "") or "", shift, ctrl)
        if binding is not None:
            self.actions[binding.action](ev)

    def _key_actions(self) -> dict:
        """Every action of the key table (``life.ui.keys``) with its handler, a function of the key event."""
        return {
            "run": lambda ev: self.toggle_running(),
            "step": lambda ev: self.step(1),
            "jump": lambda ev: self.step(2 ** max(0, self.speed)),
            "faster": lambda ev: self.set_speed(self.speed + 1),
            "slower": lambda ev: self.set_speed(self.speed - 1),
            "speed_reset": lambda ev: self.set_speed(0, reset=True),
            "zoom_level": self._zoom_level,
            "fit": lambda ev: self.fit(),
            "zoom_out": lambda ev: self.camera.zoom_by(-1, self._mouse, self.size),
            "zoom_in": lambda ev: self.camera.zoom_by(1, self._mouse, self.size),
            "pan": self._pan,
            "soup": lambda ev: self.random_soup(),
            "clear": lambda ev: self.clear(),
            "reset": lambda ev: self.reset(),
            "undo": lambda ev: self.undo(),
            "redo": lambda ev: self.redo(),
            "grid": lambda ev: self._toggle_grid(),
            "help": lambda ev: self._toggle_help(),
            "open": lambda ev: self._open_prompt("open", ev),
            "save": lambda ev: self._open_prompt("save", ev),
            "screenshot": lambda ev: self.screenshot(),
            "rule_next": lambda ev: self.cycle_rule(1),
            "rule_previous": lambda ev: self.cycle_rule(-1),
            "escape": self._escape,
        }

    def _escape(self, ev) -> None:
        if self.show_help:
            self.show_help = False
        elif self._jump is not None and (self.pending or self._inflight):
            self.pending, self._jump = 0, None
            self._when_free(lambda: self.notify(T.tr(self.lang, "jump_cancelled", gen=T.fmt_int(
                self.universe.generation, self.lang))))
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

    # ------------------------------------------------------------------ simulation controls
    def toggle_running(self) -> None:
        """Enter/Space: start or stop generating."""
        self.running = not self.running
        self.pending = 0 if not self.running else self.pending
        self._jump = None
        self._next_gen_at = 0.0

    def step(self, n: int) -> None:
        """N/Tab: stop running and advance ``n`` generations (bounded work per frame, progress shown)."""
        if self.universe is None:
            return
        if self.running:
            self.running, self.pending = False, 0
        if self._jump is None or not (self.pending or self._inflight):
            self._jump = [self.universe.generation + self._inflight, 0, time.perf_counter()]
        self._jump[1] += n
        self.pending += n

    def set_speed(self, speed: int, reset: bool = False) -> None:
        """+/-/0: 2**speed generations a frame for speed >= 0, else one generation every 2**-speed / 64 s."""
        self.speed = max(MIN_SPEED, min(MAX_SPEED, int(speed)))
        if reset:
            msg = T.tr(self.lang, "speed_reset")
        elif self.speed >= 0:
            msg = T.tr(self.lang, "speed_gens", n=T.fmt_int(2 ** self.speed, self.lang))
        else:
            msg = T.tr(self.lang, "speed_delay", ms=round(1000 * DELAY_BASE * 2 ** -self.speed))
        self.notify(msg)

    def fit(self) -> None:
        """F: centre the live cells (or the grid, or the origin) and zoom to show them whole."""
        u = self.universe
        if u is None or self._stepping:
            self._deferred.append(self.fit)
            return
        box = u.bbox
        if box is None and u.topology.is_finite:
            t = u.topology
            box = (t.x0, t.y0, t.width, t.height)
        self.camera.fit(box, *self.size)

    # ------------------------------------------------------------------ editing
    def _stroke_begin(self, pos) -> None:
        erase = self._shift or bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
        self._stroke = {"erase": erase, "last": pos}
        self._ops.append(("begin", erase))
        self._ops.append(("paint", [self.camera.cell_at(*pos, *self.size)]))
        self._try_flush()

    def _stroke_to(self, pos) -> None:
        s = self._stroke
        (lx, ly), (x, y) = s["last"], pos
        w, h = self.size
        cells = []
        last_cell = None
        for px, py in _line((int(lx), int(ly)), (int(x), int(y))):
            c = self.camera.cell_at(px, py, w, h)
            if c != last_cell:
                cells.append(c)
                last_cell = c
        s["last"] = pos
        self._ops.append(("paint", cells))

    def _try_flush(self) -> None:
        if not self._stepping and not self._replacing and self.universe is not None:
            self._flush_ops()

    def _flush_ops(self) -> None:
        """Apply queued stroke operations to the universe (which is free)."""
        while self._ops:
            op = self._ops.popleft()
            if op[0] == "begin":
                self._edit = {"erase": op[1], "cells": {}, "order": []}
                self._run_open = False
            elif op[0] == "paint":
                self._paint(op[1])
            elif op[0] == "end":
                self._end_edit()

    def _paint(self, cells) -> None:
        e = self._edit
        if e is None:
            return
        u = self.universe
        alive = not e["erase"]
        topo = u.topology
        out = []
        for x, y in cells:
            if topo.kind == "torus":
                x = (x - topo.x0) % topo.width + topo.x0
                y = (y - topo.y0) % topo.height + topo.y0
            elif topo.kind == "bounded" and not (topo.x0 <= x < topo.x0 + topo.width
                                                 and topo.y0 <= y < topo.y0 + topo.height):
                self.notify(T.tr(self.lang, "outside_grid"), error=True)
                continue
            if (x, y) not in e["cells"]:
                out.append((x, y))
        if not out:
            return
        arr = np.array(out, dtype=np.int64)
        x0, y0 = arr.min(axis=0)
        x1, y1 = arr.max(axis=0)
        if (x1 - x0 + 1) * (y1 - y0 + 1) <= 1 << 20:
            reg = u.region(int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1))
            before = reg[arr[:, 1] - y0, arr[:, 0] - x0]
        else:
            before = np.array([u.region(int(x), int(y), 1, 1)[0, 0] for x, y in out], dtype=bool)
        for (x, y), b in zip(out, before.tolist()):
            e["cells"][(x, y)] = b
            e["order"].append((x, y))
        change = before != alive
        if change.any():
            u.set_cells(arr[change], alive)
            self._version += 1

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
        self.history.push(Edit(cells[changed], before[changed], np.full(int(changed.sum()), alive), e["erase"]))
        self._run_open = False

    def set_cells(self, coords, alive: bool = True) -> None:
        """Programmatic edit recorded for undo like a stroke (the universe must be free)."""
        self._ops.append(("begin", not alive))
        self._ops.append(("paint", [tuple(map(int, c)) for c in np.asarray(coords).reshape(-1, 2)]))
        self._ops.append(("end",))
        self._try_flush()

    # ------------------------------------------------------------------ undo, reset, clear, soup, rules
    def _stop(self) -> None:
        self.running, self.pending, self._jump = False, 0, None

    def undo(self) -> None:
        """Z: undo the last edit or state change."""
        self._travel(undo=True)

    def redo(self) -> None:
        """Shift+Z: redo what undo undid."""
        self._travel(undo=False)

    def _travel(self, undo: bool) -> None:
        """Move one record from the undo stack to the redo stack (or back), restoring its state."""
        self._stop()
        word = "undo" if undo else "redo"
        src, dst = (self.history.undo, self.history.redo) if undo else (self.history.redo, self.history.undo)

        def act():
            if not src:
                self.notify(T.tr(self.lang, f"nothing_{word}"))
                return
            rec = src.pop()
            self._run_open = False
            if isinstance(rec, Edit):
                rec.apply(self.universe, undo=undo)
                self._version += 1
                dst.append(rec)
                self.notify(T.tr(self.lang, word, what=T.tr(self.lang, "erase" if rec.erase else "edit")))
                return
            if undo:
                rec.after = Snapshot.take(self.universe, self.name)
            what = self._change_label(rec)
            self._restore(rec.before if undo else rec.after,
                          on_done=lambda: (dst.append(rec), self.notify(T.tr(self.lang, word, what=what))),
                          on_error=lambda err: self._restore_failed(rec, err, src))

        self._when_free(act)

    def _change_label(self, rec: Change) -> str:
        if rec.label == "run" and rec.after is not None:
            return T.tr(self.lang, "run", a=T.fmt_int(rec.before.generation, self.lang),
                        b=T.fmt_int(rec.after.generation, self.lang))
        return rec.label

    def _restore_failed(self, rec, err, stack) -> None:
        stack.append(rec)
        self.notify(T.tr(self.lang, "error", msg=_one_line(err)), error=True)

    def _restore(self, snap: Snapshot, on_done=None, on_error=None, record=None) -> None:
        """Rebuild the universe from ``snap`` on the worker (same topology and engine)."""
        topo = self.universe.topology
        algo = self.algo
        pat_name = self.name

        def build():
            p = snap.pattern()
            return make_universe(p, topo, algo=algo), pat_name

        self._replace_async(build, "restore", record=record, on_done=on_done, on_error=on_error, keep_start=True,
                            what=T.tr(self.lang, "generation") + " " + T.fmt_int(snap.generation, self.lang))

    def reset(self) -> None:
        """Home: back to the starting generation (the state when generating last left it)."""
        self._stop()

        def act():
            u = self.universe
            if self._start is None:
                return  # never stepped away from the start
            if u.generation == self._start.generation and self._run_open:
                return  # still exactly the start: nothing stepped or edited since
            snap = self._start
            rec = Change(Snapshot.take(u, self.name), "reset")
            self._restore(snap, record=rec, on_done=lambda: (
                setattr(self, "_start", snap),
                self.notify(T.tr(self.lang, "reset", gen=T.fmt_int(snap.generation, self.lang)))))

        self._when_free(act)

    def clear(self) -> None:
        """C: kill every cell (undoable)."""

        def act():
            u = self.universe
            if u.population == 0:
                return
            rec = Change(Snapshot.take(u, self.name), "clear")
            empty = Pattern(rule=u.rule, generation=u.generation)
            self.history.push(rec)
            self._install(make_universe(empty, u.topology, algo=self.algo), keep_start=True)
            self.notify(T.tr(self.lang, "cleared"))

        self._when_free(act)

    def random_soup(self) -> None:
        """R: a new random soup (the --soup size and density with a new seed; else the whole grid, or the
        visible area on the plane), centred in the view on the plane."""
        self._stop()

        def act():
            u = self.universe
            topo = u.topology
            seed = secrets.randbits(32)
            if self.soup_spec is not None:
                spec = SoupSpec(self.soup_spec.width, self.soup_spec.height, self.soup_spec.density, seed)
            elif topo.is_finite:
                spec = SoupSpec(topo.width, topo.height, 0.5, seed)
            else:
                w, h = self.size
                z = self.camera.zoom
                sw = max(16, min(SOUP_MAX_SIDE, int(w * 0.8 / z)))
                sh = max(16, min(SOUP_MAX_SIDE, int(h * 0.8 / z)))
                spec = SoupSpec(sw, sh, 0.5, seed)
            rule = u.rule
            if topo.kind == "plane":
                cx, cy = round(self.camera.cx), round(self.camera.cy)
            else:
                cx = cy = 0
            if topo.kind == "bounded":
                spec = SoupSpec(min(spec.width, topo.width), min(spec.height, topo.height), spec.density, seed)
            rec = Change(Snapshot.take(u, self.name), "soup")
            algo = self.algo
            name = f"soup {spec}"

            def build():
                p = make_soup(spec, rule)
                if cx or cy:
                    p = p.translated(cx, cy)
                return make_universe(p.replace(generation=0), topo, algo=algo), name

            self._replace_async(build, "soup", record=rec, what=name,
                                on_done=lambda: self.notify(T.tr(self.lang, "soup", spec=spec)))

        self._when_free(act)

    def cycle_rule(self, direction: int = 1) -> None:
        """L / Shift+L: the next (previous) rule of RULES, keeping the cells and the topology."""

        def act():
            u = self.universe
            current = u.rule.with_topology(None).bs
            names = [Rule.parse(r).bs for _, r in RULES]
            i = names.index(current) + direction if current in names else (0 if direction > 0 else -1)
            label, text = RULES[i % len(RULES)]
            new_rule = Rule.parse(text).with_topology(u.rule.topology)
            snap = Snapshot.take(u, self.name)
            rec = Change(snap, "rule")
            topo, algo, name = u.topology, self.algo, self.name

            def build():
                p = snap.pattern().replace(rule=new_rule)
                return make_universe(p, topo, algo=algo), name

            self._replace_async(build, "rule", record=rec, what=f"{label} {new_rule.bs}",
                                on_done=lambda: self.notify(T.tr(self.lang, "rule_changed",
                                                                 rule=f"{label} ({new_rule.bs})")))

        self._when_free(act)

    # ------------------------------------------------------------------ open, save, screenshot
    def _open_prompt(self, kind, ev=None) -> None:
        self._stop()
        if kind == "open":
            self.prompt = Prompt("open")
        else:
            default = f"{_slug(self.name or 'pattern')}-gen{self.universe.generation if self.universe else 0}.rle"
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
        """O / a dropped file: load a pattern file or bundled name on the worker; a bad one shows its error and
        changes nothing."""
        import life

        source = os.path.expanduser(str(source))
        prompt = self.prompt if from_prompt else None
        if prompt is not None:
            prompt.busy = True
        self._stop()

        def build():
            pat = life.load(source)
            return make_universe(pat, self._topology_for(pat), algo=self.algo), (
                pat.name or Path(source).name)

        def failed(err):
            self._report_failure(prompt, err)

        def act():
            old = Snapshot.take(self.universe, self.name)

            def done():
                self.history.undo.append(Change(old, "open"))
                self.history.redo.clear()
                if self.prompt is prompt:
                    self.prompt = None
                self.notify(T.tr(self.lang, "opened", name=self.name))

            self._replace_async(build, "open", fit=True, what=source, on_done=done, on_error=failed)

        self._when_free(act)

    def _report_failure(self, prompt, err) -> None:
        """Show ``err`` in ``prompt`` when it is still open (so the user can correct the input), else as a notice."""
        if prompt is not None and self.prompt is prompt:
            prompt.busy = False
            prompt.error = _one_line(err)
        else:
            self.notify(T.tr(self.lang, "error", msg=_one_line(err)), error=True)

    def save(self, path: str, from_prompt: bool = False) -> None:
        """S: write the current state as RLE (atomically, on the worker); ``.rle`` is added when missing."""
        import life

        path = os.path.expanduser(str(path).strip())
        if not path.lower().endswith((".rle", ".rle.gz")):
            path += ".rle"
        prompt = self.prompt if from_prompt else None
        if prompt is not None:
            prompt.busy = True

        def ok(value, seconds):
            if prompt is not None and self.prompt is prompt:
                self.prompt = None
            self.notify(T.tr(self.lang, "saved", path=path))

        def fail(err):
            self._report_failure(prompt, err)

        def act():
            u, name = self.universe, self.name
            self._stepping = True  # the worker reads the universe: leave it alone until the save is done
            self._submit("save", (ok, fail, path), lambda: life.save(u.to_pattern(name=name), path))

        self._when_free(act)

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
            self.notify(T.tr(self.lang, "error", msg=_one_line(e)), error=True)


def _one_line(err) -> str:
    if isinstance(err, OSError) and getattr(err, "filename", None):
        return f"{err.filename}: {err.strerror or err}"
    return " ".join(str(err).split()) or type(err).__name__
