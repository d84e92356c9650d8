"""Fault injection, names: collisions within and across runs, long byte names, links planted in
OUT, records trusted only for their own content. Each test checks no record is lost or mixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from declform.extract.batch.naming import MAX_COMPONENT_BYTES, relative_stem
from tests.extract.batch.faults import assert_nothing_mixed_up, records, run, summary
from tests.extract.batch.kit import SAMPLES, golden_pdf


def test_same_name_in_two_folders_across_two_runs_keeps_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = golden_pdf(0, (tmp_path / "2023").mkdir() or tmp_path / "2023" / "申报表.pdf")
    second = golden_pdf(1, (tmp_path / "2024").mkdir() or tmp_path / "2024" / "申报表.pdf")
    out = tmp_path / "out"
    assert run([first], out) == 0
    assert run([second], out) == 0
    assert summary(capsys)["pages_read"] > 0  # the second file is read, not taken as done
    assert sorted(records(out)) == ["申报表.json", "申报表~2.json"]
    assert run([first, second], out) == 0
    assert summary(capsys)["pages_read"] == 0
    assert_nothing_mixed_up(out, {first: 1, second: 1})


def test_folders_are_mirrored_and_same_names_stay_apart(tmp_path: Path) -> None:
    box = tmp_path / "box"
    inputs = {}
    for index, folder in enumerate(("f01", "f02", "tables")):
        (box / folder).mkdir(parents=True)
        inputs[golden_pdf(index, box / folder / "0001.pdf")] = 1
    out = tmp_path / "out"
    assert run([box], out) == 0
    # `tables` is the dataset's folder in OUT: the archive's folder of that name moves aside
    assert sorted(records(out)) == ["f01/0001.json", "f02/0001.json", "tables_/0001.json"]
    assert_nothing_mixed_up(out, inputs)


def test_a_multi_form_file_and_its_numbered_namesake_in_one_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "report.pdf"
    shutil.copyfile(SAMPLES / "batch-three-forms.pdf", report)
    numbered = golden_pdf(2, folder / "report-1.pdf")
    out = tmp_path / "out"
    assert run([folder], out) == 0
    assert len(records(out)) == 4
    assert_nothing_mixed_up(out, {report: 3, numbered: 1})


def test_a_241_byte_cjk_name_is_cut_in_bytes_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    long_name = "绩效目标申报表" * 11 + "二三" + ".pdf"  # 79 characters, 241 bytes
    assert len(long_name.encode("utf-8")) == 241
    long_input = golden_pdf(0, folder / long_name)
    good = golden_pdf(1, folder / "good.pdf")
    out = tmp_path / "out"
    assert run([folder], out) == 0
    for name in records(out):
        assert len(Path(name).name.encode("utf-8")) <= MAX_COMPONENT_BYTES + len(".json")
    assert_nothing_mixed_up(out, {long_input: 1, good: 1})


def test_stems_are_sanitised_and_confined() -> None:
    from pathlib import PurePosixPath

    assert relative_stem(PurePosixPath("../../etc/passwd.pdf")) == "input/input/etc/passwd"
    assert relative_stem(PurePosixPath(".declform/x.pdf")) == "declform/x"
    assert relative_stem(PurePosixPath("review/a b?.pdf")) == "review_/a_b"
    assert relative_stem(PurePosixPath("x.json/y.pdf")) == "x.json_/y"


def test_a_record_is_reused_only_for_the_content_it_was_made_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    a, b = golden_pdf(0, folder / "a.pdf"), golden_pdf(1, folder / "b.pdf")
    out = tmp_path / "out"
    assert run([folder], out) == 0
    capsys.readouterr()
    # b's record copied over a's (a sync tool, a hand edit): a rerun must not trust it
    shutil.copyfile(out / "b.json", out / "a.json")
    assert run([folder], out) == 0
    assert summary(capsys)["pages_read"] > 0
    assert_nothing_mixed_up(out, {a: 1, b: 1})


def test_a_moved_file_keeps_its_record_name(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    original = golden_pdf(0, tmp_path / "in" / "a.pdf")
    out = tmp_path / "out"
    assert run([original], out) == 0
    moved = original.rename(tmp_path / "a.pdf")
    assert run([moved], out) == 0
    assert list(records(out)) == ["a.json"]
    assert records(out)["a.json"]["source"]["path"] == str(moved)


def test_links_planted_inside_out_are_not_followed(tmp_path: Path) -> None:
    box = tmp_path / "box"
    (box / "f01").mkdir(parents=True)
    inside = golden_pdf(0, box / "f01" / "x.pdf")
    top = golden_pdf(1, box / "top.pdf")
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    for name in ("f01", "tables"):
        (out / name).symlink_to(outside, target_is_directory=True)
    code = run([box], out)
    assert list(outside.iterdir()) == []  # nothing written through the links
    assert code == 8  # the dataset cannot be written: OUT/tables is a link
    assert_nothing_mixed_up(out, {top: 1, inside: 0})
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["inputs"] if e["path"] == str(inside)]
    assert entry["status"] == "failed" and "symbolic link" in entry["reason"]


def test_a_review_folder_planted_as_a_link_is_not_written_through(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.extract.batch.faults import JSON_LOG

    good = golden_pdf(0, tmp_path / "good.pdf")
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "review").symlink_to(outside, target_is_directory=True)
    assert run([good], out, replace(JSON_LOG, review=True)) == 8
    assert list(outside.iterdir()) == []
    assert_nothing_mixed_up(out, {good: 1})


def test_flat_outputs_of_declform_0_2_are_read_and_moved_to_the_mirrored_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    box = tmp_path / "box"
    (box / "f01").mkdir(parents=True)
    form = golden_pdf(0, box / "f01" / "0001.pdf")
    out = tmp_path / "out"
    assert run([box], out) == 0
    # as 0.2 left it: a flat name with a path hash, no stem claims in the manifest
    (out / "f01" / "0001.json").rename(out / "0001-ae1436ed.json")
    (out / "f01").rmdir()
    with sqlite3.connect(out / ".declform" / "manifest.sqlite") as db:
        db.execute("UPDATE inputs SET outputs = '[\"0001-ae1436ed.json\"]'")
        db.execute("DROP TABLE stems")
    from declform.output import read_records

    assert [r.source.path for r in read_records(out)] == [str(form)]  # the old layout reads
    capsys.readouterr()
    assert run([box], out) == 0
    assert summary(capsys)["pages_read"] == 0  # moved, not read again
    assert list(records(out)) == ["f01/0001.json"]
    assert_nothing_mixed_up(out, {form: 1})


def test_a_file_standing_at_a_record_name_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "report.pdf"
    shutil.copyfile(SAMPLES / "batch-three-forms.pdf", report)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report-3.json").write_text('{"mine": true}\n', encoding="utf-8")
    assert run([folder], out) == 0
    assert json.loads((out / "report-3.json").read_text(encoding="utf-8")) == {"mine": True}
    assert sorted(records(out)) == ["report~2-1.json", "report~2-2.json", "report~2-3.json"]
    assert_nothing_mixed_up(out, {report: 3})
