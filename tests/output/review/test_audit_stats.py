"""Error-rate intervals: Wilson and Clopper-Pearson against direct computations, the
stratified estimate against its formula, and coverage on synthetic batches."""

from __future__ import annotations

import math
import random

import pytest

from declform.output.review.audit_stats import (
    StratumCount,
    beta_cdf,
    clopper_pearson,
    stratified_rate,
    wilson,
)


def test_wilson_equals_the_interval_worked_by_hand() -> None:
    # 3 errors in 50, z = 1.959964: centre (0.06 + z²/100) / (1 + z²/50) = 0.091393,
    # half-width z / (1 + z²/50) · sqrt(0.06 · 0.94 / 50 + z² / 10000) = 0.070778
    low, high = wilson(3, 50)
    assert low == pytest.approx(0.020615, abs=1e-6)
    assert high == pytest.approx(0.162171, abs=1e-6)
    assert wilson(0, 20) == pytest.approx((0.0, 0.161125), abs=1e-6)


@pytest.mark.parametrize(("errors", "n"), [(0, 10), (3, 50), (7, 7), (1, 400), (25, 60)])
def test_both_intervals_equal_scipys(errors: int, n: int) -> None:
    stats = pytest.importorskip("scipy.stats")
    test = stats.binomtest(errors, n)
    assert wilson(errors, n) == pytest.approx(tuple(test.proportion_ci(method="wilson")), abs=1e-9)
    assert clopper_pearson(errors, n) == pytest.approx(
        tuple(test.proportion_ci(method="exact")), abs=1e-9
    )


def test_the_incomplete_beta_function_agrees_with_its_closed_forms() -> None:
    # I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a
    assert beta_cdf(0.3, 1, 5) == pytest.approx(1 - 0.7**5, abs=1e-12)
    assert beta_cdf(0.3, 4, 1) == pytest.approx(0.3**4, abs=1e-12)
    assert beta_cdf(0.5, 7.5, 7.5) == pytest.approx(0.5, abs=1e-12)


def test_one_stratum_is_the_plain_binomial_interval() -> None:
    estimate = stratified_rate([StratumCount(1000, 50, 3)])
    assert estimate is not None
    assert (estimate.low, estimate.high) == pytest.approx(wilson(3, 50))
    assert estimate.rate == pytest.approx(0.06) and estimate.effective_n == pytest.approx(50)


def test_strata_are_weighted_by_their_population() -> None:
    strata = [StratumCount(900, 30, 3), StratumCount(100, 20, 10), StratumCount(50, 0, 0)]
    estimate = stratified_rate(strata, "exact")
    assert estimate is not None
    # the unreviewed stratum drops out: weights 0.9 and 0.1 of the 1000 values covered
    rate = 0.9 * 0.1 + 0.1 * 0.5
    variance = 0.81 * 0.1 * 0.9 / 30 + 0.01 * 0.5 * 0.5 / 20
    n_eff = rate * (1 - rate) / variance
    assert estimate.rate == pytest.approx(rate)
    assert estimate.effective_n == pytest.approx(n_eff)
    assert (estimate.low, estimate.high) == pytest.approx(clopper_pearson(rate * n_eff, n_eff))
    assert estimate.covered == pytest.approx(1000 / 1050)
    assert stratified_rate([StratumCount(10, 0, 0)]) is None


def test_no_error_seen_gives_zero_with_an_upper_bound_from_all_reviewed() -> None:
    estimate = stratified_rate([StratumCount(500, 40, 0), StratumCount(100, 20, 0)])
    assert estimate is not None and estimate.rate == 0 and estimate.low == 0
    assert estimate.high == pytest.approx(wilson(0, 60)[1])


def test_intervals_cover_a_synthetic_batch_s_known_rate() -> None:
    """Strata of 6000, 3000 and 1000 values wrong at 2 %, 10 % and 30 %: the batch's rate is
    known exactly; 95 % intervals from 200 stratified samples cover it about 95 % of the time."""
    rng = random.Random(7)
    sizes, rates = (6000, 3000, 1000), (0.02, 0.10, 0.30)
    batch = [[rng.random() < rate for _ in range(size)] for size, rate in zip(sizes, rates, strict=True)]
    truth = sum(map(sum, batch)) / sum(sizes)
    covered = {"wilson": 0, "exact": 0}
    for _ in range(200):
        counts = []
        for values, share in zip(batch, (120, 60, 20), strict=True):
            drawn = rng.sample(values, share)
            counts.append(StratumCount(len(values), share, sum(drawn)))
        for method in covered:
            estimate = stratified_rate(counts, method)  # type: ignore[arg-type]
            assert estimate is not None
            covered[method] += estimate.low <= truth <= estimate.high
    assert 0.90 <= covered["wilson"] / 200 <= 1.0
    assert 0.93 <= covered["exact"] / 200 <= 1.0  # exact intervals err on the wide side
    assert math.isclose(truth, 0.062, abs_tol=0.01)
