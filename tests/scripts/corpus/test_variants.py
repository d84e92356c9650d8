"""The augraphy degradation stage (reproducible, leaves the caller's generators alone) and the
variant corpus (truth, layout draws, page images, same bytes for the same seed)."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from declform.output.validate import schema_errors
from scripts.corpus.augraphy_stage import AUGRAPHY_PROFILES, augraphy_degrade
from scripts.corpus.build import parse_profiles
from scripts.corpus.variants import make_variant_corpus
from tests.paths import GOLDEN

augraphy = pytest.importorskip("augraphy", reason="augraphy (the dev extras) is not installed")
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def _page() -> np.ndarray[Any, np.dtype[np.uint8]]:
    """A small ruled page with some print on it."""
    image = Image.new("L", (420, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 290, 45):
        draw.line((20, y, 400, y), fill=0, width=2)
    for x in (20, 150, 400):
        draw.line((x, 20, x, 290), fill=0, width=2)
    for y in range(30, 280, 45):
        draw.text((30, y), "target >= 95 %", fill=0)
    return np.asarray(image)


@pytest.mark.parametrize("profile", AUGRAPHY_PROFILES)
def test_augraphy_stage_is_reproducible(profile: str) -> None:
    page = _page()
    state = random.getstate(), np.random.get_state()[1].copy()
    first, params = augraphy_degrade(profile, page, np.random.default_rng(5))
    again, _ = augraphy_degrade(profile, page, np.random.default_rng(5))
    other, _ = augraphy_degrade(profile, page, np.random.default_rng(6))
    assert first.shape == page.shape and first.dtype == np.uint8
    assert hashlib.sha256(first.tobytes()).digest() == hashlib.sha256(again.tobytes()).digest()
    assert not np.array_equal(first, other)
    assert not np.array_equal(first, page)  # something was done to the page
    assert params["augraphy_seed"] > 0
    assert random.getstate() == state[0]  # the caller's generators are put back
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_profiles_name_the_augraphy_stage_beside_the_own() -> None:
    assert "aug_fax" not in parse_profiles("all")
    assert parse_profiles("clean,aug_fax") == ("clean", "aug_fax")
    assert parse_profiles("all,aug_photocopy")[-1] == "aug_photocopy"


@pytest.mark.skipif(
    not FONT.exists() or not any(GOLDEN.glob("*.json")), reason="CJK font or golden records missing"
)
def test_variant_corpus(tmp_path: Path) -> None:
    def build(out: Path) -> list[dict[str, Any]]:
        return make_variant_corpus(out, 3, ("clean",), seed=5, workers=1, golden=GOLDEN, seeds=None)

    manifest = build(tmp_path / "a")
    forms = [form for entry in manifest for form in entry["forms"]]
    projects = [form for form in forms if form["variant"].get("form") != "department"]
    assert len(projects) == 3 and all(form["variant"]["columns"] for form in projects)
    # department forms with a drawn budget block follow, in documents of their own
    departments = [e for e in manifest if e["id"].endswith("-department")]
    assert len(departments) == 2 and len(forms) == 5
    assert all(form["layout"] == "variant" for form in forms)
    for entry in manifest:
        for truth_path in entry["truth"]:
            record = json.loads((tmp_path / "a" / truth_path).read_text(encoding="utf-8"))
            assert schema_errors(record) == []
            assert record["source"]["path"] == entry["files"]["born_digital"]
        pages = entry["files"]["clean"].get("pages")
        if len(entry["pages"]) > 1:
            assert pages and len(pages) == len(entry["pages"])
            assert all((tmp_path / "a" / page).is_file() for page in pages)
        else:
            assert pages is None
    build(tmp_path / "b")

    def digests(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digests(tmp_path / "a") == digests(tmp_path / "b")
