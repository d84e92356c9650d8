"""A stratified random sample of values to review: `declform audit sample`.

Each stratum (field kind, profile or department) gets a share of the sample proportional to
its number of values, and at least `MIN_PER_STRATUM` (all of them when it has fewer), so a
small stratum still gets an estimate of its own. Within a stratum values are drawn at random
without replacement; the same population, size and seed always give the same sample. The
sample is written in a random order: an auditor who stops half-way leaves a random part
unreviewed, not the last records of the folder.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from declform.output.errors import UsageError
from declform.output.review.audit_values import STRATIFICATIONS, AuditValue, Stratification

MIN_PER_STRATUM = 5


@dataclass(frozen=True)
class SampledValue:
    record: str
    field: str
    stratum: str


@dataclass(frozen=True)
class Sample:
    seed: int
    by: Stratification
    values: tuple[SampledValue, ...]

    def to_dict(self) -> dict[str, Any]:
        """The shape of `DIR/audit/sample.json`, which the review app walks as a queue."""
        return {
            "seed": self.seed,
            "by": self.by,
            "values": [
                {"record": v.record, "field": v.field, "stratum": v.stratum} for v in self.values
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sample:
        by = data["by"]
        if by not in STRATIFICATIONS:
            raise ValueError(f"unknown stratification {by!r}")
        values = tuple(
            SampledValue(str(v["record"]), str(v["field"]), str(v["stratum"]))
            for v in data["values"]
        )
        return cls(int(data["seed"]), cast(Stratification, by), values)


def allocate(sizes: Mapping[str, int], size: int, minimum: int = MIN_PER_STRATUM) -> dict[str, int]:
    """How many values to draw from each stratum: `size` in all, at least `minimum` from each
    (or all it has; the minimum shrinks to size // strata when the sample is too small for
    it), the rest proportional to the strata's sizes. A stratum whose share falls below the
    minimum or above its size is fixed there and the others share what is left; largest
    remainders settle the rounding."""
    strata = sorted(h for h, n in sizes.items() if n > 0)
    total = sum(sizes[h] for h in strata)
    if size >= total:
        return {h: sizes[h] for h in strata}
    if size < len(strata):
        raise UsageError(f"a sample of {size} cannot hold one value of each of the "
                         f"{len(strata)} strata; ask for at least {len(strata)}")
    floor = min(minimum, size // len(strata))
    fixed: dict[str, int] = {}
    while True:
        free = [h for h in strata if h not in fixed]
        if not free:
            return fixed
        left = size - sum(fixed.values())
        weight = sum(sizes[h] for h in free)
        target = {h: left * sizes[h] / weight for h in free}
        bounds = {h: (min(floor, sizes[h]), sizes[h]) for h in free}
        outside = {h: min(max(target[h], bounds[h][0]), bounds[h][1]) for h in free
                   if not bounds[h][0] <= target[h] <= bounds[h][1]}
        if not outside:
            break
        fixed.update({h: int(n) for h, n in outside.items()})
    counts = {**fixed, **{h: int(target[h]) for h in free}}
    by_remainder = sorted(free, key=lambda h: (-(target[h] - int(target[h])), h))
    for h in by_remainder[: size - sum(counts.values())]:
        counts[h] += 1
    return counts


def draw_sample(
    population: Sequence[AuditValue], size: int, by: Stratification, seed: int
) -> Sample:
    """`size` values of `population` stratified `by`, drawn with `seed`."""
    if size < 1:
        raise UsageError(f"the sample size must be at least 1, not {size}")
    if not population:
        raise UsageError("no values to sample: the folder holds no record with a value")
    strata: dict[str, list[AuditValue]] = {}
    for value in sorted(population, key=lambda v: (v.record, v.field)):
        strata.setdefault(value.stratum(by), []).append(value)
    counts = allocate({h: len(values) for h, values in strata.items()}, size)
    rng = random.Random(seed)
    drawn = [
        SampledValue(value.record, value.field, stratum)
        for stratum in sorted(strata)
        for value in rng.sample(strata[stratum], counts[stratum])
    ]
    rng.shuffle(drawn)
    return Sample(seed, by, tuple(drawn))
