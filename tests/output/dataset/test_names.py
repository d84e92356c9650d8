"""One spelling per department across a batch (output/dataset/names.py)."""

from __future__ import annotations

from declform.output.dataset.names import canonical_names


def test_a_misread_character_joins_the_spelling_most_forms_print() -> None:
    spellings = [("拉萨市经济发展局", 0.9)] * 3 + [("拉萨市经济发康局", 0.7), ("拉萨市经济发展局 ", 0.8)]
    names = canonical_names(spellings)
    assert names["拉萨市经济发康局"] == "拉萨市经济发展局"
    assert names["拉萨市经济发展局 "] == "拉萨市经济发展局"  # a space is no other name


def test_brackets_and_width_are_one_name() -> None:
    names = canonical_names([("城关区（财政局）", 1.0), ("城关区(财政局)", 0.8), ("城关区(财政局)", 0.8)])
    assert set(names.values()) == {"城关区(财政局)"}


def test_as_many_forms_each_way_take_the_most_confident_reading() -> None:
    names = canonical_names([("拉萨市科学技术局", 1.0), ("拉萨市科学技木局", 0.6)])
    assert set(names.values()) == {"拉萨市科学技术局"}


def test_numbered_units_and_short_names_stay_apart() -> None:
    names = canonical_names(
        [
            ("拉萨市第一中学", 1.0),
            ("拉萨市第二中学", 1.0),
            ("拉萨市城关区财政局", 1.0),
            ("拉萨市堆龙区财政局", 1.0),  # two characters of nine: another district
            ("一中", 1.0),
            ("二中", 1.0),
            ("教育局", 1.0),
            ("卫健局", 1.0),
        ]
    )
    assert all(names[name] == name for name in names)
