"""How an error reads to a person: one line, shared by the command line and the window."""

from __future__ import annotations

__all__ = ["one_line"]


def one_line(err) -> str:
    """``err`` (an exception or text) as one line: every run of whitespace, newlines included, becomes one space;
    an OSError reads ``file: reason``; an exception without a message reads as its class name."""
    if isinstance(err, OSError):
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        text = where + str(err.strerror or err)
    else:
        text = str(err)
    folded = " ".join(text.split())
    return folded or (type(err).__name__ if isinstance(err, BaseException) else "")
