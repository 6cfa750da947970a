"""Plaintext (.cells), Life 1.06 and Life 1.05: reading, writing and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from life.formats import PatternError, from_text, to_text
from life.pattern import Pattern
from life.rules import LIFE, Rule

GLIDER = sorted([(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)])


def cells(p):
    return sorted(map(tuple, p.cells.tolist()))


# -- plaintext -----------------------------------------------------------------------------------------------

def test_plaintext_reads_lifewiki_style():
    p = from_text("!Name: Glider\n!Author: Richard K. Guy\n!The smallest spaceship.\n.O.\n..O\nOOO\n", "cells")
    assert cells(p) == GLIDER
    assert (p.name, p.author, p.comments) == ("Glider", "Richard K. Guy", ("The smallest spaceship.",))


def test_plaintext_accepts_stars_short_rows_and_blank_rows():
    p = from_text("!\n.*\n\n*..*  \n", "cells")
    assert cells(p) == [(0, 2), (1, 0), (3, 2)]


def test_plaintext_rule_extension_and_writer():
    p = Pattern(np.array(GLIDER), rule=Rule.parse("B36/S23"), name="g", comments=("hello", "Name: not a key"))
    text = to_text(p.translated(4, 4), "cells")
    assert text.splitlines() == ["!Name: g", "!Rule: B36/S23", "! hello", "! Name: not a key", ".O", "..O", "OOO"]
    q = from_text(text, "cells")
    assert q == p


def test_plaintext_writes_empty_rows_as_a_dot():
    p = Pattern(np.array([[0, 0], [0, 2]]))
    assert to_text(p, "cells") == "O\n.\nO\n"


@pytest.mark.parametrize("text,line,column", [(".O.\n.X.\n", 2, 2), ("!Rule: B9/S\nO\n", 1, 8),
                                              ("O\n O\n", 2, 1)])
def test_plaintext_errors(text, line, column):
    with pytest.raises(PatternError) as err:
        from_text(text, "cells")
    assert (err.value.line, err.value.column) == (line, column)


# -- Life 1.06 -----------------------------------------------------------------------------------------------

def test_life106_reads_pairs():
    p = from_text("#Life 1.06\n0 -1\n1 0\n-1 1\n0 1\n1 1\n", "life106")
    assert cells(p) == sorted([(0, -1), (1, 0), (-1, 1), (0, 1), (1, 1)])


def test_life106_writer_and_metadata():
    p = Pattern(np.array(GLIDER), rule=Rule.parse("B2/S"), name="n", author="a", comments=("c",)).translated(-5, 2)
    text = to_text(p, "life106")
    assert text.splitlines()[0] == "#Life 1.06"
    assert "#R /2" in text
    assert from_text(text) == p
    assert to_text(Pattern(), "life106") == "#Life 1.06\n"


@pytest.mark.parametrize("text,line,column,reason", [
    ("#Life 1.06\n1 2\n3 x\n", 3, 3, "expected a cell"),
    ("#Life 1.06\n1 2 3\n", 2, 1, "expected a cell"),
    ("#Life 1.06\n#P 1 2\n", 2, 1, "1.05"),
    ("#Life 1.05\n1 2\n", 2, 1, "unexpected character"),
    ("#Life 1.06\n99999999999999999999 0\n", 2, 1, "beyond"),
])
def test_life106_errors(text, line, column, reason):
    with pytest.raises(PatternError) as err:
        from_text(text)
    assert (err.value.line, err.value.column) == (line, column)
    assert reason in err.value.reason


# -- Life 1.05 -----------------------------------------------------------------------------------------------

def test_life105_reads_blocks():
    text = "#Life 1.05\n#D Two blocks\n#N\n#P -3 -1\n**\n**\n#P 10 5\n.*\n*.*\n"
    p = from_text(text)
    assert cells(p) == sorted([(-3, -1), (-2, -1), (-3, 0), (-2, 0), (11, 5), (10, 6), (12, 6)])
    assert p.comments == ("Two blocks",) and p.rule == LIFE


def test_life105_rule_and_bare_p():
    p = from_text("#Life 1.05\n#R 23/36\n#P\n***\n")
    assert p.rule == Rule.parse("B36/S23") and cells(p) == [(0, 0), (1, 0), (2, 0)]
    # Golly's one-sided form seen in its pattern collection.
    assert from_text("#Life 1.05\n#R B234\n#P\n**\n").rule == Rule.parse("B234/S")


def test_life105_writer_round_trip():
    p = Pattern(np.array(GLIDER), name="Glider", author="R. K. Guy", comments=("c1", "")).translated(-7, 3)
    text = to_text(p, "life105")
    assert text.splitlines()[:6] == ["#Life 1.05", "#D Name: Glider", "#D Author: R. K. Guy", "#D c1", "#D", "#N"]
    assert "#P -7 3" in text
    assert from_text(text) == p


@pytest.mark.parametrize("text,line,column", [("#Life 1.05\n#P 1\n*\n", 2, 3), ("#Life 1.05\n#P 0 0\n*x\n", 3, 2),
                                              ("#Life 1.05\n#R 9/9\n", 2, 4)])
def test_life105_errors(text, line, column):
    with pytest.raises(PatternError) as err:
        from_text(text, "life105")
    assert (err.value.line, err.value.column) == (line, column)


def test_version_line_is_required_when_the_format_is_forced():
    with pytest.raises(PatternError, match="#Life 1.06"):
        from_text("1 2\n", "life106")
    with pytest.raises(PatternError, match="empty file"):
        from_text("\n\n", "life105")


@pytest.mark.parametrize("module,fmt,text", [
    ("plaintext", "cells", "!Name: x\n" + "O." * 300 + "\n\n..O  \n!inside\n" + "OO.\n" * 50),
    ("life106", "life106", "#Life 1.06\n" + "".join(f"{i} -{2 * i}\n" for i in range(300)) + "#D inside\n5 5\n"),
])
def test_small_pieces_read_like_whole_text(module, fmt, text, monkeypatch):
    import importlib

    want = from_text(text, fmt)
    monkeypatch.setattr(importlib.import_module(f"life.formats.{module}"), "_PIECE", 7)  # lines longer than a piece
    got = from_text(text, fmt)
    assert got == want and got.population > 0
