"""`declform audit report`: the batch's error rate per field kind and overall, estimated from
the verdicts on the sampled values. Pure: population, sample and verdicts in, report out.

A sampled value counts as wrong when its current verdict is `correct` or `flag`, right when it
is `accept`; a value without a verdict is left out of the rate and counted as unreviewed. The
strata are those the sample was drawn by, weighted by their number of values in the batch
(`audit_stats.stratified_rate`); a field kind's rate weighs the strata by that kind's values in
each, so it is right for a sample drawn by profile or department too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from typing import Any

from declform.output.fields import FIELD_KINDS
from declform.output.review.audit_sample import Sample
from declform.output.review.audit_stats import (
    IntervalMethod,
    RateEstimate,
    StratumCount,
    stratified_rate,
)
from declform.output.review.audit_values import AuditValue
from declform.output.review.verdicts import Verdict

ERROR_VERDICTS = frozenset({"correct", "flag"})
OVERALL = "all"


@dataclass(frozen=True)
class DomainReport:
    """The estimate for one field kind (or all values): counts and the rate with its interval."""

    domain: str
    population: int
    sampled: int
    reviewed: int
    unreviewed: int
    accepted: int
    corrected: int
    flagged: int
    rate: float | None
    low: float | None
    high: float | None
    effective_n: float | None
    covered: float | None  # share of the domain's values in strata with a reviewed value


@dataclass(frozen=True)
class AuditReport:
    seed: int
    by: str
    method: IntervalMethod
    confidence: float
    overall: DomainReport
    kinds: tuple[DomainReport, ...]
    strata: tuple[DomainReport, ...]
    gone: int  # sampled values no record holds any more (re-extracted since)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sample": {"seed": self.seed, "by": self.by},
            "method": self.method,
            "confidence": self.confidence,
            "overall": asdict(self.overall),
            "by_kind": [asdict(kind) for kind in self.kinds],
            "by_stratum": [asdict(stratum) for stratum in self.strata],
            "sampled_values_gone": self.gone,
        }


def _domain(
    name: str,
    population: Mapping[str, int],  # stratum → values of the domain in the batch
    sampled: Iterable[tuple[str, Verdict | None]],  # (stratum, its verdict) per sampled value
    method: IntervalMethod,
    confidence: float,
) -> DomainReport:
    verdicts: Counter[str] = Counter()
    reviewed: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    total = 0
    for stratum, verdict in sampled:
        total += 1
        verdicts[verdict.verdict if verdict else "none"] += 1
        if verdict is not None:
            reviewed[stratum] += 1
            errors[stratum] += verdict.verdict in ERROR_VERDICTS
    counts = [StratumCount(size, reviewed[h], errors[h]) for h, size in population.items()]
    estimate: RateEstimate | None = stratified_rate(counts, method, confidence)
    return DomainReport(
        domain=name,
        population=sum(population.values()),
        sampled=total,
        reviewed=total - verdicts["none"],
        unreviewed=verdicts["none"],
        accepted=verdicts["accept"],
        corrected=verdicts["correct"],
        flagged=verdicts["flag"],
        rate=estimate.rate if estimate else None,
        low=estimate.low if estimate else None,
        high=estimate.high if estimate else None,
        effective_n=estimate.effective_n if estimate else None,
        covered=estimate.covered if estimate else None,
    )


def audit_report(
    population: Sequence[AuditValue],
    sample: Sample,
    verdicts: Mapping[tuple[str, str], Verdict],
    method: IntervalMethod = "wilson",
    confidence: float = 0.95,
) -> AuditReport:
    by_key = {(value.record, value.field): value for value in population}
    sizes: Counter[tuple[str, str]] = Counter(
        (value.stratum(sample.by), value.kind) for value in population
    )
    drawn = [
        (v, by_key[(v.record, v.field)]) for v in sample.values if (v.record, v.field) in by_key
    ]
    strata = sorted({stratum for stratum, _ in sizes} | {v.stratum for v, _ in drawn})

    def report(name: str, kinds: AbstractSet[str], only: str | None = None) -> DomainReport:
        population_of = {
            h: sum(sizes[(h, kind)] for kind in kinds)
            for h in strata if only is None or h == only
        }
        sampled = [
            (v.stratum, verdicts.get((v.record, v.field)))
            for v, value in drawn
            if value.kind in kinds and (only is None or v.stratum == only)
        ]
        return _domain(name, population_of, sampled, method, confidence)

    every = set(FIELD_KINDS)
    kinds = tuple(report(kind, {kind}) for kind in FIELD_KINDS if any(k == kind for _, k in sizes))
    return AuditReport(
        seed=sample.seed,
        by=sample.by,
        method=method,
        confidence=confidence,
        overall=report(OVERALL, every),
        kinds=kinds,
        strata=tuple(report(h, every, only=h) for h in strata),
        gone=len(sample.values) - len(drawn),
    )
