"""Write rendered frames as an animated GIF, an animated PNG (APNG) or a still PNG, atomically.

Frames are ``uint8[h, w]`` palette indices from ``life.render``; files are palette images (Pillow mode "P").
Animations are streamed to disk frame by frame (memory holds two frames), each frame after the first stored as
the rectangle that changed. Unlike ``Image.save(save_all=True)``, which merges identical consecutive frames, every
frame is kept with its own delay, so frame ``i`` always shows generation ``start + i * every``.

Every file is written to a temporary file beside the target and moved into place with ``os.replace`` when
complete; an error or Ctrl-C removes the temporary file and leaves any existing target untouched.
"""

from __future__ import annotations

import contextlib
import os
import struct
import time
import zlib
from fractions import Fraction
from pathlib import Path

import numpy as np

from .atomic import replacing
from .errors import LifeError, cannot_write
from .render import palette, render

__all__ = ["ExportError", "atomic_output", "open_animation", "export_animation", "AnimationWriter",
           "GifWriter", "ApngWriter", "PngWriter", "FORMATS", "GIF_MAX_SIDE", "GIF_MAX_FPS", "frame_delays_cs"]

GIF_MAX_SIDE = 65535
"""GIF stores widths and heights in 16 bits."""
GIF_MAX_FPS = 50
"""GIF delays are whole hundredths of a second, and most viewers slow delays below 0.02 s down to 0.1 s."""


class ExportError(LifeError):
    """An image that cannot be written as asked (format, size, frame rate, unwritable path)."""


@contextlib.contextmanager
def atomic_output(path):
    """Open a temporary binary file beside ``path``; on success it replaces ``path`` (with the permissions a new
    file would get), on any error or interrupt it is removed (``life.atomic.replacing``). Raises ExportError when
    the file cannot be written (a read-only folder, a full disk...)."""
    path = Path(path)
    try:
        with replacing(path, suffix=".part") as tmp, open(tmp, "w+b") as f:
            yield f
    except OSError as e:  # the temporary file's name means nothing to the user
        if isinstance(e, BrokenPipeError):
            raise
        raise ExportError(cannot_write(path, e)) from None


def frame_delays_cs(n: int, fps: float) -> list:
    """GIF delays (hundredths of a second) for ``n`` frames at ``fps``: each rounded so that the running total
    stays within half a hundredth of ``i / fps`` (30 fps gives 3, 4, 3, 3, 4, 3...)."""
    ends = [round((i + 1) * 100 / fps) for i in range(n)]
    return [e - s for s, e in zip([0] + ends[:-1], ends, strict=True)]


class AnimationWriter:
    """Base of the frame writers: a context manager taking frames with ``add``; the file appears on a clean exit.

    ``width``/``height``: frame size in pixels; ``theme``: colour theme name or Theme; ``fps``: frames per second;
    ``colors``: uint8[n <= 256, 3] colours of the frames' indices instead of the theme's (frames composed by the
    caller, such as the tour's captioned ones).
    """

    suffixes: tuple = ()

    def __init__(self, path, width: int, height: int, theme="dark", fps: float = 10.0, colors=None):
        if width <= 0 or height <= 0:
            raise ExportError(f"{path}: image size {width}x{height} must be positive")
        if not (fps > 0 and fps == fps):
            raise ExportError(f"{path}: frames per second must be positive, got {fps}")
        self.path, self.width, self.height, self.fps = Path(path), int(width), int(height), float(fps)
        self.palette = palette(theme) if colors is None else np.asarray(colors, dtype=np.uint8)[:256]
        self.frames = 0
        self._ctx = atomic_output(self.path)
        self._file = self._ctx.__enter__()
        self._prev = None

    def add(self, frame: np.ndarray) -> None:
        """Append one frame: uint8[height, width] palette indices."""
        frame = np.ascontiguousarray(frame, dtype=np.uint8)
        if frame.shape != (self.height, self.width):
            raise ExportError(f"{self.path}: frame {frame.shape[1]}x{frame.shape[0]} differs from the "
                              f"animation size {self.width}x{self.height}")
        self._write_frame(frame, self._changed(frame))
        self._prev = frame
        self.frames += 1

    def _changed(self, frame):
        """(x, y, w, h) of the pixels that differ from the previous frame; the whole frame for the first one and
        a single unchanged pixel when nothing changed (the frame is kept so that frame counts and times hold)."""
        if self._prev is None:
            return 0, 0, self.width, self.height
        diff = frame != self._prev
        rows = np.flatnonzero(diff.any(axis=1))
        if len(rows) == 0:
            return 0, 0, 1, 1
        cols = np.flatnonzero(diff[rows[0]:rows[-1] + 1].any(axis=0))
        return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)

    def _write_frame(self, frame, box):
        raise NotImplementedError

    def _finish(self):
        pass

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._ctx is None:
            return
        try:
            if self.frames == 0:
                raise ExportError(f"{self.path}: no frames to write")
            self._finish()
        except BaseException as e:
            ctx, self._ctx = self._ctx, None
            ctx.__exit__(type(e), e, e.__traceback__)
            raise
        ctx, self._ctx = self._ctx, None
        ctx.__exit__(None, None, None)

    def abort(self, exc: BaseException | None = None) -> None:
        """Drop the partial file."""
        if self._ctx is not None:
            ctx, self._ctx = self._ctx, None
            exc = exc or RuntimeError("aborted")
            with contextlib.suppress(BaseException):
                ctx.__exit__(type(exc), exc, exc.__traceback__)

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        else:
            self.abort(ev)
        return False


class GifWriter(AnimationWriter):
    """Animated GIF (looping forever), written with Pillow's GIF encoder one frame at a time."""

    suffixes = (".gif",)

    def __init__(self, path, width, height, theme="dark", fps=10.0, colors=None):
        if width > GIF_MAX_SIDE or height > GIF_MAX_SIDE:
            raise ExportError(f"{path}: {width}x{height} exceeds GIF's limit of {GIF_MAX_SIDE} pixels per side; "
                              "use a smaller --size or zoom, or write .png/.apng")
        if fps > GIF_MAX_FPS:
            raise ExportError(f"{path}: GIF cannot show more than {GIF_MAX_FPS} frames per second (delays are "
                              "whole hundredths and viewers slow shorter ones down); lower --fps or write .apng")
        if 0 < fps < 100 / 65535:
            raise ExportError(f"{path}: GIF delays are at most 655.35 s: use --fps {100 / 65535:.4f} or more")
        super().__init__(path, width, height, theme, fps, colors)
        self._elapsed_cs = 0

    def _image(self, a):
        from PIL import Image

        im = Image.fromarray(a, "P")
        im.putpalette(self.palette.tobytes())
        return im

    def _write_frame(self, frame, box):
        from PIL import GifImagePlugin

        if self.frames == 0:
            header, _ = GifImagePlugin.getheader(self._image(frame), None, {"loop": 0})
            self._file.write(b"".join(header))
        x, y, w, h = box
        end = round((self.frames + 1) * 100 / self.fps)
        delay, self._elapsed_cs = end - self._elapsed_cs, end
        # disposal 1: leave each frame in place, so the next can store only what changed.
        data = GifImagePlugin.getdata(self._image(frame[y:y + h, x:x + w]), offset=(x, y),
                                      duration=delay * 10, disposal=1)
        self._file.write(b"".join(data))

    def _finish(self):
        self._file.write(b";")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class ApngWriter(AnimationWriter):
    """Animated PNG (looping forever) with exact frame delays; 8-bit palette, zlib level ``compress_level``."""

    suffixes = (".apng",)

    def __init__(self, path, width, height, theme="dark", fps=10.0, compress_level: int = 6, colors=None):
        delay = 1 / Fraction(float(fps)).limit_denominator(1000) if fps > 0 else Fraction(0)
        if delay.numerator > 65535 or delay.denominator > 65535:
            raise ExportError(f"{path}: cannot store a delay of 1/{fps:g} s")
        super().__init__(path, width, height, theme, fps, colors)
        self._delay = delay
        self._level = compress_level
        self._seq = 0
        self._actl_at = None

    def _write_frame(self, frame, box):
        f = self._file
        if self.frames == 0:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)))
            self._actl_at = f.tell()
            f.write(_chunk(b"acTL", struct.pack(">II", 0, 0)))  # frame count patched in _finish
            f.write(_chunk(b"PLTE", self.palette.tobytes()))
        x, y, w, h = box
        f.write(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", self._seq, w, h, x, y, self._delay.numerator,
                                            self._delay.denominator, 0, 0)))
        self._seq += 1
        rows = np.empty((h, w + 1), dtype=np.uint8)
        rows[:, 0] = 0  # filter type None on every row
        rows[:, 1:] = frame[y:y + h, x:x + w]
        data = zlib.compress(rows.tobytes(), self._level)
        if self.frames == 0:
            f.write(_chunk(b"IDAT", data))
        else:
            f.write(_chunk(b"fdAT", struct.pack(">I", self._seq) + data))
            self._seq += 1

    def _finish(self):
        f = self._file
        f.write(_chunk(b"IEND", b""))
        f.seek(self._actl_at)
        f.write(_chunk(b"acTL", struct.pack(">II", self.frames, 0)))
        f.seek(0, os.SEEK_END)


class PngWriter(AnimationWriter):
    """A still PNG of the last frame added."""

    suffixes = (".png",)

    def _write_frame(self, frame, box):
        pass  # only the last frame (kept as self._prev) is written

    def _finish(self):
        from PIL import Image

        im = Image.fromarray(self._prev, "P")
        im.putpalette(self.palette.tobytes())
        im.save(self._file, format="PNG")


FORMATS = {s: cls for cls in (GifWriter, ApngWriter, PngWriter) for s in cls.suffixes}


def open_animation(path, width: int, height: int, theme="dark", fps: float = 10.0, colors=None) -> AnimationWriter:
    """A writer for ``path`` chosen by its suffix (.gif, .apng, or .png for the last frame only). The temporary
    file is created at once, so an unwritable path fails before any work. ``colors``: see AnimationWriter.
    Raises ExportError."""
    suffix = Path(path).suffix.lower()
    try:
        cls = FORMATS[suffix]
    except KeyError:
        raise ExportError(f"{path}: unknown image type {suffix or '(no suffix)'!r}; "
                          f"use {', '.join(FORMATS)}") from None
    return cls(path, width, height, theme, fps, colors=colors)


def export_animation(universe, path, *, frames: int, every: int = 1, viewport, fps: float = 10.0,
                     theme="dark", grid: bool = False, progress=None, step=None) -> dict:
    """Render ``frames`` frames of ``universe``, stepping ``every`` generations between them, into ``path``.

    ``viewport``: a Viewport (fixed camera) or a callable ``universe -> Viewport`` (e.g. fitted to the pattern
    each frame); its size must not change. ``progress``: called with 1 after each frame. ``step``: called with the
    generations to advance (default ``universe.step``), so callers can time or count the steps. The universe is
    left at the generation of the last frame. Returns {"frames", "path", "width", "height",
    "render_seconds"}. Raises ExportError/RenderError.
    """
    if frames < 1 or every < 1:
        raise ExportError(f"need at least one frame and a step of at least one generation "
                          f"(frames={frames}, every={every})")
    camera = viewport if callable(viewport) else (lambda u: viewport)
    step = step or universe.step
    vp = camera(universe)
    render_s = 0.0
    with open_animation(path, vp.width, vp.height, theme, fps) as out:
        for i in range(frames):
            if i:
                step(every)
                vp = camera(universe)
            t0 = time.perf_counter()
            out.add(render(universe, vp, grid))
            render_s += time.perf_counter() - t0
            if progress is not None:
                progress(1)
    return {"frames": frames, "path": str(path), "width": vp.width, "height": vp.height,
            "render_seconds": render_s}

