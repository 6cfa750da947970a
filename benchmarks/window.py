"""Window benchmark (issue 14): ``life view --benchmark`` on big torus soups, the engine alone as the peer in the
same run, and the CPU a paused window uses.

- 4096² and 16384² random tori (``--soup NxN@1``) at the default view (fitted: 1:8 and 1:32 in 1024×768), one
  generation a frame: pictures/s (target ≥ 30 and ≥ 20), generations/s, worst and median frame;
- the same board's engine stepping alone (generations/s), so a loaded machine shows in both numbers;
- a paused window in its real loop for a few seconds: CPU seconds per wall second (target < 5 % of a core).

Runs with ``SDL_VIDEODRIVER=dummy`` unless SDL_VIDEODRIVER is set (``x11`` under ``xvfb-run``).

    python benchmarks/window.py [--seconds 8] [--sides 4096,16384] [--out results.json]
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import threading
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

TARGETS = {4096: 30.0, 16384: 20.0}


def view_benchmark(side: int, seconds: float) -> dict:
    """``life view --soup SIDExSIDE@1 --topology torus:SIDExSIDE --benchmark SECONDS --json`` in a subprocess."""
    cmd = [sys.executable, "-m", "life", "view", "--soup", f"{side}x{side}@1", "--topology",
           f"torus:{side}x{side}", "--benchmark", str(seconds), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = json.loads(out.strip().splitlines()[-1])
    # the whole command's CPU (building the soup, warming, the measured seconds): how busy the machine was
    r["process_cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return r


def engine_alone(side: int, seconds: float) -> float:
    """Generations/s of the dense engine stepping the same soup one generation at a time, nothing else."""
    from life.engines import resolve_topology
    from life.pattern import Pattern
    from life.rules import Rule
    from life.soup import parse_soup
    from life.ui.jobs import soup_universe

    topo = resolve_topology(Pattern(rule=Rule()), f"torus:{side}x{side}")
    u = soup_universe(parse_soup(f"{side}x{side}@1"), Rule().with_topology(topo), topo, "auto", "auto")[0]
    u.step(1)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        u.step(1)
        n += 1
    return n / (time.perf_counter() - t0)


def paused_cpu(seconds: float) -> dict:
    """CPU seconds per wall second of a paused 1024×768 window on a 4096² soup in its real loop."""
    import pygame

    from life.soup import parse_soup
    from life.ui.app import App

    app = App(soup=parse_soup("4096x4096@1"), topology="torus:4096x4096", size=(1024, 768), lang="en")
    app.settle()
    for _ in range(5):  # the first frames warm the kernels and draw the picture
        app.frame()
        app.settle()
    threading.Timer(seconds, lambda: pygame.event.post(pygame.event.Event(pygame.QUIT))).start()
    frames0, cpu0, t0 = app._frames, time.process_time(), time.perf_counter()
    app.run()
    wall = time.perf_counter() - t0
    return {"seconds": round(wall, 2), "cpu_fraction": round((time.process_time() - cpu0) / wall, 4),
            "frames_drawn": app._frames - frames0}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=8.0, help="measured seconds per case")
    ap.add_argument("--sides", default="4096,16384", help="comma-separated torus sides")
    ap.add_argument("--out", help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    rows = []
    load0 = os.getloadavg()[0]
    print(f"load average at start: {load0:.2f}")
    for side in (int(s) for s in args.sides.split(",")):
        r = view_benchmark(side, args.seconds)
        r["engine_alone_gens_per_s"] = round(engine_alone(side, min(args.seconds, 4.0)), 1)
        r["board"], r["target_fps"] = f"{side}x{side}", TARGETS.get(side)
        rows.append(r)
        print(f"{side}² torus: {r['frames_per_s']:.1f} frames/s (target {r['target_fps']}), "
              f"{r['generations_per_s']:.1f} gen/s, worst {r['worst_frame_ms']} ms, median {r['median_frame_ms']} ms; "
              f"engine alone {r['engine_alone_gens_per_s']} gen/s")
    idle = paused_cpu(min(args.seconds, 5.0))
    print(f"paused window: {100 * idle['cpu_fraction']:.2f} % of a core, {idle['frames_drawn']} frames drawn "
          f"in {idle['seconds']} s")
    load1 = os.getloadavg()[0]
    print(f"load average at end: {load1:.2f}")
    if args.out:
        from life.bench import machine_info, write_results

        doc = {"benchmark": "window", "date": datetime.datetime.now().isoformat(timespec="seconds"),
               "command": " ".join(["python", "benchmarks/window.py"] + (argv or sys.argv[1:])),
               "load_average": [load0, load1], "video_driver": os.environ.get("SDL_VIDEODRIVER"),
               "machine": machine_info(), "results": rows, "paused": idle}
        write_results(args.out, doc)


if __name__ == "__main__":
    main()
