"""read/write dispatch: suffixes, sniffing, gzip, atomic writes, and the PatternError contract."""

from __future__ import annotations

import gzip
import os
import pickle

import numpy as np
import pytest

import life
from life import formats
from life.formats import PatternError, read, write
from life.pattern import Pattern
from life.rules import Rule

GLIDER = Pattern(np.array([(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]), name="Glider", author="R. K. Guy",
                 comments=("c",))
SUFFIXES = {".rle": "rle", ".cells": "cells", ".lif": "life106", ".life": "life106", ".mc": "mc"}


@pytest.mark.parametrize("suffix", [*SUFFIXES, *(s + ".gz" for s in SUFFIXES)])
def test_write_then_read_by_suffix(tmp_path, suffix):
    path = tmp_path / f"glider{suffix}"
    write(GLIDER, path)
    raw = path.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") == suffix.endswith(".gz")
    text = gzip.decompress(raw).decode() if suffix.endswith(".gz") else raw.decode()
    assert text == formats.to_text(GLIDER, SUFFIXES[suffix.removesuffix(".gz")])
    assert read(path) == GLIDER
    assert read(str(path)) == GLIDER
    assert life.load(path) == GLIDER
    assert os.listdir(tmp_path) == [path.name]  # no temporary file left


def test_life105_is_selectable(tmp_path):
    path = tmp_path / "g.lif"
    write(GLIDER, path, fmt="life105")
    assert path.read_text().startswith("#Life 1.05")
    assert read(path) == GLIDER
    life.save(GLIDER, tmp_path / "h.lif", fmt="1.05")
    assert (tmp_path / "h.lif").read_text().startswith("#Life 1.05")


def test_format_sniffed_when_suffix_is_unknown(tmp_path):
    for fmt in ("rle", "cells", "life106", "life105", "mc"):
        path = tmp_path / f"pattern-{fmt}.txt"
        path.write_text(formats.to_text(GLIDER, fmt))
        got = read(path)
        assert got.same_cells(GLIDER), fmt
    (tmp_path / "bare").write_text("bo$2bo$3o!\n")
    assert read(tmp_path / "bare").same_cells(GLIDER)
    (tmp_path / "dots").write_text(".O.\n..O\nOOO\n")
    assert read(tmp_path / "dots").same_cells(GLIDER)


def test_gzip_content_is_detected_whatever_the_name(tmp_path):
    path = tmp_path / "glider.rle"
    path.write_bytes(gzip.compress(formats.to_text(GLIDER, "rle").encode()))
    assert read(path) == GLIDER


def test_signature_line_wins_over_a_misleading_suffix(tmp_path):
    path = tmp_path / "really-macrocell.rle"
    path.write_text(formats.to_text(GLIDER, "mc"))
    assert read(path) == GLIDER


def test_text_and_bytes_sources():
    assert read("x = 3, y = 3\nbo$2bo$3o!").same_cells(GLIDER)
    assert read("bo$2bo$3o!").same_cells(GLIDER)
    assert read(b"#Life 1.06\n0 0\n").population == 1
    assert read(formats.to_text(GLIDER, "rle").encode("latin-1")) == GLIDER
    assert formats.from_text("#N Caf\xe9\no!".encode("latin-1")).name == "Caf\xe9"


def test_missing_file_and_unknown_things(tmp_path):
    with pytest.raises(PatternError, match="no such file") as err:
        read(tmp_path / "nope.rle")
    assert err.value.path == str(tmp_path / "nope.rle")
    with pytest.raises(PatternError, match="not a regular file"):
        read(tmp_path)
    with pytest.raises(PatternError, match="empty pattern source"):
        read("  ")
    with pytest.raises(PatternError, match="cannot read a pattern from int"):
        read(42)
    with pytest.raises(PatternError, match="unrecognised pattern format"):
        formats.from_text("hello world\n")
    with pytest.raises(PatternError, match="binary"):
        read(b"\x00\x01\x02 not text")
    with pytest.raises(PatternError, match="gzip"):
        read(b"\x1f\x8b\x08 truncated")
    with pytest.raises(PatternError, match="unknown pattern format"):
        formats.to_text(GLIDER, "png")


def test_errors_carry_the_path(tmp_path):
    path = tmp_path / "bad.rle"
    path.write_text("x = 3, y = 3\nbo$2b%!\n")
    with pytest.raises(PatternError) as err:
        read(path)
    e = err.value
    assert (e.path, e.line, e.column) == (str(path), 2, 6)
    assert str(e) == f"{path}:2:6: unexpected character '%' in RLE body"
    assert isinstance(e, ValueError)
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == str(e) and again.line == 2


def test_error_message_is_one_line():
    e = PatternError("two\nlines\r\n  here", "p.rle", 3, None)
    assert str(e) == "p.rle:3: two lines here"
    assert str(PatternError("x")) == "<text>: x"


def test_write_is_atomic_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "keep.rle"
    path.write_text("old content")

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(formats.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write(GLIDER, path)
    monkeypatch.undo()
    assert path.read_text() == "old content"
    assert os.listdir(tmp_path) == ["keep.rle"]


def test_write_interrupted_while_writing_leaves_nothing(tmp_path, monkeypatch):
    real_fsync = os.fsync

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(formats.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(GLIDER, tmp_path / "new.rle")
    monkeypatch.setattr(formats.os, "fsync", real_fsync)
    assert os.listdir(tmp_path) == []


def test_write_errors(tmp_path):
    with pytest.raises(PatternError, match="unknown pattern file suffix"):
        write(GLIDER, tmp_path / "glider.png")
    with pytest.raises(PatternError, match="cannot write"):
        write(GLIDER, tmp_path / "missing-dir" / "g.rle")
    with pytest.raises(PatternError, match="only write a Pattern"):
        write("not a pattern", tmp_path / "g.rle")
    huge = Pattern(np.array([[0, 0], [2 ** 40, 2 ** 40]]))
    with pytest.raises(PatternError, match="too large to write as plaintext") as err:
        write(huge, tmp_path / "huge.cells")
    assert err.value.path == str(tmp_path / "huge.cells")
    assert os.listdir(tmp_path) == []
    write(huge, tmp_path / "huge.rle")  # sparse formats are fine
    assert read(tmp_path / "huge.rle").same_cells(huge)


def test_written_files_get_normal_permissions(tmp_path):
    write(GLIDER, tmp_path / "g.rle")
    mode = (tmp_path / "g.rle").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_cap_applies_through_read(tmp_path):
    path = tmp_path / "line.rle"
    path.write_text("x = 1000, y = 1\n1000o!\n")
    with pytest.raises(PatternError, match="cap"):
        read(path, cap=999)
    assert read(path, cap=1000).population == 1000


def test_format_for_path():
    assert formats.format_for_path("a/b.RLE") == "rle"
    assert formats.format_for_path("x.cells.gz") == "cells"
    assert formats.format_for_path("x.life") == "lif"
    assert formats.format_for_path("x.txt") is None
    assert formats.format_for_path("noext") is None


def test_rules_round_trip_through_every_format(tmp_path):
    p = GLIDER.replace(rule=Rule.parse("B36/S23:T30,20"))
    for suffix in SUFFIXES:
        write(p, tmp_path / f"t{suffix}")
        assert read(tmp_path / f"t{suffix}").rule == p.rule, suffix
