"""Fuzzing: mutated real pattern files make the readers raise PatternError and nothing else.

The default run tries a few hundred mutations; the run marked slow tries 10^4. A small cap keeps a mutated
run count from materialising millions of cells (the cap path itself is what such a mutation should hit).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from life import library
from life.formats import PatternError, from_text, to_text
from tests.oracle import GOLLY_PATTERNS

GOLLY_LIFE = GOLLY_PATTERNS / "Life"  # Golly's folder of Life patterns


def _bases():
    texts = [e.path.read_text() for e in library.entries() if e.path.stat().st_size < 4000]
    if GOLLY_LIFE.is_dir():
        texts += [p.read_text(errors="replace") for p in sorted(GOLLY_LIFE.rglob("*.rle")) if p.stat().st_size < 3000]
    # Hand-written files exercising the corners of the grammar.
    texts += [
        "#N Glider\n#O someone\n#C a comment\n#c another\n#CXRLE Pos=-3,4 Gen=17\n#r 23/3\n"
        "x = 3, y = 3, rule = B3/S23:T10,8\nbo$2bo$3o! trailing text\n",
        "#P 5 -5\nx = 12, y = 4\n 2o 10b\r\n$ 3 $o11o ! \n",
        "#R 1 2\n3b2o$$12bobo$1o!\n",
    ]
    glider = library.load("glider")
    texts += [to_text(glider, fmt) for fmt in ("cells", "life106", "life105", "mc")]
    return texts


BASES = _bases()
SPICE = list("0123456789bo$!.ABpx#=,-+ \t\n\r:*O[]MTP") + ["\x00", "\u00e9", "99999999999", "x = ", "#CXRLE Pos=",
                                                            "rule = ", "#Life 1.0", "[M2]\n", "\r\n", "9" * 45]


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate", "swap"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        if op == "insert":
            piece = draw(st.sampled_from(SPICE) | st.text(max_size=5))
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "replace":
            text = text[:i] + draw(st.sampled_from(SPICE)) + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "truncate":
            text = text[:i]
        else:
            lines = text.split("\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


def _only_pattern_errors(text):
    for fmt in (None, "rle"):
        try:
            from_text(text, fmt, path="fuzz", cap=10_000)
        except PatternError as e:
            assert e.path == "fuzz"
            assert "\n" not in str(e)
        try:
            from_text(text.encode("utf-8", "surrogatepass"), fmt, cap=10_000)
        except PatternError:
            pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_raise_only_pattern_error(text):
    _only_pattern_errors(text)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_raise_only_pattern_error_long(text):
    _only_pattern_errors(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_pattern_error(text):
    _only_pattern_errors(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_pattern_error(data):
    try:
        from_text(data, cap=10_000)
    except PatternError:
        pass
