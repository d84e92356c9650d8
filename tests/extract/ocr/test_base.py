"""What the engines share: spaces, line joins, readings, and the leading-sign fix (the
glyph check on rendered crops, the text repair)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from declform.extract.ocr.base import (
    EMPTY_READING,
    OcrLine,
    OcrReading,
    as_grey,
    join_lines,
    leading_sign,
    looks_like_value,
    remove_cjk_spaces,
    strip_stray_marks,
    with_leading_sign,
)
from declform.extract.ocr.textlines import crop_line, split_lines
from tests.extract.ocr.render import SANS, SERIF, render


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


def test_a_reading_joins_its_lines_and_weights_confidence_by_length() -> None:
    lines = [
        OcrLine("保障工作", (0, 0, 10, 5), 0.9),
        OcrLine("", (0, 5, 10, 9), 0.1),
        OcrLine("开展", (0, 10, 10, 15), 0.6),
    ]
    reading = OcrReading.from_lines(lines)
    assert reading.text == "保障工作开展"
    assert reading.confidence == pytest.approx((4 * 0.9 + 2 * 0.6) / 6)
    assert [line.text for line in reading.lines] == ["保障工作", "开展"]
    assert OcrReading.from_lines([]) == EMPTY_READING


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


def test_colour_crops_are_turned_grey() -> None:
    colour = np.zeros((4, 5, 3), dtype=np.uint8)
    colour[..., 2] = 255  # pure red in BGR
    grey = as_grey(colour)
    assert grey.shape == (4, 5)
    assert int(grey[0, 0]) == 76  # luminance of red


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(("text", "sign"), [("≥95%", "≥"), ("≤150万元", "≤"), ("≥3", "≥")])
def test_the_glyph_check_tells_the_comparison_signs(font: object, text: str, sign: str) -> None:
    crop = render([text], font=font)  # type: ignore[arg-type]
    assert leading_sign(crop_line(crop, split_lines(crop)[0])) == sign
    # the same at 150 dpi, blurred
    low = cv2.GaussianBlur(render([text], font=font, size=22, margin=12), (0, 0), 0.6)  # type: ignore[arg-type]
    assert leading_sign(crop_line(low, split_lines(low)[0])) == sign


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(
    "text", [">95%", "<150万元", "2400元", "23人", "150.00", "1个", "7家", "二级", "之前"]
)
def test_the_glyph_check_sees_no_sign_where_there_is_none(font: object, text: str) -> None:
    for size in (44, 22):
        crop = render([text], font=font, size=size)  # type: ignore[arg-type]
        assert leading_sign(crop_line(crop, split_lines(crop)[0])) is None, (text, size)


def _scanned_line(text: str, font: object, scale: float, blur: float) -> np.ndarray:
    crop = render([text], font=font)  # type: ignore[arg-type]
    small = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), blur)
    return crop_line(small, split_lines(small)[0])


@pytest.mark.parametrize("font", [SANS, SERIF])
@pytest.mark.parametrize(("scale", "blur"), [(0.66, 0.6), (0.5, 0.8)])  # 200 and 150 dpi
def test_an_angle_the_engine_read_gets_its_bar_from_the_glyph_s_ink(
    font: object, scale: float, blur: float
) -> None:
    for printed, read, sign in (("≥1次", ">1次", "≥"), ("≤30天", "<30天", "≤")):
        assert leading_sign(_scanned_line(printed, font, scale, blur), read) == sign
    # a plain angle stays plain, however the engine read it
    for printed in (">95%", "<60天", ">1家"):
        line = _scanned_line(printed, font, scale, blur)
        assert leading_sign(line, printed) is None, printed


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


def test_a_cell_reading_drops_stray_marks_per_line_and_at_its_ends() -> None:
    reading = OcrReading.from_lines(
        [
            OcrLine("·保障市场经济政策运行，", (0, 0, 9, 9), 0.9),
            OcrLine("促进发展。·", (0, 9, 9, 18), 0.9),
        ]
    )
    assert reading.text == "保障市场经济政策运行，促进发展。"
    assert OcrReading.from_lines([OcrLine("·.", (0, 0, 9, 9), 0.9)]).text == ""
    wrapped = [OcrLine("，促进区域发展", (0, 0, 9, 9), 0.9), OcrLine("，提升效率", (0, 9, 9, 18), 0.9)]
    assert OcrReading.from_lines(wrapped).text == "促进区域发展，提升效率"


def test_a_cell_reading_offers_each_lines_next_readings_in_the_whole_cell() -> None:
    reading = OcrReading.from_lines(
        [
            OcrLine("资金支付合格率", (0, 0, 9, 9), 0.9),
            OcrLine('≥98"·', (0, 9, 9, 18), 0.6, ('≥98%·', '≥93"·')),
        ]
    )
    assert reading.text == '资金支付合格率≥98"'
    assert reading.alternatives == ("资金支付合格率≥98%", '资金支付合格率≥93"')
    assert OcrReading.from_lines([OcrLine("≥95%", (0, 0, 9, 9), 0.9)]).alternatives == ()
