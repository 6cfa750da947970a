"""The ``life demo`` command: the guided tour of emergence, in a window, as a GIF/APNG, or as a list of chapters.

The tour itself lives in ``life.ui.demo`` (chapters, no pygame); ``--gif`` renders it headless
(``life.ui.demo_gif``, Pillow only) and the window runs it through ``life.ui.demo_window``.
"""

from __future__ import annotations

import json
import os
import sys

import click

from .common import LifeCommand, UserError, check_writable, parse_size

__all__ = ["demo"]


@click.command("demo", cls=LifeCommand)
@click.option("--lang", type=click.Choice(["en", "es"]), default=None,
              help="Language of the captions (default: from the locale).")
@click.option("--chapter", type=click.IntRange(1, 7), default=None, metavar="N",
              help="Start at chapter N (1-7); with --gif, render only that chapter.")
@click.option("--autoplay", is_flag=True, help="Turn the pages by themselves, for a screen at a talk.")
@click.option("--gif", "gif", metavar="FILE", help="Render the tour headless to FILE (.gif or .apng) and exit.")
@click.option("--size", default=None, metavar="WxH",
              help="Window size, or frame size for --gif.  [default: 1024x768; 640x360 for --gif]")
@click.option("--fps", type=click.FloatRange(1, 30), default=8.0, show_default=True, help="Frames a second of --gif.")
@click.option("--fullscreen", is_flag=True, help="Open the window full screen.")
@click.option("--list", "list_", is_flag=True, help="Print the chapters' numbers and titles and exit.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print JSON.")
def demo(lang, chapter, autoplay, gif, size, fps, fullscreen, list_, as_json):
    """A guided tour of emergence in seven chapters: three rules, a glider, chaos from five cells, a glider gun
    and a HashLife jump, soups of growing size and what they can do, the "mirage" argument, and an empty board.

    In the window → or Space turns the page, ← goes back, A switches autoplay, Esc leaves; every other key of
    `life view` works too (H lists them). Captions in English or Spanish (--lang).
    """
    from ..ui import text as T
    from ..ui.demo import PAGES, DemoError, chapter_list

    lang = lang or T.default_language()
    if as_json and not list_:
        raise UserError("--json goes with --list")
    if list_:
        rows = chapter_list(lang)
        if as_json:
            out = [{"chapter": n, "title": title, "pages": [k for c, k, _ in PAGES if c == n]} for n, title in rows]
            click.echo(json.dumps({"lang": lang, "chapters": out}, ensure_ascii=False, indent=1))
        else:
            for n, title in rows:
                click.echo(f"{n}  {title}")
        return
    try:
        if gif is not None:
            _write_gif(gif, lang, chapter, size, fps)
        else:
            _window(lang, chapter or 1, autoplay, size, fullscreen)
    except DemoError as e:
        raise UserError(str(e)) from None


def _write_gif(path, lang, chapter, size, fps):
    from ..ui.demo import PAGES
    from ..ui.demo_gif import render_tour

    w, h = parse_size(size or "640x360", minimum=64, expected="WxH in pixels, e.g. 640x360")
    check_writable(path)
    pages = None if chapter is None else [i for i, (c, _, _) in enumerate(PAGES) if c == chapter]

    def progress(index, frames):
        print(f"demo: page {index + 1}/{len(PAGES)}, {frames} frames", file=sys.stderr, flush=True)

    info = render_tour(path, lang, (w, h), fps, pages=pages, progress=progress)
    click.echo(f"wrote {info['path']}: {info['frames']} frames, {info['width']}x{info['height']}, "
               f"{info['pages']} pages")


def _window(lang, chapter, autoplay, size, fullscreen):
    w, h = parse_size(size or "1024x768", minimum=320, expected="WxH in pixels, each at least 320, e.g. 1024x768")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError:
        raise UserError("the window needs pygame-ce: pip install pygame-ce") from None
    from ..ui.app import App

    try:
        app = App(size=(w, h), lang=lang, fullscreen=fullscreen, name="life demo")
    except pygame.error as e:
        raise UserError(f"cannot open a window: {e}") from None
    app.start_tour(chapter, autoplay, standalone=True)
    app.run()
