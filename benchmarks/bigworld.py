"""Big-universe benchmark: the tiled plane engine and HashLife against Golly's bgolly (QuickLife and HashLife)
in the same run.

    python benchmarks/bigworld.py [--repeats 5] [--mc-gens 1048576] [--skip-mc] [--mc-filter NAME] [--soup 1024:2000]
                                  [--mc-exclude NAME,...] [--mc-repeats 1] [--mc-threads 1,2]
                                  [--out benchmarks/results/bigworld.json]

Cases: Lidka (Golly's 13-cell predecessor) to generation 30,000 and a seeded 1024×1024 random soup (density 0.35)
to generation 2,000 with the tiled engine, on its default loop choice (the soup: the team loop's two threads) and
held to one other loop (Lidka: the team loop, and the default with its gliders kept in the tiles; the soup: serial,
and on all of Numba's threads), against bgolly
QuickLife interleaved round by round (``_tiled_vs_quicklife``: medians and minima of wall and CPU, the ratio
QuickLife / ours, the load average); the Gosper
glider gun to 2^30 and Golly's breeder to 2^100 with HashLife (bgolly -h); each of Golly's bundled HashLife ``.mc``
examples loaded straight into the tree and advanced 2^20 generations (bgolly -h), on each thread count of
``--mc-threads`` (HashLife's big jumps run on two threads by default). Every timed run builds a fresh
universe (a cold HashLife cache) after one warm-up run that loads the compiled kernels; the median of ``--repeats``
runs is reported, wall clock and CPU. bgolly is timed as a subprocess (wall, CPU of the child) and by its own
``-b`` timestamp for the last generation, which leaves out process start-up. Populations are checked against
bgolly's.
"""

import argparse
import datetime
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from life import Pattern, make_universe
from life.bench import machine_info, write_results
from life.formats import from_text, read, write
from life.sources import load_macrocell_universe

GOLLY = Path("/usr/share/golly/Patterns")
GOSPER_RLE = """x = 36, y = 9, rule = B3/S23
24bo$22bobo$12b2o6b2o12b2o$11bo3bo4b2o12b2o$2o8bo5bo3b2o$2o8bo3bob2o4bobo$10bo5bo7bo$11bo3bo$12b2o!
"""
# Golly's Life/Methuselahs/lidka-predecessor.rle: runs 29,055 generations, 1623 cells at 30,000.
LIDKA_RLE = """x = 9, y = 15, rule = B3/S23
bo$obo$bo8$8bo$6bobo$5boobo$$4b3o!
"""
SOUP_SIDE, SOUP_GENS = 1024, 2000
TARGETS = {"lidka": 0.2, "gosper": 0.05, "breeder": 5.0}


def _time_ours(make, gens, repeats):
    make().step(gens)                       # warm-up: loads (or compiles) the kernels
    walls, cpus, pop = [], [], None
    for _ in range(repeats):
        u = make()
        c0, t0 = time.process_time(), time.perf_counter()
        u.step(gens)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        pop = u.population
    return {"seconds": statistics.median(walls), "cpu_seconds": statistics.median(cpus), "runs": walls,
            "population": pop}


def _bgolly(path, gens, hashlife, repeats):
    exe = shutil.which("bgolly")
    if exe is None:
        return None
    cmd = [exe, "-b"] + (["-h"] if hashlife else []) + ["-m", str(gens), str(path)]
    walls, cpus, internal, pop = [], [], [], None
    for _ in range(repeats):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
        # -b lines: "<seconds> <generation>" then "<seconds> pop <population>"
        lines = [ln.split() for ln in res.stdout.splitlines() if ln[:1].isdigit()]
        last = [ln for ln in lines if len(ln) == 2 and ln[1].replace(",", "") == str(gens)]
        internal.append(float(last[-1][0]) if last else float("nan"))
        pops = [ln for ln in lines if len(ln) == 3 and ln[1] == "pop"]
        pop = int(pops[-1][2].replace(",", "")) if pops else None
    return {"algorithm": "HashLife" if hashlife else "QuickLife", "command": " ".join(cmd),
            "seconds": statistics.median(walls), "cpu_seconds": statistics.median(cpus),
            "internal_seconds": statistics.median(internal), "population": pop}


def _tiled_vs_quicklife(name, pattern_path, variants, gens, repeats):
    """The tiled plane against bgolly's QuickLife on one pattern, interleaved: each round runs every variant of
    ours (a fresh universe each, after one warm-up run) and then bgolly once, so that load on a shared machine
    falls on both alike. Reports medians and minima, wall clock and CPU (ours: this process, all threads; bgolly:
    the child's user + system), the ratio QuickLife / ours, and the load average before and after."""
    load0 = os.getloadavg()
    for make in variants.values():
        make().step(gens)
    ours = {k: {"walls": [], "cpus": []} for k in variants}
    peer = None
    for _ in range(repeats):
        for key, make in variants.items():
            u = make()
            c0, t0 = time.process_time(), time.perf_counter()
            u.step(gens)
            ours[key]["walls"].append(time.perf_counter() - t0)
            ours[key]["cpus"].append(time.process_time() - c0)
            ours[key]["population"] = u.population
        one = _bgolly(pattern_path, gens, False, 1)
        if one is not None:
            if peer is None:
                peer = {k: one[k] for k in ("algorithm", "command", "population")}
                peer.update(walls=[], cpus=[], internals=[])
            peer["walls"].append(one["seconds"])
            peer["cpus"].append(one["cpu_seconds"])
            peer["internals"].append(one["internal_seconds"])
    rows = []
    for key, r in ours.items():
        r.update(seconds=statistics.median(r["walls"]), cpu_seconds=statistics.median(r["cpus"]),
                 min_seconds=min(r["walls"]), min_cpu_seconds=min(r["cpus"]))
        row = {"case": name, "engine": key, "generations": gens, "ours": r, "bgolly": peer,
               "load_average_before": load0, "load_average_after": os.getloadavg()}
        line = (f"{name:<10}{key:<13}{gens:>9}  ours {r['seconds']:.4f} s (cpu {r['cpu_seconds']:.4f}; min "
                f"{r['min_seconds']:.4f}, cpu {r['min_cpu_seconds']:.4f})")
        if peer:
            q = {"seconds": statistics.median(peer["cpus"]), "min": min(peer["cpus"]),
                 "internal": statistics.median(peer["internals"])}
            row["ratio_quicklife_cpu_to_ours_cpu"] = q["seconds"] / r["cpu_seconds"]
            row["ratio_quicklife_cpu_to_ours_wall"] = q["seconds"] / r["seconds"]
            row["ratio_min_cpu"] = q["min"] / r["min_cpu_seconds"]
            row["populations_match"] = peer["population"] == r["population"]
            line += (f"  QuickLife cpu {q['seconds']:.4f} s (min {q['min']:.4f}, internal {q['internal']:.4f})"
                     f"  ratio {row['ratio_quicklife_cpu_to_ours_cpu']:.2f}x cpu, "
                     f"{row['ratio_quicklife_cpu_to_ours_wall']:.2f}x wall, {row['ratio_min_cpu']:.2f}x min cpu"
                     f"  pop {'ok' if row['populations_match'] else 'MISMATCH'}")
        print(line + f"  load {load0[0]:.1f}", flush=True)
        rows.append(row)
    return rows


def _tiled(pattern, loop=None, lift=True):
    """A maker of tiled universes on their default choice of loop (``loop`` None), or held to one: ``serial``;
    ``team`` (two threads from 8 active tiles on, however short the call); ``parallel`` (all of Numba's threads
    from 8 active tiles on). ``lift`` False: gliders stay in the tiles (``lift_gliders``)."""
    def make():
        u = make_universe(pattern, algo="tiled")
        u.lift_gliders = lift
        if loop is not None:
            u.parallel_min_tiles = 8 if loop == "parallel" else 0
            u.team_min_tiles = 8 if loop == "team" else 0
            u.team_min_steps = 0
        return u
    return make


def _case(name, pattern_path, make, gens, hashlife, repeats, engine):
    ours = _time_ours(make, gens, repeats)
    peer = _bgolly(pattern_path, gens, hashlife, repeats) if pattern_path else None
    row = {"case": name, "engine": engine, "generations": gens, "ours": ours, "bgolly": peer,
           "target_seconds": TARGETS.get(name)}
    if peer:
        row["populations_match"] = peer["population"] == ours["population"]
        row["ratio_to_bgolly_wall"] = ours["seconds"] / peer["seconds"]
    line = f"{name:<10}{engine:<9}{gens:>34}  ours {ours['seconds']:.4f} s (cpu {ours['cpu_seconds']:.4f})"
    if peer:
        line += (f"  bgolly {peer['algorithm']} {peer['seconds']:.4f} s wall, {peer['internal_seconds']:.4f} s "
                 f"internal  pop {'ok' if row['populations_match'] else 'MISMATCH'}")
    print(line, flush=True)
    return row


def _mc_once(path, gens, threads=None):
    """Load ``path`` into HashLife and advance it ``gens`` generations on ``threads`` threads (None: the
    engine's default): wall of the step, CPU of load and step (all threads)."""
    c0, t0 = time.process_time(), time.perf_counter()
    u = load_macrocell_universe(path)
    u.threads = threads
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    u.step(gens)
    step = time.perf_counter() - t1
    return u, load, step, time.process_time() - c0


def _mc_rows(gens, name_filter, exclude, repeats, threads=(None,)):
    """Each of Golly's HashLife examples, ours (once per entry of ``threads``) and bgolly -h interleaved
    ``repeats`` times; speed ratios are bgolly's time over ours (above 1: we are faster), wall (our step against
    bgolly's own -b timestamp, both without loading) and CPU (load and step, against the bgolly process). The
    row's main figures are for the last entry of ``threads``; ``by_threads`` has each."""
    rows = []
    folder = GOLLY / "HashLife"
    if not folder.is_dir():
        return rows
    for path in sorted(folder.glob("*.mc*")):
        if (name_filter and name_filter not in path.name) or any(x and x in path.name for x in exclude):
            continue
        row = {"file": path.name, "generations": gens}
        try:
            _mc_once(path, 256)   # warm-up: loads (or compiles) the kernels, the two-thread ones too
        except Exception as e:  # a rule HashLife cannot run (Wolfram's w22) is reported, not fatal
            row["error"] = str(e)
            print(f"{path.name:<42} skipped: {e}", flush=True)
            rows.append(row)
            continue
        steps = {t: [] for t in threads}
        cpus = {t: [] for t in threads}
        peers = []
        first = None
        for _ in range(repeats):
            for t in threads:
                u, load, step, cpu = _mc_once(path, gens, t)
                steps[t].append(step)
                cpus[t].append(cpu)
                first = u.population if first is None else first
                if u.population != first:
                    raise SystemExit(f"{path.name}: {t} threads gave population {u.population}, not {first}")
            peers.append(_bgolly(path, gens, True, 1))
        last = threads[-1]
        row.update(load_seconds=load, step_seconds=statistics.median(steps[last]),
                   cpu_seconds=statistics.median(cpus[last]), population=u.population, nodes=u.node_count,
                   max_nodes=u.max_nodes, gcs=u.gc_count, two_thread_jumps=u.parallel_jumps,
                   by_threads={str(t): {"step_seconds": statistics.median(steps[t]),
                                        "cpu_seconds": statistics.median(cpus[t])} for t in threads})
        line = (f"{path.name:<42} step {row['step_seconds']:7.3f} s  cpu {row['cpu_seconds']:7.3f} s  "
                f"gcs {row['gcs']}")
        if peers[0]:
            peer = dict(peers[0], seconds=statistics.median(p["seconds"] for p in peers),
                        cpu_seconds=statistics.median(p["cpu_seconds"] for p in peers),
                        internal_seconds=statistics.median(p["internal_seconds"] for p in peers))
            row["bgolly"] = peer
            row["populations_match"] = peer["population"] == row["population"]
            row["speed_vs_bgolly_wall"] = peer["internal_seconds"] / row["step_seconds"]
            row["speed_vs_bgolly_cpu"] = peer["cpu_seconds"] / row["cpu_seconds"]
            for by in row["by_threads"].values():
                by["speed_vs_bgolly_wall"] = peer["internal_seconds"] / by["step_seconds"]
                by["speed_vs_bgolly_cpu"] = peer["cpu_seconds"] / by["cpu_seconds"]
            line += (f"  bgolly {peer['internal_seconds']:7.3f} s  cpu {peer['cpu_seconds']:7.3f} s  "
                     f"speed x{row['speed_vs_bgolly_wall']:.2f} (cpu x{row['speed_vs_bgolly_cpu']:.2f})  "
                     f"pop {'ok' if row['populations_match'] else 'MISMATCH'}")
            if len(threads) > 1:
                line += "  by threads: " + ", ".join(f"{t}: x{by['speed_vs_bgolly_wall']:.2f}"
                                                     for t, by in row["by_threads"].items())
        print(line, flush=True)
        rows.append(row)
    return rows


def _geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def _mc_summary(rows):
    """Geometric means of the speed ratios to bgolly over every example that ran; printed and returned."""
    ran = [r for r in rows if "speed_vs_bgolly_wall" in r]
    if not ran:
        return {}
    summary = {"examples": len(ran),
               "geomean_speed_vs_bgolly_wall": _geomean([r["speed_vs_bgolly_wall"] for r in ran]),
               "geomean_speed_vs_bgolly_cpu": _geomean([r["speed_vs_bgolly_cpu"] for r in ran]),
               "load_average": os.getloadavg()}
    print(f"geometric mean over {len(ran)} examples: speed x{summary['geomean_speed_vs_bgolly_wall']:.3f} of "
          f"bgolly -h (wall), x{summary['geomean_speed_vs_bgolly_cpu']:.3f} (cpu); load average "
          + " ".join(f"{v:.2f}" for v in summary["load_average"]), flush=True)
    for t in ran[0]["by_threads"]:
        wall = _geomean([r["by_threads"][t]["speed_vs_bgolly_wall"] for r in ran])
        cpu = _geomean([r["by_threads"][t]["speed_vs_bgolly_cpu"] for r in ran])
        summary.setdefault("by_threads", {})[t] = {"geomean_speed_vs_bgolly_wall": wall,
                                                   "geomean_speed_vs_bgolly_cpu": cpu}
        print(f"  threads {t}: x{wall:.3f} (wall), x{cpu:.3f} (cpu)", flush=True)
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--mc-gens", type=int, default=2 ** 20)
    ap.add_argument("--skip-mc", action="store_true", help="leave out Golly's .mc examples (minutes)")
    ap.add_argument("--soup", default=f"{SOUP_SIDE}:{SOUP_GENS}", metavar="SIDE:GENS",
                    help="the tiled soup case: a SIDE×SIDE random soup run GENS generations")
    ap.add_argument("--mc-filter", default=None, help="only .mc files whose name contains this")
    ap.add_argument("--mc-exclude", default="", help="comma-separated: leave out .mc files whose name has one")
    ap.add_argument("--mc-repeats", type=int, default=1, help="interleaved runs of each .mc example")
    ap.add_argument("--mc-threads", default="default", metavar="N,...",
                    help="comma-separated HashLife thread counts to run each .mc example with ('default': the "
                         "engine's own, Numba's thread count, at most 2)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "bigworld.json"))
    args = ap.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        lidka_path, gosper_path = Path(tmp) / "lidka.rle", Path(tmp) / "gosper.rle"
        lidka_path.write_text(LIDKA_RLE)
        gosper_path.write_text(GOSPER_RLE)
        lidka, gosper = from_text(LIDKA_RLE), from_text(GOSPER_RLE)
        lidka_variants = {"tiled": _tiled(lidka), "tiled-nolift": _tiled(lidka, lift=False),
                          "tiled-team": _tiled(lidka, "team")}
        rows += _tiled_vs_quicklife("lidka", lidka_path, lidka_variants, 30000, args.repeats)
        # a big chaotic pattern, where stepping the tiles on all threads should pay (the soup is seeded)
        side, gens = (int(v) for v in args.soup.split(":"))
        soup = Pattern.from_array(np.random.default_rng(20).random((side, side)) < 0.35)
        soup_path = Path(tmp) / "soup.rle"
        write(soup, soup_path)
        loops = {"tiled": _tiled(soup), "tiled-serial": _tiled(soup, "serial"),
                 "tiled-parallel": _tiled(soup, "parallel")}
        rows += _tiled_vs_quicklife(f"soup{side}", soup_path, loops, gens, args.repeats)
        rows.append(_case("lidka", lidka_path, lambda: make_universe(lidka, algo="hashlife"), 30000, True,
                          args.repeats, "hashlife"))
        rows.append(_case("gosper", gosper_path, lambda: make_universe(gosper, algo="hashlife"), 2 ** 30, True,
                          args.repeats, "hashlife"))
        breeder_path = GOLLY / "Life/Breeders/breeder.lif"
        if breeder_path.exists():
            breeder = read(breeder_path)
            rows.append(_case("breeder", breeder_path, lambda: make_universe(breeder, algo="hashlife"), 2 ** 100,
                              True, args.repeats, "hashlife"))
        else:
            print("breeder: Golly's Life/Breeders/breeder.lif not installed, skipped")
    threads = tuple(None if t == "default" else int(t) for t in args.mc_threads.split(","))
    mc = [] if args.skip_mc else _mc_rows(args.mc_gens, args.mc_filter, args.mc_exclude.split(","),
                                          args.mc_repeats, threads)
    mc_summary = _mc_summary(mc)
    doc = {"benchmark": "bigworld", "date": datetime.datetime.now().isoformat(timespec="seconds"),
           "command": " ".join(["python", "benchmarks/bigworld.py"] + (argv if argv is not None else sys.argv[1:])),
           "machine": machine_info(), "bgolly": shutil.which("bgolly"), "repeats": args.repeats,
           "results": rows, "macrocell_examples": mc, "macrocell_summary": mc_summary}
    write_results(os.path.abspath(args.out), doc)


if __name__ == "__main__":
    main()
