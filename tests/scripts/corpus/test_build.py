"""The scanned-form corpus generator: a two-form corpus built twice (2 workers, then 1) from
the golden records, checked file by file against its manifest."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import Image

from declform.output.validate import schema_errors
from scripts.corpus.build import main, make_corpus
from scripts.corpus.department import synthesize_departments
from scripts.corpus.photo import curl_offset
from scripts.corpus.plan import plan_documents, select_forms
from scripts.corpus.profiles import PROFILES
from scripts.corpus.truth import load_golden
from tests.paths import GOLDEN

FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
pytestmark = pytest.mark.skipif(
    not all(p.exists() for p in FONTS) or not any(GOLDEN.glob("*.json")),
    reason="CJK fonts (scripts/bootstrap.sh) or golden records missing",
)
Manifest = list[dict[str, Any]]


def _build(out: Path, workers: int) -> Manifest:
    return make_corpus(out, 2, PROFILES, seed=11, workers=workers, golden=GOLDEN, seeds=None)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("corpus")
    return out, _build(out, workers=2)


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _pages(entry: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = entry["profile_params"][profile]["pages"]
    return pages


def _born_raster(root: Path, entry: dict[str, Any], index: int, dpi: int) -> np.ndarray:
    pdf = pdfium.PdfDocument(root / entry["files"]["born_digital"])
    raster: np.ndarray = np.asarray(pdf[index].render(scale=dpi / 72, grayscale=True).to_pil())
    return raster


def _frames(path: Path) -> list[np.ndarray]:
    with Image.open(path) as image:
        frames = []
        for n in range(getattr(image, "n_frames", 1)):
            image.seek(n)
            frames.append(np.asarray(image.convert("RGB")))
        return frames


def test_same_arguments_give_the_same_bytes_whatever_the_worker_count(
    corpus: tuple[Path, Manifest], tmp_path: Path
) -> None:
    root, _ = corpus
    _build(tmp_path, workers=1)
    first, second = _digests(root), _digests(tmp_path)
    assert len(first) > 30
    assert first == second


def test_every_profile_writes_the_files_the_manifest_lists(corpus: tuple[Path, Manifest]) -> None:
    root, manifest = corpus
    for entry in manifest:
        n_pages = len(entry["pages"])
        assert set(entry["files"]) == {"born_digital", *PROFILES}
        assert len(pdfium.PdfDocument(root / entry["files"]["born_digital"])) == n_pages
        for profile in PROFILES:
            pdf = pdfium.PdfDocument(root / entry["files"][profile]["pdf"])
            assert len(pdf) == n_pages
            for page in pdf:  # image-only: one image, no text
                images = list(page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,)))
                assert len(images) == 1
                assert page.get_textpage().get_text_range() == ""
            with Image.open(root / entry["files"][profile]["image"]) as image:
                assert getattr(image, "n_frames", 1) == n_pages
            assert len(_pages(entry, profile)) == n_pages


def test_truth_records_are_valid_and_point_into_their_document(
    corpus: tuple[Path, Manifest],
) -> None:
    root, manifest = corpus
    for entry in manifest:
        assert {page["form"] for page in entry["pages"]} == set(range(len(entry["truth"])))
        for path, form in zip(entry["truth"], entry["forms"], strict=True):
            record = json.loads((root / path).read_text(encoding="utf-8"))
            assert schema_errors(record) == []
            assert record["source"]["path"] == entry["files"]["born_digital"]
            assert record["source"]["pages"] == form["pages"]
            born = (root / entry["files"]["born_digital"]).read_bytes()
            assert record["source"]["sha256"] == hashlib.sha256(born).hexdigest()


def test_continuation_document_holds_a_form_over_two_pages(corpus: tuple[Path, Manifest]) -> None:
    _, manifest = corpus
    continued = [e for e in manifest if any(p["part"] == 2 for p in e["pages"])]
    assert continued
    pages = continued[0]["pages"]
    form = next(p["form"] for p in pages if p["part"] == 2)
    assert [p["part"] for p in pages if p["form"] == form][:2] == [1, 2]


def test_multi_page_documents_come_as_multi_frame_tiffs(corpus: tuple[Path, Manifest]) -> None:
    root, manifest = corpus
    multi = [e for e in manifest if len(e["pages"]) > 1]
    assert multi
    for entry in multi:
        for profile in PROFILES:
            path = root / entry["files"][profile]["image"]
            assert path.suffix == ".tif"
            with Image.open(path) as image:
                assert getattr(image, "n_frames", 1) == len(entry["pages"]) > 1
    singles = [e for e in manifest if len(e["pages"]) == 1]
    assert all(e["files"]["clean"]["image"].endswith(".png") for e in singles)


def test_rotated_pages_are_turned_as_recorded(corpus: tuple[Path, Manifest]) -> None:
    root, manifest = corpus
    for entry in manifest:
        dpi = entry["profile_params"]["rotated"]["dpi"]
        frames = _frames(root / entry["files"]["rotated"]["image"])
        for index, (params, frame) in enumerate(zip(_pages(entry, "rotated"), frames, strict=True)):
            born = _born_raster(root, entry, index, dpi)
            assert params["rotation_deg"] in (90, 180, 270)
            turned = params["rotation_deg"] in (90, 270)
            expected = born.shape[::-1] if turned else born.shape
            assert frame.shape[:2] == expected
            # the recorded matrix maps the born-digital page onto the scan
            matrix = np.asarray(params["matrix"])
            size = (frame.shape[1], frame.shape[0])
            warped = cv2.warpPerspective(born, matrix, size, borderValue=255)
            ink_scan = 255.0 - cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
            assert np.corrcoef(255.0 - warped.ravel(), ink_scan.ravel())[0, 1] > 0.6
            wrong = cv2.warpPerspective(born, np.eye(3), size, borderValue=255)
            assert np.corrcoef(255.0 - wrong.ravel(), ink_scan.ravel())[0, 1] < 0.3


def _table_box(root: Path, entry: dict[str, Any], index: int) -> tuple[float, ...]:
    page = pdfium.PdfDocument(root / entry["files"]["born_digital"])[index]
    height = page.get_height()
    bounds = [o.get_bounds() for o in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,))]
    return (
        min(b[0] for b in bounds),
        height - max(b[3] for b in bounds),
        max(b[2] for b in bounds),
        height - min(b[1] for b in bounds),
    )


def _red(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    mask: np.ndarray = (r > 150) & (r - g > 60) & (r - b > 40)
    return mask


def test_stamped_pages_have_red_seal_ink_over_the_table(corpus: tuple[Path, Manifest]) -> None:
    root, manifest = corpus
    for entry in manifest:
        dpi = entry["profile_params"]["stamped"]["dpi"]
        frames = _frames(root / entry["files"]["stamped"]["image"])
        for index, (params, frame) in enumerate(zip(_pages(entry, "stamped"), frames, strict=True)):
            assert any(mark["kind"] == "seal" for mark in params["marks"])
            x0, top, x1, bottom = (round(v * dpi / 72) for v in _table_box(root, entry, index))
            assert _red(frame[top:bottom, x0:x1]).sum() > 2000
        clean = _frames(root / entry["files"]["office_scan"]["image"])
        assert all(_red(frame).sum() == 0 for frame in clean)


def test_fax_is_one_bit_at_most_150_dpi(corpus: tuple[Path, Manifest]) -> None:
    root, manifest = corpus
    for entry in manifest:
        dpi = entry["profile_params"]["fax"]["dpi"]
        assert 100 <= dpi <= 150
        with Image.open(root / entry["files"]["fax"]["image"]) as image:
            assert image.mode == "1"
            assert round(image.info["dpi"][0]) == dpi
        page = pdfium.PdfDocument(root / entry["files"]["fax"]["pdf"])[0]
        born = pdfium.PdfDocument(root / entry["files"]["born_digital"])[0]
        assert page.get_width() == pytest.approx(born.get_width(), abs=1.0)


def test_photo_corners_follow_the_recorded_homography_and_curl(
    corpus: tuple[Path, Manifest],
) -> None:
    _, manifest = corpus
    for entry in manifest:
        for params in _pages(entry, "photo"):
            curl = params["curl"]
            w, h = curl["width"], curl["height"]
            inverse = np.linalg.inv(np.asarray(params["homography"]))
            for (qx, qy), expected in zip(
                params["corners"], [(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], strict=True
            ):
                px, py, pw = inverse @ np.array([qx, qy, 1.0])
                dx, dy = curl_offset(np.array(px / pw), np.array(py / pw), curl)
                assert (px / pw - dx, py / pw - dy) == pytest.approx(expected, abs=0.5)
            assert params["size_px"][0] > w and params["size_px"][1] > h  # desk around it


def test_plan_covers_layouts_fonts_a_continued_table_and_a_multi_form_document() -> None:
    pool = load_golden(GOLDEN)
    departments = synthesize_departments(pool, 3, seed=1)
    forms = select_forms(pool, departments, 8, random.Random(4))
    assert {f.layout for f in forms} == {"project_medium_annual", "project_annual", "department"}
    assert {f.font for f in forms} == {"sans", "serif"}
    assert any(f.n_pages > 1 for f in forms)
    documents = plan_documents(forms, random.Random(4))
    placed = [form.id for document in documents for form in document.forms]
    assert sorted(placed) == sorted(f.id for f in forms)
    assert {d.kind for d in documents} >= {"continuation", "multi_form"}
    again = plan_documents(select_forms(pool, departments, 8, random.Random(4)), random.Random(4))
    assert [[f.id for f in d.forms] for d in again] == [[f.id for f in d.forms] for d in documents]


def test_synthetic_department_amounts_add_up() -> None:
    for form in synthesize_departments(load_golden(GOLDEN), 4, seed=2):
        record = form.record
        assert record["form_type"] == "department" and schema_errors(record) == []
        tasks = record["tasks"]
        assert {t["category"] for t in tasks} == {"基本支出", "项目支出"}
        annual = record["funding"]["annual"]
        for total_key, task_key in (
            ("total", "total"),
            ("fiscal", "fiscal"),
            ("other", "transfer"),
        ):
            parts = [t[task_key] for t in tasks if t[task_key] is not None]
            assert annual[total_key] == (pytest.approx(sum(parts)) if parts else None)
        for task in tasks:
            assert task["total"] == pytest.approx((task["fiscal"] or 0) + (task["transfer"] or 0))
        levels = [i["level1_raw"] for i in record["indicators"]]
        assert all(levels.index(v) == i or levels[i - 1] == v for i, v in enumerate(levels))


def test_unknown_profile_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path), "--forms", "1", "--profiles", "clean,xerox"])
    assert exit_info.value.code == 2
    assert "xerox" in capsys.readouterr().err
