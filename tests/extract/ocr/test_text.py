"""The text clean-up the engines share: spaces, line joins, scan specks, and the repair of a
leading comparison sign."""

from __future__ import annotations

import pytest

from declform.extract.ocr.text import (
    join_lines,
    looks_like_value,
    remove_cjk_spaces,
    strip_stray_marks,
    with_leading_sign,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("项 目 名 称", "项目名称"),
        ("主管部门 及 代码", "主管部门及代码"),
        ("≥ 95 %", "≥95%"),
        ("≤ 150 万 元", "≤150万元"),
        ("150 .00", "150 .00"),  # Latin punctuation keeps its space: no CJK beside it
        ("ISO 9001 认证", "ISO 9001认证"),
        ("Hello  world", "Hello world"),
        ("2026 2028", "2026 2028"),
        ("（ 必填 ）", "（必填）"),
        ("  指标1 : 参加 人数  ", "指标1 :参加人数"),
    ],
)
def test_spaces_go_between_cjk_and_stay_between_latin_words(raw: str, clean: str) -> None:
    assert remove_cjk_spaces(raw) == clean


def test_lines_join_without_separator_in_cjk_and_with_a_space_between_words() -> None:
    assert (
        join_lines(["保障禁毒工作正常", "开展;进行法制宣传"]) == "保障禁毒工作正常开展;进行法制宣传"
    )
    assert join_lines(["共计15", "00万元"]) == "共计1500万元"
    assert join_lines(["solar", "panels"]) == "solar panels"
    assert join_lines(["项 目", "", "名 称"]) == "项目名称"


@pytest.mark.parametrize(
    ("text", "sign", "fixed"),
    [
        (">95%", "≥", "≥95%"),
        ("<150万元", "≤", "≤150万元"),
        (">=90%", "≥", "≥90%"),
        ("之95%", "≥", "≥95%"),
        ("二246.93万元", "≥", "≥246.93万元"),
        ("95%", "≥", "≥95%"),  # the engine dropped the sign
        ("≥95%", "≥", "≥95%"),
        (">95%", None, ">95%"),
        ("项目名称", "≥", "项目名称"),  # no number near the start: nothing to put right
        ("M", "≥", "≥"),  # a lone sign read as a letter
        ("2", "≥", "≥"),  # a lone sign whose joined bar made it a 2: the 2 was the sign
    ],
)
def test_leading_sign_replaces_what_the_engine_read_for_it(
    text: str, sign: str | None, fixed: str
) -> None:
    assert with_leading_sign(text, sign) == fixed


def test_only_value_like_text_gets_the_glyph_check() -> None:
    assert looks_like_value(">95%")
    assert looks_like_value("之95%")
    assert looks_like_value("150.00")
    assert not looks_like_value("人民群众满意度≥95%")
    assert not looks_like_value("项目名称")


@pytest.mark.parametrize(
    ("read", "line", "cell"),
    [
        ("·长期··", "长期", "长期"),
        (".100%", "100%", "100%"),
        ("丨经开区管委会", "经开区管委会", "经开区管委会"),
        ("提高.", "提高", "提高"),
        ("·", "", ""),
        # a wrapped decimal keeps its point at the end of a line, not of the cell
        ("85.", "85.", "85"),
        # quotes in pairs are print; an unpaired one at an end is a speck
        ("“三品一标”认证数量", "“三品一标”认证数量", "“三品一标”认证数量"),
        ("“经开投85.4亩退地费“，", "“经开投85.4亩退地费“，", "经开投85.4亩退地费"),
        # a comma may end a wrapped line, never a cell
        ("促进区域发展，", "促进区域发展，", "促进区域发展"),
        ("扎西·多吉", "扎西·多吉", "扎西·多吉"),
        # nor does a cell start with a mark that closes a clause: specks before the text
        ("，街道用氧工作经费", "，街道用氧工作经费", "街道用氧工作经费"),
        ("。。经开区综合保税区", "。。经开区综合保税区", "经开区综合保税区"),
        ("、:项目预算控制数", "、:项目预算控制数", "项目预算控制数"),
        # a wrapped line may start with one (a renderer that wraps by width alone)
        ("完成建设，投入使用。", "完成建设，投入使用。", "完成建设，投入使用。"),
    ],
)
def test_stray_marks_at_the_ends_of_a_reading_are_dropped(read: str, line: str, cell: str) -> None:
    assert strip_stray_marks(read) == line
    assert strip_stray_marks(read, whole_cell=True) == cell
