"""The bundled pattern library: index integrity, lookup by name, and every indexed fact checked by an engine."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import life
from life import library, make_universe
from life.engines import ALGORITHMS
from life.formats import PatternError, read
from life.rules import Rule

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = library.entries()
# Long runs (Lidka's 30000 generations) need an engine that jumps; the plane engine takes minutes there.
LONG_ALGO = "hashlife" if "hashlife" in ALGORITHMS else "auto"


def _algo(entry) -> str:
    """The fast engine for Life; the numpy reference for the small patterns of other rules, which saves a
    kernel compilation per rule on a cold Numba cache (several seconds each)."""
    return "auto" if entry.rule == "B3/S23" else "reference"


def _by(category=None, has=None):
    return [pytest.param(e, id=e.name) for e in ENTRIES
            if (category is None or e.category == category) and (has is None or getattr(e, has))]


def test_library_has_the_classics():
    assert len(ENTRIES) >= 40
    have = set(library.names())
    for name in ["block", "blinker", "toad", "beacon", "pulsar", "pentadecathlon", "glider", "lwss", "mwss",
                 "hwss", "copperhead", "gosper-glider-gun", "simkin-glider-gun", "puffer-train", "space-rake",
                 "r-pentomino", "acorn", "diehard", "lidka", "rabbits", "switch-engine", "breeder-1",
                 "highlife-replicator", "day-and-night-rocket", "seeds-spaceship"]:
        assert name in have
    assert {e.category for e in ENTRIES} <= set(library.CATEGORIES)
    for cat in ["still-life", "oscillator", "spaceship", "gun", "puffer", "rake", "breeder", "methuselah"]:
        assert library.entries(cat), cat
    assert {e.rule for e in ENTRIES} >= {"B3/S23", "B36/S23", "B3678/S34678", "B2/S"}


def test_index_file_matches_folder():
    raw = json.loads((library.patterns_dir() / "index.json").read_text())
    files = {item["file"] for item in raw["patterns"]}
    on_disk = {p.name for p in library.patterns_dir().glob("*.rle")}
    assert files == on_disk
    names = [item["name"] for item in raw["patterns"]]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


@pytest.mark.parametrize("entry", _by())
def test_bundled_file_loads_with_its_metadata(entry):
    p = read(entry.path)
    assert p.population > 0
    assert p.name == entry.title
    assert p.author and (entry.discoverer or "unknown") in p.author
    if entry.year:
        assert str(entry.year) in p.author
    assert p.rule == Rule.parse(entry.rule)
    assert str(p.rule) == entry.rule  # the index keeps the canonical rule string
    assert p.comments, "each bundled file carries a #C description"
    assert " ".join(p.comments).startswith(entry.description[:30])
    text = entry.path.read_text()
    assert all(len(line) <= 70 for line in text.splitlines())
    assert entry.category in library.CATEGORIES


@pytest.mark.parametrize("entry", [e for e in _by(has="period") if e.values[0].window is None])
def test_period_and_displacement_hold(entry):
    """After ``period`` generations the pattern is itself moved by ``displacement`` — and not sooner."""
    p = read(entry.path)
    u = make_universe(p, algo=_algo(entry))
    start = p.cells
    for t in range(1, entry.period + 1):
        u.step(1)
        cells = u.cells()
        moved = start + np.array(entry.displacement)
        same = len(cells) == len(start) and np.array_equal(cells, moved[np.lexsort((moved[:, 0], moved[:, 1]))])
        if t < entry.period:
            shape_repeats = (len(cells) == len(start) and len(cells) and np.array_equal(
                cells - cells.min(axis=0), start - start.min(axis=0)))
            assert not shape_repeats, f"{entry.name} repeats already at generation {t}"
        else:
            assert same, f"{entry.name} is not its own translate by {entry.displacement} after {t} generations"


def _window(cells, x, y, w, h):
    m = (cells[:, 0] >= x) & (cells[:, 0] < x + w) & (cells[:, 1] >= y) & (cells[:, 1] < y + h)
    return cells[m] - np.array([x, y])


@pytest.mark.parametrize("entry", _by(has="window"))
def test_engine_region_repeats(entry):
    """Guns, puffers, rakes and breeders: the region around the engine repeats with the period, moving by the
    displacement, while the output (gliders, debris) accumulates elsewhere."""
    p = read(entry.path)
    x, y, w, h = entry.window
    dx, dy = entry.displacement
    assert entry.warmup % entry.period == 0
    k0 = entry.warmup // entry.period
    u = make_universe(p, algo=_algo(entry)).step(entry.warmup)
    ref = _window(u.cells(), x + k0 * dx, y + k0 * dy, w, h)
    assert len(ref) > 0
    pops = [u.population]
    for k in range(k0 + 1, k0 + 3):
        u.step(entry.period)
        got = _window(u.cells(), x + k * dx, y + k * dy, w, h)
        assert np.array_equal(got, ref), f"{entry.name}: region differs after {k} periods"
        pops.append(u.population)
    if entry.category in ("gun", "rake"):
        assert pops[2] - pops[1] == pops[1] - pops[0] > 0, "a gun or rake adds the same output every period"
    else:
        assert pops[0] < pops[1] < pops[2], "puffers, breeders and growth patterns leave more behind"


@pytest.mark.parametrize("entry", _by(has="populations"))
def test_population_facts(entry):
    p = read(entry.path)
    algo = LONG_ALGO if max(entry.populations) > 2000 and entry.rule == "B3/S23" else _algo(entry)
    u = make_universe(p, algo=algo)
    for gen in sorted(entry.populations):
        u.step(gen - u.generation)
        assert (gen, u.population) == (gen, entry.populations[gen])


def test_methuselah_facts_from_the_reference():
    """The facts REFERENCE.md states, via the index."""
    assert library.get("r-pentomino").populations[1103] == 116
    assert library.get("acorn").populations[5206] == 633
    assert library.get("diehard").populations[130] == 0
    assert library.get("lidka").populations[30000] == 1623
    assert library.get("gosper-glider-gun").populations[1024] == 221
    assert library.get("glider").period == 4 and library.get("glider").displacement == (1, 1)


# -- lookup --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["gosper-glider-gun", "Gosper glider gun", "gosper_glider_gun",
                                      "GOSPER-GLIDER-GUN.rle", "gosper-gun", "glider gun"])
def test_loose_names_find_the_same_pattern(spelling):
    assert library.find(spelling) == library.find("gosper-glider-gun")
    assert library.is_name(spelling)


def test_unknown_name_suggests_close_matches():
    with pytest.raises(library.UnknownPatternError) as err:
        library.find("gosper-glider-gn")
    assert isinstance(err.value, LookupError) and isinstance(err.value, PatternError)
    assert "gosper-glider-gun" in str(err.value)
    with pytest.raises(LookupError, match="did you mean.*pentadecathlon"):
        library.get("pentadecathalon")
    with pytest.raises(LookupError, match="life patterns"):
        library.get("zzzzqqqq")


def test_names_work_wherever_a_path_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = life.load("r-pentomino")
    assert p.population == 5 and p.name == "R-pentomino"
    assert life.load("Kok's galaxy").population == 48
    assert library.load("acorn").same_cells(life.load("acorn"))
    with pytest.raises(PatternError, match="did you mean r-pentomino"):
        life.load("r-pentomno")


def test_local_file_wins_over_a_bundled_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glider").write_text("x = 1, y = 1\no!\n")
    assert life.load("glider").population == 1


def test_entries_filter_and_order():
    order = [library.CATEGORIES.index(e.category) for e in ENTRIES]
    assert order == sorted(order)
    assert all(e.category == "gun" for e in library.entries("gun"))
    with pytest.raises(LookupError):
        library.entries("not-a-category")
    e = library.get("glider")
    assert e.path.is_file() and e.title == "Glider" and e.discoverer == "Richard K. Guy" and e.year == 1970


# -- packaging -----------------------------------------------------------------------------------------------

def test_every_subpackage_is_listed_for_the_wheel():
    """pyproject lists packages explicitly (patterns/ ships as life.patterns); a new subpackage must be added."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "life").rglob("__init__.py")}
    missing = found - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"]["life.patterns"] == "patterns"


@pytest.mark.slow
def test_patterns_ship_in_a_non_editable_install(tmp_path):
    """Build and install the project into a folder and load a bundled pattern from there."""
    import shutil
    import subprocess

    # Build from a copy: pip builds in the source tree, and a stale build/ folder there can leak into wheels.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc")
    for name in ("life", "patterns"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    target = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                            str(target), str(src)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    probe = subprocess.run(
        [sys.executable, "-c", "import life, life.library as L; print(L.patterns_dir()); "
                               "print(life.load('gosper-glider-gun').population)"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""}, timeout=120)
    assert probe.returncode == 0, probe.stderr[-2000:]
    folder, population = probe.stdout.split()
    assert Path(folder) == target / "life" / "patterns"
    assert population == "36"
