import pytest
from hypothesis import given

from life import Rule, RuleError, Topology
from tests.strategies import rules, topologies


@pytest.mark.parametrize("text", ["B3/S23", "b3s23", "B3S23", "b3/s23", "23/3", "S23/B3", "s23b3", "Life",
                                  " B3 / S23 "])
def test_life_spellings(text):
    r = Rule.parse(text)
    assert r.birth == {3} and r.survival == {2, 3} and r.topology is None
    assert str(r) == "B3/S23"


def test_sb_form_and_masks():
    r = Rule.parse("23/36")
    assert str(r) == "B36/S23" and r.sb == "23/36"
    assert r.birth_mask == (1 << 3) | (1 << 6) and r.survival_mask == 0b1100
    assert Rule.parse("B2/S").survival == frozenset() and Rule.parse("/2").birth == {2}


@pytest.mark.parametrize("text,kind,w,h", [("B3/S23:T100,80", "torus", 100, 80), ("B3/S23:P40,30", "bounded", 40, 30),
                                          ("b3s23:t64", "torus", 64, 64), ("B3/S23:T0,80", "torus", 0, 80),
                                          ("B3/S23:T0,80", "torus", 0, 80)])
def test_bounded_suffix(text, kind, w, h):
    r = Rule.parse(text)
    assert (r.topology.kind, r.topology.width, r.topology.height) == (kind, w, h)
    assert Rule.parse(str(r)) == r


def test_infinite_bounded_grid_is_the_plane():
    assert Rule.parse("B36/S23:P0,0").topology is None and Rule.parse("B3/S23:T0,0") == Rule.parse("B3/S23")


def test_topology_origin_and_parse():
    t = Topology.parse("torus:101x80")
    assert (t.x0, t.y0) == (-50, -40) and str(t) == "torus:101x80" and t.suffix() == ":T101,80"
    assert Topology.parse("plane").kind == "plane" and Topology.parse("bounded:3,4").height == 4
    with pytest.raises(RuleError):
        Topology.parse("donut:3x3")


@pytest.mark.parametrize("text,msg", [("B9/S23", "9 is not a neighbour count"), ("B3/S239", "9 is not a neighbour"),
                                      ("B33/S23", "appears twice"), ("", "empty"), ("B3/S23:Q5,5", "suffix"),
                                      ("hello", "expected B/S"), ("B3/S23:K10*,10+1", "not supported")])
def test_bad_rules(text, msg):
    with pytest.raises(RuleError, match=msg):
        Rule.parse(text)


@given(rules(topology=topologies))
def test_canonical_round_trip(r):
    assert Rule.parse(str(r)) == r
    assert Rule.parse(r.sb).with_topology(r.topology) == r
    assert Rule.parse(str(r).lower()) == r


@pytest.mark.parametrize("text,kind,w,h,shift,axis", [
    ("B3/S23:T30+7,20", "torus", 30, 20, 7, "h"), ("B3/S23:T30,20+7", "torus", 30, 20, 7, "v"),
    ("B3/S23:T10-3,10", "torus", 10, 10, -3, "h"), ("B3/S23:K40*,20", "klein", 40, 20, 0, "h"),
    ("B3/S23:K40,20*", "klein", 40, 20, 0, "v"), ("B3/S23:K10,10", "klein", 10, 10, 0, "v"),
    ("B3/S23:C40,20", "cross", 40, 20, 0, ""), ("B3/S23:S30", "sphere", 30, 30, 0, ""),
    ("B3/S23:T0,68", "torus", 0, 68, 0, ""), ("B3/S23:T40,0", "torus", 40, 0, 0, ""),
])
def test_golly_grids(text, kind, w, h, shift, axis):
    t = Rule.parse(text).topology
    assert (t.kind, t.width, t.height, t.shift, t.axis) == (kind, w, h, shift, axis)
    r = Rule.parse(text)
    assert Rule.parse(str(r)) == r and Topology.parse(t.suffix()) == t and Topology.parse(str(t)) == t
    assert t.is_glued == (kind in ("klein", "cross", "sphere") or bool(shift))


@pytest.mark.parametrize("text,msg", [("B3/S23:S30,20", "one size"), ("B3/S23:T3+1,2+1", "not both"),
                                      ("B3/S23:C40*,20", "only a Klein"), ("B3/S23:C4+1,4", "only a torus"),
                                      ("B3/S23:K4*,4*", "both twisted"), ("B3/S23:K0*,4", "finite"),
                                      ("B3/S23:T0+1,5", "infinite dimension")])
def test_bad_grids(text, msg):
    with pytest.raises(RuleError, match=msg):
        Rule.parse(text)
