"""Limits before allocation: the memory budget, the one coordinate range, step and region arguments, a pattern
larger than its torus; each case through the API and, for the command line, as exit status 2 with one line."""

import os
import subprocess
import sys

import numpy as np
import pytest

import life
from life import limits
from life.engines import EngineError, make_universe
from life.pattern import Pattern
from life.render import RenderError, Viewport
from life.rules import Rule

GLIDER = Pattern.from_strings([".O.", "..O", "OOO"])
ENGINES = [("dense", "torus:64x64"), ("dense", "bounded:64x64"), ("reference", "torus:64x64"),
           ("tiled", None), ("plane", None), ("hashlife", None)]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_parse_bytes_and_budget_precedence(monkeypatch):
    assert limits.parse_bytes("1024") == 1024
    assert limits.parse_bytes("512M") == 512 << 20
    assert limits.parse_bytes("1.5g") == 3 << 29
    assert limits.parse_bytes("2GiB") == 2 << 30
    with pytest.raises(ValueError, match="bad memory size"):
        limits.parse_bytes("lots")
    monkeypatch.delenv(limits.BUDGET_ENV, raising=False)
    assert limits.memory_budget() == limits.physical_memory() // 2
    monkeypatch.setenv(limits.BUDGET_ENV, "3M")
    assert limits.memory_budget() == 3 << 20
    with limits.memory_budget_override("5K"):
        assert limits.memory_budget() == 5 << 10
    assert limits.memory_budget() == 3 << 20
    monkeypatch.setenv(limits.BUDGET_ENV, "many")
    with pytest.raises(EngineError, match=limits.BUDGET_ENV):
        make_universe(GLIDER, "torus:8x8")


def test_limits_module_imports_nothing_heavy():
    code = "import sys, life.limits; print('numba' in sys.modules)"  # (life itself imports numpy)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": ROOT}).stdout.split()
    assert out == ["False"]


@pytest.mark.parametrize("topology", ["torus:300000x300000", "torus:1000000x1000000", "bounded:1000000x1000000"])
def test_huge_board_is_refused_before_allocation(topology, monkeypatch):
    monkeypatch.setenv(limits.BUDGET_ENV, "8G")
    with pytest.raises(EngineError) as err:
        make_universe(GLIDER, topology)
    msg = str(err.value)
    assert "\n" not in msg and topology.split(":")[1] in msg and "8.0 GiB" in msg and limits.BUDGET_ENV in msg


def test_rule_suffix_board_and_api_budget():
    rule = Rule.parse("B3/S23:T2147483648,2")
    with pytest.raises(EngineError, match="2147483648x2 torus needs"):
        make_universe(GLIDER.replace(rule=rule), memory_budget="64M")
    u = make_universe(GLIDER, "torus:256x256", memory_budget=1 << 20)  # 16 KiB of words fits 1 MiB
    assert u.population == 5
    with pytest.raises(EngineError, match="256x256 torus needs"):
        make_universe(GLIDER, "torus:256x256", memory_budget=4096)
    with pytest.raises(EngineError, match="bad memory size"):
        make_universe(GLIDER, "torus:8x8", memory_budget="x")


@pytest.mark.parametrize("algo,topology", ENGINES)
def test_region_and_density_arguments_are_checked(algo, topology, monkeypatch):
    u = make_universe(GLIDER, topology, algo=algo)
    monkeypatch.setenv(limits.BUDGET_ENV, "1G")
    with pytest.raises(EngineError, match="1000000x1000000 region needs"):
        u.region(0, 0, 10 ** 6, 10 ** 6)
    for bad in [(0.5, 0, 3, 3), (0, 0, True, 3), (0, 0, 3.0, 3), (0, 0, 2 ** 63, 0), (0, 0, -1, 3)]:
        with pytest.raises(EngineError):
            u.region(*bad)
    with pytest.raises(EngineError):
        u.density(0, 0, 2, 2, 1.5)
    # any integer corner is valid: far away the window is empty (on a torus it wraps)
    far = u.region(2 ** 70, -(2 ** 63) - 3, 4, 4)
    assert far.shape == (4, 4)
    assert u.density(0, 0, 3, 3, 2 ** 80).shape == (3, 3)


@pytest.mark.parametrize("algo,topology", ENGINES)
def test_step_argument_is_checked(algo, topology):
    u = make_universe(GLIDER, topology, algo=algo)
    for bad in (1.0, True, -1, "3"):
        with pytest.raises(EngineError):
            u.step(bad)
    if u.jumps:
        u.step(2 ** 70)
        assert u.generation == 2 ** 70 and u.population == 5
    else:
        with pytest.raises(EngineError, match="at most 2\\^63 - 1"):
            u.step(2 ** 70)


@pytest.mark.parametrize("algo,topology", ENGINES)
def test_set_cells_refuses_coordinates_out_of_range(algo, topology):
    u = make_universe(Pattern(), topology, algo=algo)
    for bad in ([(2 ** 63, 0)], [(2 ** 62, 0)], [(0, -(2 ** 62))], [(2 ** 64, 1)], [(1.5, 0)]):
        with pytest.raises(EngineError):
            u.set_cells(bad)
    assert u.population == 0


def test_extreme_cells_give_a_positive_bbox_everywhere():
    far = [(limits.COORD_MAX, 0), (-limits.COORD_MAX, 0)]
    p = Pattern(far)
    assert p.bbox == (-limits.COORD_MAX, 0, 2 ** 63 - 1, 1)
    for algo in ("tiled", "hashlife"):
        u = make_universe(p, algo=algo)
        assert u.bbox == p.bbox
    with pytest.raises(ValueError, match="beyond the range"):
        p.translated(1, 0)
    with pytest.raises(ValueError, match="beyond the range"):
        Pattern([(2 ** 62, 0)])


def test_convert_never_writes_a_file_the_reader_refuses(tmp_path):
    p = Pattern([(limits.COORD_MAX, 0), (-limits.COORD_MAX, 0)])
    for suffix in (".rle", ".lif", ".mc"):
        path = tmp_path / ("far" + suffix)
        life.save(p, path)
        assert life.load(path).same_cells(p)


def test_pattern_larger_than_its_torus_is_refused():
    wide = Pattern.from_strings(["O" * 70])
    with pytest.raises(EngineError, match="70x1 cells, larger than the 64x64 torus"):
        make_universe(wide, "torus:64x64")
    with pytest.raises(EngineError, match="larger than the 64x64 torus"):
        make_universe(wide, "torus:64x64", algo="reference")
    # far away but small: it wraps into place as before
    assert make_universe(GLIDER.translated(1000, 1000), "torus:64x64").population == 5


def test_images_and_soups_are_checked(monkeypatch):
    monkeypatch.setenv(limits.BUDGET_ENV, "1M")
    with pytest.raises(RenderError, match="image needs"):
        Viewport(0, 0, 4000, 4000)
    from life.soup import SoupError, make_soup

    with pytest.raises(SoupError, match="soup needs"):
        make_soup("2000x2000")
    from life.bench import random_torus

    with pytest.raises(EngineError, match="random torus needs"):
        random_torus(100_000)


def _cli(*args, env=None):
    proc = subprocess.run([sys.executable, "-m", "life", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": ROOT, **(env or {})})
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("args", [
    ("run", "glider", "-t", "torus:300000x300000"),
    ("run", "glider", "-t", "torus:1000000x1000000"),
    ("run", "glider", "-r", "B3/S23:T2147483648000,2"),
    ("bench", "--size", "100000"),
])
def test_cli_refuses_huge_sizes_in_one_line(args):
    code, err = _cli(*args, env={limits.BUDGET_ENV: "4G"})
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "needs" in lines[0] and "4.0 GiB" in lines[0] and limits.BUDGET_ENV in lines[0]
    assert "Traceback" not in err


def test_uint64_and_object_coordinates():
    with pytest.raises(ValueError, match="beyond the range"):
        Pattern(np.array([[2 ** 63, 0]], dtype=np.uint64))
    assert Pattern(np.array([[3, 4]], dtype=np.uint64)).bbox == (3, 4, 1, 1)
    with pytest.raises(ValueError, match="integers"):
        Pattern([(object(), 1)])


def test_hashlife_jumps_past_the_range_and_says_so():
    edge = GLIDER.translated(limits.COORD_MAX - 2, 0)  # touching the range's right edge
    u = make_universe(edge, algo="hashlife")
    assert u.to_pattern().same_cells(edge)
    u.step(4)  # one cell further right: beyond what an int64 cell array may hold
    assert u.bbox[0] + u.bbox[2] - 1 == limits.COORD_MAX + 1
    for read in (u.cells, u.to_pattern):
        with pytest.raises(EngineError, match="beyond"):
            read()
    assert u.region(limits.COORD_MAX - 4, -2, 8, 8).sum() == 5  # still visible through region()
