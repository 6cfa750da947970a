"""Rendering a Universe region to palette indices: zoomed in, zoomed out, grid, bounded edges, themes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from life import LIFE, Pattern, Topology, Universe, make_universe
from life import render as R
from life.render import (
    DEAD,
    GRID,
    LIVE,
    NCOLORS,
    OUTSIDE,
    THEMES,
    RenderError,
    Viewport,
    choose_zoom,
    fit_viewport,
    parse_zoom,
    render,
    to_rgb,
)
from life.soup import SoupSpec, make_soup


def soup_universe(w, h, seed=0, density=0.4, topology=None):
    p = make_soup(SoupSpec(w, h, density, seed))
    return make_universe(p, topology or f"torus:{w}x{h}")


def oracle(u, vp):
    """Independent per-pixel rendering: each pixel's cell block, counted from one region() of the whole view."""
    xs = [math.floor(vp.x0 + p / vp.zoom) for p in range(vp.width + 1)]
    ys = [math.floor(vp.y0 + p / vp.zoom) for p in range(vp.height + 1)]
    reg = u.region(xs[0], ys[0], max(xs[-1], xs[0] + 1) - xs[0] + 1, max(ys[-1], ys[0] + 1) - ys[0] + 1)
    out = np.zeros((vp.height, vp.width), dtype=np.uint8)
    for j in range(vp.height):
        for i in range(vp.width):
            if vp.zoom >= 1:
                out[j, i] = LIVE if reg[ys[j] - ys[0], xs[i] - xs[0]] else DEAD
            else:
                block = reg[ys[j] - ys[0]:ys[j + 1] - ys[0], xs[i] - xs[0]:xs[i + 1] - xs[0]]
                out[j, i] = math.ceil(LIVE * block.sum() / block.size)
    return out


@settings(max_examples=40, deadline=None)
@given(x0=st.integers(-40, 10), y0=st.integers(-40, 10), w=st.integers(1, 40), h=st.integers(1, 40),
       zoom=st.sampled_from([1, 2, 3, 5]), seed=st.integers(0, 3))
def test_zoom_in_is_kron_of_region(x0, y0, w, h, zoom, seed):
    u = soup_universe(32, 24, seed)
    vp = Viewport(x0, y0, w * zoom, h * zoom, zoom)
    expected = np.kron(u.region(x0, y0, w, h).astype(np.uint8) * LIVE, np.ones((zoom, zoom), np.uint8))
    assert np.array_equal(render(u, vp), expected)


@settings(max_examples=30, deadline=None)
@given(x0=st.floats(-30, 10).map(lambda v: round(v * 4) / 4), y0=st.integers(-30, 10), w=st.integers(1, 30),
       h=st.integers(1, 30), zoom=st.sampled_from([1.5, 2.5, 2, 3, 0.5, 0.25, 0.4, 1 / 3, 0.3]),
       seed=st.integers(0, 3))
def test_any_zoom_matches_per_pixel_oracle(x0, y0, w, h, zoom, seed):
    u = soup_universe(40, 40, seed)
    vp = Viewport(x0, y0, w, h, zoom)
    assert np.array_equal(render(u, vp), oracle(u, vp))


def test_zoom_out_shades_by_live_fraction():
    u = soup_universe(64, 64, seed=5, density=0.3)
    vp = Viewport(-32, -32, 16, 16, 0.25)
    reg = u.region(-32, -32, 64, 64)
    frac = reg.reshape(16, 4, 16, 4).mean(axis=(1, 3))
    expected = np.ceil(frac * LIVE - 1e-9).astype(np.uint8)
    out = render(u, vp)
    assert np.array_equal(out, expected)
    assert out.max() <= LIVE and (out[frac > 0] >= 1).all()


def test_full_and_empty_blocks_map_to_extremes():
    grid = np.zeros((8, 8), bool)
    grid[:4, :4] = True
    u = make_universe(Pattern.from_array(grid, -4, -4), "torus:8x8")
    out = render(u, Viewport(-4, -4, 2, 2, 0.25))
    assert out.tolist() == [[LIVE, DEAD], [DEAD, DEAD]]


def test_banded_reading_matches_single_read(monkeypatch):
    u = soup_universe(96, 96, seed=2)
    vp = Viewport(-48, -48, 24, 24, 0.25)
    whole = render(u, vp)
    calls = []
    real = type(u).region

    def spy(self, *a):
        calls.append(a)
        return real(self, *a)

    monkeypatch.setattr(R, "_BAND_CELLS", 96 * 8)
    monkeypatch.setattr(type(u), "region", spy)
    assert np.array_equal(render(u, vp), whole)
    assert len(calls) > 1 and all(a[2] * a[3] <= 96 * 8 for a in calls)


class CellsOnlyUniverse(Universe):
    """A static plane universe that holds only its live cells; region() must not be called (too large)."""

    topologies = ("plane",)

    def __init__(self, cells):
        super().__init__(LIFE, Topology("plane"))
        self._cells = np.asarray(cells, dtype=np.int64)

    population = property(lambda self: len(self._cells))

    def cells(self):
        return self._cells

    def step(self, n=1):
        return self

    def region(self, *a):
        pytest.fail("region() asked for a 10^24-cell area")

    def set_cells(self, coords, alive=True):
        raise NotImplementedError


def test_sparse_plane_over_huge_area_bins_cells_without_reading_the_area():
    far = 10 ** 12
    block = np.array([(0, 0), (1, 0), (0, 1), (1, 1)])
    u = CellsOnlyUniverse(np.vstack([block, block + far]))
    vp = fit_viewport(u.bbox, 64, 64)
    assert vp.zoom < 1e-10
    out = render(u, vp)
    assert out.shape == (64, 64)
    assert (out > 0).sum() == 2  # each block lands in one pixel, shaded (not fully live)
    assert (out[out > 0] < LIVE).all()


def test_sparse_and_dense_paths_agree(monkeypatch):
    u = make_universe(make_soup(SoupSpec(50, 30, 0.1, 9)), "plane")
    vp = Viewport(-40, -30, 30, 20, 1 / 3)
    monkeypatch.setattr(R, "_SPARSE", 0)  # always bin cells
    binned = render(u, vp)
    monkeypatch.setattr(R, "_SPARSE", 10 ** 9)  # always read the region
    read = render(u, vp)
    assert np.array_equal(binned, read)
    assert np.array_equal(read, oracle(u, vp))


def test_grid_lines_at_cell_starts():
    u = soup_universe(16, 16, seed=1)
    vp = Viewport(-8, -8, 64, 64, 4)
    plain, gridded = render(u, vp), render(u, vp, grid=True)
    lines = np.zeros((64, 64), bool)
    lines[::4, :] = True
    lines[:, ::4] = True
    assert (gridded[lines] == GRID).all()
    assert np.array_equal(gridded[~lines], plain[~lines])


def test_no_grid_below_min_zoom():
    u = soup_universe(16, 16, seed=1)
    vp = Viewport(-8, -8, 32, 32, R.GRID_MIN_ZOOM - 1)
    assert np.array_equal(render(u, vp, grid=True), render(u, vp))


@pytest.mark.parametrize("zoom", [1, 3, 0.5])
def test_outside_bounded_grid(zoom):
    u = make_universe(make_soup(SoupSpec(10, 8, 0.5, 3)), "bounded:10x8")
    vp = Viewport(-9, -8, int(20 * zoom), int(16 * zoom), zoom)
    out = render(u, vp)
    xs = np.floor(-9 + (np.arange(vp.width) + 0.5) / zoom)  # a cell the pixel covers
    ys = np.floor(-8 + (np.arange(vp.height) + 0.5) / zoom)
    inside = ((ys >= -4) & (ys < 4))[:, None] & ((xs >= -5) & (xs < 5))[None, :]
    assert (out[~inside] == OUTSIDE).all()
    assert (out[inside] != OUTSIDE).all()
    assert (out[inside] > 0).sum() > 0


def test_torus_view_wraps():
    u = soup_universe(8, 8, seed=4)
    one = render(u, Viewport(-4, -4, 8, 8, 1))
    assert np.array_equal(render(u, Viewport(-4, -4, 16, 16, 1)), np.tile(one, (2, 2)))


def test_empty_viewport_and_errors():
    u = soup_universe(8, 8)
    assert render(u, Viewport(0, 0, 0, 5, 1)).shape == (5, 0)
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(RenderError):
            Viewport(0, 0, 4, 4, bad)
    with pytest.raises(RenderError, match="too large"):
        Viewport(0, 0, 1 << 15, 1 << 14, 1)


@pytest.mark.parametrize("text,value", [("4", 4.0), ("0.25", 0.25), ("1/16", 1 / 16), (" 2 ", 2.0)])
def test_parse_zoom(text, value):
    assert parse_zoom(text) == value


@pytest.mark.parametrize("text", ["0", "-2", "abc", "1/0", "inf", "nan", "1000"])
def test_parse_zoom_rejects(text):
    with pytest.raises(RenderError, match="zoom"):
        parse_zoom(text)


@settings(max_examples=60, deadline=None)
@given(w=st.integers(1, 10 ** 6), h=st.integers(1, 10 ** 6), pw=st.integers(16, 2000), ph=st.integers(16, 2000))
def test_fit_viewport_contains_bbox(w, h, pw, ph):
    bbox = (-w // 3, 7, w, h)
    vp = fit_viewport(bbox, pw, ph, margin=0)
    assert vp.zoom >= 1 and vp.zoom == int(vp.zoom) or math.isclose(1 / vp.zoom, round(1 / vp.zoom))
    x, y, cw, ch = vp.cells
    assert x <= bbox[0] and y <= bbox[1] and x + cw >= bbox[0] + w and y + ch >= bbox[1] + h
    # the next zoom step up would not fit (with the 2 cells and 2 pixels fit_viewport keeps for snapping)
    bigger = vp.zoom + 1 if vp.zoom >= 1 else 1 / (round(1 / vp.zoom) - 1)
    if vp.zoom < 16:
        assert (w + 2) * bigger > pw - 2 or (h + 2) * bigger > ph - 2


def test_choose_zoom_ladder():
    assert choose_zoom(10, 10, 100, 100) == 10
    assert choose_zoom(10, 10, 1000, 1000, max_zoom=8) == 8
    assert choose_zoom(16384, 16384, 1024, 1024) == 1 / 16
    assert choose_zoom(1000, 10, 100, 100) == 0.1


@pytest.mark.parametrize("name", sorted(THEMES))
def test_theme_palettes(name):
    pal = THEMES[name].palette
    assert pal.shape == (NCOLORS, 3) and pal.dtype == np.uint8
    assert tuple(pal[DEAD]) == THEMES[name].dead and tuple(pal[LIVE]) == THEMES[name].live
    lum = pal[:LIVE + 1].astype(float) @ [0.299, 0.587, 0.114]
    steps = np.diff(lum)
    assert (steps > 0).all() or (steps < 0).all()  # shades move monotonically from background to live
    assert len({tuple(c) for c in pal}) == NCOLORS
    idx = np.array([[DEAD, LIVE], [GRID, OUTSIDE]], np.uint8)
    assert np.array_equal(to_rgb(idx, name), pal[idx])


def test_unknown_theme():
    with pytest.raises(RenderError, match="unknown theme"):
        to_rgb(np.zeros((1, 1), np.uint8), "neon")


def test_large_board_zoomed_out_matches_block_mean():
    u = soup_universe(2048, 2048, seed=11, density=0.5)
    vp = Viewport(-1024, -1024, 128, 128, 1 / 16)
    reg = u.region(-1024, -1024, 2048, 2048)
    counts = reg.reshape(128, 16, 128, 16).sum(axis=(1, 3))
    assert np.array_equal(render(u, vp), (counts * LIVE + 255) // 256)


@pytest.mark.parametrize("algo", ["reference", "tiled", "hashlife"])
def test_b0_plane_renders_the_true_state(algo, tmp_path):
    """A B0 rule on the plane: on odd generations the background is alive, and images show it so, zoomed in
    and out; a GIF through such generations exports."""
    from life import Rule
    from life.export import export_animation
    from life.render import Viewport, render

    p = Pattern.from_strings(["OO"], rule=Rule.parse("B0/S"))
    u = make_universe(p, "plane", algo=algo).step(1)
    assert u.background == 1
    near = render(u, Viewport(-4, -4, 8, 8, 1.0))
    far = render(u, Viewport(-4000, -4000, 40, 40, 1 / 64))
    assert near[0, 0] == near[-1, -1] != near[4, 4]   # far cells live; the pair's neighbourhood was not born
    assert (far == far[0, 0]).all() and far[0, 0] == near[0, 0]
    u.step(1)
    assert u.background == 0 and render(u, Viewport(-4000, -4000, 40, 40, 1 / 64)).max() == 0
    out = export_animation(u, tmp_path / "b0.gif", frames=3, viewport=Viewport(-8, -8, 16, 16, 1.0))
    assert out["frames"] == 3 and (tmp_path / "b0.gif").is_file()
