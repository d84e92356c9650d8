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


def test_version_is_the_package_version() -> None:
    import declform

    done = subprocess.run(
        [sys.executable, "-m", "declform", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"declform {declform.__version__}"


def test_jobs_workers_and_verbosity_spellings_are_accepted() -> None:
    from declform.extract.batch.options import batch_options
    from declform.extract.cli_parser import build_parser

    parser = build_parser()
    for spelling in ("-j", "--jobs", "--workers"):
        args = parser.parse_args(["extract", "in", "--out", "o", spelling, "3"])
        assert batch_options(args).worker_count == 3
    before = parser.parse_args(["-vv", "extract", "in", "--out", "o"])
    after = parser.parse_args(["extract", "-q", "in", "--out", "o"])
    assert (before.verbose, before.quiet) == (2, False)
    assert (after.verbose, after.quiet) == (0, True)


def test_verbosity_sets_the_package_log_level() -> None:
    import logging

    from declform.extract.cli import configure_logging

    for verbose, quiet, level in ((0, False, logging.WARNING), (1, False, logging.INFO),
                                  (2, False, logging.DEBUG), (0, True, logging.ERROR)):
        configure_logging(verbose, quiet)
        assert logging.getLogger("declform").level == level
    configure_logging(0, False)


def test_debug_logging_shows_each_page_s_stage_times(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from declform.extract.pipeline import Extractor

    pdf = tmp_path / "form.pdf"
    render_record(_golden(2), pdf)
    with caplog.at_level("DEBUG", logger="declform"):
        Extractor().read_page(pdf, 1)
    [message] = [r.getMessage() for r in caplog.records if "page 1:" in r.getMessage()]
    assert str(pdf) in message and "load" in message


def _summary(capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary: dict = events[-1]  # type: ignore[type-arg]
    assert summary["event"] == "summary"
    return summary


def test_force_reads_again_what_an_earlier_run_finished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "form.pdf"
    render_record(_golden(2), pdf)
    command = ["extract", str(pdf), "--out", str(tmp_path / "out"), "--json-log", "--no-tables"]
    assert main(command) == ExitCode.OK and _summary(capsys)["pages_read"] == 2
    assert main(command) == ExitCode.OK
    assert _summary(capsys)["skipped"] == 1
    assert main([*command, "--force"]) == ExitCode.OK
    forced = _summary(capsys)
    assert forced["pages_read"] == 2 and forced["skipped"] == 0


def test_pages_reads_a_range_and_a_later_run_reads_only_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    joined = _two_form_pdf(tmp_path)
    out = tmp_path / "out"
    command = ["extract", str(joined), "--out", str(out), "--json-log", "--no-tables"]
    assert main([*command, "--pages", "3-"]) == ExitCode.OK  # the second form's two pages
    assert _summary(capsys)["pages_read"] == 2
    [only] = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")]
    assert only["source"]["pages"] == [3, 4]
    snapshot = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    assert snapshot["inputs"][0]["status"] == "partial"
    assert main(command) == ExitCode.OK
    assert _summary(capsys)["pages_read"] == 2  # pages 3 and 4 were kept from the first run
    assert sorted(p.name for p in out.glob("*.json")) == ["two_forms-1.json", "two_forms-2.json"]


def test_a_range_outside_every_input_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "form.pdf"
    render_record(_golden(2), pdf)
    code = main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--pages", "5-9"])
    assert code == ExitCode.USAGE
    assert "form.pdf: none of its 2 page(s) is in --pages 5-9 —" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--pages", "3-1"])
    assert exited.value.code == ExitCode.USAGE


def test_ctrl_c_exits_130_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import declform.extract.batch.command as command  # cli imports it inside main()

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "run_batch", interrupted)
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "o")]) == ExitCode.INTERRUPTED
    assert "Traceback" not in capsys.readouterr().err


def test_records_get_the_usual_file_permissions(tmp_path: Path) -> None:
    import os

    pdf = tmp_path / "form.pdf"
    render_record(_golden(2), pdf)
    out = tmp_path / "out"
    previous = os.umask(0o022)
    try:
        assert main(["extract", str(pdf), "--out", str(out), "--no-tables"]) == ExitCode.OK
    finally:
        os.umask(previous)
    assert (out / "form.json").stat().st_mode & 0o777 == 0o644


def test_inputs_that_hold_no_form_exit_with_not_a_form(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(inputs / "no_table.pdf"), "--out", str(tmp_path / "out")])
    assert code == ExitCode.NOT_A_FORM
    assert f"skipped {inputs / 'no_table.pdf'} page 1" in capsys.readouterr().out
    unreadable = main(["extract", str(inputs / "corrupt.pdf"), "--out", str(tmp_path / "o2")])
    assert unreadable == ExitCode.INPUT


def test_page_files_join_unless_told_not_to() -> None:
    from declform.extract.batch.options import batch_options
    from declform.extract.cli_parser import build_parser

    parser = build_parser()
    assert batch_options(parser.parse_args(["extract", "in", "--out", "o"])).join_pages
    off = parser.parse_args(["extract", "in", "--out", "o", "--no-join-pages"])
    assert not batch_options(off).join_pages
