"""Tick-box choices: the ticked option is the value."""

from __future__ import annotations

import pytest

from declform.normalize.choices import read_choice


@pytest.mark.parametrize(
    ("printed", "options", "answer"),
    [
        ("1.部门项目 □          2.公共项目 □√", ("部门项目", "公共项目"), "公共项目"),  # 武汉 2020
        ("√新增项目 □延续项目", ("新增项目", "延续项目"), "新增项目"),
        ("☑新增项目  ☐延续项目", ("新增项目", "延续项目"), "新增项目"),
        ("□一次性项目；■经常性项目", ("一次性项目", "经常性项目"), "经常性项目"),
        ("（1）新增 □ （2）延续 ☑", ("新增", "延续"), "延续"),
        ("口新增项目 口√延续项目", ("新增项目", "延续项目"), "延续项目"),  # an OCR reading
    ],
)
def test_the_ticked_option_is_the_answer(printed: str, options: tuple[str, ...], answer: str) -> None:
    choice = read_choice(printed)
    assert choice is not None
    assert choice.options == options and choice.answer == answer


def test_no_tick_or_several_ticks_leave_no_answer() -> None:
    none = read_choice("□新增项目 □延续项目")
    both = read_choice("☑新增项目 ☑延续项目")
    assert none is not None and none.ticked == () and none.answer is None
    assert both is not None and both.ticked == (0, 1) and both.answer is None


@pytest.mark.parametrize(
    "printed",
    [
        "延续项目",
        "人口普查项目",  # 口 inside a word is no box
        "完成率√",  # one mark: no choice among options
        "新增项目 □ 延续项目 □ 详见附件",  # words after the last closing box
    ],
)
def test_text_that_is_no_tick_box_list_is_left_alone(printed: str) -> None:
    assert read_choice(printed) is None
