"""The ``life`` command line: run patterns, export animations, benchmark, inspect and convert pattern files.

One click group with subcommands; ``life COMMAND --help`` describes each. Every user error (bad pattern, rule,
topology, size or path) is one line on stderr and exit status 2; Ctrl-C exits with status 130 and leaves no
partial output file. Shell completion comes from click through the entry point, e.g. for bash:
``eval "$(_LIFE_COMPLETE=bash_source life)"``.

Each subcommand lives in a module of this package (``run``: run, bench; ``files``: info, convert, patterns;
``census``: census, emerge; ``view``: view; ``demo``: demo) that is imported only when the command is used.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__
from .common import LifeCommand, one_line, user_errors

__all__ = ["main"]

# click >= 8.2 raises this for a bare `life`; older versions print the help and exit 0 themselves.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        prog = prog_name or "life"
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as e:
            click.echo(e.ctx.get_help())
            sys.exit(0)
        except click.ClickException as e:
            where = getattr(getattr(e, "ctx", None), "command_path", None) or prog
            hint = ""
            if isinstance(e, click.UsageError) and getattr(e, "ctx", None) is not None:
                hint = f" (see '{e.ctx.command_path} --help')"
            click.echo(f"{where}: error: {one_line(e.format_message())}{hint}", err=True)
            sys.exit(2)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo(f"{prog}: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`life patterns | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except user_errors() as e:  # commands registered without LifeCommand
            click.echo(f"{prog}: error: {one_line(e)}", err=True)
            sys.exit(2)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=LifeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="life")
def main():
    """Conway's Game of Life and other Life-like rules: run patterns, export animations, open a window,
    census random soups and sweep their size for emergent abilities, benchmark engines, inspect and convert
    pattern files."""
