"""Scale-out of the scale sweep: the same fixed sweep on a Dask LocalCluster of 1, 2 and 4 worker processes.

    PYTHONPATH=. python benchmarks/sweep_scale.py                      # 1, 2, 4 workers, 3 rounds each
    PYTHONPATH=. python benchmarks/sweep_scale.py --workers 1,2 --repeat 1
    PYTHONPATH=. python benchmarks/sweep_scale.py --out benchmarks/results/sweep_scale.json

Each configuration starts a LocalCluster (one thread per worker process) and runs the same sweep untimed on other
soups, so that every worker has loaded the compiled kernels and filled its shape cache. It then times the fixed
sweep (``--sizes``/``--soups``) through ``--scheduler``, as ``life emerge --scheduler ADDRESS`` runs it. The
rounds are interleaved (1, 2, 4, 1, 2, 4...) so that a change in the machine's load hits every configuration
alike; the best round is reported. Throughput is soups per wall second; efficiency is the throughput per worker
against one worker's. The same sweep on the census's own process pool (``--workers 2``, no Dask) is timed
alongside for comparison.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from life.bench import machine_info, write_results  # noqa: E402
from life.census.emerge import sweep  # noqa: E402


def _ints(text):
    return [int(v) for v in text.split(",") if v]


def _time_sweep(sizes, soups, **kw) -> dict:
    t0 = time.perf_counter()
    res = sweep(sizes, soups, seed=11, **kw)
    wall = time.perf_counter() - t0
    n = res["soups"]
    cpu = sum(r["cpu"] for r in res["records"])
    return {"seconds": round(wall, 2), "soups": n, "soups_per_second": round(n / wall, 2),
            "soup_cpu_seconds": round(cpu, 2), "load": [round(v, 2) for v in os.getloadavg()]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2,4", help="Dask worker processes per configuration")
    ap.add_argument("--sizes", default="32,128,512")
    ap.add_argument("--soups", default="400,100,16", help="soups per size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    from distributed import LocalCluster

    sizes, soups, configs = _ints(args.sizes), _ints(args.soups), _ints(args.workers)
    clusters = {}
    try:
        for k in configs:
            clusters[k] = LocalCluster(n_workers=k, threads_per_worker=1, processes=True, dashboard_address=":0")
            # untimed: the same sweep on other soups, so that every worker has its kernels and a full shape cache
            sweep(sizes, soups, seed=99, scheduler=clusters[k].scheduler_address)
        runs = {k: [] for k in configs}
        pool = []
        for rnd in range(args.repeat):
            for k in configs:
                r = _time_sweep(sizes, soups, scheduler=clusters[k].scheduler_address)
                runs[k].append(r)
                print(f"round {rnd + 1}: Dask, {k} workers: {r['soups']} soups in {r['seconds']} s, "
                      f"{r['soups_per_second']} soups/s (load {r['load'][0]})", flush=True)
            r = _time_sweep(sizes, soups, workers=2)
            pool.append(r)
            print(f"round {rnd + 1}: process pool, 2 workers: {r['seconds']} s, {r['soups_per_second']} soups/s",
                  flush=True)
    finally:
        for c in clusters.values():
            c.close()
    best = {k: max(v, key=lambda r: r["soups_per_second"]) for k, v in runs.items()}
    base = best[configs[0]]["soups_per_second"] / configs[0]
    table = []
    print(f"\n{'workers':>7} {'wall s':>8} {'soups/s':>8} {'efficiency':>10}")
    for k in configs:
        b = best[k]
        eff = b["soups_per_second"] / (k * base)
        table.append({"workers": k, **b, "efficiency": round(eff, 3)})
        print(f"{k:>7} {b['seconds']:>8.2f} {b['soups_per_second']:>8.2f} {eff:>10.2f}")
    bp = max(pool, key=lambda r: r["soups_per_second"])
    print(f"process pool, 2 workers: {bp['seconds']:.2f} s, {bp['soups_per_second']:.2f} soups/s")
    doc = {"date": datetime.date.today().isoformat(), "machine": machine_info(), "sizes": sizes, "soups": soups,
           "dask": table, "all_rounds": {str(k): v for k, v in runs.items()}, "process_pool_2": bp}
    if args.out:
        write_results(args.out, doc)


if __name__ == "__main__":
    main()
