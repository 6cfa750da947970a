"""Macrocell (.mc): the public node-table parser, Golly's placement of the root, hash-consed writing, the cap,
and structural errors."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from life.formats import PatternError, from_text, to_text
from life.formats.macrocell import MAX_LEVEL, MacrocellTree, parse_tree
from life.pattern import Pattern
from life.rules import Rule

GLIDER = sorted([(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)])


def cells(p):
    return sorted(map(tuple, p.cells.tolist()))


def test_reads_golly_output_at_golly_coordinates():
    # What bgolly 3.3 writes for the RLE "bo$2bo$3o!" (top-left at 0,0) after 0 and 4 generations.
    gen0 = "[M2] (golly 3.3)\n#R B3/S23\n$$$$$$$.*$\n..*$***$\n4 0 1 0 2\n"
    gen4 = "[M2] (golly 3.3)\n#R B3/S23\n#G 4\n..*$...*$.***$\n4 0 0 0 1\n"
    assert cells(from_text(gen0)) == GLIDER
    p = from_text(gen4)
    assert cells(p) == sorted((x + 1, y + 1) for x, y in GLIDER)
    assert p.generation == 4


def test_single_cells_placed_like_golly():
    # bgolly's output for one cell at (0,0) and at (-8,-8) (the latter needs a level-5 root).
    assert cells(from_text("[M2]\n#R B3/S23\n$$$$$$$*$\n4 0 1 0 0\n")) == [(0, 0)]
    assert cells(from_text("[M2]\n#R B3/S23\n$$$$$$$*$\n4 0 1 0 0\n5 2 0 0 0\n")) == [(-8, -8)]


def test_round_trip_and_sharing():
    grid = np.zeros((64, 64), dtype=bool)
    grid[::8, ::8] = True  # 64 identical leaves
    p = Pattern.from_array(grid, -100, 37, rule=Rule.parse("B36/S23"), name="dots", author="me",
                           comments=("a", ""), generation=12345)
    text = to_text(p, "mc")
    lines = text.splitlines()
    assert lines[:3] == ["[M2] (life)", "#R B36/S23", "#G 12345"]
    assert len([ln for ln in lines if ln[:1] in ".*$"]) == 1  # one distinct leaf
    assert from_text(text) == p


@pytest.mark.parametrize("pts", [[(0, 0)], [(-8, -7)], [(7, 8)], [(-8, -8)], [(7, 9)], [(-1000, 5), (3, 2 ** 40)]])
def test_writer_chooses_a_root_that_holds_every_cell(pts):
    p = Pattern(np.array(pts))
    assert cells(from_text(to_text(p, "mc"))) == sorted(pts)


def test_empty_pattern():
    text = to_text(Pattern(), "mc")
    assert from_text(text, "mc").population == 0


def test_too_many_cells_for_the_cap():
    # A level-40 square whose every leaf is full: 2^80 cells described in a few dozen lines.
    lines = ["[M2]", "#R B3/S23", "********$" * 8, "4 1 1 1 1"]
    lines += [f"{k} {k - 3} {k - 3} {k - 3} {k - 3}" for k in range(5, 41)]
    with pytest.raises(PatternError, match="HashLife") as err:
        from_text("\n".join(lines))
    assert "1208925819614629174706176 live cells" in str(err.value)
    small = "\n".join(lines[:5])
    with pytest.raises(PatternError, match="cap of 100"):
        from_text(small, cap=100)
    assert from_text(small, cap=1024).population == 1024


def test_far_away_cells_beyond_int64_are_refused():
    lines = ["[M2]", "*$", "4 1 0 0 0"] + [f"{k} {k - 3} 0 0 0" for k in range(5, 80)]
    with pytest.raises(PatternError, match="beyond"):
        from_text("\n".join(lines))


@pytest.mark.parametrize("text,line,column,reason", [
    ("#R B3/S23\n*$\n", 1, 1, "[M2]"),
    ("[M2]\n*$\n4 1 0 0 2\n", 3, 9, "not defined yet"),
    ("[M2]\n*$\n4 1 0 0 0\n6 2 0 0 0\n", 4, 3, "level 4, expected 5"),
    ("[M2]\n*$\n3 1 0 0 0\n", 3, 1, "below"),
    ("[M2]\n#R WireWorld\n1 0 1 2 3\n", 2, 4, "4-state"),
    ("[M2]\n1 0 1 1 0\n", 2, 1, "multi-state"),
    ("[M2]\n*.*x$\n", 2, 4, "unexpected character"),
    ("[M2]\n*********$\n", 2, 1, "at most 8"),
    ("[M2]\n$$$$$$$$$\n", 2, 1, "at most 8"),
    ("[M2]\n*.*\n", 2, 4, "end with '$'"),
    ("[M2]\n4 a b c d\n", 2, 1, "bad node line"),
    ("[M2]\n#G soon\n", 2, 4, "bad generation"),
    ("[M2]\n300 0 0 0 0\n", 2, 1, "above 256"),
    ("[M2]\n#G " + "9" * 50 + "\n", 2, 4, "too large"),
])
def test_errors(text, line, column, reason):
    with pytest.raises(PatternError) as err:
        from_text(text, "mc", path="x.mc")
    assert (err.value.line, err.value.column) == (line, column), str(err.value)
    assert reason in err.value.reason


# -- the node table ---------------------------------------------------------------------------------------------

BGOLLY_GLIDER = "[M2] (golly 3.3)\n#R B36/S23\n#G 4\n#N glider\n#O someone\n#C first\n$$$$$$$.*$\n..*$***$\n4 0 1 0 2\n"


def test_parse_tree_returns_the_header_and_the_node_table():
    tree = parse_tree(BGOLLY_GLIDER)
    assert isinstance(tree, MacrocellTree)
    assert tree.rule == Rule.parse("B36/S23") and tree.generation == 4
    assert (tree.name, tree.author, tree.comments) == ("glider", "someone", ("first",))
    assert tree.root == 3
    assert tree.levels.tolist() == [0, 3, 3, 4]
    assert tree.children.tolist() == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 2]]
    # leaf bits: bit 8*y + x; leaf 1 has one cell at (1, 7), leaf 2 the cells (2, 0), (0, 1), (1, 1), (2, 1)
    assert tree.leaves.tolist() == [0, 1 << (8 * 7 + 1), (1 << 2) | (1 << 8) | (1 << 9) | (1 << 10), 0]
    assert all(a.dtype == np.int64 for a in (tree.levels, tree.children, tree.leaves))


def test_parse_tree_keeps_bit_63_as_the_sign_of_an_int64():
    tree = parse_tree("[M2]\n$$$$$$$.......*$\n4 1 0 0 0\n")
    assert tree.leaves[1] == np.int64(-(1 << 63))


def test_parse_tree_reads_text_bytes_gzip_and_paths_alike(tmp_path):
    want = parse_tree(BGOLLY_GLIDER)
    plain, packed = tmp_path / "g.mc", tmp_path / "g.mc.gz"
    plain.write_text(BGOLLY_GLIDER)
    packed.write_bytes(gzip.compress(BGOLLY_GLIDER.encode()))
    for source in (BGOLLY_GLIDER.encode(), gzip.compress(BGOLLY_GLIDER.encode()), plain, packed):
        got = parse_tree(source)
        assert (got.rule, got.generation, got.name) == (want.rule, want.generation, want.name)
        for name in ("levels", "children", "leaves"):
            assert np.array_equal(getattr(got, name), getattr(want, name)), (source, name)
    with pytest.raises(PatternError, match="cannot read") as err:
        parse_tree(tmp_path / "missing.mc")
    assert err.value.path == str(tmp_path / "missing.mc")
    with pytest.raises(PatternError, match="cannot read a macrocell from int"):
        parse_tree(42)


def test_parse_tree_expands_nothing():
    # 2^200 × 2^200 cells in a few hundred lines: the tree is as small as the file
    lines = ["[M2]", "********$" * 8] + [f"{k} {k - 3} {k - 3} {k - 3} {k - 3}" for k in range(4, 201)]
    tree = parse_tree("\n".join(lines))
    assert tree.root == 198 and tree.levels[-1] == 200


def test_empty_file_is_an_empty_tree():
    tree = parse_tree("[M2] (life)\n#R B3/S23\n")
    assert tree.root == 0 and tree.levels.tolist() == [0]
    assert from_text("[M2] (life)\n#R B3/S23\n").population == 0


def test_one_level_limit():
    ok = ["[M2]", "*$", "4 1 0 0 0"] + [f"{k} {k - 3} 0 0 0" for k in range(5, MAX_LEVEL + 1)]
    assert parse_tree("\n".join(ok)).levels[-1] == MAX_LEVEL
    with pytest.raises(PatternError, match=f"above {MAX_LEVEL}"):
        parse_tree("\n".join(ok + [f"{MAX_LEVEL + 1} {MAX_LEVEL - 2} 0 0 0"]))
