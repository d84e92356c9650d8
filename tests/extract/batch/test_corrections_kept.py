"""Re-extraction never overwrites an auditor's correction: the record written again carries it,
with the machine's reading beside it, and so does the dataset built after the run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from declform.extract.cli import main
from declform.output.review.verdicts import VerdictStore
from tests.paths import REPO

SAMPLE = REPO / "samples" / "lasa-2023-annual-project.pdf"


def test_a_forced_rerun_keeps_the_correction(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(SAMPLE), "--out", str(out), "-q", "-j", "1"]) == 0
    (name,) = [p.relative_to(out).as_posix() for p in out.glob("*.json")]
    machine = json.loads((out / name).read_text(encoding="utf-8"))
    old = machine["indicators"][0]["value"]
    VerdictStore(out).add(name, "indicators[0].value", "correct", who="li", old=old, new="≥99%")

    assert main(["extract", str(SAMPLE), "--out", str(out), "-q", "-j", "1", "--force"]) == 0

    record = json.loads((out / name).read_text(encoding="utf-8"))
    assert record["indicators"][0]["value"] == "≥99%"
    assert record["indicators"][0]["parsed"]["number"] == 99
    assert record["corrections"] == [
        {"field": "indicators[0].value", "machine": old, "corrected": "≥99%", "who": "li",
         "at": record["corrections"][0]["at"]}
    ]  # fmt: skip
    indicators = pd.read_parquet(out / "tables" / "indicators.parquet")
    first = indicators[indicators["indicator_index"] == 0].iloc[0]
    assert (first["value"], first["value_machine"], bool(first["value_touched"])) == (
        "≥99%",
        old,
        True,
    )
