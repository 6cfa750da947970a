"""The per-area rate model: P(ability | area) = 1 - exp(-λ·area), fitted by maximum likelihood."""

import math

import numpy as np
import pytest

from life.census.abilities import rarefied_species
from life.census.rates import chi2_sf, fit_rate, log_likelihood, rate_curve

AREAS = np.array([16, 32, 64, 128, 256, 512, 1024], dtype=float) ** 2


def test_fit_recovers_a_known_rate_from_exact_expectations():
    lam = 3e-6
    n = np.full(len(AREAS), 2000)
    k = np.round(n * rate_curve(lam, AREAS))
    f = fit_rate(AREAS, k, n)
    assert f["rate_per_cell"] == pytest.approx(lam, rel=0.01)
    assert f["rate_lo"] < lam < f["rate_hi"]
    assert f["area_at_half"] == pytest.approx(math.log(2) / lam, rel=0.01)
    assert f["area_half_lo"] < f["area_at_half"] < f["area_half_hi"]
    assert not f["fails"] and f["p_value"] > 0.5 and f["df"] == len(AREAS) - 1


def test_profile_interval_covers_the_true_rate_about_95_percent_of_the_time():
    rng = np.random.default_rng(17)
    lam, n = 2e-5, np.full(len(AREAS), 60)
    hits = fails = 0
    for _ in range(200):
        k = rng.binomial(n, rate_curve(lam, AREAS))
        f = fit_rate(AREAS, k, n)
        hits += f["rate_lo"] <= lam <= f["rate_hi"]
        fails += f["fails"]
    assert 0.88 <= hits / 200 <= 0.99
    assert fails / 200 < 0.05  # the goodness-of-fit test rarely rejects the true model (1% level)


def test_the_interval_is_where_the_likelihood_drops_by_the_chi_square_quantile():
    n = np.full(len(AREAS), 100)
    k = np.round(n * rate_curve(1e-5, AREAS))
    f = fit_rate(AREAS, k, n)
    top = log_likelihood(f["rate_per_cell"], AREAS, k, n)
    for edge in (f["rate_lo"], f["rate_hi"]):
        assert 2 * (top - log_likelihood(edge, AREAS, k, n)) == pytest.approx(3.8415, abs=1e-3)


def test_a_curve_of_another_shape_is_flagged():
    # a sharp threshold: nothing below 256², everything above — no single rate per cell does that
    n = np.full(len(AREAS), 200)
    k = np.where(AREAS >= 256 ** 2, 200, 0)
    k[4] = 100
    f = fit_rate(AREAS, k, n)
    assert f["fails"] and f["p_value"] < 1e-6
    assert f["worst"]["area"] in AREAS


def test_edge_cases_none_all_and_one_size():
    n = np.full(3, 50)
    none = fit_rate(AREAS[:3], [0, 0, 0], n)
    assert none["rate_per_cell"] == 0 and none["rate_lo"] == 0 and 0 < none["rate_hi"] < 1e-2
    assert none["area_at_half"] is None and none["area_half_lo"] > 0
    every = fit_rate(AREAS[:3], n, n)
    assert every["rate_per_cell"] is None and every["rate_hi"] is None and every["rate_lo"] > 0
    one = fit_rate([4096], [10], [40])
    assert one["rate_per_cell"] == pytest.approx(-math.log(0.75) / 4096, rel=1e-4) and one["p_value"] is None
    assert fit_rate([64], [0], [0]) is None


def test_chi_square_tail():
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, abs=1e-9)
    assert chi2_sf(9.487729036781154, 4) == pytest.approx(0.05, abs=1e-9)
    assert chi2_sf(2.0, 2) == pytest.approx(math.exp(-1.0))
    assert chi2_sf(0.0, 3) == 1.0 and chi2_sf(200.0, 5) < 1e-30


def test_rarefaction_compares_sizes_at_equal_soups():
    recs = [{"objects": {"a": 1, "b": 1}}, {"objects": {"a": 2}}, {"objects": {"c": 1}}, {"objects": {"a": 1}}]
    assert rarefied_species(recs, 4) == pytest.approx(3)
    assert rarefied_species(recs, 1) == pytest.approx(np.mean([2, 1, 1, 1]))
    # a: in 3 of 4 soups, b and c in 1: E = (1 - C(1,2)/C(4,2)) + 2 (1 - C(3,2)/C(4,2)) = 1 + 2 * 0.5
    assert rarefied_species(recs, 2) == pytest.approx(2.0)
    assert rarefied_species(recs, 5) is None and rarefied_species([], 0) == 0
