"""README "Dataset": the Python example and the example queries run as printed."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from declform.output.dataset.tables import COLUMNS
from tests.paths import REPO

ROOT = REPO


def _block(name: str, language: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- {name}:start -->\s*```{language}\n(.*?)```\s*<!-- {name}:end -->", readme, re.S
    )
    assert match, f"README.md lacks the {name} block"
    return match.group(1)


@pytest.mark.slow
def test_readme_example_and_queries_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # the example writes out/example/ relative to the repository
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    namespace: dict[str, object] = {}
    exec(compile(_block("dataset-example", "python"), "README.md", "exec"), namespace)

    tables = namespace["tables"]
    assert isinstance(tables, dict) and set(tables) == set(COLUMNS)
    assert len(tables["forms"]) == 2 and len(tables["indicators"]) > 0
    assert "indicators" in capsys.readouterr().out  # the view's column header was printed
    database = tmp_path / "out" / "example" / "declform.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        statements = [s for s in _block("dataset-queries", "sql").split(";") if s.strip()]
        results = [con.execute(statement).fetchall() for statement in statements]  # all run
    forms = tables["forms"]
    assert dict(results[-1]) == forms["form_type"].value_counts().to_dict()  # from the Parquet
    indicators = tables["indicators"]
    quantities = (indicators["level2"] == "数量指标") & (indicators["kind"] == "numeric")
    assert len(results[0]) == int(quantities.sum()) > 0
