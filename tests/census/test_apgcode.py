"""apgcodes: extended Wechsler encoding and canonical names of the objects in REFERENCE.md."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from life import Pattern, make_universe
from life.census.apgcode import apgcode, canonical_wechsler, decode_apgcode, decode_wechsler, orientations, wechsler
from life.census.objects import Classifier
from tests.strategies import boards

# every object named in ../shared/REFERENCE.md, with its kind, period and displacement magnitude
REFERENCE = {
    "xs4_33": ("still", 1), "xp2_7": ("oscillator", 2), "xs6_696": ("still", 1), "xq4_153": ("spaceship", 4),
    "xs7_2596": ("still", 1), "xs5_253": ("still", 1), "xs6_356": ("still", 1), "xs4_252": ("still", 1),
    "xs8_6996": ("still", 1), "xp2_7e": ("oscillator", 2), "xp2_318c": ("oscillator", 2),
    "xq4_6frc": ("spaceship", 4), "xq4_27dee6": ("spaceship", 4), "xq4_27deee6": ("spaceship", 4),
    "xp15_4r4z4r4": ("oscillator", 15),
    "xp3_co9nas0san9oczgoldlo0oldlogz1047210127401": ("oscillator", 3),
}


def _phases(code, period):
    """Cell arrays of every phase of the object, from the reference engine."""
    u = make_universe(Pattern.from_array(decode_apgcode(code)), algo="reference")
    out = []
    for _ in range(period):
        out.append(u.cells())
        u.step(1)
    return out


def _oriented(cells, k):
    g = np.zeros((cells[:, 1].max() + 1 - cells[:, 1].min(), cells[:, 0].max() + 1 - cells[:, 0].min()), bool)
    g[cells[:, 1] - cells[:, 1].min(), cells[:, 0] - cells[:, 0].min()] = True
    return Pattern.from_array(orientations(g)[k], 5, -3).cells


@pytest.mark.parametrize("code", sorted(REFERENCE))
def test_every_orientation_and_phase_gets_the_canonical_code(code):
    kind, period = REFERENCE[code]
    classifier = Classifier()
    for phase in _phases(code, period):
        for k in range(8):
            info = classifier.analyse(_oriented(phase, k))
            assert info.kind == kind
            assert info.period == period
            assert [o.apgcode for o in info.objects] == [code]
            if kind == "spaceship":
                assert max(abs(info.dx), abs(info.dy)) in (1, 2)


def test_known_encodings():
    block = np.ones((2, 2), bool)
    assert wechsler(block) == "33"
    assert apgcode("still", [block]) == "xs4_33"
    assert canonical_wechsler([np.ones((1, 3), bool)]) == "7"
    # strips of five rows joined by z, and empty columns compressed
    tall = np.zeros((7, 1), bool)
    tall[[0, 6], 0] = True
    assert wechsler(tall) == "1z2"
    row = np.zeros((1, 9), bool)
    row[0, [0, 8]] = True
    assert wechsler(row) == "1y31"  # 7 empty columns: y + (7 - 4)
    assert decode_wechsler("1w1").tolist() == [[True, False, False, True]]
    assert decode_wechsler("1x1").shape == (1, 5)


def test_bad_codes_are_rejected():
    with pytest.raises(ValueError):
        decode_apgcode("block")
    with pytest.raises(ValueError):
        decode_wechsler("1y")
    with pytest.raises(ValueError):
        apgcode("puffer", [np.ones((2, 2), bool)])


@settings(max_examples=150, deadline=None)
@given(boards(st.integers(1, 14), st.integers(1, 60)))
def test_wechsler_round_trip(g):
    if not g.any():
        g[0, 0] = True
    ys, xs = np.nonzero(g)
    g = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    assert np.array_equal(decode_wechsler(wechsler(g)), g)


@settings(max_examples=60, deadline=None)
@given(boards(st.integers(1, 6), st.integers(1, 6)))
def test_canonical_code_ignores_orientation(g):
    if not g.any():
        g[0, 0] = True
    codes = {canonical_wechsler([img]) for img in orientations(g)}
    assert len(codes) == 1
