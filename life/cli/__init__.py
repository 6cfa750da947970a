"""The ``life`` command line: run patterns, export animations, benchmark, inspect and convert pattern files.

One click group with subcommands; ``life COMMAND --help`` describes each. Every user error (bad pattern, rule,
topology, size or path) is one line on stderr and exit status 2; Ctrl-C exits with status 130 and leaves no
partial output file. Shell completion comes from click through the entry point, e.g. for bash:
``eval "$(_LIFE_COMPLETE=bash_source life)"``.

Each subcommand lives in a module of this package (``run``: run, bench; ``files``: info, convert, patterns;
``census``: census, emerge; ``view``: view; ``demo``: demo) that is imported only when the command is used.
"""

# ruff: noqa: E402 - the Ctrl-C handler goes in before anything slow is imported

from __future__ import annotations

import sys
from pathlib import Path

from . import interrupts

if Path(sys.argv[0] if sys.argv else "").name in ("life", "__main__.py"):  # the program, not an importer
    interrupts.install()  # first: a Ctrl-C while the command line loads exits 130 too, without a traceback

import importlib
import inspect
import os
import re

import click

from .. import __version__
from . import numba_cache
from .common import LifeCommand, describe, one_line, user_errors

__all__ = ["main"]

# click >= 8.2 raises this for a bare `life`; older versions print the help and exit 0 themselves.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def summary(command) -> str:
    """The first sentence of ``command``'s help (its ``short_help`` when set), on one line."""
    if command.short_help:
        return command.short_help
    text = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
    m = re.match(r"(.+?\.)(?:\s|$)", text)
    return m.group(1) if m else text


class LifeGroup(click.Group):
    """The ``life`` group: subcommands use LifeCommand, and errors are reported on one line.

    Subcommands are imported from their modules only when used, so that ``life run`` loads neither the census
    nor the window.
    """

    command_class = LifeCommand
    lazy_commands = {"run": "life.cli.run", "bench": "life.cli.run", "info": "life.cli.files",
                     "convert": "life.cli.files", "patterns": "life.cli.files", "census": "life.cli.census",
                     "emerge": "life.cli.census", "view": "life.cli.view",
                     "demo": "life.cli.demo"}  # command -> its module

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx, name):
        if name in self.lazy_commands:
            return getattr(importlib.import_module(self.lazy_commands[name]), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        """The command list of ``life --help``: each command's first sentence, wrapped, never cut off."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, summary(cmd)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        prog = prog_name or "life"
        try:
            interrupts.begin()
            notice = numba_cache.ensure_writable()
            if notice:
                click.echo(f"{prog}: {notice}", err=True)
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except BaseException as e:  # noqa: BLE001 - every way out is mapped to a status below
            sys.exit(self._exit_status(e, prog))
        if interrupts.received():  # an interrupt something swallowed: the run did not finish as asked
            sys.exit(self._exit_status(KeyboardInterrupt(), prog))
        sys.exit(rv if isinstance(rv, int) else 0)

    @staticmethod
    def _exit_status(e: BaseException, prog: str) -> int:
        """Report ``e`` on stderr (one line) and return the exit status; re-raise what is not a user error."""
        if isinstance(e, SystemExit):
            if interrupts.received() and e.code not in (None, 0):
                click.echo(f"{prog}: interrupted", err=True)
                return 130
            raise e
        if isinstance(e, (click.exceptions.Abort, KeyboardInterrupt)) or interrupts.received():
            # after Ctrl-C, whatever surfaced (Numba reports an interrupt inside its calls as SystemError) is it
            click.echo(f"{prog}: interrupted", err=True)
            return 130
        if isinstance(e, _NO_ARGS_IS_HELP):
            click.echo(e.ctx.get_help())
            return 0
        if isinstance(e, click.ClickException):
            where = getattr(getattr(e, "ctx", None), "command_path", None) or prog
            hint = ""
            if isinstance(e, click.UsageError) and getattr(e, "ctx", None) is not None:
                hint = f" (see '{e.ctx.command_path} --help')"
            click.echo(f"{where}: error: {one_line(e.format_message())}{hint}", err=True)
            return 2
        if isinstance(e, BrokenPipeError):
            # The reader went away (`life patterns | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        if isinstance(e, user_errors()):  # commands registered without LifeCommand
            click.echo(f"{prog}: error: {describe(e)}", err=True)
            return 2
        raise e


@click.group(cls=LifeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="life")
def main():
    """Conway's Game of Life and other Life-like rules: run patterns, export animations, open a window,
    census random soups and sweep their size for emergent abilities, benchmark engines, inspect and convert
    pattern files."""
