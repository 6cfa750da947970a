"""``life info``, ``life convert`` and ``life patterns``: describe, convert and list pattern files and the
bundled library."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    PATTERN,
    LifeCommand,
    check_writable,
    complete_choices,
    complete_path,
    emit_json,
    load_pattern,
    save_pattern,
)

__all__ = ["convert", "info", "patterns"]


def _library_entry(name):
    """The bundled library's Entry for ``name`` when it names one (and is not a file), else None."""
    from .. import library

    if Path(str(name)).exists() or not library.is_name(str(name)):
        return None
    return library.get(str(name))


def _categories():
    from ..library import CATEGORIES

    return CATEGORIES


def _entry_dict(e) -> dict:
    return {"name": e.name, "title": e.title, "category": e.category, "rule": e.rule,
            "description": e.description, "discoverer": e.discoverer, "year": e.year, "period": e.period,
            "displacement": list(e.displacement) if e.displacement is not None else None}


@click.command(cls=LifeCommand)
@click.argument("pattern", type=PATTERN)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info(pattern, as_json):
    """Describe PATTERN (a file or bundled name): name, author, rule, size, population and comments."""
    p = load_pattern(pattern)
    bb = p.bbox
    d = {"source": str(pattern), "name": p.name, "author": p.author, "rule": str(p.rule),
         "width": bb[2] if bb else 0, "height": bb[3] if bb else 0, "population": p.population,
         "bbox": list(bb) if bb else None, "generation": p.generation, "comments": list(p.comments)}
    entry = _library_entry(pattern)
    if entry is not None:
        d["library"] = _entry_dict(entry)
    if as_json:
        emit_json(d)
        return
    rows = [("name", p.name or "(none)"), ("author", p.author or "(none)"), ("rule", str(p.rule)),
            ("size", f"{d['width']}x{d['height']}"), ("population", str(p.population))]
    if p.generation:
        rows.append(("generation", str(p.generation)))
    if entry is not None:
        lib = d["library"]
        rows.append(("category", lib["category"]))
        if lib["period"] is not None:
            rows.append(("period", str(lib["period"])))
        if lib["displacement"] is not None:
            rows.append(("displacement", "({}, {}) per period".format(*lib["displacement"])))
        if lib["discoverer"]:
            found = lib["discoverer"] + (f", {lib['year']}" if lib["year"] else "")
            if _folded(found) not in _folded(p.author or ""):  # the file's author line often says the same
                rows.append(("discovered", found))
        rows.append(("description", lib["description"]))
    for k, v in rows:
        click.echo(f"{k + ':':<14}{v}")
    # the bundled files carry their description as comments: show only the lines it does not already say
    said = _folded(entry.description if entry is not None else "")
    comments = [c for c in p.comments if not (_folded(c) and _folded(c) in said)]
    if comments:
        click.echo("comments:")
        for c in comments:
            click.echo(f"  {c}")


def _folded(text) -> str:
    return " ".join(str(text).split()).lower()


@click.command(cls=LifeCommand)
@click.argument("source", metavar="IN", type=PATTERN)
@click.argument("dest", metavar="OUT", shell_complete=complete_path)
def convert(source, dest):
    """Convert pattern IN (a file or bundled name) to OUT; the format follows OUT's suffix
    (.rle, .cells, .lif/.life, .mc)."""
    p = load_pattern(source)
    check_writable(dest, pattern_file=True)
    save_pattern(p, dest)
    click.echo(f"wrote {dest} ({p.population} cells, {p.rule})")


@click.command(cls=LifeCommand)
@click.option("--category", "-c", metavar="C", shell_complete=complete_choices(_categories),
              help="Only patterns of this category (still-life, oscillator, spaceship, gun...).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def patterns(category, as_json):
    """List the bundled patterns (usable by name wherever a PATTERN is asked for)."""
    from .. import library

    entries = library.entries(category.strip().lower() if category is not None else None)
    rows = [_entry_dict(e) for e in entries]
    if as_json:
        emit_json(rows)
        return
    wn = max([4] + [len(r["name"]) for r in rows])
    wc = max([8] + [len(r.get("category") or "") for r in rows])
    click.echo(f"{'name':<{wn}}  {'category':<{wc}}  {'rule':<10} {'period':>6}  description")
    for r in rows:
        per = r.get("period")
        click.echo(f"{r['name']:<{wn}}  {r.get('category') or '':<{wc}}  {r.get('rule') or '':<10} "
                   f"{'-' if per is None else per:>6}  {r.get('description') or ''}")
