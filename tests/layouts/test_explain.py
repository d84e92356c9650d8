"""`declform explain`: what the reader found on a page, and what nothing claimed."""

from __future__ import annotations

import pytest

from declform.extract.cli import main
from declform.extract.sources.spreadsheet import sheet_grids
from declform.layouts import identify, read_form
from declform.layouts.explain import explain_grid, render
from tests.layouts.gridkit import make_grid, row_major
from tests.paths import TESTS

REAL = TESTS / "fixtures" / "real-forms"


def test_explain_names_labels_fields_periods_and_unclaimed_cells() -> None:
    [grid] = sheet_grids(REAL / "wuhan-donghu-2020-project-application.xlsx", 1)
    found = explain_grid(grid)
    assert found.layout == "inferred" and found.framework_headings == 4
    assert ("medium_goal", "项目绩效总目标", 33, 0) in found.labels
    assert ("project.name", "专项资金", 1, 2) in found.fields
    assert dict(found.periods) == {"annual": 13}
    unclaimed = {text for _, _, text in found.unplaced}
    # no field for them, but kept among the record's extras: claimed
    assert "项目负责人" not in unclaimed and "吴卫东" not in unclaimed
    assert "专项资金" not in unclaimed and "项目名称" not in unclaimed
    text = render(found)
    assert "read with layout inferred" in text and "project.name ← (1,2) '专项资金'" in text


def test_explain_says_why_a_related_form_is_not_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(REAL / "yuzhong-2021-project-self-eval.xlsx"), "--page", "1"]) == 0
    out = capsys.readouterr().out
    assert "a performance self-evaluation (绩效自评表), not a declaration form" in out


def test_a_user_s_layout_folder_is_checked_and_tried_first(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from declform.layouts.spec import USER_LAYOUTS_ENV
    from declform.output.codes import ExitCode
    from tests.paths import REPO

    monkeypatch.setenv(USER_LAYOUTS_ENV, "")  # restored after the test, whatever main sets
    own = tmp_path / "hints"
    own.mkdir()
    shipped = (REPO / "layouts" / "data" / "department.yaml").read_text(encoding="utf-8")
    (own / "ours.yaml").write_text(shipped.replace("id: department", "id: our_department"),
                                   encoding="utf-8")
    sample = str(REPO / "samples" / "department-2023.pdf")
    assert main(["explain", sample, "--page", "1", "--layouts", str(own)]) == ExitCode.OK
    assert "read with layout our_department" in capsys.readouterr().out
    (own / "bad.yaml").write_text("id: bad\nform_type: project\nmatch:\n  labels_all: [nope]\n",
                                  encoding="utf-8")
    assert main(["explain", sample, "--layouts", str(own)]) == ExitCode.LAYOUT_FILE
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "match.labels_all" in err


def test_a_page_that_continues_a_form_is_explained_as_the_form_read_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.paths import REPO

    # page 2 of the sample continues page 1's indicator table: alone it would be
    # "indicator rows ... whose first page is not before it" with every cell unclaimed
    assert main(["explain", str(REPO / "samples" / "jingkaiqu-2026-project.pdf")]) == 0
    page_2 = capsys.readouterr().out.split("page 2:")[1]
    assert "→ continues the form that begins on page 1" in page_2
    assert "indicators: 2 medium_term, 2 annual" in page_2 and "cells nothing claimed (0)" in page_2
    # asked for alone, the page is still read under the headings of the form begun before it
    assert main(["explain", str(REPO / "samples" / "jingkaiqu-2026-project.pdf"), "--page", "2"]) == 0
    alone = capsys.readouterr().out
    assert alone.startswith("page 2:") and "page 1: table" not in alone
    assert "→ continues the form that begins on page 1" in alone
    assert "indicators: 2 medium_term, 2 annual" in alone and "cells nothing claimed (0)" in alone


def test_block_names_and_the_year_line_are_claimed_by_what_reads_them() -> None:
    """实施期绩效指标 names its block (its period comes from it), the year line in the frame
    gives the fiscal year, and the 一级指标 heading spanning the names' row heads both blocks:
    none of them is a cell nothing claimed."""
    rows = [
        [("（2026年度）", 6, 1)],
        [("项目名称", 1, 1), ("教育经费", 5, 1)],
        [("绩效指标", 1, 3), ("一级指标", 1, 2), ("实施期绩效指标", 2, 1), ("年度绩效指标", 2, 1)],
        [("三级指标", 1, 1), ("指标值", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
        [("产出 指标", 1, 1), ("培训人次", 1, 1), ("≥300人次", 1, 1), ("培训人次", 1, 1),
         ("≥100人次", 1, 1)],
    ]
    grid = make_grid(row_major(rows), above=["某区项目支出绩效目标申报表"], ocr=False)
    found = explain_grid(grid)
    assert found.unplaced == ()
    assert [text for text, _, _ in found.block_names] == ["实施期绩效指标", "年度绩效指标"]
    assert ("fiscal_year", "（2026年度）", 0, 0) in found.fields
    assert dict(found.periods) == {"medium_term": 1, "annual": 1}
    assert "(2,2) block name: '实施期绩效指标'" in render(found)
    form = read_form([grid], identify(grid))  # type: ignore[arg-type]
    assert [(i.level1, i.level1_raw) for i in form.indicators] == [("产出指标", "产出 指标")] * 2
