"""Target of issue 14: every header field, amount, goal and indicator cell of a record read
from a generated corpus carries a cell reference whose crop, cut through the page transform
the run saved, holds the text the value was read from (checked against the corpus's own
born-digital page and its exact raster-to-scan map, no OCR of the crop)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from declform.extract.ocr import OcrEngine
from declform.extract.pipeline import Extractor
from declform.output.record import CellRecord, FormRecord, Project, Source
from scripts.bench.provenance import (
    CHECKED_KINDS,
    PageFrame,
    ValueCheck,
    check_record,
    pdf_chars,
    profile_file,
    record_frames,
)
from scripts.corpus.build import make_corpus
from tests.paths import GOLDEN

FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
         Path("/usr/share/fonts/truetype/arphic/uming.ttc"))
PROFILES = ("born_digital", "clean", "photocopy")
pytestmark = pytest.mark.skipif(not all(p.exists() for p in FONTS),
                                reason="CJK fonts (scripts/bootstrap.sh) missing")


@pytest.fixture(scope="module")
def checks(tmp_path_factory: pytest.TempPathFactory, rapid_engine: OcrEngine) -> dict[str, list[ValueCheck]]:
    """Two documents (three pages: a table continued on a second page, and a single form),
    born-digital, clean and photocopied, read with the real engine."""
    corpus = tmp_path_factory.mktemp("corpus")
    manifest: list[dict[str, Any]] = make_corpus(corpus, 2, ("clean", "photocopy"), seed=0,
                                                 workers=1, golden=GOLDEN, seeds=None)
    extractor = Extractor(ocr=rapid_engine)
    found: dict[str, list[ValueCheck]] = {}
    truths: dict[str, tuple[FormRecord, ...]] = {}
    for profile in PROFILES:  # born-digital first: its readings place misread values
        found[profile] = []
        for entry in manifest:
            chars = pdf_chars(corpus / entry["files"]["born_digital"])
            records = extractor.extract_file(profile_file(corpus, entry, profile)).records
            assert len(records) == len(entry["truth"])
            truths.setdefault(entry["id"], records)
            for record, truth in zip(records, truths[entry["id"]], strict=True):
                if profile != "born_digital":
                    assert {t.page for t in record.page_transforms} == set(record.source.pages)
                frames = record_frames(record, entry, profile, chars)
                found[profile].extend(check_record(record, frames, truth))
    return found


@pytest.mark.parametrize("profile", PROFILES)
def test_every_value_s_crop_holds_its_text(checks: dict[str, list[ValueCheck]], profile: str) -> None:
    values = checks[profile]
    assert set(CHECKED_KINDS) <= {c.kind for c in values}
    assert Counter(c.kind for c in values)["indicator_value"] >= 10
    misses = [c for c in values if not c.ok]
    assert misses == [], f"{len(misses)} of {len(values)} values"


def test_a_crop_cut_in_the_wrong_place_is_caught() -> None:
    """The check is not vacuous: a box one cell off, or no cell reference, fails."""
    chars = [(110.0, 105.0, "甲"), (210.0, 105.0, "乙")]
    frame = PageFrame(chars, np.eye(3), 72.0, None)  # cells in PDF points
    cells = (CellRecord(1, (100, 100, 120, 110), 0, 0, 1, 1, "甲", 0.9),
             CellRecord(1, (200, 100, 220, 110), 0, 1, 1, 1, "乙", 0.9),
             CellRecord(1, (200, 100, 220, 110), 0, 2, 1, 1, "甲", 0.9))  # box off its reading
    provenance = {"project.name": (0,), "project.attribute": (0,), "project.period": (2,)}
    record = FormRecord(Source("a.pdf", "0" * 64, (1,)), "project", cells=cells,
                        provenance=provenance,
                        project=Project(name="甲", attribute="乙", implementing_unit="丙", period="甲"))
    results = {c.field: c.ok for c in check_record(record, {1: frame})}
    assert results == {"project.name": True, "project.attribute": False,
                       "project.implementing_unit": False, "project.period": False}
    # a misread value passes only at the cell the born-digital reading took it from
    misread = replace(record, cells=(replace(cells[0], text="由"), *cells[1:]))
    assert not next(c.ok for c in check_record(misread, {1: frame}) if c.field == "project.name")
    truth = replace(record, cells=(replace(cells[0], bbox=tuple(v * 300 / 72 for v in cells[0].bbox)),))
    truth = replace(truth, provenance={"project.name": (0,)})
    checked = {c.field: c.ok for c in check_record(misread, {1: frame}, truth)}
    assert checked["project.name"] and not checked["project.attribute"]
