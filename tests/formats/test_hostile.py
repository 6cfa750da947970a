"""Hostile inputs: each reader runs on a generated pathological input in a subprocess whose address space is
capped (``resource.setrlimit(RLIMIT_AS)``) to what it holds before reading plus a small allowance, and within a
time bound. It must read the input or refuse it with a PatternError, never run out of memory or time. The
default run uses sizes that keep the suite to a few seconds; the issue's full sizes run under ``slow``."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Builds the input, caps the address space, reads, and prints one JSON line with the outcome.
_CHILD = textwrap.dedent("""
    import gzip, json, resource, sys, time
    import numpy as np
    from life.formats import PatternError, from_text, read_text_file
    import life.formats.rle, life.formats.life106, life.pattern  # everything imported before the cap

    kind, size, allowance, cap, path = json.loads(sys.argv[1])
    if kind == "rle-o":
        text = "x = 0, y = 0\\n" + "o" * size + "!"
    elif kind == "rle-b":
        text = "x = 0, y = 0\\n" + "b" * size + "o!"
    elif kind == "rle-rows":
        text = "x = 0, y = 0\\n" + "2o3b$" * (size // 5) + "!"
    elif kind == "rle-huge-counts":
        text = "x = 0, y = 0\\n" + "999999999999999999b" * (size // 19) + "o!"
    elif kind == "rle-dollars":
        text = "#C " + "c" * 70 + "\\n" + "$" * size + "o!"
    elif kind == "rle-digits":
        text = "x = 0, y = 0\\n" + "9" * size + "o!"
    elif kind == "rle-gz":
        with open(path, "wb") as f:
            f.write(gzip.compress(b"x = 0, y = 0\\n" + b"b" * size + b"o!", 9))
        text = None
    elif kind == "life106":
        rng = np.random.default_rng(0)
        xy = rng.integers(-10 ** 6, 10 ** 6, (min(size, 10 ** 6), 2))
        block = "\\n".join(f"{a} {b}" for a, b in xy.tolist()) + "\\n"
        text = "#Life 1.06\\n" + block * max(1, size // len(xy))
    elif kind == "life106-comments":
        text = "#Life 1.06\\n" + "#D hello\\n1 2\\n" * (size // 14)
    elif kind == "cells":
        text = "!Name: wide\\n" + ("O" * 1000 + "\\n") * (size // 1001)
    elif kind == "cells-alternating":
        text = "O." * (size // 2) + "\\n"
    else:
        raise SystemExit("unknown kind " + kind)
    vm = int([ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmSize")][0]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (vm + allowance, vm + allowance))
    t = time.perf_counter()
    try:
        p = read_text_file(path) if text is None else None
        p = from_text(p if text is None else text, cap=cap)
        out = {"cells": p.population}
    except PatternError as e:
        out = {"error": str(e)}
    except MemoryError:
        out = {"memory": True}
    out["seconds"] = time.perf_counter() - t
    print(json.dumps(out))
""")


def _read(kind, size, allowance, seconds, tmp_path, cap=20_000_000):
    args = json.dumps([kind, size, allowance, cap, str(tmp_path / "input.rle.gz")])
    proc = subprocess.run([sys.executable, "-c", _CHILD, args], capture_output=True, text=True,
                          timeout=seconds + 60, env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "memory" not in out, f"{kind}: ran out of its memory allowance"
    assert out["seconds"] < seconds, f"{kind}: took {out['seconds']:.1f} s"
    return out


MB = 1 << 20

PER_CELL = 48  # bytes per live cell a reader may use at its peak (a Pattern holds 16)
BASE = 64 * MB  # for the piece being read and numpy's own temporaries

FAST = [  # kind, size (characters), allowance (bytes beyond what the process holds with the text), expectation
    ("rle-o", 2 * MB, BASE + PER_CELL * 2 * MB, {"cells": 2 * MB}),
    ("rle-o", 4 * MB, BASE + PER_CELL * 1_000_000, {"error": "more than 1000000 live cells"}, 1_000_000),
    ("rle-b", 16 * MB, BASE, {"cells": 1}),
    ("rle-rows", 4 * MB, BASE + PER_CELL * 2 * (4 * MB // 5), {"cells": 2 * (4 * MB // 5)}),
    ("rle-huge-counts", 1 * MB, BASE, {"error": "beyond"}),
    ("rle-dollars", 8 * MB, BASE, {"cells": 1}),
    ("rle-digits", 8 * MB, BASE, {"error": "too large"}),
    ("rle-gz", 16 * MB, BASE + 2 * 16 * MB, {"cells": 1}),  # the inflated bytes and their text
    ("life106", 200_000, BASE + PER_CELL * 200_000, {"cells": 200_000}),
    ("life106-comments", 1 * MB, BASE + PER_CELL * MB // 14, {"cells": 1}),
    ("cells", 2 * MB, BASE + PER_CELL * 2 * MB, {"cells": 1000 * (2 * MB // 1001)}),
    ("cells-alternating", 2 * MB, BASE + PER_CELL * MB, {"cells": MB}),
]


def _check(out, expect):
    if "cells" in expect:
        assert out.get("cells") == expect["cells"], out
    else:
        assert expect["error"] in out.get("error", ""), out
        assert "\n" not in out["error"]


@pytest.mark.parametrize("case", FAST, ids=[f"{c[0]}-{c[1]}" for c in FAST])
def test_hostile_input_is_read_or_refused_quickly(case, tmp_path):
    kind, size, allowance, expect, *cap = case
    out = _read(kind, size, allowance, 20, tmp_path, *cap)
    _check(out, expect)


SLOW = [  # the sizes
    ("rle-o", 200 * MB, BASE + PER_CELL * 20_000_000, {"error": "more than 20000000 live cells"}),
    ("rle-b", 500 * MB, BASE, {"cells": 1}),
    ("rle-gz", 500 * MB, BASE + 2 * 500 * MB, {"cells": 1}),
    ("life106", 10 ** 7, BASE + PER_CELL * 10 ** 7, {"cells": 10 ** 6}),  # the same million cells ten times
]


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=[f"{c[0]}-{c[1]}" for c in SLOW])
def test_hostile_input_at_full_size(case, tmp_path):
    kind, size, allowance, expect = case
    out = _read(kind, size, allowance, 120, tmp_path)
    _check(out, expect)
