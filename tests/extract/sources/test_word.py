"""Word documents (extract/sources/word.py): a form handed out as .docx reads as the same record
as its PDF. The .docx is written here, with python-docx, from the PDF's own tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from declform import extract_file
from declform.extract.vector.grid import pdf_to_grids
from declform.output.errors import InputError
from tests.paths import REPO

SAMPLES = ("lasa-2023-annual-project.pdf", "department-2023.pdf", "jingkaiqu-2026-project.pdf")


def _as_docx(pdf: Path, out: Path) -> Path:
    """Each page's table of `pdf` as a Word table (merged cells merged), the lines printed
    above it as paragraphs."""
    document = docx.Document()
    for grid in pdf_to_grids(pdf):
        for line in grid.text_above():
            document.add_paragraph(line.text)
        table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
        for cell in grid.cells:
            target = table.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(cell.last_row, cell.last_col))
            target.text = cell.text
        document.add_paragraph("")
    document.save(str(out))
    return out


def _comparable(record: object) -> dict:  # type: ignore[type-arg]
    data = record.to_dict()  # type: ignore[attr-defined]
    for key in ("source", "cells", "provenance", "line_provenance", "warnings", "page_transforms",
                "extras"):
        data.pop(key, None)
    return data


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_form_as_a_word_document_reads_as_its_pdf(sample: str, tmp_path: Path) -> None:
    pdf = REPO / "samples" / sample
    word = _as_docx(pdf, tmp_path / f"{pdf.stem}.docx")
    from_pdf, from_word = extract_file(pdf), extract_file(word)
    assert from_word.error is None and len(from_word.records) == len(from_pdf.records) >= 1
    for printed, typed in zip(from_pdf.records, from_word.records, strict=True):
        assert _comparable(typed) == _comparable(printed)
        assert typed.source.path == str(word)


def test_a_damaged_word_file_fails_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "form.docx"
    broken.write_bytes(b"PK\x03\x04 not a document")
    result = extract_file(broken)
    assert isinstance(result.error, InputError) and "form.docx" in str(result.error)
