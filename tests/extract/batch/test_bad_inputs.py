"""Every kind of bad input in one batch: each gets its line and its manifest entry, and the
rest of the batch is extracted."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest

from declform.extract.cli import main
from scripts.corpus.bad_inputs import BAD_INPUTS, make_bad_input
from tests.extract.batch.kit import SAMPLES, golden_pdf

# kind → (where the line goes, what it says, manifest status of the input)
EXPECTED = {
    "zero_byte": ("err", "file is empty (0 bytes)", "failed"),
    "truncated_pdf": ("err", "not a readable PDF", "failed"),
    "encrypted_pdf": ("err", "PDF is encrypted; decrypt it first", "failed"),
    "corrupt_pdf": ("err", "not a readable PDF", "failed"),
    "text_as_png": ("err", "not a readable image", "failed"),
    "no_table_pdf": ("out", "page 1: no ruled table on the page", "done"),
    "huge_png": ("err", "image is too large to read safely", "failed"),
    "rotated_scan": ("out", "1 form, 1 page", "done"),
}


def _scan(pdf: Path, target: Path) -> Path:
    document = pypdfium2.PdfDocument(str(pdf))
    document[0].render(scale=200 / 72, grayscale=True).to_pil().save(target, dpi=(200, 200))
    document.close()
    return target


def test_each_bad_input_is_named_recorded_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert set(EXPECTED) == set(BAD_INPUTS)
    folder = tmp_path / "in"
    good = SAMPLES / "department-2023.pdf"
    scan = _scan(golden_pdf(2, tmp_path / "g.pdf"), tmp_path / "scan.png")
    bad = {kind: make_bad_input(kind, folder, kind, good, scan) for kind in BAD_INPUTS}
    out = tmp_path / "out"
    code = main(["extract", str(folder), str(good), "--out", str(out), "--workers", "2"])
    captured = capsys.readouterr()
    assert code == 1  # something failed, something succeeded

    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in manifest["inputs"]}
    for kind, (stream, message, status) in EXPECTED.items():
        path = str(bad[kind])
        lines = (captured.err if stream == "err" else captured.out).splitlines()
        assert any(path in line and message in line for line in lines), (kind, lines)
        assert entries[path]["status"] == status, kind
        if status == "failed":
            assert message in entries[path]["reason"]
    assert entries[str(bad["no_table_pdf"])]["pages"] == [
        {"page": 1, "status": "not-a-form", "reason": "no ruled table on the page"}
    ]
    assert (out / "department-2023.json").is_file()
    rotated = json.loads((out / "rotated_scan.json").read_text(encoding="utf-8"))
    assert "page_rotated" in {w["code"] for w in rotated["warnings"]}
    assert rotated["project"]["name"] == json.loads(
        sorted((SAMPLES.parent / "tests" / "golden").glob("*.json"))[2].read_text("utf-8")
    )["project"]["name"]
