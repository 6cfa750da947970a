"""Packaging facts: importing life compiles nothing, and a second process reuses the Numba cache."""

import json
import subprocess
import sys

import pytest

import life


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout


def test_import_compiles_nothing_and_loads_no_numba():
    out = _run("import sys, life; print('numba' in sys.modules, 'life.engines.dense' in sys.modules)")
    assert out.split() == ["False", "False"]


def test_public_api():
    for name in ("load", "save", "Rule", "Pattern", "make_universe", "Universe", "Topology"):
        assert hasattr(life, name)


_CACHE_PROBE = """
import json, numpy as np
from life import Pattern, Rule, make_universe
from life.engines import dense
u = make_universe(Pattern.from_strings(['.O.', '..O', 'OOO'], rule=Rule.parse('B3/S23:T70,9')))
u.step(3)
k = dense.kernel_for(u.rule)
print(json.dumps({"hits": sum(k.stats.cache_hits.values()), "misses": sum(k.stats.cache_misses.values()),
                  "pop": u.population}))
"""


def test_second_process_reuses_numba_cache():
    first = json.loads(_run(_CACHE_PROBE))  # compiles, or loads what an earlier run cached
    second = json.loads(_run(_CACHE_PROBE))
    assert first["pop"] == second["pop"] == 5
    if first["hits"] == 0 and first["misses"] == 0:
        pytest.fail("kernel statistics unavailable")
    assert second["hits"] >= 1 and second["misses"] == 0
