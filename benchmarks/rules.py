"""Rule-family benchmark: cell-updates per CPU-second (one thread, which load elsewhere inflates little) of the
dense and tiled engines on three isotropic non-totalistic (Hensel) rules, which run through their circuits
(``life/engines/circuit.py``), against B3/S23 in the same run.

Dense: a random torus (default 2048×2048, density 0.35), with the shared circuit kernel (short calls) and with
the kernel compiled for the rule (calls of over 2^32 cell-generations get it; B3/S23 runs its own kernel in both).
Tiled: a random square soup on the plane (default 1024×1024) over a short run, counting the cells of the tiles
it steps each generation.

    python benchmarks/rules.py [--size 2048] [--gens 100] [--soup 1024] [--soup-gens 20] [--out ...]
"""

import argparse
import datetime
import os
import sys
import time

import numba
import numpy as np

from life import Pattern, Rule, make_universe
from life.bench import machine_info, random_torus, write_results
from life.engines import dense

RULES = ("B3/S23", "B2-a/S12", "B37/S2-i34q", "B2cek3i/S12cei")


def dense_rate(rule: Rule, size: int, gens: int, repeats: int = 3, compiled: bool = False) -> float:
    """Cell-updates per CPU-second of the dense engine on a size×size random torus (best of ``repeats``);
    ``compiled``: rules that are not Life-like run the kernel compiled for them, as long runs do, instead of
    the shared circuit kernel."""
    dense._COMPILE_AT = 0 if compiled else 1 << 32
    u = make_universe(random_torus(size, rule, 0.35))
    u.step(1)  # compile or load the kernel
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        u.step(gens)
        best = min(best, time.process_time() - t)
    return size * size * gens / best


def tiled_rate(rule: Rule, size: int, gens: int, repeats: int = 3) -> float:
    """Cell-updates/s of the tiled engine on a size×size random soup, counting the 64×64 cells of every tile it
    steps (still and period-2 tiles are skipped, and rules differ in how many they leave; best of
    ``repeats``)."""
    grid = np.random.default_rng(0).random((size, size)) < 0.35
    best = 0.0
    for _ in range(repeats):
        u = make_universe(Pattern.from_array(grid, rule=rule), "plane", algo="tiled")
        u.step(1)  # compile or load the kernel
        cells, seconds = 0, 0.0
        for _ in range(gens):
            active = u.active_tiles
            t = time.process_time()
            u.step(1)
            seconds += time.process_time() - t
            cells += active * 64 * 64
        best = max(best, cells / seconds)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=2048)
    ap.add_argument("--gens", type=int, default=100)
    ap.add_argument("--soup", type=int, default=1024)
    ap.add_argument("--soup-gens", type=int, default=20)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "rules.json"))
    args = ap.parse_args(argv)
    numba.set_num_threads(1)  # CPU time of one thread: comparable between rules even on a loaded machine
    rows = []
    cols = ("dense", "dense_compiled", "tiled")
    print(f"{'rule':<18}" + "".join(f"{c + ' /CPU-s':>22}{'vs B3/S23':>10}" for c in cols))
    for text in RULES:
        rule = Rule.parse(text)
        row = {"rule": rule.bs, "dense": dense_rate(rule, args.size, args.gens),
               "dense_compiled": dense_rate(rule, args.size, args.gens, compiled=True),
               "tiled": tiled_rate(rule, args.soup, args.soup_gens)}
        rows.append(row)
        line = f"{rule.bs:<18}"
        for c in cols:
            row[c + "_vs_life"] = row[c] / rows[0][c]
            line += f"{row[c]:>22.3e}{row[c + '_vs_life']:>10.0%}"
        print(line)
    doc = {"benchmark": "rules", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/rules.py"] + (argv or sys.argv[1:])),
           "load_average": os.getloadavg(), "machine": machine_info(), "size": args.size, "soup": args.soup,
           "results": rows}
    write_results(args.out, doc)


if __name__ == "__main__":
    main()
