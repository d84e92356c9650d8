from pathlib import Path

from declform.extract.sources.files import expand_inputs, output_names, record_paths, safe_stem
from declform.layouts import LayoutMatch, builtin_layouts
from declform.layouts.forms import group_forms
from tests.layouts.gridkit import make_grid


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


def test_group_forms_joins_continuations_and_keeps_strays() -> None:
    layout = builtin_layouts()[0]
    match = LayoutMatch(layout, 1.0, True)
    grid = lambda page: make_grid([(0, 0, 1, 1, "x")], page=page)  # noqa: E731
    g1, g2, g3, g4, g0 = grid(1), grid(2), grid(3), grid(4), grid(1)
    forms, strays = group_forms([(g0, None), (g1, match), (g2, None), (g3, match), (g4, None)])
    assert [f.grids for f in forms] == [(g1, g2), (g3, g4)]
    assert [s.grid for s in strays] == [g0]
