"""The interactive window (``life view``): a pygame-ce event loop around one Universe.

``App`` is the window (see ``life.ui.app``); ``life.cli.view`` holds the click command. Importing this package
imports neither pygame nor any engine: ``App`` loads them on first use.
"""

__all__ = ["App"]


def __getattr__(name):
    if name == "App":
        from .app import App

        return App
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
