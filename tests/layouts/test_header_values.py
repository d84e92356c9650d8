"""Header values read off a scan, judged before the record keeps them."""

from __future__ import annotations

from dataclasses import replace

from declform.layouts.fields import Findings
from declform.layouts.grid import Cell, Grid
from declform.layouts.header_values import judged_value
from tests.layouts.gridkit import make_grid


def _grid(value: str, confidence: float, above: tuple[tuple[str, float], ...] = (),
          alternatives: tuple[str, ...] = (), ocr: bool = True) -> tuple[Grid, Cell]:
    grid = make_grid([(0, 0, 1, 1, "实施单位"), (0, 1, 1, 2, value)],
                     above=[text for text, _ in above], ocr=ocr)
    cell = replace(grid.cells[1], confidence=confidence, alternatives=alternatives)
    lines = tuple(replace(line, confidence=c) for line, (_, c) in zip(grid.free_text, above,
                                                                      strict=True))
    return replace(grid, cells=(grid.cells[0], cell), free_text=lines), cell


def _judged(field: str, grid: Grid, cell: Cell) -> tuple[str | None, list[str]]:
    findings = Findings()
    text = judged_value(field, cell.text, cell, grid, findings)
    return text, [w.code for w in findings.warnings]


def test_letters_read_with_doubt_from_specks_are_no_value() -> None:
    grid, cell = _grid("XSeY", 0.32)
    assert _judged("project.attribute", grid, cell) == (None, ["value_unreadable"])
    for kept in (("XSeY", 0.95), ("2026-2028", 0.4), ("3年", 0.4)):
        grid, cell = _grid(*kept)
        assert _judged("project.period", grid, cell) == (kept[0], [])


def test_an_attribute_outside_the_framework_s_words_takes_a_next_reading_inside_them() -> None:
    grid, cell = _grid("延续项月", 0.7, alternatives=("廷续项月", "延续项目"))
    assert _judged("project.attribute", grid, cell) == ("延续项目", ["value_corrected"])
    # an office's own word with no such reading is kept as printed, as is a word of the set
    grid, cell = _grid("补助资金", 0.9, alternatives=("补助资全",))
    assert _judged("project.attribute", grid, cell) == ("补助资金", [])
    grid, cell = _grid("新增项目", 0.9, alternatives=("延续项目",))
    assert _judged("project.attribute", grid, cell) == ("新增项目", [])


def test_a_doubted_name_takes_the_surer_reading_another_print_on_the_page_gives() -> None:
    title = ("加玛街道2026年项目支出绩效目标申报表", 0.97)
    grid, cell = _grid("加码街道", 0.75, above=(title,))
    assert _judged("project.implementing_unit", grid, cell) == ("加玛街道", ["value_corrected"])
    # the filler line read less surely as a whole, but its reading forms words (西藏)
    filler = ("填报单位(董章)：西藏拉萨经济技术开发区管理委员会", 0.78)
    grid, cell = _grid("四腺拉萨经济技术开发区管理委员会", 0.8, above=(filler,))
    assert _judged("project.competent_department", grid, cell)[0] == "西藏拉萨经济技术开发区管理委员会"


def test_a_name_read_surely_or_printed_alike_or_too_far_off_stands() -> None:
    title = ("加玛街道2026年项目支出绩效目标申报表", 0.97)
    grid, cell = _grid("加码街道", 0.95, above=(title,))  # read surely
    assert _judged("project.implementing_unit", grid, cell) == ("加码街道", [])
    grid, cell = _grid("加码街道", 0.75, above=(title, ("填报单位：加码街道", 0.9)))
    assert _judged("project.implementing_unit", grid, cell) == ("加码街道", [])
    grid, cell = _grid("加码路道", 0.75, above=(title,))  # two of four characters off
    assert _judged("project.implementing_unit", grid, cell) == ("加码路道", [])
    grid, cell = _grid("教育局", 0.5, above=(("某县教委局2026年绩效目标表", 0.99),))
    assert _judged("project.implementing_unit", grid, cell) == ("教育局", [])
    grid, cell = _grid("加码街道", 0.75, above=(title,), ocr=False)  # a text layer
    assert _judged("project.implementing_unit", grid, cell) == ("加码街道", [])
