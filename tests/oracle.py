"""What the tests check results against: the numpy reference engine, Golly's ``bgolly``, and patterns whose
facts are known (LifeWiki, Golly's pattern collection)."""

import shutil
import subprocess
from pathlib import Path

import numpy as np

from life import Pattern
from life.formats import from_text

GLIDER = Pattern.from_strings([".O.", "..O", "OOO"])
R_PENTOMINO = Pattern.from_strings([".OO", "OO.", ".O."])        # settles at generation 1103 with 116 cells
ACORN = Pattern.from_strings([".O.....", "...O...", "OO..OOO"])    # 633 cells at generation 5206
DIEHARD = Pattern.from_strings(["......O.", "OO......", ".O...OOO"])  # dies at generation 130
GOSPER_RLE = ("x = 36, y = 9, rule = B3/S23\n24bo$22bobo$12b2o6b2o12b2o$11bo3bo4b2o12b2o$2o8bo5bo3b2o$"
              "2o8bo3bob2o4bobo$10bo5bo7bo$11bo3bo$12b2o!\n")
GOSPER = from_text(GOSPER_RLE)                                    # 221 cells at generation 1024
# Golly's lidka-predecessor.rle (the 13-cell, 2-generation predecessor of Lidka by David Bell): 1623 cells at
# generation 30000, 1625 one generation later.
LIDKA = from_text("x = 9, y = 15, rule = B3/S23\nbo$obo$bo8$8bo$6bobo$5boobo$$4b3o!\n")

GOLLY_PATTERNS = Path("/usr/share/golly/Patterns")  # Debian's golly package
BGOLLY = shutil.which("bgolly")


def random_pattern(seed, shape, density, x0=0, y0=0, **kw):
    """A pattern whose cells are live with probability ``density`` on a board of ``shape`` (rows, columns), seeded
    by ``seed``, with its top-left cell at (x0, y0); ``kw`` go to Pattern (rule=...)."""
    grid = np.random.default_rng(seed).random(shape) < density
    return Pattern.from_array(grid, x0, y0, **kw)


def assert_same_universe(u, reference, region=None):
    """Assert that universe ``u`` is in the state of ``reference``: generation, cells, population and bounding box,
    and also ``region(*region)`` when ``region`` is an (x, y, width, height) window."""
    assert u.generation == reference.generation, u.name
    assert np.array_equal(u.cells(), reference.cells()), u.name
    assert u.population == reference.population, u.name
    assert u.bbox == reference.bbox, u.name
    if region is not None:
        assert np.array_equal(u.region(*region), reference.region(*region)), u.name


def assert_same_run(u, reference, steps):
    """Step ``u`` and ``reference`` alike by each count in ``steps``, asserting the same state after each."""
    for n in steps:
        u.step(n)
        reference.step(n)
        assert_same_universe(u, reference)


def bgolly_population(path, generations, timeout=120):
    """The population bgolly's HashLife reports for the pattern file ``path`` after ``generations``."""
    res = subprocess.run([BGOLLY, "-h", "-m", str(generations), str(path)], capture_output=True, text=True,
                         timeout=timeout)
    return int(res.stdout.strip().splitlines()[-1].split(":")[1].replace(",", ""))
