"""Where the seed texts are, for the tests that measure against all of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from declform.normalize.text import clean_text
from tests.paths import REPO

DATA = Path(__file__).parent / "data"
_REPO = REPO


def seed_files() -> list[Path]:
    """The seed .txt files ($DECLFORM_SEEDS or ../shared/seeds); skips the test if absent."""
    folder = Path(os.environ.get("DECLFORM_SEEDS", _REPO.parent / "shared" / "seeds"))
    files = sorted(folder.glob("*.txt"))
    if not files:
        pytest.skip(f"no seed texts in {folder}")
    return files


def seed_cells() -> set[str]:
    """Every distinct non-empty cell of the seeds, cleaned."""
    cells: set[str] = set()
    for path in seed_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split("\t"):
                cleaned = clean_text(cell)
                if cleaned:
                    cells.add(cleaned)
    return cells
