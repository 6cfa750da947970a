"""The bundled pattern library: classic patterns shipped as RLE files with an index.

Each entry has a slug-like ``name`` (``gosper-glider-gun``), a ``title``, a ``category`` (one of
``CATEGORIES``), the ``rule``, a one-line ``description``, the discoverer and year, and where one applies the
``period`` and the ``displacement`` (dx, dy) per period. Names are accepted loosely (``"Gosper glider gun"``,
``gosper_glider_gun.rle``); unknown names raise ``UnknownPatternError`` suggesting close matches.

The files live in ``patterns/`` beside the package in a checkout and in ``life/patterns`` once installed.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .formats._base import PatternError

__all__ = ["Entry", "CATEGORIES", "UnknownPatternError", "patterns_dir", "entries", "names", "get", "find",
           "load", "is_name", "suggest", "normalize"]

#: Categories in the order ``life patterns`` lists them.
CATEGORIES = ("still-life", "oscillator", "spaceship", "gun", "puffer", "rake", "breeder", "methuselah",
              "growth", "replicator")


class UnknownPatternError(PatternError, LookupError):
    """No bundled pattern has the name asked for; the message suggests close matches."""


@dataclass(frozen=True)
class Entry:
    """One bundled pattern as the index describes it.

    ``period`` and ``displacement`` (cells moved per period, x right, y down) are None where they do not apply
    (methuselahs). ``populations`` maps generation -> live cells at that generation (facts the tests check).
    ``window`` is, for guns, puffers, rakes and breeders, the (x, y, w, h) region around the engine that repeats
    with ``period``, moving by ``displacement``, once ``warmup`` generations have passed.
    """

    name: str
    title: str
    category: str
    rule: str
    description: str
    path: Path
    discoverer: str | None = None
    year: int | None = None
    period: int | None = None
    displacement: tuple | None = None
    aliases: tuple = ()
    populations: dict = field(default_factory=dict)
    window: tuple | None = None
    warmup: int = 0


def patterns_dir() -> Path:
    """The folder holding the bundled RLE files and ``index.json``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent / "patterns"):
        if (candidate / "index.json").is_file():
            return candidate
    raise PatternError("the bundled pattern library is missing (no patterns/index.json)", str(here / "patterns"))


def normalize(name: str) -> str:
    """The slug form of ``name``: lower case, apostrophes dropped, other separators as single hyphens."""
    s = str(name).strip().lower()
    for suffix in (".rle", ".gz"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    s = s.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@functools.lru_cache(maxsize=None)
def _index():
    folder = patterns_dir()
    raw = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    out = {}
    for item in raw["patterns"]:
        disp = item.get("displacement")
        window = item.get("window")
        entry = Entry(
            name=item["name"], title=item["title"], category=item["category"], rule=item["rule"],
            description=item["description"], path=folder / item["file"], discoverer=item.get("discoverer"),
            year=item.get("year"), period=item.get("period"),
            displacement=tuple(disp) if disp is not None else None, aliases=tuple(item.get("aliases", ())),
            populations={int(k): int(v) for k, v in item.get("populations", {}).items()},
            window=tuple(window) if window is not None else None, warmup=int(item.get("warmup", 0)))
        out[entry.name] = entry
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[1].category, len(order)), kv[0])))


@functools.lru_cache(maxsize=None)
def _lookup():
    table = {}
    for entry in _index().values():
        for key in (entry.name, normalize(entry.title), *map(normalize, entry.aliases)):
            table.setdefault(key, entry.name)
    return table


def entries(category: str | None = None) -> list:
    """All bundled patterns (Entry objects), by category then name; only ``category`` when given."""
    if category is not None and category not in CATEGORIES:
        raise UnknownPatternError(f"unknown category {category!r}: choose from {', '.join(CATEGORIES)}")
    return [e for e in _index().values() if category is None or e.category == category]


def names() -> list:
    """The names of all bundled patterns."""
    return list(_index())


def is_name(text: str) -> bool:
    """True when ``text`` names a bundled pattern (by name, title or alias)."""
    try:
        return normalize(text) in _lookup()
    except PatternError:
        return False


def suggest(text: str, n: int = 3) -> str | None:
    """Up to ``n`` bundled names close to ``text`` as ``"a, b or c"``, or None."""
    try:
        keys = _lookup()
    except PatternError:
        return None
    close = difflib.get_close_matches(normalize(text), list(keys), n=n * 2, cutoff=0.6)
    found = list(dict.fromkeys(keys[k] for k in close))[:n]
    if not found:
        return None
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]


def get(name: str) -> Entry:
    """The Entry called ``name``. Raises UnknownPatternError (suggesting close matches)."""
    key = _lookup().get(normalize(name))
    if key is None:
        hint = suggest(name)
        raise UnknownPatternError(f"no bundled pattern named {str(name)!r}"
                                  + (f"; did you mean {hint}?" if hint else "; see 'life patterns'"))
    return _index()[key]


def find(name: str) -> Path:
    """The path of the bundled RLE file called ``name``. Raises UnknownPatternError."""
    return get(name).path


def load(name: str, **kw):
    """The bundled pattern called ``name`` as a Pattern (``kw`` go to ``life.formats.read``)."""
    from .formats import read

    return read(find(name), **kw)
