"""Two-state rules (Life-like, isotropic non-totalistic, hexagonal, von Neumann) and Golly's bounded-grid suffix.

A Life-like rule is the set of neighbour counts that give birth to a dead cell and the set that keep a live cell
alive; Hensel's letters (``life.neighbourhoods``) refine a count to single isotropic configurations. ``Rule.parse``
accepts ``B3/S23``, ``b3s23``, ``B3_S23``, ``B2-a/S12``, the S/B forms ``S23/B3`` and ``23/3``, Golly's ``H`` and
``V`` suffixes, and its bounded-grid suffixes ``:T w,h`` (torus) and ``:P w,h`` (plane with a dead border), where a
0 dimension is infinite in that direction. Generations and Larger than Life rules are refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .errors import LifeError
from .neighbourhoods import LETTERS, classify, configurations, rule_table

__all__ = ["Rule", "RuleError", "Topology", "LIFE"]


class RuleError(LifeError):
    """A rule string that cannot be parsed; the message says what is wrong."""


_KINDS = ("torus", "bounded", "plane", "klein", "cross", "sphere")
_LETTER_OF = {"torus": "T", "bounded": "P", "klein": "K", "cross": "C", "sphere": "S"}


@dataclass(frozen=True)
class Topology:
    """Where a universe lives: Golly's bounded grids (Help → Bounded Grids) or the unbounded plane.

    ``kind``: ``"torus"`` (opposite edges joined), ``"bounded"`` (cells outside are dead forever), ``"plane"``
    (unbounded), ``"klein"`` (a Klein bottle: one pair of opposite edges reversed before joining, the top and
    bottom ones when ``axis`` is ``"h"``, the left and right ones when ``"v"``), ``"cross"`` (a cross-surface: both
    pairs reversed) or ``"sphere"`` (square; the top edge joined to the left one, the bottom to the right).
    ``width``/``height`` are cell counts; 0 means infinite in that direction (torus and bounded grid only; always
    0 for the plane). A torus may have a ``shift`` (either sign): on its top and bottom edges (``axis`` ``"h"``: a
    cell leaving through the bottom comes back at the top ``shift`` cells further right) or on its left and right
    edges (``"v"``: leaving through the right edge, ``shift`` cells further down). The top-left cell of a grid
    is at (-(width // 2), -(height // 2)), as in Golly.
    """

    kind: str = "plane"
    width: int = 0
    height: int = 0
    shift: int = 0
    axis: str = ""

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise RuleError(f"unknown topology {self.kind!r}: expected {', '.join(_KINDS)}")
        if self.width < 0 or self.height < 0:
            raise RuleError(f"grid size {self.width}x{self.height} is negative")
        if self.kind == "plane" and (self.width or self.height):
            raise RuleError("the unbounded plane has no size")
        if self.kind in ("klein", "cross", "sphere") and not (self.width and self.height):
            raise RuleError(f"a {self.kind} grid needs a finite width and height, not {self.width}x{self.height}")
        if self.kind == "sphere" and self.width != self.height:
            raise RuleError(f"a sphere grid is square, not {self.width}x{self.height}")
        if self.kind == "klein" and self.axis not in ("h", "v"):
            raise RuleError("a Klein bottle twists its horizontal ('h') or vertical ('v') edges")
        if self.shift and (self.kind != "torus" or self.axis not in ("h", "v")):
            raise RuleError("only a torus can have a shift, on its horizontal ('h') or vertical ('v') edges")
        if self.shift and not (self.width and self.height):
            raise RuleError("a torus with an infinite dimension cannot have a shift")
        if self.kind in ("bounded", "cross", "sphere") or (self.kind == "torus" and not self.shift):
            object.__setattr__(self, "axis", "")
        if self.kind in ("torus", "bounded") and self.width == 0 and self.height == 0:
            # Golly treats :T0,0 and :P0,0 as the unbounded plane.
            object.__setattr__(self, "kind", "plane")

    @property
    def x0(self) -> int:
        """Left edge of the grid (absolute x of column 0)."""
        return -(self.width // 2)

    @property
    def y0(self) -> int:
        """Top edge of the grid (absolute y of row 0)."""
        return -(self.height // 2)

    @property
    def is_finite(self) -> bool:
        """True when both dimensions are bounded (a grid of fixed size)."""
        return self.kind != "plane" and self.width > 0 and self.height > 0

    @property
    def is_glued(self) -> bool:
        """True for the grids whose edges are joined other than as a plain torus: a shifted torus, a Klein
        bottle, a cross-surface, a sphere (engines that only wrap or only have dead borders refuse these)."""
        return self.kind in ("klein", "cross", "sphere") or bool(self.shift)

    @classmethod
    def parse(cls, text: str) -> "Topology":
        """Parse ``plane``, ``torus:WxH``, ``bounded:WxH`` (also ``torus:W,H``) or a Golly suffix such as
        ``T30+7,20``, ``K40*,20``, ``C40,20``, ``S30`` (with or without the leading ``:``). Raises RuleError."""
        t = "".join(text.split()).lower()
        if t in ("plane", "infinite", "unbounded"):
            return cls("plane")
        m = re.fullmatch(r"(torus|bounded)\s*:\s*(\d+)\s*[x,]\s*(\d+)", t)
        if m:
            return cls(m.group(1), int(m.group(2)), int(m.group(3)))
        topo = _parse_suffix(t.removeprefix(":"), text)
        if topo is None:
            raise RuleError(f"bad topology {text!r}: expected plane, torus:WxH, bounded:WxH or a Golly grid such "
                            "as T30+7,20, K40*,20, C40,20, S30")
        return topo

    def suffix(self) -> str:
        """Golly's rule suffix for this topology (``":T100,80"``, ``":K40*,20"``), or ``""`` for the plane."""
        if self.kind == "plane":
            return ""
        if self.kind == "sphere":
            return f":S{self.width}"
        w, h = str(self.width), str(self.height)
        if self.kind == "klein":
            w, h = (w + "*", h) if self.axis == "h" else (w, h + "*")
        elif self.shift:
            shift = f"{self.shift:+d}"
            w, h = (w + shift, h) if self.axis == "h" else (w, h + shift)
        return f":{_LETTER_OF[self.kind]}{w},{h}"

    def __str__(self) -> str:
        if self.kind == "plane":
            return "plane"
        if self.kind in ("torus", "bounded") and not self.shift:
            return f"{self.kind}:{self.width}x{self.height}"
        return self.suffix()[1:]


_GRID = re.compile(r"(?P<k>[tpkcs])(?P<w>[0-9]+)(?P<ws>\*)?(?P<wp>[+-][0-9]+)?"
                   r"(?:,(?P<h>[0-9]+)(?P<hs>\*)?(?P<hp>[+-][0-9]+)?)?")


def _parse_suffix(suf: str, raw: str):
    """The Topology of a Golly bounded-grid suffix (without the ``:``), or None when it does not look like one."""
    m = _GRID.fullmatch(suf)
    if not m:
        return None
    k = m.group("k")
    w = int(m.group("w"))
    h = int(m.group("h")) if m.group("h") is not None else w
    stars = (m.group("ws") is not None, m.group("hs") is not None)
    shifts = (m.group("wp"), m.group("hp"))
    if k != "k" and any(stars):
        raise RuleError(f"bad rule {raw!r}: only a Klein bottle (:K) has a twisted edge marked with *")
    if k == "k" and all(stars):
        raise RuleError(f"bad rule {raw!r}: a Klein bottle twists one pair of edges; both twisted is :C")
    if k == "k" and not any(stars):
        stars = (False, True)  # as Golly: the vertical edges twist unless the width is marked
    if k == "k" and any(shifts):
        raise RuleError(f"bad rule {raw!r}: Klein bottles with a shifted edge are not supported")
    if any(shifts) and k != "t":
        raise RuleError(f"bad rule {raw!r}: only a torus (:T) has a shifted edge (+n)")
    if all(shifts):
        raise RuleError(f"bad rule {raw!r}: a torus can shift its horizontal or its vertical edges, not both")
    if k == "s" and m.group("h") is not None:
        raise RuleError(f"bad rule {raw!r}: a sphere has one size, as in :S30")
    kind = {"t": "torus", "p": "bounded", "k": "klein", "c": "cross", "s": "sphere"}[k]
    shift = int(shifts[0] or shifts[1] or 0)
    axis = ("h" if stars[0] else "v") if k == "k" else ("h" if shifts[0] else "v" if shifts[1] else "")
    try:
        return Topology(kind, w, h, shift, axis)
    except RuleError as e:
        raise RuleError(f"bad rule {raw!r}: {e}") from None


# one B or S part: counts, each optionally followed by Hensel letters or by "-" and the letters it leaves out
_PART = r"(?:[0-9](?:-?[aceijknqrtwyz]+)?)*"
_BS = re.compile(rf"b(?P<b>{_PART})[/_]?s(?P<s>{_PART})(?P<n>[hv]?)")
_SB = re.compile(rf"s(?P<s>{_PART})[/_]?b(?P<b>{_PART})(?P<n>[hv]?)")
_OLD = re.compile(rf"(?P<s>{_PART})/(?P<b>{_PART})(?P<n>[hv]?)")
_MAX_COUNT = {"M": 8, "H": 6, "V": 4}
_NAMES = {"M": "Moore", "H": "hexagonal", "V": "von Neumann"}


def _conditions(part: str, what: str, text: str, nbhd: str):
    """(full counts, partial count letters) of one B or S part such as ``2-a34q``."""
    full, letters, seen = set(), set(), set()
    for m in re.finditer(r"([0-9])(-?)([aceijknqrtwyz]*)", part):
        n, neg, chars = int(m.group(1)), m.group(2), m.group(3)
        if n > _MAX_COUNT[nbhd]:
            raise RuleError(f"bad rule {text!r}: {n} is not a neighbour count (0-{_MAX_COUNT[nbhd]}) in the "
                            f"{what} part" + ("" if nbhd == "M" else f" of a {_NAMES[nbhd]} rule"))
        if n in seen:
            raise RuleError(f"bad rule {text!r}: {n} appears twice in the {what} part")
        seen.add(n)
        if not chars:
            full.add(n)
            continue
        if nbhd != "M":
            raise RuleError(f"bad rule {text!r}: Hensel letters need the Moore neighbourhood, not "
                            f"{_NAMES[nbhd]}")
        valid = LETTERS[n]
        for ch in chars:
            if ch not in valid:
                hint = f"count {n} takes {', '.join(valid)}" if valid else f"count {n} takes no letters"
                raise RuleError(f"bad rule {text!r}: {ch!r} is not a Hensel letter after {n} in the {what} "
                                f"part ({hint})")
        if len(set(chars)) != len(chars):
            raise RuleError(f"bad rule {text!r}: a letter repeats after {n} in the {what} part")
        keep = set(valid) - set(chars) if neg else set(chars)
        letters.update(f"{n}{ch}" for ch in keep)
    return frozenset(full), frozenset(letters)


def _refuse_family(t: str, raw: str) -> None:
    """RuleError naming the family for Generations and Larger than Life rules, which are not supported."""
    if re.fullmatch(r"r[0-9]+,.*", t) or re.fullmatch(r"([0-9]+,){4,}[0-9]+", t):
        raise RuleError(f"bad rule {raw!r}: Larger than Life rules are not supported (two-state Life-like and "
                        "isotropic rules only)")
    if re.fullmatch(r"(?:b?[0-9a-z-]*/s?[0-9a-z-]*|s?[0-9a-z-]*/b?[0-9a-z-]*)/[cg]?[0-9]+[hv]?", t) \
            or re.fullmatch(r"g[0-9]+/.*|.*/c[0-9]+[hv]?", t):
        raise RuleError(f"bad rule {raw!r}: Generations rules (more than two states) are not supported "
                        "(two-state Life-like and isotropic rules only)")


def _spell(full: frozenset, letters: frozenset) -> str:
    """Golly's canonical spelling of one part: a count alone when every configuration is in, else its letters
    in alphabetical order, or ``-`` and the letters left out when that is shorter."""
    out = []
    for n in range(9):
        if n in full:
            out.append(str(n))
            continue
        have = sorted(ch for ch in LETTERS[n] if f"{n}{ch}" in letters)
        if not have:
            continue
        if 2 * len(have) > len(LETTERS[n]) + 1:
            out.append(f"{n}-" + "".join(ch for ch in LETTERS[n] if ch not in have))
        else:
            out.append(f"{n}" + "".join(have))
    return "".join(out)


@dataclass(frozen=True)
class Rule:
    """A two-state rule on the 3×3 neighbourhood, optionally with a bounded-grid topology.

    ``birth`` and ``survival`` are frozensets of neighbour counts every configuration of which gives birth or
    keeps a cell alive; ``birth_letters``/``survival_letters`` add single isotropic configurations of other
    counts as Hensel strings (``"2a"``, ``"4q"``), for isotropic non-totalistic rules. ``neighbourhood`` is
    ``"M"`` (Moore), ``"H"`` (Golly's hexagonal) or ``"V"`` (von Neumann). ``topology`` is ``None`` when the rule
    string had no suffix (the caller or ``make_universe`` chooses), else the Topology the suffix names.
    """

    birth: frozenset = frozenset({3})
    survival: frozenset = frozenset({2, 3})
    topology: Topology | None = None
    birth_letters: frozenset = frozenset()
    survival_letters: frozenset = frozenset()
    neighbourhood: str = "M"

    def __post_init__(self):
        if self.neighbourhood not in _MAX_COUNT:
            raise RuleError(f"unknown neighbourhood {self.neighbourhood!r}: expected M, H or V")
        top = _MAX_COUNT[self.neighbourhood]
        for name in ("birth", "survival"):
            full = frozenset(int(n) for n in getattr(self, name))
            for n in full:
                if not 0 <= n <= top:
                    raise RuleError(f"{n} is not a neighbour count (0-{top})")
            letters = set()
            for item in getattr(self, name + "_letters"):
                if not (isinstance(item, str) and len(item) == 2 and item[0].isdigit()
                        and item[1] in LETTERS[int(item[0])] and self.neighbourhood == "M"):
                    raise RuleError(f"{item!r} is not a Hensel condition such as '2a' of a Moore rule")
                if int(item[0]) not in full:
                    letters.add(item)
            # a count with every letter is a plain count
            for n in range(9):
                every = {f"{n}{ch}" for ch in LETTERS[n]}
                if every and every <= letters:
                    letters -= every
                    full |= {n}
            object.__setattr__(self, name, full)
            object.__setattr__(self, name + "_letters", frozenset(letters))
        if self.topology is not None and self.topology.kind == "plane":
            object.__setattr__(self, "topology", None)  # the plane is the default: no suffix

    @classmethod
    def parse(cls, text: str) -> "Rule":
        """Parse a rule string; raises RuleError naming what is wrong.

        Accepts B/S (``B3/S23``, ``B3_S23``, ``B3S23``), S/B (``S23/B3``) and the old ``23/3``, in any case;
        Hensel letters (``B2-a/S12``, ``B2cek3i/S12cei``); a trailing ``H`` or ``V`` neighbourhood (totalistic
        only, as in Golly); and the bounded-grid suffixes ``:Tw,h`` and ``:Pw,h``."""
        if not isinstance(text, str):
            raise RuleError(f"a rule must be a string, not {type(text).__name__}")
        raw = text
        t = "".join(text.split()).lower()
        if not t:
            raise RuleError("empty rule string")
        topology = None
        if ":" in t:
            t, _, suf = t.partition(":")
            topology = _parse_suffix(suf, raw)
            if topology is None:
                raise RuleError(f"bad rule {raw!r}: a bounded-grid suffix looks like :T100,80, :P100,80, "
                                ":T30+7,20, :K40*,20, :C40,20 or :S30")
        if t in ("life", "conway", "conwaylife"):
            return cls(frozenset({3}), frozenset({2, 3}), topology)
        for pattern in (_BS, _SB, _OLD):
            m = pattern.fullmatch(t)
            if m:
                nbhd = m.group("n").upper() or "M"
                b, bl = _conditions(m.group("b"), "birth", raw, nbhd)
                s, sl = _conditions(m.group("s"), "survival", raw, nbhd)
                return cls(b, s, topology, bl, sl, nbhd)
        _refuse_family(t, raw)
        for ch in t:
            if ch in "9":
                raise RuleError(f"bad rule {raw!r}: {ch} is not a neighbour count (0-8)")
        raise RuleError(f"bad rule {raw!r}: expected B/S notation such as B3/S23 or B2-a/S12 (or S/B such as "
                        "23/3)")

    @property
    def bs(self) -> str:
        """The canonical rule without any grid suffix, as Golly writes it: ``B36/S23``, ``B2-a/S12``,
        ``B2/S34H``."""
        n = "" if self.neighbourhood == "M" else self.neighbourhood
        return f"B{_spell(self.birth, self.birth_letters)}/S{_spell(self.survival, self.survival_letters)}{n}"

    @property
    def sb(self) -> str:
        """The old S/B form, e.g. ``23/36`` (used by Life 1.06 ``#R`` lines), letters and H/V included."""
        n = "" if self.neighbourhood == "M" else self.neighbourhood
        return f"{_spell(self.survival, self.survival_letters)}/{_spell(self.birth, self.birth_letters)}{n}"

    @property
    def is_life_like(self) -> bool:
        """True for an outer-totalistic rule on the Moore neighbourhood (no letters, not H or V)."""
        return self.neighbourhood == "M" and not self.birth_letters and not self.survival_letters

    @property
    def birth_mask(self) -> int:
        """Bit k set when k neighbours give birth (Life-like rules only; others raise RuleError)."""
        self._need_life_like()
        return sum(1 << n for n in self.birth)

    @property
    def survival_mask(self) -> int:
        """Bit k set when k neighbours keep a cell alive (Life-like rules only; others raise RuleError)."""
        self._need_life_like()
        return sum(1 << n for n in self.survival)

    def _need_life_like(self):
        if not self.is_life_like:
            raise RuleError(f"rule {self.bs} is not outer-totalistic on the Moore neighbourhood; "
                            "only its lookup table describes it")

    @cached_property
    def table(self) -> np.ndarray:
        """Read-only bool[512]: the next state for each 9-bit neighbourhood index (see ``life.neighbourhoods``)."""
        birth = {(n, "") for n in self.birth} | {(int(c[0]), c[1]) for c in self.birth_letters}
        survival = {(n, "") for n in self.survival} | {(int(c[0]), c[1]) for c in self.survival_letters}
        return rule_table(birth, survival, self.neighbourhood)

    @property
    def has_b0(self) -> bool:
        """True when dead cells with no live neighbour are born (the background flips)."""
        return 0 in self.birth

    def complemented(self, inputs: bool, outputs: bool) -> "Rule":
        """The rule that runs on complemented cells: with ``inputs`` it reads the complement of the real state,
        with ``outputs`` it writes the complement of the real next state. Used to emulate B0 rules on the plane,
        where the stored state is the complement of the real one whenever the infinite background is alive."""
        top = _MAX_COUNT[self.neighbourhood]

        def expand(full, letters):
            return ({(n, ch) for n in full for ch in (LETTERS[n] if self.neighbourhood == "M" else "") or [""]}
                    | {(int(c[0]), c[1]) for c in letters})

        def flip(cond):
            n, ch = cond
            if not ch:
                return top - n, ""
            return classify(0xFF ^ configurations(n, ch)[0])

        every = expand(range(top + 1), ())
        birth, survival = expand(self.birth, self.birth_letters), expand(self.survival, self.survival_letters)
        if inputs:  # a stored dead cell is really alive, and its neighbourhood is the complement
            birth, survival = {c for c in every if flip(c) in survival}, {c for c in every if flip(c) in birth}
        if outputs:
            birth, survival = every - birth, every - survival

        def split(conds):
            return {n for n, ch in conds if not ch}, {f"{n}{ch}" for n, ch in conds if ch}

        (b, bl), (sv, sl) = split(birth), split(survival)
        return Rule(b, sv, self.topology, frozenset(bl), frozenset(sl), self.neighbourhood)

    def with_topology(self, topology: Topology | None) -> "Rule":
        """The same rule with another topology (``None`` drops the suffix)."""
        return replace(self, topology=topology)

    def __str__(self) -> str:
        return self.bs + (self.topology.suffix() if self.topology else "")


LIFE = Rule()
