"""What every ``life`` subcommand shares: the one user-error type, the command class that turns known input
errors into one-line messages, the PATTERN argument type, the universe options, and small parsing helpers."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
from pathlib import Path

import click

from ..engines import ALGORITHMS
from ..errors import cannot_write, one_line

__all__ = ["PATTERN", "Count", "LifeCommand", "UserError", "check_writable", "complete_choices", "complete_path",
           "describe", "emit_json", "load_pattern", "one_line", "override_rule", "parse_size", "renamed_option",
           "renamed_value", "save_pattern", "universe_options", "user_errors", "writing"]


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


def describe(err) -> str:
    """One line for a life error: a PatternError about no file (an unknown library category, say) without the
    ``<text>`` placeholder its ``str()`` puts where the path goes."""
    from ..formats import PatternError

    if isinstance(err, PatternError) and err.path is None and err.line is None:
        return one_line(err.reason)
    return one_line(err)


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
            err = UserError(describe(e))
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


class Count(click.ParamType):
    """A whole number at least ``minimum``, also written in scientific notation (``1e9``, ``2.5e3``)."""

    name = "count"

    def __init__(self, minimum: int = 0):
        self.minimum = minimum

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        else:
            text = str(value).strip()
            try:
                n = int(text)
            except ValueError:
                try:
                    f = float(text)
                except ValueError:
                    f = math.nan
                if not math.isfinite(f) or f != int(f):
                    self.fail(f"{value!r} is not a whole number (e.g. 1000, 1_000_000 or 1e9)", param, ctx)
                n = int(f)
        if n < self.minimum:
            self.fail(f"{value!r} is less than {self.minimum}", param, ctx)
        return n


def renamed_option(old: str, new: str, **kw):
    """A hidden, deprecated ``old`` spelling of option ``new`` that still works: its value arrives in the
    parameter ``<new>_old`` for the command to pass to ``renamed_value``. ``kw``: the option's type and such."""
    dest = new.lstrip("-").replace("-", "_") + "_old"
    return click.option(old, dest, hidden=True, default=None, help=f"Deprecated spelling of {new}.", **kw)


def renamed_value(value, old_value):
    """The value of an option, or ``old_value``, that of its deprecated spelling, when that was given."""
    return value if old_value is None else old_value


def complete_choices(choices):
    """A click ``shell_complete`` function offering ``choices`` (a sequence, or a function returning one)."""

    def complete(ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        values = choices() if callable(choices) else choices
        return [CompletionItem(c) for c in values if c.startswith(incomplete)]

    return complete


def complete_path(ctx, param, incomplete):
    """A click ``shell_complete`` function: let the shell complete a file name."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


TOPOLOGY_COMPLETIONS = ("plane", "torus:", "bounded:")


def _check_topology(ctx, param, value):
    """``--topology`` as given, refused when a torus or bounded grid has no size (``torus:0x0`` would otherwise
    mean the unbounded plane, as Golly's ``:T0,0`` does)."""
    if value is None:
        return None
    from ..rules import RuleError, Topology

    try:
        topo = Topology.parse(value)
    except RuleError as e:
        raise click.BadParameter(one_line(e), ctx, param) from None
    if topo.kind == "plane" and not value.strip().lower().startswith(("plane", "infinite", "unbounded")):
        raise click.BadParameter(f"{value!r}: a torus or bounded grid needs a width and height of at least 1 "
                                 "(for the unbounded plane say plane)", ctx, param)
    return value


def universe_options(command):
    """The --rule, --topology, --algo and --backend options shared by the commands that build a universe."""
    for option in reversed((
            click.option("--rule", "-r", metavar="RULE", help="Rule to run instead of the pattern's (B3/S23, "
                         "23/3, B36/S23:T100,80...)."),
            click.option("--topology", "-t", metavar="torus:WxH|bounded:WxH|plane", callback=_check_topology,
                         shell_complete=complete_choices(TOPOLOGY_COMPLETIONS),
                         help="Where the pattern lives. Default: the rule's bounded-grid suffix, else the "
                              "unbounded plane."),
            click.option("--algo", default="auto", show_default=True, metavar="NAME",
                         shell_complete=complete_choices(ALGORITHMS),
                         help=f"Engine: {', '.join(ALGORITHMS)} (auto: dense for finite grids, tiled for the "
                              "plane)."),
            click.option("--backend", type=click.Choice(["auto", "cpu", "numpy", "cuda"]), default="auto",
                         show_default=True,
                         help="Where the engine runs: cpu (Numba), numpy (the reference engine) or cuda (a CUDA "
                              "GPU, torus and bounded grids; pip install 'life[cuda]')."))):
        command = option(command)
    return command


def parse_size(text, minimum: int = 1, expected: str = "WxH with positive whole numbers, e.g. 640x480",
               option: str = "--size") -> tuple:
    """(width, height) from ``option`` text ``WxH`` (or ``W,H``), each at least ``minimum``; else a UserError
    that says what was ``expected``."""
    m = re.fullmatch(r"\s*(\d+)\s*[xX,]\s*(\d+)\s*", text or "")
    if not m or int(m.group(1)) < minimum or int(m.group(2)) < minimum:
        raise UserError(f"bad {option} {text!r}: expected {expected}")
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
        raise UserError(cannot_write(path, "is a directory"))
    if not d.is_dir():
        raise UserError(cannot_write(path, f"no such directory {d}"))
    if _read_only(d):
        raise UserError(cannot_write(path, "read-only file system"))
    if not os.access(d, os.W_OK | os.X_OK):
        raise UserError(cannot_write(path, "permission denied"))


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


@contextlib.contextmanager
def writing(path):
    """A block that writes ``path``: a failure (a full disk, say) reads ``cannot write PATH: reason``, naming
    ``path``, never the temporary file the write went to."""
    from ..formats import PatternError

    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as e:
        raise UserError(cannot_write(path, e)) from None
    except PatternError as e:
        if e.reason.startswith("cannot write:"):  # life.save's own wording of an OSError
            raise UserError(cannot_write(path, e.reason.split(":", 1)[1].strip())) from None
        raise


def save_pattern(pattern, path) -> None:
    """``life.save(pattern, path)``, a failure reported as ``cannot write PATH: reason``."""
    import life

    with writing(path):
        life.save(pattern, path)


def emit_json(obj, ensure_ascii: bool = True) -> None:
    """Print ``obj`` as indented JSON on stdout."""
    click.echo(json.dumps(obj, indent=2, ensure_ascii=ensure_ascii))
