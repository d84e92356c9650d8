from __future__ import annotations

import pytest

from declform.normalize.numerals import parse_arabic, parse_chinese, parse_number


@pytest.mark.parametrize(
    ("token", "expected"),
    [("95", 95), ("9.2989", 9.2989), ("1,078.78", 1078.78), ("１２０", 120), ("30.00", 30.0)],
)
def test_parse_arabic(token: str, expected: float) -> None:
    value = parse_arabic(token)
    assert value == expected
    assert type(value) is type(expected)  # int stays int, a printed decimal stays float


@pytest.mark.parametrize("token", ["1,2", "1,0000", "abc", "", "9" * 40, "1.2.3"])
def test_parse_arabic_rejects(token: str) -> None:
    assert parse_arabic(token) is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("一百", 100),
        ("二百零五", 205), ("三千", 3000), ("三万五千", 35000), ("两万", 20000),
        ("二〇二六", 2026), ("零", 0),
    ],
)  # fmt: skip
def test_parse_chinese(token: str, expected: int) -> None:
    assert parse_chinese(token) == expected


@pytest.mark.parametrize("token", ["万", "十十", "三五十", "", "一般", "亿万"])
def test_parse_chinese_rejects(token: str) -> None:
    assert parse_chinese(token) is None


def test_parse_number_reads_both_scripts() -> None:
    assert parse_number("12") == 12
    assert parse_number("十二") == 12
    assert parse_number("x") is None
