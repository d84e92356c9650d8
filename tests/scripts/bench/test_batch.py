"""scripts/bench/batch.py's checks catch every way a batch can lose track of an input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from scripts.bench.batch import check

EXPECTED: dict[str, dict[str, Any]] = {
    "in/good.pdf": {"kind": "good", "status": "done", "pages": 2, "forms": 1},
    "in/bad.pdf": {"kind": "corrupt_pdf", "status": "failed"},
}
MANIFEST: dict[str, Any] = {"inputs": [
    {"path": "in/good.pdf", "status": "done", "reason": None, "outputs": ["good.json"],
     "pages": [{"page": 1, "status": "done", "reason": None},
               {"page": 2, "status": "done", "reason": None}]},
    {"path": "in/bad.pdf", "status": "failed", "reason": "in/bad.pdf: not a readable PDF",
     "outputs": [], "pages": []},
]}


def _check(tmp_path: Path, manifest: dict[str, Any]) -> list[str]:
    folder = tmp_path / ".declform"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return check(tmp_path, EXPECTED)


def test_a_fully_accounted_batch_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, MANIFEST) == []


def test_each_kind_of_loss_is_reported(tmp_path: Path) -> None:
    missing = {"inputs": MANIFEST["inputs"][:1]}
    assert _check(tmp_path, missing) == ["in/bad.pdf: missing from the manifest"]

    lost_page = copy.deepcopy(MANIFEST)
    lost_page["inputs"][0]["pages"].pop()
    assert _check(tmp_path, lost_page) == ["in/good.pdf: pages ['done'], expected 2 done"]

    lost_form = copy.deepcopy(MANIFEST)
    lost_form["inputs"][0]["outputs"] = []
    assert _check(tmp_path, lost_form) == ["in/good.pdf: 0 forms, truth has 1"]

    silent = copy.deepcopy(MANIFEST)
    silent["inputs"][1]["reason"] = None
    assert _check(tmp_path, silent) == ["in/bad.pdf: failed without a reason"]

    accepted = copy.deepcopy(MANIFEST)
    accepted["inputs"][1]["status"] = "done"
    (problem,) = _check(tmp_path, accepted)
    assert problem.startswith("in/bad.pdf (corrupt_pdf): done, expected failed")
