"""A resume hashes only the inputs whose size, mtime or inode changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from declform.extract.batch import scheduler
from declform.extract.sources.pdf import file_sha256
from tests.extract.batch.faults import assert_nothing_mixed_up, run
from tests.extract.batch.kit import golden_pdf


def test_a_resume_hashes_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    a, b = golden_pdf(0, folder / "a.pdf"), golden_pdf(1, folder / "b.pdf")
    out = tmp_path / "out"
    hashed: list[str] = []

    def counting(path: Path) -> str:
        hashed.append(path.name)
        return file_sha256(path)

    monkeypatch.setattr(scheduler, "file_sha256", counting)
    assert run([folder], out) == 0
    assert sorted(hashed) == ["a.pdf", "b.pdf"]
    hashed.clear()
    assert run([folder], out) == 0
    assert hashed == []
    golden_pdf(2, b)  # b rewritten with another form: new mtime, new bytes
    os.utime(b, ns=(1, 1))
    assert run([folder], out) == 0
    assert hashed == ["b.pdf"]
    assert_nothing_mixed_up(out, {a: 1, b: 1})
