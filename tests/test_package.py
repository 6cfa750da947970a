"""Packaging facts: importing life compiles nothing, a second process reuses the Numba cache, the command line
stays apart from the packages it drives, and the layers import only downwards (engines never import the formats
package, formats never imports the library)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import life

PACKAGE = Path(life.__file__).resolve().parent


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout


def test_import_compiles_nothing_and_loads_no_numba():
    out = _run("import sys, life; print('numba' in sys.modules, 'life.engines.dense' in sys.modules)")
    assert out.split() == ["False", "False"]


def test_help_loads_neither_numba_nor_pygame():
    out = _run("import sys\nfrom life.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
               "print('numba' in sys.modules, 'pygame' in sys.modules)")
    assert out.split()[-2:] == ["False", "False"]


def _imported_modules(path: Path, package: str) -> set:
    """Absolute names of the modules ``path`` (a module of ``package``) imports, relative imports resolved."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            names.add(mod)
            names.update(f"{mod}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("package", ["life.ui", "life.census"])
def test_window_and_census_never_import_the_command_line(package):
    folder = Path(life.__file__).parent.joinpath(*package.split(".")[1:])
    files = sorted(folder.rglob("*.py"))
    assert files
    for f in files:
        sub = ".".join([package] + list(f.parent.relative_to(folder).parts))
        bad = {m for m in _imported_modules(f, sub) if m.split(".")[0] == "click" or m.startswith("life.cli")}
        assert not bad, f"{f.relative_to(folder.parent.parent)} imports {sorted(bad)}"


def test_public_api():
    for name in ("load", "save", "load_universe", "Rule", "Pattern", "make_universe", "Universe", "Topology"):
        assert hasattr(life, name)
    assert set(life.__all__) <= set(dir(life))


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


def _module_imports(path: Path) -> set:
    """``_imported_modules`` for a file of the life package, its package read from its place in the tree."""
    return _imported_modules(path, ".".join(path.relative_to(PACKAGE.parent).parent.parts))


def _imports_of(folder: str) -> dict:
    files = sorted((PACKAGE / folder).rglob("*.py"))
    assert files, folder
    return {str(f.relative_to(PACKAGE)): _module_imports(f) for f in files}


def test_no_engine_imports_the_formats_package():
    for name, mods in _imports_of("engines").items():
        bad = sorted(m for m in mods if m == "life.formats" or m.startswith("life.formats."))
        assert not bad, f"{name} imports {bad}: engines take plain data, life.sources joins them to formats"


def test_formats_do_not_import_the_library():
    for name, mods in _imports_of("formats").items():
        bad = sorted(m for m in mods if m in ("life.library", "life.sources") or m.startswith("life.library."))
        assert not bad, f"{name} imports {bad}: bundled names are resolved by life.sources"
    out = _run("import sys, life.formats, life.formats.macrocell; print('life.library' in sys.modules)")
    assert out.split() == ["False"]


def test_the_import_scan_sees_relative_and_late_imports():
    # the scans above are only as good as this: "from ...pattern import" three levels down, imports in functions
    assert {"life.pattern", "life.engines.base", "life.atomic"} <= \
        _module_imports(PACKAGE / "engines" / "hashlife" / "universe.py")
    assert {"life.formats", "life.formats.macrocell", "life.library"} <= _module_imports(PACKAGE / "sources.py")
