"""Closed vocabularies (indicator levels, form labels) and the matcher they share.

A printed text is first reduced to a matching key (`label_key`): NFKC, no whitespace or
punctuation, no parenthetical notes such as (必填)/(选填)/(万元)/(2026年—2028年), no leading
year ("2026年度目标" → "年度目标"). A key equal to a known variant's key is an exact match.
Otherwise the closest variant is taken when the edit distance is within `allowed_edits` of
the variant's length: OCR drops, adds or swaps a character, but content cells (project
names, indicator names, sentences) differ from every label by more. Keys of three characters
or fewer ("一级", "总额", "合计") only ever match exactly, and four-character keys only
tolerate a dropped or added character, not a substituted one: one substitution turns 绩效指标
into the level name 时效指标.

Every fuzzy result has `exact=False`; the caller turns it into a record warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Indel, Levenshtein

from declform.normalize.text import squash, strip_markup

_PARENTHETICAL = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
_YEAR_RANGE = re.compile(r"\d{4}\s*年?\s*[-—–~〜至到]+\s*\d{4}\s*年?")
_LEADING_YEAR = re.compile(r"^\s*\d{4}(?=\s*年)")
# a unit note at the end whose opening bracket the OCR lost ("拟投人的资金万元）")
_TRAILING_UNIT = re.compile(r"[(（]?\s*[万千]?元\s*[)）]\s*$")
# A label that asks for its value's code too (主管单位及代码, 单位名称及代码) names the field
# it names without it; the code is read from the value ("某局 (009910021)").
_AND_CODE = re.compile(r"[及和与]代码$")
# Latin letters before or after a Chinese label: specks a copy's toner left, read as letters
# ("KW当年资金总额"); no label of the family opens or closes with one
_LATIN_ENDS = re.compile(r"^[A-Za-z]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[A-Za-z]+$")


@dataclass(frozen=True)
class VocabMatch:
    """A printed text recognised as a vocabulary entry."""

    key: str  # stable identifier, e.g. "project_name", "social_benefit"
    canonical: str  # the canonical printed form, e.g. "项目名称", "社会效益指标"
    score: float  # similarity in [0, 1]; 1.0 for exact matches
    exact: bool  # False when the text was corrected (OCR noise): the caller warns


def label_key(text: str) -> str:
    """The matching key of a printed label (see module docstring)."""
    text = strip_markup(text)
    text = _YEAR_RANGE.sub("", text)
    previous = None
    while previous != text:  # nested notes: "(2026年(暂定))"
        previous, text = text, _PARENTHETICAL.sub("", text)
    text = _TRAILING_UNIT.sub("", text)
    text = _LEADING_YEAR.sub("", text)
    return squash(text)


# Under its heading a level name of n characters may have n // 3 of them misread.
_HEADED_SHARE = 3


def allowed_edits(length: int) -> int:
    """Edits tolerated against a variant key of this length (tuned on the seed cells)."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


def edit_distance(key: str, variant_key: str, budget: int) -> int:
    """Levenshtein distance, except that 4-character variants count a substitution as 2."""
    if len(variant_key) <= 4:
        return Indel.distance(key, variant_key, score_cutoff=budget)
    return Levenshtein.distance(key, variant_key, score_cutoff=budget)


@dataclass(frozen=True)
class Entry:
    key: str
    canonical: str
    variants: tuple[str, ...]  # printed variants besides the canonical form


class Vocabulary:
    """Variants → entry lookup with exact and fuzzy matching on `label_key` keys."""

    def __init__(self, entries: Iterable[Entry], closed_column: bool = False) -> None:
        """`closed_column`: the text comes from a column that holds nothing but these names
        (the indicator levels), so one misread character of a four-character name counts as
        one edit; elsewhere it counts as two, keeping content cells from passing for labels."""
        self.entries = tuple(entries)
        self.closed_column = closed_column

    @cached_property
    def _by_key(self) -> Mapping[str, Entry]:
        table: dict[str, Entry] = {}
        for entry in self.entries:
            for variant in (entry.canonical, *entry.variants):
                key = label_key(variant)
                if key and key not in table:
                    table[key] = entry
        return table

    def variants(self) -> list[tuple[str, Entry]]:
        """Every printed variant with its entry, the canonical forms included."""
        return [(variant, entry) for entry in self.entries
                for variant in (entry.canonical, *entry.variants)]

    def exact(self, key: str) -> Entry | None:
        """The entry one of whose variants has exactly this matching key."""
        return self._by_key.get(key)

    def match(self, text: str | None, under_heading: bool = False) -> VocabMatch | None:
        """`under_heading`: the text was read in the column its heading names (a level cell
        of the indicator table), so it is one of these names or noise: a third of a long
        name may be misread, as long as no second name is as close."""
        if text is None:
            return None
        key = label_key(text)
        if not key:
            return None
        found = self._match_key(key, under_heading)
        bare = _LATIN_ENDS.sub("", key)
        if found is None and bare and bare != key:
            found = self._match_key(bare, under_heading)
            if found is not None:  # specks read as letters: a correction the caller reports
                score = round(found.score * len(bare) / len(key), 4)
                found = VocabMatch(found.key, found.canonical, score, exact=False)
        return found

    def _match_key(self, key: str, under_heading: bool) -> VocabMatch | None:
        exact = self._by_key.get(key) or self._by_key.get(_AND_CODE.sub("", key))
        if exact is not None:
            return VocabMatch(exact.key, exact.canonical, 1.0, True)
        best: tuple[int, float, Entry] | None = None
        rivals: set[str] = set()  # entries exactly as close as the best
        rival_distance: dict[str, int] = {}  # closest variant of each entry (`under_heading`)
        for variant_key, entry in self._by_key.items():
            budget = allowed_edits(len(variant_key))
            if under_heading and budget:
                budget = max(budget, len(variant_key) // _HEADED_SHARE)
            if budget == 0 or abs(len(variant_key) - len(key)) > budget:
                continue
            distance = (
                Levenshtein.distance(key, variant_key, score_cutoff=budget)
                if self.closed_column
                else edit_distance(key, variant_key, budget)
            )
            if distance > budget:
                continue
            rival_distance[entry.key] = min(distance, rival_distance.get(entry.key, distance))
            score = 1.0 - distance / max(len(key), len(variant_key))
            if best is None or (distance, -score) < (best[0], -best[1]):
                best, rivals = (distance, score, entry), {entry.key}
            elif (distance, score) == best[:2]:
                rivals.add(entry.key)
        # "级指标" is as close to 一级指标 as to 二级指标 and 三级指标: no guess between them
        if best is None or len(rivals) > 1:
            return None
        if under_heading and sum(d <= best[0] for d in rival_distance.values()) > 1:
            return None  # as close to another name: no guess between them
        return VocabMatch(best[2].key, best[2].canonical, round(best[1], 4), False)


def _truncations(name: str) -> tuple[str, ...]:
    """A level name without its trailing 标 / 指标 (cells cut off by the column edge)."""
    return tuple(name[:cut] for cut in (-1, -2) if name.endswith("指标"))


def _level(key: str, canonical: str, *extra: str) -> Entry:
    return Entry(key, canonical, (*_truncations(canonical), *extra))


LEVEL1 = Vocabulary(
    [
        _level("output", "产出指标", "产出类指标"),
        _level("benefit", "效益指标", "效益类指标"),
        _level("satisfaction", "满意度指标", "满意度", "满意度类指标"),
        _level("cost", "成本指标", "成本类指标"),
    ],
    closed_column=True,
)

LEVEL2 = Vocabulary(
    [
        _level("quantity", "数量指标"),
        _level("quality", "质量指标"),
        _level("timeliness", "时效指标", "进度指标", "进度指", "产出进度指标", "时效性指标"),
        _level("cost", "成本指标"),
        _level("economic_cost", "经济成本指标"),
        _level("social_cost", "社会成本指标"),
        _level("ecological_cost", "生态环境成本指标", "环境成本指标"),
        _level("economic_benefit", "经济效益指标"),
        _level("social_benefit", "社会效益指标"),
        _level("ecological_benefit", "生态效益指标", "环境效益指标", "环境效益"),
        _level("sustainability", "可持续影响指标", "可持续性影响指标", "可持续发展指标"),
        _level("service_satisfaction", "服务对象满意度指标", "服务对象满意", "服务对象",
               "社会公众或服务对象满意度指标", "社会公众满意度指标"),
    ],
    closed_column=True,
)


# Which level-1 each level-2 may sit under (财政部 framework; 成本指标 moved from a level-2
# of 产出指标 to a level-1 of its own in 2021, the seeds hold both).
LEVEL2_PARENTS = {
    "quantity": {"output"},
    "quality": {"output"},
    "timeliness": {"output"},
    "cost": {"output", "cost"},
    "economic_cost": {"cost"},
    "social_cost": {"cost"},
    "ecological_cost": {"cost"},
    "economic_benefit": {"benefit"},
    "social_benefit": {"benefit"},
    "ecological_benefit": {"benefit"},
    "sustainability": {"benefit"},
    "service_satisfaction": {"satisfaction"},
}
LEVEL1_NAMES = {
    "output": "产出指标",
    "benefit": "效益指标",
    "satisfaction": "满意度指标",
    "cost": "成本指标",
}


def parent_level1(level2: VocabMatch) -> VocabMatch | None:
    """The 一级 a 二级 can only sit under (社会效益指标 → 效益指标); None for 成本指标."""
    parents = LEVEL2_PARENTS[level2.key]
    if len(parents) != 1:
        return None
    (key,) = parents
    return VocabMatch(key, LEVEL1_NAMES[key], 0.0, exact=False)


def only_child_level2(level1: VocabMatch) -> VocabMatch | None:
    """The 二级 a 一级 has alone (满意度指标 → 服务对象满意度指标); None for the others."""
    children = [key for key, parents in LEVEL2_PARENTS.items() if level1.key in parents]
    if len(children) != 1:
        return None
    (entry,) = (entry for entry in LEVEL2.entries if entry.key == children[0])
    return VocabMatch(entry.key, entry.canonical, 0.0, exact=False)


# At most this many characters on either side of a whole level name are marks, not part of
# the name: a signature crossing the cell reads as "十1" or "YdV" after 社会效益指标, a
# photocopy's toner at the cell's edges as "激暴" before 产出类指标, an outline number as "2.".
_STRAY_MARKS = 3


def _level_match(
    vocabulary: Vocabulary, text: str | None, under_heading: bool
) -> VocabMatch | None:
    match = vocabulary.match(text, under_heading)
    if match is not None or text is None:
        return match
    key = label_key(text)
    # the longest whole name inside, of either level: 经济成本指标 holds 成本指标, and
    # 社会效益指标 (a level 2) the level 1 效益指标
    name = name_among_marks(key, _any_level, _STRAY_MARKS, shortest=4)
    if name is None:
        return _headed_level(vocabulary, key) if under_heading else None
    entry = vocabulary.exact(name)
    if entry is None:
        return None
    return VocabMatch(entry.key, entry.canonical, round(len(name) / len(key), 4), False)


def _any_level(name: str) -> bool:
    return name.endswith("指标") and bool(LEVEL1.exact(name) or LEVEL2.exact(name))


def name_among_marks(
    key: str, known: Callable[[str], bool], marks: int, shortest: int
) -> str | None:
    """The longest part of `key`, `shortest` characters or more, that `known` takes for a
    whole name, with at most `marks` characters of `key` before it and after it."""
    for length in range(len(key), shortest - 1, -1):
        for start in range(max(0, len(key) - length - marks), min(marks, len(key) - length) + 1):
            if known(key[start : start + length]):
                return key[start : start + length]
    return None


# Under its heading a level name read with marks before it (a band of specks above the line
# read as words), or with more of it misread than `Vocabulary.match` allows: its own words
# (the name without 指标, which every name shares) are this share of them still in order,
# in a reading about as long as the name.
_STEM_SHARE = 0.6
_LENGTH_SLACK = 2


def _stem(name: str) -> str:
    return name.removesuffix("指标")


def _headed_level(vocabulary: Vocabulary, key: str) -> VocabMatch | None:
    """A level cell's reading that ends with a whole level name ("梦爱多零厦社会效益指标"), or
    keeps most of one name's own words in order and no other's ("可特影响" for 可持续影响指标,
    "服务对象润底院物标"): that level, flagged; None where two names fit as well."""
    names = [(label_key(variant), entry) for variant, entry in vocabulary.variants()]
    ending = name_among_marks(key, _any_level, len(key), shortest=4)
    if ending is not None and key.endswith(ending):  # the longest name of either level
        entry = vocabulary.exact(ending)
        if entry is None:
            return None
        return VocabMatch(entry.key, entry.canonical, round(len(entry.canonical) / len(key), 4),
                          False)
    kept: dict[str, tuple[float, Entry]] = {}
    for name, entry in names:
        stem = _stem(name)
        lengths = (len(name), len(label_key(entry.canonical)))
        if len(stem) < 2 or min(abs(len(key) - n) for n in lengths) > _LENGTH_SLACK:
            continue
        common = _in_order(key, stem)
        if common >= max(2, _STEM_SHARE * len(stem)):
            share = common / len(stem)
            if share > kept.get(entry.key, (0.0, entry))[0]:
                kept[entry.key] = (share, entry)
    if len(kept) != 1:
        return None
    ((share, entry),) = kept.values()
    return VocabMatch(entry.key, entry.canonical, round(share / 2, 4), False)


def _in_order(text: str, stem: str) -> int:
    """How many characters of `stem` appear in `text` in order (longest common subsequence)."""
    return (len(text) + len(stem) - Indel.distance(text, stem)) // 2


def canonical_level1(text: str | None, under_heading: bool = False) -> VocabMatch | None:
    """产出指标 / 效益指标 / 满意度指标 / 成本指标, tolerant to OCR noise (more so
    `under_heading`, see `Vocabulary.match`)."""
    return _level_match(LEVEL1, text, under_heading)


def canonical_level2(text: str | None, under_heading: bool = False) -> VocabMatch | None:
    """One of the twelve level-2 names (进度指标 → 时效指标, 环境效益指标 → 生态效益指标)."""
    return _level_match(LEVEL2, text, under_heading)
