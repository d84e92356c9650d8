import json
from dataclasses import replace
from pathlib import Path

import pytest

from declform.output import (
    Amounts,
    CellRecord,
    FormRecord,
    Funding,
    Indicator,
    Project,
    RecordWarning,
    Source,
    Task,
    schema_errors,
    validate_record,
)
from declform.output.errors import RecordInvalidError
from declform.output.json_writer import read_record, write_record
from declform.output.record import SCHEMA_ID, Correction, PrintedLine, SourceFile
from declform.output.validate import schema

SHA = "0" * 64


def _record() -> FormRecord:
    return FormRecord(
        source=Source("a.pdf", SHA, (1, 2)),
        form_type="project",
        title="拉萨经开区2026年项目支出绩效目标申报表",
        fiscal_year=2026,
        project=Project(name="党建经费"),
        funding=Funding(annual=Amounts(20.97, 20.97, None)),
        indicators=(
            Indicator("annual", "产出指标", "数量指标", "产出指标", "数量指标 (必填)", "党建活动次数",
                      "≥5次", {"kind": "numeric", "op": ">=", "number": 5, "unit": "次"}),
        ),
        tasks=(Task("基本支出", "人员工资", None, 1.0, 1.0, None),),
        cells=(CellRecord(1, (0.0, 0.0, 10.0, 10.0), 0, 0, 1, 2, "项目名称", 0.9),),
        warnings=(RecordWarning("label_corrected", "x", "page 1 row 0 col 0"),),
    )


def test_record_round_trips_through_json(tmp_path: Path) -> None:
    record = _record()
    target = tmp_path / "r.json"
    write_record(record, target)
    assert read_record(target) == record
    document = json.loads(target.read_text(encoding="utf-8"))
    assert list(document)[:3] == ["schema", "source", "form_type"]
    assert schema_errors(document) == []


def test_schema_keys_match_the_dataclasses() -> None:
    document = _record().to_dict()
    properties = schema()["properties"]
    # corrections: optional within perfform/2, written only when an auditor corrected a value;
    # line_provenance: optional, written only for values read from lines outside the table
    optional_keys = {"corrections", "line_provenance"}
    assert set(document) == set(properties) - optional_keys == set(schema()["required"])
    corrected = replace(_record(), corrections=(Correction("title", "x", "y", "li", "t"),),
                        line_provenance={"title": (PrintedLine(1, (0, 0, 9, 9), "标题"),)})
    assert set(corrected.to_dict()) == set(properties)
    assert schema_errors(corrected.to_dict()) == []
    assert list(corrected.to_dict())[-6:-4] == ["provenance", "line_provenance"]
    assert set(corrected.to_dict()["corrections"][0]) == set(
        schema()["$defs"]["correction"]["properties"]
    )
    for key in ("project", "filler", "funding", "goals"):
        assert set(document[key]) == set(properties[key]["properties"])
    # source.same_bytes: optional, written only for an input whose bytes another one holds;
    # source.files: optional, written only for a record read from a sequence of page files
    optional = {"same_bytes", "files"}
    assert set(document["source"]) == set(properties["source"]["properties"]) - optional
    files = (SourceFile(1, "in/scan_1.png", "b" * 64, 1),)
    copied = replace(_record(), source=replace(_record().source, same_bytes=("b.pdf",),
                                               files=files))
    assert set(copied.to_dict()["source"]) == set(properties["source"]["properties"])
    assert set(copied.to_dict()["source"]["files"][0]) == set(
        properties["source"]["properties"]["files"]["items"]["properties"])
    assert FormRecord.from_dict(copied.to_dict()) == copied
    validate_record(copied.to_dict())  # the schema takes it
    defs = schema()["$defs"]
    assert set(document["indicators"][0]) == set(defs["indicator"]["properties"])
    # a task's goal: optional, written only where the task table prints one
    assert set(document["tasks"][0]) == set(defs["task"]["properties"]) - {"goal"}
    assert set(document["cells"][0]) == set(defs["cell"]["properties"])


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("form_type",), "invoice"),
        (("funding", "annual", "total"), "20.97"),
        (("indicators", 0, "level2"), "数量"),
        (("indicators", 0, "parsed"), {"kind": "numeric", "op": "~", "number": 1, "unit": None}),
        (("filler", "date"), "2023.01.03"),
    ],
)
def test_violations_are_caught_and_raise_on_write(tmp_path: Path, path: tuple, bad: object) -> None:  # type: ignore[type-arg]
    document = _record().to_dict()
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    assert schema_errors(document)
    from declform.output.validate import validate_record

    with pytest.raises(RecordInvalidError, match=SCHEMA_ID):
        validate_record(document)


def test_extra_key_is_a_violation() -> None:
    document = _record().to_dict()
    document["project"]["colour"] = "red"
    assert any("colour" in error for error in schema_errors(document))


def test_a_perfform_1_record_reads_as_2_with_its_new_parts_empty() -> None:
    old = {
        "schema": "perfform/1",
        "source": {"path": "a.pdf", "sha256": "0" * 64, "pages": [1]},
        "form_type": "project", "title": None, "fiscal_year": 2023,
        "project": {}, "filler": {}, "goals": {},
        "funding": {"annual": {"total": 1.0, "fiscal": None, "other": None}},
        "indicators": [{"period": "annual", "level1": None, "level2": None, "level1_raw": None,
                        "level2_raw": None, "name": "n", "value": "1", "parsed": None}],
        "tasks": [], "cells": [{"page": 1, "bbox": [0, 0, 1, 1], "row": 0, "col": 0,
                                "rowspan": 1, "colspan": 1, "text": "n", "confidence": 1.0}],
        "warnings": [{"code": "missing_label", "message": "m", "where": None}],
    }
    record = FormRecord.from_dict(old)
    assert record.schema == SCHEMA_ID and record.provenance == {} and record.extras == ()
    assert record.indicators[0].weight is None and record.funding.annual.unit is None
    assert record.cells[0].alternatives == () and record.warnings[0].bbox is None
    document = record.to_dict()
    validate_record(document)
    assert FormRecord.from_dict(document) == record


def test_a_task_goal_is_written_only_where_the_table_prints_one() -> None:
    plain = _record().to_dict()
    assert "goal" not in plain["tasks"][0]  # the family's own task table prints none
    goal = Task("基本支出", "人员工资", None, 1.0, 1.0, None, goal="按时发放")
    document = replace(_record(), tasks=(goal,)).to_dict()
    assert document["tasks"][0]["goal"] == "按时发放" and schema_errors(document) == []
    assert FormRecord.from_dict(document).tasks == (goal,)
