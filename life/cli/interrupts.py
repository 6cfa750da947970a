"""Ctrl-C on the command line: every run stops within a second, with exit status 130 and no traceback.

A Numba kernel cannot be interrupted: Python runs the SIGINT handler only when the call returns, and an exception
raised while Numba's own C code (its dispatcher, its cache loader) is between two calls comes back as an unrelated
error (``SystemError: ... returned a result with an exception set``). So the command line installs ``handler``:
it remembers that Ctrl-C was pressed, and inside a ``deferred()`` block (a kernel call) it only remembers, the
caller stepping in short chunks and calling ``check()`` between them. A second Ctrl-C inside such a block raises at
once. The start-up (importing the command line and what it needs) is deferred the same way until ``begin``.
``received()`` lets the entry point map whatever error an interrupt caused to status 130.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

__all__ = ["begin", "check", "deferred", "install", "received"]

# deferring: how many deferred() blocks (and the start-up, until begin()) are open
_state = {"received": False, "deferring": 0, "starting": False}


def _handler(signum, frame):
    first = not _state["received"]
    _state["received"] = True
    if first and _state["deferring"]:
        return  # raised by check() when the kernel call (or the start-up) is over
    raise KeyboardInterrupt


def _unraisable(report, _default=sys.unraisablehook):
    # a KeyboardInterrupt raised inside a C callback (llvmlite's, while Numba compiles) cannot propagate and is
    # printed as "Exception ignored" with a traceback; remember it instead: the run stops at its next check()
    if isinstance(report.exc_value, KeyboardInterrupt):
        _state["received"] = True
        return
    _default(report)


def install() -> None:
    """Route SIGINT through this module (main thread only, and unless SIGINT is ignored), starting
    with the start-up deferred: a Ctrl-C while the command line loads is raised by ``begin``."""
    if threading.current_thread() is not threading.main_thread():
        return
    current = signal.getsignal(signal.SIGINT)
    if current is not _handler and current is not signal.SIG_IGN:  # ignored (nohup, a background job): keep it
        signal.signal(signal.SIGINT, _handler)
        sys.unraisablehook = _unraisable
        _state["starting"] = True
        _state["deferring"] += 1


def begin() -> None:
    """A command starts: raise KeyboardInterrupt for a Ctrl-C pressed during the start-up; forget one pressed
    during an earlier command of this process."""
    install()
    if _state["starting"]:
        _state["starting"] = False
        _state["deferring"] -= 1
        check()
    else:
        _state["received"] = False


def received() -> bool:
    """True once Ctrl-C has been pressed since ``install``."""
    return _state["received"]


def check() -> None:
    """Raise KeyboardInterrupt when Ctrl-C has been pressed."""
    if _state["received"]:
        raise KeyboardInterrupt


@contextlib.contextmanager
def deferred():
    """A block during which a first Ctrl-C is remembered instead of raised; it is raised when the block ends."""
    _state["deferring"] += 1
    try:
        yield
    finally:
        _state["deferring"] -= 1
    check()
