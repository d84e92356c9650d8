"""One import name: the wheel installs `declform` only, with its data, and a user's own
`extract.py` or `output.py` beside a notebook never shadows it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO


@pytest.mark.slow
def test_the_wheel_holds_declform_and_its_data_only(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("declform-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"declform", wheel.name.split("-py3")[0]
                                                      + ".dist-info"}
    for data in ("declform/py.typed", "declform/output/schema.json",
                 "declform/layouts/data/project_annual.yaml",
                 "declform/normalize/data/userdict.txt",
                 "declform/output/review/assets/review.js",
                 "declform/extract/scan/ruling/grid.py"):
        assert data in names


def test_a_local_extract_py_does_not_shadow_declform(tmp_path: Path) -> None:
    for name in ("extract", "output", "layouts", "normalize"):
        (tmp_path / f"{name}.py").write_text(f"raise SystemExit('local {name}.py imported')\n")
    done = subprocess.run(
        [sys.executable, "-c", "import declform; from declform import extract_file, "
         "read_records, to_dataframes; import declform.extract.cli; print(declform.__version__)"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    import declform

    assert done.stdout.strip() == declform.__version__


def test_the_public_api_names_resolve() -> None:
    import declform

    for name in declform.__all__:
        assert getattr(declform, name) is not None


def test_ctrl_c_while_the_command_loads_ends_quietly_with_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    from declform.launch import main
    from declform.output.codes import ExitCode

    real_import = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "declform.extract.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "declform.extract.cli", raising=False)
    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert main() == ExitCode.INTERRUPTED == 130


def test_the_command_and_python_m_start_at_the_launcher() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["declform"] == "declform.launch:main"
