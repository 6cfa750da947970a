"""Drawing the tour's overlay with Pillow: the caption panel, labelled boxes, live counters, legends and charts.

One RGBA image per frame, transparent where the universe shows through, so the window (which blits it onto its
pygame surface) and the headless GIF renderer draw exactly the same thing. Text uses the bundled DejaVu Sans
(``fonts/``, Bitstream Vera licence: free to redistribute), which has every Spanish letter and sign.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .demo_text import power, tr

__all__ = ["FONT_DIR", "font", "wrap", "caption_layout", "caption_height", "overlay", "KIND_COLORS"]

FONT_DIR = Path(__file__).with_name("fonts")
TEXT = (240, 242, 248, 255)
DIM = (170, 176, 192, 255)
ACCENT = (255, 208, 90, 255)
PANEL = (8, 10, 18, 230)
KIND_COLORS = {"still": (90, 190, 255, 255), "oscillator": (110, 230, 130, 255),
               "spaceship": (255, 105, 190, 255), "note": (200, 204, 220, 255),
               "glider": (90, 190, 255, 255), "ship": (255, 105, 190, 255), "osc3": (110, 230, 130, 255),
               "long": (200, 150, 255, 255)}
CHART_PANEL = (8, 10, 18, 246)
MAX_LINES = 3
PAD = 12


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans (bold or regular) at ``size`` pixels."""
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _width(text: str, f) -> float:
    return f.getlength(text)


def wrap(text: str, f, width: float) -> list:
    """``text`` broken at spaces into lines no wider than ``width`` pixels in font ``f`` (a single word wider
    than that gets a line of its own)."""
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if cur and _width(trial, f) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


@functools.lru_cache(maxsize=256)
def caption_layout(title: str, body: str, width: int, height: int) -> tuple:
    """(font size, body lines) for a caption in a ``width``×``height`` window: the largest size (from about a
    twentieth of the height down to 12 px) at which the body wraps into at most MAX_LINES lines."""
    avail = width - 4 * PAD
    top = max(14, min(30, height // 22))
    for size in range(top, 11, -1):
        lines = wrap(body, font(size), avail)
        if len(lines) <= MAX_LINES and all(_width(t, font(size)) <= avail for t in lines):
            return size, tuple(lines)
    return 12, tuple(wrap(body, font(12), avail))


def caption_height(title: str, body: str, width: int, height: int) -> int:
    """Pixels the caption panel takes at the bottom of the window (margins included)."""
    size, lines = caption_layout(title, body, width, height)
    return _panel_height(size, len(lines)) + PAD


def _panel_height(size: int, n: int) -> int:
    return int(PAD * 2 + (size + 6) * 1.25 + n * size * 1.3)


def overlay(size: tuple, scene, notes, to_px, nav: bool = False, chapters: int = 7) -> Image.Image:
    """The RGBA overlay of ``scene`` (a ``life.ui.demo.Scene``) for a window of ``size`` (w, h) pixels.

    ``notes``: the scene's ``Notes`` now; ``to_px(x, y)``: the pixel of cell (x, y)'s top-left corner;
    ``nav``: add the key hint (the window; not in exported GIFs)."""
    w, h = size
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    cap_top = h - caption_height(scene.title, scene.caption, w, h)
    small = font(max(11, min(16, h // 40)))
    taken = []  # label texts drawn so far: a text that would overlap one is left out (its box stays)
    for lab in notes.labels:
        _label(d, lab, to_px, small, cap_top, taken)
    if notes.chart is not None:
        _chart(img, notes.chart, (PAD, PAD, w - PAD, cap_top - PAD), h)
        d = ImageDraw.Draw(img)
    right = []
    if notes.counters:
        right.append(("note", list(notes.counters)))
    if notes.legend:
        right.append(("legend", list(notes.legend)))
    y = PAD
    for kind, rows in right:
        y = _panel_rows(d, img, rows, kind == "legend", w, y, small) + 6
    _caption(img, scene, (w, h), cap_top, nav, chapters)
    return img


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label(d, lab, to_px, f, cap_top, taken) -> None:
    x0, y0 = to_px(lab.x0, lab.y0)
    x1, y1 = to_px(lab.x1 + 1, lab.y1 + 1)
    x0, y0, x1, y1 = x0 - 3, y0 - 3, max(x1, x0 + 1) + 3, max(y1, y0 + 1) + 3
    if y0 > cap_top:
        return
    color = KIND_COLORS.get(lab.kind, KIND_COLORS["note"])
    d.rectangle((x0, y0, x1, y1), outline=color, width=2)
    if lab.text:
        tw = _width(lab.text, f)
        tx = max(2, (x0 + x1 - tw) / 2)
        ty = y0 - f.size - 6
        rect = (tx - 3, ty - 1, tx + tw + 3, ty + f.size + 3)
        if any(_overlaps(rect, r) for r in taken):
            return
        taken.append(rect)
        d.rectangle(rect, fill=PANEL)
        d.text((tx, ty), lab.text, font=f, fill=color)


def _panel_rows(d, img, rows, legend, w, y, f) -> int:
    sw = 14 if legend else 0
    texts = [r[1] if legend else r for r in rows]
    tw = max(_width(t, f) for t in texts) + sw + 2 * 8
    lh = f.size + 5
    box = (w - PAD - tw, y, w - PAD, y + 2 * 6 + lh * len(rows))
    _panel(img, box)
    d = ImageDraw.Draw(img)
    yy = y + 6
    for r, t in zip(rows, texts, strict=True):
        x = box[0] + 8
        if legend:
            d.rectangle((x, yy + 3, x + 9, yy + 12), outline=KIND_COLORS[r[0]], width=2)
            x += sw
        d.text((x, yy), t, font=f, fill=TEXT)
        yy += lh
    return box[3]


def _panel(img, box, fill=PANEL) -> None:
    """A translucent rounded box composited onto ``img`` (only the box's own pixels are blended)."""
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(img.width, int(math.ceil(box[2]))), min(img.height, int(math.ceil(box[3])))
    if x1 <= x0 or y1 <= y0:
        return
    layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle((0, 0, x1 - x0 - 1, y1 - y0 - 1), radius=8, fill=fill)
    img.alpha_composite(layer, (x0, y0))


def _caption(img, scene, size, top, nav, chapters) -> None:
    w, h = size
    fs, lines = caption_layout(scene.title, scene.caption, w, h)
    _panel(img, (PAD, top, w - PAD, h - PAD))
    d = ImageDraw.Draw(img)
    tf = font(fs + 6, bold=True)
    x, y = 2 * PAD, top + PAD
    d.text((x, y), scene.title, font=tf, fill=ACCENT)
    hint_f = font(max(11, fs - 6))
    page = tr(scene.lang, "page", chapter=scene.chapter, chapters=chapters)
    d.text((w - 2 * PAD - _width(page, hint_f), y + tf.size - hint_f.size), page, font=hint_f, fill=DIM)
    if nav:  # the keys, in a small panel just above the caption's right end
        hint = tr(scene.lang, "nav")
        hw = _width(hint, hint_f)
        box = (w - PAD - hw - 16, top - hint_f.size - 18, w - PAD, top - 4)
        _panel(img, box)
        d = ImageDraw.Draw(img)
        d.text((box[0] + 8, box[1] + 5), hint, font=hint_f, fill=DIM)
    y += int((fs + 6) * 1.25)
    for line in lines:
        d.text((x, y), line, font=font(fs), fill=TEXT)
        y += int(fs * 1.3)


def _chart(img, chart, box, h) -> None:
    x0, y0, x1, y1 = box
    _panel(img, box, CHART_PANEL)
    d = ImageDraw.Draw(img)
    f = font(max(11, min(15, h // 42)))
    foot = wrap(chart.footnote, f, x1 - x0 - 2 * PAD)
    # plot area inside the panel: room for the y label, tick labels, the legend and the footnote
    px0, py0 = x0 + PAD + 4.5 * f.size, y0 + PAD + f.size
    px1, py1 = x1 - PAD - 11 * f.size, y1 - PAD - (len(foot) + 2.6) * (f.size + 3)
    if px1 - px0 < 60 or py1 - py0 < 40:
        return
    xs_all = [x for s in chart.series for x in s[1]]
    ys_all = [y for s in chart.series for y in s[2]] + (list(chart.line[2]) if chart.line else [])
    lx0, lx1 = math.log2(min(xs_all)), math.log2(max(xs_all))
    if chart.log_y:
        ly0 = math.floor(math.log10(min(ys_all)))
        ly1 = math.ceil(math.log10(max(ys_all)))
        ymap = lambda v: py1 - (math.log10(v) - ly0) / max(1e-9, ly1 - ly0) * (py1 - py0)  # noqa: E731
        yticks = [(10.0 ** k, power(10, k)) for k in range(ly0, ly1 + 1)]
    else:
        ymap = lambda v: py1 - v * (py1 - py0)  # noqa: E731
        yticks = [(v / 4, f"{v * 25:.0f}%") for v in range(5)]
    xmap = lambda v: px0 + (math.log2(v) - lx0) / max(1e-9, lx1 - lx0) * (px1 - px0)  # noqa: E731
    for v, t in yticks:
        yy = ymap(v)
        d.line((px0, yy, px1, yy), fill=(70, 74, 90, 255), width=1)
        d.text((px0 - _width(t, f) - 6, yy - f.size / 2 - 1), t, font=f, fill=DIM)
    seen = sorted({x for x in xs_all})
    for v in seen:
        xx = xmap(v)
        t = f"{int(round(math.sqrt(v)))}²"
        d.line((xx, py1, xx, py1 + 4), fill=DIM, width=1)
        d.text((xx - _width(t, f) / 2, py1 + 6), t, font=f, fill=DIM)
    d.line((px0, py1, px1, py1), fill=DIM, width=1)
    d.line((px0, py0, px0, py1), fill=DIM, width=1)
    d.text(((px0 + px1 - _width(chart.xlabel, f)) / 2, py1 + f.size + 10), chart.xlabel, font=f, fill=DIM)
    d.text((x0 + PAD, y0 + PAD - 4), chart.ylabel, font=f, fill=DIM)
    if chart.line is not None:
        label, xs, ys = chart.line
        pts = [(xmap(x), ymap(y)) for x, y in zip(xs, ys, strict=True)]
        _dashed(d, pts[0], pts[-1], (220, 220, 230, 255))
    ly = py0
    for label, xs, ys, kind in chart.series:
        color = KIND_COLORS.get(kind, TEXT)
        pts = [(xmap(x), ymap(y)) for x, y in zip(xs, ys, strict=True)]
        if len(pts) > 1:
            d.line(pts, fill=color, width=3)
        for px, py in pts:
            d.ellipse((px - 4, py - 4, px + 4, py + 4), fill=color)
        d.line((px1 + 12, ly + f.size / 2, px1 + 32, ly + f.size / 2), fill=color, width=3)
        d.text((px1 + 38, ly), label, font=f, fill=TEXT)
        ly += f.size + 8
    if chart.line is not None:
        _dashed(d, (px1 + 12, ly + f.size / 2), (px1 + 32, ly + f.size / 2), (220, 220, 230, 255))
        for i, part in enumerate(wrap(chart.line[0], f, x1 - px1 - 38 - PAD)):
            d.text((px1 + 38, ly + i * (f.size + 3)), part, font=f, fill=TEXT)
    fy = y1 - PAD - len(foot) * (f.size + 3)
    for line in foot:
        d.text((x0 + PAD, fy), line, font=f, fill=DIM)
        fy += f.size + 3


def _dashed(d, a, b, color, dash=8) -> None:
    (ax, ay), (bx, by) = a, b
    n = max(1, int(math.hypot(bx - ax, by - ay) / dash))
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        d.line((ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1), fill=color,
               width=2)
