"""The guided tour of emergence (``life demo``, ``T`` in the window): its chapters and pages, without pygame.

A tour is a list of pages, each belonging to one of seven chapters. Building a page (``build_scene``) gives a
``Scene``: a live universe, its caption in the chosen language, the cells to keep in view, how fast it runs and
for how long autoplay shows it, and ``notes(universe)``: what to draw on top at the universe's current generation
(labels around objects found by the census classifier, live counters, a chart). Both the window
(``life.ui.demo_window``) and the headless GIF renderer (``life.ui.demo_gif``) drive the same scenes.

Numbers come from real runs: the R-pentomino's settling time and ash, glider counts and populations are computed
live; the soup-size abilities of chapters 5 and 6 come from ``data/emerge-sweep.json``, written by the
``life emerge`` command stored in it (``sweep_command()``).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..engines import make_universe
from ..pattern import Pattern
from ..rules import LIFE
from ..soup import SoupSpec, make_soup
from .demo_text import LANGUAGES, power, tr
from .text import fmt_int

__all__ = ["CHAPTERS", "PAGES", "Label", "Chart", "Notes", "Scene", "Tour", "build_scene", "chapter_list",
           "first_page", "sweep", "sweep_command", "expected_count", "DemoError"]

CHAPTERS = 7
SWEEP_FILE = Path(__file__).with_name("data") / "emerge-sweep.json"
_NAMES = {"xs4_33": ("block", "bloque"), "xs6_696": ("beehive", "colmena"), "xp2_7": ("blinker", "parpadeador"),
          "xs7_2596": ("loaf", "hogaza"), "xs5_253": ("boat", "bote"), "xs6_356": ("ship", "barco"),
          "xq4_153": ("glider", "planeador"), "xs4_252": ("tub", "bañera")}


class DemoError(ValueError):
    """A tour that cannot be shown as asked (unknown chapter or language, unreadable sweep data)."""


@dataclass(frozen=True)
class Label:
    """A box around cells ``x0..x1``, ``y0..y1`` (inclusive) with an optional ``text``; ``kind`` picks its colour
    (``still``, ``oscillator``, ``spaceship``, ``note``)."""

    x0: int
    y0: int
    x1: int
    y1: int
    text: str = ""
    kind: str = "note"


@dataclass(frozen=True)
class Chart:
    """A chart against soup area (log x): ``series`` of (label, xs, ys, kind); ``log_y`` for log-log axes;
    ``line``: an optional dashed reference (label, xs, ys); ``ylabel`` and ``footnote`` texts."""

    series: tuple
    ylabel: str
    xlabel: str
    footnote: str
    log_y: bool = False
    line: tuple | None = None


@dataclass(frozen=True)
class Notes:
    """What is drawn over a scene's universe: ``labels``, ``counters`` (text lines, top right), ``legend``
    ((kind, text) rows) and ``chart``."""

    labels: tuple = ()
    counters: tuple = ()
    legend: tuple = ()
    chart: Chart | None = None


@dataclass
class Scene:
    """One page of the tour, built (see the module docstring). ``rate``: generations per second; ``doubling``:
    instead, the universe's age doubles ``rate`` times a second (a HashLife jump); 0: the page starts paused;
    ``seconds``: autoplay time."""

    key: str
    chapter: int
    lang: str
    universe: object
    title: str
    caption: str
    box: tuple
    rate: float
    seconds: float
    doubling: bool = False
    annotate: object = None  # callable(universe) -> Notes
    start: int = field(default=0, init=False)

    def __post_init__(self):
        self.start = self.universe.generation

    def notes(self, universe=None) -> Notes:
        """The overlay for ``universe`` (default: the scene's own) at its current generation."""
        u = self.universe if universe is None else universe
        return self.annotate(u) if self.annotate is not None else Notes()

    def target(self, elapsed: float) -> int:
        """The generation the scene should show ``elapsed`` seconds after it started."""
        if self.doubling:
            return self.start * 2 ** int(elapsed * self.rate)
        return self.start + int(self.rate * elapsed)


# ---------------------------------------------------------------------------------------------- shared helpers
def _counters(u, lang):
    return (f"{tr(lang, 'generation')} {fmt_int(u.generation, lang)}",
            f"{tr(lang, 'population')} {fmt_int(u.population, lang)}")


def _pct(frac, lang) -> str:
    p = 100 * frac
    s = f"{p:.0f} %" if p >= 10 or p == 0 else f"{p:.1f} %"
    return s.replace(".", ",") if lang == "es" else s.replace(" %", "%")


def _classified(u, classifier):
    """[(box, ClusterInfo)] for the clusters of ``u``'s live cells."""
    from ..census.objects import clusters

    cells = u.cells()
    order, starts, boxes, keys = clusters(cells)
    return [(tuple(int(v) for v in boxes[i]), classifier.analyse(cells[order[starts[i]:starts[i + 1]]]))
            for i in range(len(keys))]


@functools.lru_cache(maxsize=1)
def _classifier():
    from ..census.objects import Classifier

    return Classifier(LIFE)


def _name(info, lang) -> str:
    code = info.objects[0].apgcode if len(info.objects) == 1 else None
    names = _NAMES.get(code)
    if names is not None:
        return names[LANGUAGES.index(lang)]
    return tr(lang, info.kind if info.kind in ("still", "oscillator", "spaceship") else "still")


def _library(name) -> Pattern:
    from ..library import load

    return load(name)


# ---------------------------------------------------------------------------------------------- the sweep data
@functools.lru_cache(maxsize=1)
def sweep() -> dict:
    """The shipped ``life emerge`` result (a dict as ``life.census.emerge.sweep`` returns, plus ``command``).
    Raises DemoError when the file is missing or unreadable."""
    try:
        data = json.loads(SWEEP_FILE.read_text(encoding="utf-8"))
        data["sizes"] = [r for r in data["sizes"] if r["soups"] > 0]
        for r in data["sizes"]:  # a sweep saved by today's life emerge names its abilities in full
            for short, full in _FULL_NAMES.items():
                if short not in r["abilities"] and full in r["abilities"]:
                    r["abilities"][short] = r["abilities"][full]
    except (OSError, ValueError, KeyError) as e:
        raise DemoError(f"cannot read the tour's sweep data {SWEEP_FILE}: {e}") from None
    return data


def sweep_command() -> str:
    """The ``life emerge`` command line that wrote the shipped sweep."""
    return sweep()["command"]


def _sweep_row(side: int) -> dict:
    for r in sweep()["sizes"]:
        if r["size"] == side:
            return r
    raise DemoError(f"the shipped sweep has no {side}x{side} soups")


_FULL_NAMES = {"ship": "other_spaceship", "osc3": "oscillator_p3plus", "long": "lives_1000"}
_ABILITIES = (("glider", "ab_glider"), ("ship", "ab_ship"), ("osc3", "ab_osc3"), ("long", "ab_long"))


def expected_count(fraction: float) -> float | None:
    """Expected number of events per soup when each cell adds an independent small chance (Poisson):
    ``-ln(1 - fraction)``; None when the fraction is 0 or 1 (no finite estimate)."""
    if fraction is None or fraction <= 0 or fraction >= 1:
        return None
    return -math.log1p(-fraction)


def _chart(lang: str, expected: bool) -> Chart:
    rows = sweep()["sizes"]
    total = sum(r["soups"] for r in rows)
    series = []
    for name, key in _ABILITIES:
        if expected and name == "long":
            continue  # a lifetime is not a count of objects
        xs, ys = [], []
        for r in rows:
            f = r["abilities"][name]["fraction"]
            y = expected_count(f) if expected else f
            if y is not None:
                xs.append(r["area"])
                ys.append(y)
        series.append((tr(lang, key), tuple(xs), tuple(ys), name))
    line = None
    if expected:
        # rate per cell of the rare abilities, fitted with the slope fixed at 1 (count proportional to area)
        logs = [math.log(y) - math.log(x) for _, xs, ys, name in series if name != "glider"
                for x, y in zip(xs, ys, strict=True)]
        rate = math.exp(sum(logs) / len(logs))
        xs = (rows[0]["area"], rows[-1]["area"])
        line = (tr(lang, "fit"), xs, tuple(rate * x for x in xs))
    foot = tr(lang, "source_mirage") if expected else tr(lang, "source", total=fmt_int(total, lang),
                                                           command=sweep_command())
    return Chart(tuple(series), tr(lang, "axis_expected" if expected else "axis_fraction"), tr(lang, "axis_area"),
                 foot, log_y=expected, line=line)


# ---------------------------------------------------------------------------------------------- the pages
def _rules(lang):
    shapes = {"lonely": (["O"], 0), "birth": (["OO", ".O"], 16), "blinker": (["OOO"], 32),
              "crowded": ([".O.", "OOO", ".O."], 50)}
    cells, labels = [], []
    for key, (rows, x) in shapes.items():
        for y, row in enumerate(rows):
            cells += [(x + i, y) for i, ch in enumerate(row) if ch == "O"]
        labels.append(Label(x - 3, -5, x + 5, 7, tr(lang, key)))
    u = make_universe(Pattern(np.array(cells, dtype=np.int64), rule=LIFE), "plane")
    return dict(universe=u, box=(-6, -8, 66, 20), rate=1.5, seconds=9,
                annotate=lambda v: Notes(labels=tuple(labels), counters=_counters(v, lang)))


def _glider(lang):
    base = _library("glider").cells
    parts = []
    for phase in range(4):
        g = make_universe(Pattern(base, rule=LIFE), "plane")
        g.step(phase)
        parts.append(g.cells() + np.array([12 * phase, 0]))
    u = make_universe(Pattern(np.concatenate(parts), rule=LIFE), "plane")

    def notes(v):
        found = sorted(_classified(v, _classifier()), key=lambda bi: bi[0][0])
        labels = tuple(Label(b[0], b[1], b[2], b[3], tr(lang, "phase", n=(v.generation + i) % 4 + 1),
                             "spaceship") for i, (b, _) in enumerate(found))
        return Notes(labels=labels, counters=_counters(v, lang))

    return dict(universe=u, box=(-4, -6, 50, 22), rate=4, seconds=9, annotate=notes)


@functools.lru_cache(maxsize=1)
def _r_pentomino_outcome():
    from ..census.stabilise import stabilise

    return stabilise(_library("r-pentomino"))


def _chaos(lang):
    out = _r_pentomino_outcome()
    gliders = sum(1 for o in out.objects if o.kind == "spaceship")
    u = make_universe(_library("r-pentomino"), "plane")
    return dict(universe=u, box=(-60, -40, 130, 90), rate=60, seconds=19,
                caption_fields={"settled": out.settled_at + 1, "gliders": gliders},
                annotate=lambda v: Notes(counters=_counters(v, lang)))


def _ash(lang):
    out = _r_pentomino_outcome()
    kinds = {"still": 0, "oscillator": 0, "spaceship": 0}
    for o in out.objects:
        kinds[o.kind] += 1
    u = make_universe(_library("r-pentomino"), "plane")
    u.step(out.generation)

    def notes(v):
        labels = tuple(Label(*b, _name(info, lang), info.kind) for b, info in _classified(v, _classifier())
                       if info.kind != "active")
        legend = tuple((k, f"{tr(lang, k)}: {n}") for k, n in kinds.items())
        return Notes(labels=labels, counters=_counters(v, lang), legend=legend)

    return dict(universe=u, box=(-45, -20, 118, 56), rate=8, seconds=10, annotate=notes,
                caption_fields={"still": kinds["still"], "osc": kinds["oscillator"], "gliders": kinds["spaceship"]})


def _gun(lang):
    u = make_universe(_library("gosper-glider-gun"), "plane")

    def notes(v):
        found = _classified(v, _classifier())
        ships = [b for b, info in found if info.kind == "spaceship"]
        labels = tuple(Label(*b, "", "spaceship") for b in ships)
        return Notes(labels=labels, counters=(*_counters(v, lang), f"{tr(lang, 'gliders_made')} {len(ships)}"))

    return dict(universe=u, box=(-2, -2, 100, 70), rate=30, seconds=10, annotate=notes)


def _hashlife(lang):
    u = make_universe(_library("gosper-glider-gun"), algo="hashlife")
    u.step(1024)

    def notes(v):
        g = max(1, v.generation)
        sign = "=" if g & (g - 1) == 0 else "≈"
        return Notes(counters=(*_counters(v, lang), f"{sign} {power(2, round(math.log2(g)))}"))

    return dict(universe=u, box=None, rate=3, seconds=12, doubling=True, annotate=notes)


@functools.lru_cache(maxsize=8)
def _soup_outcome(spec: SoupSpec) -> dict:
    """What the census finds when the soup ``spec`` settles: its lifetime and the counts the sweep tallies."""
    from ..census.objects import GLIDER
    from ..census.stabilise import stabilise

    out = stabilise(make_soup(spec))
    objs = out.objects
    return {"settled": out.settled, "at": out.settled_at if out.settled else out.generation,
            "glider": sum(o.apgcode == GLIDER for o in objs),
            "ship": sum(o.kind == "spaceship" and o.apgcode != GLIDER for o in objs),
            "osc3": sum(o.kind == "oscillator" and o.period >= 3 for o in objs)}


def _soup(side, rate, seconds):
    def build(lang):
        row = _sweep_row(side)
        spec = SoupSpec(side, side, 0.5, 7)
        u = make_universe(make_soup(spec), "plane")
        fate = _soup_outcome(spec)
        lines = [tr(lang, "this_soup" if fate["settled"] else "this_soup_unsettled", gen=fmt_int(fate["at"], lang))]
        lines += [f"  {tr(lang, 'n_' + name)}: {fmt_int(fate[name], lang)}" for name, _ in _ABILITIES if name != "long"]
        lines.append(tr(lang, "sweep_of", n=fmt_int(row["soups"], lang), side=side))
        lines += [f"  {tr(lang, k)}: {_pct(row['abilities'][n]['fraction'], lang)}" for n, k in _ABILITIES]
        fields = {n: _pct(row["abilities"][n]["fraction"], lang) for n, _ in _ABILITIES}
        m = max(side // 2, 24)  # room for the soup to spread
        return dict(universe=u, box=(-side // 2 - m, -side // 2 - m, side + 2 * m, side + 2 * m), rate=rate,
                    seconds=seconds, caption_fields={"side": side, **fields},
                    annotate=lambda v: Notes(counters=(*_counters(v, lang), *lines)))

    return build


def _chart_page(expected):
    def build(lang):
        u = make_universe(make_soup(SoupSpec(256, 256, 0.5, 11)), "plane")
        chart = _chart(lang, expected)
        return dict(universe=u, box=(-160, -160, 320, 320), rate=30, seconds=14,
                    annotate=lambda v: Notes(chart=chart))

    return build


def _your_turn(lang):
    u = make_universe(Pattern(rule=LIFE), "plane")
    return dict(universe=u, box=(-40, -25, 80, 50), rate=0, seconds=10)  # paused: the reader draws first


#: (chapter, caption key, builder(lang) -> dict of Scene fields), in tour order.
PAGES = (
    (1, "rules", _rules),
    (2, "glider", _glider),
    (3, "chaos", _chaos),
    (3, "ash", _ash),
    (4, "gun", _gun),
    (4, "hashlife", _hashlife),
    (5, "soup_small", _soup(16, 15, 7)),
    (5, "soup_medium", _soup(64, 30, 7)),
    (5, "soup_large", _soup(256, 60, 8)),
    (5, "soup_huge", _soup(1024, 120, 8)),
    (5, "emerge", _chart_page(False)),
    (6, "mirage", _chart_page(True)),
    (7, "your_turn", _your_turn),
)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise DemoError(f"unknown language {lang!r}: choose from {', '.join(LANGUAGES)}")


def build_scene(index: int, lang: str = "en") -> Scene:
    """Build page ``index`` (0-based, into PAGES) in ``lang``. Raises DemoError."""
    _check_lang(lang)
    if not 0 <= index < len(PAGES):
        raise DemoError(f"no page {index}: the tour has {len(PAGES)}")
    chapter, key, builder = PAGES[index]
    spec = builder(lang)
    fields = spec.pop("caption_fields", {})
    return Scene(key=key, chapter=chapter, lang=lang, title=tr(lang, f"chapter_{chapter}"),
                 caption=tr(lang, key, **fields), **spec)


def chapter_list(lang: str = "en") -> list:
    """[(chapter number, title)] in ``lang``. Raises DemoError for an unknown language."""
    _check_lang(lang)
    return [(n, tr(lang, f"chapter_{n}")) for n in range(1, CHAPTERS + 1)]


def first_page(chapter: int) -> int:
    """Index into PAGES of ``chapter``'s first page. Raises DemoError."""
    for i, (c, _, _) in enumerate(PAGES):
        if c == chapter:
            return i
    raise DemoError(f"no chapter {chapter}: the tour has chapters 1 to {CHAPTERS}")


class Tour:
    """Where a reader is in the tour: the page index, moved by ``next``/``back`` (each returns False at the ends),
    and autoplay's clock (``tick(seconds)`` returns True when the page's time is up and it moved on)."""

    def __init__(self, lang: str = "en", chapter: int = 1, autoplay: bool = False):
        _check_lang(lang)
        self.lang = lang
        self.index = first_page(chapter)
        self.autoplay = autoplay
        self.elapsed = 0.0

    @property
    def chapter(self) -> int:
        return PAGES[self.index][0]

    @property
    def key(self) -> str:
        return PAGES[self.index][1]

    def go(self, index: int) -> bool:
        if not 0 <= index < len(PAGES) or index == self.index:
            return False
        self.index, self.elapsed = index, 0.0
        return True

    def next(self) -> bool:
        return self.go(self.index + 1)

    def back(self) -> bool:
        return self.go(self.index - 1)

    def build(self) -> Scene:
        return build_scene(self.index, self.lang)

    def tick(self, seconds: float, page_seconds: float) -> bool:
        """Autoplay: add ``seconds`` to the page's clock; past ``page_seconds``, go to the next page (after the
        last, the first again: a screen at a talk loops) and return True."""
        self.elapsed += seconds
        if self.autoplay and self.elapsed >= page_seconds:
            return self.next() or self.go(0)
        return False
