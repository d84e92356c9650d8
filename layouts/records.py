"""Assembling the canonical record from what a layout read plus where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from declform.layouts import FormFields
from declform.layouts.grid import Cell
from declform.normalize import clean_text
from declform.output import CellRecord, FormRecord, RecordWarning, Source, check_record
from declform.output.record import Extra, PageTransform, PrintedLine


def fields_to_record(
    fields: FormFields,
    source_path: str,
    sha256: str,
    page_warnings: Sequence[RecordWarning] = (),
    page_transforms: Sequence[PageTransform] = (),
) -> FormRecord:
    """`page_warnings` are the loading/OCR stage's doubts about the form's pages; the
    consistency rules (declform.output.rules, the "validate" step) add theirs after the layout's.
    `page_transforms` are the scan path's (of any pages: the form's own are kept)."""
    pages = tuple(sorted({grid.page for grid in fields.grids}))
    ordered = [
        cell for grid in fields.grids for cell in sorted(grid.cells, key=lambda c: (c.row, c.col))
    ]
    index: dict[Cell, int] = {}
    for position, cell in enumerate(ordered):
        index.setdefault(cell, position)
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
            alternatives=cell.alternatives,
        )
        for cell in ordered
    )
    # every field with the cells it was read from; a cell of a split heading (cut in two by
    # the reader) is no cell of the grid and has no index
    provenance: dict[str, tuple[int, ...]] = {}
    for path, cell in sorted(fields.provenance.items(), key=lambda item: _joined(item[0])):
        if cell in index:
            key = _joined(path)[1]
            provenance[key] = (*provenance.get(key, ()), index[cell])
    lines = {
        path: tuple(
            PrintedLine(line.page, tuple(round(v, 1) for v in line.bbox.as_tuple()), line.text)  # type: ignore[arg-type]
            for line in printed
        )
        for path, printed in fields.lines.items()
    }
    extras = tuple(
        Extra(
            label=clean_text(extra.label) or extra.label,
            value=clean_text(extra.value.text) if extra.value is not None else None,
            cells=tuple(index[c] for c in (*extra.labels, *filter(None, (extra.value,)))),
        )
        for extra in fields.extras
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
        extras=extras,
        provenance=provenance,
        line_provenance=lines,
        page_transforms=tuple(t for t in page_transforms if t.page in pages),
        cells=cells,
        warnings=(*page_warnings, *fields.warnings),
    )
    return replace(record, warnings=(*record.warnings, *check_record(record)))


# A value printed across operator, value and unit columns (≥ + 95 + %) is one field: its
# provenance names the value's cell first, then those it was joined from.
_VALUE_PARTS = (".operator", ".unit")


def _joined(path: str) -> tuple[bool, str]:
    """(whether the path is a part of an indicator's value, the field path it belongs to)."""
    for part in _VALUE_PARTS:
        if path.startswith("indicators") and path.endswith(part):
            return True, path.removesuffix(part) + ".value"
    return False, path
