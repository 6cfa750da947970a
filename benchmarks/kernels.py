"""Kernel benchmark: cell-updates/s of the B3/S23 dense kernel, the generic kernel on B36/S23 and the numpy
reference, on a random torus (default 4096×4096, density 0.5), with 1 and 2 threads.

    python benchmarks/kernels.py [--size 4096] [--gens 200] [--out benchmarks/results/kernels.json]
"""

import argparse
import datetime
import os
import sys

from life import Rule
from life.bench import machine_info, measure, write_results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--gens", type=int, default=200)
    ap.add_argument("--numpy-gens", type=int, default=3, help="generations for the (slow) numpy reference")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "kernels.json"))
    args = ap.parse_args(argv)
    rows = []
    ref = measure("numpy", args.size, args.numpy_gens, Rule.parse("B3/S23"), repeats=1)
    rows.append(ref)
    print(f"{'kernel':<22}{'rule':<10}{'threads':>8}{'cell-updates/s':>18}{'x numpy':>10}")
    print(f"{'numpy reference':<22}{'B3/S23':<10}{1:>8}{ref['cell_updates_per_s']:>18.3e}{1:>10.0f}")
    for name, rule in (("dense B3/S23", "B3/S23"), ("dense generic", "B36/S23")):
        for t in [int(x) for x in args.threads.split(",")]:
            r = measure("cpu", args.size, args.gens, Rule.parse(rule), threads=t)
            r["kernel"] = name
            r["ratio_to_numpy"] = r["cell_updates_per_s"] / ref["cell_updates_per_s"]
            rows.append(r)
            print(f"{name:<22}{rule:<10}{r['threads']:>8}{r['cell_updates_per_s']:>18.3e}"
                  f"{r['ratio_to_numpy']:>10.0f}")
    life2 = max((r for r in rows if r.get("kernel") == "dense B3/S23"), key=lambda r: r["threads"])
    gen2 = max((r for r in rows if r.get("kernel") == "dense generic"), key=lambda r: r["threads"])
    print(f"generic / B3/S23 at {life2['threads']} threads: "
          f"{gen2['cell_updates_per_s'] / life2['cell_updates_per_s']:.0%}")
    doc = {"benchmark": "kernels", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/kernels.py"] + (argv or sys.argv[1:])),
           "machine": machine_info(), "size": args.size, "results": rows}
    write_results(args.out, doc)


if __name__ == "__main__":
    main()
