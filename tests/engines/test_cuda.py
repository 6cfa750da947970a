"""The cuda engine (tests that need no GPU), and the runner of tests/engines/cuda_cases.py, the engine's cases.

``LIFE_TEST_CUDA`` picks where the cases run: ``sim`` (the default) in a subprocess under numba's CUDA simulator,
which keeps numba.cuda in its real mode in this process (the CLI tests expect "cuda backend unavailable" on a
machine without a GPU); ``gpu`` in this process on a real GPU (skipped where there is none); ``off`` not at all.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from life import EngineError, Pattern, make_universe
from life.engines import bitpack
from life.engines.cuda import launch_shape

MODE = os.environ.get("LIFE_TEST_CUDA", "sim")
HAVE_NUMBA_CUDA = importlib.util.find_spec("numba_cuda") is not None
GLIDER = Pattern.from_strings([".O.", "..O", "OOO"])

if MODE == "gpu":  # the cases, collected here and run on this machine's GPU
    from life.engines.cuda import unavailable_reason

    from . import cuda_cases

    _needs_gpu = pytest.mark.skipif(unavailable_reason() is not None, reason=f"no GPU: {unavailable_reason()}")
    for _name, _case in vars(cuda_cases).items():
        if _name.startswith("test_"):
            globals()[_name] = _needs_gpu(_case)


@pytest.mark.skipif(MODE != "sim" or not HAVE_NUMBA_CUDA, reason="LIFE_TEST_CUDA is not sim, or no numba-cuda")
def test_cases_under_the_simulator():
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1", LIFE_TEST_CUDA="sim")
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/engines/cuda_cases.py"],
                       cwd=root, env=env, capture_output=True, text=True, timeout=600)
    tail = "\n".join(r.stdout.splitlines()[-40:])
    assert r.returncode == 0, tail
    summary = r.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary, tail


def test_backend_argument_checks():
    # refused before the backend is probed, so the same on every machine
    with pytest.raises(EngineError, match="torus and bounded grids only"):
        make_universe(GLIDER, backend="cuda")
    with pytest.raises(EngineError, match="not 'hashlife'"):
        make_universe(GLIDER, "torus:16x16", algo="hashlife", backend="cuda")
    with pytest.raises(EngineError, match="unknown backend 'opencl'"):
        make_universe(GLIDER, "torus:16x16", backend="opencl")


def test_launch_shapes_fit_the_board():
    # the 65536-wide benchmark board: 1024 words in 11 blocks of 96 threads (3% of the threads are halos)
    assert launch_shape(65536, 65536, True, 4, 4, 660) == (96, 1, 11, 1093, 60)
    for w in (1, 2, 63, 64, 65, 129, 4097):
        for gens in (1, 3, 4, 16):
            for wrap in (True, False):
                bw, halo, nbx, strip, nby = launch_shape(w, 50, wrap, gens, 16, 7)
                nw = bitpack.words_for(w)
                assert nbx * (bw - 2 * halo) >= nw and (nbx - 1) * (bw - 2 * halo) < nw
                assert strip * nby >= 50 and strip * (nby - 1) < 50
                # the halo words hold enough valid cells for the generations run
                valid = [64] * (nw - 1) + [w - 64 * (nw - 1)]
                assert not wrap or min(sum(valid[(s + i) % nw] for i in range(halo)) for s in range(nw)) >= gens


def _run(code, **env):
    full = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    full.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=120)


def test_unavailable_reason_without_numba_cuda():
    r = _run("import sys; sys.modules['numba_cuda'] = None\n"
             "from life import EngineError, Pattern, make_universe\n"
             "try:\n"
             "    make_universe(Pattern([(0, 0)]), 'torus:8x8', backend='cuda')\n"
             "except EngineError as e:\n"
             "    print(e)\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "cuda backend unavailable: numba-cuda is not installed (pip install 'life[cuda]')"


def test_unavailable_reason_without_a_gpu():
    r = _run("from life import EngineError, Pattern, make_universe\n"
             "from life.engines.cuda import unavailable_reason\n"
             "if unavailable_reason() is None:\n"
             "    print('GPU')\n"
             "try:\n"
             "    make_universe(Pattern([(0, 0)]), 'torus:8x8', backend='cuda')\n"
             "except EngineError as e:\n"
             "    print(e)\n"
             "print(make_universe(Pattern([(0, 0)]), 'torus:8x8').population)\n")
    assert r.returncode == 0, r.stderr
    if r.stdout.startswith("GPU"):
        pytest.skip("a GPU is present")
    message, other = r.stdout.strip().splitlines()
    assert message.startswith("cuda backend unavailable: ") and len(message) > len("cuda backend unavailable: ")
    assert other == "1"  # the CPU backend still works


def test_import_life_leaves_numba_cuda_and_numpy_alone():
    r = _run("import sys, numpy as np\n"
             "if hasattr(np, 'row_stack'):\n"
             "    del np.row_stack\n"
             "import life\n"
             "life.make_universe(life.Pattern([(0, 0)]), 'torus:8x8', backend='numpy').step(1)\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numba_cuda', 'cuda') or"
             " m.startswith(('numba.cuda', 'life.engines.cuda', 'life.engines._cuda'))), hasattr(np, 'row_stack'))\n"
             "life.make_universe(life.Pattern([(0, 0)]), 'torus:8x8', backend='cuda')\n"
             "print(np.row_stack is np.vstack)\n", NUMBA_ENABLE_CUDASIM="1")
    assert r.returncode == 0, r.stderr
    first, second = r.stdout.strip().splitlines()
    assert first == "[] False"
    assert second == "True"  # the backend adds the alias numba (0.68) and numba-cuda need, only when asked for
