"""Error rates from a reviewed sample, with confidence intervals. Pure arithmetic.

A stratified sample estimates the rate as the strata's rates weighted by their share of the
population (only strata with a reviewed value count; their shares are renormalised). Its
interval is the binomial one (Wilson, or exact Clopper-Pearson) taken at the sample's
effective size n_eff = p(1 − p) / var(p) — Korn & Graubard (1998), "Confidence intervals for
proportions with small expected number of positive counts estimated from survey data" —
capped at the number of values reviewed, and that number when the variance is 0 (no error,
or errors everywhere). With one stratum this is exactly the plain binomial interval.
The variance leaves out the finite-population correction: the interval errs on the wide side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

IntervalMethod = Literal["wilson", "exact"]
INTERVAL_METHODS: tuple[IntervalMethod, ...] = ("wilson", "exact")


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson(errors: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for `errors` out of `n` (n > 0)."""
    z = _z(confidence)
    p = errors / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 400):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def beta_cdf(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def beta_quantile(q: float, a: float, b: float) -> float:
    """x with I_x(a, b) = q, by bisection (the cdf is increasing)."""
    low, high = 0.0, 1.0
    for _ in range(200):
        middle = (low + high) / 2
        if beta_cdf(middle, a, b) < q:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def clopper_pearson(errors: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper-Pearson) interval for `errors` out of `n`, from beta quantiles."""
    alpha = 1 - confidence
    low = 0.0 if errors <= 0 else beta_quantile(alpha / 2, errors, n - errors + 1)
    high = 1.0 if errors >= n else beta_quantile(1 - alpha / 2, errors + 1, n - errors)
    return low, high


def interval(
    errors: float, n: float, method: IntervalMethod, confidence: float = 0.95
) -> tuple[float, float]:
    return (wilson if method == "wilson" else clopper_pearson)(errors, n, confidence)


@dataclass(frozen=True)
class StratumCount:
    population: int  # values of the stratum in the batch
    reviewed: int  # of its sampled values, those with a verdict
    errors: int  # of those, corrected or flagged


@dataclass(frozen=True)
class RateEstimate:
    rate: float
    low: float
    high: float
    effective_n: float
    covered: float  # share of the population in strata with a reviewed value


def stratified_rate(
    strata: Sequence[StratumCount], method: IntervalMethod = "wilson", confidence: float = 0.95
) -> RateEstimate | None:
    """The batch's error rate from its strata, None when no value was reviewed."""
    seen = [s for s in strata if s.reviewed > 0 and s.population > 0]
    if not seen:
        return None
    weight_total = sum(s.population for s in seen)
    rate = sum(s.population / weight_total * s.errors / s.reviewed for s in seen)
    variance = sum(
        (s.population / weight_total) ** 2 * (s.errors / s.reviewed) * (1 - s.errors / s.reviewed)
        / s.reviewed
        for s in seen
    )
    reviewed = sum(s.reviewed for s in seen)
    n_eff = reviewed if variance <= 0 else min(reviewed, rate * (1 - rate) / variance)
    low, high = interval(rate * n_eff, n_eff, method, confidence)
    population = sum(s.population for s in strata)
    return RateEstimate(rate, low, high, n_eff, weight_total / population if population else 0.0)
