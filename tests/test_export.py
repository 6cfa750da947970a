"""GIF / APNG / PNG writers: decoded frames, delays, kept duplicates, limits and atomic writes."""

import os
import stat

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from life import Pattern, make_universe
from life.export import (
    GIF_MAX_FPS,
    GIF_MAX_SIDE,
    ApngWriter,
    ExportError,
    GifWriter,
    atomic_output,
    export_animation,
    frame_delays_cs,
    open_animation,
)
from life.render import LIVE, NCOLORS, THEMES, Viewport
from life.soup import SoupSpec, make_soup

rng = np.random.default_rng(1234)


def random_frames(n, h=23, w=31, repeat_at=()):
    frames = []
    for i in range(n):
        if i in repeat_at and frames:
            frames.append(frames[-1].copy())
        else:
            frames.append(rng.integers(0, NCOLORS, size=(h, w), dtype=np.uint8))
    return frames


def decoded(path):
    """[(rgb array, duration ms)] for every frame Pillow decodes from ``path``."""
    out = []
    with Image.open(path) as im:
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            out.append((np.asarray(im.convert("RGB")), im.info.get("duration")))
    return out


@pytest.mark.parametrize("suffix", [".gif", ".apng"])
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_animation_roundtrip_keeps_every_frame(tmp_path, suffix, theme):
    frames = random_frames(7, repeat_at=(2, 3, 6))  # identical consecutive frames must survive
    path = tmp_path / f"a{suffix}"
    with open_animation(path, 31, 23, theme, fps=25) as w:
        for f in frames:
            w.add(f)
    got = decoded(path)
    pal = THEMES[theme].palette
    assert len(got) == len(frames)
    for (rgb, dur), f in zip(got, frames, strict=True):
        assert np.array_equal(rgb, pal[f])
        assert dur == pytest.approx(40)
    assert sorted(os.listdir(tmp_path)) == [path.name]


def test_gif_delays_follow_the_frame_rate_on_average(tmp_path):
    frames = random_frames(9)
    with open_animation(tmp_path / "a.gif", 31, 23, fps=30) as w:
        for f in frames:
            w.add(f)
    durations = [d for _, d in decoded(tmp_path / "a.gif")]
    assert durations == [10 * d for d in frame_delays_cs(9, 30)]
    assert sum(durations) == 300


@given(n=st.integers(1, 300), fps=st.floats(0.1, GIF_MAX_FPS))
def test_frame_delays_track_real_time(n, fps):
    d = frame_delays_cs(n, fps)
    assert len(d) == n
    total = 0
    for i, x in enumerate(d):
        total += x
        assert abs(total - (i + 1) * 100 / fps) <= 0.5 + 1e-9
        assert int(100 / fps) <= x <= int(100 / fps) + 1


def test_png_writes_last_frame(tmp_path):
    frames = random_frames(3)
    with open_animation(tmp_path / "last.png", 31, 23, "light") as w:
        for f in frames:
            w.add(f)
    got = decoded(tmp_path / "last.png")
    assert len(got) == 1
    assert np.array_equal(got[0][0], THEMES["light"].palette[frames[-1]])
    with Image.open(tmp_path / "last.png") as im:
        assert im.mode == "P"


@pytest.mark.parametrize("suffix", [".gif", ".apng", ".png"])
def test_palette_mode(tmp_path, suffix):
    with open_animation(tmp_path / f"p{suffix}", 31, 23) as w:
        for f in random_frames(2):
            w.add(f)
    with Image.open(tmp_path / f"p{suffix}") as im:
        assert im.mode == "P"


def test_export_animation_matches_universe_generations(tmp_path):
    p = make_soup(SoupSpec(24, 16, 0.45, 8))
    u = make_universe(p, "torus:24x16")
    vp = Viewport(-12, -8, 48, 32, 2)
    info = export_animation(u, tmp_path / "s.gif", frames=6, every=3, viewport=vp, fps=10)
    assert info["frames"] == 6 and u.generation == 15
    got = decoded(tmp_path / "s.gif")
    ref = make_universe(p, "torus:24x16", algo="reference")
    pal = THEMES["dark"].palette
    for i, (rgb, dur) in enumerate(got):
        expected = np.kron(ref.region(-12, -8, 24, 16), np.ones((2, 2), bool))
        assert np.array_equal(rgb, np.where(expected[..., None], pal[LIVE], pal[0])), i
        assert dur == 100
        ref.step(3)


class Boom(Exception):
    pass


@pytest.mark.parametrize("exc", [Boom, KeyboardInterrupt])
@pytest.mark.parametrize("suffix", [".gif", ".apng", ".png"])
def test_failure_leaves_no_file_and_keeps_old_one(tmp_path, suffix, exc):
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"previous")
    with pytest.raises(exc):
        with open_animation(target, 31, 23) as w:
            w.add(random_frames(1)[0])
            raise exc()
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == [target.name]


def test_interrupted_export_animation_leaves_nothing(tmp_path):
    u = make_universe(make_soup(SoupSpec(16, 16, 0.5, 1)), "torus:16x16")
    calls = []

    def step(n):
        calls.append(n)
        if len(calls) == 3:
            raise KeyboardInterrupt
        u.step(n)

    with pytest.raises(KeyboardInterrupt):
        export_animation(u, tmp_path / "x.gif", frames=10, viewport=Viewport(-8, -8, 16, 16), step=step)
    assert os.listdir(tmp_path) == []


def test_written_file_has_normal_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "f.bin") as f:
            f.write(b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "f.bin").st_mode) == 0o644


def test_gif_size_limit(tmp_path):
    with pytest.raises(ExportError, match="65535"):
        GifWriter(tmp_path / "big.gif", GIF_MAX_SIDE + 1, 1)
    with pytest.raises(ExportError, match="65535"):
        GifWriter(tmp_path / "big.gif", 1, GIF_MAX_SIDE + 1)
    assert os.listdir(tmp_path) == []


def test_gif_fps_limit(tmp_path):
    with pytest.raises(ExportError, match="frames per second"):
        GifWriter(tmp_path / "fast.gif", 4, 4, fps=GIF_MAX_FPS + 1)
    with pytest.raises(ExportError, match="at most 655"):
        GifWriter(tmp_path / "slow.gif", 4, 4, fps=0.001)
    ApngWriter(tmp_path / "fast.apng", 4, 4, fps=60).abort()
    assert os.listdir(tmp_path) == []


def test_bad_arguments(tmp_path):
    with pytest.raises(ExportError, match="unknown image type"):
        open_animation(tmp_path / "a.webp", 4, 4)
    with pytest.raises(ExportError, match="cannot write"):
        open_animation(tmp_path / "missing" / "a.gif", 4, 4)
    with pytest.raises(ExportError, match="differs"):
        with open_animation(tmp_path / "a.gif", 4, 4) as w:
            w.add(np.zeros((5, 4), np.uint8))
    with pytest.raises(ExportError, match="no frames"):
        with open_animation(tmp_path / "a.gif", 4, 4):
            pass
    with pytest.raises(ExportError, match="positive"):
        open_animation(tmp_path / "a.gif", 0, 4)
    assert os.listdir(tmp_path) == []


def test_unchanged_frames_are_stored_small(tmp_path):
    still = Pattern.from_strings(["OO", "OO"])
    u = make_universe(still, "torus:64x64")
    export_animation(u, tmp_path / "still.gif", frames=50, viewport=Viewport(-32, -32, 256, 256, 4))
    one = tmp_path / "one.gif"
    export_animation(make_universe(still, "torus:64x64"), one, frames=2, viewport=Viewport(-32, -32, 256, 256, 4))
    # 48 more frames cost a few dozen bytes each, not a full frame each
    assert (tmp_path / "still.gif").stat().st_size - one.stat().st_size < 48 * 64
    assert len(decoded(tmp_path / "still.gif")) == 50
