"""`declform audit sample|report DIR` end to end, on a tiny folder of records with verdicts
given through the journal's own API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declform.extract.cli import main
from declform.output.codes import ExitCode
from declform.output.dataset.files import record_files
from declform.output.json_writer import write_record
from declform.output.review.verdicts import VerdictStore
from tests.conftest import golden_record


@pytest.fixture()
def records(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_record(golden_record("003_27ce3556bcc24381-1"), out / "f01" / "a.json")
    write_record(golden_record("department-kexie-2026"), out / "b.json")
    return out


def test_sample_then_report(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "sample", str(records), "--size", "30", "--seed", "5"]) == ExitCode.OK
    assert "30 of" in capsys.readouterr().out
    path = records / "audit" / "sample.json"
    first = path.read_bytes()
    sample = json.loads(first)
    assert set(sample) == {"seed", "by", "values"} and (sample["seed"], sample["by"]) == (5, "field-kind")
    assert len(sample["values"]) == 30
    assert all(set(v) == {"record", "field", "stratum"} for v in sample["values"])
    assert {v["record"] for v in sample["values"]} == {"f01/a.json", "b.json"}
    assert main(["audit", "sample", str(records), "--size", "30", "--seed", "5"]) == ExitCode.OK
    assert path.read_bytes() == first  # the same seed, the same sample
    assert [p.name for p in record_files(records)] == ["b.json", "a.json"]  # audit/ is no record

    store = VerdictStore(records)
    for index, value in enumerate(sample["values"][:20]):
        store.add(value["record"], value["field"], "flag" if index % 5 == 0 else "accept",
                  who="auditor", comment="wrong" if index % 5 == 0 else None)
    first_value = sample["values"][1]  # accepted, then corrected: the latest verdict counts
    store.add(first_value["record"], first_value["field"], "correct", who="auditor", new="x")
    assert main(["audit", "report", str(records), "--interval", "exact"]) == ExitCode.OK
    assert "20 of 30 sampled values reviewed" in capsys.readouterr().out
    report = json.loads((records / "audit" / "report.json").read_text(encoding="utf-8"))
    assert set(report) == {"sample", "method", "confidence", "overall", "by_kind", "by_stratum",
                           "sampled_values_gone"}
    overall = report["overall"]
    assert (overall["reviewed"], overall["unreviewed"], overall["flagged"], overall["corrected"]) == (20, 10, 4, 1)
    assert report["method"] == "exact" and 0 < overall["low"] < overall["rate"] < overall["high"] < 1
    assert {row["domain"] for row in report["by_kind"]} >= {"header", "amount", "indicator_value"}
    assert "<svg" in (records / "audit" / "report.html").read_text(encoding="utf-8")


def test_sampling_by_department(records: Path) -> None:
    assert main(["audit", "sample", str(records), "--size", "10", "--by", "department", "--seed", "1"]) == 0
    sample = json.loads((records / "audit" / "sample.json").read_text(encoding="utf-8"))
    assert sample["by"] == "department"
    assert len({v["stratum"] for v in sample["values"]}) == 2  # each record's department


def test_usage_errors(records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "report", str(records)]) == ExitCode.USAGE  # no sample drawn yet
    assert "declform audit sample" in capsys.readouterr().err
    assert main(["audit", "sample", str(tmp_path / "nowhere"), "--size", "5"]) == ExitCode.USAGE
    assert main(["audit", "sample", str(records), "--size", "1"]) == ExitCode.USAGE  # < strata
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["audit", "sample", str(empty), "--size", "5"]) == ExitCode.USAGE
