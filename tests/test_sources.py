"""life.sources: what a user names becomes a pattern or a universe; macrocell text has one parse path, with the
same limits and errors, whether it ends as a Pattern or as a HashLife tree."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

import life
from life import EngineError, formats, library, sources
from life.formats import PatternError, from_text, macrocell
from life.formats import _base as formats_base

GUN_CELLS = 36


def test_load_universe_is_public_at_the_top_level(tmp_path):
    assert "load_universe" in life.__all__ and life.load_universe.__doc__
    path = tmp_path / "gun.mc"
    life.save(life.load("gosper-glider-gun"), path)
    u = life.load_universe(path)
    assert u.name == "hashlife" and u.population == GUN_CELLS
    assert life.load_universe(str(path), "plane", algo="hashlife").name == "hashlife"
    # other engines, topologies, files and bundled names are read as cells
    assert life.load_universe(path, algo="tiled").name == "tiled"
    dense = life.load_universe(path, "torus:64x64")
    assert dense.name == "dense" and dense.population == GUN_CELLS
    assert life.load_universe("gosper-glider-gun").population == GUN_CELLS
    assert life.load_universe("bo$2bo$3o!", algo="reference").population == 5


def test_resolve_turns_bundled_names_into_their_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sources.resolve("Gosper glider gun") == library.find("gosper-glider-gun")
    (tmp_path / "glider").write_text("x = 1, y = 1\no!\n")
    assert sources.resolve("glider") == "glider"            # a file of that name wins
    for passthrough in ("bo$2bo$3o!", "x = 1, y = 1\no!\n", b"o!", 42):
        assert sources.resolve(passthrough) == passthrough   # text, bytes and the rest go to formats.read
    with pytest.raises(PatternError, match="did you mean gosper-glider-gun"):
        sources.resolve("gosper-glider-gn")
    with pytest.raises(PatternError, match="bundled pattern name"):
        sources.resolve("   ")


def test_formats_read_takes_paths_and_text_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PatternError, match="no such file") as err:
        formats.read("glider")
    assert "did you mean" not in str(err.value) and "bundled" not in str(err.value)
    assert life.load("glider").population == 5


# -- one macrocell parser ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[M2]\n*$\n4 1 0 0 2\n",                                          # a child defined later
    "[M2]\n*$\n5 1 0 0 0\n",                                          # a child of the wrong level
    "[M2]\n*x$\n",                                                    # a bad leaf
    "[M2]\n#R B3/S23\n1 0 0 0 1\n",                                   # multi-state
    "[M2]\n#R WireWorld\n1 0 1 2 3\n",                                # a rule we cannot run
    "[M2]\n4 1 0 0 0\n",                                              # an unknown node
    f"[M2]\n{macrocell.MAX_LEVEL + 1} 0 0 0 0\n",                     # too deep
    "[M2]\n#G " + "9" * 50 + "\n",                                    # absurd numbers
])
def test_pattern_and_hashlife_refuse_the_same_files_the_same_way(text):
    with pytest.raises(PatternError) as as_cells:
        from_text(text, "mc")
    with pytest.raises(PatternError) as as_tree:
        sources.load_macrocell_universe(text)
    got = [(e.value.reason, e.value.line, e.value.column) for e in (as_cells, as_tree)]
    assert got[0] == got[1]


def test_pattern_and_hashlife_share_one_parse(monkeypatch, tmp_path):
    calls = []
    parse = macrocell._parse

    def spy(text, path):
        calls.append(path)
        return parse(text, path)

    monkeypatch.setattr(macrocell, "_parse", spy)
    path = tmp_path / "gun.mc.gz"
    life.save(life.load("gosper-glider-gun"), path)
    p = life.load(path)
    u = sources.load_macrocell_universe(path)
    assert calls == [str(path), str(path)]
    assert np.array_equal(p.cells, u.cells()) and p.rule == u.rule


def test_pattern_and_hashlife_share_one_size_limit(monkeypatch, tmp_path):
    text = life.formats.to_text(life.load("gosper-glider-gun"), "mc")
    plain, packed = tmp_path / "gun.mc", tmp_path / "gun.mc.gz"
    plain.write_text(text)
    packed.write_bytes(gzip.compress(text.encode()))
    monkeypatch.setattr(formats_base, "MAX_TEXT_BYTES", len(text) - 1)
    for path in (plain, packed):
        for load in (life.load, sources.load_macrocell_universe, life.load_universe):
            with pytest.raises(PatternError, match="larger than") as err:
                load(path)
            assert err.value.path == str(path)


def test_hashlife_only_errors_name_the_file(tmp_path):
    bounded = tmp_path / "torus.mc"
    bounded.write_text("[M2]\n#R B3/S23:T64,64\n$$$$$$$*$\n4 0 1 0 0\n")
    assert from_text(bounded.read_text()).rule.topology is not None   # fine as cells
    with pytest.raises(PatternError, match="bounded grid") as err:
        life.load_universe(bounded)
    assert err.value.path == str(bounded)
    b0 = tmp_path / "b0.mc"
    b0.write_text("[M2]\n#R B03/S23\n$$$$$$$*$\n4 0 1 0 0\n")
    with pytest.raises(PatternError, match="B0") as err:
        life.load_universe(b0)
    assert err.value.path == str(b0)
    # a random 300 × 300 field has well over a thousand distinct leaves: more than a 1024-node table holds
    field = life.Pattern.from_array(np.random.default_rng(7).random((300, 300)) < 0.5)
    crowded = tmp_path / "crowded.mc"
    life.save(field, crowded)
    with pytest.raises(EngineError, match=f"{crowded}: more nodes than the HashLife memory limit"):
        sources.load_macrocell_universe(crowded, max_nodes=1024)
    assert sources.load_macrocell_universe(crowded).population == field.population
