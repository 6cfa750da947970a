"""One wording for errors, shared by the command line and the window."""

import errno

from life.errors import one_line


def test_one_line_folds_whitespace_and_names_files():
    assert one_line(ValueError("bad\n  rule\tB9")) == "bad rule B9"
    assert one_line(OSError(errno.ENOSPC, "No space left on device", "/tmp/x.gif")) == \
        "/tmp/x.gif: No space left on device"
    assert one_line(OSError(errno.EACCES, "Permission denied")) == "Permission denied"
    assert one_line(KeyError()) == "KeyError"
    assert one_line("two\nlines") == "two lines"


def test_cli_and_window_share_it():
    from life.cli import common
    from life.ui import text

    assert common.one_line is one_line and text.one_line is one_line
