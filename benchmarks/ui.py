"""Window benchmark: frames per second of ``life view``'s loop with the simulation running, one generation per
frame, on a random torus (density 0.5) in a 1024×1024 window:

- 1024×1024 torus at zoom 1 (one pixel per cell, cells drawn);
- 4096×4096 torus at zoom 1/4 (each pixel shades 4×4 cells by density).

Targets: at least 60 and 30 frames/s on 2 cores. The frame rate is not capped (no vsync, no 60 fps clock) so the
number is what the loop can do; the stepping runs on the window's worker thread exactly as in ``life view``.
Runs headless (``SDL_VIDEODRIVER=dummy``) unless SDL_VIDEODRIVER is set (e.g. ``x11`` under ``xvfb-run``, which
adds the X server's copy of every frame).

    python benchmarks/ui.py [--seconds 10] [--cases 1024,4096] [--out results.json]
"""

import argparse
import datetime
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from life import make_universe  # noqa: E402
from life.soup import make_soup  # noqa: E402

CASES = {"1024": (1024, 0), "4096": (4096, -2)}  # board side, zoom exponent (2**e pixels per cell)
TARGETS = {"1024": 60.0, "4096": 30.0}
WINDOW = (1024, 1024)


def bench_case(side: int, exp: int, seconds: float, warmup: float = 2.0) -> dict:
    """Frames/s and generations/s of the window's loop on a side×side random torus at zoom 2**exp."""
    import life.render
    import life.ui.draw as appmod  # the window renders through life.ui.draw.render_view
    from life.ui.app import App

    t0 = time.perf_counter()
    u = make_universe(make_soup(f"{side}x{side}:0.5@1"), f"torus:{side}x{side}")
    setup_s = time.perf_counter() - t0
    app = App(universe=u, size=WINDOW, threaded=True, hud=True, lang="en")
    app.camera.cx = app.camera.cy = 0.0
    app.camera.exp = exp
    render_s = [0.0]
    real_render = appmod.render

    def timed_render(*a, **kw):
        t = time.perf_counter()
        try:
            return real_render(*a, **kw)
        finally:
            render_s[0] += time.perf_counter() - t

    appmod.render = timed_render
    try:
        app.settle()  # wait (without spinning on the GIL) while the worker compiles or loads the kernel
        app.running = True
        end = time.perf_counter() + warmup  # compiles/loads the kernel, settles the step-size estimate
        while time.perf_counter() < end or app.busy and app.worker.current[0] == "warm":
            app.frame()
        frames0, gen0, render_s[0] = app._frames, app.universe.generation, 0.0
        t = time.perf_counter()
        while time.perf_counter() - t < seconds:
            app.frame(wait=True)
        elapsed = time.perf_counter() - t
        app.running = False
        app.settle()
        frames, gens = app._frames - frames0, app.universe.generation - gen0
    finally:
        appmod.render = real_render
        app.close()
    return {"board": f"{side}x{side}", "topology": "torus", "zoom": 2.0 ** exp, "window": list(WINDOW),
            "frames": frames, "seconds": round(elapsed, 3), "fps": frames / elapsed, "gens_per_s": gens / elapsed,
            "render_ms_per_frame": 1000 * render_s[0] / max(frames, 1), "setup_s": round(setup_s, 2),
            "video_driver": os.environ.get("SDL_VIDEODRIVER"), "render_module": life.render.__file__}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0, help="measured seconds per case")
    ap.add_argument("--cases", default="1024,4096", help="comma-separated board sides: 1024 (zoom 1), 4096 (1/4)")
    ap.add_argument("--out", help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    rows = []
    print(f"{'board':<11}{'zoom':>6}{'fps':>9}{'target':>8}{'gen/s':>9}{'render ms':>11}")
    for name in args.cases.split(","):
        side, exp = CASES[name.strip()]
        r = bench_case(side, exp, args.seconds)
        r["target_fps"] = TARGETS[name.strip()]
        rows.append(r)
        zoom = f"1/{2 ** -exp}" if exp < 0 else str(2 ** exp)
        print(f"{r['board']:<11}{zoom:>6}{r['fps']:>9.1f}{r['target_fps']:>8.0f}{r['gens_per_s']:>9.1f}"
              f"{r['render_ms_per_frame']:>11.2f}")
    if args.out:
        from life.bench import machine_info, write_results

        doc = {"benchmark": "ui", "date": datetime.datetime.now().isoformat(timespec="seconds"),
               "command": " ".join(["python", "benchmarks/ui.py"] + (argv or sys.argv[1:])),
               "machine": machine_info(), "results": rows}
        write_results(args.out, doc)


if __name__ == "__main__":
    main()
