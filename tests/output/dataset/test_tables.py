"""Records → DataFrames (output/dataset/tables.py): fixed columns and dtypes, joinable form ids, the
parsed indicator columns, merged warnings and the pages table."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from declform.output import CellRecord, FormRecord, PageRow, RecordWarning, Source, check_record
from declform.output.dataset.tables import COLUMNS, form_id, to_dataframes

PRINTED = ("period", "level1", "level2", "level1_raw", "level2_raw", "name", "value")
PARSED = ("kind", "op", "number", "unit", "min", "max", "direction", "date", "month", "days")


@pytest.fixture(scope="module")
def records(golden_records: list[FormRecord]) -> list[FormRecord]:
    return golden_records


@pytest.fixture(scope="module")
def tables(records: list[FormRecord]) -> dict[str, pd.DataFrame]:
    return to_dataframes(records)


def _columns(data: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in data.dtypes.items()}


def test_every_table_has_its_documented_columns_and_dtypes(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables) == set(COLUMNS)
    for name, data in tables.items():
        assert _columns(data) == dict(COLUMNS[name]), name


def test_empty_tables_keep_their_columns_and_dtypes() -> None:
    for name, data in to_dataframes([]).items():
        assert data.empty and _columns(data) == dict(COLUMNS[name]), name


def test_one_row_per_form_indicator_and_task(
    records: list[FormRecord], tables: dict[str, pd.DataFrame]
) -> None:
    assert len(tables["forms"]) == len(records)
    assert len(tables["indicators"]) == sum(len(r.indicators) for r in records)
    assert len(tables["tasks"]) == sum(len(r.tasks) for r in records)
    assert tables["forms"]["form_id"].is_unique


def test_every_row_joins_to_its_form(tables: dict[str, pd.DataFrame]) -> None:
    ids = set(tables["forms"]["form_id"])
    for name in ("indicators", "tasks", "warnings", "pages"):
        assert set(tables[name]["form_id"].dropna()) <= ids, name


def test_form_id_is_stable_and_names_sha_and_first_page(records: list[FormRecord]) -> None:
    record = replace(records[0], source=replace(records[0].source, pages=(3, 4)))
    assert form_id(record) == f"{record.source.sha256[:16]}-p3"
    assert to_dataframes([record])["forms"]["form_id"].tolist() == [form_id(record)]


def test_indicator_rows_carry_the_parsed_value(
    records: list[FormRecord], tables: dict[str, pd.DataFrame]
) -> None:
    rows = tables["indicators"].set_index(["form_id", "indicator_index"])
    kinds_seen = set()
    for record in records:
        for index, indicator in enumerate(record.indicators):
            row = rows.loc[(form_id(record), index)]
            parsed = dict(indicator.parsed or {})
            kinds_seen.add(parsed.get("kind"))
            expected = {**parsed, **{key: getattr(indicator, key) for key in PRINTED}}
            for key in (*PRINTED, *PARSED):
                want = expected.get(key)
                assert pd.isna(row[key]) if want is None else row[key] == want, key
    assert {"numeric", "deadline", "qualitative", "text"} <= kinds_seen


def test_forms_row_flattens_header_and_funding(records: list[FormRecord]) -> None:
    record = next(r for r in records if r.form_type == "department")
    (row,) = to_dataframes([record])["forms"].to_dict("records")
    assert row["competent_department"] == record.project.competent_department
    assert row["department_code"] == record.project.department_code
    assert row["annual_total"] == record.funding.annual.total
    assert pd.isna(row["medium_term_total"])
    assert row["task_count"] == len(record.tasks)


def test_forms_name_one_department_in_one_spelling_across_the_batch(
    records: list[FormRecord],
) -> None:
    record = next(r for r in records if r.project.competent_department)
    printed = record.project.competent_department
    assert printed is not None and len(printed) >= 5
    misread = printed[:-2] + "康" + printed[-1]  # one character off, as a scan reads it
    others = [
        replace(record, source=replace(record.source, sha256=str(n) * 64), project=project)
        for n, project in enumerate(
            [record.project, replace(record.project, competent_department=misread)], start=1
        )
    ]
    forms = to_dataframes([record, *others])["forms"]
    assert forms["source_same_bytes"].isna().all()
    assert list(forms["competent_department"]) == [printed, printed, misread]
    assert set(forms["competent_department_canonical"]) == {printed}


def test_a_form_names_the_other_inputs_with_its_bytes(records: list[FormRecord]) -> None:
    record = records[0]
    copied = replace(record, source=replace(record.source, same_bytes=("in/b.pdf", "in/c.pdf")))
    (row,) = to_dataframes([copied])["forms"].to_dict("records")
    assert row["source_same_bytes"] == "in/b.pdf\nin/c.pdf"


def test_duplicate_forms_count_once_and_the_last_wins(records: list[FormRecord]) -> None:
    first = records[0]
    newer = replace(first, title="changed title")
    forms = to_dataframes([first, records[1], newer])["forms"]
    assert len(forms) == 2
    assert forms.set_index("form_id").loc[form_id(first), "title"] == "changed title"


def test_warnings_table_adds_rule_warnings_once(records: list[FormRecord]) -> None:
    record = replace(records[0], project=replace(records[0].project, name=None))
    own = RecordWarning("level_corrected", "x", "page 1 row 2 col 3")
    bare = replace(record, warnings=(own,))
    checked = replace(record, warnings=(own, *check_record(record)))
    for variant in (bare, checked):
        tables = to_dataframes([variant])
        assert tables["warnings"]["code"].tolist() == ["level_corrected", "missing_required_field"]
        assert tables["warnings"]["location"].tolist()[1] == "project.name"
        assert tables["forms"]["warning_count"].tolist() == [2]


def test_cells_table_splits_the_bbox(records: list[FormRecord]) -> None:
    cell = CellRecord(1, (10.0, 20.0, 30.0, 40.0), 2, 3, 1, 2, "项目名称", 0.42)
    tables = to_dataframes([replace(records[0], cells=(cell,))])
    (row,) = tables["cells"].to_dict("records")
    assert (row["x0"], row["y0"], row["x1"], row["y1"]) == cell.bbox
    assert (row["text"], row["confidence"], row["colspan"]) == ("项目名称", 0.42, 2)
    assert tables["forms"]["min_confidence"].tolist() == [0.42]


def test_pages_table_merges_record_pages_with_batch_rows(records: list[FormRecord]) -> None:
    record = replace(records[0], source=Source("batch.pdf", records[0].source.sha256, (1, 2)))
    batch = [
        PageRow("batch.pdf", 3, "not_a_form", "no ruled table"),
        PageRow("other.pdf", 1, "failed", "bad", sha256="f" * 64),
    ]
    pages = to_dataframes([record], batch)["pages"]
    got = list(
        pages[["source_path", "page", "status", "form_id"]].itertuples(index=False, name=None)
    )
    key = form_id(record)
    assert [tuple(None if pd.isna(v) else v for v in row) for row in got] == [
        ("batch.pdf", 1, "form", key),
        ("batch.pdf", 2, "continuation", key),
        ("batch.pdf", 3, "not_a_form", None),
        ("other.pdf", 1, "failed", None),
    ]
    assert pages["source_sha256"].tolist() == [record.source.sha256] * 3 + ["f" * 64]
    # a batch row about a form page keeps the form it belongs to
    again = to_dataframes([record], [PageRow("batch.pdf", 1, "form")])["pages"]
    assert again.loc[again["page"] == 1, "form_id"].tolist() == [key]


def test_every_value_is_tied_to_its_cell_in_the_tables() -> None:
    from declform.extract.pipeline import extract_file
    from tests.paths import TESTS

    real = TESTS / "fixtures" / "real-forms"
    records = [
        *extract_file(real / "wuhan-donghu-2020-project-application.xlsx").records,
        *extract_file(real / "zhanjiang-2024-dept-overall.xlsx").records,
    ]
    tables = to_dataframes(records)
    indicators, cells, fields = tables["indicators"], tables["cells"], tables["fields"]
    assert indicators["value_cell"].notna().all() and (indicators["value_page"] == 1).all()
    joined = indicators.merge(
        cells, left_on=["form_id", "value_cell"], right_on=["form_id", "cell_index"]
    )
    assert (joined["value"] == joined["text"].str.strip()).all()
    assert not indicators["value_touched"].any()
    name = fields[fields["field"] == "project.name"].merge(cells, on=["form_id", "cell_index"])
    assert list(name["text"]) == ["专项资金"]
    extras = tables["extras"]
    assert set(extras["label"]) >= {"项目负责人", "联系电话"}
    assert tables["forms"]["extra_count"].sum() == len(extras)
