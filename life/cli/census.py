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
@click.option("--sizes", default="8,16,32,64,128,256,512,1024", show_default=True,
              help="Soup sides to sweep, comma-separated.")
@click.option("--soups-per-size", "per_size", default=None,
              help="Soups per size: one number, or one per size (default: fewer as soups grow).")
@click.option("--budget", type=click.FloatRange(min=0), default=None,
              help="Seconds after which no new soup starts (the intervals show what was done).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Sweep seed.")
@click.option("--density", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Probability that a soup cell is alive.")
@click.option("--rule", "-r", "rule_text", default="B3/S23", show_default=True, help="Rule of the soups.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: every core).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Run on the Dask cluster at ADDRESS.")
@click.option("--max-gens", type=click.IntRange(min=1), default=DEFAULT_MAX_GENS, show_default=True,
              help="Generation cap before a soup is declared unsettled.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Write the emergence plot (PNG/SVG/PDF) here.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_line_errors
def emerge(sizes, per_size, budget, seed, density, rule_text, workers, scheduler, max_gens, plot_path, as_json):
    """Sweep soup sizes and measure the fraction of soups showing each 'ability'.

    Abilities: emits a glider; leaves an oscillator of period >= 3; emits a spaceship other than the glider;
    lasts more than 1000 generations; never settles. Also distinct species per soup and in total. Progress goes
    to stderr; --plot draws fractions against soup area (log scale) with 95% confidence bands.
    """
    from ..census.emerge import plot, stderr_progress, sweep

    size_list = _int_list(sizes, "sizes")
    if per_size is None:
        soups = None
    else:
        soups = _int_list(per_size, "soups-per-size")
        if len(soups) == 1:
            soups = soups[0]
        elif len(soups) != len(size_list):
            raise UserError(f"--soups-per-size: {len(soups)} numbers for {len(size_list)} sizes")
    rule = _rule(rule_text)
    if plot_path is not None:
        parent = Path(plot_path).resolve().parent
        if not parent.is_dir():
            raise UserError(f"--plot: directory {parent} does not exist")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UserError("--plot needs matplotlib (pip install 'life[plot]')") from None
    result = sweep(size_list, soups, seed=seed, density=density, rule=rule, workers=workers,
                   scheduler=scheduler, budget=budget, max_gens=max_gens, progress=stderr_progress)
    if plot_path is not None:
        plot(result, plot_path)
    if as_json:
        emit_json(result, ensure_ascii=False)
        return
    names = list(result["abilities"])
    click.echo(f"emergence sweep, rule {result['rule']}, density {result['density']:g}, seed {seed}: "
               f"{result['seconds']:.0f} s")
    click.echo(f"{'size':>6} {'soups':>6}  " + "  ".join(f"{n:>9}" for n in names) +
               f"  {'species/soup':>12} {'species':>7}")
    for r in result["sizes"]:
        cells = []
        for n in names:
            a = r["abilities"][n]
            cells.append(f"{'-' if a['fraction'] is None else format(a['fraction'], '.3f'):>9}")
        sp = "-" if r["species_per_soup"] is None else f"{r['species_per_soup']:.1f}"
        click.echo(f"{r['size']:>6} {r['soups']:>6}  " + "  ".join(cells) + f"  {sp:>12} {r['species_total']:>7}")
    if plot_path is not None:
        click.echo(f"plot written to {plot_path}")
