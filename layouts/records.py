"""Assembling the canonical record from what a layout read plus where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from declform.layouts import FormFields
from declform.output import CellRecord, FormRecord, RecordWarning, Source, check_record


def fields_to_record(
    fields: FormFields,
    source_path: str,
    sha256: str,
    page_warnings: Sequence[RecordWarning] = (),
) -> FormRecord:
    """`page_warnings` are the loading/OCR stage's doubts about the form's pages; the
    consistency rules (declform.output.rules, the "validate" step) add theirs after the layout's."""
    pages = tuple(sorted({grid.page for grid in fields.grids}))
    cells = tuple(
        CellRecord(
            page=cell.page,
            bbox=tuple(round(v, 1) for v in cell.bbox.as_tuple()),  # type: ignore[arg-type]
            row=cell.row,
            col=cell.col,
            rowspan=cell.rowspan,
            colspan=cell.colspan,
            text=cell.text,
            confidence=round(cell.confidence, 4),
        )
        for grid in fields.grids
        for cell in sorted(grid.cells, key=lambda c: (c.row, c.col))
    )
    record = FormRecord(
        source=Source(path=source_path, sha256=sha256, pages=pages),
        form_type=fields.form_type,  # type: ignore[arg-type]
        title=fields.title,
        fiscal_year=fields.fiscal_year,
        project=fields.project,
        filler=fields.filler,
        funding=fields.funding,
        goals=fields.goals,
        indicators=fields.indicators,
        tasks=fields.tasks,
        cells=cells,
        warnings=(*page_warnings, *fields.warnings),
    )
    return replace(record, warnings=(*record.warnings, *check_record(record)))
