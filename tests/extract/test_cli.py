"""The declform command: contract for outputs, summaries, bad inputs and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from declform.extract.cli import main
from declform.output import schema_errors
from declform.output.codes import ExitCode
from scripts.render.form import render_record
from tests import paths

GOLDEN = sorted(paths.GOLDEN.glob("*.json"))


def _golden(index: int) -> dict:  # type: ignore[type-arg]
    loaded: dict = json.loads(GOLDEN[index].read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return loaded


def _two_form_pdf(tmp_path: Path) -> Path:
    """Two single-form PDFs joined page by page into one file."""
    from pypdf import PdfWriter

    parts = []
    for index in (0, 1):
        part = tmp_path / f"part{index}.pdf"
        render_record(_golden(index), part)
        parts.append(part)
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    joined = tmp_path / "two forms.pdf"
    with joined.open("wb") as stream:
        writer.write(stream)
    return joined


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    render_record(_golden(2), folder / "good.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf body\n")
    encrypted = canvas.Canvas(str(folder / "locked.pdf"), encrypt="secret")
    encrypted.drawString(100, 100, "locked")
    encrypted.save()
    blank = canvas.Canvas(str(folder / "no_table.pdf"))
    blank.drawString(100, 700, "Meeting notes, no form here")
    blank.save()
    return folder


def test_batch_survives_bad_inputs_and_names_them(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["extract", str(inputs), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1  # something failed, something succeeded
    record = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert schema_errors(record) == []
    assert record["project"]["name"] == _golden(2)["project"]["name"]
    errors = captured.err
    assert f"{inputs / 'empty.pdf'}: file is empty" in errors
    assert f"{inputs / 'corrupt.pdf'}: not a readable PDF" in errors
    assert f"{inputs / 'locked.pdf'}: PDF is encrypted" in errors
    assert f"skipped {inputs / 'no_table.pdf'} page 1" in captured.out
    assert sorted(p.name for p in out.glob("*.json")) == ["good.json"]
    assert (out / ".declform" / "manifest.json").is_file()


def test_several_forms_in_one_file_get_numbered_outputs(tmp_path: Path) -> None:
    joined = _two_form_pdf(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", str(joined), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.glob("*.json"))
    assert names == ["two_forms-1.json", "two_forms-2.json"]
    first = json.loads((out / "two_forms-1.json").read_text(encoding="utf-8"))
    second = json.loads((out / "two_forms-2.json").read_text(encoding="utf-8"))
    first_pages = first["source"]["pages"]
    assert first_pages[0] == 1 and second["source"]["pages"][0] == first_pages[-1] + 1
    assert first["project"]["name"] == _golden(0)["project"]["name"]


def test_a_run_updates_the_dataset_and_writes_the_review_site_when_asked(
    inputs: Path, tmp_path: Path
) -> None:
    import duckdb

    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out), "--no-tables"]) == 1
    assert not (out / "declform.duckdb").exists() and not (out / "review").exists()
    assert main(["extract", str(inputs), "--out", str(out), "--review"]) == 1  # a rerun
    with duckdb.connect(str(out / "declform.duckdb"), read_only=True) as db:
        assert db.sql("SELECT count(*) FROM forms").fetchall() == [(1,)]  # not duplicated
        statuses = dict(db.sql("SELECT status, count(*) FROM pages GROUP BY 1").fetchall())
    # every page the batch read is in the pages table, the form's and the one without a table
    assert statuses["form"] == 1 and statuses["not_a_form"] == 1
    assert (out / "tables" / "indicators.parquet").is_file()
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert _golden(2)["project"]["name"] in index


def test_nothing_to_do_exits_with_usage_code(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "nothing-*.pdf"), "--out", str(tmp_path / "o")]) == ExitCode.USAGE


def test_console_script_help_explains_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "declform", "extract", "--help"],
        capture_output=True, text=True, check=True,
    )
    for option in ("--out", "INPUT", "Exit code", "--engine", "--quiet"):
        assert option in done.stdout
