"""``life view --benchmark``: the window run for a number of seconds with the pattern running, measured.

Each frame waits for the step in flight, so the count is of pictures of the universe that the window showed
(frames inside a block of 2^k generations show none), after the universe is built and its kernels are warm.
"""

from __future__ import annotations

import time

__all__ = ["run"]


def run(app, seconds: float, warmup_limit: float = 300.0) -> dict:
    """Run the pattern for ``seconds`` with frames drawn as fast as the worker delivers them (each frame
    waits for the step in flight, so each shows new generations), after the universe is built and its
    kernels warm. Returns the pictures shown (``frames``), generations, frames/s, generations/s and the worst,
    median and first time between two pictures (ms; the first includes the run's undo record when a board too
    small for ``Controller.prepare`` to take it ahead needs one)."""
    t_limit = time.perf_counter() + warmup_limit
    while (app.universe is None or not app.sim.warmed or app.sim.replacing) \
            and time.perf_counter() < t_limit and not app.quit:
        app.frame()
        time.sleep(0.01)
    app.sim.running = True
    app.frame(wait=True)
    g0, t0 = _shown_generation(app), time.perf_counter()
    times, last, picture = [], t0, app._frame
    while time.perf_counter() - t0 < seconds and not app.quit:
        app.frame(wait=True)
        if app._frame is not picture:  # a new picture of the universe (frames inside a 2^k block show none)
            picture, now = app._frame, time.perf_counter()
            times.append(now - last)
            last = now
    elapsed = time.perf_counter() - t0
    gens = _shown_generation(app) - g0
    first = times[0] if times else None
    times.sort()
    return {"seconds": round(elapsed, 3), "frames": len(times), "generations": gens,
            "frames_per_s": round(len(times) / elapsed, 2), "generations_per_s": round(gens / elapsed, 2),
            "worst_frame_ms": round(1000 * times[-1], 2) if times else None,
            "median_frame_ms": round(1000 * times[len(times) // 2], 2) if times else None,
            "first_frame_ms": round(1000 * first, 2) if times else None,
            "size": list(app.size), "zoom": app.camera.zoom,
            "engine": app.universe.name if app.universe is not None else None}


def _shown_generation(app) -> int:
    return app.sim.shown_state[0]

