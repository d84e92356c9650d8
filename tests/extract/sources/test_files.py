"""Expanding inputs: files, folders and globs into the files a batch reads."""

from __future__ import annotations

from pathlib import Path

from declform.extract.sources.files import expand_inputs


def test_expand_inputs_files_folders_globs(tmp_path: Path) -> None:
    (tmp_path / "box" / "sub").mkdir(parents=True)
    a = tmp_path / "box" / "a.pdf"
    b = tmp_path / "box" / "sub" / "b.PNG"
    c = tmp_path / "c.pdf"
    for p in (a, b, c):
        p.write_bytes(b"x")
    (tmp_path / "box" / "notes.txt").write_text("x")
    files, unmatched = expand_inputs(
        [str(tmp_path / "box"), str(tmp_path / "*.pdf"), str(a), str(tmp_path / "missing.pdf")]
    )
    assert files == [a, b, c]
    assert unmatched == [str(tmp_path / "missing.pdf")]
