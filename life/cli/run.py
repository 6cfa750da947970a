"""``life run`` (step a pattern, optionally writing an animation and the final pattern) and ``life bench``
(cell-updates/s per backend against the numpy reference, optionally against Golly's bgolly)."""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path

import click
import numpy as np

from ..engines import ALGORITHMS, backend_unavailable, make_universe
from ..export import open_animation
from ..pattern import Pattern
from ..render import THEMES, Viewport, choose_zoom, fit_viewport, parse_zoom, render
from ..rules import Rule, Topology
from ..soup import make_soup, parse_soup
from ..sources import is_macrocell_path, load_universe, read_soup_id
from . import interrupts
from .common import (
    PATTERN,
    Count,
    LifeCommand,
    UserError,
    check_writable,
    complete_path,
    emit_json,
    load_pattern,
    one_line,
    override_rule,
    parse_size,
    renamed_option,
    renamed_value,
    save_pattern,
    universe_options,
    writing,
)

__all__ = ["bench", "run"]

DEFAULT_GENS = 100
DEFAULT_FPS = 20.0
DEFAULT_MAX_SIDE = 1024  # largest default image side (pixels) when neither --size nor --zoom is given
DEFAULT_MAX_ZOOM = 8
FIT_MARGIN = 2  # cells kept around the pattern by --fit


def _parse_center(text) -> tuple:
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d*)?)\s*,\s*(-?\d+(?:\.\d*)?)\s*", text or "")
    if not m:
        raise UserError(f"bad --center {text!r}: expected X,Y cell coordinates, e.g. 0,0 or -20,15")
    return float(m.group(1)), float(m.group(2))


def _board_or_bbox_area(u) -> int:
    t = u.topology
    if t.is_finite:
        return t.width * t.height
    bb = u.bbox
    return 0 if bb is None else bb[2] * bb[3]


CHUNK_S = 0.15  # seconds one stepping call aims at: Ctrl-C is seen between calls
COMPILE_NOTICE_S = 1.0  # a warm-up step slower than this is compiling kernels (a cached one loads faster)


class _Stepper:
    """Steps a universe in calls of about CHUNK_S seconds each (so that Ctrl-C stops a run within a second),
    timing the steps and counting cell updates (board area per generation on a finite grid; on the plane, the
    live bounding box area averaged over the start and end of each call).

    ``warm_up``: called once before the first timed step, to compile the kernels outside the timings.
    """

    def __init__(self, universe, warm_up=None):
        self.u = universe
        self.seconds = 0.0
        self.cell_updates = 0.0
        self.finite = universe.topology.is_finite
        self.chunk = 1
        self._warm_up = warm_up

    def warm(self):
        """Run the warm-up now (once)."""
        if self._warm_up is not None:
            warm_up, self._warm_up = self._warm_up, None
            warm_up()

    def __call__(self, n, progress=None):
        if n > 0:
            self.warm()
        while n > 0:
            k = min(self.chunk, n)
            a0 = _board_or_bbox_area(self.u)
            t0 = time.perf_counter()
            with interrupts.deferred():
                self.u.step(k)
            dt = time.perf_counter() - t0
            self.seconds += dt
            a1 = a0 if self.finite else _board_or_bbox_area(self.u)
            self.cell_updates += k * (a0 + a1) / 2
            n -= k
            if progress is not None:
                progress(k)
            if k == self.chunk:  # aim the next call at CHUNK_S, growing at most 4x (jumps are not linear)
                self.chunk = max(1, min(4 * k, int(k * CHUNK_S / max(dt, 1e-9))))


def _warm_up(u, backend, notice: bool):
    """Step a tiny universe on ``u``'s engine and rule once, so that its kernels are compiled (or loaded from
    Numba's cache) before anything is timed; with ``notice``, say so on stderr when that takes a while (a first
    run)."""
    if u.name == "reference":
        return
    t = u.topology
    topo = Topology(t.kind, 64, 64) if t.is_finite else Topology("plane")
    tiny = make_universe(Pattern(cells=np.array([[0, 0], [1, 0], [2, 0], [2, 1], [1, 2]]),
                                 rule=u.rule.with_topology(None)),
                         topo, algo=u.name if u.name in ALGORITHMS else "auto", backend=backend)
    timer = threading.Timer(COMPILE_NOTICE_S, lambda: click.echo(
        f"compiling kernels for {u.rule.bs} (first run only)…", err=True))
    timer.daemon = True
    if notice:
        timer.start()
    try:
        tiny.step(1)
    finally:
        timer.cancel()
    interrupts.check()  # a Ctrl-C that Numba's compiler swallowed


def _union(a, b):
    """The smallest box (x, y, w, h) holding boxes ``a`` and ``b`` (either may be None)."""
    if a is None or b is None:
        return a or b
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    return x0, y0, max(a[0] + a[2], b[0] + b[2]) - x0, max(a[1] + a[3], b[1] + b[3]) - y0


def _run_extent(universe, frame_gens):
    """The union of the live bounding boxes of ``universe`` at each of the generations ``frame_gens`` (counted
    from now; ascending): a pre-pass on a copy, so that a fixed camera keeps the whole run in view."""
    step = _Stepper(universe)
    box, at = universe.bbox, 0
    for g in frame_gens:
        step(g - at)
        at = g
        box = _union(box, universe.bbox)
    return box


def _camera(u, size, zoom, fit, center, extent=None):
    """(camera: universe -> Viewport, width, height) for the run's animation options; ``extent``: the box a fixed
    camera on the plane frames (default: the pattern's box now)."""
    t = u.topology
    if t.is_finite:
        roi = (t.x0, t.y0, t.width, t.height)
    else:
        bb = (extent if extent is not None and not fit else u.bbox) or (0, 0, 1, 1)
        m = FIT_MARGIN if fit else max(4, math.ceil(0.1 * max(bb[2], bb[3])))
        roi = (bb[0] - m, bb[1] - m, bb[2] + 2 * m, bb[3] + 2 * m)
    if size is None:
        z = zoom if zoom is not None else choose_zoom(roi[2], roi[3], DEFAULT_MAX_SIDE, DEFAULT_MAX_SIDE,
                                                      DEFAULT_MAX_ZOOM)
        size = (max(1, math.ceil(roi[2] * z)), max(1, math.ceil(roi[3] * z)))
    else:
        z = zoom if zoom is not None else choose_zoom(roi[2], roi[3], size[0], size[1], DEFAULT_MAX_ZOOM)
    w, h = size
    if fit:
        last = [None]

        def camera(universe):
            bb = universe.bbox
            if bb is None and last[0] is not None:
                return last[0]
            last[0] = fit_viewport(bb, w, h, zoom=zoom, margin=FIT_MARGIN, max_zoom=DEFAULT_MAX_ZOOM)
            return last[0]

        return camera, w, h
    cx, cy = center if center is not None else (roi[0] + roi[2] / 2, roi[1] + roi[3] / 2)
    vp = Viewport.centered(cx, cy, w, h, z)
    return (lambda universe: vp), w, h



def _progress(enabled, length, label):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or length <= 1:
        return nullcontext(None)
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True, show_eta=True)


@click.command(cls=LifeCommand)
@click.argument("pattern", required=False, type=PATTERN)
@click.option("--soup", metavar="WxH[:DENSITY][@SEED]",
              help="Start from a random soup instead of PATTERN: W×H cells alive with probability DENSITY "
                   "(default 0.5), seeded by SEED (default: random, reported). Centred like a W×H torus.")
@click.option("--soup-id", "soup_id", metavar="ID",
              help="Start from apgsearch's 16×16 C1 soup ID (a soup id from Catagolue) instead of PATTERN.")
@click.option("--gens", "-g", type=Count(), default=DEFAULT_GENS, show_default=True,
              help="Generations to run (a whole number; 1e9 works too).")
@universe_options
@click.option("--out", "-o", "out", metavar="FILE", shell_complete=complete_path,
              help="Write the final pattern (format from the suffix).")
@click.option("--gif", "gif", metavar="FILE", shell_complete=complete_path,
              help="Write an animation: .gif or .apng; .png writes the last frame only.")
@click.option("--every", type=Count(1), default=1, show_default=True,
              help="Generations between animation frames (frames at generation 0, K, 2K... up to --gens).")
@click.option("--fps", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_FPS, show_default=True,
              help="Animation frames per second (GIF: at most 50).")
@click.option("--zoom", metavar="Z", help="Pixels per cell: 1, 2, 8... draw cells; below 1 (0.25 or 1/4) each "
              "pixel is shaded by the fraction of live cells it covers. Default: fit the board (or the "
              "pattern) into the image.")
@click.option("--fit", is_flag=True, help="Follow the pattern, fitting the camera to it on every frame (default: "
              "a fixed camera framing the whole board, or on the plane everything the run reaches).")
@click.option("--image-size", metavar="WxH", help="Image size in pixels. Default: the board (or the pattern with "
              f"a margin) at the zoom, at most {DEFAULT_MAX_SIDE} pixels a side when no zoom is given.")
@renamed_option("--size", "--image-size")
@click.option("--center", metavar="X,Y", help="Cell at the centre of a fixed camera (default: the board's or "
              "pattern's centre).")
@click.option("--theme", type=click.Choice(sorted(THEMES)), default="dark", show_default=True,
              help="Colours of the animation.")
@click.option("--grid/--no-grid", default=False, show_default=True,
              help="Draw grid lines between cells (zoom 3 and above).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_context
def run(ctx, pattern, soup, soup_id, gens, rule, topology, algo, backend, out, gif, every, fps, zoom, fit, image_size,
        image_size_old, center, theme, grid, progress, as_json):
    """Run PATTERN (a file or a bundled pattern name) for --gens generations.

    Prints the final generation, population, bounding box, elapsed time and cell-updates/s (generations/s for
    HashLife, whose jumps skip most cell updates). Ctrl-C stops the run within a second. Cell updates count
    the whole board per generation on a torus or bounded grid, and the live bounding box on the plane (averaged
    over the start and end of each stepping call), so the rate does not depend on the population; the rate uses
    stepping time only (rendering excluded).
    """
    t_start = time.perf_counter()
    src = ctx.get_parameter_source
    size = renamed_value(image_size, image_size_old)
    animation_opts = ("every", "fps", "zoom", "fit", "image_size", "image_size_old", "center", "theme", "grid")
    given = [n for n in animation_opts if src(n) == click.core.ParameterSource.COMMANDLINE]
    if not gif and given:
        raise UserError(f"--{given[0].replace('_old', '').replace('_', '-')} applies to animations: add --gif FILE")
    still = bool(gif) and str(gif).lower().endswith(".png")  # the last frame only
    if "every" in given and still:
        raise UserError("--every applies to animations: a .png holds the last frame only")
    if "every" in given and every > gens:
        raise UserError(f"--every {every} is more than --gens {gens}: the animation would hold only "
                        "generation 0")
    if fit and center:
        raise UserError("--center fixes the camera; it cannot be combined with --fit")
    if soup_id is not None and (pattern is not None or soup is not None):
        raise UserError("--soup-id replaces PATTERN and --soup: give only one of them")
    if soup_id is None and (pattern is None) == (soup is None):
        raise UserError("give a PATTERN (file or bundled name) or --soup WxH[:density][@seed], not both"
                        if pattern is not None else "missing PATTERN (a file or bundled name) or --soup WxH")
    # Parse everything before the (possibly long) run.
    new_rule = Rule.parse(rule) if rule else None
    topo = Topology.parse(topology) if topology else None
    size_px = parse_size(size, option="--size" if image_size_old else "--image-size") if size else None
    zoom_v = parse_zoom(zoom) if zoom else None
    center_xy = _parse_center(center) if center else None
    soup_spec = None
    if soup is not None:
        soup_spec = parse_soup(soup)
        pat = make_soup(soup_spec, new_rule.with_topology(None) if new_rule else Rule())
        if new_rule and new_rule.topology:
            pat = pat.replace(rule=new_rule)
    elif soup_id is not None:
        pat = read_soup_id(soup_id)
        if new_rule is not None:
            pat = override_rule(pat, new_rule)
    elif new_rule is None and is_macrocell_path(pattern) and algo in ("auto", "hashlife") \
            and backend in ("auto", "cpu") and (topo is None or topo.kind == "plane"):
        # big macrocell files go straight into a HashLife tree, never cell by cell
        pat = None
    else:
        pat = load_pattern(pattern)
        if new_rule is not None:
            pat = override_rule(pat, new_rule)
    if out:
        check_writable(out, pattern_file=True)
    if gif:
        check_writable(gif)
    if pat is None:
        def build():
            return load_universe(pattern, topo, algo=algo)

        u = build()
        pat = Pattern(rule=u.rule, name=Path(pattern).name.split(".")[0], generation=u.generation)
    else:
        def build():
            return make_universe(pat, topo, algo=algo, backend=backend)

        u = build()
    show_progress = progress if progress is not None else sys.stderr.isatty()
    stepper = _Stepper(u, warm_up=lambda: _warm_up(u, backend, notice=show_progress))
    result = {"pattern": pat.name or (str(pattern) if pattern else None)}
    if soup_spec is not None:
        result["soup"] = {"width": soup_spec.width, "height": soup_spec.height, "density": soup_spec.density,
                          "seed": soup_spec.seed}
    if soup_id is not None:
        result["soup_id"] = soup_id
    start_gen = u.generation
    if gif:
        frame_gens = [gens] if still else list(range(0, gens + 1, every))
        extent = None
        if not u.topology.is_finite and not fit:
            stepper.warm()  # compile before the pre-pass
            extent = _run_extent(build(), frame_gens)
        camera, w, h = _camera(u, size_px, zoom_v, fit, center_xy, extent)
        render_s = 0.0
        with writing(gif), open_animation(gif, w, h, theme, fps) as writer, \
                _progress(progress, len(frame_gens), "rendering") as bar:
            for g in frame_gens:
                stepper(g - (u.generation - start_gen))
                t0 = time.perf_counter()
                writer.add(render(u, camera(u), grid))
                render_s += time.perf_counter() - t0
                if bar is not None:
                    bar.update(1)
        result["animation"] = {"path": str(gif), "frames": len(frame_gens), "every": None if still else every,
                               "width": w, "height": h, "fps": fps, "render_s": round(render_s, 6)}
    rest = gens - (u.generation - start_gen)
    if rest > 0:
        with _progress(progress, rest, "running") as bar:
            stepper(rest, None if bar is None else bar.update)
    if out:
        with writing(out):
            if str(out).lower().endswith(".mc") and u.writes_macrocell:
                u.write_macrocell(out)  # straight out of the tree
            else:
                save_pattern(u.to_pattern(name=pat.name), out)
        result["out"] = str(out)
    bb = u.bbox
    elapsed = time.perf_counter() - t_start
    result.update({
        "rule": str(u.rule), "topology": str(u.topology), "algo": u.name,
        "generation": u.generation, "population": u.population, "bbox": list(bb) if bb else None,
        "elapsed_s": round(elapsed, 6), "step_s": round(stepper.seconds, 6),
        "cell_updates": int(stepper.cell_updates),
        # HashLife jumps skip most cell updates: a rate of them would mean nothing
        "cell_updates_per_s": (stepper.cell_updates / stepper.seconds)
        if stepper.seconds > 0 and u.name != "hashlife" else None,
        "generations_per_s": gens / stepper.seconds if stepper.seconds > 0 else None,
    })
    if as_json:
        emit_json(result)
        return
    lines = [("pattern", f"{result['pattern'] or '(unnamed)'}  {result['rule']} on {result['topology']} "
                         f"({result['algo']} engine)")]
    if soup_spec is not None:
        lines.append(("soup", str(soup_spec)))
    lines += [("generation", str(u.generation)), ("population", str(u.population)),
              ("bbox", "empty" if bb is None else f"x={bb[0]} y={bb[1]} {bb[2]}x{bb[3]}"),
              ("elapsed", f"{elapsed:.3f} s (stepping {stepper.seconds:.3f} s)")]
    rate, label = (result["generations_per_s"], "generations/s") if u.name == "hashlife" \
        else (result["cell_updates_per_s"], "cell-updates/s")
    lines.append((label, "n/a" if rate is None else f"{rate:.3e}"))
    if gif:
        a = result["animation"]
        what = f"the last frame, generation {u.generation}" if still else f"{a['frames']} frames"
        lines.append(("animation", f"{a['path']} ({what}, {a['width']}x{a['height']} px)"))
    if out:
        lines.append(("pattern file", str(out)))
    for k, v in lines:
        click.echo(f"{k + ':':<16}{v}")


# ----------------------------------------------------------------------------------------------------------------
NUMPY_MAX_GENS = 20  # the reference is slow; its rate does not depend on the generation count


def _bgolly_peer(size, gens, rule, seed, runs) -> dict:
    """Time Golly's bgolly (QuickLife) on the same soup and torus as a whole process; median of ``runs``."""
    exe = shutil.which("bgolly")
    if exe is None:
        return {"backend": "bgolly", "unavailable": "bgolly not found (Debian package golly)"}
    import life

    from ..bench import random_torus

    pat = random_torus(size, rule, 0.5, seed)  # the soup `measure` times
    with tempfile.TemporaryDirectory(prefix="life-bench-") as d:
        src = os.path.join(d, "soup.rle")
        life.save(pat, src)

        def timed(g):
            t0 = time.perf_counter()
            r = subprocess.run([exe, "-a", "QuickLife", "-m", str(g), "-q", "-q", src],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            dt = time.perf_counter() - t0
            if r.returncode != 0:
                raise UserError(f"bgolly failed ({r.returncode}): {one_line(r.stderr)[:200]}")
            return dt

        startup = statistics.median(timed(0) for _ in range(runs))
        times = [timed(gens) for _ in range(runs)]
    sec = statistics.median(times)
    return {"backend": "bgolly", "algorithm": "QuickLife", "rule": str(rule.with_topology(None)), "size": size,
            "gens": gens, "runs": runs, "seconds": sec, "seconds_all": times, "startup_s": startup,
            "cell_updates_per_s": size * size * gens / sec, "version": _bgolly_version(exe)}


def _bgolly_version(exe) -> str | None:
    try:
        r = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"bgolly\s+([\d.]+)", r.stdout + r.stderr)
    return m.group(1) if m else None


@click.command(cls=LifeCommand)
@click.option("--board", "-n", type=click.IntRange(min=8), default=2048, show_default=True,
              help="Board side: an N×N torus holding a random soup of density 0.5.")
@renamed_option("--size", "--board", type=click.IntRange(min=8))
@click.option("--gens", "-g", type=Count(1), default=200, show_default=True,
              help=f"Generations timed (the numpy reference runs at most {NUMPY_MAX_GENS}).")
@click.option("--rule", "-r", default="B3/S23", show_default=True, help="Rule of the soup.")
@click.option("--backend", "-b", type=click.Choice(["cpu", "numpy", "cuda", "all"]), default="all",
              show_default=True, help="Engines to time; the numpy reference is always timed for the ratio.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Threads for the cpu backend (default: all cores).")
@renamed_option("--threads", "--workers", type=click.IntRange(min=1))
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Soup seed.")
@click.option("--peers", is_flag=True, help="Also time Golly's bgolly (QuickLife) on the same soup as a whole "
              "process (median of --peer-runs runs).")
@click.option("--peer-runs", type=click.IntRange(min=1), default=3, show_default=True,
              help="Runs of bgolly timed with --peers (the median is reported).")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True,
              help="Timed runs per backend after a warm-up generation; the best is reported.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
def bench(board, board_old, gens, rule, backend, workers, workers_old, seed, peers, peer_runs, repeats, as_json):
    """Measure cell-updates/s per backend on a random soup (density 0.5) filling an N×N torus, with the ratio
    to the numpy reference measured in the same run. With --peers, also time Golly's bgolly (QuickLife) on the
    same soup, as a whole process (start-up and pattern loading included; the start-up alone is reported)."""
    size = renamed_value(board, board_old)
    threads = renamed_value(workers, workers_old)
    r = Rule.parse(rule).with_topology(None)
    unavailable = {}
    cuda_reason = backend_unavailable("cuda") if backend in ("cuda", "all") else None
    if backend == "cuda" and cuda_reason:
        raise UserError(f"cuda backend unavailable: {cuda_reason}")
    if cuda_reason:
        unavailable["cuda"] = cuda_reason
    from .. import bench as bench_mod

    wanted = {"cpu": ["cpu"], "numpy": [], "cuda": ["cuda"], "all": ["cpu"] + ([] if cuda_reason else ["cuda"])}
    results = [bench_mod.measure("numpy", size, min(gens, NUMPY_MAX_GENS), r, None, seed, repeats=repeats)]
    for b in wanted[backend]:
        try:
            results.append(bench_mod.measure(b, size, gens, r, threads if b == "cpu" else None, seed,
                                             repeats=repeats))
        except ValueError as e:  # a backend the measuring helper cannot run here
            if b != "cuda" or backend == "cuda":
                raise UserError(f"{b} backend unavailable: {one_line(e)}") from None
            unavailable["cuda"] = one_line(e)
    ref = results[0]["cell_updates_per_s"]
    for res in results:
        res["ratio_to_numpy"] = res["cell_updates_per_s"] / ref if ref else None
    peer = None
    if peers:
        peer = _bgolly_peer(size, gens, r, seed, peer_runs)
        if "cell_updates_per_s" in peer:
            peer["ratio_to_numpy"] = peer["cell_updates_per_s"] / ref if ref else None
    out = {"size": size, "gens": gens, "rule": str(r), "seed": seed, "results": results}
    if peer is not None:
        out["peers"] = [peer]
    if unavailable:
        out["unavailable"] = unavailable
    out["machine"] = bench_mod.machine_info()
    if as_json:
        emit_json(out)
        return
    click.echo(f"{size}x{size} torus, random soup (density 0.5, seed {seed}), rule {r}")
    click.echo(f"{'backend':<10}{'threads':>8}{'gens':>7}{'seconds':>10}{'cell-updates/s':>16}{'vs numpy':>10}")
    for res in results + ([peer] if peer and "cell_updates_per_s" in peer else []):
        thr = res.get("threads")
        click.echo(f"{res['backend']:<10}{'-' if thr is None else thr:>8}{res['gens']:>7}{res['seconds']:>10.3f}"
                   f"{res['cell_updates_per_s']:>16.3e}{res['ratio_to_numpy']:>9.1f}x")
    if peer is not None:
        if "unavailable" in peer:
            click.echo(f"bgolly: unavailable: {peer['unavailable']}")
        else:
            click.echo(f"bgolly: whole process, median of {peer['runs']} runs (startup + load "
                       f"{peer['startup_s']:.3f} s included)")
    for name, why in unavailable.items():
        click.echo(f"{name}: unavailable: {why}")
