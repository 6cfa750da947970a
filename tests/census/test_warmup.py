"""The census kernels compiled in a helper process on the first run (``life.census.warmup``)."""

from life.census import warmup
from life.census.soups import census_soups
from tests.cli_runner import invoke


def test_the_helper_compiles_the_kernels_with_the_census_argument_types():
    warmup.compile_kernels()
    kernels = warmup._kernels()
    before = [len(k.signatures) for k in kernels]
    assert all(before)
    census_soups(30, apg_root="k_warmup", workers=1)
    # the census found every kernel it calls already compiled for its arguments: nothing new was compiled
    assert [len(k.signatures) for k in kernels] == before
    assert warmup.kernels_cached()


def test_no_helper_once_the_kernels_are_cached():
    warmup.compile_kernels()
    assert warmup.start_background_compile() is None


class _Helper:
    """Stands in for the helper process."""

    def __init__(self):
        self.ended = False

    def poll(self):
        return 0 if self.ended else None

    def terminate(self):
        self.ended = True

    def wait(self):
        self.ended = True
        return 0


def test_census_says_at_once_that_it_compiles_and_ends_the_helper(monkeypatch):
    helper = _Helper()
    monkeypatch.setattr(warmup, "start_background_compile", lambda: helper)
    r = invoke("census", "--soups", 8, "--seed", 3, "--workers", 2)
    assert r.exit_code == 0
    assert "compiling the census kernels" in r.stderr and helper.ended
    # one process: no helper, and with the kernels cached no notice either
    monkeypatch.setattr(warmup, "start_background_compile", lambda: 1 / 0)
    r = invoke("census", "--soups", 8, "--seed", 3, "--workers", 1)
    assert r.exit_code == 0 and r.stderr == ""
