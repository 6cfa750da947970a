"""The command line under a demanding user: Ctrl-C stops every run, every input is refused or run clearly, one
vocabulary of options and errors, each fact printed once, animations that keep the action in view."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
import types

import click
import numpy as np
import pytest
from PIL import Image

import life
from life import cli
from life.cli import interrupts
from life.cli import run as cli_run

from .test_commands import GLIDER_RLE, runner
from .test_entrypoint import LIFE, ROOT, needs_install

ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def invoke(*args):
    return runner().invoke(cli.main, [str(a) for a in args], prog_name="life", catch_exceptions=False)


def run_json(*args):
    r = invoke("run", *args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def glider(tmp_path):
    p = tmp_path / "glider.rle"
    p.write_text(GLIDER_RLE)
    return p


def one_error_line(r, command="run"):
    """The one stderr line of a refused command (exit status 2, no traceback)."""
    assert r.exit_code == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith(f"life {command}: error: "), lines[0]
    return lines[0]


# -- Ctrl-C ----------------------------------------------------------------------------------------------------------
def interrupt(args, cwd, after=2.0):
    """Run ``life ARGS``, send SIGINT after ``after`` seconds; (status, stderr, seconds it took to stop)."""
    p = subprocess.Popen([LIFE, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=ENV)
    try:
        time.sleep(after)
        assert p.poll() is None, p.communicate()
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
        return p.returncode, err, time.monotonic() - t0
    finally:
        if p.poll() is None:
            p.kill()


@needs_install
@pytest.mark.parametrize("args", [
    ["glider", "-t", "torus:64x64", "--gens", "1e9", "--out", "x.rle"],       # one Numba call stepped it all
    ["glider", "--gens", "1e9", "--out", "x.rle"],                            # tiled plane
    ["--soup", "64x64@1", "--algo", "plane", "--gens", "1e9", "--progress"],  # plane engine, progress bar
    ["--soup", "64x64@1", "-t", "torus:64x64", "--gens", "1e9", "--gif", "x.gif", "--every", "1000"],
])
def test_ctrl_c_stops_every_long_run_quickly(tmp_path, args):
    status, err, took = interrupt(["run", *args], tmp_path)
    assert status == 130 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "life: interrupted"
    assert took < 10  # within a second on a quiet machine; generous for a loaded test runner
    assert os.listdir(tmp_path) == []  # no partial file


def test_ctrl_c_during_start_up_exits_130_without_traceback(tmp_path):
    # the signal arrives once the command line is imported and before the command runs
    code = ("import os, signal, sys\nsys.argv[0] = 'life'\nimport life.cli\nos.kill(os.getpid(), signal.SIGINT)\n"
            "import life.cli.run\nlife.cli.main(['run', 'glider', '--gens', '5', '--out', 'x.rle'])\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=ENV,
                       timeout=120)
    assert r.returncode == 130 and r.stderr.strip() == "life: interrupted", r.stderr
    assert os.listdir(tmp_path) == []


def test_an_error_caused_by_ctrl_c_inside_numba_exits_130(monkeypatch, glider):
    # Numba reports an interrupt that lands inside its dispatcher as an unrelated SystemError
    from life.engines.tiled.universe import TiledPlaneUniverse

    def step(self, n=1):
        interrupts._handler(signal.SIGINT, None)
        raise SystemError("CPUDispatcher(<function step>) returned a result with an exception set")

    monkeypatch.setattr(TiledPlaneUniverse, "step", step)
    r = invoke("run", glider, "--gens", 1000)
    assert r.exit_code == 130 and r.stderr.strip() == "life: interrupted", r.stderr


def test_a_first_ctrl_c_inside_a_kernel_call_waits_for_it_to_return():
    raised = []
    interrupts._state["received"] = False
    with pytest.raises(KeyboardInterrupt):
        with interrupts.deferred():
            interrupts._handler(signal.SIGINT, None)  # remembered, not raised
            raised.append(False)
    assert raised == [False] and interrupts.received()
    with pytest.raises(KeyboardInterrupt), interrupts.deferred():
        interrupts._handler(signal.SIGINT, None)  # the second one raises at once
    interrupts._state["received"] = False


def test_a_ctrl_c_swallowed_by_a_c_callback_is_remembered_without_a_traceback(capsys):
    # llvmlite calls back into Python while Numba compiles; an interrupt there is "unraisable"
    interrupts._state["received"] = False
    interrupts._unraisable(types.SimpleNamespace(exc_value=KeyboardInterrupt()))
    assert interrupts.received() and capsys.readouterr().err == ""
    with pytest.raises(KeyboardInterrupt):
        interrupts.check()
    interrupts._state["received"] = False


def test_stepping_calls_are_short_so_ctrl_c_is_seen(glider):
    u = life.make_universe(life.load(glider), "torus:64x64")
    calls = []
    step = u.step
    u.step = lambda n: (calls.append(n), step(n))[1]
    s = cli_run._Stepper(u)
    t0 = time.perf_counter()
    s(200_000)
    took = time.perf_counter() - t0
    assert u.generation == 200_000 and sum(calls) == 200_000
    assert len(calls) > 1 and calls[0] == 1  # starts small, grows to about CHUNK_S per call
    assert took / len(calls) < 1.0


# -- Dask without workers ----------------------------------------------------------------------------------------
def test_dask_cluster_without_workers_fails_after_a_bounded_wait(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from life.census.pool import run_tasks

    monkeypatch.setenv("LIFE_DASK_WORKER_WAIT", "1")
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        t0 = time.monotonic()
        with pytest.raises(RuntimeError, match="has no workers"):
            list(run_tasks(abs, range(3), scheduler=cluster.scheduler_address))
        assert time.monotonic() - t0 < 30
        r = invoke("census", "--soups", 3, "--scheduler", cluster.scheduler_address)
        assert "has no workers" in one_error_line(r, "census")


def _slow_square(x):
    time.sleep(0.2)
    return x * x


def test_dask_cluster_that_loses_its_workers_says_so(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from life.census.pool import run_tasks

    monkeypatch.setenv("LIFE_DASK_WORKER_WAIT", "1")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        results = run_tasks(_slow_square, range(40), scheduler=cluster.scheduler_address)
        next(results)
        cluster.scale(0)
        with pytest.raises(RuntimeError, match="lost every worker"):
            list(results)


# -- Numba's cache, first-run compile notice, threads --------------------------------------------------------------
def test_unwritable_numba_cache_falls_back_to_a_temporary_folder(tmp_path):
    # /proc refuses new files even to root: neither the "install" nor the user's cache folder can be written
    code = ("import sys\nfrom pathlib import Path\nimport life.cli.numba_cache as nc\n"
            "nc.KERNEL_FOLDERS = (Path('/proc/life-nope'),)\nfrom life.cli import main\n"
            "main(['run', 'glider', '-t', 'torus:16x16', '--gens', '3'])\n")
    env = dict(ENV, XDG_CACHE_HOME="/proc/life-nope", TMPDIR=str(tmp_path))
    env.pop("NUMBA_CACHE_DIR", None)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    notice = [ln for ln in r.stderr.splitlines() if "Numba" in ln]
    assert len(notice) == 1 and "not writable" in notice[0] and str(tmp_path) in notice[0]
    assert "generation:     3" in r.stdout
    cached = tmp_path / f"life-numba-cache-{os.getuid()}"
    assert any(cached.rglob("*.nbi"))  # the kernels were cached there


def test_writable_cache_changes_nothing(monkeypatch):
    from life.cli import numba_cache

    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.delitem(sys.modules, "numba", raising=False)  # as if numba were not loaded yet
    assert numba_cache.ensure_writable() is None
    assert "NUMBA_CACHE_DIR" not in os.environ


def test_compile_notice_on_stderr_with_progress_only(monkeypatch, glider):
    monkeypatch.setattr(cli_run, "COMPILE_NOTICE_S", 0.0)  # treat the warm-up as slow, as a first run is
    slow = cli_run._warm_up

    def warm_up(u, backend, notice):
        slow(u, backend, notice)
        time.sleep(0.2)  # let the notice thread print

    monkeypatch.setattr(cli_run, "_warm_up", warm_up)
    r = invoke("run", glider, "-t", "torus:32x32", "--gens", 5, "--progress")
    assert r.exit_code == 0 and "compiling kernels for B3/S23 (first run only)…" in r.stderr
    r = invoke("run", glider, "-t", "torus:32x32", "--gens", 5)
    assert r.exit_code == 0 and r.stderr == ""


def test_first_run_in_a_fresh_cache_says_it_compiles(tmp_path):
    env = dict(ENV, NUMBA_CACHE_DIR=str(tmp_path))
    code = "import sys\nsys.argv[0] = 'life'\nfrom life.cli import main\nmain(sys.argv[1:])\n"
    r = subprocess.run([sys.executable, "-c", code, "run", "glider", "-t", "torus:32x32", "--gens", "50",
                        "--progress", "--json"], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "compiling kernels for B3/S23 (first run only)…" in r.stderr
    d = json.loads(r.stdout)
    # compile time stays out of the rate: the timed steps are a sliver of the run
    assert d["step_s"] < d["elapsed_s"] / 2


def test_small_dense_boards_step_on_one_thread(monkeypatch):
    import numba

    from life.engines import dense

    seen = []
    monkeypatch.setattr(dense, "kernel_for", lambda rule: lambda words, *a: (seen.append(numba.get_num_threads()),
                                                                             words)[1])
    before = numba.get_num_threads()
    life.make_universe(life.Pattern(rule=life.Rule()), "torus:64x64").step(3)
    life.make_universe(life.Pattern(rule=life.Rule()), "torus:1024x1024").step(3)
    assert seen == [1, before] and numba.get_num_threads() == before


# -- one vocabulary ------------------------------------------------------------------------------------------------
def test_every_error_class_is_exported_and_a_life_error():
    from life import (
        EngineError,
        ExportError,
        LifeError,
        PatternError,
        RenderError,
        RuleError,
        SoupError,
        UnknownPatternError,
    )

    for cls in (EngineError, ExportError, PatternError, RenderError, RuleError, SoupError, UnknownPatternError):
        assert issubclass(cls, LifeError) and issubclass(cls, ValueError)
        assert cls.__name__ in life.__all__
    with pytest.raises(LifeError):
        life.load("no-such-pattern-anywhere")


def _commands():
    ctx = click.Context(cli.main)
    return {name: cli.main.get_command(ctx, name) for name in cli.main.list_commands(ctx)}


def test_rule_is_dash_r_and_workers_is_one_name_everywhere():
    for name, cmd in _commands().items():
        for p in cmd.params:
            if isinstance(p, click.Option) and "--rule" in p.opts:
                assert "-r" in p.opts, name
            assert "--threads" not in p.opts or p.hidden, name
            assert "--size" not in p.opts or p.hidden or name in ("census", "view", "demo"), name
    assert any("--workers" in p.opts for p in _commands()["bench"].params)


def test_old_option_spellings_still_work(glider, tmp_path):
    d = run_json(glider, "--gens", 4, "--gif", tmp_path / "a.gif", "--size", "40x30")
    assert (d["animation"]["width"], d["animation"]["height"]) == (40, 30)
    d = run_json(glider, "--gens", 4, "--gif", tmp_path / "b.gif", "--image-size", "40x30")
    assert (d["animation"]["width"], d["animation"]["height"]) == (40, 30)
    r = invoke("bench", "--size", 16, "--threads", 1, "--gens", 1, "--repeats", 1, "--backend", "numpy", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["size"] == 16
    assert "--board" in invoke("bench", "--help").stdout and "--threads" not in invoke("bench", "--help").stdout


def test_every_option_has_help_and_the_command_list_is_not_cut_off():
    for name, cmd in _commands().items():
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.hidden:
                assert p.help, f"life {name} {p.opts[0]}"
    out = invoke("--help").stdout
    listing = out[out.index("Commands:"):]
    assert "..." not in listing
    assert "Run PATTERN (a file or a bundled pattern name) for --gens generations." in " ".join(listing.split())


def _complete(command, option, incomplete):
    cmd = _commands()[command]
    param = next(p for p in cmd.params if option in (p.opts if isinstance(p, click.Option) else [p.name]))
    ctx = click.Context(cmd, info_name=command)
    return param.shell_complete(ctx, incomplete)


def test_shell_completion_of_files_choices_and_bundled_names():
    for command, option in (("run", "--out"), ("run", "--gif"), ("convert", "dest")):
        assert [(c.type, c.value) for c in _complete(command, option, "x")] == [("file", "x")]
    assert [c.value for c in _complete("run", "--algo", "ha")] == ["hashlife"]
    assert [c.value for c in _complete("run", "-t", "to")] == ["torus:"]
    assert [c.value for c in _complete("run", "--theme", "li")] == ["light"]
    assert [c.value for c in _complete("patterns", "--category", "osc")] == ["oscillator"]
    for command, arg in (("run", "pattern"), ("view", "pattern"), ("info", "pattern"), ("convert", "source"),
                         ("census", "patterns")):
        values = [c.value for c in _complete(command, arg, "glid")]
        assert "glider" in values, command


def test_completion_through_the_entry_point():
    env = dict(ENV, _LIFE_COMPLETE="bash_complete", COMP_WORDS="life run --algo hash", COMP_CWORD="3")
    code = "from life.cli import main\nmain(prog_name='life')\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and "hashlife" in r.stdout, r.stderr


# -- messages --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, command, words", [
    (["census", "--soups", "3", "--rule", "B9"], "census", "bad rule"),
    (["emerge", "--sizes", "x"], "emerge", "--sizes"),
    (["census", "missing-file.rle"], "census", "no such file"),
    (["patterns", "-c", "nosuch"], "patterns", "unknown category 'nosuch'"),
])
def test_errors_name_their_subcommand_and_leak_no_placeholder(args, command, words):
    line = one_error_line(invoke(*args), command)
    assert words in line and "<text>" not in line


@pytest.mark.parametrize("target", ["out.rle", "anim.gif"])
def test_cannot_write_names_the_users_file_and_the_real_cause(monkeypatch, glider, tmp_path, target):
    out = tmp_path / target
    flag = "--out" if target.endswith(".rle") else "--gif"

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("life.atomic.os.fsync", full_disk)
    line = one_error_line(invoke("run", glider, "--gens", 2, flag, out))
    assert line == f"life run: error: cannot write {out}: no space left on device"
    assert os.listdir(tmp_path) == ["glider.rle"]
    monkeypatch.undo()
    (tmp_path / "folder.rle").mkdir()
    line = one_error_line(invoke("run", glider, "--out", tmp_path / "folder.rle"))
    assert line == f"life run: error: cannot write {tmp_path / 'folder.rle'}: is a directory"
    monkeypatch.setattr("life.cli.common._read_only", lambda folder: True)
    line = one_error_line(invoke("run", glider, flag, out))
    assert line == f"life run: error: cannot write {out}: read-only file system"


def test_gens_in_scientific_notation(glider):
    assert run_json(glider, "--gens", "1e2")["generation"] == 100
    assert run_json(glider, "--gens", "2.5e1")["generation"] == 25
    line = one_error_line(invoke("run", glider, "--gens", "1.5"))
    assert "not a whole number" in line


def test_png_claims_one_frame(glider, tmp_path):
    r = invoke("run", glider, "--gens", 12, "--gif", tmp_path / "last.png")
    assert r.exit_code == 0
    assert "(the last frame, generation 12," in r.stdout and "frames" not in r.stdout
    assert run_json(glider, "--gens", 12, "--gif", tmp_path / "l2.png")["animation"]["frames"] == 1


# -- silent acceptances become clear outcomes ------------------------------------------------------------------
def test_refused_inputs(glider, tmp_path):
    assert "needs a width and height" in one_error_line(invoke("run", glider, "-t", "torus:0x0"))
    assert "needs a width and height" in one_error_line(invoke("run", glider, "-t", "bounded:0x0"))
    empty = tmp_path / "empty.rle"
    empty.write_text("")
    assert one_error_line(invoke("run", empty)) == f"life run: error: {empty}: the file is empty: it holds no pattern"
    assert "empty" in one_error_line(invoke("info", empty), "info")
    line = one_error_line(invoke("run", glider, "--gens", 10, "--every", 20, "--gif", tmp_path / "a.gif"))
    assert "--every 20 is more than --gens 10" in line
    assert "1" in one_error_line(invoke("census", "--soups", 0), "census")


def test_an_explicit_path_is_never_a_library_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("./glider.rle", "glider.rle", "sub/glider"):
        line = one_error_line(invoke("info", name), "info")
        assert "no such file" in line and name in line and "Glider" not in line
        with pytest.raises(life.PatternError, match="no such file"):
            life.load(name)
    assert life.load("glider").population == 5  # a bare name still is one
    (tmp_path / "glider.rle").write_text(GLIDER_RLE.replace("bo$2bo$3o!", "3o!"))
    assert life.load("./glider.rle").population == 3


# -- each fact once ------------------------------------------------------------------------------------------------
def test_info_prints_each_fact_once():
    out = invoke("info", "gosper-glider-gun").stdout
    values = [ln.split(":", 1)[1].strip() for ln in out.splitlines() if ":" in ln and not ln.startswith(" ")]
    values = [v for v in values if v]
    assert len(values) == len(set(values)), out
    desc = next(ln for ln in out.splitlines() if ln.startswith("description:")).split(":", 1)[1].strip()
    comments = [ln.strip() for ln in out.splitlines() if ln.startswith("  ")]
    assert not any(c and c in desc for c in comments), out


def test_census_shows_each_gliders_direction(tmp_path):
    # two gliders flying apart: one towards +x+y, one towards -x-y
    p = tmp_path / "two.rle"
    p.write_text("x = 23, y = 23, rule = B3/S23\n3o$o$bo18$21bo$22bo$20b3o!\n")
    out = invoke("census", p).stdout
    ships = [ln for ln in out.splitlines() if "spaceship" in ln]
    assert len(ships) == 2 and {ln.split("(")[-1] for ln in ships} == {"+1,+1)", "-1,-1)"}, out
    assert all(ln.split()[0] == "1" for ln in ships)


def test_census_prints_each_sample_soup_once():
    r = invoke("census", "--soups", 60, "--seed", 4, "--workers", 1)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    names = [ln for ln in lines if ln.startswith("#N soup")]
    assert names and len(names) == len(set(names))
    d = json.loads(invoke("census", "--soups", 60, "--seed", 4, "--workers", 1, "--json").stdout)
    assert len(names) == len({s["index"] for s in d["samples"].values()})
    assert sum(ln.count("soup 4/") for ln in lines if ln.startswith("#")) == len(names)  # named once each


def test_hashlife_prints_generations_per_second(glider):
    r = invoke("run", glider, "--algo", "hashlife", "--gens", 1 << 20)
    assert r.exit_code == 0 and "generations/s:" in r.stdout and "cell-updates/s" not in r.stdout
    d = run_json(glider, "--algo", "hashlife", "--gens", 1 << 20)
    assert d["cell_updates_per_s"] is None and d["generations_per_s"] > 0


# -- animations keep the action in view -------------------------------------------------------------------------
def _live_counts(path):
    from life.render import LIVE, THEMES

    im = Image.open(path)
    counts = []
    for i in range(im.n_frames):
        im.seek(i)
        rgb = np.asarray(im.convert("RGB"))
        counts.append(int(np.all(rgb == THEMES["dark"].palette[LIVE], axis=-1).sum()))
    return counts


def test_a_glider_stays_in_view_for_the_whole_run(glider, tmp_path):
    gif = tmp_path / "g.gif"
    run_json(glider, "--gens", 100, "--every", 10, "--gif", gif)
    counts = _live_counts(gif)
    assert len(counts) == 11 and len(set(counts)) == 1 and counts[0] > 0  # 5 cells × zoom² in every frame


def test_the_quickstart_gun_keeps_its_gliders_in_view(tmp_path):
    gif = tmp_path / "gosper.gif"
    d = run_json("gosper-glider-gun", "--gens", 240, "--every", 40, "--gif", gif)
    counts = _live_counts(gif)
    zoom2 = counts[0] // 36  # the gun has 36 cells
    assert counts[0] == 36 * zoom2 and counts[-1] == d["population"] * zoom2
