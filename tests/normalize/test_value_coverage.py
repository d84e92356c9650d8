from __future__ import annotations

import pytest

from scripts.seeds.value_coverage import collect_values, indicator_tables, main, row_values
from tests.normalize.seeds import seed_files

# A two-period table and a one-period table as the seed OCR prints them (tab-separated).
TWO_PERIODS = "\n".join(
    [
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值",
        "\t产出指标\t数量指标\t参加宣传的人数\t≥900人次\t数量指标\t参加宣传的人数\t≥300人次",
        "\t\t\t举行禁毒宣传次数\t≥45次\t\t举行禁毒宣传次数\t≥15次",
        "\t效益指标\t经济效益指标\t改善生活水平\t明显改善\t明显改善\t改善生活水平\t明显改善",
        "",
        "项目名称\t不是指标\t≥1次",
    ]
)
ONE_PERIOD = "\n".join(
    [
        "一级指标\t二级指标\t三级指标\t指标值",
        "\t\t数量指标 (必填)\t指标1: 帮助公益性解决生活补助\t4人",
        "\t\t\t指标2:\t",
        "\t\t\t\t有所帮助",
        "",
    ]
)


def test_indicator_tables_close_on_empty_line() -> None:
    tables = list(indicator_tables(TWO_PERIODS))
    assert [(periods, len(rows)) for periods, rows in tables] == [(2, 3)]


def test_row_values_reads_from_the_right() -> None:
    assert row_values(
        ["", "产出指标", "数量指标", "人数", "≥900人次", "数量指标", "人数", "≥300人次"], 2
    ) == [
        "≥900人次",
        "≥300人次",
    ]
    assert row_values(["", "", "", "指标2:", ""], 1) == []


def test_collect_values_distinct_in_order() -> None:
    assert collect_values([TWO_PERIODS, ONE_PERIOD]) == [
        "≥900人次", "≥300人次", "≥45次", "≥15次", "明显改善", "4人", "有所帮助",
    ]  # fmt: skip


def test_main_reports_figures(capsys: pytest.CaptureFixture[str]) -> None:
    folder = seed_files()[0].parent
    assert main([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "distinct indicator values:" in out
    assert "falling back to text:" in out
    assert "labelled sample value_labels.tsv:" in out
