"""Life-like (outer-totalistic) rules and Golly's bounded-grid suffix.

A rule is the set of neighbour counts that give birth to a dead cell and the set that keep a live cell alive.
``Rule.parse`` accepts ``B3/S23``, ``b3s23``, ``B3/S23`` in any case, the old S/B form ``23/3``, and Golly's
bounded-grid suffixes ``:T w,h`` (torus) and ``:P w,h`` (plane with a dead border), where a 0 dimension is
infinite in that direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import LifeError

__all__ = ["Rule", "RuleError", "Topology", "LIFE"]


class RuleError(LifeError):
    """A rule string that cannot be parsed; the message says what is wrong."""


@dataclass(frozen=True)
class Topology:
    """Where a universe lives.

    ``kind`` is ``"torus"`` (edges wrap), ``"bounded"`` (cells outside are dead forever) or ``"plane"``
    (unbounded). ``width``/``height`` are cell counts; 0 means infinite in that direction (always 0 for the
    plane). The top-left cell of a bounded grid or torus is at (-(width // 2), -(height // 2)), as in Golly.
    """

    kind: str = "plane"
    width: int = 0
    height: int = 0

    def __post_init__(self):
        if self.kind not in ("torus", "bounded", "plane"):
            raise RuleError(f"unknown topology {self.kind!r}: expected torus, bounded or plane")
        if self.width < 0 or self.height < 0:
            raise RuleError(f"grid size {self.width}x{self.height} is negative")
        if self.kind == "plane" and (self.width or self.height):
            raise RuleError("the unbounded plane has no size")
        if self.kind != "plane" and self.width == 0 and self.height == 0:
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
        """True when both dimensions are bounded (a torus or bounded grid of fixed size)."""
        return self.kind != "plane" and self.width > 0 and self.height > 0

    @classmethod
    def parse(cls, text: str) -> "Topology":
        """Parse ``plane``, ``torus:WxH`` or ``bounded:WxH`` (also ``torus:W,H``). Raises RuleError."""
        t = text.strip().lower()
        if t in ("plane", "infinite", "unbounded"):
            return cls("plane")
        m = re.fullmatch(r"(torus|bounded)\s*:\s*(\d+)\s*[x,]\s*(\d+)", t)
        if not m:
            raise RuleError(f"bad topology {text!r}: expected plane, torus:WxH or bounded:WxH")
        return cls(m.group(1), int(m.group(2)), int(m.group(3)))

    def suffix(self) -> str:
        """Golly's rule suffix for this topology (``":T100,80"``), or ``""`` for the plane."""
        if self.kind == "plane":
            return ""
        return f":{'T' if self.kind == 'torus' else 'P'}{self.width},{self.height}"

    def __str__(self) -> str:
        if self.kind == "plane":
            return "plane"
        return f"{self.kind}:{self.width}x{self.height}"


_BS = re.compile(r"b(?P<b>[0-9]*)/?s(?P<s>[0-9]*)")
_SB = re.compile(r"s(?P<s>[0-9]*)/?b(?P<b>[0-9]*)")
_OLD = re.compile(r"(?P<s>[0-9]*)/(?P<b>[0-9]*)")
_SUFFIX = re.compile(r"(?P<k>[tp])\s*(?P<w>[0-9]+)(?:\s*,\s*(?P<h>[0-9]+))?")


def _counts(digits: str, what: str, text: str) -> frozenset:
    out = set()
    for ch in digits:
        if ch not in "0123456789":
            raise RuleError(f"bad rule {text!r}: {ch!r} is not a neighbour count (0-8) in the {what} part")
        n = int(ch)
        if n > 8:
            raise RuleError(f"bad rule {text!r}: {n} is not a neighbour count (0-8) in the {what} part")
        if n in out:
            raise RuleError(f"bad rule {text!r}: {n} appears twice in the {what} part")
        out.add(n)
    return frozenset(out)


@dataclass(frozen=True)
class Rule:
    """An outer-totalistic Life-like rule, optionally with a bounded-grid topology.

    ``birth`` and ``survival`` are frozensets of neighbour counts 0..8. ``topology`` is ``None`` when the rule
    string had no suffix (the caller or ``make_universe`` chooses), else the Topology the suffix names.
    """

    birth: frozenset = frozenset({3})
    survival: frozenset = frozenset({2, 3})
    topology: Topology | None = None

    def __post_init__(self):
        object.__setattr__(self, "birth", frozenset(int(n) for n in self.birth))
        object.__setattr__(self, "survival", frozenset(int(n) for n in self.survival))
        if self.topology is not None and self.topology.kind == "plane":
            object.__setattr__(self, "topology", None)  # the plane is the default: no suffix
        for n in self.birth | self.survival:
            if not 0 <= n <= 8:
                raise RuleError(f"{n} is not a neighbour count (0-8)")

    @classmethod
    def parse(cls, text: str) -> "Rule":
        """Parse a rule string; raises RuleError naming what is wrong."""
        if not isinstance(text, str):
            raise RuleError(f"a rule must be a string, not {type(text).__name__}")
        raw = text
        t = "".join(text.split()).lower()
        if not t:
            raise RuleError("empty rule string")
        topology = None
        if ":" in t:
            t, _, suf = t.partition(":")
            m = _SUFFIX.fullmatch(suf)
            if not m:
                if suf[:1] in ("k", "c", "s"):
                    raise RuleError(f"bad rule {raw!r}: Golly's :{suf[:1].upper()} grids are not supported")
                raise RuleError(f"bad rule {raw!r}: bounded-grid suffix must look like :T100,80 or :P100,80")
            w = int(m.group("w"))
            h = int(m.group("h")) if m.group("h") is not None else w
            topology = Topology("torus" if m.group("k") == "t" else "bounded", w, h)
        if t in ("life", "conway", "conwaylife"):
            return cls(frozenset({3}), frozenset({2, 3}), topology)
        for pattern in (_BS, _SB, _OLD):
            m = pattern.fullmatch(t)
            if m:
                return cls(_counts(m.group("b"), "birth", raw), _counts(m.group("s"), "survival", raw), topology)
        for ch in t:
            if ch in "9":
                raise RuleError(f"bad rule {raw!r}: {ch} is not a neighbour count (0-8)")
        raise RuleError(f"bad rule {raw!r}: expected B/S notation such as B3/S23 (or S/B such as 23/3)")

    @property
    def bs(self) -> str:
        """The B/S part without any suffix, e.g. ``B36/S23``."""
        return "B" + "".join(map(str, sorted(self.birth))) + "/S" + "".join(map(str, sorted(self.survival)))

    @property
    def sb(self) -> str:
        """The old S/B form, e.g. ``23/36`` (used by RLE ``#r`` lines)."""
        return "".join(map(str, sorted(self.survival))) + "/" + "".join(map(str, sorted(self.birth)))

    @property
    def birth_mask(self) -> int:
        """Bit k set when k neighbours give birth."""
        return sum(1 << n for n in self.birth)

    @property
    def survival_mask(self) -> int:
        """Bit k set when k neighbours keep a cell alive."""
        return sum(1 << n for n in self.survival)

    @property
    def has_b0(self) -> bool:
        """True when dead cells with no live neighbour are born (the background flips)."""
        return 0 in self.birth

    def with_topology(self, topology: Topology | None) -> "Rule":
        """The same B/S rule with another topology (``None`` drops the suffix)."""
        return Rule(self.birth, self.survival, topology)

    def __str__(self) -> str:
        return self.bs + (self.topology.suffix() if self.topology else "")


LIFE = Rule()
