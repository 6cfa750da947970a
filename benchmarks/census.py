"""Census throughput: soups per second for 16x16 soups, and the time of a default ``life emerge`` run.

    python benchmarks/census.py                 # 3 x 20,000 apgsearch C1 soups in this process
    python benchmarks/census.py --soups 50000 --workers 2
    python benchmarks/census.py --emerge        # also time a default `life emerge`
    python benchmarks/census.py --hash-soups    # this package's own seeded soups instead of apgsearch's
    python benchmarks/census.py --out benchmarks/results/census.json

When apgluxe is built (``sh benchmarks/build_apgluxe.sh``, which skips cleanly without a source) it runs after
each census, on one thread, for the same soups; the soups per CPU-second of both, their ratio (per core) and
whether the two censuses agree object for object are reported. Without it that part is skipped with a note.

The first soups of each worker load the compiled kernels and fill the shape cache; a warm-up census runs first
and is not timed. Results are printed and written as JSON; RESULTS.md quotes them (machines differ; this one may
be shared).
"""

from __future__ import annotations

import argparse
import datetime
import glob
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from life.bench import machine_info, write_results  # noqa: E402
from life.census.soups import census_soups  # noqa: E402

APGLUXE = os.path.join(os.path.dirname(__file__), "apgluxe", "apgluxe")


def apgluxe_version(exe: str) -> str:
    """apgluxe's version string (``v4.2-ll1.2``, say), or ``?``."""
    try:
        out = subprocess.run([exe, "--rule", "b3s23", "--symmetry", "C1"], capture_output=True, text=True,
                             timeout=60, cwd=os.path.dirname(exe)).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    m = re.search(r"apgluxe (v[0-9][-.a-z0-9]*)", out)
    return m.group(1) if m else "?"


def apgluxe_census(exe: str, version: str, soups: int, root: str):
    """Run apgluxe on one thread for soups root0..root<soups-1> (nothing uploaded). Returns (soups per
    CPU-second, wall seconds, census table {apgcode: count} or None when its log cannot be read), or None when
    it fails."""
    with tempfile.TemporaryDirectory() as work:  # apgluxe writes its log file to the working directory
        if version.startswith("v4"):
            # AlephAlpha's offline v4.2: -n soups per haul, -s seed root, -t one haul then stop
            cmd = [exe, "-n", str(soups), "-s", root, "-t", "1"]
        else:
            # apgluxe v5: -n soups per haul, -i hauls, -p threads, -L 1 local (offline) mode, -s seed root
            cmd = [exe, "-n", str(soups), "-i", "1", "-p", "1", "-L", "1", "-s", root]
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=3600, cwd=work, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as e:
            print(f"apgluxe: {' '.join(cmd)} failed ({e}): skipped")
            return None
        wall = time.perf_counter() - t0
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        table = None
        for name in glob.glob(os.path.join(work, "log.*.txt")):
            with open(name) as f:
                text = f.read()
            if "@CENSUS TABLE" in text:
                body = text.split("@CENSUS TABLE", 1)[1].split("\n@", 1)[0]
                table = {a: int(b) for a, b in re.findall(r"^(\S+) (\d+)$", body, re.M)}
    return soups / max(cpu, 1e-9), wall, table


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--soups", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1, help="with --hash-soups: the census seed")
    ap.add_argument("--repeat", type=int, default=3, help="timed censuses (each beside an apgluxe run)")
    ap.add_argument("--emerge", action="store_true", help="also time a default `life emerge` run")
    ap.add_argument("--apg-seed", default="k_bench", metavar="ROOT",
                    help="run apgsearch's C1 soups ROOTr<k>_0, ROOTr<k>_1, ... in repeat k (apgluxe runs the same)")
    ap.add_argument("--hash-soups", action="store_true", help="run this package's own seeded soups instead")
    ap.add_argument("--apgluxe", default=APGLUXE, help="apgluxe binary to run beside the census (if present)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "census.json"))
    args = ap.parse_args(argv)
    runs = []
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs visible, "
          f"python {platform.python_version()}")
    peer_version = None
    if os.access(args.apgluxe, os.X_OK):
        peer_version = apgluxe_version(args.apgluxe)
        print(f"# apgluxe {peer_version} ({args.apgluxe}) runs beside each census on one thread")
    else:
        print(f"# apgluxe: not built ({args.apgluxe}; run sh benchmarks/build_apgluxe.sh): skipped")
    warm = {} if args.hash_soups else {"apg_root": args.apg_seed + "warm"}
    census_soups(500, seed=args.seed + 1000, workers=args.workers, **warm)  # warm-up: compile/load kernels
    best = None
    for k in range(args.repeat):
        root = f"{args.apg_seed}r{k}_"
        apg = {} if args.hash_soups else {"apg_root": root}
        t0 = time.process_time()
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c = census_soups(args.soups, seed=args.seed + k, workers=args.workers, **apg)
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - t0 + (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        load = os.getloadavg()[0]
        per_core = c.soups / cpu
        print(f"census: {c.soups} soups 16x16 on {args.workers} workers: {c.soups_per_second:,.0f} soups/s "
              f"({c.seconds:.1f} s wall, load average {load:.1f}); {per_core:,.0f} soups per CPU-second; "
              f"{c.generations / c.soups:.0f} generations/soup")
        best = max(best or 0, c.soups_per_second)
        run = {"soups": c.soups, "apg_root": None if args.hash_soups else root, "seed": args.seed + k,
               "seconds": round(c.seconds, 3), "soups_per_second": round(c.soups_per_second, 1),
               "soups_per_cpu_second": round(per_core, 1), "generations_per_soup": round(c.generations / c.soups, 1),
               "load_average": round(load, 2)}
        if peer_version is not None:
            got = apgluxe_census(args.apgluxe, peer_version, args.soups, root)
            if got is not None:
                rate, wall, table = got
                same = None if table is None or args.hash_soups else table == c.counts
                diff = {} if same is not False else {
                    code: c.counts.get(code, 0) - table.get(code, 0) for code in set(c.counts) | set(table)
                    if c.counts.get(code, 0) != table.get(code, 0)}
                print(f"apgluxe {peer_version}: {rate:,.0f} soups per CPU-second ({wall:.1f} s wall); "
                      f"ratio per core {per_core / rate:.2f}" +
                      ("" if same is None else f"; same census object for object: {same}") +
                      ("" if not diff else " (ours minus apgluxe's: " +
                       ", ".join(f"{k} {v:+d}" for k, v in sorted(diff.items())[:6]) + ")"))
                run.update(apgluxe_soups_per_cpu_second=round(rate, 1), apgluxe_seconds=round(wall, 3),
                           ratio_per_core=round(per_core / rate, 3), same_census=same,
                           census_difference=diff)
        runs.append(run)
    print(f"best: {best:,.0f} soups/s on {args.workers} workers")
    ratios = [r["ratio_per_core"] for r in runs if "ratio_per_core" in r]
    if ratios:
        print(f"ratio per core (this census / apgluxe {peer_version}), median of {len(ratios)}: "
              f"{sorted(ratios)[len(ratios) // 2]:.2f}")
    doc = {"benchmark": "census", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/census.py"] + (argv or sys.argv[1:])),
           "machine": machine_info(), "workers": args.workers, "size": 16, "density": 0.5, "censuses": runs,
           "best_soups_per_second": round(best, 1), "apgluxe_version": peer_version,
           "ratio_per_core_median": sorted(ratios)[len(ratios) // 2] if ratios else None}
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
