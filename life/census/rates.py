"""The per-area rate model of the scale sweep: P(ability | area A) = 1 - exp(-λA).

If an ability comes from objects that arise independently at a rate λ per cell, a soup of A cells shows it with
probability 1 - exp(-λA): an S-curve on a log-area axis, and an expected count λA that is a straight line on
log-log axes (Schaeffer et al. 2023's point: the sharp switch is the metric, not the mechanism). ``fit_rate``
fits λ by maximum likelihood to (area, k, n) points (binomial likelihood), gives a 95% profile-likelihood
interval and the area at which the ability reaches 50% (ln 2 / λ), and says where the model fails: the deviance
against the saturated model, its chi-square p-value, and the size whose point is furthest from the curve.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["CHI2_95_1DF", "log_likelihood", "fit_rate", "chi2_sf", "rate_curve"]

CHI2_95_1DF = 3.841458820694124
_LOG_LO, _LOG_HI = math.log(1e-15), math.log(10.0)  # λ per cell searched in this range


def rate_curve(rate: float, area):
    """1 - exp(-rate * area), elementwise."""
    return -np.expm1(-rate * np.asarray(area, dtype=float))


def log_likelihood(rate: float, area, k, n) -> float:
    """Binomial log-likelihood (without the constant binomial coefficients) of successes ``k`` in ``n`` soups
    at ``area`` cells, with P = 1 - exp(-rate * area). ``rate`` 0 gives -inf if any k > 0."""
    a, k, n = (np.asarray(v, dtype=float) for v in (area, k, n))
    x = rate * a
    with np.errstate(divide="ignore"):
        log_p = np.log(-np.expm1(-x))
    terms = np.where(k > 0, k * log_p, 0.0) - (n - k) * x
    return float(terms.sum())


def _maximise(f, lo: float, hi: float, iters: int = 200) -> float:
    """The maximiser of a unimodal f on [lo, hi] (golden-section search)."""
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iters):
        if b - a < 1e-10:
            break
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = f(d)
    return (a + b) / 2


def _root(f, lo: float, hi: float, iters: int = 200) -> float:
    """A root of f between lo and hi (f(lo), f(hi) of opposite signs), by bisection."""
    flo = f(lo)
    for _ in range(iters):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2


def chi2_sf(x: float, df: int) -> float:
    """P(X > x) for X chi-square with ``df`` degrees of freedom (the regularised upper incomplete gamma
    function Q(df/2, x/2), by its series or continued fraction)."""
    if df <= 0:
        return float("nan")
    if x <= 0:
        return 1.0
    a, y = df / 2, x / 2
    lg = a * math.log(y) - y - math.lgamma(a)
    if y < a + 1:  # series for P
        term = total = 1.0 / a
        ap = a
        for _ in range(1000):
            ap += 1
            term *= y / ap
            total += term
            if term < total * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(lg))
    # Lentz's continued fraction for Q
    tiny = 1e-300
    b = y + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return min(1.0, math.exp(lg) * h)


def _deviance_terms(p, k, n):
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(k > 0, k * np.log(k / (n * p)), 0.0)
        t2 = np.where(n - k > 0, (n - k) * np.log((n - k) / (n * (1 - p))), 0.0)
    return 2 * (t1 + t2)


def fit_rate(area, k, n) -> dict | None:
    """Maximum-likelihood fit of P(ability | area) = 1 - exp(-λ area) to ``k`` successes in ``n`` soups at each
    ``area`` (cells). Points with n == 0 are ignored; None when no soups are left.

    Returns ``rate_per_cell`` (λ; 0 when no soup showed the ability, None when every soup did: the data only
    bound it from below), ``rate_lo``/``rate_hi`` (95% profile-likelihood interval; None where unbounded),
    ``area_at_half`` = ln 2 / λ with ``area_half_lo``/``area_half_hi``, ``deviance`` (against one free fraction
    per area), ``df``, ``p_value`` (chi-square; None with a single area), ``fails`` (p < 0.01) and ``worst``:
    the area, observed and fitted fraction of the point with the largest deviance residual."""
    a, k, n = (np.asarray(v, dtype=float) for v in (area, k, n))
    keep = n > 0
    a, k, n = a[keep], k[keep], n[keep]
    if not len(a):
        return None

    def ll(log_rate):
        return log_likelihood(math.exp(log_rate), a, k, n)

    if k.sum() == 0:
        best_log, best = _LOG_LO, 0.0
    elif (k == n).all():
        best_log, best = _LOG_HI, None
    else:
        best_log = _maximise(ll, _LOG_LO, _LOG_HI)
        best = math.exp(best_log)
    top = ll(best_log)

    def drop(log_rate):
        return 2 * (top - ll(log_rate)) - CHI2_95_1DF

    if best == 0.0:
        lo = 0.0
    else:
        lo = None if drop(_LOG_LO) < 0 else math.exp(_root(drop, _LOG_LO, best_log))
    hi = None if best is None or drop(_LOG_HI) < 0 else math.exp(_root(drop, best_log, _LOG_HI))
    p = rate_curve(best if best is not None else math.exp(_LOG_HI), a)
    dev_terms = _deviance_terms(p, k, n)
    deviance = float(dev_terms.sum())
    df = len(a) - 1
    pv = chi2_sf(deviance, df) if df > 0 else None
    w = int(np.argmax(dev_terms))
    ln2 = math.log(2)
    return {"rate_per_cell": best, "rate_lo": lo, "rate_hi": hi,
            "area_at_half": ln2 / best if best else None,
            "area_half_lo": ln2 / hi if hi else None, "area_half_hi": ln2 / lo if lo else None,
            "deviance": round(deviance, 3), "df": df, "p_value": pv,
            "fails": bool(pv is not None and pv < 0.01),
            "worst": {"area": int(a[w]), "observed": float(k[w] / n[w]), "fitted": float(p[w])}}
