"""The ``life`` command line run in-process for tests (click's CliRunner, stderr kept apart from stdout)."""

from click.testing import CliRunner

from life import cli


def runner() -> CliRunner:
    """A CliRunner whose results have separate ``stdout`` and ``stderr``."""
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output unless told not to
    except TypeError:
        return CliRunner()


def invoke(*args, **kw):
    """``life ARGS...`` (each argument passed through ``str``); exceptions propagate. ``kw``: for
    ``CliRunner.invoke`` (``prog_name="life"`` makes messages read as on a terminal)."""
    return runner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False, **kw)
