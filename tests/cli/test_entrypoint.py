"""The installed ``life`` entry point, run as a real process (and ``python -m life``)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from life import make_universe
from life.soup import SoupSpec, make_soup

ROOT = Path(__file__).resolve().parents[2]  # tests/cli/ -> the repository root


def installed_life():
    """The ``life`` script installed beside this Python (a venv's bin/), else the one on PATH."""
    beside = Path(sys.executable).parent / "life"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("life")


LIFE = installed_life()
needs_install = pytest.mark.skipif(LIFE is None, reason="the package is not installed: no `life` script beside "
                                   f"{sys.executable} or on PATH (pip install . to test the entry point)")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


@needs_install
def test_installed_entry_point_runs_and_reports_json(tmp_path):
    assert "life" in run([LIFE, "--version"]).stdout
    r = run([LIFE, "run", "--soup", "32x24:0.4@9", "-t", "torus:32x24", "--gens", "15", "--json"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    expected = make_universe(make_soup(SoupSpec(32, 24, 0.4, 9)), "torus:32x24", algo="reference").step(15)
    assert (d["generation"], d["population"]) == (15, expected.population)


@needs_install
def test_installed_entry_point_user_error_is_one_line(tmp_path):
    r = run([LIFE, "run", "--soup", "8x8", "--rule", "B9/S23"], cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "bad rule" in r.stderr


@needs_install
def test_sigint_exits_130_without_partial_file(tmp_path):
    # A long animation export: interrupt it once its temporary file exists.
    p = subprocess.Popen([LIFE, "run", "--soup", "256x256@1", "-t", "torus:256x256", "--gens", "1000000",
                          "--gif", "long.gif", "--zoom", "2"], cwd=tmp_path, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not any(n.endswith(".part") for n in os.listdir(tmp_path)):
            assert p.poll() is None, p.communicate()
            assert time.monotonic() < deadline, "the export never started"
            time.sleep(0.05)
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_python_dash_m_life():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = run([sys.executable, "-m", "life", "run", "--help"], env=env)
    assert r.returncode == 0 and "Usage: life run" in r.stdout
