"""The tour as an animated GIF or APNG, rendered headless (no pygame): ``life demo --gif FILE``.

Each page runs for its autoplay time at ``fps`` frames a second, stepping its universe as the window would;
frames are ``life.render`` images coloured with the theme, with the tour's overlay (``life.ui.demo_draw``)
composited on top, mapped onto one fixed 256-colour palette and streamed to disk by ``life.export`` (atomically).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from ..export import ExportError, open_animation
from ..render import Viewport, fit_viewport, palette, render
from .demo import PAGES, Scene, build_scene
from .demo_draw import ACCENT, DIM, KIND_COLORS, PANEL, TEXT, caption_height, overlay

__all__ = ["scene_viewport", "frame", "render_tour", "tour_palette", "MIN_SIZE"]

MIN_SIZE = (320, 240)


def scene_viewport(scene: Scene, universe, width: int, height: int) -> Viewport:
    """The viewport showing ``scene``'s box (or the universe's live cells when it has none) in the part of a
    ``width``×``height`` image above the caption."""
    cap = caption_height(scene.title, scene.caption, width, height)
    box = scene.box or universe.bbox or (0, 0, 1, 1)
    zoom = fit_viewport(box, width, max(16, height - cap), margin=1).zoom
    x, y, w, h = box
    return Viewport.centered(x + w / 2, y + h / 2 + cap / (2 * zoom), width, height, zoom)


def tour_palette(theme="dark") -> np.ndarray:
    """uint8[256, 3]: the theme's colours, then ramps from the backgrounds to each overlay colour (what
    anti-aliased text and boxes on the universe and on the panels need)."""
    base = palette(theme).astype(float)
    panel = np.array(PANEL[:3], float)
    a = PANEL[3] / 255
    on_panel = base * (1 - a) + panel * a
    fgs = {c[:3] for c in (TEXT, DIM, ACCENT, (70, 74, 90), *KIND_COLORS.values())}
    ramps = []
    for bg in (base[0], on_panel[0]):
        for fg in sorted(fgs):
            for t in np.linspace(1 / 11, 1, 11):
                ramps.append(bg + (np.array(fg, float) - bg) * t)
    pal = np.vstack([base, on_panel, np.array(ramps)])[:256]
    pal = np.vstack([pal, np.zeros((256 - len(pal), 3))])
    return np.clip(np.rint(pal), 0, 255).astype(np.uint8)


def frame(scene: Scene, width: int, height: int, theme="dark", nav: bool = False) -> Image.Image:
    """One RGB frame of ``scene`` as it is now: its universe rendered, the overlay on top."""
    u = scene.universe
    vp = scene_viewport(scene, u, width, height)
    rgb = palette(theme)[render(u, vp)]
    img = Image.fromarray(rgb, "RGB").convert("RGBA")

    def to_px(x, y):
        return (x - vp.x0) * vp.zoom, (y - vp.y0) * vp.zoom

    img.alpha_composite(overlay((width, height), scene, scene.notes(), to_px, nav=nav))
    return img.convert("RGB")


def render_tour(path, lang: str = "en", size=(640, 360), fps: float = 8.0, pages=None, theme="dark",
                progress=None) -> dict:
    """Write the tour (``pages``: indices into PAGES, default all) to ``path`` (.gif or .apng), each page for its
    autoplay time. ``progress(page_index, frames_so_far)`` is called after each page. Returns {"path", "frames",
    "width", "height", "pages"}. Raises ExportError (bad path or size) and DemoError."""
    width, height = int(size[0]), int(size[1])
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise ExportError(f"tour frames must be at least {MIN_SIZE[0]}x{MIN_SIZE[1]}, got {width}x{height}")
    if not str(path).lower().endswith((".gif", ".apng")):
        raise ExportError(f"{path}: the tour is written as .gif or .apng")
    pages = list(range(len(PAGES))) if pages is None else list(pages)
    pal = tour_palette(theme)
    pal_img = Image.new("P", (1, 1))
    pal_img.putpalette(pal.tobytes())
    n = 0
    with open_animation(path, width, height, theme, fps, colors=pal) as out:
        for index in pages:
            scene = build_scene(index, lang)
            frames = max(2, round(scene.seconds * fps))
            for i in range(frames):
                if i:
                    target = scene.target(i / fps)
                    if target > scene.universe.generation:
                        scene.universe.step(target - scene.universe.generation)
                img = frame(scene, width, height, theme).quantize(palette=pal_img, dither=Image.Dither.NONE)
                out.add(np.asarray(img, dtype=np.uint8))
                n += 1
            if progress is not None:
                progress(index, n)
    return {"path": str(path), "frames": n, "width": width, "height": height, "pages": len(pages)}
