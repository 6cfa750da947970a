"""Record the oracle census of apgsearch C1 soups with lifelib (not with this package's code).

Builds ``lifelib_census.cpp`` with g++ against the lifelib sources that python-lifelib ships (``pip install
python-lifelib``) and writes its per-soup census of soups ROOT0..ROOT<N-1> to OUT:

    PYTHONPATH=$PWD python tests/census/oracle/make_apg_census.py k_lifecensus 1000 \\
        tests/census/data/apg_k_lifecensus_1000.txt

Each line: soup index, 1 when lifelib saw the soup settle, the generation it compared at, apgcode=count pairs.
``build()`` is also used by the lifelib comparison test and the census benchmark.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lifelib_dir() -> Path | None:
    """The folder of python-lifelib's C++ sources, or None when python-lifelib is not installed."""
    try:
        import lifelib
    except ImportError:
        return None
    return Path(lifelib.__file__).resolve().parent


def build(out: Path | None = None) -> Path | None:
    """Compile the oracle (once; reused while newer than its source). None without python-lifelib or g++."""
    src = lifelib_dir()
    if src is None:
        return None
    out = out or Path(tempfile.gettempdir()) / f"life_lifelib_census_{os.getuid()}"
    cpp = HERE / "lifelib_census.cpp"
    if out.exists() and out.stat().st_mtime > cpp.stat().st_mtime:
        return out
    try:
        subprocess.run(["g++", "-std=c++11", "-O3", "-march=native", f"-I{src}", "-o", str(out), str(cpp)],
                       check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return None
    return out


def parse(text: str) -> dict:
    """{index: (settled, {apgcode: count})} from the oracle's output."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        counts = {k: int(v) for k, v in (p.split("=") for p in parts[3:])}
        out[int(parts[0])] = (parts[1] == "1", counts)
    return out


def run(root: str, start: int, stop: int, exe: Path | None = None) -> str:
    """The oracle's output for soups root+start..root+(stop-1). Raises RuntimeError when it cannot be built."""
    exe = exe or build()
    if exe is None:
        raise RuntimeError("the lifelib oracle needs python-lifelib and g++")
    return subprocess.run([str(exe), root, str(start), str(stop)], check=True, capture_output=True,
                          text=True).stdout


def main(argv) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, n, path = argv[1], int(argv[2]), Path(argv[3])
    path.write_text(run(root, 0, n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
