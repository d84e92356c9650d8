"""Variant department forms: the 部门整体 form with a budget block (预算整体情况) drawn at random,
so the benchmark measures how the reader takes a department's budget by its structure.

`draw_department_spec(rng)` draws a `DepartmentSpec`; `build_department_table(record, spec)`
lays the record out. The budget block holds the record's task amounts summed by kind of
spending (基本支出, 项目支出: the tasks' categories) and by source (财政拨款: the tasks' fiscal
share, 其他资金: their transfers), so its totals are the record's annual funding exactly and
the truth is the record itself. Degrees of freedom (`DEPARTMENT_DEGREES`):
- shape: a matrix with kinds down the side and sources across, the same transposed, or two
  label-amount lists side by side (部门预算支出 | 预算金额 ; 收入来源 | 预算金额: as 湛江);
- the block's label, and the words for the sources and the totals;
- the order of the kinds and of the sources, a 合计 line for each axis or none, first or last;
- the unit (万元, 元, 千元) in the block's label or in its amount headings; thousands grouped;
- the task table with or without its 金额合计 row.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from scripts.render.plan import _department, _section, department_task_rows
from scripts.render.table import FormTable, TableBuilder
from scripts.render.variant_plan import printed_amount
from scripts.render.variants import FUNDING_UNITS

Record = Mapping[str, Any]
DEPARTMENT_VARIANT = "department"  # a drawn spec's "form"
SHAPES = ("matrix", "transposed", "lists")
BLOCK_LABELS = ("预算整体情况", "部门预算情况", "年度预算安排", "部门收支预算")
FISCAL_WORDS = ("财政拨款", "一般公共预算拨款", "财政资金")
OTHER_WORDS = ("其他资金", "其他收入")
TOTAL_WORDS = ("合计", "总计")
DEPARTMENT_DEGREES = ("shape", "block_label", "fiscal_word", "other_word", "total_word",
                      "kinds_reversed", "sources_reversed", "kind_total", "source_total",
                      "totals_first", "unit", "unit_in_label", "grouping", "task_sums")  # fmt: skip
_KINDS = ("基本支出", "项目支出")


@dataclass(frozen=True)
class DepartmentSpec:
    shape: str
    block_label: str
    fiscal_word: str
    other_word: str
    total_word: str
    kinds_reversed: bool
    sources_reversed: bool
    kind_total: bool  # a 合计 line over the kinds of spending
    source_total: bool  # a 合计 line over the sources
    totals_first: bool
    unit: str
    unit_in_label: bool
    grouping: bool
    task_sums: bool  # the task table prints its 金额合计 row
    form: str = DEPARTMENT_VARIANT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DepartmentSpec:
        return cls(**dict(data))


def draw_department_spec(rng: random.Random) -> DepartmentSpec:
    return DepartmentSpec(
        shape=rng.choice(SHAPES),
        block_label=rng.choice(BLOCK_LABELS),
        fiscal_word=rng.choice(FISCAL_WORDS),
        other_word=rng.choice(OTHER_WORDS),
        total_word=rng.choice(TOTAL_WORDS),
        kinds_reversed=rng.random() < 0.3,
        sources_reversed=rng.random() < 0.3,
        kind_total=rng.random() < 0.6,
        source_total=rng.random() < 0.6,
        totals_first=rng.random() < 0.3,
        unit=rng.choice(FUNDING_UNITS),
        unit_in_label=rng.random() < 0.5,
        grouping=rng.random() < 0.3,
        task_sums=rng.random() < 0.5,
    )


def _sums(record: Record) -> dict[tuple[str, str], float | None]:
    """Amount (万元) by (kind, source), "合计" for either axis's total; None where no task
    has any (the form leaves the cell blank)."""
    tasks = list(record.get("tasks") or [])
    sums: dict[tuple[str, str], float | None] = {}
    for kind in (*_KINDS, "合计"):
        chosen = [t for t in tasks if kind == "合计" or t.get("category") == kind]
        for source, key in (("fiscal", "fiscal"), ("other", "transfer"), ("合计", "total")):
            figures = [float(t[key]) for t in chosen if t.get(key) is not None]
            sums[(kind, source)] = round(sum(figures), 6) if figures else None
    return sums


def _lines(spec: DepartmentSpec) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(printed word, key) of the kinds and of the sources, in the drawn order."""
    kinds = [(k, k) for k in (reversed(_KINDS) if spec.kinds_reversed else _KINDS)]
    sources = [(spec.fiscal_word, "fiscal"), (spec.other_word, "other")]
    if spec.sources_reversed:
        sources.reverse()
    for wanted, line in ((spec.kind_total, kinds), (spec.source_total, sources)):
        if wanted:
            line.insert(0 if spec.totals_first else len(line), (spec.total_word, "合计"))
    return kinds, sources


def _spans(count: int, width: int = 4) -> list[int]:
    """Column spans of `count` cells sharing `width` columns."""
    base, extra = divmod(width, count)
    return [base + (1 if i >= count - extra else 0) for i in range(count)]


def _budget_rows(b: TableBuilder, record: Record, spec: DepartmentSpec) -> None:
    sums = _sums(record)
    kinds, sources = _lines(spec)
    unit_note = f"（{spec.unit}）"
    label = spec.block_label + (unit_note if spec.unit_in_label else "")
    amount_head = "预算金额" + ("" if spec.unit_in_label else unit_note)

    def amount(kind: str, source: str) -> str:
        return printed_amount(sums[(kind, source)], spec.unit, spec.grouping)

    top = b.row
    if spec.shape == "lists":
        for col, text in ((1, "部门预算支出"), (2, amount_head), (3, "收入来源"), (4, amount_head)):
            b.add(col, text, colspan=2 if col == 4 else 1, bold=True)
        b.next_row()
        for k in range(max(len(kinds), len(sources))):
            kind = kinds[k] if k < len(kinds) else None
            source = sources[k] if k < len(sources) else None
            b.add(1, kind[0] if kind else "")
            b.add(2, amount(kind[1], "合计") if kind else "")
            b.add(3, source[0] if source else "")
            b.add(4, amount("合计", source[1]) if source else "", colspan=2)
            b.next_row()
    else:
        down, across = (kinds, sources) if spec.shape == "matrix" else (sources, kinds)
        spans = _spans(len(across))
        b.add(1, "项目" if spec.unit_in_label else f"项目{unit_note}", bold=True)
        col = 2
        for (word, _), span in zip(across, spans, strict=True):
            b.add(col, word, colspan=span, bold=True)
            col += span
        b.next_row()
        for word, key in down:
            b.add(1, word)
            col = 2
            for (_, other), span in zip(across, spans, strict=True):
                kind, source = (key, other) if spec.shape == "matrix" else (other, key)
                b.add(col, amount(kind, source), colspan=span)
                col += span
            b.next_row()
    b.put(top, 0, label, rowspan=b.row - top, bold=True)


def build_department_table(record: Record, spec: DepartmentSpec) -> FormTable:
    """The 部门整体 form of `record` with the drawn budget block under the department's name."""
    b = TableBuilder(6)
    b.add(0, "部门(单位名称)", bold=True)
    b.add(1, _department(_section(record, "project")), colspan=5)
    b.next_row()
    _budget_rows(b, record, spec)
    return department_task_rows(b, record, task_sums=spec.task_sums)


def spec_degrees(specs: Sequence[DepartmentSpec]) -> dict[str, int]:
    """How many values each degree took over `specs` (a drawn set should vary in each)."""
    return {name: len({getattr(s, name) for s in specs}) for name in DEPARTMENT_DEGREES}
