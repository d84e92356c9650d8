"""Page sequences in a batch: numbered image files of one folder read as one document."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from declform.extract.batch.command import run_batch
from declform.extract.batch.executors import InlineExecutor
from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_views import snapshot
from declform.extract.batch.options import BatchOptions
from declform.extract.batch.selection import parse_pages
from declform.extract.batch.sequences import PageSequence, group_sequences
from declform.extract.sources.files import InputFile
from declform.output.codes import ExitCode
from declform.output.record import FormRecord
from tests.extract.batch.kit import SAMPLES, page_images, read_records, sequence_executor

TWO_PAGES = SAMPLES / "jingkaiqu-2026-project.pdf"  # one form: page 1, its table goes on on 2
ONE_PAGE = SAMPLES / "department-2023.pdf"  # one form on one page
LOG = BatchOptions(json_log=True, tables=False)


def _inputs(*names: str) -> list[InputFile]:
    return [InputFile(Path("in") / name, PurePosixPath(name)) for name in names]


def _run(folder: Path, out: Path, pages: dict[str, tuple[Path, int]],
         options: BatchOptions = LOG) -> tuple[int, InlineExecutor]:
    executor = sequence_executor(pages)
    return run_batch([str(folder)], out, options, executor), executor


def _events(capsys: pytest.CaptureFixture[str]) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _files(events: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {Path(e["path"]).name: e for e in events if e["event"] == "file"}


def _record(out: Path, name: str) -> FormRecord:
    return FormRecord.from_dict(json.loads((out / name).read_text(encoding="utf-8")))


def test_numbered_files_group_in_numeric_order_and_others_stay_alone() -> None:
    units = group_sequences(_inputs("page-10.png", "page-2.png", "page-1.png", "IMG_0001.JPG",
                                    "IMG_0002.JPG", "cover.png", "page-1.jpg", "form.pdf"))
    sequences = [u for u in units if isinstance(u, PageSequence)]
    assert [[p.name for p in s.paths] for s in sequences] == [
        ["page-1.png", "page-2.png", "page-10.png"], ["IMG_0001.JPG", "IMG_0002.JPG"],
    ]
    assert [s.name for s in sequences] == [Path("in/page-{n}.png"), Path("in/IMG_{n}.JPG")]
    assert [s.relative for s in sequences] == [PurePosixPath("page.png"),
                                               PurePosixPath("IMG.JPG")]
    alone = [u.path.name for u in units if isinstance(u, InputFile)]
    assert alone == ["cover.png", "page-1.jpg", "form.pdf"]  # a lone number is no sequence


def test_a_continuation_file_joins_the_form_of_the_file_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"scan_001.png": (TWO_PAGES, 1), "scan_002.png": (TWO_PAGES, 2)})
    code, _ = _run(folder, tmp_path / "out", pages)
    assert code == ExitCode.OK
    assert list(read_records(tmp_path / "out")) == ["scan.json"]
    record = _record(tmp_path / "out", "scan.json")
    assert len(record.indicators) == 22  # both pages' rows, as from the two-page PDF
    assert record.source.path == str(folder / "scan_{n}.png")
    assert record.source.pages == (1, 2)
    assert [(f.page, Path(f.path).name, f.file_page) for f in record.source.files] == [
        (1, "scan_001.png", 1), (2, "scan_002.png", 1)]
    assert {cell.page for cell in record.cells} == {1, 2}
    files = _files(_events(capsys))
    assert files["scan_001.png"]["forms"] == 1 and files["scan_001.png"]["continues"] is None
    assert files["scan_002.png"]["forms"] == 0
    assert files["scan_002.png"]["continues"] == "scan_001.png"
    assert files["scan_002.png"]["outputs"] == [str(tmp_path / "out" / "scan.json")]
    with Manifest(tmp_path / "out") as manifest:
        inputs = {Path(i["path"]).name: i for i in snapshot(manifest)["inputs"]}
    assert inputs["scan_002.png"]["pages"] == [{"page": 1, "status": "done",
                                                "reason": "continues the form of scan_001.png"}]
    assert inputs["scan_{n}.png"]["outputs"] == ["scan.json"]


def test_page_2_comes_before_page_10(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"page-2.png": (TWO_PAGES, 1), "page-10.png": (TWO_PAGES, 2)})
    assert _run(folder, tmp_path / "out", pages)[0] == ExitCode.OK
    record = _record(tmp_path / "out", "page.json")
    assert [Path(f.path).name for f in record.source.files] == ["page-2.png", "page-10.png"]
    assert len(record.indicators) == 22


def test_single_page_forms_in_a_sequence_stay_one_record_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"f-1.png": (ONE_PAGE, 1), "f-2.png": (ONE_PAGE, 1),
                                 "f-3.png": (TWO_PAGES, 1)})
    assert _run(folder, tmp_path / "out", pages)[0] == ExitCode.OK
    assert sorted(read_records(tmp_path / "out")) == ["f-1.json", "f-2.json", "f-3.json"]
    firsts = [_record(tmp_path / "out", f"f-{k}.json").source.files for k in (1, 2, 3)]
    assert [[Path(f.path).name for f in files] for files in firsts] == [
        ["f-1.png"], ["f-2.png"], ["f-3.png"]]


def test_a_continuation_with_nothing_before_it_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"p1.png": (TWO_PAGES, 2), "p2.png": (ONE_PAGE, 1)})
    assert _run(folder, tmp_path / "out", pages)[0] == ExitCode.SOME_FAILED
    events = _events(capsys)
    orphan = [e for e in events if e["event"] == "page"]
    assert len(orphan) == 1 and Path(orphan[0]["path"]).name == "p1.png"
    assert orphan[0]["page"] == 1 and orphan[0]["status"] == "not-a-form"
    assert orphan[0]["reason"].startswith("p1.png continues no form: none begins before it "
                                          "in the page sequence p{n}.png")
    assert _files(events)["p2.png"]["forms"] == 1
    assert list(read_records(tmp_path / "out")) == ["p.json"]


def test_resume_skips_a_finished_sequence_and_a_new_file_reads_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"s-1.png": (TWO_PAGES, 1), "s-2.png": (TWO_PAGES, 2)})
    _run(folder, out, pages)
    first = read_records(out)
    capsys.readouterr()
    code, _ = _run(folder, out, pages)
    assert code == ExitCode.OK and read_records(out) == first
    events = _events(capsys)
    assert events[-1]["pages_read"] == 0
    files = _files(events)
    assert {name: e["status"] for name, e in files.items()} == {"s-1.png": "skipped",
                                                                "s-2.png": "skipped"}
    assert files["s-2.png"]["continues"] == "s-1.png"
    # a third file: the sequence is read again, with its page
    pages = page_images(folder, {**pages, "s-3.png": (ONE_PAGE, 1)})
    assert _run(folder, out, pages)[0] == ExitCode.OK
    assert sorted(read_records(out)) == ["s-1.json", "s-2.json"]  # two forms now
    assert len(_record(out, "s-1.json").indicators) == 22
    assert [Path(f.path).name for f in _record(out, "s-2.json").source.files] == ["s-3.png"]
    capsys.readouterr()
    _run(folder, out, pages, BatchOptions(json_log=True, tables=False, force=True))
    assert {e["status"] for e in _files(_events(capsys)).values()} == {"done"}
    # a file changed: the sequence is read again, every page of it
    from PIL import Image

    Image.new("L", (5, 5), color=99).save(folder / "s-2.png")
    _run(folder, out, pages)
    events = _events(capsys)
    assert events[-1]["pages_read"] == 3
    assert {e["status"] for e in _files(events).values()} == {"done"}


def test_pages_count_through_the_sequence(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"s-1.png": (TWO_PAGES, 1), "s-2.png": (TWO_PAGES, 2),
                                 "s-3.png": (ONE_PAGE, 1)})
    _run(folder, out, pages, BatchOptions(json_log=True, tables=False, pages=parse_pages("3")))
    assert list(read_records(out)) == ["s.json"]
    assert [Path(f.path).name for f in _record(out, "s.json").source.files] == ["s-3.png"]
    capsys.readouterr()
    _run(folder, out, pages)  # the rest: pages 1 and 2, page 3 from the saved read
    assert sorted(read_records(out)) == ["s-1.json", "s-2.json"]
    assert len(_record(out, "s-1.json").indicators) == 22


def test_the_option_off_reads_every_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"scan_001.png": (TWO_PAGES, 1), "scan_002.png": (TWO_PAGES, 2)})
    options = BatchOptions(json_log=True, tables=False, join_pages=False)
    assert _run(folder, tmp_path / "out", pages, options)[0] == ExitCode.SOME_FAILED
    assert list(read_records(tmp_path / "out")) == ["scan_001.json"]
    record = _record(tmp_path / "out", "scan_001.json")
    assert record.source.files == () and len(record.indicators) < 22
    assert _files(_events(capsys))["scan_002.png"]["forms"] == 0


def test_the_pages_table_has_a_row_per_file_tied_to_the_joined_form(tmp_path: Path) -> None:
    import pandas as pd

    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"scan_001.png": (TWO_PAGES, 1), "scan_002.png": (TWO_PAGES, 2)})
    _run(folder, out, pages, BatchOptions(json_log=True))
    table = pd.read_parquet(out / "tables" / "pages.parquet")
    rows = {Path(r.source_path).name: r for r in table.itertuples()}
    assert sorted(rows) == ["scan_001.png", "scan_002.png"]
    assert (rows["scan_001.png"].status, rows["scan_002.png"].status) == ("form", "continuation")
    assert rows["scan_002.png"].reason == "continues the form of scan_001.png"
    assert rows["scan_001.png"].form_id == rows["scan_002.png"].form_id is not None


def test_turning_joining_off_replaces_the_joined_records_and_back(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"scan_001.png": (TWO_PAGES, 1), "scan_002.png": (TWO_PAGES, 2)})
    _run(folder, out, pages)
    assert list(read_records(out)) == ["scan.json"]
    _run(folder, out, pages, BatchOptions(json_log=True, tables=False, join_pages=False))
    assert list(read_records(out)) == ["scan_001.json"]  # the joined record went
    with Manifest(out) as manifest:
        assert manifest.input_entry(str(folder / "scan_{n}.png")) is None
    _run(folder, out, pages)
    assert list(read_records(out)) == ["scan.json"]  # the file's own record went


def test_files_named_by_a_number_alone_take_the_folder_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    pages = page_images(folder, {"1.png": (TWO_PAGES, 1), "2.png": (TWO_PAGES, 2)})
    _run(folder, tmp_path / "out", pages)
    assert list(read_records(tmp_path / "out")) == ["in.json"]


def test_two_files_with_one_number_make_no_sequence() -> None:
    units = group_sequences(_inputs("page-1.png", "page-01.png", "page-2.png"))
    assert all(isinstance(u, InputFile) for u in units) and len(units) == 3


def test_a_killed_run_keeps_the_pages_it_read_of_a_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.extract.batch.kit import Crash, CrashAfter, PdfPagesAsImages

    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"s-1.png": (TWO_PAGES, 1), "s-2.png": (TWO_PAGES, 2),
                                 "s-3.png": (ONE_PAGE, 1)})
    crashing = CrashAfter(5, PdfPagesAsImages(pages))  # three probes, two pages
    with pytest.raises(Crash):
        run_batch([str(folder)], out, LOG, crashing)
    capsys.readouterr()
    assert _run(folder, out, pages)[0] == ExitCode.OK
    assert _events(capsys)[-1]["pages_read"] == 1  # only the page the killed run missed
    assert sorted(read_records(out)) == ["s-1.json", "s-2.json"]
    assert len(_record(out, "s-1.json").indicators) == 22


def test_a_file_that_cannot_be_opened_fails_alone_and_the_rest_still_join(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    pages = page_images(folder, {"s-1.png": (TWO_PAGES, 1), "s-3.png": (TWO_PAGES, 2)})
    (folder / "s-2.png").write_bytes(b"not an image")
    assert _run(folder, out, pages)[0] == ExitCode.SOME_FAILED
    files = _files(_events(capsys))
    assert files["s-2.png"]["status"] == "failed"
    assert {name: files[name]["status"] for name in ("s-1.png", "s-3.png")} == {
        "s-1.png": "done", "s-3.png": "done"}
    assert files["s-3.png"]["continues"] == "s-1.png"
    record = _record(out, "s.json")
    assert [Path(f.path).name for f in record.source.files] == ["s-1.png", "s-3.png"]
    with Manifest(out) as manifest:
        broken = manifest.input_entry(str(folder / "s-2.png"))
    assert broken is not None and broken.status == "failed"
