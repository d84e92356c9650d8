from __future__ import annotations

import pytest

from declform.normalize import parse_amount, parse_date, parse_fiscal_year, repair_amount_reading


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("105.00", 105.0), ("1,078.78", 1078.78), ("35.00万元", 35.0), ("9.2989万元", 9.2989),
        ("1100万元", 1100.0), ("45万", 45.0), ("１２.５", 12.5), (" 69.546188 ", 69.546188),
        ("96223.88元", 96223.88),  # 元 amounts keep the printed number (documented)
        ("0", 0.0),
    ],
)  # fmt: skip
def test_parse_amount(raw: str, expected: float) -> None:
    value = parse_amount(raw)
    assert value == expected
    assert isinstance(value, float)


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "/", "无", "－", "——"])
def test_parse_amount_blank(raw: str | None) -> None:
    assert parse_amount(raw) is None


@pytest.mark.parametrize("raw", ["党政办公室", "约50", "50万元左右", "1,2", "≥3"])
def test_parse_amount_rejects_text(raw: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("37:80", "37.80"),  # the decimal point read as a colon or a comma
        ("23，75万元", "23.75万元"),
        ("90.00′", "90.00"),  # a speck after the figure
        ("·105.00", "105.00"),
        ("1,078.78", "1,078.78"),  # a thousands separator stays
        ("1,078", "1,078"),
        ("约50", "约50"),  # words are no misreading
    ],
)
def test_repair_amount_reading(raw: str, expected: str) -> None:
    assert repair_amount_reading(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023.01.03", "2023-01-03"),
        ("2023年1月28日", "2023-01-28"),
        ("2023-1-3", "2023-01-03"),
        ("2023/01/03", "2023-01-03"),
        ("2023年7月28日", "2023-07-28"),
        ("2023年02月09日", "2023-02-09"),
        ("填报日期：2023年11月28日", "2023-11-28"),
        ("2023年1月28", "2023-01-28"),
        ("２０２３年１月３日", "2023-01-03"),
    ],
)
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "2023年1月", "2023.13.01", "2023年2月30日", "长期"])
def test_parse_date_none(raw: str | None) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2026年度)", 2026),
        ("（2023年度）", 2023),
        ("拉萨经开区2026年项目支出绩效目标申报表", 2026),
        ("## 拉萨经开区2025年项目支出绩效目标申报表 (2025年度)", 2025),
        ("拉萨市部门项目支出预算绩效目标表 (2023年度)", 2023),
    ],
)
def test_parse_fiscal_year(raw: str, expected: int) -> None:
    assert parse_fiscal_year(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "(1880年度)", "(2150年度)", "项目支出绩效目标申报表"])
def test_parse_fiscal_year_none(raw: str | None) -> None:
    assert parse_fiscal_year(raw) is None
