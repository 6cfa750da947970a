"""What every ``life`` subcommand shares: the one user-error type, the command class that turns known input
errors into one-line messages, the PATTERN argument type, the universe options, and small parsing helpers."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from ..engines import ALGORITHMS
from ..errors import one_line

__all__ = ["PATTERN", "LifeCommand", "UserError", "check_writable", "emit_json", "load_pattern", "one_line",
           "override_rule", "parse_size", "universe_options", "user_errors"]


class UserError(click.ClickException):
    """A mistake in the command line or its inputs: reported as one line, exit status 2."""

    exit_code = 2


def user_errors() -> tuple:
    """Exception types that mean bad user input (imported late: the formats package is not needed to start)."""
    from ..engines import EngineError
    from ..export import ExportError
    from ..formats import PatternError  # UnknownPatternError (library) is a PatternError
    from ..render import RenderError
    from ..rules import RuleError
    from ..soup import SoupError

    return RuleError, EngineError, SoupError, RenderError, ExportError, PatternError


class LifeCommand(click.Command):
    """A command that turns known input errors (and file errors) into one-line user errors."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as e:
            e.ctx = getattr(e, "ctx", None) or ctx
            raise
        except click.ClickException:
            raise
        except user_errors() as e:
            err = UserError(one_line(e))
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                raise
            err = UserError(one_line(e))
        err.ctx = ctx
        raise err


class PatternArg(click.ParamType):
    """A pattern file or a bundled pattern name; completes both in the shell."""

    name = "pattern"

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        from .. import library

        try:
            items = [CompletionItem(n) for n in library.names() if n.startswith(incomplete)]
        except ValueError:  # the bundled library is missing: complete files only
            items = []
        return items + [CompletionItem(incomplete, type="file")]


PATTERN = PatternArg()


def universe_options(command):
    """The --rule, --topology, --algo and --backend options shared by the commands that build a universe."""
    for option in reversed((
            click.option("--rule", "-r", metavar="RULE", help="Rule to run instead of the pattern's (B3/S23, "
                         "23/3, B36/S23:T100,80...)."),
            click.option("--topology", "-t", metavar="torus:WxH|bounded:WxH|plane",
                         help="Where the pattern lives. Default: the rule's bounded-grid suffix, else the "
                              "unbounded plane."),
            click.option("--algo", default="auto", show_default=True, metavar="NAME",
                         help=f"Engine: {', '.join(ALGORITHMS)} (auto: dense for finite grids, tiled for the "
                              "plane)."),
            click.option("--backend", type=click.Choice(["auto", "cpu", "numpy", "cuda"]), default="auto",
                         show_default=True,
                         help="Where the engine runs: cpu (Numba), numpy (the reference engine) or cuda (a CUDA "
                              "GPU, torus and bounded grids; pip install 'life[cuda]')."))):
        command = option(command)
    return command


def parse_size(text, minimum: int = 1, expected: str = "WxH with positive whole numbers, e.g. 640x480") -> tuple:
    """(width, height) from ``--size`` text ``WxH`` (or ``W,H``), each at least ``minimum``; else a UserError
    that says what was ``expected``."""
    m = re.fullmatch(r"\s*(\d+)\s*[xX,]\s*(\d+)\s*", text or "")
    if not m or int(m.group(1)) < minimum or int(m.group(2)) < minimum:
        raise UserError(f"bad --size {text!r}: expected {expected}")
    return int(m.group(1)), int(m.group(2))


def override_rule(pattern, rule):
    """``pattern`` under ``rule`` (from --rule); a rule without a grid suffix keeps the pattern's grid."""
    old = pattern.rule.topology
    return pattern.replace(rule=rule if rule.topology or old is None else rule.with_topology(old))


def load_pattern(source):
    """A Pattern from a path or bundled name; PatternError (and the library's errors) pass through."""
    import life

    return life.load(source)


def check_writable(path, pattern_file: bool = False) -> None:
    """Fail before a long run when ``path`` cannot be created (or, for a pattern file, has no known suffix)."""
    p = Path(path)
    if pattern_file:
        from ..formats import format_for_path

        if format_for_path(p) is None:
            raise UserError(f"{path}: unknown pattern file suffix: use .rle, .cells, .lif, .life or .mc "
                            "(optionally with .gz)")
    d = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise UserError(f"cannot write {path}: it is a directory")
    if not d.is_dir():
        raise UserError(f"cannot write {path}: no such directory {d}")
    if not os.access(d, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: permission denied")


def emit_json(obj, ensure_ascii: bool = True) -> None:
    """Print ``obj`` as indented JSON on stdout."""
    click.echo(json.dumps(obj, indent=2, ensure_ascii=ensure_ascii))
