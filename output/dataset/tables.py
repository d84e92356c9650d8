"""Records → the analysts' tables (pure): forms, indicators, tasks, extras, fields, cells,
warnings, corrections (an auditor's, with the machine's reading), pages. `fields` ties every
value to the cells it was read from (join on cell_index); an indicator row carries its value
cell's page, box and confidence beside it.

Every table carries `form_id` so rows join; it is `<first 16 hex of source.sha256>-p<first
page>`: the same form of the same file gets the same id on every run, whatever the record file is
called. Records with the same form_id (one file given twice) count once: the last one wins.
Column lists and dtypes are fixed in `COLUMNS` (an empty table keeps them); README "Dataset"
documents them. The `warnings` table holds the record's warnings plus any `check_record`
warning the record lacks (records written before a rule existed still get it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from declform.output.corrections import as_text
from declform.output.dataset.names import canonical_names
from declform.output.dataset.page_rows import PageRow
from declform.output.record import FormRecord, RecordWarning
from declform.output.rules import check_record

STRING, INT, FLOAT = "string", "Int64", "float64"
PAGE_STATUSES = ("form", "continuation", "not_a_form", "failed")
# name columns of the forms table that get a `<column>_canonical` beside them
CANONICAL_NAMES = ("competent_department", "implementing_unit")
# a whole input (page null) that was not read page by page
INPUT_STATUSES = ("failed", "unsupported", "duplicate", "own-output")
__all__ = ["COLUMNS", "INPUT_STATUSES", "PAGE_STATUSES", "PageRow", "to_dataframes"]

COLUMNS: Mapping[str, Mapping[str, str]] = {
    "forms": {
        "form_id": STRING, "source_path": STRING, "source_sha256": STRING,
        "source_same_bytes": STRING, "first_page": INT, "page_count": INT, "pages": STRING,
        "form_type": STRING, "title": STRING, "fiscal_year": INT,
        "project_name": STRING, "competent_department": STRING, "department_code": STRING,
        "implementing_unit": STRING, "project_attribute": STRING, "project_period": STRING,
        "competent_department_canonical": STRING, "implementing_unit_canonical": STRING,
        "filler_name": STRING, "filler_phone": STRING, "filler_date": STRING,
        "medium_term_total": FLOAT, "medium_term_fiscal": FLOAT, "medium_term_other": FLOAT,
        "annual_total": FLOAT, "annual_fiscal": FLOAT, "annual_other": FLOAT,
        "medium_term_unit": STRING, "annual_unit": STRING,
        "goal_medium_term": STRING, "goal_annual": STRING, "extra_count": INT,
        "indicator_count": INT, "task_count": INT, "cell_count": INT, "warning_count": INT,
        "min_confidence": FLOAT, "mean_confidence": FLOAT,
    },
    "indicators": {
        "form_id": STRING, "indicator_index": INT, "period": STRING,
        "level1": STRING, "level2": STRING, "level1_raw": STRING, "level2_raw": STRING,
        "name": STRING, "value": STRING, "kind": STRING, "op": STRING, "number": FLOAT,
        "unit": STRING, "min": FLOAT, "max": FLOAT, "direction": STRING, "date": STRING,
        "month": INT, "days": FLOAT, "weight": STRING, "note": STRING,
        "value_cell": INT, "value_page": INT, "value_x0": FLOAT, "value_y0": FLOAT,
        "value_x1": FLOAT, "value_y1": FLOAT, "value_confidence": FLOAT, "value_touched": "boolean",
        "value_machine": STRING,
    },
    "tasks": {
        "form_id": STRING, "task_index": INT, "category": STRING, "name": STRING,
        "content": STRING, "total": FLOAT, "fiscal": FLOAT, "transfer": FLOAT, "goal": STRING,
    },
    "extras": {
        "form_id": STRING, "extra_index": INT, "label": STRING, "value": STRING,
        "label_cell": INT, "value_cell": INT,
    },
    "fields": {"form_id": STRING, "field": STRING, "cell_index": INT},
    "cells": {
        "form_id": STRING, "cell_index": INT, "page": INT, "row": INT, "col": INT,
        "rowspan": INT, "colspan": INT, "x0": FLOAT, "y0": FLOAT, "x1": FLOAT, "y1": FLOAT,
        "text": STRING, "confidence": FLOAT,
    },
    "warnings": {
        "form_id": STRING, "warning_index": INT, "code": STRING, "message": STRING,
        "location": STRING, "field": STRING, "page": INT,
        "x0": FLOAT, "y0": FLOAT, "x1": FLOAT, "y1": FLOAT,
    },
    "corrections": {
        "form_id": STRING, "field": STRING, "machine": STRING, "corrected": STRING,
        "who": STRING, "at": STRING,
    },
    "pages": {
        "source_path": STRING, "source_sha256": STRING, "page": INT, "status": STRING,
        "reason": STRING, "form_id": STRING,
    },
}  # fmt: skip

Row = dict[str, Any]


def form_id(record: FormRecord) -> str:
    return f"{record.source.sha256[:16]}-p{min(record.source.pages)}"


def all_warnings(record: FormRecord) -> tuple[RecordWarning, ...]:
    """The record's warnings, then the rule warnings it does not already hold."""
    missing = [w for w in check_record(record) if w not in record.warnings]
    return (*record.warnings, *missing)


def _form_row(key: str, record: FormRecord) -> Row:
    funding, project = record.funding, record.project
    confidences = [cell.confidence for cell in record.cells]
    return {
        "form_id": key, "source_path": record.source.path, "source_sha256": record.source.sha256,
        "source_same_bytes": "\n".join(record.source.same_bytes) or None,
        "first_page": min(record.source.pages), "page_count": len(record.source.pages),
        "pages": ",".join(map(str, record.source.pages)),
        "form_type": record.form_type, "title": record.title, "fiscal_year": record.fiscal_year,
        "project_name": project.name, "competent_department": project.competent_department,
        "department_code": project.department_code, "implementing_unit": project.implementing_unit,
        "project_attribute": project.attribute, "project_period": project.period,
        "filler_name": record.filler.name, "filler_phone": record.filler.phone,
        "filler_date": record.filler.date,
        "medium_term_total": funding.medium_term.total,
        "medium_term_fiscal": funding.medium_term.fiscal,
        "medium_term_other": funding.medium_term.other,
        "annual_total": funding.annual.total, "annual_fiscal": funding.annual.fiscal,
        "annual_other": funding.annual.other,
        "medium_term_unit": funding.medium_term.unit, "annual_unit": funding.annual.unit,
        "goal_medium_term": record.goals.medium_term, "goal_annual": record.goals.annual,
        "extra_count": len(record.extras),
        "indicator_count": len(record.indicators), "task_count": len(record.tasks),
        "cell_count": len(record.cells), "warning_count": len(all_warnings(record)),
        "min_confidence": min(confidences, default=None),
        "mean_confidence": sum(confidences) / len(confidences) if confidences else None,
    }  # fmt: skip


def _with_canonical_names(rows: list[Row]) -> list[Row]:
    """The form rows with each name column's batch-wide spelling beside it (`names`)."""
    for column in CANONICAL_NAMES:
        spelled = canonical_names(
            (row[column], row["mean_confidence"] or 0.0) for row in rows if row[column]
        )
        for row in rows:
            row[f"{column}_canonical"] = spelled[row[column]] if row[column] else None
    return rows


def _value_cell(record: FormRecord, index: int) -> Row:
    """Where indicator `index`'s value was read, the machine's reading, and whether a rule or
    a correction touched it (a warning about that cell, an auditor's correction)."""
    path = f"indicators[{index}].value"
    corrected = next((c for c in record.corrections if c.field == path), None)
    machine = as_text(corrected.machine) if corrected else record.indicators[index].value
    cells = record.provenance.get(path, ())
    if not cells:
        return {"value_touched": corrected is not None, "value_machine": machine}
    cell = record.cells[cells[0]]
    x0, y0, x1, y1 = cell.bbox
    touched = corrected is not None or any(
        w.page == cell.page and w.bbox == cell.bbox for w in record.warnings
    )
    return {
        "value_cell": cells[0], "value_page": cell.page, "value_x0": x0, "value_y0": y0,
        "value_x1": x1, "value_y1": y1, "value_confidence": cell.confidence,
        "value_touched": touched, "value_machine": machine,
    }


def _indicator_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for index, ind in enumerate(record.indicators):
        parsed: Mapping[str, Any] = ind.parsed or {}
        yield _value_cell(record, index) | {
            "form_id": key, "indicator_index": index, "period": ind.period,
            "level1": ind.level1, "level2": ind.level2, "level1_raw": ind.level1_raw,
            "level2_raw": ind.level2_raw, "name": ind.name, "value": ind.value,
            "kind": parsed.get("kind"), "op": parsed.get("op"), "number": parsed.get("number"),
            "unit": parsed.get("unit"), "min": parsed.get("min"), "max": parsed.get("max"),
            "direction": parsed.get("direction"), "date": parsed.get("date"),
            "month": parsed.get("month"), "days": parsed.get("days"),
            "weight": ind.weight, "note": ind.note,
        }  # fmt: skip


def _task_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for index, task in enumerate(record.tasks):
        yield {"form_id": key, "task_index": index, **vars(task)}


def _cell_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for index, cell in enumerate(record.cells):
        x0, y0, x1, y1 = cell.bbox
        yield {
            "form_id": key, "cell_index": index, "page": cell.page, "row": cell.row,
            "col": cell.col, "rowspan": cell.rowspan, "colspan": cell.colspan,
            "x0": x0, "y0": y0, "x1": x1, "y1": y1, "text": cell.text,
            "confidence": cell.confidence,
        }  # fmt: skip


def _extra_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for index, extra in enumerate(record.extras):
        label_cell, *value_cell = extra.cells or (None,)
        yield {
            "form_id": key, "extra_index": index, "label": extra.label, "value": extra.value,
            "label_cell": label_cell, "value_cell": value_cell[0] if value_cell else None,
        }  # fmt: skip


def _field_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for field, cells in record.provenance.items():
        for cell in cells:
            yield {"form_id": key, "field": field, "cell_index": cell}


def _warning_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for index, warning in enumerate(all_warnings(record)):
        x0, y0, x1, y1 = warning.bbox or (None, None, None, None)
        yield {
            "form_id": key, "warning_index": index, "code": warning.code,
            "message": warning.message, "location": warning.where, "field": warning.field,
            "page": warning.page, "x0": x0, "y0": y0, "x1": x1, "y1": y1,
        }  # fmt: skip


def _correction_rows(key: str, record: FormRecord) -> Iterator[Row]:
    for correction in record.corrections:
        yield {
            "form_id": key, "field": correction.field, "machine": as_text(correction.machine),
            "corrected": as_text(correction.corrected), "who": correction.who,
            "at": correction.at,
        }  # fmt: skip


def _page_rows(forms: Mapping[str, FormRecord], pages: Iterable[PageRow]) -> list[Row]:
    """Each record's pages (first: form, others: continuation), then the batch's rows."""
    rows: dict[tuple[str, int | None], Row] = {}
    sha_of: dict[str, str] = {}
    for key, record in forms.items():
        sha_of[record.source.path] = record.source.sha256
        for page in record.source.pages:
            status = "form" if page == min(record.source.pages) else "continuation"
            # a page sequence's page: a row of the file it came from, as the batch's rows
            file = record.source.file_of(page)
            path, sha256, number = (record.source.path, record.source.sha256, page) if (
                file is None) else (file.path, file.sha256, file.file_page)
            rows[path, number] = {
                "source_path": path, "source_sha256": sha256,
                "page": number, "status": status, "reason": None, "form_id": key,
            }  # fmt: skip
    for row in pages:
        known = rows.get((row.source_path, row.page), {})
        rows[row.source_path, row.page] = {
            "source_path": row.source_path,
            "source_sha256": row.sha256 or sha_of.get(row.source_path),
            "page": row.page, "status": row.status, "reason": row.reason,
            "form_id": known.get("form_id"),
        }  # fmt: skip
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1] or 0))]


def frame(name: str, rows: Iterable[Row]) -> pd.DataFrame:
    """A table with exactly COLUMNS[name], in order and with those dtypes (also when empty)."""
    columns = COLUMNS[name]
    data = pd.DataFrame(list(rows), columns=list(columns), dtype=object)
    return data.astype(dict(columns))


def to_dataframes(
    records: Iterable[FormRecord], pages: Iterable[PageRow] = ()
) -> dict[str, pd.DataFrame]:
    """The tables of a set of records (see COLUMNS); `pages` adds the batch's page
    outcomes (not-a-form and failed pages that no record knows)."""
    forms: dict[str, FormRecord] = {}
    for record in records:
        forms[form_id(record)] = record
    items = list(forms.items())
    return {
        "forms": frame("forms", _with_canonical_names([_form_row(k, rec) for k, rec in items])),
        "indicators": frame("indicators", (r for k, rec in items for r in _indicator_rows(k, rec))),
        "tasks": frame("tasks", (r for k, rec in items for r in _task_rows(k, rec))),
        "extras": frame("extras", (r for k, rec in items for r in _extra_rows(k, rec))),
        "fields": frame("fields", (r for k, rec in items for r in _field_rows(k, rec))),
        "cells": frame("cells", (r for k, rec in items for r in _cell_rows(k, rec))),
        "warnings": frame("warnings", (r for k, rec in items for r in _warning_rows(k, rec))),
        "corrections": frame(
            "corrections", (r for k, rec in items for r in _correction_rows(k, rec))
        ),
        "pages": frame("pages", _page_rows(forms, pages)),
    }
