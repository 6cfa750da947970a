"""The ``life view`` command: open the interactive window (``life.ui``) on a pattern or a random soup.

Everything the command line can get wrong (pattern, rule, topology, soup, size) is checked before the window opens
and reported as one line with exit status 2.
"""

from __future__ import annotations

import math
import os

import click

from ..engines import make_universe, resolve_topology
from ..pattern import Pattern
from ..render import THEMES, parse_zoom
from ..rules import Rule, Topology
from ..soup import parse_soup
from ..sources import read_soup_id
from .common import PATTERN, LifeCommand, UserError, load_pattern, override_rule, parse_size, universe_options

__all__ = ["view"]


def _zoom_exp(text) -> int:
    z = parse_zoom(text)
    e = math.log2(z)
    if abs(e - round(e)) > 1e-9:
        raise UserError(f"bad --zoom {text!r}: the window zooms by powers of two (… 1/4, 1/2, 1, 2, 4 …)")
    return int(round(e))


@click.command("view", cls=LifeCommand)
@click.argument("pattern", required=False, type=PATTERN)
@click.option("--soup", metavar="WxH[:DENSITY][@SEED]",
              help="Start from a random soup instead of PATTERN (R makes a new one of the same size).")
@click.option("--soup-id", "soup_id", metavar="ID",
              help="Open apgsearch's 16×16 C1 soup ID (a soup id from Catagolue) instead of PATTERN.")
@universe_options
@click.option("--lang", type=click.Choice(["en", "es"]), default=None,
              help="Language of the HUD and help (default: from the locale).")
@click.option("--fullscreen", is_flag=True, help="Open full screen.")
@click.option("--size", "size", default="1024x768", show_default=True, metavar="WxH", help="Window size in pixels.")
@click.option("--zoom", metavar="Z", help="Initial pixels per cell, a power of two (4, 1, 1/8...). Default: fit.")
@click.option("--theme", type=click.Choice(sorted(THEMES)), default="dark", show_default=True,
              help="Colours of the window.")
@click.option("--grid/--no-grid", default=False, show_default=True, help="Start with grid lines shown.")
def view(pattern, soup, soup_id, rule, topology, algo, backend, lang, fullscreen, size, zoom, theme, grid):
    """Open an interactive window on PATTERN (a file or a bundled pattern name) or a random --soup.

    Enter or Space starts and stops, N steps one generation, the mouse draws (shift erases), the wheel zooms;
    press H or ? in the window for every key.
    """
    if pattern is not None and soup is not None:
        raise UserError("give a PATTERN or --soup WxH[:density][@seed], not both")
    if soup_id is not None and (pattern is not None or soup is not None):
        raise UserError("--soup-id replaces PATTERN and --soup: give only one of them")
    new_rule = Rule.parse(rule) if rule else None
    topo = Topology.parse(topology) if topology else None
    size_px = parse_size(size, minimum=64, expected="WxH in pixels, each at least 64, e.g. 1024x768")
    zoom_exp = _zoom_exp(zoom) if zoom else None
    spec = parse_soup(soup) if soup is not None else None
    pat = None
    if spec is not None:
        probe = Pattern(rule=new_rule or Rule())
        if new_rule is not None and new_rule.topology is not None and topo is None:
            topo = new_rule.topology
    else:
        if soup_id is not None:
            pat = read_soup_id(soup_id)
        elif pattern is not None:
            pat = load_pattern(pattern)
        else:
            pat = Pattern(rule=new_rule or Rule(), name="untitled")
        if new_rule is not None:
            pat = override_rule(pat, new_rule)
        probe = pat.replace(cells=[])
    # Catch what make_universe would refuse (B0 on the plane, an engine without this topology...) now, cheaply.
    resolved = resolve_topology(probe, topo)
    make_universe(probe, resolved, algo=algo, backend=backend)
    if pat is not None and resolved.kind == "bounded" and pat.bbox is not None:
        x, y, w, h = pat.bbox
        if x < resolved.x0 or y < resolved.y0 or x + w > resolved.x0 + resolved.width \
                or y + h > resolved.y0 + resolved.height:
            raise UserError(f"the pattern ({w}x{h} at {x},{y}) does not fit the {resolved} grid")
    if spec is not None and resolved.kind == "bounded" and (spec.width > resolved.width
                                                            or spec.height > resolved.height):
        raise UserError(f"the {spec.width}x{spec.height} soup does not fit the {resolved} grid")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame  # noqa: F401
    except ImportError:
        raise UserError("the window needs pygame-ce: pip install pygame-ce") from None
    from ..ui.app import App

    try:
        app = App(pat if spec is None else None, soup=spec, topology=topo, algo=algo, backend=backend, size=size_px,
                  lang=lang, fullscreen=fullscreen, theme=theme, grid=grid, zoom=zoom_exp, rule=new_rule)
    except pygame.error as e:
        raise UserError(f"cannot open a window: {e}") from None
    app.run()
