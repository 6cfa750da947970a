"""Hensel's letters, the rule table and the parsing of isotropic, hexagonal and von Neumann rules."""

import numpy as np
import pytest
from hypothesis import given, settings

from life import LIFE, Rule, RuleError
from life.neighbourhoods import LETTERS, NEIGHBOURS, classify, configurations
from tests.strategies import hensel_rules, neighbourhood_rules

# (dx, dy) of configuration bits 0..7: NW, N, NE, W, E, SW, S, SE
_XY = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]


def _transform(config, f):
    return sum(1 << _XY.index(f(*_XY[k])) for k in range(8) if config >> k & 1)


_SYMMETRIES = [lambda x, y: (-y, x), lambda x, y: (-x, -y), lambda x, y: (y, -x), lambda x, y: (-x, y),
               lambda x, y: (x, -y), lambda x, y: (y, x), lambda x, y: (-y, -x)]


def test_every_configuration_has_one_count_and_letter():
    for c in range(256):
        n, ch = classify(c)
        assert n == bin(c).count("1")
        assert ch in LETTERS[n] if n not in (0, 8) else ch == ""
    assert sum(len(configurations(n, ch)) for n in range(1, 8) for ch in LETTERS[n]) == 254


def test_letters_per_count():
    assert [max(1, len(LETTERS[n])) for n in range(9)] == [1, 2, 6, 10, 13, 10, 6, 2, 1]
    assert sum(max(1, len(LETTERS[n])) for n in range(9)) == 51


def test_letters_are_the_symmetry_classes():
    for c in range(256):
        orbit = {c} | {_transform(c, f) for f in _SYMMETRIES}
        assert {classify(o) for o in orbit} == {classify(c)}
        n, ch = classify(c)
        assert set(configurations(n, ch)) == orbit   # one letter is exactly one orbit
    # counts 5..7 name the complements of counts 3..1
    for c in range(256):
        n, ch = classify(c)
        if n != 4:
            assert classify(0xFF ^ c) == (8 - n, ch)


def test_some_letters_by_shape():
    bit = {d: k for k, d in enumerate(["NW", "N", "NE", "W", "E", "SW", "S", "SE"])}

    def cfg(*names):
        return sum(1 << bit[d] for d in names)

    assert classify(cfg("NW")) == (1, "c") and classify(cfg("S")) == (1, "e")
    assert classify(cfg("N", "S")) == (2, "i") and classify(cfg("NE", "SW")) == (2, "n")
    assert classify(cfg("NW", "N", "NE")) == (3, "i") and classify(cfg("N", "E", "S", "W")) == (4, "e")
    assert classify(cfg("NW", "NE", "SW", "SE")) == (4, "c")


def _count_table(birth, survival, cells):
    out = np.zeros(512, dtype=bool)
    for i in range(512):
        n = sum(i >> k & 1 for k in cells)
        out[i] = n in (survival if i >> 4 & 1 else birth)
    return out


def test_life_with_every_letter_is_life():
    spelled = Rule.parse("B3aceijknqry/S2aceikn3aceijknqry")
    assert spelled == LIFE and str(spelled) == "B3/S23"
    assert np.array_equal(LIFE.table, _count_table({3}, {2, 3}, [0, 1, 2, 3, 5, 6, 7, 8]))


@pytest.mark.parametrize("kind,bits", [("H", [0, 1, 3, 5, 7, 8]), ("V", [1, 3, 5, 7])])
def test_hex_and_von_neumann_tables(kind, bits):
    r = Rule.parse(f"B2/S34{kind}")
    assert np.array_equal(r.table, _count_table({2}, {3, 4}, bits))
    assert len(NEIGHBOURS[kind]) == len(bits)


def test_hensel_table_by_letter():
    r = Rule.parse("B2-a/S12")
    for i in range(512):
        n, ch = classify((i & 0xF) | (i >> 1 & 0xF0))
        alive = i >> 4 & 1
        assert r.table[i] == ((n in (1, 2)) if alive else (n == 2 and ch != "a"))


# Golly's canonical spellings (bgolly 3.3 writes these for the rules on the left)
@pytest.mark.parametrize("text,canonical", [
    ("B2ka3ji/S21", "B2ak3ij/S12"), ("B2aceikn/S", "B2/S"), ("B2-ace/S", "B2ikn/S"),
    ("B3_S23-a4ei6", "B3/S23-a4ei6"), ("b2-a_s12", "B2-a/S12"), ("B2-aS12", "B2-a/S12"),
    ("B2-ceaikn/S", "B/S"), ("B4cekaijnqrt/S", "B4-wyz/S"), ("B4cekaijn/S", "B4aceijkn/S"),
    ("B3aceijk/S", "B3-nqry/S"), ("B3aceij/S", "B3aceij/S"), ("B2-ake/S", "B2cin/S"), ("B37/S2-i34q", "B37/S2-i34q"),
    ("B2cek3i/S12cei", "B2cek3i/S12cei"), ("B3/S23H", "B3/S23H"), ("b1/s3v", "B1/S3V"), ("12/2-a", "B2-a/S12"),
    ("S12/B2-a", "B2-a/S12"), ("B3-k/S23:T30,20", "B3-k/S23:T30,20"),
])
def test_golly_canonical_form(text, canonical):
    assert str(Rule.parse(text)) == canonical


@settings(max_examples=200, deadline=None)
@given(hensel_rules(b0=True))
def test_hensel_round_trip(rule):
    assert Rule.parse(str(rule)) == rule and Rule.parse(rule.sb) == rule
    assert np.array_equal(Rule.parse(str(rule)).table, rule.table)


@settings(max_examples=50, deadline=None)
@given(neighbourhood_rules(b0=True))
def test_neighbourhood_round_trip(rule):
    assert Rule.parse(str(rule)) == rule and Rule.parse(rule.sb) == rule and not rule.is_life_like


@pytest.mark.parametrize("text,words", [
    ("/2/3", "Generations"), ("23/3/8", "Generations"), ("B2/S/C3", "Generations"), ("B3/S23/4", "Generations"),
    ("R2,C0,M1,S2..3,B3..3,NM", "Larger than Life"), ("B2c/S3H", "Moore"), ("B7/S3V", "0-4"),
    ("B2x/S", "B/S notation"), ("B1e1/S", "twice"), ("B2aa/S", "repeats"), ("B8a/S", "no letters"),
    ("B3z/S", "'z' is not a Hensel letter after 3"),
])
def test_refused_rules_say_why(text, words):
    with pytest.raises(RuleError, match=words):
        Rule.parse(text)


def test_masks_only_for_life_like_rules():
    with pytest.raises(RuleError, match="not outer-totalistic"):
        _ = Rule.parse("B2-a/S12").birth_mask
    assert Rule.parse("B36/S23").is_life_like and not Rule.parse("B36/S23H").is_life_like
