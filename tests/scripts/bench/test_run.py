"""The benchmark: record-to-truth assignment, the text measures on known answers, img2table's
cells mapped to spans, the peers on a tiny drawn table, and an end-to-end run on a one-form
corpus (declform only) whose report must hold every profile."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from scripts.bench.corpus_forms import (
    BORN,
    FormTruth,
    assign_records,
    choose_subset,
    first_documents,
)
from scripts.bench.peers import (
    PageJob,
    PeerReading,
    init_peer_worker,
    read_page,
    table_cells,
    tool_available,
)
from scripts.bench.run import main
from scripts.bench.score import found_count, nearest_cell_errors
from scripts.bench.tool_scores import score_peer
from scripts.corpus.build import make_corpus
from scripts.corpus.profiles import PROFILES
from tests.paths import GOLDEN, REPO

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
ONE_PAGE_FORM = "003_27ce3556bcc24381-6.json"  # a small project form that fits on one page
SAMPLES = REPO / "bench" / "samples"


# --- record <-> truth assignment --------------------------------------------------------


def test_records_in_page_order_go_to_forms_in_page_order() -> None:
    forms = [[1], [2, 3], [4]]
    assert assign_records(forms, [[1], [2, 3], [4]]) == [0, 1, 2]
    assert assign_records(forms, [[4], [1], [2, 3]]) == [1, 2, 0]


def test_a_missed_form_scores_as_none_without_shifting_the_others() -> None:
    assert assign_records([[1], [2], [3]], [[1], [3]]) == [0, None, 1]
    assert assign_records([[1], [2]], []) == [None, None]


def test_a_form_split_in_two_records_keeps_the_one_starting_on_its_first_page() -> None:
    assert assign_records([[1, 2], [3]], [[2], [1], [3]]) == [1, 2]


def test_documents_are_taken_whole_without_overshooting_the_form_count() -> None:
    manifest = [{"id": i, "truth": ["t"] * n} for i, n in enumerate([1, 4, 1, 2, 3])]
    assert [d["id"] for d in first_documents(manifest, 2)] == [0, 2]
    assert [d["id"] for d in first_documents(manifest, 4)] == [0, 2, 3]
    assert [d["id"] for d in first_documents(manifest, 100)] == [0, 1, 2, 3, 4]
    assert [d["id"] for d in first_documents([{"id": 0, "truth": ["t"] * 3}], 1)] == [0]


def test_subset_is_spread_over_the_corpus_and_deterministic() -> None:
    forms = [FormTruth(f"d{i}", 0, (1,) if i % 2 else (1, 2), {}, ()) for i in range(10)]
    chosen = choose_subset(forms, 5)
    assert sum(len(f.pages) for f in chosen) >= 5
    assert chosen == choose_subset(forms, 5)
    assert chosen[0] is forms[0] and chosen[-1].doc_id > "d5"  # reaches the second half
    assert choose_subset(forms, 0) == []
    assert choose_subset(forms, 1000) == forms


# --- text measures -----------------------------------------------------------------------


def test_found_count_ignores_whitespace_and_empty_truths() -> None:
    truths = ["≥ 90%", "100%", None, "", "满意度"]
    text = "指标1 ≥90 %\n服务对象满意 度 95%"
    assert found_count(truths, text) == (2, 3)
    assert found_count([], text) == (0, 0)


def test_nearest_cell_errors_takes_the_closest_cell_and_caps_at_the_truth() -> None:
    assert nearest_cell_errors(["abc", "xyz"], ["abd", "hello"]) == (1 + 3, 6)
    assert nearest_cell_errors(["abc", None], []) == (3, 3)
    assert nearest_cell_errors(["a b"], ["ab"]) == (0, 2)


def _cell(box: tuple[int, int, int, int], value: str | None) -> SimpleNamespace:
    return SimpleNamespace(
        bbox=SimpleNamespace(x1=box[0], y1=box[1], x2=box[2], y2=box[3]), value=value
    )


def test_img2table_slots_become_cells_with_spans() -> None:
    wide = _cell((0, 0, 20, 10), "项目名称")  # two columns
    tall = _cell((20, 0, 30, 20), None)  # two rows
    content = {
        0: [wide, wide, tall],
        1: [_cell((0, 10, 10, 20), "a"), _cell((10, 10, 20, 20), "b"), tall],
    }
    cells = table_cells(content, page=2)
    assert [(c["row"], c["col"], c["rowspan"], c["colspan"], c["text"]) for c in cells] == [
        (0, 0, 1, 2, "项目名称"),
        (0, 2, 2, 1, ""),
        (1, 0, 1, 1, "a"),
        (1, 1, 1, 1, "b"),
    ]
    assert {c["page"] for c in cells} == {2}


def test_score_peer_counts_each_form_over_its_pages() -> None:
    indicators = [
        {"name": "补贴标准", "value": "3600元/人次/年"},
        {"name": "满意度", "value": "≥95%"},
    ]
    truth_cells = ({"page": 2, "row": 0, "col": 0, "rowspan": 1, "colspan": 1},)
    form = FormTruth("d", 0, (1, 2), {"indicators": indicators}, truth_cells)
    found = {"page": 2, "row": 0, "col": 0, "rowspan": 1, "colspan": 1, "text": "满意度"}
    readings = {
        ("d", "fax", 1): PeerReading("d", "fax", 1, "补贴 标准 3600元/人次/年", (), 2.0, 1.0),
        ("d", "fax", 2): PeerReading("d", "fax", 2, "满意度", (found,), 1.0, 1.0, error=None),
    }
    rates = score_peer([form], readings, "fax").rates(with_cells=True)
    assert rates["name_recall"] == 1.0 and rates["value_recall"] == 0.5
    assert rates["cell_structure"] == 1.0 and rates["seconds_per_page"] == 1.5


def test_text_boxes_are_measured_for_cer_but_have_no_structure() -> None:
    indicators = [{"name": "满意度", "value": "≥95%"}]
    truth_cells = ({"page": 1, "row": 0, "col": 0, "rowspan": 1, "colspan": 1},)
    form = FormTruth("d", 0, (1,), {"indicators": indicators}, truth_cells)
    boxes = ({"page": 1, "text": "满意度"}, {"page": 1, "text": "≥95"})  # whole-page RapidOCR
    readings = {("d", "photo", 1): PeerReading("d", "photo", 1, "满意度\n≥95", boxes, 1.0, 1.0)}
    rates = score_peer([form], readings, "photo").rates(with_cells=True)
    assert rates["cell_cer"] == pytest.approx(1 / 7)  # "≥95%" against "≥95": one of 7 chars
    assert rates["cell_structure"] is None


# --- the peers on a tiny drawn table -----------------------------------------------------


def _draw_table(path: Path) -> None:
    """A 2×3 ruled table at about 300 dpi, its top-left cell spanning two columns."""
    image = Image.new("RGB", (1300, 420), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 48)
    x, y = (60, 460, 860, 1240), (60, 210, 360)
    for yy in y:
        draw.line((x[0], yy, x[-1], yy), fill="black", width=4)
    for xx in (x[0], x[2], x[3]):
        draw.line((xx, y[0], xx, y[-1]), fill="black", width=4)
    draw.line((x[1], y[1], x[1], y[2]), fill="black", width=4)  # not in row 0: merged there
    for text, at in (
        ("项目名称", (300, 110)),
        ("满意度", (950, 110)),
        ("数量指标", (120, 260)),
        ("补贴标准", (520, 260)),
        ("百分之九十五", (880, 260)),
    ):
        draw.text(at, text, font=font, fill="black")
    image.save(path, dpi=(300, 300))


@pytest.mark.tesseract
@pytest.mark.parametrize("tool", ["tesseract", "img2table"])
def test_peer_reads_the_drawn_table(tool: str, tmp_path: Path) -> None:
    if (why := tool_available(tool)) or not FONT.exists():
        pytest.skip(why or "CJK font missing")
    page = tmp_path / "table.png"
    _draw_table(page)
    init_peer_worker(tool, 1)
    reading = read_page(PageJob("d", "clean", str(page), 1))
    assert reading.error is None and reading.seconds > 0
    assert found_count(["满意度", "数量指标"], reading.text) == (2, 2)
    if tool == "img2table":
        spans = {(c["row"], c["col"], c["rowspan"], c["colspan"]) for c in reading.cells}
        assert {(0, 0, 1, 2), (0, 2, 1, 1), (1, 2, 1, 1)} <= spans


# --- end to end --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    not FONT.exists() or not (GOLDEN / ONE_PAGE_FORM).is_file(), reason="font or golden missing"
)
def test_bench_end_to_end_on_a_one_form_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out, golden = tmp_path / "corpus", tmp_path / "bench", tmp_path / "golden"
    golden.mkdir()
    shutil.copy(GOLDEN / ONE_PAGE_FORM, golden)  # 8 pages in all: the test stays under a minute
    make_corpus(corpus, 1, PROFILES, seed=3, workers=2, golden=golden, seeds=None)
    if all((SAMPLES / f"{p}.png").is_file() for p in PROFILES):  # drawing them takes 12 s
        shutil.copytree(SAMPLES, out / "samples")
    argv = ["--corpus", str(corpus), "--forms", "1", "--tools", "declform", "--out", str(out)]
    assert main([*argv, "--workers", "2", "--peer-pages", "1", "--speed-pages", "0"]) == 0

    report = (out / "report.md").read_text(encoding="utf-8")
    results: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["variants"] == [BORN, *PROFILES]
    for variant in results["variants"]:
        assert f"| {variant} |" in report
    for profile in PROFILES:
        assert (
            f"(samples/{profile}.png)" in report and (out / "samples" / f"{profile}.png").is_file()
        )
    assert (out / "accuracy.png").stat().st_size > 0 and (out / "speed.png").stat().st_size > 0
    numbers = [
        value
        for section in results["scores"].values()
        for variants in section["declform"].values()
        for key, value in variants.items()
        if value is not None and key != "seconds_per_page"
    ]
    assert numbers and all(0.0 <= value <= 1.0 for value in numbers)
    born = results["scores"]["forms"]["declform"][BORN]
    assert born["header_exact"] == 1.0 and born["indicator_f1"] == 1.0 and born["form_type"] == 1.0
    assert results["scores"]["text"]["declform"][BORN]["value_recall"] == 1.0
    assert "declform" in capsys.readouterr().out
    # the speed section: the workers' start-up and declform's CPU-s per page per stage
    assert results["speed"]["declform"]["startup_seconds"] > 0
    assert list(results["stages"]) == ["after"] and "TOTAL" in results["stages"]["after"]
    assert "CPU-s per scanned page per stage" in report and "recognise" in report
