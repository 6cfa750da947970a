"""RLE: the full reading grammar, the writer's layout, and errors that name line and column."""

from __future__ import annotations

import numpy as np
import pytest

from life.formats import PatternError, from_text, to_text
from life.formats.rle import HISTORY_NOTE, read_rle
from life.pattern import Pattern
from life.rules import LIFE, Rule, Topology

GLIDER = [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]


def cells(p):
    return sorted(map(tuple, p.cells.tolist()))


def rle(text, **kw):
    return from_text(text, "rle", **kw)


def test_header_rule_and_metadata():
    p = rle("#N Glider\n#O Richard K. Guy, 1970\n#C The smallest spaceship.\n#c lower-case comment\n"
            "x = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n")
    assert cells(p) == sorted(GLIDER)
    assert p.name == "Glider" and p.author == "Richard K. Guy, 1970"
    assert p.comments == ("The smallest spaceship.", "lower-case comment")
    assert p.rule == LIFE and p.generation == 0


@pytest.mark.parametrize("rule_text,expected", [("B36/S23", "B36/S23"), ("b3678/s34678", "B3678/S34678"),
                                                ("23/36", "B36/S23"), ("B2/S", "B2/S"), ("Life", "B3/S23"),
                                                ("B3/S23:T20,10", "B3/S23:T20,10"),
                                                ("B3/S23:P8,6", "B3/S23:P8,6"), ("B234", "B234/S")])
def test_header_rules(rule_text, expected):
    p = rle(f"x = 1, y = 1, rule = {rule_text}\no!")
    assert str(p.rule) == expected


def test_hash_r_rule_in_sb_form_and_header_wins():
    assert rle("#r 23/36\nx = 1, y = 1\no!").rule == Rule.parse("B36/S23")
    assert rle("#r 23/36\nx = 1, y = 1, rule = B3/S23\no!").rule == LIFE


def test_multi_digit_counts_and_blank_rows():
    p = rle("x = 15, y = 12\n12bo2o$10$3o!")
    assert cells(p) == sorted([(12, 0), (13, 0), (14, 0), (0, 11), (1, 11), (2, 11)])


def test_whitespace_between_tokens_and_line_breaks():
    p = rle("x = 3, y = 3\n b o $ 2 b\to\n$\n3\no !\n")
    assert cells(p) == sorted(GLIDER)


def test_missing_header_and_text_after_bang():
    p = rle("bo$2bo$3o! this is ignored\n#N not a name either\nzzz 99999999999o\n")
    assert cells(p) == sorted(GLIDER)
    assert p.name is None


def test_tolerates_crlf_cr_blank_lines_and_indent():
    for sep in ("\r\n", "\r", "\n"):
        text = sep.join(["", "#N Glider", "   ", "  x = 3, y = 3, rule = B3/S23", "  bo$2bo$", "3o!", ""])
        p = rle(text)
        assert cells(p) == sorted(GLIDER) and p.name == "Glider"


def test_alternative_state_letters_and_trailing_dead_cells():
    p = rle("x = 3, y = 3\n.A$2.A$3A!")
    assert cells(p) == sorted(GLIDER)
    assert cells(rle("x = 9, y = 2\nobo6b$9b!")) == [(0, 0), (2, 0)]


def test_header_size_is_informative_only():
    # A lying header allocates nothing: memory follows the cells present.
    p = rle("x = 100000000000, y = 100000000000\n3o!")
    assert p.population == 3
    assert rle("x = 1, y = 1\n3o$3o!").population == 6


def test_huge_dead_runs_cost_nothing():
    p = rle("x = 0, y = 0\n1000000000000bo$999999999999$o!")
    assert cells(p) == sorted([(1000000000000, 0), (0, 1000000000000)])


def test_cxrle_position_and_generation():
    p = rle("#CXRLE Pos=-5,7 Gen=123\nx = 3, y = 3\nbo$2bo$3o!")
    assert cells(p) == sorted((x - 5, y + 7) for x, y in GLIDER)
    assert p.generation == 123


@pytest.mark.parametrize("tag", ["P", "R"])
def test_hash_p_and_r_position(tag):
    p = rle(f"#{tag} -10 4\nx = 3, y = 3\nbo$2bo$3o!")
    assert cells(p) == sorted((x - 10, y + 4) for x, y in GLIDER)


def test_golly_bounded_grid_header():
    p = rle("#CXRLE Pos=-2,-1\nx = 4, y = 2, rule = B3/S23:T4,2\n4o$obo!")
    assert p.rule.topology == Topology("torus", 4, 2)
    assert p.bbox == (-2, -1, 4, 2)


def test_writer_layout():
    rng = np.random.default_rng(1)
    grid = rng.random((40, 300)) < 0.4
    p = Pattern.from_array(grid, 3, -2, rule=Rule.parse("b36/s23"), name="soup", author="me",
                           comments=("line one", ""), generation=9)
    text = to_text(p, "rle")
    lines = text.splitlines()
    # #CXRLE first: Golly reads the position only from a file's first line (it placed our files wrongly before)
    assert lines[:5] == ["#CXRLE Pos=3,-2 Gen=9", "#N soup", "#O me", "#C line one", "#C"]
    assert lines[5] == f"x = {p.bbox[2]}, y = {p.bbox[3]}, rule = B36/S23"
    assert all(len(line) <= 70 for line in lines)
    assert text.endswith("!\n")
    assert rle(text) == p


def test_writer_is_canonical_and_compact():
    p = rle("x = 3, y = 3, rule = 23/3\nbo$2bo$3o!")
    assert to_text(p, "rle") == "x = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n"
    big = Pattern(np.array([[0, 0], [50, 0], [0, 7]]))
    assert to_text(big, "rle").splitlines()[-1] == "o49bo7$o!"
    assert to_text(Pattern(), "rle") == "x = 0, y = 0, rule = B3/S23\n!\n"
    assert rle(to_text(Pattern(), "rle")).population == 0


def test_comment_newlines_become_separate_lines():
    p = Pattern(np.array([[0, 0]]), comments=("two\nlines",), name="a\nb")
    q = rle(to_text(p, "rle"))
    assert q.comments == ("two", "lines") and q.name == "a b"


def test_comment_text_survives_exactly():
    p = Pattern(np.array([[0, 0]]), comments=("  indented", "XRLE Pos=9,9 looks special", "trailing  "))
    assert rle(to_text(p, "rle")).comments == p.comments


# -- errors --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,line,column,reason", [
    ("x = 3, y = 3\nbo$2bz$3o!", 2, 6, "unexpected character 'z'"),
    ("x = 3, y = 3\nbo$\n  2bo$3o3!", 3, 9, "not followed by"),
    ("x = 3, y = 3\n0o!", 2, 1, "at least 1"),
    ("x = 3, y = 3, rule = B9/S23\no!", 1, 22, "unsupported rule"),
    ("x = 3, y = 3, rule = 23/3/8\no!", 1, 22, "unsupported: 8-state pattern"),
    ("x = 3, y = 3, rule = LifeSuper\n.A!", 1, 22, "unsupported: 26-state pattern"),
    ("x = 3, y = 3\n.AB!", 2, 3, "unsupported: multi-state"),
    ("x = 3, y = 3\npA!", 2, 1, "unsupported: multi-state"),
    ("x = three, y = 3\no!", 1, 5, "non-negative integer"),
    ("x = 3, y = 3, 12\no!", 1, 15, "bad RLE header field"),
    ("#CXRLE Pos=1;2\nx = 1, y = 1\no!", 1, 12, "bad #CXRLE Pos"),
    ("#CXRLE Gen=-4\nx = 1, y = 1\no!", 1, 12, "bad #CXRLE Gen"),
    ("#r 23/3/9\no!", 1, 4, "unsupported"),
    ("x = 1, y = 1, rule =\no!", 1, 21, "empty rule"),
    ("x = 1, y = 1\n5 5o!", 2, 3, "two run counts"),
    ("x = 1, y = 1\n10000000000000000000o!", 2, 21, "beyond"),
    ("x = 1, y = 1\n" + "9" * 60 + "o!", 2, 1, "too large"),
    ("#CXRLE Pos=" + "9" * 60 + ",0\no!", 1, 12, "too large"),
    ("#CXRLE Pos=9999999999999999999,0\no!", 1, 12, "beyond"),
    ("#P 1 9999999999999999999\no!", 1, 3, "beyond"),
])
def test_errors_name_line_and_column(text, line, column, reason):
    with pytest.raises(PatternError) as err:
        from_text(text, "rle", path="bad.rle")
    e = err.value
    assert (e.line, e.column) == (line, column), str(e)
    assert reason in e.reason
    assert e.path == "bad.rle"
    assert str(e) == f"bad.rle:{line}:{column}: {e.reason}"
    assert "\n" not in str(e)


def test_cap_bounds_live_cells():
    with pytest.raises(PatternError, match="more than 10 live cells"):
        rle("x = 0, y = 0\n11o!", cap=10)
    with pytest.raises(PatternError, match="cap"):
        rle("x = 0, y = 0\n99999999999999o!")
    assert rle("x = 0, y = 0\n10o!", cap=10).population == 10


def test_lifehistory_reads_as_life_with_a_note():
    # states: . 0 off, A 1 on, B 2 history, C 3 marked on, D 4 marked off, E 5 start on, F 6 boundary
    text = "x = 7, y = 2, rule = LifeHistory\n.ABCDEF$7A!\n"
    p = read_rle(text)
    assert p.rule == Rule.parse("B3/S23")
    assert sorted(map(tuple, p.cells.tolist())) == sorted([(1, 0), (3, 0), (5, 0)] + [(x, 1) for x in range(7)])
    assert p.comments[-1] == HISTORY_NOTE and "history layer was dropped" in HISTORY_NOTE
    assert read_rle("#r LifeHistory\n2C3B2E!").cells.tolist() == [[0, 0], [1, 0], [5, 0], [6, 0]]
    # the same states outside LifeHistory stay refused
    with pytest.raises(PatternError, match="multi-state"):
        read_rle("x = 3, y = 1\n.AB!")


@pytest.mark.parametrize("fmt,text", [
    ("rle", "x = 3, y = 3\nbo$2bo$3o!"),
    ("cells", "!Name: glider\n.O.\n..O\nOOO\n"),
    ("life106", "#Life 1.06\n1 0\n2 1\n0 2\n1 2\n2 2\n"),
    ("life105", "#Life 1.05\n#P 0 0\n.*.\n..*\n***\n"),
])
def test_utf8_byte_order_mark_is_accepted(fmt, text):
    want = from_text(text)
    assert from_text("\ufeff" + text).same_cells(want)
    assert from_text(b"\xef\xbb\xbf" + text.encode()).same_cells(want)


def test_long_lines_and_pieces_read_like_short_ones():
    # one body line far longer than a vectorised piece, counts split across line breaks, comments in the body
    body = "3o2b" * 200_000
    p = read_rle("x = 0, y = 0\n" + body + "$\n1\n2o\n#C inside\no!")
    assert p.population == 3 * 200_000 + 13
    assert p.comments == ("inside",)
    err = pytest.raises(PatternError, read_rle, "x = 0, y = 0\n" + "o" * 500_000 + "q!").value
    assert (err.line, err.column) == (2, 500_001)
