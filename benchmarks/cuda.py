"""GPU benchmark: cell-updates/s of the cuda engine on a 65536×65536 random torus (density 0.5), for B3/S23 and a
generic rule (B36/S23), at several generations per launch; checks the GPU against the CPU dense engine first.

    python benchmarks/cuda.py [--size 65536] [--gens 1024] [--levels 2,4,8] [--rules B3/S23,B36/S23]
                              [--repeats 3] [--skip-check] [--out benchmarks/results/cuda.json]

Needs numba-cuda and a CUDA GPU (exits with the reason otherwise). The board is uploaded as packed random words
(64 cells a word), so no cell list is ever built. Each timed run is best of ``--repeats`` after a warm-up step that
compiles (or loads from numba's disk cache) the kernel, whose time is reported apart. ``step`` returns only when
the GPU is done, so wall time is GPU time plus launch overhead. Also times what a window needs per frame: the
population and a 1024×1024 density image of the whole board. Target on an H100/H200: B3/S23 >= 1.0e13
cell-updates/s, the generic rule >= 60% of that.
"""

import argparse
import datetime
import os
import sys
import time

import numpy as np

# This script shares its name with NVIDIA's ``cuda`` package (cuda-bindings), which numba-cuda imports: keep the
# script's folder off the import path, or ``import cuda`` would find this file.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

from life import Pattern, Rule, Topology, make_universe  # noqa: E402 - after the path fix above
from life.bench import machine_info, write_results  # noqa: E402
from life.engines.cuda import CudaUniverse, unavailable_reason  # noqa: E402

CHECKS = [("torus", 1024, 1024), ("torus", 1000, 700), ("bounded", 1000, 700)]
CHECK_RULES = ["B3/S23", "B36/S23", "B0124/S01358"]
CHECK_GENS = 43  # ten 4-generation launches and one of 3 (the default kernel, generations passing through)


def check(seed: int = 1) -> list:
    """The GPU equals the CPU dense engine, cell for cell, on boards of both kinds and word-edge widths."""
    rows = []
    for kind, w, h in CHECKS:
        topo = Topology(kind, w, h)
        grid = np.random.default_rng(seed).random((h, w)) < 0.5
        for rule in CHECK_RULES:
            pattern = Pattern.from_array(grid, topo.x0, topo.y0, rule=Rule.parse(rule))
            gpu = make_universe(pattern, topo, backend="cuda").step(CHECK_GENS)
            cpu = make_universe(pattern, topo, backend="cpu").step(CHECK_GENS)
            same = bool(np.array_equal(gpu.region(topo.x0, topo.y0, w, h), cpu.region(topo.x0, topo.y0, w, h)))
            rows.append({"topology": str(topo), "rule": rule, "gens": CHECK_GENS, "equal": same,
                         "population": gpu.population})
            print(f"check {topo!s:<18}{rule:<14}{'equal' if same else 'DIFFERENT'}")
    return rows


def random_board(size: int, seed: int) -> np.ndarray:
    """uint64[size, size / 64]: uniformly random bits, i.e. a density-0.5 soup, packed."""
    raw = np.random.default_rng(seed).bytes(size * size // 8)
    return np.frombuffer(raw, dtype=np.uint64).reshape(size, size // 64)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=65536, help="board side (a multiple of 64)")
    ap.add_argument("--gens", type=int, default=1024)
    ap.add_argument("--levels", default="2,4,8", help="generations per kernel launch to compare")
    ap.add_argument("--rules", default="B3/S23,B36/S23")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--out", default=os.path.join(_HERE, "results", "cuda.json"))
    args = ap.parse_args(argv)
    reason = unavailable_reason()
    if reason is not None:
        sys.exit(f"cuda backend unavailable: {reason}")
    if args.size % 64:
        sys.exit("--size must be a multiple of 64")
    from numba import cuda

    dev = cuda.get_current_device()
    name = getattr(dev, "name", "simulator")
    gpu = {"name": name.decode() if isinstance(name, bytes) else str(name),
           "compute_capability": list(getattr(dev, "compute_capability", ())),
           "multiprocessors": getattr(dev, "MULTIPROCESSOR_COUNT", None)}
    print(f"GPU: {gpu['name']} (cc {gpu['compute_capability']}, {gpu['multiprocessors']} SMs)")
    checks = [] if args.skip_check else check()
    topo = Topology("torus", args.size, args.size)
    words = random_board(args.size, args.seed)
    rows = []
    print(f"{args.size}x{args.size} torus, density 0.5, {args.gens} generations, best of {args.repeats}")
    print(f"{'rule':<10}{'levels':>7}{'first step s':>14}{'seconds':>10}{'cell-updates/s':>16}")
    for rule in args.rules.split(","):
        for levels in [int(v) for v in args.levels.split(",")]:
            u = CudaUniverse.from_packed(words, Rule.parse(rule), topo)
            u.levels = levels
            t = time.perf_counter()
            u.step(levels)  # compiles or loads the kernel
            first = time.perf_counter() - t
            best = float("inf")
            for _ in range(args.repeats):
                t = time.perf_counter()
                u.step(args.gens)
                best = min(best, time.perf_counter() - t)
            rate = args.size * args.size * args.gens / best
            rows.append({"kernel": "cuda", "rule": rule, "levels": levels, "size": args.size, "gens": args.gens,
                         "first_step_seconds": first, "seconds": best, "cell_updates_per_s": rate,
                         "population": u.population})
            print(f"{rule:<10}{levels:>7}{first:>14.2f}{best:>10.4f}{rate:>16.3e}")
            del u
    best_of = {r: max(x["cell_updates_per_s"] for x in rows if x["rule"] == r) for r in args.rules.split(",")}
    life_rate = best_of.get("B3/S23")
    for r, v in best_of.items():
        extra = f" ({v / life_rate:.0%} of B3/S23)" if life_rate and r != "B3/S23" else ""
        print(f"best {r}: {v:.3e} cell-updates/s{extra}")
    u = CudaUniverse.from_packed(words, Rule.parse("B3/S23"), topo)
    scale = max(1, args.size // 1024)
    px = args.size // scale
    frame = {}
    for name, fn in (("population", lambda: u.population),
                     ("density_1024px", lambda: u.density(topo.x0, topo.y0, px, px, scale))):
        fn()
        t = time.perf_counter()
        for _ in range(5):
            fn()
        frame[name + "_seconds"] = (time.perf_counter() - t) / 5
    print(f"population {frame['population_seconds'] * 1e3:.2f} ms, "
          f"{px}x{px} density image {frame['density_1024px_seconds'] * 1e3:.2f} ms")
    doc = {"benchmark": "cuda", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/cuda.py"] + (argv or sys.argv[1:])),
           "machine": machine_info(), "gpu": gpu, "checks": checks, "results": rows, "per_frame": frame,
           "best_cell_updates_per_s": best_of}
    write_results(args.out, doc)
    if not all(c["equal"] for c in checks):
        sys.exit("the GPU and the CPU dense engine disagree")


if __name__ == "__main__":
    main()
