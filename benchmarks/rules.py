"""Rule-family benchmark: cell-updates/s of the dense and tiled engines on three isotropic non-totalistic (Hensel)
rules, which run through their circuits (``life/engines/circuit.py``), against B3/S23 in the same run.

Dense: a random torus (default 2048×2048, density 0.35). Tiled: a random square soup on the plane (default
1024×1024), counted as bounding-box cells per generation over a short run, so most of its tiles stay active.

    python benchmarks/rules.py [--size 2048] [--gens 100] [--soup 1024] [--soup-gens 20] [--out ...]
"""

import argparse
import datetime
import os
import sys
import time

import numpy as np

from life import Pattern, Rule, make_universe
from life.bench import machine_info, measure, write_results

RULES = ("B3/S23", "B2-a/S12", "B37/S2-i34q", "B2cek3i/S12cei")


def tiled_rate(rule: Rule, size: int, gens: int, repeats: int = 3) -> float:
    """Bounding-box cell-updates/s of the tiled engine on a size×size random soup (best of ``repeats``)."""
    grid = np.random.default_rng(0).random((size, size)) < 0.35
    best = 0.0
    for _ in range(repeats):
        u = make_universe(Pattern.from_array(grid, rule=rule), "plane", algo="tiled")
        u.step(1)  # compile or load the kernel
        cells, seconds = 0, 0.0
        for _ in range(gens):
            b = u.bbox
            t = time.perf_counter()
            u.step(1)
            seconds += time.perf_counter() - t
            cells += b[2] * b[3] if b else 0
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
    rows = []
    print(f"{'rule':<18}{'dense cell-upd/s':>18}{'vs B3/S23':>11}{'tiled cell-upd/s':>18}{'vs B3/S23':>11}")
    for text in RULES:
        rule = Rule.parse(text)
        dense = measure("cpu", args.size, args.gens, rule, density=0.35)["cell_updates_per_s"]
        tiled = tiled_rate(rule, args.soup, args.soup_gens)
        rows.append({"rule": rule.bs, "dense_cell_updates_per_s": dense, "tiled_cell_updates_per_s": tiled})
        life = rows[0]
        rd = dense / life["dense_cell_updates_per_s"]
        rt = tiled / life["tiled_cell_updates_per_s"]
        rows[-1].update(dense_vs_life=rd, tiled_vs_life=rt)
        print(f"{rule.bs:<18}{dense:>18.3e}{rd:>11.0%}{tiled:>18.3e}{rt:>11.0%}")
    doc = {"benchmark": "rules", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/rules.py"] + (argv or sys.argv[1:])),
           "load_average": os.getloadavg(), "machine": machine_info(), "size": args.size, "soup": args.soup,
           "results": rows}
    write_results(args.out, doc)


if __name__ == "__main__":
    main()
