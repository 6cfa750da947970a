"""The one base class of every error ``life`` raises for bad input, and how an error reads to a person: one line,
shared by the command line and the window."""

from __future__ import annotations

__all__ = ["LifeError", "cannot_write", "one_line"]


class LifeError(ValueError):
    """Base class of every life error (RuleError, PatternError, EngineError, RenderError, ExportError,
    SoupError...). A ValueError too, so that ``except ValueError`` keeps catching them."""


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


def cannot_write(path, err) -> str:
    """The one wording of a failed write, naming the user's ``path`` (never a temporary file's) and the cause
    from ``err`` (an OSError or text): ``cannot write out.gif: no space left on device``."""
    reason = err.strerror if isinstance(err, OSError) and err.strerror else one_line(err)
    return f"cannot write {path}: {reason[:1].lower()}{reason[1:]}"
