"""Corrections: typed text parsed as the reader parses it, applied once, idempotent, and the
machine's reading kept beside the corrected value."""

from __future__ import annotations

from pathlib import Path

import pytest

from declform.output.codes import WarningCode
from declform.output.corrections import (
    CorrectionTextError,
    FolderCorrections,
    apply_corrections,
    machine_record,
    parse_correction,
)
from declform.output.json_writer import read_record, record_json
from declform.output.review.verdicts import Verdict, VerdictStore
from tests.paths import GOLDEN

RECORD = read_record(GOLDEN / "000_9acdd438bb5be3a7-1.json")


def _correct(field: str, new: str, who: str = "li", at: str = "2026-12-06T10:00:00Z") -> Verdict:
    return Verdict(0, "a.json", field, "correct", None, new, None, who, at)


def test_typed_text_goes_through_the_field_parser() -> None:
    assert parse_correction("funding.annual.total", "１，２００.５万元") == 1200.5
    assert parse_correction("fiscal_year", "2026年") == 2026
    assert parse_correction("filler.date", "2026年3月1日") == "2026-03-01"
    assert parse_correction("indicators[0].name", "指标1：宣传次数") == "宣传次数"
    assert parse_correction("indicators[0].level2", "数量指标") == "数量指标"
    assert parse_correction("project.name", "  ") is None
    with pytest.raises(CorrectionTextError):
        parse_correction("funding.annual.total", "五十")
    with pytest.raises(CorrectionTextError):
        parse_correction("filler.date", "明天")


def test_a_correction_sets_the_value_and_keeps_the_machine_reading() -> None:
    corrected = apply_corrections(
        RECORD, [_correct("indicators[1].value", "≥50次"), _correct("funding.annual.total", "55")]
    )
    assert corrected.indicators[1].value == "≥50次"
    assert corrected.indicators[1].parsed is not None
    assert corrected.indicators[1].parsed["number"] == 50
    assert corrected.funding.annual.total == 55.0
    machine = {c.field: (c.machine, c.corrected, c.who) for c in corrected.corrections}
    assert machine == {
        "indicators[1].value": ("≥45次", "≥50次", "li"),
        "funding.annual.total": (50.0, 55.0, "li"),
    }
    # the rules see the new figures: 55 ≠ 50 fiscal + nothing
    codes = [w.code for w in corrected.warnings]
    assert WarningCode.FUNDING_SUM_MISMATCH in codes
    assert WarningCode.FUNDING_SUM_MISMATCH not in [w.code for w in RECORD.warnings]
    # the record as written passes the schema, and reads back the same
    assert "corrections" in record_json(corrected)
    assert "corrections" not in record_json(RECORD)


def test_applying_twice_or_to_a_corrected_record_gives_the_same_record() -> None:
    verdicts = [_correct("indicators[1].value", "≥50次")]
    once = apply_corrections(RECORD, verdicts)
    assert apply_corrections(once, verdicts) == once
    assert machine_record(once) == RECORD
    later = apply_corrections(once, [_correct("indicators[1].value", "≥60次", who="wang")])
    assert [(c.machine, c.corrected, c.who) for c in later.corrections] == [
        ("≥45次", "≥60次", "wang")
    ]


def test_correcting_back_to_the_reading_withdraws_the_correction() -> None:
    once = apply_corrections(RECORD, [_correct("indicators[1].value", "≥50次")])
    back = apply_corrections(once, [_correct("indicators[1].value", "≥45次")])
    assert back == RECORD


def test_a_verdict_for_a_value_the_record_no_longer_has_is_skipped() -> None:
    assert apply_corrections(RECORD, [_correct("indicators[99].value", "1")]) == RECORD
    assert apply_corrections(RECORD, [_correct("funding.annual.total", "abc")]) == RECORD


def test_the_folder_journal_applies_the_latest_correction_per_value(tmp_path: Path) -> None:
    assert FolderCorrections.load(tmp_path).apply("a.json", RECORD) is RECORD
    assert not (tmp_path / "verdicts.sqlite").exists()  # reading never creates a journal
    store = VerdictStore(tmp_path)
    store.add("a.json", "project.name", "correct", who="li", new="禁毒委经费")
    store.add("a.json", "project.name", "correct", who="wang", new="经开区禁毒经费")
    store.add("a.json", "project.name", "accept", who="zhao")  # judges the corrected value
    store.add("b.json", "project.name", "correct", who="li", new="别的")
    corrected = FolderCorrections.load(tmp_path).apply("a.json", RECORD)
    assert corrected.project.name == "经开区禁毒经费"
    assert [c.who for c in corrected.corrections] == ["wang"]
