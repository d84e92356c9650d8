from __future__ import annotations

import pytest

from declform.normalize import parse_department, parse_filler


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("拉萨市科技局 (009909878)", ("拉萨市科技局", "009909878")),
        ("拉萨市科技局（009909878）", ("拉萨市科技局", "009909878")),
        ("拉萨市科技局009909878", ("拉萨市科技局", "009909878")),
        ("拉萨市科技局(009909878)", ("拉萨市科技局", "009909878")),
        ("经开区管委会", ("经开区管委会", None)),
        ("党政办（政法办）", ("党政办（政法办）", None)),
        ("009909878", (None, "009909878")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_department(raw: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_department(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("谭丽华 0891-6320663", ("谭丽华", "0891-6320663")),
        ("0891-6323130", (None, "0891-6323130")),
        ("白珍 6320751", ("白珍", "6320751")),
        ("张三 13908901234", ("张三", "13908901234")),
        ("张三，13908901234", ("张三", "13908901234")),
        ("0891-6320663 谭丽华", ("谭丽华", "0891-6320663")),
        ("谭丽华", ("谭丽华", None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_filler(raw: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_filler(raw) == expected
