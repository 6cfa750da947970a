"""Atomic writes (life/atomic.py): every file the package writes goes through them."""

import os
import stat

import pytest

from life.atomic import replacing, umask, write_bytes


def test_write_bytes_replaces_with_the_mode_a_new_file_gets(tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask()
    assert os.listdir(tmp_path) == ["out.json"]


def test_an_error_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "plot.png"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with replacing(target) as tmp:
            assert tmp.endswith(".png") and os.path.dirname(tmp) == str(tmp_path)
            with open(tmp, "wb") as f:
                f.write(b"half")
            raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["plot.png"]


def test_an_unwritable_folder_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        write_bytes(tmp_path / "missing" / "f.bin", b"x")


def test_macrocell_files_are_not_private(tmp_path):
    # .mc files were once left with mkstemp's private 0600
    from life import Pattern
    from life.engines.hashlife import HashLifeUniverse

    u = HashLifeUniverse(Pattern.from_strings(["OO", "OO"]))
    u.write_macrocell(tmp_path / "b.mc")
    assert stat.S_IMODE(os.stat(tmp_path / "b.mc").st_mode) == 0o666 & ~umask()
