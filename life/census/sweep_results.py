"""The scale sweep's results as data: every summary recomputed from the per-soup records, saved, loaded, merged.

A results file is the JSON ``summarise`` returns::

    {"sizes": [{"size", "area", "soups", "abilities": {name: {"k", "n", "fraction", "lo", "hi"}},
                "expected_counts", "species_per_soup", "species_rarefied", "species_total", ...}],
     "fits": {name: {"rate_per_cell", "rate_lo", "rate_hi", "area_at_half", "deviance", "p_value", ...}},
     "rarefaction_soups", "density", "rule", "max_gens", "seeds", "abilities", "runs": [...],
     "records": [one per soup: see abilities.run_soups]}

Only ``records`` and the run parameters are read back: summaries, fits and rarefaction are recomputed, so a redraw
(``--from``), a resumed run and a merge of several machines' runs give exactly what one run would.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..atomic import replacing
from ..errors import LifeError
from .abilities import abilities_for, rarefied_species, summarise_size
from .rates import fit_rate

__all__ = ["SweepError", "FORMAT", "summarise", "dumps", "save", "load", "merge"]

FORMAT = 2
"""Version of the results file (1: the summaries only, without records, as the first ``life emerge`` wrote)."""
_PARAMS = ("density", "rule", "max_gens")


class SweepError(LifeError):
    """A results file that cannot be read or merged (not a sweep, no records, other soups)."""


def summarise(records: list, params: dict, runs: list = (), sizes=()) -> dict:
    """The results dict of ``records`` (see the module docstring). ``params``: density, rule, max_gens;
    ``runs``: what each run that contributed did (time, workers, load); ``sizes``: sizes to list even with no
    soups (the sizes asked for)."""
    abilities = abilities_for(params["max_gens"])
    by_size: dict = {int(s): [] for s in sizes}
    for r in records:
        by_size.setdefault(r["size"], []).append(r)
    rows = []
    for s in sorted(by_size):
        recs = sorted(by_size[s], key=lambda r: (r["seed"], r["index"]))
        rows.append(summarise_size(s, recs, abilities))
    ran = [row["soups"] for row in rows if row["soups"] > 0]
    m = min(ran) if ran else 0
    for row in rows:
        row["species_rarefied"] = rarefied_species(by_size[row["size"]], m) if row["soups"] else None
    fits = {}
    for name in abilities:
        pts = [(row["area"], row["abilities"][name]["k"], row["soups"]) for row in rows if row["soups"]]
        if pts:
            fits[name] = fit_rate(*zip(*pts, strict=True))
    seeds = sorted({r["seed"] for r in records})
    return {"format": FORMAT, **{k: params[k] for k in _PARAMS}, "seeds": seeds, "abilities": abilities,
            "soups": len(records), "sizes": rows, "fits": fits, "rarefaction_soups": m, "runs": list(runs),
            "records": records}


def dumps(result: dict) -> str:
    """A results dict as JSON text: the summaries indented, then the records one per line."""
    head = json.dumps({k: v for k, v in result.items() if k != "records"}, indent=2, ensure_ascii=False)
    recs = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in result.get("records", []))
    return f'{head[:-2]},\n  "records": [\n{recs}\n]\n}}' if recs else f'{head[:-2]},\n  "records": []\n}}'


def save(result: dict, path) -> None:
    """Write a results dict to ``path`` as JSON (``dumps``), atomically. Raises OSError."""
    path = Path(path)
    with replacing(path) as tmp:
        Path(tmp).write_text(dumps(result) + "\n", encoding="utf-8")


def load(path) -> tuple:
    """(params, records, runs) of a results file. Raises SweepError (OSError for an unreadable file)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as e:
        raise SweepError(f"{path}: not JSON ({e})") from None
    if not isinstance(data, dict) or "sizes" not in data:
        raise SweepError(f"{path}: not a life emerge results file")
    if "records" not in data:
        raise SweepError(f"{path}: has no per-soup records (written by an older life emerge); rerun it")
    try:
        params = {k: data[k] for k in _PARAMS}
        records = list(data["records"])
        for r in records:
            r["seed"], r["size"], r["index"]  # noqa: B018 - the keys every record needs
    except (KeyError, TypeError) as e:
        raise SweepError(f"{path}: malformed results file (missing {e})") from None
    return params, records, list(data.get("runs", []))


def merge(loaded) -> tuple:
    """Merge (params, records, runs) triples (from ``load``) into one; a soup (seed, size, index) found in
    several files counts once. Raises SweepError when the files ran different soups (density, rule or
    generation cap differ)."""
    params, records, runs, seen = None, [], [], set()
    for p, recs, rs in loaded:
        if params is None:
            params = dict(p)
        elif p != params:
            diff = ", ".join(f"{k} {params[k]!r} vs {p[k]!r}" for k in _PARAMS if p[k] != params[k])
            raise SweepError(f"cannot merge sweeps of different soups: {diff}")
        for r in recs:
            key = (r["seed"], r["size"], r["index"])
            if key not in seen:
                seen.add(key)
                records.append(r)
        runs.extend(rs)
    return params, records, runs
