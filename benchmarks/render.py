"""Benchmark: GIF export of a random soup on a torus (target: 200 frames of a 1024² board in <= 10 s on 2 cores),
and optionally the zoomed-out rendering of a big board.

    python benchmarks/render.py                       # 200 frames, 1024x1024, zoom 1 -> benchmarks/results/render.json
    python benchmarks/render.py --big 16384           # also time 16384² -> 1024² density frames (slow to set up)

Prints the numbers and writes them as JSON. Timings are wall-clock on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from life import make_universe  # noqa: E402
from life.bench import machine_info, write_results  # noqa: E402
from life.export import export_animation  # noqa: E402
from life.render import Viewport, render  # noqa: E402
from life.soup import SoupSpec, make_soup  # noqa: E402

TARGET_S = 10.0


def gif_export(size: int, frames: int, every: int, zoom: float, seed: int, out_dir: Path) -> dict:
    topo = f"torus:{size}x{size}"
    u = make_universe(make_soup(SoupSpec(size, size, 0.5, seed)), topo)
    u.step(1)  # compile (or load) the kernel outside the timing
    side = int(size * zoom)
    vp = Viewport(-(size // 2), -(size // 2), side, side, zoom)
    export_animation(u, out_dir / "warmup.gif", frames=2, viewport=vp)  # imports and first-call costs
    step_s = [0.0]

    def step(n):
        t = time.perf_counter()
        u.step(n)
        step_s[0] += time.perf_counter() - t

    path = out_dir / "render-bench.gif"
    t0 = time.perf_counter()
    export_animation(u, path, frames=frames, every=every, viewport=vp, fps=20, step=step)
    total = time.perf_counter() - t0
    from PIL import Image

    with Image.open(path) as im:
        decoded = im.n_frames
    return {"board": f"{size}x{size} torus", "image": f"{side}x{side}", "zoom": zoom, "frames": frames,
            "every": every, "seconds": round(total, 3), "step_seconds": round(step_s[0], 3),
            "render_encode_seconds": round(total - step_s[0], 3),
            "ms_per_frame": round(1000 * total / frames, 2), "file_bytes": path.stat().st_size,
            "decoded_frames": decoded, "target_seconds": TARGET_S, "within_target": total <= TARGET_S}


def big_render(size: int, side: int, seed: int, repeats: int = 3) -> dict:
    t0 = time.perf_counter()
    u = make_universe(make_soup(SoupSpec(size, size, 0.5, seed)), f"torus:{size}x{size}")
    setup = time.perf_counter() - t0
    vp = Viewport(-(size // 2), -(size // 2), side, side, side / size)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        img = render(u, vp)
        times.append(time.perf_counter() - t)
    return {"board": f"{size}x{size} torus", "image": f"{side}x{side}", "zoom": f"1/{size // side}",
            "render_seconds_best": round(min(times), 4), "setup_seconds": round(setup, 1),
            "mean_shade": round(float(np.mean(img)), 3)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1024, help="board side (cells)")
    ap.add_argument("--frames", type=int, default=200)
    ap.add_argument("--every", type=int, default=1, help="generations between frames")
    ap.add_argument("--zoom", type=float, default=1.0, help="pixels per cell")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--big", type=int, default=0, help="also time a BIG² board rendered to --big-side² pixels")
    ap.add_argument("--big-side", type=int, default=1024)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "render.json"))
    args = ap.parse_args(argv)

    import numba

    result = {"benchmark": "render", "machine": machine_info(), "numba_threads": numba.get_num_threads(),
              "command": " ".join(["python benchmarks/render.py", *(argv if argv is not None else sys.argv[1:])])}
    with tempfile.TemporaryDirectory(prefix="life-render-") as d:
        g = gif_export(args.size, args.frames, args.every, args.zoom, args.seed, Path(d))
    result["gif_export"] = g
    print(f"GIF export: {g['frames']} frames of a {g['board']} at {g['image']} px: {g['seconds']:.2f} s "
          f"(stepping {g['step_seconds']:.2f} s, render+encode {g['render_encode_seconds']:.2f} s, "
          f"{g['ms_per_frame']:.1f} ms/frame, {g['file_bytes'] / 1e6:.1f} MB) -> "
          f"{'within' if g['within_target'] else 'OVER'} the {TARGET_S:.0f} s target")
    if args.big:
        b = big_render(args.big, args.big_side, args.seed)
        result["big_render"] = b
        print(f"Zoomed-out render: {b['board']} -> {b['image']} px: {b['render_seconds_best'] * 1000:.0f} ms per "
              f"frame (set-up {b['setup_seconds']:.0f} s)")
    write_results(args.out, result)
    return 0 if g["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
