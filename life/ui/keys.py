"""The window's key table: one list that both dispatches key presses and writes the help overlay.

Each ``Row`` is one line of the help: what it does (a ``key_*`` message of ``life.ui.text``) and the ways to do it,
``Key`` presses (found by ``find``, which the window dispatches by action name) and mouse ``Gesture`` entries
(done by the window's mouse handling, listed here so the help shows them). A row's keys column is made from the
labels of its entries, so a binding cannot be missing from the help.

``find`` tries the keys in table order and the first match wins, which matters where one press matches two
entries: AltGr+8 types ``[`` on German keyboards and has always meant zoom level 8, so the digits come before
``[ ]``; Shift+1 types ``+`` on Swiss keyboards and means faster, so ``+`` comes before the digits; Ctrl+L (type a rule)
comes before L (the next rule), and Ctrl+Y (redo) before Y (the population graph).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from . import text as T

__all__ = ["Key", "Gesture", "Row", "ROWS", "bindings", "find", "help_rows"]


@dataclass(frozen=True)
class Key:
    """A key press bound to ``action``: one of the pygame key ``codes`` or a typed character in ``chars``, with
    Shift and Ctrl (or Cmd) required (True), refused (False) or either (None). ``label``: the help's name for it,
    in English (``life.ui.text.key_name`` translates it)."""

    action: str
    label: str
    codes: tuple = ()
    chars: tuple = ()
    shift: bool | None = None
    ctrl: bool | None = None

    def matches(self, code: int, char: str, shift: bool, ctrl: bool) -> bool:
        """True when a press of key ``code`` typing ``char`` with these modifiers means this key."""
        return ((code in self.codes or char in self.chars)
                and self.shift in (None, shift) and self.ctrl in (None, ctrl))


@dataclass(frozen=True)
class Gesture:
    """A mouse gesture the help lists beside keys (the window's mouse events do it, not ``find``)."""

    label: str


@dataclass(frozen=True)
class Row:
    """One line of the help: ``what`` (a message id of ``life.ui.text``) and its ``ways`` (Key and Gesture
    entries, in the order the help names them)."""

    what: str
    ways: tuple


_DIGITS = tuple(range(pygame.K_1, pygame.K_8 + 1))
_ARROWS = (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN)

ROWS = (
    Row("key_run", (Key("run", "Enter", (pygame.K_RETURN, pygame.K_KP_ENTER)),
                    Key("run", "Space", (pygame.K_SPACE,)))),
    Row("key_step", (Key("step", "N", (pygame.K_n,)),)),
    Row("key_jump", (Key("jump", "Tab", (pygame.K_TAB,)),)),
    Row("key_speed", (Key("faster", "+", (pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS), ("+",)),
                      Key("slower", "-", (pygame.K_MINUS, pygame.K_KP_MINUS), ("-",)))),
    Row("key_speed_reset", (Key("speed_reset", "0", (pygame.K_0, pygame.K_KP0), ("0",)),)),
    Row("key_zoom_level", (Key("zoom_level", "1-8", _DIGITS, tuple("12345678")),)),
    Row("key_fit", (Key("fit", "F", (pygame.K_f,), shift=False),)),
    Row("key_follow", (Key("follow", "Shift+F", (pygame.K_f,), shift=True),)),
    Row("key_zoom", (Gesture("Wheel"), Key("zoom_out", "[ ]", (pygame.K_LEFTBRACKET,), ("[",)),
                     Key("zoom_in", "[ ]", (pygame.K_RIGHTBRACKET,), ("]",)))),
    Row("key_pan", (Key("pan", "Arrows", _ARROWS), Gesture("right drag"))),
    Row("key_draw", (Gesture("Left click / drag"),)),
    Row("key_erase", (Gesture("Shift + drag"),)),
    Row("key_soup", (Key("soup", "R", (pygame.K_r,), shift=False, ctrl=False),)),
    Row("key_clear", (Key("clear", "C", (pygame.K_c,), ctrl=False),)),
    Row("key_select", (Gesture("Ctrl + drag"), Key("select_all", "Ctrl+A", (pygame.K_a,), ctrl=True))),
    Row("key_copy", (Key("copy", "Ctrl+C", (pygame.K_c,), ctrl=True), Key("cut", "Ctrl+X", (pygame.K_x,), ctrl=True),
                     Key("paste", "Ctrl+V", (pygame.K_v,), ctrl=True))),
    Row("key_rotate", (Key("rotate_cw", ".", (pygame.K_PERIOD,)), Key("rotate_ccw", ",", (pygame.K_COMMA,)))),
    Row("key_flip", (Key("flip_x", "X", (pygame.K_x,), shift=False, ctrl=False),
                     Key("flip_y", "Shift+X", (pygame.K_x,), shift=True, ctrl=False))),
    Row("key_fill", (Key("fill", "Shift+R", (pygame.K_r,), shift=True, ctrl=False),
                     Key("kill", "Delete", (pygame.K_DELETE, pygame.K_BACKSPACE)))),
    Row("key_reset", (Key("reset", "Home", (pygame.K_HOME,)),)),
    Row("key_undo", (Key("undo", "Z", (pygame.K_z,), shift=False),
                     Key("redo", "Shift+Z", (pygame.K_z,), shift=True),
                     Key("redo", "Ctrl+Y", (pygame.K_y,), ctrl=True))),
    Row("key_grid", (Key("grid", "G", (pygame.K_g,)),)),
    Row("key_help", (Key("help", "H", (pygame.K_h,)), Key("help", "?", chars=("?",)),
                     Key("help", "?", (pygame.K_SLASH,), shift=True))),
    Row("key_open", (Key("open", "O", (pygame.K_o,)),)),
    Row("key_save", (Key("save", "S", (pygame.K_s,)),)),
    Row("key_screenshot", (Key("screenshot", "P", (pygame.K_p,), shift=False),)),
    Row("key_screenshot_clean", (Key("screenshot_clean", "Shift+P", (pygame.K_p,), shift=True),)),
    Row("key_info", (Key("info", "I", (pygame.K_i,)),)),
    Row("key_graph", (Key("graph", "Y", (pygame.K_y,), ctrl=False),)),
    Row("key_identify", (Key("identify", "F6", (pygame.K_F6,)),)),
    Row("key_theme", (Key("theme", "B", (pygame.K_b,)),)),
    Row("key_trails", (Key("trails", "D", (pygame.K_d,), ctrl=False),)),
    Row("key_rule_type", (Key("rule_type", "Ctrl+L", (pygame.K_l,), ctrl=True),)),
    Row("key_rule", (Key("rule_next", "L", (pygame.K_l,), shift=False),
                     Key("rule_previous", "Shift+L", (pygame.K_l,), shift=True))),
    Row("key_tour", (Key("tour", "T", (pygame.K_t,)),)),
    Row("key_escape", (Key("escape", "Esc", (pygame.K_ESCAPE,)),)),
)


def bindings() -> list:
    """Every Key of the table, in table order."""
    return [way for row in ROWS for way in row.ways if isinstance(way, Key)]


def find(code: int, char: str, shift: bool, ctrl: bool):
    """The first Key of the table that a press of ``code`` typing ``char`` (with these modifiers) matches, or
    None."""
    for key in bindings():
        if key.matches(code, char, shift, ctrl):
            return key
    return None


def help_rows(lang: str) -> list:
    """[(keys, what they do)] lines of the help overlay in ``lang``, one per row of the table."""
    out = []
    for row in ROWS:
        labels = []
        for way in row.ways:
            label = T.key_name(lang, way.label)
            if label not in labels:
                labels.append(label)
        out.append((" / ".join(labels), T.tr(lang, row.what)))
    return out
