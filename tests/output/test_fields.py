"""Field paths: every judgeable value listed, read and replaced by its path."""

from __future__ import annotations

import pytest

from declform.output.fields import UnknownFieldError, field_kind, value_at, value_paths, with_value
from declform.output.json_writer import read_record
from tests.paths import GOLDEN

RECORD = read_record(GOLDEN / "000_9acdd438bb5be3a7-1.json")


def test_every_path_reads_a_value_and_indicators_come_per_value() -> None:
    paths = value_paths(RECORD)
    assert paths[:3] == ["title", "fiscal_year", "project.name"]
    assert "indicators[0].value" in paths and "indicators[0].level1" in paths
    assert value_at(RECORD, "project.name") == "经开区禁毒委经费"
    assert value_at(RECORD, "funding.annual.total") == 50.0
    assert value_at(RECORD, "indicators[1].value") == "≥45次"
    for path in paths:
        value_at(RECORD, path)


def test_replacing_an_indicator_value_parses_it_as_the_reader_does() -> None:
    changed = with_value(RECORD, "indicators[1].value", "≥50次")
    assert changed.indicators[1].value == "≥50次"
    assert changed.indicators[1].parsed is not None
    assert changed.indicators[1].parsed["number"] == 50
    assert changed.indicators[0] == RECORD.indicators[0]
    assert with_value(RECORD, "funding.annual.other", 3.5).funding.annual.other == 3.5
    assert with_value(RECORD, "title", None).title is None


def test_an_unknown_path_is_refused() -> None:
    for path in ("project.nope", "indicators[99].value", "indicators[0].parsed", "cells"):
        with pytest.raises(UnknownFieldError):
            value_at(RECORD, path)


def test_field_kinds() -> None:
    kinds = {
        "title": "header",
        "indicators[3].note": "indicator_other",
        "project.name": "header",
        "funding.annual.total": "amount",
        "goals.annual": "goal",
        "indicators[3].value": "indicator_value",
        "indicators[3].name": "indicator_name",
        "indicators[3].level2": "indicator_level",
        "tasks[0].name": "task",
        "tasks[0].fiscal": "task",
    }
    assert {path: field_kind(path) for path in kinds} == kinds
