"""Variant layouts of the project form: a layout drawn at random from the degrees of freedom
that real offices print (issue 13), so the benchmark measures more than three templates.

`draw_spec(record, rng)` returns a `VariantSpec`: every choice is one draw from `rng` (a
`random.Random`), so the same seed and record give the same spec, and `spec.to_dict()` is what
the corpus manifest keeps. `scripts/render/variant_plan.py` turns a record and a spec into a
`FormTable`; `scripts/render/variant_truth.py` says what the reader should give back.

Degrees of freedom (the `DEGREES` names, each varies across a drawn set):
- label synonyms of every header label, funding line, goal and indicator heading;
- header values to the right of their labels, or below them (a row of labels, then a row of
  values);
- the competent department with or without its code (主管部门及代码 / 主管部门);
- the funding unit (万元, 元 or 千元: printed amounts in that unit, truth stays 万元), with or
  without thousands separators (1,234,500.00);
- the title's last word (绩效目标申报表 / 填报表 / 目标表);
- the title inside the frame (first full-width row) or above it; the year line likewise;
- 填报单位 / 填报人 / 填报日期 lines above or below the table;
- indicator blocks side by side, stacked (中期 above 年度) or one annual block alone, the
  block's name in a heading row or in the left column, with or without a horizon word;
- indicator columns: 指标性质 (≥ ≤ = 定性) and 计量单位 in their own columns, 权重, 备注,
  in a drawn order;
- level names with 类 (产出类指标); no 一级指标 column at all (a 二级-only block, as the
  Wuhan 2020 form prints it);
- value formats of a whole value cell: as the seed printed it, with two decimals and the unit
  in parentheses (≥95.00(%), =100.00(%)), or with ≧ / ≦ (U+2267/U+2266) for ≥ / ≤;
- portrait or landscape; the body font size.

Every draw comes from one generator in a fixed order: adding, removing or reordering a draw
here changes every corpus drawn after it, the held-out set of scripts/bench/variants.py
included (it stays a set nobody tuned on, but figures from before the change no longer
describe it: rerun the baseline and say so).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

Record = Mapping[str, Any]

NAME_LABELS = ("项目名称",)
ATTRIBUTE_LABELS = ("项目属性", "项目性质", "项目类型", "项目类别")
DEPARTMENT_LABELS = ("主管部门", "主管单位", "部门名称", "单位名称")
IMPLEMENTING_LABELS = ("实施单位", "项目实施单位")
PERIOD_LABELS = ("项目期", "项目周期", "实施期")
FUNDING_BLOCK_LABELS = ("项目资金", "资金情况", "项目资金申请", "资金投入")
MEDIUM_TOTAL_LABELS = ("中期资金总额", "实施期资金总额", "项目资金总额")
ANNUAL_TOTAL_LABELS = ("年度资金总额", "年度资金申请总额", "当年资金总额", "本年资金总额")
FISCAL_LABELS = ("其中：财政拨款", "其中：财政资金", "其中：当年财政拨款")
OTHER_LABELS = ("其他资金", "其中：其他资金", "自筹资金")
MEDIUM_GOAL_LABELS = ("中期目标", "实施期目标", "长期目标", "项目总目标")
ANNUAL_GOAL_LABELS = ("年度目标", "年度总体目标", "年度绩效目标", "本年度目标")
GOAL_BLOCK_LABELS = ("总体目标", "绩效目标", "项目绩效目标")
INDICATOR_BLOCK_LABELS = ("绩效指标", "项目绩效指标")
LEVEL1_HEADS = ("一级指标",)
LEVEL2_HEADS = ("二级指标",)
NAME_HEADS = ("三级指标", "指标名称", "指标内容", "三级指标名称")
VALUE_HEADS = ("指标值", "预期指标值", "目标值")
OP_HEADS = ("指标性质", "指标符号", "比较符")
UNIT_HEADS = ("计量单位", "度量单位", "单位")
WEIGHT_HEADS = ("权重", "分值", "权重（%）")
NOTE_HEADS = ("备注", "指标说明", "评分标准")
TITLE_PLACES = ("above", "inside")
FILLER_PLACES = ("above", "below")
BLOCK_ARRANGEMENTS = ("side_by_side", "stacked", "annual_only")
BLOCK_NAME_PLACES = ("row", "column")
FUNDING_UNITS = ("万元", "元", "千元")
TITLE_WORDS = ("申报表", "填报表", "目标表")  # the seeds' 绩效目标申报表 printed as …
YEAR_FORMATS = ("（{y}年度）", "{y}年度", "年度：{y}年")
EXTRA_COLUMNS = ("op", "unit", "weight", "note")
VALUE_STYLES = ("plain", "decimals", "geqq")
DEGREES = (
    "labels",
    "header_values_below",
    "department_code",
    "funding_unit",
    "amount_grouping",
    "title_word",
    "title_place",
    "year_place",
    "filler_place",
    "blocks",
    "block_name_place",
    "block_horizon_word",
    "columns",
    "column_order",
    "level_suffix",
    "level1_column",
    "value_style",
    "landscape",
    "body_size",
)


@dataclass(frozen=True)
class VariantSpec:
    """One drawn layout; `labels` maps a role (e.g. "attribute") to its printed label."""

    labels: dict[str, str]
    header_values_below: bool
    department_code: bool
    funding_unit: str
    amount_grouping: bool  # thousands separators in printed amounts
    title_word: str  # what the title's 申报表 is printed as
    title_place: str
    year_place: str
    year_format: str
    filler_place: str
    blocks: str
    block_name_place: str
    block_horizon_word: bool  # the lone block says 年度 (a block without it is annual too)
    columns: tuple[str, ...]  # indicator columns after level1, in order
    level_suffix: bool  # 产出类指标 for 产出指标
    level1_column: bool  # False: no 一级指标 column (the reader infers level1 from level2)
    value_style: str  # how a whole value cell prints a single bound figure (VALUE_STYLES)
    landscape: bool
    body_size: float
    goals_side_by_side: bool

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["columns"] = list(self.columns)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VariantSpec:
        values = dict(data)
        values["columns"] = tuple(values["columns"])
        values["labels"] = dict(values["labels"])
        return cls(**values)


def has_medium_term(record: Record) -> bool:
    indicators = record.get("indicators") or []
    funding = (record.get("funding") or {}).get("medium_term") or {}
    return (
        any(ind.get("period") == "medium_term" for ind in indicators)
        or any(v is not None for v in funding.values())
        or bool((record.get("goals") or {}).get("medium_term"))
    )


def _columns(rng: random.Random, side_by_side: bool) -> tuple[str, ...]:
    """level2, name, then value with its extras in a drawn order (side-by-side blocks keep
    weight and note out: a half-width block has no room for them)."""
    extras = [c for c in EXTRA_COLUMNS if rng.random() < 0.5]
    if side_by_side:
        extras = [c for c in extras if c in ("op", "unit")]
    measured = ["value", *(c for c in extras if c in ("op", "unit"))]
    rng.shuffle(measured)
    tail = [c for c in extras if c in ("weight", "note")]
    rng.shuffle(tail)
    return ("level2", "name", *measured, *tail)


def _labels(rng: random.Random) -> dict[str, str]:
    choices: Sequence[tuple[str, Sequence[str]]] = (
        ("name", NAME_LABELS),
        ("attribute", ATTRIBUTE_LABELS),
        ("department", DEPARTMENT_LABELS),
        ("implementing", IMPLEMENTING_LABELS),
        ("period", PERIOD_LABELS),
        ("funding_block", FUNDING_BLOCK_LABELS),
        ("medium_total", MEDIUM_TOTAL_LABELS),
        ("annual_total", ANNUAL_TOTAL_LABELS),
        ("fiscal", FISCAL_LABELS),
        ("other", OTHER_LABELS),
        ("medium_goal", MEDIUM_GOAL_LABELS),
        ("annual_goal", ANNUAL_GOAL_LABELS),
        ("goal_block", GOAL_BLOCK_LABELS),
        ("indicator_block", INDICATOR_BLOCK_LABELS),
        ("level1_head", LEVEL1_HEADS),
        ("level2_head", LEVEL2_HEADS),
        ("name_head", NAME_HEADS),
        ("value_head", VALUE_HEADS),
        ("op_head", OP_HEADS),
        ("unit_head", UNIT_HEADS),
        ("weight_head", WEIGHT_HEADS),
        ("note_head", NOTE_HEADS),
    )
    return {role: rng.choice(list(options)) for role, options in choices}


def draw_spec(record: Record, rng: random.Random) -> VariantSpec:
    """A layout for `record` drawn from `rng`; a record without medium-term data gets the
    lone annual block (there is nothing to put beside it)."""
    labels = _labels(rng)
    arrangement = rng.choice(BLOCK_ARRANGEMENTS) if has_medium_term(record) else "annual_only"
    columns = _columns(rng, arrangement == "side_by_side")
    width = 2 + len(columns) * (2 if arrangement == "side_by_side" else 1)  # at most
    return VariantSpec(
        labels=labels,
        header_values_below=rng.random() < 0.3,
        department_code=rng.random() < 0.5,
        funding_unit=rng.choice(FUNDING_UNITS),
        amount_grouping=rng.random() < 0.4,
        title_word=rng.choice(TITLE_WORDS),
        title_place=rng.choice(TITLE_PLACES),
        year_place=rng.choice(TITLE_PLACES),
        year_format=rng.choice(YEAR_FORMATS),
        filler_place=rng.choice(FILLER_PLACES),
        blocks=arrangement,
        block_name_place=rng.choice(BLOCK_NAME_PLACES),
        block_horizon_word=rng.random() < 0.5,
        columns=columns,
        level_suffix=rng.random() < 0.35,
        # without it a three-column block would leave the header rows too few columns
        level1_column=rng.random() < 0.8 or len(columns) < 4,
        value_style=rng.choice(VALUE_STYLES),
        # wide tables go landscape; the others either way
        landscape=width >= 8 or rng.random() < 0.3,
        body_size=rng.choice((9.0, 10.0, 10.5)),
        goals_side_by_side=rng.random() < 0.5,
    )
