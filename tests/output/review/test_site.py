"""Writing the review site: crops from the right place, written once, notices when sources fail."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from declform.output import FormRecord, Project, RecordWarning
from declform.output.json_writer import write_record
from declform.output.review.images import frame_size
from declform.output.review.site import PageFrames, write_site
from tests.output.review.kit import ANNUAL_FORM, cells, indicator, record

PAGE_SHAPE = (900, 600)  # rows, cols: the fake frame the cells sit on
INKED = (7, 4)  # the cell painted black on the fake page


def _form(**changes: object) -> FormRecord:
    fields: dict[str, object] = {
        "project": Project(name="百家科技"),
        "indicators": (indicator("认定企业数量", "≥7家", level2_raw="数量指标 (必填)"),),
        "warnings": (RecordWarning("level_corrected", "二级指标 read as 数量指标", "page 1 row 7 col 2"),),
        "title": "拉萨市部门项目支出预算绩效目标表",
    }
    fields.update(changes)
    return record(cells(ANNUAL_FORM), **fields)  # type: ignore[arg-type]


class FakePages:
    """A white page with one black cell; counts the calls."""

    def __init__(self, notice: str | None = None) -> None:
        self.calls = 0
        self.notice = notice

    def __call__(self, form: FormRecord) -> PageFrames:
        self.calls += 1
        if self.notice is not None:
            return PageFrames({}, self.notice)
        page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
        (cell,) = [c for c in form.cells if (c.row, c.col) == INKED]
        x0, y0, x1, y1 = (int(v) for v in cell.bbox)
        page[y0:y1, x0:x1] = 0
        return PageFrames({1: page})


@pytest.fixture()
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    write_record(_form(), folder / "a.json")
    write_record(_form(warnings=(), project=Project(name="另一个项目")), folder / "b.json")
    (folder / "manifest.json").write_text(json.dumps({"forms": 2}), encoding="utf-8")
    return folder


def _mean_grey(path: Path) -> float:
    with Image.open(path) as image:
        return float(np.asarray(image.convert("L")).mean())


def _img_src(page: str, row_id: str) -> str:
    row = page[page.index(f'<tr id="{row_id}"') :]
    row = row[: row.index("</tr>")]
    start = row.index('src="../img/') + len('src="')
    return row[start : row.index('"', start)]


def test_site_has_an_index_a_page_per_form_and_crops_of_the_right_cells(records: Path) -> None:
    report = write_site(records, FakePages())
    site = records / "review"
    assert report.index == site / "index.html" and report.forms == 2
    assert report.skipped == ["manifest.json: not a perfform/2 record"]
    assert sorted(p.name for p in (site / "forms").iterdir()) == ["a.html", "b.html"]
    page = (site / "forms" / "a.html").read_text(encoding="utf-8")
    inked = _img_src(page, "r-indicators-0")  # name + value: the value cell is the black one
    blank = _img_src(page, "r-project-name")
    assert _mean_grey(site / "forms" / inked) < 200
    assert _mean_grey(site / "forms" / blank) > 250
    assert 'href="b.html"' in page  # next form
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index  # the index stays light: counts and links only
    assert index.count('data-warnings="1"') == 1 and index.count('data-warnings="0"') == 1


def test_the_page_image_keeps_the_frame_its_boxes_refer_to(records: Path) -> None:
    write_site(records, FakePages())
    # a and b share their source page but not their warnings: one drawing each
    images = list((records / "review" / "img").glob("*.webp"))
    assert len(images) == 2
    assert {frame_size(image) for image in images} == {(PAGE_SHAPE[1], PAGE_SHAPE[0])}
    page = (records / "review" / "forms" / "a.html").read_text(encoding="utf-8")
    assert f'viewBox="0 0 {PAGE_SHAPE[1]} {PAGE_SHAPE[0]}"' in page


def test_images_are_written_once(records: Path) -> None:
    first = write_site(records, FakePages())
    again = FakePages()
    second = write_site(records, again)
    assert again.calls == 0  # every image present: no source is opened
    assert second.images_written == 0
    assert second.images_reused == first.images_written + first.images_reused


def test_a_missing_source_shows_the_values_with_a_notice(records: Path) -> None:
    write_site(records, FakePages(notice="Source file form.pdf not found"))
    page = (records / "review" / "forms" / "a.html").read_text(encoding="utf-8")
    assert "Source file form.pdf not found" in page
    assert "认定企业数量" in page and "<img" not in page
    assert "Source file form.pdf not found" in (records / "review" / "index.html").read_text(encoding="utf-8")


def test_pages_and_images_of_removed_records_are_removed(records: Path) -> None:
    write_site(records, FakePages())
    images_before = set((records / "review" / "img").iterdir())
    (records / "b.json").unlink()
    write_site(records, FakePages())
    assert [p.name for p in (records / "review" / "forms").iterdir()] == ["a.html"]
    images_after = set((records / "review" / "img").iterdir())
    assert images_after < images_before  # b's own crops went, a's stayed
