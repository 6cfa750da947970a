"""The window's simulation without pygame: one Universe, the background Worker, and the schedule of its steps.

A ``Controller`` holds the universe the window shows, its speed, pause/run state and owed generations, and runs
everything slow on a ``Worker`` (``life.ui.worker``): stepping, in chunks sized from the measured time per
generation so a chunk takes about ``STEP_BUDGET`` seconds; compiling a rule's kernels; building a universe from a
file, a soup or an undo snapshot; saving. The universe is read or edited only while no step, save or replacement
is in flight (``universe_free``); what waits for that runs from ``collect``, which the window calls once a frame
before ``schedule``. State changes that replace or advance the universe leave ``Change`` records in ``history``;
its ``editor`` (``life.ui.editor``) does strokes and undo/redo.

The window stays in charge of showing things: ``notify(text, error)`` receives the messages to show, and
``on_install(fit, renamed)`` is called whenever a new universe is installed (to fit the view on it, retitle...).
"""

from __future__ import annotations

import math
import os
import secrets
import time
from collections import deque
from pathlib import Path

import numpy as np

from ..engines import make_universe, resolve_topology
from ..pattern import Pattern
from ..rules import Rule
from ..soup import SoupSpec
from . import text as T
from .editor import Editor
from .history import Change, History, Snapshot
from .jobs import Shown, pattern_meta, soup_universe, step_and_view
from .jobs import warm as _warm  # a module name the tests replace
from .worker import Worker

__all__ = ["Controller", "Shown", "check_sources", "RULES", "MIN_SPEED", "MAX_SPEED", "DELAY_BASE", "STEP_BUDGET",
           "JUMP_BUDGET", "SOUP_MAX_SIDE"]

#: The rules L cycles through: (name, rule string).
RULES = (("Life", "B3/S23"), ("HighLife", "B36/S23"), ("Day & Night", "B3678/S34678"), ("Seeds", "B2/S"))
MIN_SPEED, MAX_SPEED = -7, 20  # speed s >= 0: 2**s generations a frame; s < 0: a generation every 2**-s / 64 s
DELAY_BASE = 1 / 64
STEP_BUDGET = 0.010  # seconds of stepping per frame while running (rendering needs the rest of ~16 ms)
JUMP_BUDGET = 0.030  # per frame during a long jump: faster progress, still ~25 frames/s
POP_HISTORY = 4096  # points the population graph (Y) keeps
AUTO_JUMP_SPEED = 12  # with --algo auto on the plane, steps of 2**this and more run on HashLife
AHEAD_CELLS = 1 << 22  # grids from this many cells take the next run's undo record while paused (see prepare)
SOUP_MAX_SIDE = 1024  # R on the plane without --soup: a soup of the visible area, at most this many cells a side

_WARMED: set = set()  # (engine name, rule, topology kind) whose kernels this process has compiled or loaded


def check_sources(pattern, soup, universe) -> None:
    """Raise ValueError when more than one of ``pattern``, ``soup`` and ``universe`` is given."""
    if sum(x is not None for x in (pattern, soup, universe)) > 1:
        raise ValueError("give at most one of pattern, soup and universe")


class Controller:
    """The simulation behind the window (see the module docstring); ``load`` gives it its first universe.

    ``lang``: the messages' language; ``algo`` and ``backend``: the engine and where it runs (as for
    ``make_universe``); ``topology``: as for ``make_universe`` (None: each
    pattern's own); ``soup``: the SoupSpec that R repeats with new seeds; ``rule``: the soup's rule;
    ``name``: the pattern's name; ``threaded=False`` runs the worker's jobs inline (deterministic tests);
    ``notify(text, error=False)`` and ``on_install(fit, renamed)``: the window's hooks (default: none).
    """

    def __init__(self, *, lang: str = "en", algo: str = "auto", backend: str = "auto", topology=None,
                 soup: SoupSpec | None = None, rule: Rule | None = None, name: str | None = None,
                 threaded: bool = True, notify=None, on_install=None):
        self.lang = lang
        self.algo = algo
        self.backend = backend
        self.topology = topology
        self.soup_spec = soup
        self.soup_rule = (rule or Rule()).with_topology(None)
        self.name = name
        self.notify = notify or (lambda text, error=False: None)
        self.on_install = on_install or (lambda fit, renamed: None)
        self.worker = Worker(threaded)
        self.history = History()
        self.editor = Editor(self)
        self.universe = None
        self.version = 0  # bumped whenever the universe's cells change
        self.running = False
        self.speed = 0
        self.pending = 0  # generations still owed by N, Tab or the running clock (not yet submitted)
        self.inflight = 0  # generations of the step job in flight
        self.stepping = False  # a job reading or stepping the universe is in flight: leave the universe alone
        self.replacing = False  # a job that will replace the universe is in flight
        self.run_open = False  # the undo record for the current run of generations exists
        self._deferred: deque = deque()  # actions waiting for the worker and the universe to be free
        self._start: Snapshot | None = None  # the state Home returns to (taken when stepping leaves it)
        self._start_gen = 0
        self._spg = None  # measured seconds per generation (moving average)
        self._last_chunk = 1
        self._next_gen_at = 0.0
        self._jump = None  # [from generation, generations asked, start time] of N/Tab work
        self._gen_times: deque = deque()
        self._gps_since = None
        self._last_seconds = 0.0
        self.shown: Shown | None = None  # what the last step left to show (see Shown)
        self.view_job = None  # the window's () -> (universe -> (image, tag, want bbox)), run after a step
        self.auto_jump = False  # HashLife was picked by itself for a huge step (see set_speed)
        self.auto_jump_speed = AUTO_JUMP_SPEED
        self._block_from = None  # (generation, population) where the block of 2**speed under way began
        self.meta: dict = {"author": None, "comments": (), "description": None}  # see pattern_meta
        self.unsaved = False  # cells drawn since the pattern was opened or saved (Esc asks before quitting)
        self.population_history: deque = deque(maxlen=POP_HISTORY)  # (generation, population) of the pictures
        self._ahead = None  # (version, Snapshot): the next run's undo record, taken while paused
        self._ahead_wanted = False  # a universe was installed: take _ahead once the worker is idle

    # ------------------------------------------------------------------ building universes
    def load(self, pattern: Pattern | None = None, *, soup: SoupSpec | None = None, universe=None) -> None:
        """The first universe: ``universe`` as it is, else one built on the worker from ``pattern`` or ``soup``
        (none: an empty plane). A build that fails leaves an empty plane and notifies the reason."""
        check_sources(pattern, soup, universe)
        if universe is not None:
            self.install(universe, fit=True)
        else:
            if pattern is None and soup is None:
                pattern = Pattern(rule=Rule())

            def failed(err):  # keep a usable window: an empty plane, and the reason on screen
                self.report(err)
                self.install(make_universe(Pattern(rule=self.soup_rule), "plane"), fit=True)

            self.replace_async(lambda: self._build(pattern, soup), "load", fit=True, on_error=failed,
                               what=self.name or T.tr(self.lang, "empty"))
        self.collect()

    def algo_for(self, topology) -> str:
        """The engine to build on ``topology``: the one asked for, except HashLife on the plane while ``auto``
        picked it for huge steps (``auto_jump``)."""
        return "hashlife" if self.auto_jump and topology.kind == "plane" else self.algo

    def _topology_for(self, pattern: Pattern):
        return resolve_topology(pattern, self.topology)

    def _build(self, pattern: Pattern | None, soup: SoupSpec | None):
        """(universe, name) for a pattern or a soup (runs on the worker)."""
        if soup is not None:
            topo = resolve_topology(Pattern(rule=self.soup_rule), self.topology)
            rule = self.soup_rule.with_topology(topo if topo.kind != "plane" else None)
            return soup_universe(soup, rule, topo, self.algo_for(topo), self.backend)
        topo = self._topology_for(pattern)
        return (make_universe(pattern, topo, algo=self.algo_for(topo), backend=self.backend), pattern.name,
                pattern_meta(pattern))

    def replace_async(self, build, label, fit=False, record=None, what=None, on_done=None, on_error=None,
                      keep_start=False) -> None:
        """Run ``build() -> (universe, name)`` on the worker, then install the result (see ``install``), push
        ``record`` to the history and call ``on_done()``; a failure calls ``on_error(err)`` (default: a notice).
        ``what``: named by the "loading" notice while it runs."""

        def ok(value, seconds):
            universe, name, *meta = value  # a build may add the pattern's metadata (see pattern_meta)
            if record is not None:
                self.history.push(record)
            self.install(universe, fit=fit, name=name, keep_start=keep_start, meta=meta[0] if meta else None)
            if on_done is not None:
                on_done()

        def fail(err):
            if on_error is not None:
                on_error(err)
            else:
                self.report(err)

        self.replacing = True
        self.worker.submit("replace", (ok, fail, what or label), build)

    def install(self, universe, fit=False, name=None, keep_start=False, meta=None) -> None:
        """Make ``universe`` the one shown and stepped (renamed ``name`` when given; ``meta``: the pattern's
        author and comments, see ``pattern_meta``). ``keep_start``: Home still returns to the old start; ``fit``:
        passed on to ``on_install``."""
        self.universe = universe
        if name is not None:
            self.name = name
        if meta is not None:
            self.meta = meta
            self.population_history.clear()
            self.unsaved = False
        self.version += 1
        self.shown = None
        self._spg = None
        self._last_chunk = 1
        self.run_open = False
        self._ahead_wanted = True
        if not keep_start:
            self._start, self._start_gen = None, universe.generation
        self.on_install(fit, name is not None)

    # ------------------------------------------------------------------ worker plumbing
    @property
    def universe_free(self) -> bool:
        """True when the universe may be read or edited: it exists and no job steps, reads or replaces it."""
        return not self.stepping and not self.replacing and self.universe is not None

    def collect(self) -> None:
        """Take the worker's finished job, then apply edits and actions that waited for a free universe."""
        res = self.worker.poll()
        if res is not None:
            self._finish(res)
        if self.universe_free:
            self.editor.flush()
            while self._deferred and not self.worker.busy:
                self._deferred.popleft()()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job in flight finishes (at most ``timeout`` seconds; inline jobs are done already)
        and take its result; no-op when the worker is idle."""
        if self.worker.busy:
            res = self.worker.wait(timeout=timeout) if self.worker.threaded else self.worker.poll()
            if res is not None:
                self._finish(res)

    @property
    def settled(self) -> bool:
        """True when no job is in flight and no generations (unless running), edits or actions are owed."""
        return not (self.worker.busy or self.editor.queued or self._deferred or (self.pending and not self.running))

    def _finish(self, res) -> None:
        if res.kind == "step":
            self.stepping = False
            n = res.info
            if res.error is not None:
                self.running, self.pending, self._jump, self.inflight = False, 0, None, 0
                self.run_open = False  # the job's snapshot is lost with it: the next run takes another
                self.report(res.error)
                return
            self.version += 1
            self.inflight = 0
            gen, pop, bbox, image, tag, snap = res.value
            if snap is not None:
                self._push_run_record(snap)
            if image is not None or not (self.running and self.pending):  # a chunk inside a block is not shown
                self.shown = Shown(self.version, gen, pop, bbox, image, tag)
                hist = self.population_history
                if hist and hist[-1][0] >= gen:  # undo, Home or a new start: the graph starts again
                    hist.clear()
                if pop != math.inf:
                    hist.append((gen, pop))
            self._last_seconds = res.seconds
            spg = res.seconds / n
            self._spg = spg if self._spg is None else 0.7 * self._spg + 0.3 * spg
            self._last_chunk = n
            self._gen_times.append((time.perf_counter(), n))
            if self.pending == 0:
                self._jump = None
        elif res.kind == "warm":
            _WARMED.add(res.info)
            if res.error is not None:
                self.report(res.error)
        else:  # replace, save: (on success, on error, label)
            if res.kind == "replace":
                self.replacing = False
            else:
                self.stepping = False
            ok, fail = res.info[0], res.info[1]
            if res.error is not None:
                fail(res.error)
            else:
                ok(res.value, res.seconds)

    def when_free(self, action) -> None:
        """Run ``action`` now if nothing is in flight, else as soon as the worker is idle."""
        if not self.worker.busy and self.universe is not None and not self.editor.queued:
            action()
        else:
            self._deferred.append(action)

    def defer(self, action) -> None:
        """Run ``action`` from a later ``collect``, once the universe is free and the worker idle."""
        self._deferred.append(action)

    def report(self, err) -> None:
        """Notify ``err`` as a one-line error message."""
        self.notify(T.tr(self.lang, "error", msg=T.error_text(self.lang, err)), error=True)

    # ------------------------------------------------------------------ stepping
    def schedule(self) -> None:
        """Give the worker its next job: warm the rule's kernels, or step a chunk of owed generations."""
        if self.worker.busy or self.universe is None or self.editor.queued or self._deferred:
            return
        u = self.universe
        if not self.warmed:
            key = (u.name, u.rule.with_topology(None).bs, u.topology.kind)
            self.worker.submit("warm", key, _warm, type(u), u.rule, u.topology)
            return
        now = time.perf_counter()
        if self.running and self.pending == 0:
            if self.speed >= 0:
                self.pending = 2 ** self.speed
                # what the picture shows now (the last step's count: a pass over a big board costs ms here)
                self._block_from = self.shown_state
            elif now >= self._next_gen_at:
                self.pending = 1
                self._next_gen_at = now + DELAY_BASE * 2 ** (-self.speed)
        if self.pending <= 0:
            return
        budget = JUMP_BUDGET if (self._jump is not None and not self.running) else STEP_BUDGET
        if u.jumps:
            n = self._jump_chunk(budget)
        else:
            n = 1 if self._spg is None else max(1, min(int(budget / max(self._spg, 1e-9)), 2 * self._last_chunk))
        n = min(n, self.pending)
        snapshot_name = None if self.run_open else (self.name,)
        if snapshot_name is not None and self._ahead is not None and self._ahead[0] == self.version:
            self._push_run_record(self._ahead[1])  # taken while paused: the first picture need not wait for it
            snapshot_name = None
        self._ahead = None
        self.run_open = True
        self.pending -= n
        self.inflight = n
        self.stepping = True
        # the view is read after the last chunk of a block (a frame's 2**speed, or the end of N/Tab work), so
        # every frame shows a whole number of steps
        view = self.view_job() if (self.view_job is not None and self.pending == 0) else None
        self.worker.submit("step", n, step_and_view, u, n, view, snapshot_name)

    def prepare(self) -> None:
        """Idle work, after a frame is drawn: paused on a universe just installed, take the undo record of the
        next run now on the idle worker (a 16384² board takes a fifth of a second), so that Enter shows the next
        generation at once."""
        if not self._ahead_wanted or self.running or self.run_open or self.worker.busy or not self.universe_free:
            return
        self._ahead_wanted = False
        topo = self.universe.topology
        if not topo.is_finite or topo.width * topo.height < AHEAD_CELLS:
            return  # a small board snapshots in no time when the run starts
        version = self.version

        def ok(snap, seconds):
            self._ahead = (version, snap)

        self.stepping = True  # the worker reads the universe
        self.worker.submit("read", (ok, self.report, "snapshot"), Snapshot.take, self.universe, self.name)

    def snapshot(self) -> Snapshot:
        """A Snapshot of the universe as it is (free of jobs): the one ``prepare`` took while it still holds."""
        if self._ahead is not None and self._ahead[0] == self.version:
            return self._ahead[1]
        return Snapshot.take(self.universe, self.name)

    def _jump_chunk(self, budget: float) -> int:
        """Chunk size for an engine that ``jumps``: a power of two, doubled while the last chunk took under half
        the budget and halved when it took more than twice it (the cost of a jump is not linear in its size)."""
        last = self._last_chunk
        if self._spg is None:
            n = 1
        elif self._last_seconds < budget / 2:
            n = 2 * last
        elif self._last_seconds > 2 * budget:
            n = max(1, last // 2)
        else:
            n = last
        n = min(n, max(1, self.pending))
        return 1 << (n.bit_length() - 1)

    @property
    def shown_state(self) -> tuple:
        """(generation, population) the window shows: the last step's, or while a block of 2**speed generations
        is under way the state before it (a chunk inside a block is never shown)."""
        shown, u = self.shown, self.universe
        if shown is not None and shown.version == self.version:
            return shown.generation, shown.population
        if self._block_from is not None and self.running and (self.pending or self.stepping):
            return self._block_from
        if shown is not None and self.stepping:
            return shown.generation, shown.population
        return u.generation, None

    @property
    def warmed(self) -> bool:
        """True once the kernels of the universe's engine and rule are compiled (or loaded) in this process."""
        u = self.universe
        return u is not None and (u.name, u.rule.with_topology(None).bs, u.topology.kind) in _WARMED

    def _push_run_record(self, snap: Snapshot) -> None:
        """The state before a run of generations (taken by the step job): the undo record, and Home's start."""
        self.history.push(Change(snap, "run"))
        if snap.generation == self._start_gen:
            self._start = snap

    def toggle_running(self) -> None:
        """Enter/Space: start or stop generating."""
        self.running = not self.running
        self.pending = 0 if not self.running else self.pending
        self._jump = None
        self._next_gen_at = 0.0

    def stop(self) -> None:
        """Stop running and drop the generations still owed."""
        self.running, self.pending, self._jump = False, 0, None

    def step(self, n: int) -> None:
        """N/Tab: stop running and advance ``n`` generations (bounded work per frame, progress shown)."""
        if self.universe is None:
            return
        if self.running:
            self.running, self.pending = False, 0
        if self._jump is None or not (self.pending or self.inflight):
            self._jump = [self.universe.generation + self.inflight, 0, time.perf_counter()]
        self._jump[1] += n
        self.pending += n

    @property
    def jumping(self) -> bool:
        """True while generations asked for with N/Tab are still owed or in flight."""
        return self._jump is not None and bool(self.pending or self.inflight)

    def jump_progress(self):
        """(generation reached, target generation, fraction done, perf_counter time it began) of the N/Tab work
        under way, or None."""
        if not self.jumping or self.universe is None:
            return None
        g0, total, t0 = self._jump
        target = g0 + total
        gen = target - self.pending - self.inflight
        return gen, target, (gen - g0) / max(1, total), t0

    def cancel_jump(self) -> None:
        """Esc during N/Tab work: drop the generations still owed (the chunk in flight finishes)."""
        self.pending, self._jump = 0, None
        self.when_free(lambda: self.notify(T.tr(self.lang, "jump_cancelled", gen=T.fmt_int(
            self.universe.generation, self.lang))))

    def set_speed(self, speed: int, reset: bool = False) -> None:
        """+/-/0: 2**speed generations a frame for speed >= 0, else one generation every 2**-speed / 64 s."""
        self.speed = max(MIN_SPEED, min(MAX_SPEED, int(speed)))
        if reset:
            msg = T.tr(self.lang, "speed_reset")
        elif self.speed == 0:
            msg = T.tr(self.lang, "speed_gen1")
        elif self.speed > 0:
            msg = T.tr(self.lang, "speed_gens", n=T.fmt_int(2 ** self.speed, self.lang))
        else:
            msg = T.tr(self.lang, "speed_delay", ms=round(1000 * DELAY_BASE * 2 ** -self.speed))
        self.notify(msg)
        self._auto_engine()

    def _auto_engine(self) -> None:
        """With ``--algo auto`` on the plane: steps of 2**AUTO_JUMP_SPEED generations and more move the cells
        to HashLife, whose jumps cost far less than stepping each generation on a regular pattern (the HUD says
        so); smaller steps move them back."""
        u = self.universe
        if self.algo != "auto" or self.backend not in ("auto", "cpu") or u is None or u.topology.kind != "plane":
            return
        want = self.speed >= AUTO_JUMP_SPEED
        if want == self.auto_jump:
            return
        self.auto_jump = want

        def act():
            snap = self.snapshot()
            topo, name, algo = self.universe.topology, self.name, self.algo_for(self.universe.topology)

            def build():
                return snap.universe(topo, algo, self.backend), name

            self.replace_async(build, "engine", keep_start=True, what=name, on_done=lambda: self.notify(
                T.tr(self.lang, "auto_jump_on") if want else T.tr(self.lang, "auto_jump_off",
                                                                   name=self.universe.name)))

        self.when_free(act)

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

    # ------------------------------------------------------------------ reset, clear, soup, rules
    def restore(self, snap: Snapshot, on_done=None, on_error=None, record=None) -> None:
        """Rebuild the universe from ``snap`` on the worker (same topology and engine)."""
        topo = self.universe.topology
        algo = self.algo_for(topo)
        pat_name = self.name

        def build():
            return snap.universe(topo, algo, self.backend), pat_name

        self.replace_async(build, "restore", record=record, on_done=on_done, on_error=on_error, keep_start=True,
                           what=T.tr(self.lang, "generation") + " " + T.fmt_int(snap.generation, self.lang))

    def reset(self) -> None:
        """Home: back to the starting generation (the state when generating last left it)."""
        self.stop()

        def act():
            u = self.universe
            if self._start is None:
                return  # never stepped away from the start
            if u.generation == self._start.generation and self.run_open:
                return  # still exactly the start: nothing stepped or edited since
            snap = self._start
            rec = Change(self.snapshot(), "reset")
            self.restore(snap, record=rec, on_done=lambda: (
                setattr(self, "_start", snap),
                self.notify(T.tr(self.lang, "reset", gen=T.fmt_int(snap.generation, self.lang)))))

        self.when_free(act)

    def clear(self) -> None:
        """C: kill every cell (undoable)."""

        def act():
            u = self.universe
            if u.population == 0:
                return
            rec = Change(self.snapshot(), "clear")
            empty = Pattern(rule=u.rule, generation=u.generation)
            self.history.push(rec)
            self.install(make_universe(empty, u.topology, algo=self.algo_for(u.topology), backend=self.backend),
                         keep_start=True)
            self.notify(T.tr(self.lang, "cleared"))

        self.when_free(act)

    def random_soup(self, view) -> None:
        """R: a new random soup (the --soup size and density with a new seed; else the whole grid, or on the
        plane 80% of the visible area, centred in the view). ``view() -> (width, height, zoom, cx, cy)``: the
        window's size in pixels, its pixels per cell and the cell at its centre, read when the soup is made."""
        self.stop()

        def act():
            u = self.universe
            topo = u.topology
            seed = secrets.randbits(32)
            w, h, z, view_cx, view_cy = view()
            if self.soup_spec is not None:
                spec = SoupSpec(self.soup_spec.width, self.soup_spec.height, self.soup_spec.density, seed)
            elif topo.is_finite:
                spec = SoupSpec(topo.width, topo.height, 0.5, seed)
            else:
                sw = max(16, min(SOUP_MAX_SIDE, int(w * 0.8 / z)))
                sh = max(16, min(SOUP_MAX_SIDE, int(h * 0.8 / z)))
                spec = SoupSpec(sw, sh, 0.5, seed)
            rule = u.rule
            if topo.kind == "plane":
                cx, cy = round(view_cx), round(view_cy)
            else:
                cx = cy = 0
            if topo.kind == "bounded":
                spec = SoupSpec(min(spec.width, topo.width), min(spec.height, topo.height), spec.density, seed)
            rec = Change(self.snapshot(), "soup")
            algo = self.algo_for(topo)
            name = f"soup {spec}"

            def build():
                return soup_universe(spec, rule, topo, algo, self.backend, cx, cy)

            self.replace_async(build, "soup", record=rec, what=name,
                               on_done=lambda: self.notify(T.tr(self.lang, "soup", spec=spec)))

        self.when_free(act)

    def cycle_rule(self, direction: int = 1) -> None:
        """L / Shift+L: the next (previous) rule of RULES, keeping the cells and the topology."""

        def act():
            current = self.universe.rule.with_topology(None).bs
            names = [Rule.parse(r).bs for _, r in RULES]
            i = names.index(current) + direction if current in names else (0 if direction > 0 else -1)
            label, text = RULES[i % len(RULES)]
            self._change_rule(Rule.parse(text), f"{label} ")

        self.when_free(act)

    def set_rule(self, text: str, on_done=None, on_error=None) -> None:
        """Ctrl+L: run any rule typed as text (B3/S23, 23/3, B36/S23...), keeping the cells and the topology.
        A rule that does not parse, or that the topology cannot run, calls ``on_error(err)`` and changes
        nothing."""
        try:
            rule = Rule.parse(text.strip())
            if rule.topology is not None:
                raise ValueError("type the rule without a topology suffix; the grid stays as it is")
        except ValueError as e:
            (on_error or self.report)(e)
            return
        self.when_free(lambda: self._change_rule(rule, "", on_done=on_done, on_error=on_error))

    def _change_rule(self, rule: Rule, label: str, on_done=None, on_error=None) -> None:
        u = self.universe
        new_rule = rule.with_topology(u.rule.topology)
        snap = self.snapshot()
        rec = Change(snap, "rule")
        topo, name = u.topology, self.name
        algo = self.algo_for(topo)

        def build():
            return snap.universe(topo, algo, self.backend, rule=new_rule), name

        def done():
            self.notify(T.tr(self.lang, "rule_changed", rule=f"{label}({new_rule.bs})" if label else new_rule.bs))
            if on_done is not None:
                on_done()

        self.replace_async(build, "rule", record=rec, what=f"{label}{new_rule.bs}", on_done=done,
                           on_error=on_error)

    def identify(self, box, on_done, on_error=None) -> None:
        """F6: classify the live cells inside ``box`` (x, y, w, h: the view) on the worker (``life.ui.identify``);
        ``on_done(Identity)``, or ``on_error(err)`` (default: a notice)."""
        from .identify import MAX_CELLS, identify

        def act():
            u = self.universe
            self.stepping = True  # the worker reads the universe

            def job():
                x, y, w, h = box
                if w * h <= 1 << 24:
                    ys, xs = np.nonzero(u.region(x, y, w, h))
                    cells = np.stack([xs + x, ys + y], axis=1)
                elif u.population <= MAX_CELLS:
                    c = u.cells()
                    cells = c[(c[:, 0] >= x) & (c[:, 0] < x + w) & (c[:, 1] >= y) & (c[:, 1] < y + h)]
                else:
                    raise ValueError(f"{u.population:,} cells are too many to identify; zoom in")
                return identify(cells, u.rule)

            self.worker.submit("read", (lambda value, seconds: on_done(value), on_error or self.report, "identify"),
                               job)

        self.when_free(act)

    # ------------------------------------------------------------------ files
    def open(self, source: str, on_done=None, on_error=None) -> None:
        """Load a pattern file or bundled name (``life.load``) on the worker and show it, undoably. ``on_done()``
        follows success; a bad one changes nothing and calls ``on_error(err)`` (default: a notice)."""
        import life

        source = os.path.expanduser(str(source))
        self.stop()

        def build():
            pat = life.load(source)
            topo = self._topology_for(pat)
            return make_universe(pat, topo, algo=self.algo_for(topo), backend=self.backend), (
                pat.name or Path(source).name), pattern_meta(pat, source)

        def act():
            old = self.snapshot()

            def done():
                self.history.undo.append(Change(old, "open"))
                self.history.redo.clear()
                if on_done is not None:
                    on_done()
                self.notify(T.tr(self.lang, "opened", name=self.name))

            self.replace_async(build, "open", fit=True, what=source, on_done=done, on_error=on_error)

        self.when_free(act)

    def save(self, path: str, on_done=None, on_error=None) -> None:
        """S: write the current state as RLE (atomically, on the worker); ``.rle`` is added when missing.
        ``on_done()`` follows success, ``on_error(err)`` a failure (default: a notice)."""
        import life

        path = os.path.expanduser(str(path).strip())
        if not path.lower().endswith((".rle", ".rle.gz")):
            path += ".rle"

        def ok(value, seconds):
            self.unsaved = False
            if on_done is not None:
                on_done()
            self.notify(T.tr(self.lang, "saved", path=path))

        def act():
            u, name, meta = self.universe, self.name, self.meta
            self.stepping = True  # the worker reads the universe: leave it alone until the save is done
            self.worker.submit("save", (ok, on_error or self.report, path),
                               lambda: life.save(u.to_pattern(name=name, author=meta.get("author"),
                                                              comments=meta.get("comments", ())), path))

        self.when_free(act)
