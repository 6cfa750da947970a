"""The text of the window's HUD and side panels (pattern info, Identify), in the window's language.

Functions of an ``App`` (``life.ui.app``) that return lines; ``life.ui.draw`` draws them.
"""

from __future__ import annotations

import math

from . import text as T
from .controller import DELAY_BASE
from .identify import MAX_PERIOD
from .jobs import population_of

__all__ = ["hud_lines", "panel_lines"]


def hud_lines(app) -> list:
    """The HUD's lines of text: generation and population, rule, topology, engine and zoom, speeds and
    state (and the cursor's cell), the help hint."""
    L = app.lang
    u = app.universe
    if u is None:
        return [T.tr(L, "loading", what=app.name or "")]
    gen, pop = app.sim.shown_state  # what the picture shows, not a chunk inside a block
    if pop is None:
        if app._pop_cache[0] != (id(u), app.sim.version) and not app.sim.stepping:
            app._pop_cache = ((id(u), app.sim.version), population_of(u))
        pop = app._pop_cache[1]
    pop_text = "∞" if pop == math.inf else T.fmt_int(pop, L)  # a B0 rule's live infinite background
    speed = app.speed
    speed_text = (f"{T.tr(L, 'step')} 2^{speed}" if speed > 0 else f"{T.tr(L, 'step')} 1") \
        if speed >= 0 else T.tr(L, "delay", ms=round(1000 * DELAY_BASE * 2 ** -speed))
    progress = app.sim.jump_progress()
    if app.running:
        state = T.tr(L, "running")
    elif progress is not None:
        state = T.tr(L, "jumping_to", target=T.fmt_int(progress[1], L))
    else:
        state = T.tr(L, "paused")
    line3 = (f"{app.gens_per_second():,.0f} {T.tr(L, 'gens_per_s')}   {app.frames_per_second():.0f} "
             f"{T.tr(L, 'fps')}   {speed_text}   {state}")
    if L == "es":
        line3 = line3.replace(",", ".")
    if app._mouse is not None and app.prompt is None:
        x, y = app.camera.cell_at(*app._mouse, *app.size)
        line3 += f"   x {x}, y {y}"
    engine = T.tr(L, "engine_auto_jump" if app.sim.auto_jump else "engine", name=u.name,
                  k=app.sim.auto_jump_speed)
    return [f"{T.tr(L, 'generation')} {T.fmt_int(gen, L)}   {T.tr(L, 'population')} {pop_text}",
            f"{T.tr(L, 'rule')} {u.rule.with_topology(None).bs}   {T.tr(L, 'topology')} "
            f"{T.fmt_topology(u.topology, L)}   {engine}   {T.tr(L, 'zoom')} {T.fmt_zoom(app.camera.zoom)}",
            line3, T.tr(L, "help_hint")]


def panel_lines(app) -> tuple:
    """(title, [(label, value)]) of the side panel: the pattern's info (I) or what Identify found (F6)."""
    L, u = app.lang, app.universe
    if app.panel == "info":
        meta = app.sim.meta
        rows = [(T.tr(L, "info_name"), app.name or "-"), (T.tr(L, "info_author"), meta.get("author") or "-"),
                (T.tr(L, "info_rule"), u.rule.bs if u is not None else "-")]
        if meta.get("description"):
            rows.append((T.tr(L, "info_description"), T.library_text(L, meta["description"])))
        described = " ".join((meta.get("description") or "").split())
        comments = [c for c in meta.get("comments", ()) if c.strip() and " ".join(c.split()) not in described]
        rows += [("", c) for c in comments[:12]] or [("", T.tr(L, "info_none"))]
        return T.tr(L, "info_title"), rows
    ident = app.identity
    if ident == "busy" or ident is None:
        return T.tr(L, "identify_title"), [("", T.tr(L, "identifying"))]

    if ident.kind in ("active", "empty"):
        return T.tr(L, "identify_title"), [(T.tr(L, "id_kind"), T.tr(L, f"id_{ident.kind}", n=MAX_PERIOD))]
    rows = [(T.tr(L, "id_kind"), T.tr(L, f"id_{ident.kind}")), (T.tr(L, "id_period"), str(ident.period))]
    if ident.kind == "spaceship":
        rows.append((T.tr(L, "id_speed"), f"{T.speed_text(L, ident.speed)} · "
                     f"{T.tr(L, 'id_moves', dx=ident.dx, dy=ident.dy)}"))
    rows += [(T.tr(L, "id_heat"), f"{ident.heat:.1f}".replace(".", "," if L == "es" else ".")),
             (T.tr(L, "id_population"), T.fmt_int(ident.population, L))]
    rows += [("apgcode", code) for code in ident.apgcodes[:4]]
    return T.tr(L, "identify_title"), rows
