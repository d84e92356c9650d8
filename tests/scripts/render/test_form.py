"""The form renderer: each layout rendered from a hand-written record (seed text) and read
back with the born-digital grid reader."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from declform.extract.vector.grid import page_to_grids, pdf_to_grids
from declform.layouts.grid import Cell, Grid
from declform.output.codes import ExitCode
from scripts.render import form as render_form
from scripts.render import paginate as render_paginate
from scripts.render import pdf_plan as render_pdf_plan
from scripts.render import plan as render_layout
from scripts.render import table as render_table

FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
pytestmark = pytest.mark.skipif(
    not all(p.exists() for p in FONTS), reason="CJK fonts missing (scripts/bootstrap.sh)"
)


def ind(
    period: str, level1: str | None, level2: str | None, name: str, value: str
) -> dict[str, Any]:
    return {
        "period": period,
        "level1": None,
        "level2": None,
        "level1_raw": level1,
        "level2_raw": level2,
        "name": name,
        "value": value,
        "parsed": None,
    }


def record(form_type: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "perfform/1",
        "source": {"path": "hand.pdf", "sha256": "0" * 64, "pages": [1]},
        "form_type": form_type,
        "title": None,
        "fiscal_year": None,
        "project": {},
        "filler": {},
        "funding": {"medium_term": {}, "annual": {}},
        "goals": {},
        "indicators": [],
        "tasks": [],
        "cells": [],
        "warnings": [],
    }
    base.update(fields)
    return base


def _both_sides(rows: list[tuple[str, str, str, str, str]]) -> list[dict[str, Any]]:
    """Seed rows (一级, 二级, 三级, 中期值, 年度值) -> medium-term then annual indicators."""
    medium = [ind("medium_term", l1, l2, name, mv) for l1, l2, name, mv, _ in rows]
    return medium + [ind("annual", l1, l2, name, av) for l1, l2, name, _, av in rows]


MEDIUM_ANNUAL = record(
    "project",
    title="拉萨经开区2026年项目支出绩效目标申报表",
    fiscal_year=2026,
    project={
        "name": "经开区禁毒委经费",
        "competent_department": "西藏拉萨经济技术开发区公安分局",
        "department_code": None,
        "implementing_unit": "西藏拉萨经济技术开发区",
        "attribute": "延续项目",
        "period": "长期",
    },
    funding={
        "medium_term": {"total": 150, "fiscal": None, "other": None},
        "annual": {"total": 50, "fiscal": 50.0, "other": None},
    },
    goals={
        "medium_term": "1:保障禁毒工作正常开展; 2:进行法制宣传",
        "annual": "1:经开区采购禁毒委宣传品、办公耗材等费用。2:确保经开区禁毒委工作顺利开展,"
        "扎实做好经开区禁毒工作,有效预防和震慑毒品违法犯罪。",
    },
    indicators=_both_sides(
        [
            ("产出指标", "数量指标", "参加宣传的人数", "≥900人次", "≥300人次"),
            ("产出指标", "数量指标", "举行禁毒宣传次数", "≥45次", "≥15次"),
            ("产出指标", "质量指标", "社会宣传的覆盖率", "≥100%", "≥95%"),
            ("产出指标", "时效指标", "项目完成时间", "2028年12月前完成", "年底前完成"),
            ("效益指标", "社会效益指标", "维护社会和谐稳定", "有所提升", "有所提升"),
            ("满意度指标", "服务对象满意度指标", "人民群众满意度", "≥95%", "≥95%"),
            ("满意度指标", "服务对象满意度指标", "民警满意度", "≥95%", "≥95%"),
        ]
    ),
)

ANNUAL = record(
    "project",
    title="拉萨市部门项目支出预算绩效目标申报表",
    fiscal_year=2023,
    filler={"name": "谭丽华", "phone": "0891-6320663", "date": "2023-01-28"},
    project={
        "name": "百家科技",
        "competent_department": "拉萨市科技局",
        "department_code": "009909878",
        "implementing_unit": "高新技术与成果转化科",
        "attribute": "补助资金",
        "period": "2023年",
    },
    funding={"medium_term": {}, "annual": {"total": 1100, "fiscal": 1100, "other": None}},
    goals={"annual": "2022年认定备案市级工程技术研究中心3家,新认定高新技术企业24家。"},
    indicators=[
        ind("annual", "产出指标", "数量指标 (必填)", "认定备案为市级科技型中小企业数量", "7家"),
        ind("annual", "产出指标", "数量指标 (必填)", "认定备案为市级工程技术研究中心数量", "3家"),
        ind(
            "annual",
            "产出指标",
            "质量指标 (必填)",
            "以自治区科技厅认定公布的名单为准",
            "认定即达标",
        ),
        ind("annual", "效益指标", "社会效益 指标 (必填)", "促进经济转型升级", "有所促进"),
        ind("annual", "满意度指标", "服务对象 满意度指标 (必填)", "被评价单位接受程度", "≥95%"),
    ],
)

DEPARTMENT = record(
    "department",
    title="拉萨市科技局2023年部门整体支出绩效目标申报表",
    fiscal_year=2023,
    project={"competent_department": "拉萨市科技局", "department_code": "009909878"},
    funding={"medium_term": {}, "annual": {"total": 1260.5, "fiscal": 1250.5, "other": 10}},
    goals={"annual": "保障机关正常运转,推进科技创新和成果转化。"},
    tasks=[
        {
            "category": "基本支出",
            "name": "人员经费",
            "content": None,
            "total": 120.5,
            "fiscal": 120.5,
            "transfer": None,
        },
        {
            "category": "基本支出",
            "name": "公用经费",
            "content": None,
            "total": 30,
            "fiscal": 30,
            "transfer": None,
        },
        {
            "category": "项目支出",
            "name": "百家科技",
            "content": None,
            "total": 1100,
            "fiscal": 1100,
            "transfer": None,
        },
        {
            "category": "项目支出",
            "name": "机动经费",
            "content": None,
            "total": 10,
            "fiscal": None,
            "transfer": 10,
        },
    ],
    indicators=[
        ind("annual", "产出指标", "数量指标", "认定科技型中小企业数量", "≥7家"),
        ind("annual", "产出指标", "质量指标", "资金使用合规率", "100%"),
        ind("annual", "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%"),
    ],
)


def _render(tmp_path: Path, rec: dict[str, Any], **kwargs: Any) -> Path:
    out = tmp_path / "form.pdf"
    render_form.render_record(rec, out, **kwargs)
    return out


def _grid(pdf_path: Path) -> Grid:
    grids = pdf_to_grids(pdf_path, dpi=72)
    assert len(grids) == 1
    return grids[0]


def _find(grid: Grid, text: str) -> Cell:
    matches = [c for c in grid.cells if c.text == text]
    assert len(matches) == 1, f"{text!r} in {len(matches)} cells"
    return matches[0]


def _spans(cell: Cell) -> tuple[int, int, int, int]:
    return (cell.row, cell.col, cell.rowspan, cell.colspan)


def _row_texts(grid: Grid, row: int) -> list[str]:
    return [c.text for c in grid.cells if c.row == row]


@pytest.fixture(scope="module")
def medium_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _render(tmp_path_factory.mktemp("medium"), MEDIUM_ANNUAL)


def test_layout_choice_follows_the_record() -> None:
    assert render_layout.choose_layout(MEDIUM_ANNUAL) == "project_medium_annual"
    assert render_layout.choose_layout(ANNUAL) == "project_annual"
    assert render_layout.choose_layout(DEPARTMENT) == "department"
    only_goal = {**ANNUAL, "goals": {"medium_term": "三年目标", "annual": None}}
    assert render_layout.choose_layout(only_goal) == "project_medium_annual"


def test_medium_annual_form_structure(medium_pdf: Path) -> None:
    grid = _grid(medium_pdf)
    assert grid.n_cols == 8
    assert _spans(_find(grid, "项目名称")) == (0, 0, 1, 2)
    assert _spans(_find(grid, "经开区禁毒委经费")) == (0, 2, 1, 6)
    assert _spans(_find(grid, "项目资金(万元)")) == (3, 0, 3, 2)
    assert _row_texts(grid, 3) == [
        "项目资金(万元)",
        "中期资金总额:",
        "150.00",
        "年度资金总额:",
        "50.00",
    ]
    assert _row_texts(grid, 4) == ["其中:财政拨款", "", "其中:财政拨款", "50.00"]
    assert _spans(_find(grid, "总体目标")) == (6, 0, 2, 1)
    assert _spans(_find(grid, "中期目标(2026年—2028年)")) == (6, 1, 1, 4)
    assert _find(grid, MEDIUM_ANNUAL["goals"]["annual"]).colspan == 3
    # 绩效指标 spans the heading row and the 7 indicator rows
    assert _spans(_find(grid, "绩效指标")) == (8, 0, 8, 1)
    assert _spans(_find(grid, "产出指标")) == (9, 1, 4, 1)
    assert _spans(_find(grid, "满意度指标")) == (14, 1, 2, 1)
    quantity = [c for c in grid.cells if c.text == "数量指标"]
    assert sorted(_spans(c) for c in quantity) == [(9, 2, 2, 1), (9, 5, 2, 1)]
    assert _row_texts(grid, 12)[-6:] == [
        "时效指标", "项目完成时间", "2028年12月前完成", "时效指标", "项目完成时间", "年底前完成",
    ]  # fmt: skip


def test_medium_annual_form_is_landscape_with_title_lines(medium_pdf: Path) -> None:
    with pdfplumber.open(medium_pdf) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height
        grid = page_to_grids(page, 1)[0]
    assert [line.text for line in grid.text_above()] == [
        "拉萨经开区2026年项目支出绩效目标申报表",
        "(2026年度)",
    ]


def test_unequal_level1_groups_keep_each_side_under_its_own_level1(tmp_path: Path) -> None:
    rec = {
        **MEDIUM_ANNUAL,
        "indicators": [
            ind("medium_term", "产出指标", "数量指标", "甲", "1"),
            ind("annual", "效益指标", "社会效益指标", "乙", "2"),
        ],
    }
    grid = _grid(_render(tmp_path, rec))
    produce, benefit = _find(grid, "产出指标"), _find(grid, "效益指标")
    assert produce.rowspan == benefit.rowspan == 1
    assert _row_texts(grid, produce.row) == ["产出指标", "数量指标", "甲", "1", "", "", ""]
    assert _row_texts(grid, benefit.row) == ["效益指标", "", "", "", "社会效益指标", "乙", "2"]


def test_annual_form_structure_and_header_lines(tmp_path: Path) -> None:
    pdf_path = _render(tmp_path, ANNUAL, font="serif")
    with pdfplumber.open(pdf_path) as pdf:
        assert pdf.pages[0].width < pdf.pages[0].height
    grid = _grid(pdf_path)
    assert grid.n_cols == 5
    assert [line.text for line in grid.text_above()] == [
        "拉萨市部门项目支出预算绩效目标申报表",
        "(2023年度)",
        "填报日期: 2023年1月28日",
        "填报人及联系电话: 谭丽华 0891-6320663",
    ]
    assert _spans(_find(grid, "拉萨市科技局 (009909878)")) == (1, 1, 1, 2)
    assert _spans(_find(grid, "项目资金(万元)")) == (3, 0, 3, 1)
    assert _row_texts(grid, 3) == ["项目资金(万元)", "年度资金总额:", "1100.00"]
    assert _spans(_find(grid, "绩效指标")) == (7, 0, 6, 1)
    assert _spans(_find(grid, "产出指标")) == (8, 1, 3, 1)
    assert _spans(_find(grid, "数量指标 (必填)")) == (8, 2, 2, 1)
    names = [grid.at(row, 3) for row in range(8, 13)]
    assert [c.text if c else None for c in names] == [
        "指标1:认定备案为市级科技型中小企业数量",
        "指标2:认定备案为市级工程技术研究中心数量",
        "指标1:以自治区科技厅认定公布的名单为准",
        "指标1:促进经济转型升级",
        "指标1:被评价单位接受程度",
    ]


def test_department_form_structure(tmp_path: Path) -> None:
    grid = _grid(_render(tmp_path, DEPARTMENT))
    assert grid.n_cols == 6
    assert _row_texts(grid, 0) == ["部门(单位名称)", "拉萨市科技局 (009909878)"]
    # 2 heading rows + 4 tasks + 金额合计
    assert _spans(_find(grid, "年度主要任务")) == (1, 0, 7, 1)
    assert _spans(_find(grid, "任务名称")) == (1, 1, 2, 1)
    assert _spans(_find(grid, "预算申请(万元)")) == (1, 3, 1, 3)
    assert _spans(_find(grid, "基本支出")) == (3, 1, 2, 1)
    assert _spans(_find(grid, "项目支出")) == (5, 1, 2, 1)
    assert _row_texts(grid, 6) == ["机动经费", "10.00", "", "10.00"]
    assert _row_texts(grid, 7) == ["金额合计", "1260.50", "1250.50", "10.00"]
    assert _find(grid, "金额合计").colspan == 2
    assert _spans(_find(grid, "年度绩效指标")) == (9, 0, 4, 1)
    assert _spans(_find(grid, "三级指标")) == (9, 3, 1, 2)
    assert _row_texts(grid, 10) == ["产出指标", "数量指标", "认定科技型中小企业数量", "≥7家"]


def _font_descriptors(pdf_path: Path) -> Iterator[dict[str, Any]]:
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            fonts = resolve1(page.page_obj.resources.get("Font", {}))
            for ref in fonts.values():
                yield resolve1(resolve1(ref)["FontDescriptor"])


@pytest.mark.parametrize("font", ["sans", "serif"])
def test_fonts_are_embedded(tmp_path: Path, font: str) -> None:
    descriptors = list(_font_descriptors(_render(tmp_path, DEPARTMENT, font=font)))
    assert descriptors
    assert all("FontFile2" in d for d in descriptors)


def test_long_text_wraps_inside_its_cell_without_losing_characters(tmp_path: Path) -> None:
    goal = "提高依法行政的能力 " * 30
    grid = _grid(_render(tmp_path, {**ANNUAL, "goals": {"annual": goal}}))
    cell = grid.at(6, 1)
    assert cell is not None and cell.text == re.sub(r"\s+", " ", goal).strip()
    assert cell.bbox.height > 3 * 10.5


def test_tall_table_continues_on_the_next_page(tmp_path: Path) -> None:
    many = [ind("annual", "产出指标", "数量指标", f"指标名称{i}", f"≥{i}个") for i in range(60)]
    pdf_path = _render(tmp_path, {**ANNUAL, "indicators": many})
    grids = pdf_to_grids(pdf_path, dpi=72)
    assert len(grids) >= 2 and [g.page for g in grids] == list(range(1, len(grids) + 1))
    names = [c.text for g in grids for c in g.cells if c.text.startswith("指标") and c.col == 3]
    assert names == [f"指标{i + 1}:指标名称{i}" for i in range(60)]


def test_cli_renders_each_record(tmp_path: Path) -> None:
    path = tmp_path / "dept.json"
    path.write_text(json.dumps([DEPARTMENT, ANNUAL], ensure_ascii=False), encoding="utf-8")
    assert render_form.main([str(path), "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dept_1.pdf", "dept_2.pdf"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert render_form.main([str(bad), "--out", str(tmp_path / "out")]) == ExitCode.INPUT


@pytest.mark.parametrize("chars_per_line", [2, 3, 5, 6, 7, 20])
def test_wrap_keeps_every_character_and_keeps_brackets_with_their_text(
    chars_per_line: int,
) -> None:
    face = render_pdf_plan.register_font("sans")
    text = "项目资金(万元) 与  空格,以及标点。社会效益指标(必填)"
    lines = render_pdf_plan.wrap(text, face, 10, chars_per_line * 10 + 0.5)
    assert "".join(lines) == text
    assert not any(line[0] in ")。," for line in lines)
    assert not any(line[-1] == "(" for line in lines)
    widths = [render_pdf_plan.pdfmetrics.stringWidth(line, face, 10) for line in lines]
    assert max(widths) <= chars_per_line * 10 + 0.5


def test_page_break_avoids_cutting_a_cell_whose_text_would_not_fit() -> None:
    cell = render_table.LayoutCell
    cells = [cell(0, 0, "a"), cell(1, 0, "长文本", rowspan=2), cell(3, 0, "b")]
    heights = [10.0, 10.0, 10.0, 10.0]

    def need(c: Any) -> float:
        return 15.0 if c.text == "长文本" else 5.0

    slices = render_paginate.paginate(heights, cells, need, first_page=25, other_pages=100)
    # rows 0-1 would fit the first page, but the merged cell's text needs both its rows
    assert slices == [render_paginate.Slice(0, 1), render_paginate.Slice(1, 4)]
    placed = render_paginate.place_text(cells, slices, heights, need)
    assert placed[cells[1]] == render_paginate.Piece(1, 1, 2)
    # when every break cuts text, the page is filled greedily
    tall = [cell(0, 0, "很长的文本", rowspan=4)]
    forced = render_paginate.paginate(heights, tall, lambda c: 99.0, first_page=25, other_pages=25)
    assert [(s.start, s.end) for s in forced] == [(0, 2), (2, 4)]
