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
