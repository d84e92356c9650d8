"""Writing the analysts' dataset next to the JSON records of an output folder DIR:

    DIR/tables/<table>.parquet   one file per table of declform.output.dataset.tables.COLUMNS
    DIR/tables/<table>.csv       the same, UTF-8 (with a BOM for Excel when asked)
    DIR/declform.duckdb          the same tables plus the views in VIEWS

`rebuild_dataset(DIR)` rebuilds everything from every record under DIR, so re-running a
batch updates rows and never duplicates them. Each file is built in a staging folder inside DIR
and renamed over its target, so a reader never sees a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from declform.output.atomic import ensure_folder
from declform.output.corrections import FolderCorrections
from declform.output.dataset.files import STAGING_PREFIX, record_files
from declform.output.dataset.tables import COLUMNS, INT, STRING, PageRow, to_dataframes
from declform.output.errors import InputError, OutputError
from declform.output.record import READABLE_SCHEMAS, FormRecord
from declform.output.thresholds import LOW_CONFIDENCE

TABLES_DIR = "tables"
DUCKDB_FILE = "declform.duckdb"
_SQL_TYPES = {STRING: "VARCHAR", INT: "BIGINT"}  # everything else is a float64 → DOUBLE

VIEWS: Mapping[str, str] = {
    "indicator_details": """
        SELECT f.fiscal_year, f.form_type, f.competent_department, f.implementing_unit,
               f.project_name, f.source_path, i.*
        FROM indicators i JOIN forms f USING (form_id)""",
    "indicators_by_department": """
        SELECT f.competent_department, f.fiscal_year, i.period, i.level1, i.level2,
               count(DISTINCT i.form_id) AS forms, count(*) AS indicators,
               count(*) FILTER (WHERE i.kind = 'numeric') AS numeric_indicators
        FROM indicators i JOIN forms f USING (form_id)
        GROUP BY ALL ORDER BY ALL""",
    "funding_by_department": """
        SELECT competent_department, fiscal_year, count(*) AS forms,
               sum(annual_total) AS annual_total, sum(medium_term_total) AS medium_term_total
        FROM forms GROUP BY ALL ORDER BY ALL""",
    "forms_with_warnings": """
        SELECT f.form_id, f.source_path, f.first_page, f.title, f.project_name,
               f.competent_department, f.fiscal_year, count(*) AS warnings,
               string_agg(DISTINCT w.code, ', ' ORDER BY w.code) AS codes
        FROM forms f JOIN warnings w USING (form_id)
        GROUP BY ALL ORDER BY warnings DESC, f.form_id""",
    "warnings_by_code": """
        SELECT code, count(*) AS warnings, count(DISTINCT form_id) AS forms
        FROM warnings GROUP BY code ORDER BY warnings DESC, code""",
    "low_confidence_cells": f"""
        SELECT f.source_path, c.*
        FROM cells c JOIN forms f USING (form_id)
        WHERE c.confidence < {LOW_CONFIDENCE}
        ORDER BY c.confidence, c.form_id, c.cell_index""",
    "problem_pages": """
        SELECT * FROM pages
        WHERE status NOT IN ('form', 'continuation') OR (status = 'form' AND reason IS NOT NULL)
        ORDER BY source_path, page NULLS FIRST""",
}


@dataclass(frozen=True)
class DatasetPaths:
    parquet: Mapping[str, Path]
    csv: Mapping[str, Path]
    duckdb: Path
    rows: Mapping[str, int]


def read_records(out_dir: Path) -> list[FormRecord]:
    """Every perfform/1 record under DIR (output/dataset/files.py: the mirrored folders and
    flat older outputs), by relative path, with the corrections the folder's verdict journal
    holds for it; other JSON is skipped."""
    records = []
    corrections = FolderCorrections.load(Path(out_dir))  # the auditors' corrections win
    for path in record_files(Path(out_dir)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("schema") in READABLE_SCHEMAS:
                name = path.relative_to(out_dir).as_posix()
                records.append(corrections.apply(name, FormRecord.from_dict(data)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"cannot read as a perfform/1 record: {exc}", path=str(path)) from exc
    return records


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _sql_type(dtype: str) -> str:
    return _SQL_TYPES.get(dtype, "DOUBLE")


def _write_duckdb(path: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    with duckdb.connect(str(path)) as con:
        for name, data in frames.items():
            columns = ", ".join(f'"{c}" {_sql_type(t)}' for c, t in COLUMNS[name].items())
            con.execute(f"CREATE TABLE {name} ({columns})")
            con.register("frame", data)
            con.execute(f"INSERT INTO {name} SELECT * FROM frame")
            con.unregister("frame")
        for name, query in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {query}")


def write_dataset(
    out_dir: Path,
    records: Iterable[FormRecord],
    *,
    pages: Iterable[PageRow] = (),
    csv_bom: bool = False,
) -> DatasetPaths:
    """Write the tables of exactly these records (see the module docstring), replacing any
    previous dataset in out_dir."""
    out_dir = Path(out_dir)
    frames = to_dataframes(records, pages)
    try:  # OUT itself may be a link (the user's choice), never OUT/tables
        out_dir.mkdir(parents=True, exist_ok=True)
        tables = ensure_folder(out_dir, TABLES_DIR)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write the dataset ({exc.strerror or exc})",
                          path=exc.filename or str(out_dir)) from exc
    try:
        for name, data in frames.items():
            data.to_parquet(staging / f"{name}.parquet", index=False, engine="pyarrow")
            data.to_csv(
                staging / f"{name}.csv", index=False, encoding="utf-8-sig" if csv_bom else "utf-8"
            )
        _write_duckdb(staging / DUCKDB_FILE, frames)
        for name in frames:
            for suffix in (".parquet", ".csv"):
                os.replace(staging / f"{name}{suffix}", tables / f"{name}{suffix}")
        os.replace(staging / DUCKDB_FILE, out_dir / DUCKDB_FILE)
    except duckdb.InterruptException:  # Ctrl-C inside DuckDB: the user's, not a disk's
        raise KeyboardInterrupt from None
    except (OSError, duckdb.Error) as exc:  # a full disk, a read-only folder
        raise OutputError(f"cannot write the dataset ({_why(exc)})", path=str(out_dir)) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return DatasetPaths(
        parquet={name: tables / f"{name}.parquet" for name in frames},
        csv={name: tables / f"{name}.csv" for name in frames},
        duckdb=out_dir / DUCKDB_FILE,
        rows={name: len(data) for name, data in frames.items()},
    )


def rebuild_dataset(
    out_dir: Path, *, pages: Iterable[PageRow] = (), csv_bom: bool = False
) -> DatasetPaths:
    """The dataset of every record now in out_dir: what `declform tables DIR` runs."""
    return write_dataset(out_dir, read_records(out_dir), pages=pages, csv_bom=csv_bom)
