"""The framework's attribute words, and a cell's readings checked against them."""

from declform.normalize.attributes import attribute_reading, is_attribute_word


def test_attribute_words_with_or_without_their_project() -> None:
    assert is_attribute_word("延续项目") and is_attribute_word("一次性") and is_attribute_word("新增 项目")
    assert not is_attribute_word("项胰剂") and not is_attribute_word(None)
    assert attribute_reading(("实前期", "经常性项目", "新增项目")) == "经常性项目"
    assert attribute_reading(("实前期",)) is None
