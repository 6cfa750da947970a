"""Fixtures shared by the window tests."""

import pytest


@pytest.fixture
def headless(monkeypatch):
    """SDL's dummy video and audio drivers, so that the window opens without a display; closed again after."""
    pygame = pytest.importorskip("pygame")
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    yield
    pygame.display.quit()


@pytest.fixture
def make_app(tmp_path, headless):
    """Build Apps (small, inline worker, English, saving under tmp_path unless told otherwise), settled, with
    the event queue cleared; their workers close after the test."""
    from life.ui.app import App

    pygame = pytest.importorskip("pygame")
    apps = []

    def make(pattern=None, **kw):
        kw.setdefault("size", (320, 240))
        kw.setdefault("threaded", False)
        kw.setdefault("lang", "en")
        kw.setdefault("out_dir", tmp_path)
        app = App(pattern, **kw)
        apps.append(app)
        pygame.event.clear()
        app.settle()
        return app

    yield make
    for a in apps:
        a.worker.close()
