"""Titles snap to the family's wordings where OCR exchanged one character of the ending."""

from __future__ import annotations

import pytest

from declform.normalize.titles import snap_title


@pytest.mark.parametrize(
    ("read", "snapped"),
    [
        ("拉萨经开区2026年项目支出绩效目标日报表", "拉萨经开区2026年项目支出绩效目标申报表"),
        ("某区2025年部门整体支出绩效目标申扳表", "某区2025年部门整体支出绩效目标申报表"),
        ("某区2025年项目支出绩效目标填报衣", "某区2025年项目支出绩效目标填报表"),
    ],
)
def test_an_ending_one_character_off_is_snapped(read: str, snapped: str) -> None:
    assert snap_title(read) == snapped


@pytest.mark.parametrize(
    "title",
    [
        "拉萨市部门项目支出预算绩效目标表",  # a known wording already
        "某区2025年项目支出绩效目标填报表",
        "加玛街道2026年项目支出绩效目标日没表",  # two characters off: no guess
        "拉萨经开区2026年项目支出绩效目标申报表(双联户工作经费)",
        "2021年度项目支出绩效自评表",  # another form of the family, not a declaration
        None,
    ],
)
def test_a_title_already_right_or_too_far_is_left_as_read(title: str | None) -> None:
    assert snap_title(title) is None
