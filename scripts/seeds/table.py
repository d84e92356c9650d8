"""Where the indicator table starts, which family it is, and the cells of its rows.

Two families: the 8-column project form (一级 | 二级 三级 指标值 for the medium term | 二级 三级
指标值 for the year; the year side shares the 一级 column) and the 5-column annual-only form.

A row is read from its non-empty cells, not from tab positions, because the OCR drops the
empty cells of vertical merges and pads rows at the end. Cells are tokens: level names
(anchors) and texts. Texts come in (三级指标, 指标值) pairs; level anchors before a pair say
which level it sits under; a level-2 anchor between two pairs separates medium from annual.
Tab positions are only consulted where the anchors leave two readings open, and a row that
stays ambiguous raises SeedConversionError instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scripts.seeds.cells import Kind, Row, Token, classify, is_ellipsis, label_of
from scripts.seeds.split import SeedConversionError

Period = Literal["medium_term", "annual"]
MEDIUM: Period = "medium_term"
ANNUAL: Period = "annual"
_HEADER_KEYS = ("level1_header", "level2_header", "level3_header", "value_header")
# A truncated "一级指标" header printed as just "指标" (seen where the column is narrow).
_TRUNCATED_LEVEL1_HEADER = "指标"


@dataclass(frozen=True)
class IndicatorHeader:
    line: int
    level1: int  # cell index of 一级指标
    level2: tuple[int, ...]  # one per period, medium first
    level3: tuple[int, ...]
    value: tuple[int, ...]

    @property
    def periods(self) -> tuple[Period, ...]:
        return (MEDIUM, ANNUAL) if len(self.level2) == 2 else (ANNUAL,)


def read_indicator_header(row: Row) -> IndicatorHeader | None:
    """The header row's columns, None when the row is not an indicator header at all."""
    keys = [(index, label_of(text)) for index, text in row.filled]
    found = [(index, m.key) for index, m in keys if m is not None and m.key in _HEADER_KEYS]
    if len({key for _, key in found}) < 2:
        return None
    columns: dict[str, list[int]] = {key: [] for key in _HEADER_KEYS}
    for index, match in keys:
        if match is not None and match.key in _HEADER_KEYS:
            columns[match.key].append(index)
        elif match is not None and match.key == "indicators":
            continue
        elif row.cells[index] == _TRUNCATED_LEVEL1_HEADER and not columns["level2_header"]:
            columns["level1_header"].append(index)
        else:
            raise SeedConversionError(
                f"line {row.line}: indicator header has a cell {row.cells[index]!r} that is not "
                "a column name (unsupported table layout)"
            )
    level2, level3 = columns["level2_header"], columns["level3_header"]
    if len(columns["level1_header"]) != 1:
        raise SeedConversionError(f"line {row.line}: indicator header has no 一级指标 column")
    if len(level2) not in (1, 2) or len(level3) != len(level2):
        raise SeedConversionError(
            f"line {row.line}: indicator header has {len(level2)} 二级指标 and "
            f"{len(level3)} 三级指标 columns"
        )
    values = columns["value_header"]
    if len(values) != len(level3):  # a header cut off at the right edge: value follows name
        values = [column + 1 for column in level3]
    return IndicatorHeader(
        row.line, columns["level1_header"][0], tuple(level2), tuple(level3), tuple(values)
    )


def row_tokens(row: Row) -> list[Token]:
    tokens = []
    for index, text in row.filled:
        label = label_of(text)
        if label is not None and label.key == "indicators":
            continue  # the vertical "绩效指标" caption, pushed into the row by the OCR
        if label is not None and label.key in _HEADER_KEYS:
            raise SeedConversionError(f"line {row.line}: a second indicator header row")
        if not is_ellipsis(text):
            tokens.append(classify(index, text))
    return tokens


def _runs(tokens: Sequence[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and runs[-1][0].is_label == token.is_label:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _demote_repeated_names(runs: list[list[Token]]) -> list[list[Token]] | None:
    """Runs where a level name standing in for a 三级指标 name is read as text, or None.

    "服务对象满意度指标 | 服务对象满意度 | ≥98% | 服务对象满意度指标 | 服务对象满意度 | ≥98%":
    the second and fifth cells are names that happen to be level names. Only taken when it
    turns the row into two complete (name, value) pairs; otherwise the row is left alone.
    """
    demoted = [list(run) for run in runs]
    for position in range(1, len(demoted)):
        texts, labels = demoted[position], demoted[position - 1]
        if (
            not texts[0].is_label
            and len(texts) == 1
            and len(labels) >= 2
            and labels[-1].can_be_level2
            and labels[-2].is_label
        ):
            texts.insert(0, labels.pop().as_text())
    text_runs = [run for run in demoted if not run[0].is_label]
    return demoted if len(text_runs) == 2 and all(len(r) == 2 for r in text_runs) else None


def _merge_doubled_labels(runs: list[list[Token]]) -> None:
    """One level cell the OCR wrote into two neighbouring columns ("质量指标 | 质量指标")."""
    for position, labels in enumerate(runs[:-1]):
        if not labels[0].is_label:
            continue
        for index in range(len(labels) - 1, 0, -1):
            current, before = labels[index], labels[index - 1]
            doubled = current.text == before.text and current.index == before.index + 1
            if doubled and current.kind is Kind.LEVEL2:
                del labels[index - 1]
        runs[position] = labels


def shape(tokens: Sequence[Token]) -> list[list[Token]]:
    """Runs of labels and texts, after the two OCR repairs above."""
    runs = _runs(tokens)
    runs = _demote_repeated_names(runs) or runs
    _merge_doubled_labels(runs)
    return runs
