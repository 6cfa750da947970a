"""Spanish error messages: real errors from the readers, rules, soups, limits and engines, translated whole."""

import re

import pytest

import life
from life import Pattern, make_universe
from life.errors import one_line
from life.rules import Rule
from life.soup import parse_soup
from life.ui import text as T
from life.ui.text_es_errors import spanish_error

BAD_FILES = {
    "badchar.rle": "x = 3, y = 3\nbo$2bq$3o!\n",
    "nox.rle": "y = 3\nbo$!\n",
    "header.rle": "x = 3, y = -3\nbo$!\n",
    "badrule.rle": "x = 3, y = 3, rule = B9/S23\nbo$!\n",
    "count.rle": "x = 3, y = 3\n3b2!\n",
    "empty.rle": "",
    "bad.cells": "!Name: x\n.O.\n.X.\n",
    "bad.lif": "#Life 1.06\n1 2\n3 x\n",
    "bad.mc": "[M2]\n$$$$$$$$\n4 1 2 3 4\n",
    "hello.txt": "hello\n",
    "bin.rle": "\x00\x01\x02",
}
BAD_RULES = ["B9/S23", "B3/S23:T0,0+1", "foo", "B33/S23", "B3/S23:Q1", "R2,C2,S2-3,B3", "B3/S23/5", "",
             "B3/S23:S10,20", "B3/S23:K10*,10*", "B2x/S23"]
BAD_SOUPS = ["10xx", "100000000x100000000", "10x10:2", "10x10@-1"]
BAD_UNIVERSES = [("torus:2000000x2000000", "auto"), ("torus:10x0", "dense"), ("torus:4x4", "auto"),
                 ("plane", "strip"), ("torus:64x64", "tiled")]
# English words that no Spanish translation keeps (file names, quoted text and grid syntax are removed first)
ENGLISH = re.compile(r"\b(the|is|not|expected|must|cannot|bad|unsupported|unknown|beyond|than|needs|file|"
                     r"pattern|rule|cells?|or|and|with|only|lie|outside|grid|engine|empty|such|no such|"
                     r"birth|survival|followed|got|too|large|memory|set)\b", re.IGNORECASE)


def corpus(tmp_path):
    """One-line English errors, produced by feeding bad input to the real readers, parsers and engines."""
    out = []

    def catch(fn, *args, **kw):
        with pytest.raises(ValueError) as info:
            fn(*args, **kw)
        out.append(one_line(info.value))

    for name, body in BAD_FILES.items():
        path = tmp_path / name
        path.write_bytes(body.encode("latin-1"))
        catch(life.load, str(path))
    catch(life.load, str(tmp_path / "missing.rle"))
    catch(life.load, str(tmp_path))
    catch(life.load, "glidr")
    for text in BAD_RULES:
        catch(Rule.parse, text)
    for text in BAD_SOUPS:
        catch(parse_soup, text)
    for topo, algo in BAD_UNIVERSES:
        catch(make_universe, Pattern.from_strings(["OOOOO"]), topo, algo=algo)
    u = make_universe(Pattern(), "bounded:10x10")
    catch(u.set_cells, [(100, 100)])
    try:
        open(tmp_path / "no-such-dir" / "x.rle")
    except OSError as e:
        out.append(one_line(e))
    return out


def kept_parts(text):
    """What a translation must keep: the place (file:line:column), quoted text and numbers."""
    m = re.match(r"(\S+?:\d+(?::\d+)?): ", text)
    quoted = re.findall(r"'[^']*'", text)
    return ([m.group(1)] if m else []), quoted, re.findall(r"\d+(?:\.\d+)?", text)


def test_every_error_of_the_corpus_has_a_whole_spanish_translation(tmp_path):
    messages = corpus(tmp_path)
    assert len(messages) >= 30
    for en in messages:
        es = spanish_error(en)
        assert es is not None, en
        assert es != en, en
        places, quoted, numbers = kept_parts(en)
        for place in places:
            assert es.startswith(place + ": "), (en, es)
        for part in quoted + numbers:
            assert part in es, (part, en, es)
        rest = es
        for part in places + quoted + [str(tmp_path), "Larger than Life"]:  # and a family's proper name
            rest = rest.replace(part, " ")
        rest = re.sub(r"\S*[:/]\S*", " ", rest)  # paths and grid syntax (torus:10x0, :T100,80, B3/S23)
        assert not ENGLISH.search(rest), (en, es)


def test_a_message_without_a_template_stays_english_not_half_translated():
    assert spanish_error("something odd happened: no such file") is None
    assert spanish_error("bad rule 'x': something odd") is None
    assert T.error_text("es", ValueError("something odd")) == "something odd"
    assert T.error_text("en", ValueError("bad soup 'x': density is not a number")) == \
        "bad soup 'x': density is not a number"
    assert T.error_text("es", ValueError("bad soup 'x': density is not a number")) == \
        "sopa errónea 'x': la densidad no es un número"


# ---------------------------------------------------------------------------------------------- in the window
def _key(pygame, k, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))


def _type(pygame, app, s):
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=s))
    _key(pygame, pygame.K_RETURN)
    for _ in range(3):
        app.frame()
    app.settle()
    app.frame()


def test_the_spanish_window_shows_a_bad_file_and_a_bad_typed_rule_in_spanish(make_app, tmp_path):
    pygame = pytest.importorskip("pygame")
    bad = tmp_path / "bad.rle"
    bad.write_text("x = 3, y = 3\nbo$2bo$3q!\n")
    app = make_app(Pattern.from_strings(["OO", "OO"]), lang="es")
    _key(pygame, pygame.K_o, unicode="o")
    app.frame()
    _type(pygame, app, str(bad))
    assert app.prompt is not None
    assert app.prompt.error == f"{bad}:2:9: no admitido: patrón de varios estados (estado de célula 'q'); solo " \
                               "se leen patrones de dos estados (b/o)"
    _key(pygame, pygame.K_ESCAPE)
    app.frame()
    _key(pygame, pygame.K_l, mod=pygame.KMOD_LCTRL)
    app.frame()
    assert app.prompt is not None and app.prompt.kind == "rule"
    _key(pygame, pygame.K_u, mod=pygame.KMOD_LCTRL)  # clear the current rule
    _type(pygame, app, "B9/S23")
    assert app.prompt.error == "regla errónea 'B9/S23': 9 no es un número de vecinas (0-8) en la parte de nacimiento"
    assert app.universe.rule.bs == "B3/S23"


def test_a_spanish_notice_of_an_engine_error(make_app):
    app = make_app(Pattern.from_strings(["O"]), lang="es", topology="bounded:10x10")
    app.sim.report(ValueError("cells lie outside the 10x10 bounded grid (x -5..4, y -5..4)"))
    assert app.message == ("Error: hay células fuera de la rejilla acotada de 10x10 (x -5..4, y -5..4)", True)


def test_the_spanish_window_names_the_themes_in_spanish(make_app):
    pygame = pytest.importorskip("pygame")
    app = make_app(Pattern.from_strings(["O"]), lang="es")
    names = set()
    for _ in range(2):
        _key(pygame, pygame.K_b, unicode="b")
        app.frame()
        names.add(app.message[0])
    assert names == {"Tema: claro", "Tema: oscuro"}
    assert T.theme_name("en", "dark") == "dark" and T.theme_name("es", "sepia") == "sepia"
