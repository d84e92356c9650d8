"""The review benchmark's batch: copies under new names, and an index that stays light."""

from __future__ import annotations

from pathlib import Path

from scripts.bench.review import INDEX_LIMIT, copy_records, measure
from tests import paths

GOLDEN = sorted(paths.GOLDEN.glob("*.json"))


def test_a_batch_of_copied_records_gets_one_page_each_and_a_small_index(tmp_path: Path) -> None:
    copy_records(GOLDEN, tmp_path / "batch", 60)
    figures = measure("golden", tmp_path / "batch")
    assert figures.forms == 60 == len(list((tmp_path / "batch" / "review" / "forms").iterdir()))
    assert figures.index_bytes < INDEX_LIMIT * 60 / 500  # the 500-form budget, per form
    assert figures.warm.images_written == 0
