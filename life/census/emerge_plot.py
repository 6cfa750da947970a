"""The scale sweep's figure: abilities switching on with soup area, and the smooth counts behind the switch.

Left: the fraction of soups showing each ability against soup area (log x), 95% Wilson intervals, and the fitted
1 - exp(-λA) curve (dashed where the fit fails its goodness-of-fit test). Middle: objects of each kind per soup
against area on log-log axes, with the line λA of the same fit — the straight line behind the sharp-looking
switch. Right: distinct species (apgcodes) in equal numbers of soups at each size (rarefaction).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..atomic import replacing
from .rates import rate_curve

__all__ = ["SHOWN", "COLORS", "plot"]

SHOWN = ("glider", "other_spaceship", "oscillator_p3plus", "pulsar", "still_life_20plus", "lives_1000",
         "lives_10000", "never_settles")
"""The abilities drawn (the pentadecathlon is in the data; too rare to draw)."""
COLORS = {"glider": "#1f77b4", "other_spaceship": "#d62728", "oscillator_p3plus": "#2ca02c", "pulsar": "#98df8a",
          "still_life_20plus": "#8c564b", "lives_1000": "#9467bd", "lives_10000": "#e377c2",
          "never_settles": "#ff7f0e", "pentadecathlon": "#17becf"}
_MARKERS = {"glider": "o", "other_spaceship": "D", "oscillator_p3plus": "s", "pulsar": "x", "still_life_20plus": "^",
            "lives_1000": "v", "lives_10000": "P", "never_settles": "*", "pentadecathlon": "h"}
_SHORT = {"glider": "emits a glider", "other_spaceship": "emits another spaceship (*WSS)",
          "oscillator_p3plus": "oscillator of period ≥ 3", "pulsar": "pulsar", "still_life_20plus":
          "still life ≥ 20 cells", "lives_1000": "lives > 1,000 gens", "lives_10000": "lives > 10,000 gens",
          "never_settles": "never settles", "pentadecathlon": "pentadecathlon"}


def plot(result: dict, path) -> None:
    """Draw a results dict (``sweep_results.summarise``) to an image file (format from the suffix), atomically.
    Needs matplotlib. Raises OSError when the file cannot be written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in result["sizes"] if r["soups"] > 0]
    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(17, 5.6), gridspec_kw={"width_ratios": [5, 4, 2.4]})
    area = np.array([r["area"] for r in rows], dtype=float)
    fine = np.geomspace(area.min() / 1.5, area.max() * 1.5, 200) if len(area) else np.array([])
    fits = result.get("fits", {})
    shown = [n for n in SHOWN if n in result["abilities"]]
    for name in shown:
        frac = np.array([r["abilities"][name]["fraction"] for r in rows], dtype=float)
        lo = np.array([r["abilities"][name]["lo"] for r in rows])
        hi = np.array([r["abilities"][name]["hi"] for r in rows])
        c = COLORS[name]
        bars = [np.maximum(frac - lo, 0), np.maximum(hi - frac, 0)]
        ax.errorbar(area, frac, yerr=bars, fmt=_MARKERS[name], color=c, ms=6, capsize=2, lw=1.2, label=_SHORT[name])
        f = fits.get(name)
        if f and f.get("rate_per_cell"):
            ax.plot(fine, rate_curve(f["rate_per_cell"], fine), "--" if f["fails"] else "-", color=c, lw=1.5,
                    alpha=0.8)
    ax.set_xscale("log", base=2)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(area)
    ax.set_xticklabels([f"{r['size']}²\nn={r['soups']}" for r in rows], fontsize=8)
    ax.set_xlabel("soup area (cells, log scale); n = soups run")
    ax.set_ylabel("fraction of soups (95% interval)")
    ax.set_title("Abilities seem to switch on with size\n(lines: 1 − exp(−λ·area) fits; dashed: the fit fails)",
                 fontsize=10)
    ax.grid(True, alpha=0.3)

    for name in (n for n in shown if n in rows[0].get("expected_counts", {})) if rows else ():
        mean = np.array([r["expected_counts"][name]["mean"] for r in rows])
        se = np.array([r["expected_counts"][name]["se"] or 0.0 for r in rows])
        ok = mean > 0
        c = COLORS[name]
        ax2.errorbar(area[ok], mean[ok], yerr=np.minimum(se[ok], mean[ok] * 0.999), fmt=_MARKERS[name], color=c,
                     ms=6, capsize=2, lw=1.2)
        f = fits.get(name)
        if f and f.get("rate_per_cell"):
            ax2.plot(fine, f["rate_per_cell"] * fine, "--" if f["fails"] else "-", color=c, lw=1.2, alpha=0.7)
    ax2.set_xscale("log", base=2)
    ax2.set_yscale("log")
    ax2.set_xticks(area)
    ax2.set_xticklabels([f"{r['size']}²" for r in rows], fontsize=8)
    ax2.set_xlabel("soup area (cells, log scale)")
    ax2.set_ylabel("objects per soup (mean ± s.e.)")
    ax2.set_title("…but the counts grow smoothly, in proportion to area\n(lines: λ·area from the same fits)",
                  fontsize=10)
    ax2.grid(True, which="major", alpha=0.3)

    m = result.get("rarefaction_soups", 0)
    rare = [(a, r["species_rarefied"]) for a, r in zip(area, rows, strict=True) if r.get("species_rarefied")]
    if rare:
        xs, ys = zip(*rare, strict=True)
        ax3.plot(xs, ys, "s-", color="#444444")
    ax3.set_xscale("log", base=2)
    ax3.set_xticks(area)
    ax3.set_xticklabels([f"{r['size']}" for r in rows], fontsize=7)
    ax3.set_ylim(bottom=0)
    ax3.set_xlabel("soup side (cells)")
    ax3.set_ylabel(f"distinct species in {m} soups")
    ax3.set_title(f"Diversity of the ash\n(rarefied to {m} soups per size)", fontsize=10)
    ax3.grid(True, alpha=0.3)
    seeds = ",".join(str(s) for s in result.get("seeds", []))
    fig.suptitle(f"Emergence in random soups: {result.get('soups', sum(r['soups'] for r in rows)):,} soups of "
                 f"{result['rule']}, density {result['density']:g}, seed {seeds}", fontsize=11)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 8) or 1, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    path = Path(path)
    try:
        with replacing(path) as tmp:
            fig.savefig(tmp, dpi=110, format=path.suffix[1:] or "png")
    finally:
        plt.close(fig)
