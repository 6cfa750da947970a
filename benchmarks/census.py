"""Census throughput: soups per second for 16x16 soups, and the time of a default ``life emerge`` run.

    python benchmarks/census.py                 # 20,000 soups on 2 worker processes
    python benchmarks/census.py --soups 50000 --workers 2
    python benchmarks/census.py --emerge        # also time a default `life emerge`
    python benchmarks/census.py --out benchmarks/results/census.json
    python benchmarks/census.py --apg-seed k_bench    # apgsearch's C1 soups k_bench0, k_bench1, ...

When apgluxe is built (``sh benchmarks/build_apgluxe.sh``, which skips cleanly offline) it runs in the same
process on one thread for the same number of soups, and the ratio of soups/s per core is reported; without it
that part is skipped with a note.

The first soups of each worker load the compiled kernels and fill the shape cache; a warm-up census runs first
and is not timed. Results are printed and written as JSON; RESULTS.md quotes them (machines differ; this one may
be shared).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from life.bench import machine_info, write_results  # noqa: E402
from life.census.soups import census_soups  # noqa: E402

APGLUXE = os.path.join(os.path.dirname(__file__), "apgluxe", "apgluxe")


def apgluxe_rate(exe: str, soups: int, root: str):
    """Soups/s of apgluxe on one thread in local mode (nothing uploaded), or None when it is not built."""
    if not os.access(exe, os.X_OK):
        print(f"apgluxe: not built ({exe}; run sh benchmarks/build_apgluxe.sh): skipped")
        return None
    # -n soups per haul, -i hauls, -p threads, -L 1 local (offline) mode, -s seed root
    cmd = [exe, "-n", str(soups), "-i", "1", "-p", "1", "-L", "1", "-s", root]
    t0 = time.perf_counter()
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"apgluxe: {' '.join(cmd)} failed ({e}): skipped")
        return None
    return soups / (time.perf_counter() - t0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--soups", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="timed censuses; the best is reported")
    ap.add_argument("--emerge", action="store_true", help="also time a default `life emerge` run")
    ap.add_argument("--apg-seed", default=None, metavar="ROOT", help="census apgsearch's C1 soups ROOT0, ROOT1...")
    ap.add_argument("--apgluxe", default=APGLUXE, help="apgluxe binary to run beside the census (if present)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "census.json"))
    args = ap.parse_args(argv)
    runs = []
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs visible, "
          f"python {platform.python_version()}")
    apg = {} if args.apg_seed is None else {"apg_root": args.apg_seed}
    census_soups(500, seed=args.seed + 1000, workers=args.workers,
                 **({} if not apg else {"apg_root": args.apg_seed + "warm"}))  # warm-up: compile/load kernels
    best = None
    for k in range(args.repeat):
        t0 = time.process_time()
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c = census_soups(args.soups, seed=args.seed + k, workers=args.workers, **apg)
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - t0 + (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        load = os.getloadavg()[0]
        print(f"census: {c.soups} soups 16x16 on {args.workers} workers: {c.soups_per_second:,.0f} soups/s "
              f"({c.seconds:.1f} s wall, load average {load:.1f}); {c.soups / cpu:,.0f} soups per CPU-second "
              f"(so {args.workers * c.soups / cpu:,.0f}/s on {args.workers} idle cores); "
              f"{c.generations / c.soups:.0f} generations/soup")
        best = max(best or 0, c.soups_per_second)
        per_core = c.soups / cpu
        runs.append({"soups": c.soups, "seed": args.seed + k, "seconds": round(c.seconds, 3),
                     "soups_per_second": round(c.soups_per_second, 1), "soups_per_cpu_second": round(c.soups / cpu, 1),
                     "generations_per_soup": round(c.generations / c.soups, 1), "load_average": round(load, 2)})
    print(f"best: {best:,.0f} soups/s on {args.workers} workers (target >= 2,000)")
    peer = apgluxe_rate(args.apgluxe, args.soups, args.apg_seed or "k_lifebench")
    if peer is not None:
        print(f"apgluxe: {peer:,.0f} soups/s on one thread; this census {per_core:,.0f} soups per CPU-second: "
              f"ratio per core {per_core / peer:.2f}")
    doc = {"benchmark": "census", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/census.py"] + (argv or sys.argv[1:])),
           "machine": machine_info(), "workers": args.workers, "size": 16, "density": 0.5, "censuses": runs,
           "best_soups_per_second": round(best, 1), "apg_root": args.apg_seed,
           "apgluxe_soups_per_second": None if peer is None else round(peer, 1),
           "ratio_per_core": None if peer is None else round(per_core / peer, 3)}
    if args.emerge:
        from life.census.emerge import sweep

        t0 = time.perf_counter()
        res = sweep(workers=args.workers)
        dt = time.perf_counter() - t0
        print(f"default `life emerge` on {args.workers} workers: {dt:.0f} s "
              f"({sum(r['soups'] for r in res['sizes'])} soups)")
        for r in res["sizes"]:
            print(f"  {r['size']:5d}: {r['soups']:5d} soups in {r['seconds']:7.1f} s")
        doc["emerge"] = {"seconds": round(dt, 1), "soups": sum(r["soups"] for r in res["sizes"]),
                         "sizes": [{"size": r["size"], "soups": r["soups"], "seconds": round(r["seconds"], 2)}
                                   for r in res["sizes"]]}
    write_results(args.out, doc)


if __name__ == "__main__":
    main()
