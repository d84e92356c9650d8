"""The dataset shows an auditor's corrections: the corrected value, the machine's reading and
the touched flag, and a corrections table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from declform.output.dataset.build import rebuild_dataset
from declform.output.json_writer import read_record, write_record
from declform.output.review.verdicts import VerdictStore
from tests.paths import GOLDEN


def test_tables_show_the_corrected_value_beside_the_machine_reading(tmp_path: Path) -> None:
    write_record(read_record(GOLDEN / "000_9acdd438bb5be3a7-1.json"), tmp_path / "f" / "a.json")
    store = VerdictStore(tmp_path)
    store.add("f/a.json", "indicators[1].value", "correct", who="li", old="≥45次", new="≥50次")
    store.add("f/a.json", "project.name", "correct", who="li", new="禁毒委经费")
    store.add("f/a.json", "indicators[2].value", "accept", who="li")

    dataset = rebuild_dataset(tmp_path)

    indicators = pd.read_parquet(dataset.parquet["indicators"]).set_index("indicator_index")
    assert indicators.loc[1, "value"] == "≥50次"
    assert indicators.loc[1, "number"] == 50
    assert indicators.loc[1, "value_machine"] == "≥45次"
    assert bool(indicators.loc[1, "value_touched"])
    assert indicators.loc[2, "value_machine"] == indicators.loc[2, "value"]
    assert pd.read_parquet(dataset.parquet["forms"])["project_name"].tolist() == ["禁毒委经费"]
    corrections = pd.read_parquet(dataset.parquet["corrections"])
    assert sorted(corrections["field"]) == ["indicators[1].value", "project.name"]
    assert set(corrections["who"]) == {"li"}
