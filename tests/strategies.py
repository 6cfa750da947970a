"""Hypothesis strategies shared by the property tests: neighbour-count sets, rules, topologies, boolean boards."""

import numpy as np
from hypothesis import strategies as st

from life import Rule, Topology
from life.neighbourhoods import LETTERS

# a set of neighbour counts, as in a rule's birth or survival set
counts = st.frozensets(st.integers(0, 8))

# a rule's bounded-grid suffix: none, or a torus or bounded grid of 1..500 × 1..500 cells
topologies = st.one_of(st.none(), st.builds(Topology, st.sampled_from(["torus", "bounded"]),
                                            st.integers(1, 500), st.integers(1, 500)))


def rules(b0=True, topology=None):
    """Life-like rules with random birth and survival sets.

    ``b0=False`` takes 0 out of the drawn birth set (the unbounded plane refuses B0); ``topology`` is a strategy
    for the rule's suffix (``topologies`` above for a random one; None: no suffix). Every distinct rule compiles
    its own kernel in the fast engines, so tests that must stay quick draw from a fixed pool of rules instead.
    """
    def build(birth, survival, topo):
        return Rule(birth if b0 else birth - {0}, survival, topo)

    return st.builds(build, counts, counts, st.none() if topology is None else topology)


@st.composite
def boards(draw, heights, widths):
    """A boolean array of a drawn height and width, every cell drawn on its own (so it shrinks cell by cell)."""
    h, w = draw(heights), draw(widths)
    bits = draw(st.lists(st.booleans(), min_size=h * w, max_size=h * w))
    return np.array(bits, dtype=bool).reshape(h, w)


# one Hensel condition such as "2a" (counts 1..7 have letters)
_CONDITIONS = sorted(f"{n}{ch}" for n in range(1, 8) for ch in LETTERS[n])


def hensel_rules(b0=False):
    """Isotropic non-totalistic rules: random counts plus random single Hensel conditions for births and
    survivals. Every such rule runs through the shared circuit kernels, so drawing many costs no compilation."""
    conditions = st.frozensets(st.sampled_from(_CONDITIONS))

    def build(birth, survival, bl, sl):
        return Rule(birth if b0 else birth - {0}, survival, None, bl, sl)

    return st.builds(build, counts, counts, conditions, conditions)


def neighbourhood_rules(b0=False):
    """Outer-totalistic rules on Golly's hexagonal (H) or von Neumann (V) neighbourhood."""
    def build(kind, birth, survival):
        top = 6 if kind == "H" else 4
        birth = {n for n in birth if n <= top}
        return Rule(birth if b0 else birth - {0}, {n for n in survival if n <= top}, None, neighbourhood=kind)

    return st.builds(build, st.sampled_from("HV"), counts, counts)


@st.composite
def glued_topologies(draw, max_size=70):
    """Golly's grids whose edges join other than as a plain torus: shifted tori, Klein bottles (either twist),
    cross-surfaces and spheres, 1..max_size cells a side."""
    kind = draw(st.sampled_from(["torus", "klein", "cross", "sphere"]))
    w = draw(st.integers(1, max_size))
    h = w if kind == "sphere" else draw(st.integers(1, max_size))
    axis = draw(st.sampled_from("hv"))
    shift = draw(st.integers(1, 2 * max_size)) if kind == "torus" else 0
    return Topology(kind, w, h, shift, axis if kind in ("torus", "klein") else "")
