"""``life census`` (the ash of pattern files or random soups, by apgcode) and ``life emerge`` (abilities that
emerge as soups grow).

Bad input is one line on stderr and exit status 2. The census package itself (which loads Numba) is imported
only when a command runs, so that ``life --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import secrets
import sys
import threading
from pathlib import Path

import click

from ..limits import DEFAULT_MAX_GENS
from .common import PATTERN, LifeCommand, UserError, emit_json, load_pattern, one_line

__all__ = ["census", "emerge"]

# Every error class of life (RuleError, PatternError, EngineError...) is a ValueError.
_CENSUS_ERRORS = (ValueError, OSError, RuntimeError)


def _one_line_errors(command):
    """Report what ``command`` raises of _CENSUS_ERRORS as a one-line UserError."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except _CENSUS_ERRORS as e:
            raise UserError(one_line(e)) from None

    return wrapper


def _rule(text):
    from ..rules import Rule, RuleError

    try:
        rule = Rule.parse(text)
    except RuleError as e:
        raise UserError(one_line(e)) from None
    if rule.topology is not None:
        raise UserError(f"rule {text!r}: the census runs on the unbounded plane; drop the :T/:P suffix")
    _check_plane_rule(rule)
    return rule


def _check_plane_rule(rule, where: str = "") -> None:
    from ..engines.base import EngineError, check_plane_rule

    try:
        check_plane_rule(rule)
    except EngineError as e:
        raise UserError(f"{where}{e}") from None


def _pattern_census(paths, max_gens: int, as_json: bool, rule_text):
    from ..census.objects import Classifier
    from ..census.stabilise import stabilise

    results = []
    classifiers: dict = {}
    for path in paths:
        pat = load_pattern(path) if isinstance(path, str) else path  # a Pattern: an apgsearch soup
        if not isinstance(path, str):
            path = pat.name
        if rule_text:
            pat = pat.replace(rule=_rule(rule_text))
        elif pat.rule.topology is not None:
            pat = pat.replace(rule=pat.rule.with_topology(None))
        _check_plane_rule(pat.rule, f"{path}: ")
        c = classifiers.setdefault(pat.rule.bs, Classifier(pat.rule))
        out = stabilise(pat, max_gens=max_gens, classifier=c)
        results.append((path, pat, out))
    if as_json:
        data = []
        for path, pat, out in results:
            data.append({"pattern": str(path), "rule": pat.rule.bs, "population": pat.population,
                         "settled": out.settled, "generation": out.generation, "settled_at": out.settled_at,
                         "period": out.period, "category": out.category, "code": out.code,
                         "counts": dict(sorted(out.counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                         "objects": [{"apgcode": o.apgcode, "kind": o.kind, "period": o.period, "dx": o.dx,
                                      "dy": o.dy, "population": o.population} for o in out.objects],
                         "leftovers": [{"category": c, "population": n} for c, n in out.leftovers]})
        emit_json(data if len(data) > 1 else data[0], ensure_ascii=False)
        return
    for k, (path, pat, out) in enumerate(results):
        if k:
            click.echo("")
        name = pat.name or Path(str(path)).name
        if out.settled:
            click.echo(f"{name}: settled by generation {out.settled_at} (confirmed at {out.generation}), "
                       f"ash period {out.period}, {len(out.objects)} objects")
        else:
            click.echo(f"{name}: did not settle: {out.category}, {out.code} (stopped at generation {out.generation}); "
                       f"{len(out.objects)} objects so far")
        for n, code, what in _object_rows(out):
            click.echo(f"  {n:6d}  {code:<24s} {what}")
        for cat, npop in out.leftovers:
            click.echo(f"  {1:6d}  {'(unseparated)':<24s} {cat} cluster of {npop} cells")


def _object_rows(out):
    """(count, apgcode, description) rows for a pattern's census, most common first: a spaceship gets one row
    per direction of travel, so that gliders flying apart are not all shown going one way."""
    groups: dict = {}
    for o in out.objects:
        key = (o.apgcode, (o.dx, o.dy) if o.kind == "spaceship" else None)
        if key not in groups:
            groups[key] = [0, o]
        groups[key][0] += 1
    rows = []
    for (code, _), (n, o) in groups.items():
        what = {"still": "still life", "oscillator": f"oscillator p{o.period}",
                "spaceship": f"spaceship p{o.period} ({o.dx:+d},{o.dy:+d})"}[o.kind]
        rows.append((n, code, what))
    return sorted(rows, key=lambda r: (-r[0], r[1], r[2]))


@click.command("census", cls=LifeCommand)
@click.argument("patterns", nargs=-1, type=PATTERN)
@click.option("--soups", "soups", type=click.IntRange(min=1), default=None,
              help="Census N random soups instead of pattern files.")
@click.option("--size", type=click.IntRange(min=1, max=4096), default=16, show_default=True,
              help="Soup side (cells).")
@click.option("--density", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Probability that a soup cell is alive.")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Census seed (default: random, printed). Soup i depends only on (seed, i).")
@click.option("--apg-seed", "apg_root", metavar="ROOT", default=None,
              help="With --soups: run apgsearch's C1 soups ROOT0, ROOT1, ... (16×16, as Catagolue) instead.")
@click.option("--soup-id", "soup_id", metavar="ID", default=None,
              help="Census apgsearch's C1 soup ID (a soup id from Catagolue) instead of PATTERN files.")
@click.option("--rule", "-r", "rule_text", default=None, help="Rule (default B3/S23; for files: the file's rule).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: every core).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on the Dask distributed cluster at ADDRESS (needs life[dask]).")
@click.option("--max-gens", type=click.IntRange(min=1), default=DEFAULT_MAX_GENS, show_default=True,
              help="Generation cap before a pattern is declared unsettled.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_line_errors
def census(patterns, soups, size, density, seed, apg_root, soup_id, rule_text, workers, scheduler, max_gens, as_json):
    """Census the ash of PATTERN files, or of --soups N random soups (Catagolue style).

    Each pattern runs on the unbounded plane until only still lifes, oscillators and escaping spaceships remain;
    every object is counted by its apgcode. Patterns that never settle are reported as gun, puffer, linear
    growth or unknown. With --soups, objects seen fewer than 10 times come with a sample soup (index and RLE).
    """
    if soup_id is not None:
        if patterns or soups is not None:
            raise UserError("--soup-id replaces PATTERN files and --soups: give only one of them")
        from ..sources import read_soup_id

        patterns = (read_soup_id(soup_id),)
    if apg_root is not None and soups is None:
        raise UserError("--apg-seed needs --soups N")
    if apg_root is not None and seed is not None:
        raise UserError("--apg-seed and --seed pick different soups: give only one of them")
    if soups is None:
        if not patterns:
            raise UserError("give PATTERN files or --soups N")
        if scheduler:
            raise UserError("--scheduler applies to --soups censuses only")
        _pattern_census(patterns, max_gens, as_json, rule_text)
        return
    if patterns:
        raise UserError("give either PATTERN files or --soups N, not both")
    from ..census.soups import census_soups

    rule = _rule(rule_text or "B3/S23")
    if seed is None:
        seed = 0 if apg_root is not None else secrets.randbits(32)
    progress = None if as_json or not sys.stderr.isatty() else _progress
    with _compile_notice(progress) as watched:
        result = census_soups(soups, size=size, density=density, seed=seed, rule=rule, workers=workers,
                              scheduler=scheduler, max_gens=max_gens, progress=watched, apg_root=apg_root)
    if progress is not None:
        click.echo("", err=True)
    data = result.to_dict()
    if as_json:
        emit_json(data, ensure_ascii=False)
        return
    which = f"apgsearch C1 soups of seed root {apg_root}, rule {rule.bs}" if apg_root is not None else \
        f"soups {size}x{size}, density {density:g}, rule {rule.bs}, seed {seed}"
    click.echo(f"census of {result.soups} {which}: {result.soups_per_second:.0f} soups/s ({result.seconds:.1f} s)")
    for code, n in result.ranked():
        line = f"  {n:8d}  {code}"
        if code in result.unsettled:
            line += f"   ({result.unsettled[code]})"
        if code in data["samples"]:
            line += f"   (first in soup {result.soup_name(data['samples'][code]['index'])})"
        click.echo(line)
    if data["samples"]:
        click.echo("")
        click.echo("sample soups for objects seen fewer than 10 times:")
        by_soup: dict = {}  # one soup can be the first for several objects: print it once
        for code, smp in data["samples"].items():
            by_soup.setdefault(smp["index"], (smp["rle"], []))[1].append(code)
        for _index, (rle, codes) in sorted(by_soup.items()):  # each RLE's #N line names its soup
            click.echo(f"# first seen in this soup: {', '.join(codes)}")
            click.echo(rle.rstrip())


@contextlib.contextmanager
def _compile_notice(progress, after: float = 2.0):
    """Say on stderr that the kernels are compiling when the first chunk of soups takes over ``after`` seconds
    (the first census after an install compiles them; they are cached afterwards). Yields the progress
    callback to pass on; the timer thread is gone by the time the first chunk reports, before worker processes
    are forked."""
    timer = threading.Timer(after, lambda: click.echo(
        "compiling the census kernels (the first run after an install; cached afterwards)...", err=True))
    timer.daemon = True

    def watched(done, total):
        if timer.is_alive():
            timer.cancel()
            timer.join()
        if progress is not None:
            progress(done, total)

    timer.start()
    try:
        yield watched
    finally:
        timer.cancel()


def _progress(done, total):  # pragma: no cover - cosmetic (TTY only)
    click.echo(f"\r{done}/{total} soups", err=True, nl=False)


def _int_list(text, what):
    try:
        vals = [int(v) for v in str(text).replace(" ", "").split(",") if v]
    except ValueError:
        raise UserError(f"--{what}: expected comma-separated integers, got {text!r}") from None
    if not vals or min(vals) < 1:
        raise UserError(f"--{what}: expected positive integers, got {text!r}")
    return vals


@click.command("emerge", cls=LifeCommand)
@click.option("--sizes", default=None, metavar="LIST",
              help="Soup sides to sweep, comma-separated (default 8,16,...,1024, or a --from file's sizes).")
@click.option("--budget", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Run for this long, putting soups where they narrow the widest interval "
                   "(default 120 s without --soups-per-size or --from).")
@click.option("--soups-per-size", "per_size", default=None, metavar="LIST",
              help="Run fixed soup counts instead: one number, or one per size.")
@click.option("--target", type=click.FloatRange(min=0, min_open=True), default=None, metavar="HALF-WIDTH",
              help="Stop early once every 95% interval is at most ±HALF-WIDTH.")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Sweep seed (default 0, or the --from file's): soup i of a size depends only on (seed, i).")
@click.option("--density", type=click.FloatRange(0.0, 1.0), default=None, help="Soup density (default 0.5).")
@click.option("--rule", "-r", "rule_text", default=None, help="Rule of the soups (default B3/S23).")
@click.option("--max-gens", type=click.IntRange(min=1), default=None,
              help=f"Generation cap before a soup is declared unsettled (default {DEFAULT_MAX_GENS}).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: every core).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on the Dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 (needs life[dask]).")
@click.option("--from", "sources", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Start from saved results (repeat to merge runs, a cluster's say); with --budget or "
                   "--soups-per-size, run more soups on top.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Save the results, every per-soup record included, as JSON (also every 30 s while it runs, "
                   "so that an interrupted sweep resumes with --from FILE).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Write the emergence plot (PNG/SVG/PDF) here.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (the table goes to stderr).")
@_one_line_errors
def emerge(sizes, budget, per_size, target, seed, density, rule_text, max_gens, workers, scheduler, sources,
           out_path, plot_path, as_json):
    """Sweep soup sizes and measure the fraction of soups showing each ability.

    Abilities: emits a glider; emits another spaceship; holds a pulsar, a pentadecathlon, an oscillator of
    period >= 3; leaves a still life of >= 20 cells; lives > 1,000 / > 10,000 generations; never settles.
    Each comes with a 95% interval per size and a fit of P = 1 - exp(-rate * area). Progress (soups per size,
    widest intervals, time left) goes to stderr.

    \b
    On a cluster: start a scheduler and workers, then point the sweep at it:
      dask scheduler --port 8786                                  # on the head node
      dask worker tcp://HEAD:8786 --nworkers 8 --nthreads 1       # on each machine
      life emerge --scheduler tcp://HEAD:8786 --budget 3600 --out run.json
    """
    from ..census import sweep_results
    from ..census.emerge import DEFAULT_SIZES, MAX_SIZE, sweep

    loaded = None
    if sources:
        loaded = sweep_results.merge([sweep_results.load(p) for p in sources])
    size_list = _int_list(sizes, "sizes") if sizes is not None else None
    soups = None
    if per_size is not None:
        soups = _int_list(per_size, "soups-per-size")
        n_sizes = len(size_list) if size_list else len(DEFAULT_SIZES)
        if len(soups) == 1:
            soups = soups[0]
        elif len(soups) != n_sizes:
            raise UserError(f"--soups-per-size: {len(soups)} numbers for {n_sizes} sizes")
    for what, path in (("--plot", plot_path), ("--out", out_path)):
        if path is not None and not Path(path).resolve().parent.is_dir():
            raise UserError(f"{what}: directory {Path(path).resolve().parent} does not exist")
    if plot_path is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UserError("--plot needs matplotlib (pip install 'life[plot]')") from None
    asked = {"density": density, "rule": None if rule_text is None else _rule(rule_text).bs, "max_gens": max_gens}
    if loaded is not None:
        params, records, runs = loaded
        for key, value in asked.items():
            if value is not None and value != params[key]:
                raise UserError(f"--{key.replace('_', '-')} {value} differs from the --from file's "
                                f"{params[key]}: a sweep continues with the same soups")
        if size_list is None:
            size_list = sorted({r["size"] for r in records}) or list(DEFAULT_SIZES)
        if seed is None:
            seed = max((r["seed"] for r in records), default=0)
    else:
        params = {"density": 0.5 if density is None else density, "rule": asked["rule"] or "B3/S23",
                  "max_gens": DEFAULT_MAX_GENS if max_gens is None else max_gens}
        records, runs = [], []
    size_list = size_list or list(DEFAULT_SIZES)
    if max(size_list) > MAX_SIZE:
        raise UserError(f"--sizes: soups are at most {MAX_SIZE} cells wide, got {max(size_list)}")
    rule = _rule(params["rule"])
    if loaded is not None and budget is None and soups is None:
        result = sweep_results.summarise(records, params, runs, size_list)  # a redraw: no new soups
    else:
        result = sweep(size_list, soups, seed=seed or 0, density=params["density"], rule=rule, workers=workers,
                       scheduler=scheduler, budget=budget, max_gens=params["max_gens"], progress=_emerge_progress,
                       records=records, runs=runs, target=target,
                       checkpoint=None if out_path is None else functools.partial(sweep_results.save, path=out_path))
    if out_path is not None:
        sweep_results.save(result, out_path)
    if plot_path is not None:
        from ..census.emerge_plot import plot

        plot(result, plot_path)
    if as_json:
        click.echo(sweep_results.dumps(result))
    for line in _emerge_table(result):
        click.echo(line, err=as_json)
    for what, path in (("results", out_path), ("plot", plot_path)):
        if path is not None:
            click.echo(f"{what} written to {path}", err=as_json)


def _emerge_progress(line):  # pragma: no cover - cosmetic
    click.echo(line, err=True)


def _fmt_rate(v):
    return "-" if v is None else f"{v:.3g}"


def _emerge_table(result):
    """The human-readable summary of a sweep: fractions per size and ability, the fits, the time taken."""
    rows = result["sizes"]
    names = list(result["abilities"])
    yield (f"emergence sweep, rule {result['rule']}, density {result['density']:g}, seeds "
           f"{','.join(map(str, result['seeds'])) or '-'}: {result['soups']:,} soups")
    yield f"{'':>18} " + " ".join(f"{str(r['size']) + '²':>13}" for r in rows)
    yield f"{'soups':>18} " + " ".join(f"{r['soups']:>13,}" for r in rows)
    for n in names:
        cells = []
        for r in rows:
            a = r["abilities"][n]
            cells.append("-" if a["fraction"] is None else f"{a['fraction']:.3f}±{(a['hi'] - a['lo']) / 2:.3f}")
        yield f"{n:>18} " + " ".join(f"{c:>13}" for c in cells)
    m = result["rarefaction_soups"]
    yield f"{'species in ' + str(m):>18} " + " ".join(
        f"{'-' if r['species_rarefied'] is None else format(r['species_rarefied'], '.1f'):>13}" for r in rows)
    yield f"{'s per soup':>18} " + " ".join(
        f"{'-' if r['cost_per_soup'] is None else format(r['cost_per_soup'], '.4f'):>13}" for r in rows)
    yield f"{'CPU s per soup':>18} " + " ".join(
        f"{'-' if r['cpu_per_soup'] is None else format(r['cpu_per_soup'], '.4f'):>13}" for r in rows)
    yield ""
    yield "fit P = 1 - exp(-rate * area):"
    yield f"  {'ability':<18} {'rate per cell':>13} {'95% interval':>21} {'50% at area':>12}  fit"
    for n, f in result["fits"].items():
        if f is None:
            continue
        ci = f"{_fmt_rate(f['rate_lo'])}..{_fmt_rate(f['rate_hi'])}"
        half = "-" if f["area_at_half"] is None else f"{f['area_at_half']:,.0f}"
        if f["p_value"] is None:
            verdict = "one size: untested"
        elif f["fails"]:
            w = f["worst"]
            verdict = (f"FAILS (p = {f['p_value']:.1g}); worst at {w['area']:,} cells: {w['observed']:.3f} seen, "
                       f"{w['fitted']:.3f} fitted")
        else:
            verdict = f"ok (p = {f['p_value']:.2f})"
        yield f"  {n:<18} {_fmt_rate(f['rate_per_cell']):>13} {ci:>21} {half:>12}  {verdict}"
    big = next((r for r in reversed(rows) if r["soups"]), None)
    if big is not None and big["cpu_per_soup"]:
        yield (f"largest size {big['size']}²: {big['soups']:,} soups at {big['cpu_per_soup']:.3f} CPU-s "
               f"({big['cost_per_soup']:.3f} s wall) each: 100 soups there take {100 * big['cpu_per_soup']:.0f} CPU-s")
    for run in result["runs"][-1:]:
        soups = run["soups"]
        cpu = run["cpu_seconds"] or run.get("soup_cpu_seconds", 0)  # the clock of os.times ticks in 10 ms
        rate = f"{soups / cpu:.1f} soups per CPU-second" if cpu else "- soups per CPU-second"
        rate += f", {cpu:.0f} CPU-s" if cpu >= 10 else f", {cpu:.2f} CPU-s"
        budget = "" if run["budget"] is None else f" of a {run['budget']:g} s budget"
        yield (f"this run: {soups:,} soups in {run['seconds']:.1f} s{budget} ({rate}, "
               f"{run['workers']} workers on {run['cores']} cores, load average {run['load_start']} at the start, "
               f"{run['load_end']} at the end)")
