"""Golly as an oracle: every two-state Life-like RLE in Debian's golly pattern folder, read by our reader and run
100 generations by our engines, matches what ``bgolly`` computes. Skips cleanly when golly is not installed.

bgolly writes its result without a position, so both results are compared with their bounding boxes moved to
the origin. The default run checks a fixed sample of small Life patterns; the rest are marked slow (other
rules each compile their own kernel, and a few files are large).
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from life import library, make_universe, save
from life.engines import ALGORITHMS, EngineError
from life.formats import PatternError, read
from life.formats import from_text as read_text
from life.formats.rle import HISTORY_NOTE, write_rle
from tests.oracle import BGOLLY, GOLLY_PATTERNS

GENERATIONS = 100
FAST_COUNT = 20

pytestmark = pytest.mark.skipif(BGOLLY is None or not GOLLY_PATTERNS.is_dir(), reason="golly (bgolly) is not installed")


def _files():
    if BGOLLY is None or not GOLLY_PATTERNS.is_dir():
        return [], []
    files = sorted(p for p in GOLLY_PATTERNS.rglob("*") if p.name.endswith((".rle", ".rle.gz")) and p.is_file())
    # The fast sample: small Life files across the folders, plus one torus (bounded grids are otherwise mostly
    # multi-state LifeHistory or of a kind the engines refuse).
    small_life = [p for p in files if p.relative_to(GOLLY_PATTERNS).parts[0] == "Life" and p.stat().st_size < 8000
                  and "Bounded-Grids" not in p.parts]
    torus = [p for p in files if p.name == "agar-p3.rle"]
    step = max(1, len(small_life) // (FAST_COUNT - len(torus)))
    fast = small_life[::step][:FAST_COUNT - len(torus)] + torus
    return fast, [p for p in files if p not in fast]


FAST, SLOW = _files()
PARAMS = ([pytest.param(p, id=str(p.relative_to(GOLLY_PATTERNS))) for p in FAST]
          + [pytest.param(p, id=str(p.relative_to(GOLLY_PATTERNS)), marks=pytest.mark.slow) for p in SLOW])


def _normalised(cells: np.ndarray) -> np.ndarray:
    cells = np.asarray(cells, dtype=np.int64).reshape(-1, 2)
    if len(cells) == 0:
        return cells
    cells = cells - cells.min(axis=0)
    return cells[np.lexsort((cells[:, 0], cells[:, 1]))]


def _universe(pattern):
    try:
        return make_universe(pattern)
    except EngineError as first:
        if pattern.rule.topology is None and "hashlife" in ALGORITHMS:
            try:
                return make_universe(pattern, algo="hashlife")
            except EngineError:
                pass
        pytest.skip(f"no engine runs it: {first}")


def _bgolly(path, generations, tmp_path, pattern=None):
    """bgolly's pattern after ``generations`` from the file ``path``. A LifeHistory file (``pattern`` is what we
    read from it) runs as its two-state copy: its on-states evolve as Life, and bgolly here has no LifeHistory
    rule table."""
    if pattern is not None and HISTORY_NOTE in pattern.comments:
        path = tmp_path / "two-state.rle"
        save(pattern, path)
    out = tmp_path / "out.rle"
    run = subprocess.run([BGOLLY, "-q", "-q", "-m", str(generations), "-o", str(out), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and out.is_file(), run.stdout + run.stderr
    return read(out)


def test_sample_is_not_empty():
    assert len(FAST) == FAST_COUNT


@pytest.mark.parametrize("path", PARAMS)
def test_matches_bgolly(path, tmp_path):
    try:
        pattern = read(path)
    except PatternError as e:
        if e.reason.startswith("unsupported"):
            pytest.skip(e.reason)  # multi-state or non-Life-like rule
        raise
    universe = _universe(pattern)   # B0 rules on the plane: the tiled engine emulates them
    theirs = _bgolly(path, GENERATIONS, tmp_path, pattern)
    universe.step(GENERATIONS)
    assert str(theirs.rule) == str(pattern.rule)
    assert universe.population == theirs.population
    assert np.array_equal(_normalised(universe.cells()), _normalised(theirs.cells))


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.name) for e in library.entries()])
def test_bundled_pattern_agrees_with_bgolly(entry, tmp_path):
    """Golly runs each bundled file one period (or 100 generations) to the same cells as our engines; for
    periodic entries that is the starting shape again, which checks the files against an independent engine."""
    pattern = read(entry.path)
    generations = entry.period or GENERATIONS
    theirs = _bgolly(entry.path, generations, tmp_path)
    # The numpy reference for other rules: these patterns are small and it needs no kernel compilation.
    ours = make_universe(pattern, algo="auto" if entry.rule == "B3/S23" else "reference").step(generations)
    assert np.array_equal(_normalised(ours.cells()), _normalised(theirs.cells))
    if entry.period and entry.window is None:
        assert np.array_equal(_normalised(theirs.cells), _normalised(pattern.cells))


# Golly's folders for the rule families beyond Life-like, and the one B0 knightship.
_FAMILY_FILES = sorted(p for p in (list(GOLLY_PATTERNS.glob("Non-Totalistic/**/*.rle"))
                                   + list(GOLLY_PATTERNS.glob("Life/Bounded-Grids/*.rle"))
                                   + [GOLLY_PATTERNS / "Life-Like" / "p168-knightship.rle"]) if p.is_file())


def _marks(p, g):
    return [] if g == 100 and p.stat().st_size < 10_000 else [pytest.mark.slow]


FAMILY_PARAMS = [pytest.param(p, g, id=f"{p.relative_to(GOLLY_PATTERNS)}-{g}", marks=_marks(p, g))
                 for p in _FAMILY_FILES for g in (100, 1000)]


@pytest.mark.parametrize("path,generations", FAMILY_PARAMS)
def test_rule_family_file_matches_bgolly(path, generations, tmp_path):
    """Isotropic non-totalistic files, bounded grids and p168-knightship: same cells as bgolly after 100 and
    1,000 generations (LifeHistory files as the two-state Life they read as). Files no engine here can read or
    run yet skip with the reason."""
    try:
        pattern = read(path)
    except PatternError as e:
        if e.reason.startswith("unsupported"):
            pytest.skip(e.reason)
        raise
    universe = _universe(pattern)   # B0 rules on the plane: the tiled engine emulates them as Golly does
    theirs = _bgolly(path, generations, tmp_path, pattern)
    universe.step(generations)
    assert universe.background == 0   # both generation counts are even
    assert str(theirs.rule) == str(pattern.rule)
    assert universe.population == theirs.population
    assert np.array_equal(_normalised(universe.cells()), _normalised(theirs.cells))


def test_hensel_letters_match_golly(tmp_path):
    """Each of the 102 single-letter birth rules B<n><letter>/S012345678 makes bgolly give birth in exactly the
    configurations our letter table names: all 256 neighbourhoods laid out apart, one generation."""
    from life import Pattern
    from life.neighbourhoods import LETTERS, classify

    offsets = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
    centres = {c: (5 * (c % 16) + 1, 5 * (c // 16) + 1) for c in range(256)}
    cells = [(x + dx, y + dy) for c, (x, y) in centres.items() for k, (dx, dy) in enumerate(offsets) if c >> k & 1]
    body = write_rle(Pattern(np.array(cells)))
    start = set(cells)
    for n in range(1, 8):
        for ch in LETTERS[n]:
            src = tmp_path / "in.rle"
            src.write_text(body.replace("rule = B3/S23", f"rule = B{n}{ch}/S012345678"))
            out = tmp_path / "out.rle"
            subprocess.run([BGOLLY, "-q", "-q", "-m", "1", "-o", str(out), str(src)], capture_output=True,
                           check=True, timeout=60)
            after = read_text(out.read_text().replace(f"B{n}{ch}/S012345678", "B3/S23")).cells
            # bgolly drops the position: every old cell survives, so try the two shifts a birth can cause
            for ox in (0, -1):
                for oy in (0, -1):
                    got = {(int(x) + ox, int(y) + oy) for x, y in after}
                    if start <= got:
                        break
                else:
                    continue
                break
            born = {c for c, xy in centres.items() if xy in got}
            assert born == {c for c in range(256) if classify(c) == (n, ch)}, f"{n}{ch}"


GRIDS = ["T7+2,5", "T7,5+2", "T8+3,6", "T30+7,20", "K7*,5", "K7,5*", "K8*,6", "K40*,20", "K40,20*", "C7,5", "C8,6",
         "C40,20", "S7", "S6", "S30", "T31,20", "P7,5", "T0,9", "T9,0", "P0,9", "P9,0", "T0,68"]


@pytest.mark.parametrize("suffix", GRIDS)
@pytest.mark.parametrize("rule", ["B3/S23", "B2-a/S12"])
def test_grids_match_bgolly(suffix, rule, tmp_path):
    """Random soups filling every kind of Golly grid (30 cells along an infinite dimension), run by bgolly and
    by our fast engine (dense, or strip for cylinders and strips) and the reference: the same cells after 1, 5
    and 30 generations (so cells cross every seam and corner)."""
    from life import Pattern, Rule
    from life.formats.rle import write_rle

    r = Rule.parse(f"{rule}:{suffix}")
    t = r.topology
    fast = "dense" if t.is_finite else "strip"
    for seed in range(2):
        grid = np.random.default_rng(seed).random((t.height or 30, t.width or 30)) < 0.4
        p = Pattern.from_array(grid, t.x0 if t.width else -15, t.y0 if t.height else -15, rule=r)
        src = tmp_path / "soup.rle"
        src.write_text(write_rle(p))
        for generations in (1, 5, 30):
            theirs = _bgolly(src, generations, tmp_path)
            assert str(theirs.rule) == str(r)
            for algo in (fast, "reference"):
                ours = make_universe(p, algo=algo).step(generations)
                assert np.array_equal(_normalised(ours.cells()), _normalised(theirs.cells)), (algo, generations)
