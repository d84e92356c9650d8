"""The values an audit samples from, and the stratified sample itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from declform.output.errors import UsageError
from declform.output.fields import value_paths
from declform.output.record import PageTransform
from declform.output.review.audit_sample import Sample, allocate, draw_sample
from declform.output.review.audit_values import AuditValue, record_values
from tests.conftest import golden_record


def test_every_value_of_a_record_has_its_field_path_and_kind() -> None:
    record = golden_record("003_27ce3556bcc24381-1")
    values = {value.field: value.kind for value in record_values(record, "a.json")}
    assert values["project.name"] == "header" and values["title"] == "header"
    assert values["funding.annual.total"] == "amount" and values["goals.annual"] == "goal"
    assert values["indicators[0].level1"] == "indicator_level"
    assert values["indicators[0].name"] == "indicator_name"
    assert values["indicators[0].value"] == "indicator_value"
    assert sum(kind == "indicator_value" for kind in values.values()) == len(record.indicators)
    assert list(values) == value_paths(record)  # the review app's list of values, no other


def test_a_record_knows_its_profile_and_department() -> None:
    record = golden_record("003_27ce3556bcc24381-1")
    (value, *_) = record_values(record, "f/a.json")
    assert (value.record, value.profile, value.department) == ("f/a.json", "born-digital", "拉萨市科技局")
    turned = replace(record, page_transforms=(PageTransform(1, 90, 0.0, None, (10, 20)),))
    assert record_values(turned, "a.json")[0].profile == "scan-rotated"
    flat = replace(record, page_transforms=(PageTransform(1, 0, 0.4, None, (10, 20)),))
    assert record_values(flat, "a.json")[0].profile == "scan"
    nameless = replace(record, project=replace(record.project, competent_department=None))
    assert record_values(nameless, "a.json")[0].department == "(no department)"


def test_allocation_is_proportional_with_a_floor_per_stratum() -> None:
    sizes = {"a": 8000, "b": 1900, "c": 90, "d": 10}
    counts = allocate(sizes, 200)
    assert sum(counts.values()) == 200
    assert counts["c"] == 5 and counts["d"] == 5  # the floor, not 1.8 and 0.2
    # the other 190 in proportion: 153.5 and 36.5, the larger remainder rounding up
    assert counts == {"a": 154, "b": 36, "c": 5, "d": 5}
    assert allocate({"a": 3, "b": 4}, 50) == {"a": 3, "b": 4}  # everything
    assert allocate({"a": 100, "b": 2}, 20) == {"a": 18, "b": 2}  # all a small stratum has
    assert allocate({"a": 100, "b": 100, "c": 100}, 6) == {"a": 2, "b": 2, "c": 2}
    with pytest.raises(UsageError, match="at least 3"):
        allocate({"a": 100, "b": 100, "c": 100}, 2)


def _population() -> list[AuditValue]:
    kinds = [("header", 300), ("amount", 60), ("indicator_value", 1200), ("task", 12)]
    return [
        AuditValue(f"r{i % 37:02d}.json", f"{kind}[{i}]", kind, "scan" if i % 3 else "born-digital",  # type: ignore[arg-type]
                   f"dept {i % 4}")
        for kind, count in kinds
        for i in range(count)
    ]


def test_the_sample_is_deterministic_for_a_seed_and_proportional() -> None:
    population = _population()
    sample = draw_sample(population, 100, "field-kind", seed=11)
    assert sample == draw_sample(list(reversed(population)), 100, "field-kind", seed=11)
    assert sample != draw_sample(population, 100, "field-kind", seed=12)
    keys = [(v.record, v.field) for v in sample.values]
    assert len(keys) == len(set(keys)) == 100
    drawn = Counter(v.stratum for v in sample.values)
    assert drawn == allocate(Counter(v.kind for v in population), 100)
    kinds = {(v.record, v.field): v.kind for v in population}
    assert all(kinds[(v.record, v.field)] == v.stratum for v in sample.values)
    by_department = draw_sample(population, 40, "department", seed=1)
    assert Counter(v.stratum for v in by_department.values) == {f"dept {i}": 10 for i in range(4)}
    assert Sample.from_dict(sample.to_dict()) == sample


def test_the_sample_comes_in_random_order_not_record_by_record() -> None:
    sample = draw_sample(_population(), 200, "field-kind", seed=3)
    records = [v.record for v in sample.values]
    assert records != sorted(records)
    assert len({v.stratum for v in sample.values[:20]}) >= 2


def test_nothing_to_sample_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        draw_sample([], 10, "field-kind", seed=1)
    with pytest.raises(UsageError):
        draw_sample(_population(), 0, "field-kind", seed=1)
