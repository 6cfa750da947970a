"""Benchmark: pattern reader throughput (MB/s of text and live cells/s) for RLE, Life 1.06 and macrocell, on
random soups written by the package's own writers, plus two degenerate RLE bodies (one huge dead run, one huge
live run). Best of ``--repeats`` reads of the same text.

    PYTHONPATH=. python benchmarks/readers.py --label after                 # this checkout
    PYTHONPATH=/work/main python benchmarks/readers.py --label before       # another checkout, same inputs

Writes benchmarks/results/readers-<label>.json. The ``life`` imported is the one PYTHONPATH names (this
checkout when PYTHONPATH is unset).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import life  # noqa: E402
from life.bench import machine_info, write_results  # noqa: E402
from life.formats import from_text, to_text  # noqa: E402
from life.pattern import Pattern  # noqa: E402


def inputs(side: int, run_mb: int) -> list:
    """(name, format, text) for each benchmark input."""
    grid = np.random.default_rng(7).random((side, side)) < 0.35
    soup = Pattern.from_array(grid)
    small = Pattern.from_array(grid[: side // 2, : side // 2])  # Life 1.06 spends a line per cell
    return [
        (f"rle soup {side}x{side}", "rle", to_text(soup, "rle")),
        (f"life 1.06 soup {side // 2}x{side // 2}", "life106", to_text(small, "life106")),
        (f"macrocell soup {side}x{side}", "mc", to_text(soup, "mc")),
        (f"rle {run_mb} MB dead run", "rle", "x = 0, y = 0\n" + "b" * (run_mb << 20) + "o!"),
        (f"rle {run_mb} MB live run", "rle", "x = 0, y = 0\n" + "o" * (run_mb << 20) + "!"),
    ]


def measure(name, fmt, text, repeats) -> dict:
    best = float("inf")
    cells = 0
    for _ in range(repeats):
        t = time.perf_counter()
        p = from_text(text, fmt)
        best = min(best, time.perf_counter() - t)
        cells = p.population
    mb = len(text) / 2 ** 20
    return {"input": name, "format": fmt, "text_mb": round(mb, 2), "cells": cells, "seconds": round(best, 4),
            "mb_per_s": round(mb / best, 2), "cells_per_s": round(cells / best)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", default="after", help="names the results file (readers-<label>.json)")
    ap.add_argument("--side", type=int, default=2048, help="side of the random soup (cells)")
    ap.add_argument("--run-mb", type=int, default=16, help="length of the degenerate RLE runs (MiB)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=None, help="JSON path (default benchmarks/results/readers-<label>.json)")
    args = ap.parse_args(argv)
    rows = []
    for name, fmt, text in inputs(args.side, args.run_mb):
        row = measure(name, fmt, text, args.repeats)
        rows.append(row)
        print(f"{row['input']:32} {row['text_mb']:8.2f} MB {row['seconds']:8.3f} s {row['mb_per_s']:9.2f} MB/s "
              f"{row['cells_per_s']:12.4g} cells/s")
    doc = {"label": args.label, "life": os.path.dirname(life.__file__), "command": " ".join(sys.argv),
           "load_average": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "results": rows, "machine": machine_info()}
    write_results(args.out or str(ROOT / "benchmarks" / "results" / f"readers-{args.label}.json"), doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
