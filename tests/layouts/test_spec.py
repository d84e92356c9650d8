from pathlib import Path

import pytest
import yaml

from declform.layouts.spec import builtin_layouts, load_layout_file
from declform.normalize import LABEL_KEYS
from declform.output.errors import LayoutFileError
from tests.paths import REPO

KNOWN = frozenset(LABEL_KEYS)


def test_builtin_layouts_load_and_cover_three_forms() -> None:
    layouts = {layout.id: layout for layout in builtin_layouts()}
    assert {"project_medium_annual", "project_annual", "department"} <= set(layouts)
    assert layouts["department"].form_type == "department"
    assert layouts["department"].tasks is not None
    periods = [side.period for side in layouts["project_medium_annual"].indicators]
    assert periods == ["medium_term", "annual"]


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def _valid() -> dict[str, object]:
    builtin = REPO / "layouts" / "data" / "project_annual.yaml"
    loaded: dict[str, object] = yaml.safe_load(builtin.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d.pop("match"), "'match'"),
        (lambda d: d["header"].update({"project.colour": {"label": "project_name"}}), "header.project.colour"),
        (lambda d: d["header"]["project.name"].update({"label": "no_such_label"}), "header.project.name.label"),
        (lambda d: d["indicators"]["annual"].update({"level2": 0}), "indicators.annual.level2"),
        (lambda d: d["goals"]["annual"].update({"value": "left"}), "goals.annual.value"),
        (lambda d: d.update({"form_type": "invoice"}), "form_type"),
    ],
)
def test_bad_layout_names_file_and_key(tmp_path: Path, mutate, key: str) -> None:  # type: ignore[no-untyped-def]
    document = _valid()
    mutate(document)
    path = _write(tmp_path, document)
    with pytest.raises(LayoutFileError) as failure:
        load_layout_file(path, KNOWN)
    assert str(path) in str(failure.value)
    assert key in str(failure.value)


def test_invalid_yaml_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(LayoutFileError, match=r"broken\.yaml"):
        load_layout_file(path, KNOWN)
