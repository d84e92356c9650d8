"""The audit report: verdicts on the sampled values → error rates per field kind."""

from __future__ import annotations

import random

import pytest

from declform.output.review.audit_html import report_html
from declform.output.review.audit_report import audit_report
from declform.output.review.audit_sample import draw_sample
from declform.output.review.audit_stats import stratified_rate, wilson
from declform.output.review.audit_values import AuditValue
from declform.output.review.verdicts import Verdict, VerdictKind


def _verdict(value: AuditValue, kind: VerdictKind, number: int = 1) -> Verdict:
    return Verdict(number, value.record, value.field, kind, None, None, None, "auditor", "2026-12-06T00:00:00Z")


def _batch(rng: random.Random) -> tuple[list[AuditValue], set[tuple[str, str]]]:
    """2000 values, the amounts wrong at 20 %, the rest at 3 %."""
    population = [
        AuditValue(f"r{i // 20:03d}.json", f"f{i}", "amount" if i % 4 == 0 else "header",
                   "scan" if i % 2 else "born-digital", "<script>alert(1)</script>")
        for i in range(2000)
    ]
    wrong = {(v.record, v.field) for v in population
             if rng.random() < (0.2 if v.kind == "amount" else 0.03)}
    return population, wrong


def test_report_counts_and_rates_per_field_kind() -> None:
    population, wrong = _batch(random.Random(5))
    sample = draw_sample(population, 200, "field-kind", seed=2)
    verdicts = {}
    for index, value in enumerate(sample.values[:150]):  # 50 left unreviewed
        kind: VerdictKind = "correct" if (value.record, value.field) in wrong else "accept"
        verdicts[(value.record, value.field)] = _verdict(
            AuditValue(value.record, value.field, "header", "", ""), kind, index)
    report = audit_report(population, sample, verdicts)
    data = report.to_dict()
    assert data["sample"] == {"seed": 2, "by": "field-kind"}
    assert data["method"] == "wilson" and data["confidence"] == 0.95
    overall = data["overall"]
    assert (overall["population"], overall["sampled"], overall["reviewed"], overall["unreviewed"]) == (2000, 200, 150, 50)
    assert overall["accepted"] + overall["corrected"] + overall["flagged"] == 150
    kinds = {row["domain"]: row for row in data["by_kind"]}
    assert set(kinds) == {"amount", "header"}
    for row in kinds.values():  # one kind is one stratum here: its plain Wilson interval
        errors = row["corrected"] + row["flagged"]
        assert row["rate"] == pytest.approx(errors / row["reviewed"])
        assert (row["low"], row["high"]) == pytest.approx(wilson(errors, row["reviewed"]))
    assert kinds["amount"]["population"] == 500
    # overall: the kinds weighed by their 500 and 1500 values, not by their sample sizes
    expected = 0.25 * kinds["amount"]["rate"] + 0.75 * kinds["header"]["rate"]
    assert overall["rate"] == pytest.approx(expected)
    assert {row["domain"] for row in data["by_stratum"]} == {"amount", "header"}


def test_the_latest_verdict_counts_and_values_no_longer_there_are_counted_apart() -> None:
    population = [AuditValue("a.json", f"f{i}", "header", "scan", "d") for i in range(10)]
    sample = draw_sample(population, 10, "field-kind", seed=1)
    verdicts = {("a.json", "f0"): _verdict(population[0], "flag"),
                ("a.json", "f1"): _verdict(population[1], "accept")}
    report = audit_report(population[1:], sample, verdicts)  # f0 was re-extracted away
    assert report.gone == 1
    assert (report.overall.reviewed, report.overall.rate) == (1, 0.0)


def test_a_sample_drawn_by_profile_still_gives_each_kind_its_rate() -> None:
    population, wrong = _batch(random.Random(9))
    sample = draw_sample(population, 300, "profile", seed=4)
    verdicts = {
        (v.record, v.field): _verdict(AuditValue(v.record, v.field, "header", "", ""),
                                      "flag" if (v.record, v.field) in wrong else "accept")
        for v in sample.values
    }
    report = audit_report(population, sample, verdicts, method="exact")
    amount = next(row for row in report.kinds if row.domain == "amount")
    truth = sum(1 for v in population if v.kind == "amount" and (v.record, v.field) in wrong) / 500
    assert amount.low is not None and amount.high is not None
    assert amount.low <= truth <= amount.high
    assert {row.domain for row in report.strata} == {"scan", "born-digital"}
    assert stratified_rate([]) is None


def test_the_html_report_escapes_what_records_hold() -> None:
    population, _ = _batch(random.Random(1))
    sample = draw_sample(population, 20, "department", seed=1)
    page = report_html(audit_report(population, sample, {}), "out/<b>")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<svg" in page and "not reviewed" in page and "out/&lt;b&gt;" in page
