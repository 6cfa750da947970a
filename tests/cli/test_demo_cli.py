"""``life demo``: --list (text and JSON, per language), --gif, the window start, and one-line errors."""

import json

import pytest
from PIL import Image

from tests.cli_runner import invoke as invoke_cli


def invoke(*args):
    return invoke_cli("demo", *args)


def test_list_in_english_and_spanish_differs():
    en, es = invoke("--list", "--lang", "en"), invoke("--list", "--lang", "es")
    assert en.exit_code == es.exit_code == 0
    assert en.stdout != es.stdout
    assert en.stdout.splitlines()[0] == "1  Three rules" and es.stdout.splitlines()[0] == "1  Tres reglas"
    assert len(en.stdout.splitlines()) == len(es.stdout.splitlines()) == 7


def test_list_json_parses():
    r = invoke("--list", "--json", "--lang", "es")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["lang"] == "es" and [c["chapter"] for c in data["chapters"]] == list(range(1, 8))
    assert data["chapters"][5]["title"] == "¿Espejismo o realidad?" and data["chapters"][2]["pages"] == ["chaos", "ash"]


@pytest.mark.parametrize("args, message", [
    (["--json"], "--json goes with --list"),
    (["--chapter", "9"], "9"),
    (["--gif", "tour.mp4"], ".gif or .apng"),
    (["--gif", "no/such/dir/tour.gif"], "no such directory"),
    (["--gif", "t.gif", "--size", "100x100"], "at least"),
])
def test_bad_requests_are_one_line_errors(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke(*args)
    assert r.exit_code == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_gif_of_one_chapter(tmp_path):
    out = tmp_path / "ch1.gif"
    r = invoke("--gif", out, "--chapter", "1", "--lang", "es", "--fps", "4")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"wrote {out}:")
    im = Image.open(out)
    assert im.size == (640, 360) and im.n_frames == 36  # 9 s at 4 frames a second


def test_the_window_opens_on_the_chosen_chapter(monkeypatch):
    pytest.importorskip("pygame")
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    from life.ui.app import App

    seen = {}

    def run(self):
        for _ in range(50):  # the page is built on the worker thread
            self.settle()
            self.frame()
            if self.tour.scene is not None:
                break
        seen["page"] = self.tour.scene.key
        seen["standalone"] = self.tour.standalone
        seen["autoplay"] = self.tour.tour.autoplay
        self.close()

    monkeypatch.setattr(App, "run", run)
    r = invoke("--chapter", "7", "--autoplay", "--size", "640x480", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert seen == {"page": "your_turn", "standalone": True, "autoplay": True}
