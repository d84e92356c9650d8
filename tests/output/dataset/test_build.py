"""The dataset on disk (output/dataset/build.py, `declform tables`): Parquet, CSV and DuckDB load with
the documented columns, and rebuilding after a re-run updates rows without duplicating them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from declform.extract.cli import main
from declform.output import read_records, rebuild_dataset, write_dataset
from declform.output.codes import ExitCode
from declform.output.dataset.build import VIEWS
from declform.output.dataset.tables import COLUMNS, form_id
from declform.output.errors import InputError
from declform.output.json_writer import write_record
from tests.conftest import golden_record

STEMS = ["000_9acdd438bb5be3a7-29", "000_9acdd438bb5be3a7-1", "department-kexie-2026"]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    for stem in STEMS[:2]:
        write_record(golden_record(stem), tmp_path / f"{stem}.json")
    return tmp_path


def _db_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # type: ignore[index]
            for name in COLUMNS
        }


def test_parquet_and_csv_load_in_pandas_with_the_documented_columns(out_dir: Path) -> None:
    dataset = rebuild_dataset(out_dir)
    for name, columns in COLUMNS.items():
        parquet = pd.read_parquet(dataset.parquet[name])
        assert {c: str(t) for c, t in parquet.dtypes.items()} == dict(columns), name
        assert len(parquet) == dataset.rows[name]
        csv = pd.read_csv(dataset.csv[name], encoding="utf-8")
        assert list(csv.columns) == list(columns) and len(csv) == dataset.rows[name], name
    assert dataset.parquet["forms"].parent == out_dir / "tables"


def test_csv_bom_only_when_asked(out_dir: Path) -> None:
    plain = rebuild_dataset(out_dir)
    assert plain.csv["forms"].read_bytes().startswith(b"form_id,")
    bom = rebuild_dataset(out_dir, csv_bom=True)
    assert bom.csv["forms"].read_bytes().startswith(b"\xef\xbb\xbfform_id,")


def test_duckdb_has_the_tables_with_their_columns_and_the_views(out_dir: Path) -> None:
    dataset = rebuild_dataset(out_dir)
    with duckdb.connect(str(dataset.duckdb), read_only=True) as con:
        for name, columns in COLUMNS.items():
            described = [row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()]
            assert described == list(columns), name
        for view in VIEWS:
            con.execute(f"SELECT * FROM {view}").fetchall()  # every view runs
        (total,) = con.execute("SELECT sum(indicators) FROM indicators_by_department").fetchone()  # type: ignore[misc]
        assert total == dataset.rows["indicators"]
        flagged = con.execute("SELECT form_id, codes FROM forms_with_warnings").fetchall()
    # golden -29 prints cost targets above its funding; golden -1 is consistent
    assert flagged == [(form_id(golden_record(STEMS[0])), "cost_indicator_mismatch")]
    assert _db_counts(dataset.duckdb) == dict(dataset.rows)


def test_rerun_updates_rows_and_never_duplicates(out_dir: Path) -> None:
    first = rebuild_dataset(out_dir)
    assert rebuild_dataset(out_dir).rows == first.rows  # same records, same rows
    changed = replace(golden_record(STEMS[1]), title="拉萨经开区2026年项目支出绩效目标申报表(修订)")
    write_record(changed, out_dir / f"{STEMS[1]}.json")
    added = golden_record(STEMS[2])
    write_record(added, out_dir / f"{STEMS[2]}.json")
    second = rebuild_dataset(out_dir)
    assert second.rows["forms"] == 3
    assert second.rows["indicators"] == first.rows["indicators"] + len(added.indicators)
    assert second.rows["tasks"] == len(added.tasks)
    assert _db_counts(second.duckdb) == dict(second.rows)
    forms = pd.read_parquet(second.parquet["forms"]).set_index("form_id")
    assert forms.index.is_unique
    assert forms.loc[form_id(changed), "title"] == changed.title
    with duckdb.connect(str(second.duckdb), read_only=True) as con:
        titles = con.execute("SELECT title FROM forms WHERE form_id = ?", [form_id(changed)])
        assert titles.fetchall() == [(changed.title,)]
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]  # no staging left


def test_write_dataset_takes_records_directly(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "new", [golden_record(STEMS[2])])
    assert dataset.rows["forms"] == 1 and dataset.duckdb.is_file()


def test_records_in_skips_other_json_and_rejects_broken_records(out_dir: Path) -> None:
    (out_dir / "manifest.json").write_text('{"inputs": []}', encoding="utf-8")
    assert [form_id(r) for r in read_records(out_dir)] == [
        form_id(golden_record(stem)) for stem in sorted(STEMS[:2])
    ]
    (out_dir / "broken.json").write_text('{"schema": "perfform/1"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json"):
        read_records(out_dir)


def test_cli_tables_command(out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(out_dir), "--csv-bom"]) == 0
    assert "2 forms" in capsys.readouterr().out
    assert (out_dir / "declform.duckdb").is_file()
    assert (out_dir / "tables" / "indicators.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["tables", str(out_dir / "missing")]) == ExitCode.USAGE


def test_problem_pages_lists_a_form_read_only_in_part(tmp_path: Path) -> None:
    from declform.output.dataset.tables import PageRow

    record = golden_record(STEMS[0])
    path = record.source.path
    pages = [PageRow(path, 1, "form", "a form's title over 1 of the 4 indicator headings"),
             PageRow("other.pdf", 1, "form")]
    dataset = write_dataset(tmp_path, [record], pages=pages)
    with duckdb.connect(str(dataset.duckdb), read_only=True) as con:
        rows = con.execute("SELECT source_path, page, status, reason FROM problem_pages").fetchall()
    assert rows == [(path, 1, "form", "a form's title over 1 of the 4 indicator headings")]
