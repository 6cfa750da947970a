"""--backend on the commands that build a universe: run and view pass it to make_universe; an unavailable cuda
backend is a one-line error with exit status 2."""

import json

import pytest

from life import make_universe
from life.engines import backend_unavailable
from life.soup import SoupSpec, make_soup
from tests.cli_runner import invoke

CUDA_MISSING = backend_unavailable("cuda")


def _invoke(*args):
    return invoke(*args, prog_name="life")


def test_run_with_the_numpy_backend_runs_the_reference_engine():
    r = _invoke("run", "--soup", "40x30@2", "-t", "torus:40x30", "--gens", "9", "--backend", "numpy", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    want = make_universe(make_soup(SoupSpec(40, 30, 0.5, 2)), "torus:40x30", algo="reference").step(9)
    assert out["algo"] == "reference" and out["population"] == want.population


def test_backend_and_engine_that_do_not_go_together_are_one_line_errors():
    r = _invoke("run", "glider", "--gens", "3", "--backend", "numpy", "--algo", "hashlife")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert "backend 'numpy' runs only the reference engine" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = _invoke("run", "glider", "--gens", "3", "--backend", "cuda")
    assert r.exit_code == 2 and "torus and bounded grids only" in r.stderr


@pytest.mark.skipif(CUDA_MISSING is None, reason="a CUDA GPU is present")
@pytest.mark.parametrize("command", ["run", "view", "bench"])
def test_unavailable_cuda_backend_says_why_with_status_2(command, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    args = {"run": ["run", "glider", "-t", "torus:64x64", "--gens", "5"],
            "view": ["view", "glider", "-t", "torus:64x64"],
            "bench": ["bench", "--board", "64", "--gens", "2"]}[command]
    r = _invoke(*args, "--backend", "cuda")
    assert r.exit_code == 2, r.stdout
    assert r.stderr.strip() == f"life {command}: error: cuda backend unavailable: {CUDA_MISSING}"

