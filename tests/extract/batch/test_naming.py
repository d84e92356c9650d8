"""Record names from input names: safe, unique, numbered per form."""

from __future__ import annotations

from pathlib import Path

from declform.extract.batch.naming import output_names, record_paths, safe_stem


def test_output_names_are_safe_and_unique(tmp_path: Path) -> None:
    assert safe_stem(Path("../../etc/passwd")) == "passwd"
    assert safe_stem(Path("..pdf")) == "input"
    assert "/" not in safe_stem(Path("a/b c?.pdf"))
    first, second = tmp_path / "x" / "form.pdf", tmp_path / "y" / "form.pdf"
    names = output_names([first, second, tmp_path / "other.pdf"])
    assert names[first] != names[second] and names[first].startswith("form-")
    assert names[tmp_path / "other.pdf"] == "other"


def test_record_paths_single_and_several(tmp_path: Path) -> None:
    assert record_paths(tmp_path, "f", 1) == [tmp_path / "f.json"]
    assert record_paths(tmp_path, "f", 3) == [tmp_path / f"f-{k}.json" for k in (1, 2, 3)]
